//! Noise: the small, non-conflicting damage that real agency exports carry.
//!
//! [`Rates`] scales every probability by the [`NoiseLevel`](super::NoiseLevel); the helper functions
//! apply one kind of damage to a `String` in place (a one-edit typo, an OCR confusion in a passport
//! number, dropped accents, odd case, extra spaces). Dates are written per agency by the `fmt_*`
//! helpers, without going through chrono's formatter (it allocates per call).
//!
//! Nothing here may create a *conflict* as defined in [`super`]: a typo keeps the name within one
//! edit, an OCR confusion keeps the passport within one confusable character.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::NoiseLevel;

/// The generator's random source: ChaCha8 seeded from the user's seed, so output is reproducible
/// across platforms and rand versions that keep ChaCha8's stream.
pub(crate) type GenRng = ChaCha8Rng;

/// Probability multiplier for one noise level. High noise "roughly doubles or triples" the rates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rates {
    factor: f64,
}

impl Rates {
    pub(crate) fn new(level: NoiseLevel) -> Self {
        let factor = match level {
            NoiseLevel::Low => 0.4,
            NoiseLevel::Default => 1.0,
            NoiseLevel::High => 2.5,
        };
        Rates { factor }
    }

    /// `true` with probability `base` scaled by the level (capped at 0.95 so nothing becomes certain).
    pub(crate) fn hit(&self, rng: &mut GenRng, base: f64) -> bool {
        let p = (base * self.factor).clamp(0.0, 0.95);
        p > 0.0 && rng.random_bool(p)
    }

    pub(crate) fn is_high(&self) -> bool {
        self.factor > 2.0
    }
}

/// Picks one element of a static pool; `""` only if the pool is empty (never in practice), so
/// callers need no panicking index.
pub(crate) fn pick(rng: &mut GenRng, pool: &[&'static str]) -> &'static str {
    if pool.is_empty() {
        return "";
    }
    pool.get(rng.random_range(0..pool.len()))
        .copied()
        .unwrap_or("")
}

/// Weighted pick over `(item, weight)` pairs; falls back to the first item.
pub(crate) fn pick_weighted<T: Copy>(rng: &mut GenRng, items: &[(T, u32)]) -> Option<T> {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    if total == 0 {
        return items.first().map(|(t, _)| *t);
    }
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return Some(*item);
        }
        x -= *w;
    }
    items.last().map(|(t, _)| *t)
}

/// Adds `days` (may be negative) to a date, saturating at the input on overflow.
pub(crate) fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(d)
}

/// Indonesian month names as offices write them; `Nopember` is the official Lombok Timur spelling.
const ID_MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "Nopember",
    "Desember",
];
/// Upper-case month names for sheet names and titles ("MEI 2025").
pub(crate) const ID_MONTHS_UPPER: [&str; 12] = [
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
];

/// Indonesian month name for a 1-based month; alternates the spellings clerks really use.
pub(crate) fn id_month(month: u32, variant: bool) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match (i, variant) {
        (1, true) => "Pebruari",
        (10, true) => "November",
        (7, true) => "Agustus",
        _ => ID_MONTHS.get(i).copied().unwrap_or("Januari"),
    }
}

/// Upper-case Indonesian month name for a 1-based month.
pub(crate) fn id_month_upper(month: u32) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    ID_MONTHS_UPPER.get(i).copied().unwrap_or("JANUARI")
}

/// `dd<sep>mm<sep>yyyy`.
pub(crate) fn fmt_dmy(out: &mut String, d: NaiveDate, sep: char) {
    let _ = write!(
        out,
        "{:02}{sep}{:02}{sep}{:04}",
        d.day(),
        d.month(),
        d.year()
    );
}

/// `12 Maret 1980` (civil-registry style).
pub(crate) fn fmt_id_long(out: &mut String, d: NaiveDate, variant: bool) {
    let _ = write!(
        out,
        "{} {} {:04}",
        d.day(),
        id_month(d.month(), variant),
        d.year()
    );
}

/// The same date with day and month exchanged; `None` when that is not a valid date or is equal.
pub(crate) fn swap_day_month(d: NaiveDate) -> Option<NaiveDate> {
    if d.day() == d.month() {
        return None;
    }
    NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())
}

/// One edit on an ASCII letter: substitution, deletion, duplication or transposition. Strings
/// without two ASCII letters are left alone, so the edit never lands inside a multi-byte char.
pub(crate) fn typo(rng: &mut GenRng, s: &mut String) {
    let letters: Vec<usize> = s
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_alphabetic())
        .map(|(i, _)| i)
        .collect();
    if letters.len() < 4 {
        return;
    }
    // Skip the first letter: clerks rarely get the initial wrong, and blocking keys rely on it.
    let Some(&pos) = letters.get(rng.random_range(1..letters.len())) else {
        return;
    };
    let Some(&b) = s.as_bytes().get(pos) else {
        return;
    };
    let upper = b.is_ascii_uppercase();
    match rng.random_range(0..4u8) {
        0 => {
            let mut c = b'A' + rng.random_range(0..26u8);
            if c.eq_ignore_ascii_case(&b) {
                c = if c == b'Z' { b'A' } else { c + 1 };
            }
            let c = if upper { c } else { c.to_ascii_lowercase() };
            let mut buf = [0u8; 4];
            s.replace_range(pos..pos + 1, char::from(c).encode_utf8(&mut buf));
        }
        1 => {
            s.remove(pos);
        }
        2 => s.insert(pos, char::from(b)),
        _ => {
            let next = pos + 1;
            match s.as_bytes().get(next) {
                Some(&n) if n.is_ascii_alphabetic() && n != b => {
                    let swapped = [n, b];
                    if let Ok(t) = std::str::from_utf8(&swapped) {
                        let t = t.to_owned();
                        s.replace_range(pos..next + 1, &t);
                    }
                }
                _ => {
                    s.remove(pos);
                }
            }
        }
    }
}

/// Replaces one OCR-confusable character of a passport number (O↔0, I↔1, S↔5, B↔8).
pub(crate) fn ocr_confuse(rng: &mut GenRng, s: &mut String) {
    let candidates: Vec<usize> = s
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'0' | b'O' | b'1' | b'I' | b'5' | b'S' | b'8' | b'B'))
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let Some(&pos) = candidates.get(rng.random_range(0..candidates.len())) else {
        return;
    };
    let repl = match s.as_bytes().get(pos) {
        Some(b'0') => "O",
        Some(b'O') => "0",
        Some(b'1') => "I",
        Some(b'I') => "1",
        Some(b'5') => "S",
        Some(b'S') => "5",
        Some(b'8') => "B",
        Some(b'B') => "8",
        _ => return,
    };
    s.replace_range(pos..pos + 1, repl);
}

/// Folds European diacritics to ASCII. `expand` writes German umlauts as AE/OE/UE (MUELLER),
/// otherwise the bare vowel (MULLER): both spellings occur in real exports.
pub(crate) fn strip_accents(s: &str, expand: bool, out: &mut String) {
    for c in s.chars() {
        let r: &str = match c {
            'Ä' if expand => "AE",
            'Ö' if expand => "OE",
            'Ü' if expand => "UE",
            'ä' if expand => "ae",
            'ö' if expand => "oe",
            'ü' if expand => "ue",
            'Ä' | 'À' | 'Á' | 'Â' | 'Ã' => "A",
            'Ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' => "O",
            'Ü' | 'Ù' | 'Ú' | 'Û' => "U",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'Í' | 'Ì' | 'Î' | 'Ï' => "I",
            'Ç' => "C",
            'ä' | 'à' | 'á' | 'â' | 'ã' => "a",
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' => "o",
            'ü' | 'ù' | 'ú' | 'û' => "u",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ß' => "ss",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
}

/// `John Paul Smith` from `JOHN PAUL SMITH` (first letter of each word upper, rest lower).
pub(crate) fn title_case(s: &str, out: &mut String) {
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = c == ' ' || c == '-' || c == '\'';
        }
    }
}

/// Doubles one inner space, or adds a trailing/leading space: what hand-typed cells look like.
pub(crate) fn extra_spaces(rng: &mut GenRng, s: &mut String) {
    match rng.random_range(0..3u8) {
        0 => s.push(' '),
        1 => s.insert(0, ' '),
        _ => {
            if let Some(pos) = s.find(' ') {
                s.insert(pos, ' ');
            } else {
                s.push_str("  ");
            }
        }
    }
}

/// A missing-value token as clerks type it.
pub(crate) fn missing_token(rng: &mut GenRng) -> &'static str {
    pick(rng, &["-", "", "", "-", "NIHIL", "TDK ADA"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn rng() -> GenRng {
        GenRng::seed_from_u64(7)
    }

    #[test]
    fn typo_is_one_edit_and_never_panics() {
        let cases = [
            "WANG XIAOMING",
            "MÜLLER KLAUS",
            "",
            "A",
            "ÉÉÉÉ",
            "J. P. SMITH",
            "\0\0\0\0",
            "SCHRÖDER JÜRGEN",
        ];
        let mut r = rng();
        for input in cases {
            for _ in 0..50 {
                let mut s = input.to_string();
                typo(&mut r, &mut s);
                let d = strsim::damerau_levenshtein(input, &s);
                assert!(d <= 1, "{input:?} -> {s:?} ({d} edits)");
            }
        }
    }

    #[test]
    fn ocr_confuse_changes_at_most_one_confusable() {
        let cases = [
            ("E12345678", true),
            ("PA1234567", true),
            ("XYZ", false),
            ("", false),
        ];
        let mut r = rng();
        for (input, changes) in cases {
            let mut s = input.to_string();
            ocr_confuse(&mut r, &mut s);
            assert_eq!(s != input, changes, "{input}");
            assert!(strsim::hamming(input, &s).unwrap_or(99) <= 1);
        }
    }

    #[test]
    fn strip_accents_table() {
        let cases = [
            ("MÜLLER", false, "MULLER"),
            ("MÜLLER", true, "MUELLER"),
            ("SCHRÖDER", true, "SCHROEDER"),
            ("LEFÈVRE", false, "LEFEVRE"),
            ("FRANÇOIS", true, "FRANCOIS"),
            ("HÉLÈNE", false, "HELENE"),
            ("JOÃO", false, "JOAO"),
            ("WANG", false, "WANG"),
            ("", false, ""),
        ];
        for (input, expand, expected) in cases {
            let mut out = String::new();
            strip_accents(input, expand, &mut out);
            assert_eq!(out, expected, "{input}");
        }
    }

    #[test]
    fn date_formats() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        // (date, style, expected): 0 = dd-mm-yyyy, 1 = dd/mm/yyyy, 2 = Indonesian, 3 = Indonesian variant.
        let cases = [
            (ymd(1980, 11, 2), 0, "02-11-1980"),
            (ymd(1980, 11, 2), 1, "02/11/1980"),
            (ymd(1980, 11, 2), 2, "2 Nopember 1980"),
            (ymd(1980, 11, 2), 3, "2 November 1980"),
            (ymd(1980, 8, 17), 3, "17 Agustus 1980"),
            (ymd(1975, 2, 28), 3, "28 Pebruari 1975"),
            (ymd(2001, 3, 12), 2, "12 Maret 2001"),
        ];
        for (d, style, expected) in cases {
            let mut s = String::new();
            match style {
                0 => fmt_dmy(&mut s, d, '-'),
                1 => fmt_dmy(&mut s, d, '/'),
                2 => fmt_id_long(&mut s, d, false),
                _ => fmt_id_long(&mut s, d, true),
            }
            assert_eq!(s, expected);
        }
        let swaps = [
            (ymd(1980, 11, 2), Some(ymd(1980, 2, 11))),
            (ymd(1980, 3, 3), None),
            (ymd(1980, 3, 25), None),
            (ymd(1999, 12, 1), Some(ymd(1999, 1, 12))),
        ];
        for (d, expected) in swaps {
            assert_eq!(swap_day_month(d), expected, "{d}");
        }
    }

    #[test]
    fn title_case_table() {
        let cases = [
            ("JOHN PAUL SMITH", "John Paul Smith"),
            ("O'BRIEN", "O'Brien"),
            ("MIN-JUN KIM", "Min-Jun Kim"),
            ("MÜLLER", "Müller"),
            ("", ""),
        ];
        for (input, expected) in cases {
            let mut out = String::new();
            title_case(input, &mut out);
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn weighted_pick_respects_zero_weights() {
        let mut r = rng();
        for _ in 0..100 {
            assert_eq!(
                pick_weighted(&mut r, &[("a", 0), ("b", 3), ("c", 0)]),
                Some("b")
            );
        }
        assert_eq!(pick_weighted::<u8>(&mut r, &[]), None);
        assert_eq!(pick(&mut r, &[]), "");
    }
}
