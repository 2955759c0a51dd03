//! Options shared by every human-facing report (workbook, brief, terminal): the language, masking
//! of identity numbers for reports that leave the team, and the reference date.

use crate::conflicts::{Conflict, Severity};
use crate::exit::ExitStatus;
use chrono::NaiveDate;

/// The language of labels and sentences. Indonesian is the default: the brief is for the TIMPORA
/// meeting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "indonesia" | "indonesian" | "bahasa" => Some(Lang::Id),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text in this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// How reports are written.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub lang: Lang,
    /// Mask passport numbers and NIKs (last four characters shown).
    pub redact: bool,
    /// The reference date permits were checked against.
    pub as_of: NaiveDate,
}

/// Masks an identity number, keeping the last four characters: `E12345678` → `*****5678`.
/// Values of four characters or fewer are masked whole. Several numbers in one cell
/// (`A1234567 / E7654321`) are masked one by one.
pub fn redact(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let n = token.chars().count();
        if n > 0 {
            let keep = if n > 4 { 4 } else { 0 };
            out.extend(std::iter::repeat_n('*', n - keep));
            out.extend(token.chars().skip(n - keep));
            token.clear();
        }
    };
    for c in value.chars() {
        if c.is_alphanumeric() {
            token.push(c);
        } else if c == '-' || c == '.' {
            // Separators inside a number belong to it.
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// The exit status of a run: `ConflictsFound` (3) when `fail_on` is given and a conflict of at
/// least that severity exists.
pub fn fail_on_status(conflicts: &[Conflict], fail_on: Option<Severity>) -> ExitStatus {
    match fail_on {
        Some(level) if conflicts.iter().any(|c| c.severity <= level) => ExitStatus::ConflictsFound,
        _ => ExitStatus::Success,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_identity_numbers() {
        let cases = [
            ("E12345678", "*****5678"),
            ("5203154105850001", "************0001"),
            ("A1234567 / E7654321", "****4567 / ****4321"),
            ("1234", "****"),
            ("", ""),
            ("2C11AB1234-A", "********34-A"),
        ];
        for (raw, want) in cases {
            assert_eq!(redact(raw), want, "{raw}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("id"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::En.pick("a", "b"), "b");
    }
}
