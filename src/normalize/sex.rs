//! Sex cells → [`Sex`]: `L`/`P` (Indonesian), `M`/`F` (English), `1`/`2` (Dukcapil codes).
//!
//! [`parse_sex`] accepts the forms in `docs/domain.md` §1.3 in any case, with dots and spaces
//! (`L.`, ` p `, `Laki - Laki`), and returns `None` for blank, missing-value markers and
//! anything it does not know: a sex is never guessed.
//!
//! Note the collision it resolves: `P` is *perempuan* (female) in Indonesian exports, and `M` is
//! *male*; an English export's `F`/`M` are read the English way. `W` is *wanita* (female).

use super::date::is_missing_token;

/// Sex as recorded on the identity document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// ICAO / passport code: `"M"` or `"F"`.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }
}

/// Longest folded value we look at (`LAKI LAKI` / `PEREMPUAN` fit with room to spare).
const MAX_KEY: usize = 16;

/// Read a sex cell; `None` for empty or unknown values.
pub fn parse_sex(text: &str) -> Option<Sex> {
    // Fold on the stack: ASCII letters and digits uppercased, everything else dropped, so
    // "Laki-Laki", "LAKI LAKI", "L." and " p " all reduce to a plain token.
    let mut buf = [0u8; MAX_KEY];
    let mut len = 0usize;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            // `ch` is ASCII, so the cast is exact.
            *buf.get_mut(len)? = (ch as u8).to_ascii_uppercase();
            len += 1;
        } else if ch.is_alphanumeric() {
            return None;
        }
    }
    if len == 0 || is_missing_token(text) {
        return None;
    }
    match buf.get(..len)? {
        b"L" | b"LK" | b"LAKILAKI" | b"LAKI" | b"LAKI2" | b"PRIA" | b"M" | b"MALE" | b"MAN"
        | b"1" => Some(Sex::Male),
        b"P" | b"PR" | b"PEREMPUAN" | b"WANITA" | b"W" | b"F" | b"FEMALE" | b"WOMAN" | b"2" => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, Option<Sex>)] = &[
        ("L", Some(Sex::Male)),
        ("l", Some(Sex::Male)),
        ("L.", Some(Sex::Male)),
        (" L ", Some(Sex::Male)),
        ("LK", Some(Sex::Male)),
        ("Lk.", Some(Sex::Male)),
        ("LAKI-LAKI", Some(Sex::Male)),
        ("Laki-laki", Some(Sex::Male)),
        ("LAKI LAKI", Some(Sex::Male)),
        ("Laki - Laki", Some(Sex::Male)),
        ("LAKI2", Some(Sex::Male)),
        ("PRIA", Some(Sex::Male)),
        ("pria", Some(Sex::Male)),
        ("M", Some(Sex::Male)),
        ("m", Some(Sex::Male)),
        ("MALE", Some(Sex::Male)),
        ("Male", Some(Sex::Male)),
        ("MAN", Some(Sex::Male)),
        ("1", Some(Sex::Male)),
        ("\u{a0}L\u{a0}", Some(Sex::Male)),
        ("'L", Some(Sex::Male)),
        ("P", Some(Sex::Female)),
        (" p ", Some(Sex::Female)),
        ("P.", Some(Sex::Female)),
        ("PR", Some(Sex::Female)),
        ("Pr", Some(Sex::Female)),
        ("PEREMPUAN", Some(Sex::Female)),
        ("Perempuan", Some(Sex::Female)),
        ("WANITA", Some(Sex::Female)),
        ("wanita", Some(Sex::Female)),
        ("W", Some(Sex::Female)),
        ("F", Some(Sex::Female)),
        ("f", Some(Sex::Female)),
        ("FEMALE", Some(Sex::Female)),
        ("Female", Some(Sex::Female)),
        ("WOMAN", Some(Sex::Female)),
        ("2", Some(Sex::Female)),
        ("", None),
        ("   ", None),
        ("-", None),
        ("0", None),
        ("NIHIL", None),
        ("TDK ADA", None),
        ("N/A", None),
        ("X", None),
        ("3", None),
        ("LP", None),
        ("L/P", None),
        ("UNKNOWN", None),
        ("LAKI-LAKI PEREMPUAN", None),
        ("Ｌ", None),
        ("\0", None),
        ("LAKILAKILAKILAKILAKI", None),
    ];

    #[test]
    fn table_cases() {
        for &(input, want) in CASES {
            assert_eq!(parse_sex(input), want, "input {input:?}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(Sex::Male.code(), "M");
        assert_eq!(Sex::Female.code(), "F");
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(parse_sex(sex.code()), Some(sex));
        }
    }

    #[test]
    fn huge_input_is_unknown() {
        assert_eq!(parse_sex(&"L".repeat(100_000)), None);
    }
}
