//! Company, foundation and cooperative names (employers, sponsors): raw text → [`CompanyKey`],
//! compared with [`company_similarity`].
//!
//! ```text
//! "PT. Lombok Indah Resort (Persero) Tbk" ──fold──▶ PT LOMBOK INDAH RESORT PERSERO TBK
//!     ──legal forms off both ends (PERSERO/TBK anywhere)──▶ legal_form = PT, name = LOMBOK INDAH RESORT
//!     ──respell + sort──▶ sorted_key = INDAH LOMBOK RESORT
//! ```
//!
//! Folding is shared with the person-name normaliser (accents, umlauts, case; digits are kept
//! here because `CV 99` and `CV 9` are different firms). Dotted or spaced single letters are
//! merged first, so `P.T.`, `P T` and `C.V.` are recognised as `PT` and `CV`. Legal forms are
//! only removed at the start or the end of a name (a word like `CO` or `SA` in the middle may be
//! part of the name), except `PERSERO`/`TBK`, which are never name words (`PT PLN (Persero) UP3`).
//! `name` keeps the original order for display; `sorted_key` additionally applies the Indonesian
//! old-spelling rules (`DJAYA` = `JAYA`) and sorts the words.

use super::name::{fold_words, respell_into};

/// One legal-form spelling: the words it is written with, its canonical label, and whether it
/// may stand at the *start* of a name (Indonesian forms do: `PT X`, `X, PT`; foreign ones only
/// trail: `X PTY LTD`). Earlier entries win when a name carries several (`PT … TBK` → `PT`).
#[derive(Debug, Clone, Copy)]
pub struct LegalForm {
    /// Folded words as written (`["PTY", "LTD"]`).
    pub words: &'static [&'static str],
    /// Canonical label reported in [`CompanyKey::legal_form`].
    pub label: &'static str,
    /// May also stand at the start of a name.
    pub leading: bool,
    /// Removed wherever it appears (never part of a real name).
    pub anywhere: bool,
}

const fn lf(words: &'static [&'static str], label: &'static str, leading: bool) -> LegalForm {
    LegalForm {
        words,
        label,
        leading,
        anywhere: false,
    }
}

/// Legal forms, in precedence order (see [`LegalForm`]).
pub const LEGAL_FORMS: &[LegalForm] = &[
    lf(&["PT"], "PT", true),
    lf(&["PERSEROAN", "TERBATAS"], "PT", true),
    lf(&["CV"], "CV", true),
    lf(&["UD"], "UD", true),
    lf(&["PD"], "PD", true),
    lf(&["PERUM"], "PERUM", true),
    lf(&["PERUMDA"], "PERUMDA", true),
    lf(&["KOPERASI"], "KOPERASI", true),
    lf(&["KOP"], "KOPERASI", true),
    lf(&["YAYASAN"], "YAYASAN", true),
    lf(&["YYS"], "YAYASAN", true),
    lf(&["FIRMA"], "FIRMA", true),
    lf(&["SDN", "BHD"], "SDN BHD", false),
    lf(&["BHD"], "BHD", false),
    lf(&["PTY", "LTD"], "PTY LTD", false),
    lf(&["PTE", "LTD"], "PTE LTD", false),
    lf(&["PTY"], "PTY", false),
    lf(&["CO", "LTD"], "LTD", false),
    lf(&["LTD"], "LTD", false),
    lf(&["LIMITED"], "LTD", false),
    lf(&["PLC"], "PLC", false),
    lf(&["INC"], "INC", false),
    lf(&["INCORPORATED"], "INC", false),
    lf(&["CORPORATION"], "CORP", false),
    lf(&["CORP"], "CORP", false),
    lf(&["LLC"], "LLC", false),
    lf(&["GMBH"], "GMBH", false),
    lf(&["AG"], "AG", false),
    lf(&["BV"], "BV", false),
    lf(&["NV"], "NV", false),
    lf(&["SRL"], "SRL", false),
    lf(&["SAS"], "SAS", false),
    lf(&["SA"], "SA", false),
    lf(&["CO"], "CO", false),
    lf(&["COMPANY"], "CO", false),
    LegalForm {
        words: &["TBK"],
        label: "TBK",
        leading: false,
        anywhere: true,
    },
    LegalForm {
        words: &["PERSERO"],
        label: "PERSERO",
        leading: false,
        anywhere: true,
    },
    LegalForm {
        words: &["PERSERODA"],
        label: "PERSERODA",
        leading: false,
        anywhere: true,
    },
];

/// Indonesian entity types that are legally distinct: a PT and a CV of the same name are likely
/// different firms, so [`company_similarity`] discounts that pair a little.
const DISTINCT_ID_FORMS: &[&str] = &[
    "PT", "CV", "UD", "PD", "PERUM", "PERUMDA", "KOPERASI", "YAYASAN", "FIRMA",
];

/// Two-letter forms that may be glued to an acronym by letter-merging (`P.T. A.B.C.` → `PTABC`).
const GLUABLE: &[&str] = &["PT", "CV", "UD", "PD"];

/// Comparable key of one company name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompanyKey {
    /// Highest-precedence legal form found (`"PT"`, `"CV"`, `"YAYASAN"`, `"PTY LTD"`, …).
    pub legal_form: Option<&'static str>,
    /// Folded name, legal forms and punctuation removed, original order.
    pub name: String,
    /// Words of `name` respelled (old Indonesian spelling) and sorted, joined with one space.
    pub sorted_key: String,
}

/// Normalises one company cell. Never panics; an empty cell or a bare legal form gives an empty
/// `name`.
pub fn normalize_company(raw: &str) -> CompanyKey {
    let words = merge_letters(fold_words(raw, true));
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut found: Vec<usize> = Vec::new();

    // Forms that are never name words go wherever they are.
    words.retain(|w| {
        match LEGAL_FORMS
            .iter()
            .position(|f| f.anywhere && f.words == [*w])
        {
            Some(i) => {
                found.push(i);
                false
            }
            None => true,
        }
    });
    // Then peel forms off both ends until none is left.
    loop {
        let mut changed = false;
        if let Some((i, n)) = match_at_start(&words) {
            found.push(i);
            words.drain(..n);
            changed = true;
        }
        if let Some((i, n)) = match_at_end(&words) {
            found.push(i);
            words.truncate(words.len().saturating_sub(n));
            changed = true;
        }
        if !changed {
            break;
        }
    }

    let legal_form = found
        .iter()
        .min()
        .and_then(|&i| LEGAL_FORMS.get(i))
        .map(|f| f.label);
    let name = words.join(" ");
    // Respell every word into one buffer and sort (start, end) spans of it, rather than one
    // String per word: this runs for every sponsor and employer cell.
    let mut respelled = String::with_capacity(name.len() + 4);
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(words.len());
    for w in &words {
        let start = respelled.len();
        respell_into(w, &mut respelled);
        spans.push((start, respelled.len()));
    }
    let word = |&(s, e): &(usize, usize)| respelled.get(s..e).unwrap_or_default();
    spans.sort_unstable_by(|a, b| word(a).cmp(word(b)));
    let mut sorted_key = String::with_capacity(respelled.len() + spans.len());
    for span in &spans {
        if !sorted_key.is_empty() {
            sorted_key.push(' ');
        }
        sorted_key.push_str(word(span));
    }
    CompanyKey {
        legal_form,
        name,
        sorted_key,
    }
}

/// Longest legal form at the start of `words` that may lead: (table index, word count).
fn match_at_start(words: &[&str]) -> Option<(usize, usize)> {
    LEGAL_FORMS
        .iter()
        .enumerate()
        .filter(|(_, f)| f.leading && words.len() >= f.words.len() && words.starts_with(f.words))
        .max_by_key(|(i, f)| (f.words.len(), std::cmp::Reverse(*i)))
        .map(|(i, f)| (i, f.words.len()))
}

/// Longest legal form at the end of `words`: (table index, word count).
fn match_at_end(words: &[&str]) -> Option<(usize, usize)> {
    LEGAL_FORMS
        .iter()
        .enumerate()
        .filter(|(_, f)| words.ends_with(f.words))
        .max_by_key(|(i, f)| (f.words.len(), std::cmp::Reverse(*i)))
        .map(|(i, f)| (i, f.words.len()))
}

/// Merges runs of single-letter words (`P.T.`, `C V`, `A.B.C.`) into one word, then splits a
/// glued Indonesian form back off either end (`PTABC` → `PT ABC`).
fn merge_letters(words: Vec<(String, bool)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        if run.is_empty() {
            return;
        }
        let r = std::mem::take(run);
        if r.len() > 2 {
            if let Some(form) = GLUABLE.iter().find(|g| r.starts_with(**g)) {
                out.push((*form).to_string());
                out.push(r.get(form.len()..).unwrap_or_default().to_string());
                return;
            }
            if let Some(form) = GLUABLE.iter().find(|g| r.ends_with(**g)) {
                out.push(
                    r.get(..r.len() - form.len())
                        .unwrap_or_default()
                        .to_string(),
                );
                out.push((*form).to_string());
                return;
            }
        }
        out.push(r);
    };
    for (w, _dotted) in words {
        if w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
            run.push_str(&w);
        } else {
            flush(&mut run, &mut out);
            out.push(w);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Similarity of two company keys in 0..=1 (1 = same name). Symmetric. Same words in any order
/// score 1; the same letters with different spacing (`LOMBOKINDAH`) 0.98; otherwise the best of
/// Jaro-Winkler on the name, on the sorted key, and a token-wise (Monge-Elkan) score. Two
/// different Indonesian entity types (PT vs CV) multiply the score by 0.9. An empty name
/// scores 0: nothing is known.
pub fn company_similarity(a: &CompanyKey, b: &CompanyKey) -> f64 {
    if a.name.is_empty() || b.name.is_empty() {
        return 0.0;
    }
    let base = if a.sorted_key == b.sorted_key {
        1.0
    } else if compact_eq(&a.sorted_key, &b.sorted_key) || compact_eq(&a.name, &b.name) {
        0.98
    } else {
        let me = (monge_elkan(&a.sorted_key, &b.sorted_key)
            + monge_elkan(&b.sorted_key, &a.sorted_key))
            / 2.0;
        jw(&a.name, &b.name)
            .max(jw(&a.sorted_key, &b.sorted_key))
            .max(me)
    };
    let penalty = match (a.legal_form, b.legal_form) {
        (Some(x), Some(y))
            if x != y && DISTINCT_ID_FORMS.contains(&x) && DISTINCT_ID_FORMS.contains(&y) =>
        {
            0.9
        }
        _ => 1.0,
    };
    (base * penalty).clamp(0.0, 1.0)
}

/// Equal once spaces are ignored (no allocation).
fn compact_eq(a: &str, b: &str) -> bool {
    a.bytes()
        .filter(|c| *c != b' ')
        .eq(b.bytes().filter(|c| *c != b' '))
}

/// Jaro-Winkler, the same one names use: symmetric, and without allocating for ASCII keys
/// (strsim's generic Jaro allocated twice per call; the employer comparison runs it for most
/// candidate pairs of a manpower file).
fn jw(a: &str, b: &str) -> f64 {
    crate::normalize::name::jw(a, b)
}

fn monge_elkan(a: &str, b: &str) -> f64 {
    let mut n = 0usize;
    let mut sum = 0.0;
    for x in a.split(' ').take(64) {
        sum += b.split(' ').take(64).map(|y| jw(x, y)).fold(0.0, f64::max);
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raw → (legal_form, name).
    const CASES: &[(&str, Option<&str>, &str)] = &[
        ("PT. Lombok Indah Resort", Some("PT"), "LOMBOK INDAH RESORT"),
        ("LOMBOK INDAH RESORT, PT", Some("PT"), "LOMBOK INDAH RESORT"),
        (
            "PT LOMBOK INDAH RESORT (PERSERO) TBK",
            Some("PT"),
            "LOMBOK INDAH RESORT",
        ),
        (
            "P.T. Lombok Indah Resort",
            Some("PT"),
            "LOMBOK INDAH RESORT",
        ),
        (
            "P. T. Lombok Indah Resort",
            Some("PT"),
            "LOMBOK INDAH RESORT",
        ),
        ("PT.LOMBOK INDAH RESORT", Some("PT"), "LOMBOK INDAH RESORT"),
        ("CV. Maju Jaya", Some("CV"), "MAJU JAYA"),
        ("MAJU JAYA CV", Some("CV"), "MAJU JAYA"),
        ("C.V. MAJU JAYA", Some("CV"), "MAJU JAYA"),
        ("CV MAJU DJAYA", Some("CV"), "MAJU DJAYA"),
        ("PT. PLN (Persero)", Some("PT"), "PLN"),
        (
            "PT PLN (Persero) UP3 Mataram",
            Some("PT"),
            "PLN UP3 MATARAM",
        ),
        (
            "PT Bank Rakyat Indonesia (Persero) Tbk.",
            Some("PT"),
            "BANK RAKYAT INDONESIA",
        ),
        ("PT. Telkom Indonesia Tbk", Some("PT"), "TELKOM INDONESIA"),
        (
            "Yayasan Pendidikan Islam Nurul Hakim",
            Some("YAYASAN"),
            "PENDIDIKAN ISLAM NURUL HAKIM",
        ),
        ("YYS. NURUL HAKIM", Some("YAYASAN"), "NURUL HAKIM"),
        (
            "Koperasi Serba Usaha Sejahtera",
            Some("KOPERASI"),
            "SERBA USAHA SEJAHTERA",
        ),
        ("UD. Sumber Rejeki", Some("UD"), "SUMBER REJEKI"),
        ("Ocean Blue Pty Ltd", Some("PTY LTD"), "OCEAN BLUE"),
        ("Ocean Blue Pty. Ltd.", Some("PTY LTD"), "OCEAN BLUE"),
        ("OCEAN BLUE PTY", Some("PTY"), "OCEAN BLUE"),
        ("Ocean Blue Ltd", Some("LTD"), "OCEAN BLUE"),
        ("Ocean Blue Limited", Some("LTD"), "OCEAN BLUE"),
        ("Syarikat Maju Sdn Bhd", Some("SDN BHD"), "SYARIKAT MAJU"),
        ("SYARIKAT MAJU SDN. BHD.", Some("SDN BHD"), "SYARIKAT MAJU"),
        ("Asia Trading Pte. Ltd.", Some("PTE LTD"), "ASIA TRADING"),
        (
            "Shanghai Electric Co., Ltd.",
            Some("LTD"),
            "SHANGHAI ELECTRIC",
        ),
        (
            "China Energy Engineering Corporation",
            Some("CORP"),
            "CHINA ENERGY ENGINEERING",
        ),
        ("Acme Inc.", Some("INC"), "ACME"),
        ("Acme, LLC", Some("LLC"), "ACME"),
        ("Müller Bau GmbH", Some("GMBH"), "MUELLER BAU"),
        ("Surf Holland B.V.", Some("BV"), "SURF HOLLAND"),
        ("Siemens AG", Some("AG"), "SIEMENS"),
        ("PT ABC", Some("PT"), "ABC"),
        ("P.T. A.B.C.", Some("PT"), "ABC"),
        ("PT 3M Indonesia", Some("PT"), "3M INDONESIA"),
        ("CV 99 Jaya", Some("CV"), "99 JAYA"),
        ("Lombok Surf Camp", None, "LOMBOK SURF CAMP"),
        ("SA Resort Lombok", None, "SA RESORT LOMBOK"),
        ("Coco Beach", None, "COCO BEACH"),
        ("PT", Some("PT"), ""),
        ("", None, ""),
        ("  -  ", None, ""),
        ("Perseroan Terbatas Lombok Jaya", Some("PT"), "LOMBOK JAYA"),
    ];

    /// Pairs that must meet (similarity ≥ min) or stay apart (≤ max).
    const PAIRS: &[(&str, &str, f64, f64)] = &[
        (
            "PT. Lombok Indah Resort",
            "LOMBOK INDAH RESORT, PT",
            1.0,
            1.0,
        ),
        (
            "PT. Lombok Indah Resort",
            "PT LOMBOK INDAH RESORT (PERSERO) TBK",
            1.0,
            1.0,
        ),
        ("CV. Maju Jaya", "MAJU JAYA CV", 1.0, 1.0),
        ("CV. Maju Jaya", "CV MAJU DJAYA", 1.0, 1.0),
        ("CV. Maju Jaya", "JAYA MAJU", 1.0, 1.0),
        (
            "PT Lombokindah Resort",
            "PT Lombok Indah Resort",
            0.98,
            0.98,
        ),
        ("Ocean Blue Pty Ltd", "OCEAN BLUE", 1.0, 1.0),
        ("PT Maju Jaya", "CV Maju Jaya", 0.9, 0.9),
        ("PT Maju Jaya", "Maju Jaya Ltd", 1.0, 1.0),
        (
            "PT Lombok Indah Resort",
            "PT Lombok Indah Resrot",
            0.9,
            0.999,
        ),
        ("PT PLN (Persero)", "PT Sumber Rejeki", 0.0, 0.75),
        ("Yayasan Nurul Hakim", "YYS NURUL HAKIM", 1.0, 1.0),
        ("PT", "PT", 0.0, 0.0),
        ("", "PT ABC", 0.0, 0.0),
    ];

    #[test]
    fn legal_form_and_name() {
        for (raw, form, name) in CASES {
            let k = normalize_company(raw);
            assert_eq!(k.legal_form, *form, "legal form of {raw:?}");
            assert_eq!(k.name, *name, "name of {raw:?}");
        }
    }

    #[test]
    fn sorted_key_is_respelled_and_sorted() {
        let cases: &[(&str, &str)] = &[
            ("PT. Lombok Indah Resort", "INDAH LOMBOK RESORT"),
            ("CV MAJU DJAYA", "JAYA MAJU"),
            ("Toko Tjahaja Baru", "BARU CAHAJA TOKO"),
            ("PT", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_company(raw).sorted_key, *want, "{raw:?}");
        }
    }

    #[test]
    fn similarity_bounds_and_symmetry() {
        for (a, b, lo, hi) in PAIRS {
            let (ka, kb) = (normalize_company(a), normalize_company(b));
            let s = company_similarity(&ka, &kb);
            assert!(s >= *lo - 1e-9 && s <= *hi + 1e-9, "{a:?} vs {b:?}: {s}");
            assert_eq!(
                s,
                company_similarity(&kb, &ka),
                "asymmetric: {a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn idempotent_and_no_panic() {
        let mut inputs: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
        inputs.extend(
            [
                "\0",
                "P.",
                "P.T.",
                "T.",
                ".,;",
                "😀 PT",
                "北京 有限公司",
                "PT PT PT",
                "CO",
                "A B C D E",
                "ß",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        inputs.push("PT LOMBOK ".repeat(500));
        for raw in &inputs {
            let k = normalize_company(raw);
            let again = normalize_company(&k.name);
            assert_eq!(again.name, k.name, "name not idempotent for {raw:?}");
            let s = company_similarity(&k, &k);
            assert!(s == 0.0 || s == 1.0, "{raw:?}: self-similarity {s}");
            assert!(k.name.is_ascii() && k.sorted_key.is_ascii());
        }
    }
}
