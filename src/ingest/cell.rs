//! One spreadsheet cell as read, before any interpretation.
//!
//! Real spreadsheet dates stay [`Cell::Date`] (never serial numbers or text), numbers stay numbers
//! so that a NIK that Excel turned into a float can be recognised as damaged later.

use chrono::NaiveDate;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error value such as `#REF!`.
    Error(String),
}

impl Cell {
    /// Empty, or text that is only white space (including non-breaking spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.chars().all(|c| c.is_whitespace() || c == '\u{a0}'),
            _ => false,
        }
    }

    /// The cell as display text: numbers without a spurious `.0`, dates in ISO form, text trimmed of
    /// surrounding white space and of the apostrophe prefix Excel users type to force text.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => {
                let trimmed = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
                let trimmed = trimmed.strip_prefix('\'').unwrap_or(trimmed);
                if trimmed.len() == t.len() {
                    Cow::Borrowed(t.as_str())
                } else {
                    Cow::Owned(trimmed.to_string())
                }
            }
            Cell::Number(n) => Cow::Owned(format_number(*n)),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Cell::Error(e) => Cow::Owned(e.clone()),
        }
    }
}

/// Formats a number the way a person reads it in the sheet: integers without a decimal point (so a
/// passport `123456789` is not shown as `123456789.0`), other values in the shortest exact form.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms() {
        let cases: &[(Cell, &str)] = &[
            (Cell::Empty, ""),
            (Cell::Text("  BUDI \u{a0}".into()), "BUDI"),
            (Cell::Text("'012345".into()), "012345"),
            (Cell::Number(123456789.0), "123456789"),
            (Cell::Number(5203154105850000.0), "5203154105850000"),
            (Cell::Number(1.5), "1.5"),
            (
                Cell::Date(NaiveDate::from_ymd_opt(1985, 5, 21).unwrap()),
                "1985-05-21",
            ),
            (Cell::Bool(true), "TRUE"),
            (Cell::Error("#REF!".into()), "#REF!"),
        ];
        for (cell, want) in cases {
            assert_eq!(cell.as_text(), *want, "{cell:?}");
        }
    }

    #[test]
    fn blank_cells() {
        assert!(Cell::Empty.is_blank());
        assert!(Cell::Text(" \u{a0}\t".into()).is_blank());
        assert!(!Cell::Text("-".into()).is_blank());
        assert!(!Cell::Number(0.0).is_blank());
    }
}

/// Words agencies type for "no value" (domain.md §1.1), shared with the normalisers so that every
/// stage agrees on what "missing" is.
pub use crate::normalize::date::is_missing_token;

#[cfg(test)]
mod missing_tests {
    use super::is_missing_token;

    #[test]
    fn missing_tokens() {
        for t in [
            "",
            " ",
            "-",
            "--",
            "0",
            "NIHIL",
            "tdk ada",
            "BLM ADA",
            "N/A",
            "#N/A",
            "'-",
            "\u{2014}",
            "?",
            "Tidak diketahui",
        ] {
            assert!(is_missing_token(t), "{t:?}");
        }
        for t in ["A", "E1234567", "0812", "WANG"] {
            assert!(!is_missing_token(t), "{t:?}");
        }
    }
}
