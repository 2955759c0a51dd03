//! Name pools per culture and the ways agencies write the same name differently.
//!
//! [`Culture`] picks a pool; [`NameParts`] is a person's name as static pieces (no allocation per
//! person); [`NameParts::canonical`] is the passport spelling immigration uses, and
//! [`NameParts::render_noisy`] the spelling of a clerk elsewhere (order, dropped middle names,
//! initials, transliteration, particles, accents, case, spaces, one-edit typos). A noisy name is
//! never a *different* name: that is the planted `name_mismatch` conflict, made by drawing a new
//! [`NameParts`].

use super::noise::{extra_spaces, pick, strip_accents, title_case, typo, GenRng, Rates};
use rand::Rng;

/// Which naming convention a nationality uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Culture {
    Chinese,
    Korean,
    Japanese,
    Anglo,
    Dutch,
    German,
    French,
    Russian,
    Malay,
    Italian,
    Portuguese,
    Indian,
}

/// A name as pieces from the static pools. `first`/`second` are the given names (for Chinese and
/// Korean the two syllables of the given name); `family` is the family name (for Malay names the
/// father's name, joined by BIN/BINTI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameParts {
    pub culture: Culture,
    pub female: bool,
    pub first: &'static str,
    pub second: Option<&'static str>,
    pub family: &'static str,
}

struct Pool {
    male: &'static [&'static str],
    female: &'static [&'static str],
    male_second: &'static [&'static str],
    female_second: &'static [&'static str],
    family: &'static [&'static str],
    family_female: &'static [&'static str],
    /// Probability of a second given name / syllable.
    second_p: f64,
}

const CHINESE: Pool = Pool {
    male: &[
        "WEI", "JUN", "JIAN", "MING", "HAO", "QIANG", "LEI", "TAO", "FENG", "YONG", "BO", "GANG",
        "CHAO", "ZHI", "XIAO",
    ],
    female: &[
        "LI", "NA", "FANG", "JING", "YAN", "MEI", "XIU", "YING", "LING", "HUI", "XIAO", "LAN",
    ],
    male_second: &[
        "MING", "WEI", "JUN", "HUA", "LONG", "PENG", "HUI", "GUO", "QIANG", "YU",
    ],
    female_second: &[
        "HONG", "YAN", "LING", "MEI", "JUAN", "XIA", "NA", "TING", "YU",
    ],
    family: &[
        "WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN",
        "MA", "ZHU", "HU", "GUO", "HE", "LIN", "GAO", "LUO", "ZHENG", "LIANG", "XIE", "TANG",
        "HAN", "FENG", "DENG", "CAO",
    ],
    family_female: &[],
    second_p: 0.7,
};
const KOREAN: Pool = Pool {
    male: &[
        "MIN", "JI", "SEUNG", "HYUN", "JUN", "DONG", "SUNG", "YOUNG", "JAE", "SANG",
    ],
    female: &["JI", "SEO", "EUN", "HYE", "SU", "MIN", "YEON", "HA", "SO"],
    male_second: &["JUN", "HO", "WOO", "SOO", "HYUK", "MIN", "HOON", "SEOK"],
    female_second: &["YEON", "JIN", "YOUNG", "HEE", "AH", "BIN", "KYUNG"],
    family: &[
        "KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM", "HAN", "SHIN",
    ],
    family_female: &[],
    second_p: 0.95,
};
const JAPANESE: Pool = Pool {
    male: &[
        "HIROSHI", "TAKESHI", "KENJI", "DAISUKE", "SHOTA", "YUSUKE", "KAZUKI", "RYO", "TAKUYA",
    ],
    female: &[
        "YUKI", "AKIKO", "HARUKA", "MISAKI", "AYAKA", "NAOMI", "YUMI", "SAKURA",
    ],
    male_second: &[],
    female_second: &[],
    family: &[
        "TANAKA",
        "SATO",
        "SUZUKI",
        "TAKAHASHI",
        "WATANABE",
        "ITO",
        "YAMAMOTO",
        "NAKAMURA",
        "KOBAYASHI",
        "KATO",
        "YOSHIDA",
    ],
    family_female: &[],
    second_p: 0.0,
};
const ANGLO: Pool = Pool {
    male: &[
        "JOHN",
        "JAMES",
        "MICHAEL",
        "DAVID",
        "PETER",
        "ANDREW",
        "MATTHEW",
        "DANIEL",
        "THOMAS",
        "WILLIAM",
        "BENJAMIN",
        "LUKE",
        "JACK",
        "ROBERT",
        "CHRISTOPHER",
        "MARK",
        "STEVEN",
        "NICHOLAS",
    ],
    female: &[
        "SARAH",
        "EMMA",
        "JESSICA",
        "EMILY",
        "CHLOE",
        "OLIVIA",
        "REBECCA",
        "KATE",
        "LAURA",
        "MEGAN",
        "HANNAH",
        "ELIZABETH",
        "AMANDA",
    ],
    male_second: &[
        "PAUL",
        "JAMES",
        "ALEXANDER",
        "EDWARD",
        "LEE",
        "JOHN",
        "MICHAEL",
        "ROBERT",
    ],
    female_second: &[
        "ANNE",
        "LOUISE",
        "MARIE",
        "ROSE",
        "JANE",
        "ELIZABETH",
        "GRACE",
    ],
    family: &[
        "SMITH", "JONES", "WILLIAMS", "BROWN", "TAYLOR", "WILSON", "JOHNSON", "MARTIN", "THOMPSON",
        "WHITE", "ANDERSON", "CAMPBELL", "KELLY", "O'BRIEN", "MCDONALD", "ROBINSON", "WALKER",
        "HARRIS", "CLARKE", "MITCHELL", "MILLER", "DAVIS", "GARCIA", "HUGHES", "EVANS", "MURPHY",
    ],
    family_female: &[],
    second_p: 0.6,
};
const DUTCH: Pool = Pool {
    male: &[
        "JAN", "PIETER", "DAAN", "SEM", "THIJS", "BRAM", "JOOST", "MAARTEN", "WILLEM", "HENDRIK",
        "RUUD",
    ],
    female: &[
        "ANNA", "SANNE", "FLEUR", "LOTTE", "EVA", "INGE", "MAAIKE", "ANOUK", "ELS",
    ],
    male_second: &["WILLEM", "JOHANNES", "CORNELIS", "HENDRIK", "JAN"],
    female_second: &["MARIA", "JOHANNA", "CORNELIA", "ELISABETH"],
    family: &[
        "VAN DER BERG",
        "DE JONG",
        "JANSEN",
        "VAN DIJK",
        "BAKKER",
        "VISSER",
        "DE VRIES",
        "VAN DEN BOSCH",
        "SMIT",
        "VAN DER MEER",
        "MEIJER",
        "TER HORST",
        "VAN LEEUWEN",
        "DE BOER",
        "MULDER",
        "VAN DER LINDEN",
    ],
    family_female: &[],
    second_p: 0.5,
};
const GERMAN: Pool = Pool {
    male: &[
        "KLAUS", "JÜRGEN", "STEFAN", "MICHAEL", "THOMAS", "ANDREAS", "JÖRG", "LUKAS", "MATTHIAS",
        "UWE", "FLORIAN",
    ],
    female: &[
        "SABINE", "JULIA", "KATRIN", "BÄRBEL", "ANNA", "SUSANNE", "MONIKA", "JÜLIA", "LENA",
    ],
    male_second: &["PETER", "JOHANNES", "MARIA", "FRIEDRICH"],
    female_second: &["MARIA", "ELISABETH", "CHRISTINE"],
    family: &[
        "MÜLLER",
        "SCHRÖDER",
        "SCHMIDT",
        "SCHNEIDER",
        "FISCHER",
        "WEBER",
        "MEYER",
        "WAGNER",
        "BECKER",
        "KRÜGER",
        "HOFFMANN",
        "SCHÄFER",
        "KÖHLER",
        "VON ESSEN",
        "BRÄUER",
        "KOCH",
    ],
    family_female: &[],
    second_p: 0.35,
};
const FRENCH: Pool = Pool {
    male: &[
        "FRANÇOIS",
        "JÉRÔME",
        "MICHEL",
        "PIERRE",
        "JULIEN",
        "THÉO",
        "ANTOINE",
        "NICOLAS",
        "SÉBASTIEN",
    ],
    female: &[
        "HÉLÈNE", "CÉLINE", "MARIE", "CLAIRE", "AMÉLIE", "CHLOÉ", "ISABELLE", "SOPHIE",
    ],
    male_second: &["LOUIS", "MARIE", "ANDRÉ", "XAVIER"],
    female_second: &["ANNE", "LOUISE", "HÉLÈNE", "MARIE"],
    family: &[
        "LEFÈVRE",
        "DUPONT",
        "MARTIN",
        "BERNARD",
        "GIRARD",
        "MOREAU",
        "LAURENT",
        "DE LA FONTAINE",
        "DUBOIS",
        "ROUSSEAU",
        "FAURE",
        "MERCIER",
        "BOUCHÉ",
    ],
    family_female: &[],
    second_p: 0.4,
};
const RUSSIAN: Pool = Pool {
    male: &[
        "SERGEY",
        "ALEKSANDR",
        "DMITRIY",
        "YURIY",
        "MIKHAIL",
        "ANDREY",
        "IVAN",
        "NIKOLAY",
        "ALEKSEY",
    ],
    female: &[
        "TATYANA",
        "NATALYA",
        "OLGA",
        "YELENA",
        "ANASTASIYA",
        "IRINA",
        "SVETLANA",
        "YULIYA",
    ],
    male_second: &[],
    female_second: &[],
    family: &[
        "IVANOV",
        "SMIRNOV",
        "KUZNETSOV",
        "POPOV",
        "SOKOLOV",
        "VOLKOV",
        "KHARITONOV",
        "MOROZOV",
        "PETROV",
    ],
    family_female: &[
        "IVANOVA",
        "SMIRNOVA",
        "KUZNETSOVA",
        "POPOVA",
        "SOKOLOVA",
        "VOLKOVA",
        "KHARITONOVA",
        "MOROZOVA",
        "PETROVA",
    ],
    second_p: 0.0,
};
const MALAY: Pool = Pool {
    male: &[
        "MUHAMMAD",
        "AHMAD",
        "MUHAMMAD",
        "ABDUL RAHMAN",
        "MUHAMMAD",
        "ISMAIL",
    ],
    female: &["SITI", "NUR", "NURUL", "SITI"],
    male_second: &[
        "HAFIZ", "FAIZAL", "AMIRUL", "IRFAN", "HAKIM", "RIDZUAN", "ZULKIFLI", "AZMAN", "FIRDAUS",
    ],
    female_second: &[
        "AMINAH", "AISYAH", "FATIMAH", "HIDAYAH", "NABILAH", "SYAFIQAH",
    ],
    family: &[
        "ISMAIL",
        "ABDULLAH",
        "HASSAN",
        "OTHMAN",
        "YUSOF",
        "ABDUL RAHMAN",
        "IBRAHIM",
        "MUHAMMAD",
        "SULAIMAN",
    ],
    family_female: &[],
    second_p: 0.9,
};
const ITALIAN: Pool = Pool {
    male: &[
        "MARCO",
        "LUCA",
        "GIUSEPPE",
        "ALESSANDRO",
        "GIOVANNI",
        "MATTEO",
        "ANDREA",
    ],
    female: &[
        "GIULIA",
        "FRANCESCA",
        "CHIARA",
        "SOFIA",
        "ELENA",
        "VALENTINA",
    ],
    male_second: &["MARIA", "ANTONIO", "PAOLO"],
    female_second: &["MARIA", "ROSA"],
    family: &[
        "ROSSI",
        "RUSSO",
        "FERRARI",
        "ESPOSITO",
        "BIANCHI",
        "ROMANO",
        "DI STEFANO",
        "DE LUCA",
        "COLOMBO",
        "RICCI",
    ],
    family_female: &[],
    second_p: 0.2,
};
const PORTUGUESE: Pool = Pool {
    male: &[
        "JOÃO",
        "JOSÉ",
        "ANTÓNIO",
        "FRANCISCO",
        "MANUEL",
        "AGOSTINHO",
    ],
    female: &["MARIA", "ANA", "JOANA", "FILOMENA", "ROSA"],
    male_second: &["DE JESUS", "MARIA", "PAULO"],
    female_second: &["DE FÁTIMA", "DA CONCEIÇÃO", "DOS REIS"],
    family: &[
        "DA SILVA",
        "DOS SANTOS",
        "XIMENES",
        "SOARES",
        "DA COSTA",
        "PEREIRA",
        "BELO",
        "GUTERRES",
        "FREITAS",
    ],
    family_female: &[],
    second_p: 0.5,
};
const INDIAN: Pool = Pool {
    male: &[
        "RAJESH", "AMIT", "SURESH", "VIKRAM", "ARJUN", "RAHUL", "SANJAY",
    ],
    female: &["PRIYA", "ANJALI", "SUNITA", "DEEPA", "KAVITA", "POOJA"],
    male_second: &["KUMAR", "PRASAD", "LAL"],
    female_second: &["DEVI", "KUMARI"],
    family: &[
        "SHARMA", "PATEL", "SINGH", "GUPTA", "REDDY", "NAIR", "IYER", "MEHTA",
    ],
    family_female: &[],
    second_p: 0.5,
};

fn pool(c: Culture) -> &'static Pool {
    match c {
        Culture::Chinese => &CHINESE,
        Culture::Korean => &KOREAN,
        Culture::Japanese => &JAPANESE,
        Culture::Anglo => &ANGLO,
        Culture::Dutch => &DUTCH,
        Culture::German => &GERMAN,
        Culture::French => &FRENCH,
        Culture::Russian => &RUSSIAN,
        Culture::Malay => &MALAY,
        Culture::Italian => &ITALIAN,
        Culture::Portuguese => &PORTUGUESE,
        Culture::Indian => &INDIAN,
    }
}

/// Transliteration variants clerks use for the same token (domain.md §3.1).
fn translit(token: &str) -> &'static [&'static str] {
    match token {
        "MUHAMMAD" => &["MOHAMMED", "MUHAMAD", "MOHAMMAD", "MOHD", "MOHAMED"],
        "ABDUL RAHMAN" => &["ABDURRAHMAN", "ABD RAHMAN", "ABDEL RAHMAN"],
        "SERGEY" => &["SERGEI"],
        "YURIY" => &["YURI", "IURII"],
        "ALEKSANDR" => &["ALEXANDER"],
        "DMITRIY" => &["DMITRY", "DMITRII"],
        "ANDREY" => &["ANDREI"],
        "NIKOLAY" => &["NIKOLAI"],
        "ALEKSEY" => &["ALEXEY", "ALEKSEI"],
        "TATYANA" => &["TATIANA"],
        "NATALYA" => &["NATALIA"],
        "YELENA" => &["ELENA"],
        "ANASTASIYA" => &["ANASTASIA"],
        "YULIYA" => &["YULIA", "IULIIA"],
        "KHARITONOV" => &["HARITONOV"],
        "KHARITONOVA" => &["HARITONOVA"],
        _ => &[],
    }
}

impl NameParts {
    /// Draws a name of `culture` and sex.
    pub(crate) fn random(rng: &mut GenRng, culture: Culture, female: bool) -> NameParts {
        let p = pool(culture);
        let first = pick(rng, if female { p.female } else { p.male });
        let seconds = if female {
            p.female_second
        } else {
            p.male_second
        };
        let second = if !seconds.is_empty() && rng.random_bool(p.second_p) {
            let s = pick(rng, seconds);
            (s != first).then_some(s)
        } else {
            None
        };
        let family = if female && !p.family_female.is_empty() {
            pick(rng, p.family_female)
        } else {
            pick(rng, p.family)
        };
        NameParts {
            culture,
            female,
            first,
            second,
            family,
        }
    }

    fn family_first(&self) -> bool {
        matches!(
            self.culture,
            Culture::Chinese | Culture::Korean | Culture::Japanese
        )
    }

    fn connector(&self) -> &'static str {
        if self.female {
            "BINTI"
        } else {
            "BIN"
        }
    }

    /// The passport spelling (immigration's): `WANG XIAOMING`, `KIM MINJUN`, `JOHN PAUL SMITH`,
    /// `MUHAMMAD HAFIZ BIN ISMAIL`.
    pub(crate) fn canonical(&self, out: &mut String) {
        if self.family_first() {
            out.push_str(self.family);
            out.push(' ');
            out.push_str(self.first);
            if let Some(s) = self.second {
                out.push_str(s);
            }
            return;
        }
        out.push_str(self.first);
        if let Some(s) = self.second {
            out.push(' ');
            out.push_str(s);
        }
        out.push(' ');
        if self.culture == Culture::Malay {
            out.push_str(self.connector());
            out.push(' ');
        }
        out.push_str(self.family);
    }

    /// Writes the name as a clerk of another agency would. `accents` is the probability of keeping
    /// diacritics (1.0 for a UTF-8 register, low for hand-typed lists).
    pub(crate) fn render_noisy(
        &self,
        rng: &mut GenRng,
        rates: &Rates,
        keep_accents: f64,
        out: &mut String,
    ) {
        let mut raw = String::with_capacity(40);
        let translit_first = rates.hit(rng, 0.25);
        let first: &str = {
            let v = translit(self.first);
            if translit_first && !v.is_empty() {
                pick(rng, v)
            } else {
                self.first
            }
        };
        let family: &str = {
            let v = translit(self.family);
            if translit_first && !v.is_empty() {
                pick(rng, v)
            } else {
                self.family
            }
        };
        if self.family_first() {
            let split = rates.hit(rng, 0.08);
            let given_first = rates.hit(rng, 0.10);
            let hyphen = self.culture == Culture::Korean && rates.hit(rng, 0.3);
            let mut given = String::with_capacity(16);
            given.push_str(first);
            if let Some(s) = self.second {
                if hyphen {
                    given.push('-');
                } else if split {
                    given.push(' ');
                }
                given.push_str(s);
            }
            if given_first {
                raw.push_str(&given);
                raw.push(' ');
                raw.push_str(family);
            } else {
                raw.push_str(family);
                raw.push(' ');
                raw.push_str(&given);
            }
        } else {
            let drop_second = self.second.is_some() && rates.hit(rng, 0.12);
            let initials = rates.hit(rng, 0.03);
            let comma = !initials && rates.hit(rng, 0.05);
            let family_s = self.family_variant(rng, rates, family);
            let mut given = String::with_capacity(24);
            let push_given = |g: &mut String, tok: &str| {
                if !g.is_empty() {
                    g.push(' ');
                }
                if initials {
                    if let Some(c) = tok.chars().next() {
                        g.push(c);
                        g.push('.');
                    }
                } else {
                    g.push_str(tok);
                }
            };
            push_given(&mut given, first);
            if let Some(s) = self.second {
                if !drop_second {
                    push_given(&mut given, s);
                }
            }
            let drop_bin = self.culture == Culture::Malay && rates.hit(rng, 0.15);
            let bin = if self.culture == Culture::Malay && !drop_bin {
                if self.female && rates.hit(rng, 0.3) {
                    "BT"
                } else {
                    self.connector()
                }
            } else {
                ""
            };
            if comma {
                raw.push_str(&family_s);
                raw.push_str(", ");
                // "SMITH, John Paul": the family name in capitals, the given names as typed.
                if rng.random_bool(0.5) {
                    title_case(&given, &mut raw);
                } else {
                    raw.push_str(&given);
                }
            } else {
                raw.push_str(&given);
                raw.push(' ');
                if !bin.is_empty() {
                    raw.push_str(bin);
                    raw.push(' ');
                }
                raw.push_str(&family_s);
            }
        }
        // Accents: keep, fold to the bare letter, or expand umlauts (MUELLER).
        let mut folded = String::with_capacity(raw.len() + 4);
        if raw.is_ascii() || rng.random_bool(keep_accents.clamp(0.0, 1.0)) {
            folded.push_str(&raw);
        } else {
            strip_accents(&raw, rng.random_bool(0.3), &mut folded);
        }
        if rates.hit(rng, 0.03) {
            typo(rng, &mut folded);
        }
        if rates.hit(rng, 0.02) {
            extra_spaces(rng, &mut folded);
        }
        if rates.hit(rng, 0.03) {
            title_case(&folded, out);
        } else if rates.hit(rng, 0.01) {
            out.extend(folded.chars().flat_map(char::to_lowercase));
        } else {
            out.push_str(&folded);
        }
    }

    /// Particles written joined (VANDERBERG), dropped (BERG) or moved behind (BERG VAN DER).
    fn family_variant(&self, rng: &mut GenRng, rates: &Rates, family: &str) -> String {
        const PARTICLES: [&str; 9] = [
            "VAN DER ", "VAN DEN ", "VAN ", "DE LA ", "DE ", "TER ", "VON ", "DI ", "DA ",
        ];
        let particle = PARTICLES.iter().find(|p| family.starts_with(**p));
        match particle {
            Some(p) if rates.hit(rng, 0.2) => {
                let rest = family.get(p.len()..).unwrap_or(family);
                match rng.random_range(0..3u8) {
                    0 => family.replace(' ', ""),
                    1 => rest.to_string(),
                    _ => format!("{rest} {}", p.trim_end()),
                }
            }
            _ => family.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::NoiseLevel;
    use rand::SeedableRng;

    #[test]
    fn canonical_spellings() {
        let cases = [
            (
                NameParts {
                    culture: Culture::Chinese,
                    female: false,
                    first: "XIAO",
                    second: Some("MING"),
                    family: "WANG",
                },
                "WANG XIAOMING",
            ),
            (
                NameParts {
                    culture: Culture::Korean,
                    female: false,
                    first: "MIN",
                    second: Some("JUN"),
                    family: "KIM",
                },
                "KIM MINJUN",
            ),
            (
                NameParts {
                    culture: Culture::Anglo,
                    female: false,
                    first: "JOHN",
                    second: Some("PAUL"),
                    family: "SMITH",
                },
                "JOHN PAUL SMITH",
            ),
            (
                NameParts {
                    culture: Culture::Malay,
                    female: false,
                    first: "MUHAMMAD",
                    second: Some("HAFIZ"),
                    family: "ISMAIL",
                },
                "MUHAMMAD HAFIZ BIN ISMAIL",
            ),
            (
                NameParts {
                    culture: Culture::Malay,
                    female: true,
                    first: "SITI",
                    second: None,
                    family: "ALI",
                },
                "SITI BINTI ALI",
            ),
            (
                NameParts {
                    culture: Culture::Dutch,
                    female: true,
                    first: "ANNA",
                    second: None,
                    family: "VAN DER BERG",
                },
                "ANNA VAN DER BERG",
            ),
            (
                NameParts {
                    culture: Culture::German,
                    female: false,
                    first: "JÜRGEN",
                    second: None,
                    family: "MÜLLER",
                },
                "JÜRGEN MÜLLER",
            ),
        ];
        for (parts, expected) in cases {
            let mut s = String::new();
            parts.canonical(&mut s);
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn noisy_names_stay_recognisable() {
        // Every noisy rendering keeps the family name's last word within two edits (one typo plus
        // one transliteration), possibly glued to a particle (VANDERBERG).
        let mut rng = GenRng::seed_from_u64(3);
        let rates = Rates::new(NoiseLevel::High);
        let cultures = [
            Culture::Chinese,
            Culture::Korean,
            Culture::Japanese,
            Culture::Anglo,
            Culture::Dutch,
            Culture::German,
            Culture::French,
            Culture::Russian,
            Culture::Malay,
            Culture::Italian,
            Culture::Portuguese,
            Culture::Indian,
        ];
        let fold = |s: &str| {
            let mut out = String::new();
            strip_accents(&s.to_uppercase(), false, &mut out);
            out
        };
        for culture in cultures {
            for i in 0..300 {
                let parts = NameParts::random(&mut rng, culture, i % 2 == 0);
                let mut noisy = String::new();
                parts.render_noisy(&mut rng, &rates, 0.5, &mut noisy);
                let noisy = fold(&noisy);
                let family = fold(parts.family);
                let last = family.split(' ').next_back().unwrap_or("");
                let joined = family.replace(' ', "");
                let found = noisy.split([' ', ',', '-']).any(|t| {
                    t.contains(last)
                        || strsim::damerau_levenshtein(t, last) <= 2
                        || strsim::damerau_levenshtein(t, &joined) <= 2
                        || translit(&family)
                            .iter()
                            .any(|v| strsim::damerau_levenshtein(t, v) <= 1)
                });
                assert!(found, "{} -> {noisy}", parts.family);
            }
        }
    }

    #[test]
    fn translit_variants_differ() {
        for t in ["MUHAMMAD", "SERGEY", "TATYANA", "YURIY", "ALEKSANDR"] {
            assert!(!translit(t).is_empty());
            assert!(!translit(t).contains(&t));
        }
        assert!(translit("WANG").is_empty());
    }
}
