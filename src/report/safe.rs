//! Formula-injection guard for cells that people open in Excel (OWASP "CSV injection").
//!
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a formula
//! by a spreadsheet. Such cells are prefixed with a single quote, which Excel shows as text.
//! Plain numbers ("-5", "+62 812…" is *not* plain) and a lone "-" (the usual "no value") are left as
//! they are: a spreadsheet cannot run them.

use std::borrow::Cow;

/// Returns the cell made safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let Some(first) = cell.chars().next() else {
        return Cow::Borrowed(cell);
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return Cow::Borrowed(cell);
    }
    if cell == "-"
        || (cell.len() > 1
            && cell.parse::<f64>().is_ok()
            && !cell.contains(['e', 'E', 'i', 'I', 'n', 'N']))
    {
        return Cow::Borrowed(cell);
    }
    Cow::Owned(format!("'{cell}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_starts() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"click\")",
                "'=HYPERLINK(\"http://x\",\"click\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("=1", "'=1"),
            ("-inf", "'-inf"),
            ("-NaN", "'-NaN"),
            ("+62 812 3456", "'+62 812 3456"),
            // Harmless values stay as they are.
            ("-", "-"),
            ("-5", "-5"),
            ("-1.5", "-1.5"),
            ("WANG WEI", "WANG WEI"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            assert_eq!(neutralise(input), want, "{input:?}");
        }
    }
}
