//! Identity rules: who the agencies say the person is.
//!
//! Each rule splits the person's records into classes of *agreeing normalised* values (two
//! spellings of one name, one date written two ways, `CHINA`/`RRT`/`CHN` are one value) and
//! reports a conflict when more than one class remains.
//!
//! * `dob_mismatch` — What: the agencies give different dates of birth. Why: a wrong birth date
//!   breaks later matching and may hide a second identity. Example: Imigrasi 1980-03-12, Polri
//!   1982-03-12. A partial date (`1980`) agrees with any full date in that year.
//! * `dob_day_month_swapped` — What: two dates that differ only by day and month exchanged.
//!   Why: a data-entry or Excel slip, worth fixing but not suspicious. Example: 1980-03-12 vs
//!   1980-12-03.
//! * `nationality_mismatch` — What: different ISO3 nationalities. Why: a different passport
//!   country is a strong identity signal. Example: Imigrasi TIONGKOK (CHN), Disnaker TAIWAN (TWN).
//! * `sex_mismatch` — What: different sex codes. Example: Imigrasi L, Disdukcapil P.
//! * `name_mismatch` — What: names that are not spelling variants of each other, on records
//!   sharing a passport number or NIK. Why: the same document under another name suggests a
//!   borrowed or false identity. Example: passport E12345678 held by WANG WEI and LI QIANG.
//! * `passport_mismatch` — What: different passport numbers (after OCR folding and lost
//!   leading zeros). Why: usually a renewed passport known to one agency only. Example: Imigrasi
//!   E98765432, Polri E12345678.
//! * `nik_inconsistent` — What: the birth date or sex encoded in the NIK (DDMMYY, day + 40 for
//!   women) disagrees with what the agencies record. Example: NIK 5203154105850001 (female,
//!   1985-05-01) on a record of a man born 1985-05-21.

use super::detect::{classes, differing, Context, Finding, FoundValue, Member, PersonView};
use super::types::ConflictType;
use crate::normalize::date::DateValue;
use crate::normalize::name::{compare_names, NameKey, NameRelation};
use crate::normalize::nik::NikSex;
use crate::normalize::passport::{passport_edit_distance, PassportKey};
use crate::normalize::sex::Sex;
use crate::record::Field;

/// Below this name similarity two names are not spelling variants. Typos, dropped middle names,
/// transliterations and reordering all score well above it; different family *and* given names
/// score below.
const NAME_VARIANT_SIMILARITY: f64 = 0.80;

pub(crate) fn check(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    dob(ctx, view, out);
    nationality(view, out);
    sex(view, out);
    if ctx.wants(ConflictType::NameMismatch) {
        name(view, out);
    }
    if ctx.wants(ConflictType::PassportMismatch) {
        passport(view, out);
    }
    if ctx.wants(ConflictType::NikInconsistent) {
        nik(view, out);
    }
}

/// Two dates agree when every part both give is equal.
pub(crate) fn dates_agree(a: &DateValue, b: &DateValue) -> bool {
    let part = |x: Option<u8>, y: Option<u8>| match (x, y) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    a.year == b.year && part(a.month, b.month) && part(a.day, b.day)
}

/// Full dates of one year whose day and month are exchanged (and differ).
pub(crate) fn day_month_swapped(a: &DateValue, b: &DateValue) -> bool {
    match (a.month, a.day, b.month, b.day) {
        (Some(am), Some(ad), Some(bm), Some(bd)) => {
            a.year == b.year && am == bd && ad == bm && am != ad
        }
        _ => false,
    }
}

/// The raw value of the class's first member, else the normalised key.
fn shown(members: &[&Member<'_>], field: Field, fallback: &str) -> String {
    members
        .iter()
        .find_map(|m| m.raw(field))
        .unwrap_or_else(|| fallback.to_string())
}

fn dob(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let cls = classes(&view.members, |m| m.norm.dob.map(|d| d.value), dates_agree);
    if cls.len() < 2 {
        return;
    }
    let swapped = cls.len() == 2
        && cls
            .first()
            .zip(cls.get(1))
            .is_some_and(|(a, b)| day_month_swapped(&a.key, &b.key));
    let kind = if swapped {
        ConflictType::DobDayMonthSwapped
    } else {
        ConflictType::DobMismatch
    };
    if !ctx.wants(kind) {
        return;
    }
    let values = cls
        .iter()
        .map(|c| {
            let iso = c.key.to_iso();
            FoundValue::new(iso.clone(), iso).with(&c.members)
        })
        .collect();
    out.push(differing(
        kind,
        "dob",
        values,
        "tanggal lahir",
        "date of birth",
    ));
}

fn nationality(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let cls = classes(&view.members, |m| m.norm.nationality, |a, b| a == b);
    if cls.len() < 2 {
        return;
    }
    let values = cls
        .iter()
        .map(|c| {
            let raw = shown(&c.members, Field::Nationality, c.key);
            let value = if raw.eq_ignore_ascii_case(c.key) {
                c.key.to_string()
            } else {
                format!("{raw} ({})", c.key)
            };
            FoundValue::new(value, c.key.to_string()).with(&c.members)
        })
        .collect();
    out.push(differing(
        ConflictType::NationalityMismatch,
        "nationality",
        values,
        "kewarganegaraan",
        "nationality",
    ));
}

fn sex(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let cls = classes(&view.members, |m| m.norm.sex, |a, b| a == b);
    if cls.len() < 2 {
        return;
    }
    let values = cls
        .iter()
        .map(|c| {
            let raw = shown(&c.members, Field::Sex, c.key.code());
            FoundValue::new(
                format!("{raw} ({})", c.key.code()),
                c.key.code().to_string(),
            )
            .with(&c.members)
        })
        .collect();
    out.push(differing(
        ConflictType::SexMismatch,
        "sex",
        values,
        "jenis kelamin",
        "sex",
    ));
}

/// Whether two passport numbers may be the same document: equal, equal after folding OCR
/// confusables or dropping lost leading zeros, or one edit apart on a full-length number.
pub(crate) fn passports_agree(a: &PassportKey, b: &PassportKey) -> bool {
    if a.key == b.key || a.folded == b.folded {
        return true;
    }
    let (za, zb) = (a.key.trim_start_matches('0'), b.key.trim_start_matches('0'));
    if !za.is_empty() && za == zb {
        return true;
    }
    a.key.len() >= 6 && b.key.len() >= 6 && passport_edit_distance(&a.folded, &b.folded) <= 1
}

fn share_document(a: &Member<'_>, b: &Member<'_>) -> bool {
    let passport = a
        .norm
        .passports
        .iter()
        .any(|p| b.norm.passports.iter().any(|q| passports_agree(p, q)));
    let nik = match (&a.norm.nik, &b.norm.nik) {
        (Some(x), Some(y)) => {
            let (kx, ky) = (x.match_key(), y.match_key());
            let n = kx.len().min(ky.len());
            kx.get(..n) == ky.get(..n)
        }
        _ => false,
    };
    passport || nik
}

/// Every word of `short` is in `long`, or is an initial of a word there (C. TAYLOR /
/// CHRISTOPHER TAYLOR). Works on the folded words, before respelling turns CH into KH.
fn initials_covered(short: &str, long: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (short, long) = (words(short), words(long));
    let same_word = |s: &str, l: &str| {
        s == l || (s.len() >= 4 && l.len() >= 4 && strsim::damerau_levenshtein(s, l) <= 1)
    };
    !short.is_empty()
        && short.iter().any(|s| s.chars().count() > 1)
        && short.iter().all(|s| {
            long.iter()
                .any(|l| same_word(s, l) || (s.chars().count() == 1 && l.starts_with(s.as_str())))
        })
}

/// One or two typing slips in the whole name, spaces ignored (HE WEI / HE EWI, XU XIUNA /
/// XU XXIU NA). Long enough names only: in short ones two edits make another name.
fn typo_variant(a: &str, b: &str) -> bool {
    let compact = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let (a, b) = (compact(a), compact(b));
    let n = a.chars().count().min(b.chars().count());
    n >= 5 && strsim::damerau_levenshtein(&a, &b) <= if n >= 10 { 2 } else { 1 }
}

/// Whether two names are spellings of one name (typos, order, dropped middle names, initials,
/// transliteration).
pub(crate) fn spelling_variants(a: &NameKey, b: &NameKey) -> bool {
    match compare_names(a, b) {
        NameRelation::Exact | NameRelation::SameTokensReordered | NameRelation::Contained => true,
        NameRelation::Similar(s) => {
            s >= NAME_VARIANT_SIMILARITY
                || typo_variant(&a.folded, &b.folded)
                || initials_covered(&a.folded, &b.folded)
                || initials_covered(&b.folded, &a.folded)
        }
    }
}

fn name(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let cls = classes(
        &view.members,
        |m| m.norm.name.as_ref(),
        |a, b| spelling_variants(a, b),
    );
    if cls.len() < 2 {
        return;
    }
    // Only names on one document are a conflict: without a shared passport or NIK, two names
    // in one cluster are the linker's business (review list), not a disagreement.
    let linked = cls.iter().enumerate().any(|(i, a)| {
        cls.iter().skip(i + 1).any(|b| {
            a.members
                .iter()
                .any(|x| b.members.iter().any(|y| share_document(x, y)))
        })
    });
    if !linked {
        return;
    }
    let values = cls
        .iter()
        .map(|c| {
            let raw = c
                .members
                .iter()
                .find_map(|m| {
                    m.raw(Field::Name).or_else(|| {
                        let g = m.raw(Field::GivenName).unwrap_or_default();
                        let f = m.raw(Field::FamilyName).unwrap_or_default();
                        let j = format!("{g} {f}").trim().to_string();
                        (!j.is_empty()).then_some(j)
                    })
                })
                .unwrap_or_else(|| c.key.folded.clone());
            FoundValue::new(raw, c.key.joined_key.clone()).with(&c.members)
        })
        .collect();
    out.push(differing(
        ConflictType::NameMismatch,
        "name",
        values,
        "nama",
        "name",
    ));
}

fn passport(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let cls = classes(
        &view.members,
        |m| (!m.norm.passports.is_empty()).then_some(m.norm.passports.as_slice()),
        |a, b| a.iter().any(|p| b.iter().any(|q| passports_agree(p, q))),
    );
    if cls.len() < 2 {
        return;
    }
    let values = cls
        .iter()
        .map(|c| {
            let mut keys: Vec<&str> = c.key.iter().map(|p| p.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            let raw = shown(&c.members, Field::Passport, &keys.join(" "));
            FoundValue::new(raw, keys.join("+")).with(&c.members)
        })
        .collect();
    out.push(differing(
        ConflictType::PassportMismatch,
        "passport",
        values,
        "nomor paspor",
        "passport number",
    ));
}

/// A recorded value and the records that give it.
type Said<'m, T> = Option<(T, Vec<&'m Member<'m>>)>;

/// The date of birth and sex the person is recorded with, when the records that give them
/// agree: the NIK's own record first, else all the others.
fn recorded<'m>(
    own: &'m Member<'m>,
    view: &'m PersonView<'m>,
) -> (Said<'m, DateValue>, Said<'m, Sex>) {
    let dob = match own.norm.dob {
        Some(d) if d.value.day.is_some() => Some((d.value, vec![own])),
        _ => {
            let cls = classes(&view.members, |m| m.norm.dob.map(|d| d.value), dates_agree);
            match cls.as_slice() {
                [one] if one.key.day.is_some() => Some((one.key, one.members.clone())),
                _ => None,
            }
        }
    };
    let sex = match own.norm.sex {
        Some(s) => Some((s, vec![own])),
        None => {
            let cls = classes(&view.members, |m| m.norm.sex, |a, b| a == b);
            match cls.as_slice() {
                [one] => Some((one.key, one.members.clone())),
                _ => None,
            }
        }
    };
    (dob, sex)
}

fn nik(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let mut done: Vec<&str> = Vec::new();
    for m in &view.members {
        let Some(nik) = &m.norm.nik else { continue };
        if done.contains(&nik.match_key()) {
            continue;
        }
        done.push(nik.match_key());
        let (dob, sex) = recorded(m, view);
        let nik_sex = match nik.sex {
            NikSex::Male => Sex::Male,
            NikSex::Female => Sex::Female,
        };
        let dob_bad = dob.as_ref().filter(|(d, _)| {
            d.year.rem_euclid(100) != i32::from(nik.birth_year2)
                || d.month != Some(nik.birth_month)
                || d.day != Some(nik.birth_day)
        });
        let sex_bad = sex.as_ref().filter(|(s, _)| *s != nik_sex);
        if dob_bad.is_none() && sex_bad.is_none() {
            continue;
        }
        let encoded = format!(
            "{:02}-{:02}-{:02}, {}",
            nik.birth_day,
            nik.birth_month,
            nik.birth_year2,
            nik_sex.code()
        );
        let nik_raw = m.raw(Field::Nik).unwrap_or_else(|| nik.digits.clone());
        let nik_value = FoundValue::new(
            format!("{nik_raw} ({encoded})"),
            format!("nik:{}", nik.match_key()),
        )
        .with(&[m]);
        let mut values = vec![nik_value];
        let mut said_id = Vec::new();
        let mut said_en = Vec::new();
        if let Some((d, members)) = dob_bad {
            values.push(FoundValue::new(d.to_iso(), format!("dob:{}", d.to_iso())).with(members));
            said_id.push(format!("tanggal lahir {}", d.to_iso()));
            said_en.push(format!("date of birth {}", d.to_iso()));
        }
        if let Some((s, members)) = sex_bad {
            values.push(
                FoundValue::new(s.code().to_string(), format!("sex:{}", s.code())).with(members),
            );
            said_id.push(format!("jenis kelamin {}", s.code()));
            said_en.push(format!("sex {}", s.code()));
        }
        let who: Vec<_> = values
            .iter()
            .skip(1)
            .flat_map(|v| v.agencies.iter().copied())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let detail_id = format!(
            "NIK {nik_raw} menyandikan {encoded}, tetapi {} mencatat {}.",
            super::detect::agencies_text(&who, false),
            said_id.join(" dan ")
        );
        let detail_en = format!(
            "NIK {nik_raw} encodes {encoded}, but {} records {}.",
            super::detect::agencies_text(&who, true),
            said_en.join(" and ")
        );
        out.push(Finding {
            kind: ConflictType::NikInconsistent,
            field: "nik",
            values,
            detail_id,
            detail_en,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: Option<u8>, day: Option<u8>) -> DateValue {
        DateValue {
            year: y,
            month: m,
            day,
        }
    }

    #[test]
    fn date_agreement_and_swaps() {
        let full = d(1980, Some(3), Some(12));
        let cases = [
            (full, d(1980, Some(3), Some(12)), true, false),
            (full, d(1980, None, None), true, false),
            (full, d(1980, Some(3), None), true, false),
            (full, d(1980, Some(12), Some(3)), false, true),
            (full, d(1981, Some(12), Some(3)), false, false),
            (full, d(1980, Some(3), Some(13)), false, false),
            (
                d(1980, Some(5), Some(5)),
                d(1980, Some(5), Some(5)),
                true,
                false,
            ),
            (full, d(1979, None, None), false, false),
        ];
        for (a, b, agree, swapped) in cases {
            assert_eq!(dates_agree(&a, &b), agree, "{a} {b}");
            assert_eq!(day_month_swapped(&a, &b), swapped, "{a} {b}");
        }
    }

    #[test]
    fn name_spelling_variants() {
        use crate::normalize::name::normalize_name;
        let cases = [
            ("CHRISTOPHER TAYLOR", "C. TAYLOR", true),
            ("CHRISTOPHER TAYLOR", "TAYLOR, CHRISTOPHER", true),
            ("JOHN PAUL SMITH", "JOHN SMITH", true),
            ("WANG XIAOMING", "XIAO MING WANG", true),
            ("MUHAMMAD ALI", "MOHAMED ALI", true),
            ("THOMAS LEE MURPHY", "THOMAS LEE MURPHEY", true),
            ("HE WEI", "HE EWI", true),
            ("CHEN HAOMING", "CEHN HAO MING", true),
            ("XU XIUNA", "XU XXIU NA", true),
            ("CHRISTOPHER JOHN MCDONALD", "C. J. MCDONAALD", true),
            ("MONIKA CHRISTINE KRÜGER", "M. C. KRUGER", true),
            ("LI NA", "LI HUA", false),
            ("WANG WEI", "LI QIANG", false),
            ("THOMAS MURPHY", "DAVID JONES", false),
            ("ZHANG MING", "LIU JIANHUA", false),
        ];
        for (a, b, want) in cases {
            let (ka, kb) = (normalize_name(a), normalize_name(b));
            assert_eq!(spelling_variants(&ka, &kb), want, "{a} / {b}");
            assert_eq!(spelling_variants(&kb, &ka), want, "{b} / {a}");
        }
    }

    #[test]
    fn passport_agreement() {
        use crate::normalize::passport::normalize_passports;
        let p = |s: &str| normalize_passports(s, None).into_iter().next().unwrap();
        let cases = [
            ("E12345678", "E12345678", true),
            ("E12345678", "E 1234 5678", true),
            ("E12345678", "EI2345678", true),
            ("012345678", "12345678", true),
            ("E12345678", "E12345679", true),
            ("E12345678", "E98765432", false),
            ("554477804", "123456789", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(passports_agree(&p(a), &p(b)), want, "{a} {b}");
        }
    }
}
