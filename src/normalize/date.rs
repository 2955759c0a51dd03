//! Dates as the agencies write them → [`DateValue`] (possibly partial), never guessed.
//!
//! Main types:
//!
//! ```text
//! &str ──parse_date──▶ Result<ParsedDate, DateProblem>
//!                       ParsedDate { value: DateValue { year, month?, day? },
//!                                    ambiguous, two_digit_year, from_serial }
//! &str ──parse_validity──▶ (start: Option<ParsedDate>, end: Option<ParsedDate>)
//! &str ──split_place_and_date──▶ (birthplace, Option<Result<ParsedDate, DateProblem>>)
//! f64  ──excel_serial_to_date──▶ Option<NaiveDate>
//! ```
//!
//! Conventions (see `docs/domain.md` §1.2):
//!
//! * **Day first.** Indonesian agencies write `dd/mm/yyyy`. `05/06/1985` is 5 June 1985 and is
//!   flagged `ambiguous` because 6 May is also a real date. `13/05/1985` has one reading and is
//!   not ambiguous. `05/13/1985` can only be 13 May (month-first); it is read that way and
//!   `ambiguous` stays `false`, because there is exactly one valid reading. Callers that want to
//!   detect month-first columns should look at the column as a whole (domain §1.2).
//! * **Two-digit years** are resolved against `pivot_year`, passed in by the caller so that the
//!   result never depends on the clock: a two-digit year *above* `pivot_year % 100` is 19yy,
//!   otherwise 20yy. With `pivot_year = 2025`, `85` → 1985, `25` → 2025, `26` → 1926.
//! * **Never guessed.** `31/02/1985`, month 13, day 0, year 0 and years outside
//!   [`MIN_YEAR`]`..=`[`MAX_YEAR`] are [`DateProblem::Impossible`], not corrected.
//! * **Excel serials** written as text are accepted only as 5-digit numbers between
//!   [`MIN_TEXT_SERIAL`] and [`MAX_TEXT_SERIAL`] (1927-05-18 .. 2100-12-31), read in the 1900
//!   date system (the system of almost every export; a text cell cannot tell us otherwise).
//!
//! The parser works on a small fixed-size token array: it allocates nothing, and it cannot panic
//! on any input (long or odd input is simply [`DateProblem::Unparseable`]).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Earliest four-digit year accepted. Older years in these records are typing errors.
pub const MIN_YEAR: i32 = 1800;
/// Latest four-digit year accepted (permit end dates can lie decades ahead, not centuries).
pub const MAX_YEAR: i32 = 2200;
/// Smallest Excel serial accepted when written as text (1927-05-18): 5 digits.
pub const MIN_TEXT_SERIAL: u32 = 10_000;
/// Largest Excel serial accepted when written as text (2100-12-31).
pub const MAX_TEXT_SERIAL: u32 = 73_415;

/// Input longer than this (in bytes, after trimming) is not a date cell.
const MAX_DATE_LEN: usize = 64;
/// Input longer than this is not searched for ranges or birthplaces (keeps the work linear).
const MAX_CELL_LEN: usize = 256;

/// A possibly partial calendar date (year only, month+year, or full).
///
/// Ordering is by year, then month, then day, with a missing part sorting before any present
/// one (`1985` < `1985-01` < `1985-01-01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateValue {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl DateValue {
    /// A full date from a chrono date (e.g. a real date cell read by calamine).
    pub fn from_naive(date: NaiveDate) -> Self {
        // month() is 1..=12 and day() is 1..=31, so the narrowing is lossless.
        Self {
            year: date.year(),
            month: u8::try_from(date.month()).ok(),
            day: u8::try_from(date.day()).ok(),
        }
    }

    /// The calendar date, when year, month and day are all known (and valid).
    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.month?), u32::from(self.day?))
    }

    /// ISO 8601 text at the known precision: `"1985-05-21"`, `"1985-05"` or `"1985"`.
    ///
    /// A day without a month cannot be built by this module; it is printed as year only.
    pub fn to_iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

/// A date read from text, with what the reader had to assume to get it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParsedDate {
    pub value: DateValue,
    /// Both the day-first and the month-first reading are valid and differ; the day-first one
    /// was taken (Indonesian convention). `false` when only one reading is a real date, even if
    /// that reading is month-first (`05/13/1985` → 13 May, not ambiguous).
    pub ambiguous: bool,
    /// The year was written with two digits and completed with the pivot rule.
    pub two_digit_year: bool,
    /// The text was an Excel serial day number (e.g. `31188`).
    pub from_serial: bool,
}

impl ParsedDate {
    fn plain(value: DateValue) -> Self {
        Self {
            value,
            ambiguous: false,
            two_digit_year: false,
            from_serial: false,
        }
    }
}

/// Why a date cell gave no date. Callers branch on it: `Empty` is not an error to report,
/// the other two are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum DateProblem {
    /// Blank, or a missing-value marker such as `-`, `0`, `NIHIL`, `TDK ADA`, `N/A`.
    #[error("the cell is empty or holds a missing-value marker")]
    Empty,
    /// The text is not a date in any form this reader knows.
    #[error("the text is not a recognisable date")]
    Unparseable,
    /// The text is shaped like a date but names no real day (31 February, month 13, year 0).
    #[error(
        "the date does not exist in the calendar (for example 31 February, month 13 or year 0)"
    )]
    Impossible,
}

/// True for cells that mean "no value": blank, `-`, `0`, `NIHIL`, `TDK ADA`, `BLM ADA`, `N/A`, ….
///
/// Shared by the other normalisers (sex, nationality) so they agree on what "missing" is.
/// Case, dots, dashes, slashes and spaces are ignored, so `tdk. ada`, `N.A.` and `-/-` match.
pub fn is_missing_token(text: &str) -> bool {
    // Fold into a small stack buffer: letters/digits uppercased, separators collapsed.
    let mut buf = [0u8; 16];
    let mut len = 0usize;
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if !ch.is_ascii() {
                return false;
            }
            // Every marker starts with 0, N, K, T or B: most real values (names, addresses,
            // numbers) are rejected at their first letter, which matters because the stage asks
            // this of every cell.
            if len == 0 && !matches!(ch.to_ascii_uppercase(), '0' | 'N' | 'K' | 'T' | 'B') {
                return false;
            }
            if pending_space && len > 0 {
                match buf.get_mut(len) {
                    Some(slot) => *slot = b' ',
                    None => return false,
                }
                len += 1;
            }
            pending_space = false;
            match buf.get_mut(len) {
                // `ch` is ASCII here, so the cast is exact.
                Some(slot) => *slot = (ch as u8).to_ascii_uppercase(),
                None => return false,
            }
            len += 1;
        } else if ch.is_whitespace()
            || matches!(
                ch,
                '.' | '-'
                    | '_'
                    | '/'
                    | '\\'
                    | ','
                    | ';'
                    | '\''
                    | '`'
                    | '\u{2019}'
                    | '#'
                    | '?'
                    | '\u{2013}'
                    | '\u{2014}'
            )
        {
            pending_space = true;
        } else {
            return false;
        }
    }
    super::is_missing_word(buf.get(..len).unwrap_or(&[]))
}

/// Trim spaces (including NBSP and other Unicode spaces) and a spreadsheet apostrophe prefix.
fn clean(text: &str) -> &str {
    let t = text.trim();
    let t = t.trim_start_matches(['\'', '`', '\u{2019}', '\u{2018}']);
    t.trim()
}

/// Complete a two-digit year with the pivot rule (see the module docs).
fn expand_two_digit_year(yy: u32, pivot_year: i32) -> i32 {
    let pivot = pivot_year.rem_euclid(100);
    // yy < 100 here, so the cast is exact.
    let yy = yy as i32;
    if yy > pivot {
        1900 + yy
    } else {
        2000 + yy
    }
}

/// Month number of an Indonesian or English month name or abbreviation (any case).
fn month_from_word(word: &str) -> Option<u8> {
    let mut buf = [0u8; 12];
    let bytes = word.as_bytes();
    let dst = buf.get_mut(..bytes.len())?;
    dst.copy_from_slice(bytes);
    dst.make_ascii_uppercase();
    let m = match &*dst {
        b"JAN" | b"JANUARI" | b"JANUARY" => 1,
        b"FEB" | b"FEBR" | b"PEB" | b"FEBRUARI" | b"PEBRUARI" | b"FEBRUARY" => 2,
        b"MAR" | b"MRT" | b"MARET" | b"MARCH" => 3,
        b"APR" | b"APRIL" => 4,
        b"MEI" | b"MAY" => 5,
        b"JUN" | b"JUNI" | b"JUNE" => 6,
        b"JUL" | b"JULI" | b"JULY" => 7,
        b"AGU" | b"AGT" | b"AGS" | b"AGST" | b"AGUS" | b"AGUSTUS" | b"AUG" | b"AUGUST" => 8,
        b"SEP" | b"SEPT" | b"SEPTEMBER" => 9,
        b"OKT" | b"OKTOBER" | b"OCT" | b"OCTOBER" => 10,
        b"NOV" | b"NOP" | b"NOVEMBER" | b"NOPEMBER" => 11,
        b"DES" | b"DESEMBER" | b"DEC" | b"DECEMBER" => 12,
        _ => return None,
    };
    Some(m)
}

/// Words that may surround a date without changing it (`tgl.`, weekday names, `of`).
fn is_filler_word(word: &str) -> bool {
    let mut buf = [0u8; 12];
    let bytes = word.as_bytes();
    let Some(dst) = buf.get_mut(..bytes.len()) else {
        return false;
    };
    dst.copy_from_slice(bytes);
    dst.make_ascii_uppercase();
    matches!(
        &*dst,
        b"OF"
            | b"TGL"
            | b"TANGGAL"
            | b"SENIN"
            | b"SELASA"
            | b"RABU"
            | b"KAMIS"
            | b"JUMAT"
            | b"SABTU"
            | b"MINGGU"
            | b"MON"
            | b"TUE"
            | b"WED"
            | b"THU"
            | b"FRI"
            | b"SAT"
            | b"SUN"
            | b"MONDAY"
            | b"TUESDAY"
            | b"WEDNESDAY"
            | b"THURSDAY"
            | b"FRIDAY"
            | b"SATURDAY"
            | b"SUNDAY"
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A run of digits: its value and how many digits were written.
    Num { val: u32, len: u8 },
    /// A month name.
    Month(u8),
}

const MAX_TOKS: usize = 6;

/// Split a date into numbers and month words; `None` if anything else is in it.
fn tokenize(text: &str) -> Option<([Tok; MAX_TOKS], usize)> {
    let mut toks = [Tok::Num { val: 0, len: 0 }; MAX_TOKS];
    let mut n = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut prev_was_num = false;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let digits = text.get(start..i)?;
            if digits.len() > 8 {
                return None;
            }
            let val: u32 = digits.parse().ok()?;
            *toks.get_mut(n)? = Tok::Num {
                val,
                len: u8::try_from(digits.len()).ok()?,
            };
            n += 1;
            prev_was_num = true;
        } else if b.is_ascii_alphabetic() {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            let word = text.get(start..i)?;
            let is_ordinal = prev_was_num
                && start > 0
                && bytes.get(start - 1).is_some_and(u8::is_ascii_digit)
                && (word.eq_ignore_ascii_case("st")
                    || word.eq_ignore_ascii_case("nd")
                    || word.eq_ignore_ascii_case("rd")
                    || word.eq_ignore_ascii_case("th"));
            if is_ordinal || is_filler_word(word) {
                // "21st": the number stands alone; "tgl", weekdays: ignored.
            } else {
                let m = month_from_word(word)?;
                *toks.get_mut(n)? = Tok::Month(m);
                n += 1;
            }
            prev_was_num = false;
        } else if matches!(
            b,
            b'/' | b'-' | b'.' | b',' | b' ' | b'\t' | b'\r' | b'\n' | b'_' | b'\\'
        ) {
            i += 1;
            prev_was_num = false;
        } else {
            // Non-ASCII: allow Unicode whitespace (NBSP inside the cell), refuse the rest.
            let ch = text.get(i..)?.chars().next()?;
            if !ch.is_whitespace() {
                return None;
            }
            i += ch.len_utf8();
            prev_was_num = false;
        }
    }
    Some((toks, n))
}

/// Cut a trailing time of day (`1985-05-21 00:00:00`, `1985-05-21T00:00:00.000Z`).
fn strip_time(text: &str) -> Result<&str, DateProblem> {
    let Some(colon) = text.find(':') else {
        return Ok(text);
    };
    let head = text.get(..colon).ok_or(DateProblem::Unparseable)?;
    let cut = head
        .rfind([' ', 'T', 't'])
        .ok_or(DateProblem::Unparseable)?;
    let time = text.get(cut + 1..).ok_or(DateProblem::Unparseable)?;
    let time = time.trim();
    let time = time
        .strip_suffix(['Z', 'z'])
        .or_else(|| time.strip_suffix("AM"))
        .or_else(|| time.strip_suffix("PM"))
        .unwrap_or(time)
        .trim_end();
    if time.is_empty()
        || !time
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return Err(DateProblem::Unparseable);
    }
    text.get(..cut)
        .map(str::trim_end)
        .ok_or(DateProblem::Unparseable)
}

fn year4(val: u32) -> Result<i32, DateProblem> {
    let y = i32::try_from(val).map_err(|_| DateProblem::Impossible)?;
    if (MIN_YEAR..=MAX_YEAR).contains(&y) {
        Ok(y)
    } else {
        Err(DateProblem::Impossible)
    }
}

/// A year token: four digits (range-checked) or two digits (pivot rule).
fn year_tok(val: u32, len: u8, pivot_year: i32) -> Result<(i32, bool), DateProblem> {
    match len {
        4 => Ok((year4(val)?, false)),
        2 => Ok((expand_two_digit_year(val, pivot_year), true)),
        _ => Err(DateProblem::Unparseable),
    }
}

fn valid_ymd(y: i32, m: u32, d: u32) -> bool {
    NaiveDate::from_ymd_opt(y, m, d).is_some()
}

fn full_value(y: i32, m: u32, d: u32) -> Result<DateValue, DateProblem> {
    if !valid_ymd(y, m, d) {
        return Err(DateProblem::Impossible);
    }
    Ok(DateValue {
        year: y,
        month: u8::try_from(m).ok(),
        day: u8::try_from(d).ok(),
    })
}

fn month_value(y: i32, m: u32) -> Result<DateValue, DateProblem> {
    if !(1..=12).contains(&m) {
        return Err(DateProblem::Impossible);
    }
    Ok(DateValue {
        year: y,
        month: u8::try_from(m).ok(),
        day: None,
    })
}

/// Day and month given as numbers: day first unless only month-first is a real date.
fn day_month_numeric(a: u32, b: u32, year: i32) -> Result<(DateValue, bool), DateProblem> {
    let dm = valid_ymd(year, b, a);
    let md = valid_ymd(year, a, b);
    if dm {
        Ok((full_value(year, b, a)?, md && a != b))
    } else if md {
        Ok((full_value(year, a, b)?, false))
    } else {
        Err(DateProblem::Impossible)
    }
}

/// A lone run of digits: year, Excel serial, `yyyymmdd` or `ddmmyyyy`.
fn parse_digits(val: u32, len: u8) -> Result<ParsedDate, DateProblem> {
    match len {
        4 => Ok(ParsedDate::plain(DateValue {
            year: year4(val)?,
            month: None,
            day: None,
        })),
        5 => {
            if !(MIN_TEXT_SERIAL..=MAX_TEXT_SERIAL).contains(&val) {
                return Err(DateProblem::Unparseable);
            }
            let d = excel_serial_to_date(f64::from(val), false).ok_or(DateProblem::Unparseable)?;
            Ok(ParsedDate {
                from_serial: true,
                ..ParsedDate::plain(DateValue::from_naive(d))
            })
        }
        8 => {
            // yyyymmdd and ddmmyyyy can never both be valid (a ddmm year 18..22 would be a
            // month), so taking whichever is valid is unambiguous.
            let (hi, lo) = (val / 10_000, val % 10_000);
            let ymd_year = year4(hi);
            if let Ok(y) = ymd_year {
                if let Ok(v) = full_value(y, lo / 100, lo % 100) {
                    return Ok(ParsedDate::plain(v));
                }
            }
            let dmy_year = year4(lo);
            if let Ok(y) = dmy_year {
                if let Ok(v) = full_value(y, hi % 100, hi / 100) {
                    return Ok(ParsedDate::plain(v));
                }
            }
            if ymd_year.is_ok() || dmy_year.is_ok() || val == 0 {
                Err(DateProblem::Impossible)
            } else {
                Err(DateProblem::Unparseable)
            }
        }
        _ => Err(DateProblem::Unparseable),
    }
}

/// Parse one date cell. See the module docs for the accepted forms and conventions.
///
/// `pivot_year` completes two-digit years: `yy > pivot_year % 100` → 19yy, else 20yy.
pub fn parse_date(text: &str, pivot_year: i32) -> Result<ParsedDate, DateProblem> {
    let t = clean(text);
    if is_missing_token(t) {
        return Err(DateProblem::Empty);
    }
    if t.len() > MAX_DATE_LEN {
        return Err(DateProblem::Unparseable);
    }
    let t = strip_time(t)?;
    let (toks, n) = tokenize(t).ok_or(DateProblem::Unparseable)?;
    let toks = toks.get(..n).ok_or(DateProblem::Unparseable)?;
    use Tok::{Month, Num};
    match *toks {
        [] => Err(DateProblem::Unparseable),
        [Num { val, len }] => parse_digits(val, len),
        // "31188.0": a serial that went through a float.
        [Num { val, len: 5 }, Num { val: 0, .. }] if t.contains('.') => parse_digits(val, 5),
        // "Mei 1985", "MEI 85", "1985 Mei" (never "21 Mei": a day without a year)
        [Month(m), Num {
            val,
            len: len @ (2 | 4),
        }]
        | [Num { val, len: len @ 4 }, Month(m)] => {
            let (y, two) = year_tok(val, len, pivot_year)?;
            Ok(ParsedDate {
                two_digit_year: two,
                ..ParsedDate::plain(month_value(y, u32::from(m))?)
            })
        }
        // "1985-05"
        [Num { val: y, len: 4 }, Num { val: m, len: 1..=2 }] => {
            Ok(ParsedDate::plain(month_value(year4(y)?, m)?))
        }
        // "05/1985"
        [Num { val: m, len: 1..=2 }, Num { val: y, len: 4 }] => {
            Ok(ParsedDate::plain(month_value(year4(y)?, m)?))
        }
        // ISO "1985-05-21" (year first is never day-first)
        [Num { val: y, len: 4 }, Num { val: m, len: 1..=2 }, Num { val: d, len: 1..=2 }] => {
            Ok(ParsedDate::plain(full_value(year4(y)?, m, d)?))
        }
        // "21/05/1985", "21-05-85"
        [Num { val: a, len: 1..=2 }, Num { val: b, len: 1..=2 }, Num { val: y, len: ylen }] => {
            let (year, two) = year_tok(y, ylen, pivot_year)?;
            let (value, ambiguous) = day_month_numeric(a, b, year)?;
            Ok(ParsedDate {
                value,
                ambiguous,
                two_digit_year: two,
                from_serial: false,
            })
        }
        // "21 Mei 1985", "21-Agu-85", "Aug 21, 1985", "1985 May 21"
        [Num { val: d, len: 1..=2 }, Month(m), Num { val: y, len: ylen }]
        | [Month(m), Num { val: d, len: 1..=2 }, Num { val: y, len: ylen }] => {
            let (year, two) = year_tok(y, ylen, pivot_year)?;
            Ok(ParsedDate {
                two_digit_year: two,
                ..ParsedDate::plain(full_value(year, u32::from(m), d)?)
            })
        }
        [Num { val: y, len: 4 }, Month(m), Num { val: d, len: 1..=2 }] => {
            Ok(ParsedDate::plain(full_value(year4(y)?, u32::from(m), d)?))
        }
        _ => Err(DateProblem::Unparseable),
    }
}

/// Convert an Excel serial day number to a date.
///
/// * 1900 system (`date1904 = false`): serial 1 is 1900-01-01. Excel counts a 29 February 1900
///   that never existed (serial 60, the Lotus bug); serial 60 gives `None`, and serials from 61
///   on count from 1899-12-30 so that `31188` is 1985-05-21.
/// * 1904 system (`date1904 = true`, old Mac workbooks): serial 0 is 1904-01-01.
///
/// A fractional part (time of day) is dropped. Negative, non-finite, zero (1900 system) and
/// serials past 9999-12-31 give `None`.
pub fn excel_serial_to_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    // In range [0, 3e6): the truncation is exact and fits in i64.
    let days = serial.floor() as i64;
    let (epoch, offset) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else {
        match days {
            0 | 60 => return None,
            1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
            _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
        }
    };
    epoch.checked_add_days(chrono::Days::new(u64::try_from(offset).ok()?))
}

/// Case-insensitive ASCII search for `needle` in `hay` at or after `from`.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let &first = n.first()?;
    if h.len() < n.len() {
        return None;
    }
    // Compare the first byte before the whole window: most positions fail there, and this runs
    // for every "until" marker over every validity cell.
    (from..=h.len() - n.len()).find(|&i| {
        h.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&first))
            && h.get(i..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

fn is_word_byte(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_alphanumeric)
}

/// "Until" markers, longest first so `sampai dengan` wins over `sampai`.
/// `true` = the marker is a word and needs a word boundary on both sides.
const UNTIL_MARKERS: [(&str, bool); 10] = [
    ("sampai dengan", true),
    ("s/d.", false),
    ("s/d", false),
    ("s.d.", false),
    ("s.d", false),
    ("sampai", true),
    ("hingga", true),
    ("until", true),
    ("sd", true),
    ("to", true),
];

/// Find the first "until" marker: (start, end) byte offsets.
fn find_until_marker(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut best: Option<(usize, usize)> = None;
    for (marker, wordy) in UNTIL_MARKERS {
        let mut from = 0;
        while let Some(i) = find_ci(t, marker, from) {
            let j = i + marker.len();
            let left_ok = i == 0 || !is_word_byte(b.get(i - 1));
            let right_ok = !wordy || !is_word_byte(b.get(j));
            if left_ok && right_ok {
                match best {
                    Some((bi, _)) if bi <= i => {}
                    _ => best = Some((i, j)),
                }
                break;
            }
            from = i + 1;
        }
    }
    best
}

/// Read a validity cell: `(start, end)`.
///
/// * `s/d 31-05-2025`, `s.d. …`, `sd …`, `sampai …`, `hingga …` → `(None, Some(end))`
/// * `01/06/2024 - 31/05/2025`, `01-06-2024 s/d 31-05-2025` → `(Some(start), Some(end))`
/// * a bare date → `(None, Some(date))`: in a validity column a lone date is the end.
///
/// Anything unreadable on a side gives `None` for that side; problems are not reported here
/// (call [`parse_date`] on the cell to learn why).
pub fn parse_validity(text: &str, pivot_year: i32) -> (Option<ParsedDate>, Option<ParsedDate>) {
    let t = clean(text);
    if t.is_empty() || is_missing_token(t) || t.len() > MAX_CELL_LEN {
        return (None, None);
    }
    if let Some((i, j)) = find_until_marker(t) {
        let left = t.get(..i).unwrap_or("");
        let right = t.get(j..).unwrap_or("");
        let start = parse_date(left, pivot_year).ok();
        let end = parse_date(right, pivot_year).ok();
        if end.is_some() {
            return (start, end);
        }
    }
    if let Ok(d) = parse_date(t, pivot_year) {
        return (None, Some(d));
    }
    // A dash range: try each dash (spaced ones first) until both sides are dates.
    for spaced in [true, false] {
        for (i, ch) in t.char_indices() {
            if !matches!(ch, '-' | '\u{2013}' | '\u{2014}' | '~') {
                continue;
            }
            let j = i + ch.len_utf8();
            let is_spaced = t.get(..i).is_some_and(|s| s.ends_with(char::is_whitespace))
                || t.get(j..)
                    .is_some_and(|s| s.starts_with(char::is_whitespace));
            if is_spaced != spaced {
                continue;
            }
            let (Some(left), Some(right)) = (t.get(..i), t.get(j..)) else {
                continue;
            };
            if let (Ok(s), Ok(e)) = (parse_date(left, pivot_year), parse_date(right, pivot_year)) {
                return (Some(s), Some(e));
            }
        }
    }
    (None, None)
}

/// Characters trimmed from both ends of a birthplace.
fn is_place_trim(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, ',' | '/' | '(' | ')' | '-' | ';' | ':')
}

/// The alphabetic word that ends right before byte `pos` (skipping spaces and commas), as
/// (start, end) offsets.
fn word_before(t: &str, pos: usize) -> Option<(usize, usize)> {
    let head = t.get(..pos)?;
    let end = head.trim_end_matches([' ', ',', '\u{a0}']).len();
    let head = t.get(..end)?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    Some((start, end))
}

/// Split a "place and date of birth" cell into the birthplace and the date.
///
/// `BEIJING, 12-03-1980`, `Sydney / 12 Maret 1980`, `12-03-1980 (BEIJING)`,
/// `KUALA LUMPUR 05-06-1975`, `SYDNEY` (place only), `12-03-1980` (date only).
/// The date is the stretch from the first to the last digit (plus a month name just before it,
/// as in `Aug 21, 1985`); the rest, trimmed of `,/()-` and spaces, is the place, in its
/// original case. A blank or missing-value cell gives `(None, None)`; a stretch with digits
/// that is not a date gives `Some(Err(..))` so the caller can report it.
pub fn split_place_and_date(
    text: &str,
    pivot_year: i32,
) -> (Option<String>, Option<Result<ParsedDate, DateProblem>>) {
    let t = clean(text);
    if is_missing_token(t) {
        return (None, None);
    }
    if t.len() > MAX_CELL_LEN {
        return (None, Some(Err(DateProblem::Unparseable)));
    }
    let first = t.find(|c: char| c.is_ascii_digit());
    let last = t.rfind(|c: char| c.is_ascii_digit());
    let (Some(first), Some(last)) = (first, last) else {
        return (place_from(t, ""), None);
    };
    let mut start = first;
    // Include an ordinal suffix after the last digit ("21st") — harmless for the date parser.
    let mut end = last + 1;
    let tail = t.get(end..).unwrap_or("");
    for suffix in ["st", "nd", "rd", "th"] {
        if tail.len() >= 2
            && tail
                .get(..2)
                .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
            && !tail.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic)
        {
            end += 2;
        }
    }
    // "Jakarta, Aug 21, 1985": pull a month word in front of the digits into the date.
    if let Some((ws, we)) = word_before(t, first) {
        if t.get(ws..we).and_then(month_from_word).is_some() {
            if let Some(candidate) = t.get(ws..end) {
                if parse_date(candidate, pivot_year).is_ok() {
                    start = ws;
                }
            }
        }
    }
    let date_text = t.get(start..end).unwrap_or("");
    let date = parse_date(date_text, pivot_year);
    let before = t.get(..start).unwrap_or("");
    let after = t.get(end..).unwrap_or("");
    (place_from(before, after), Some(date))
}

fn place_from(before: &str, after: &str) -> Option<String> {
    let b = before.trim_matches(is_place_trim);
    let a = after.trim_matches(is_place_trim);
    let place = match (b.is_empty(), a.is_empty()) {
        (true, true) => return None,
        (false, true) => b.to_owned(),
        (true, false) => a.to_owned(),
        (false, false) => format!("{b} {a}"),
    };
    if is_missing_token(&place) {
        None
    } else {
        Some(place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIVOT: i32 = 2025;

    fn full(y: i32, m: u8, d: u8) -> DateValue {
        DateValue {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }
    fn ym(y: i32, m: u8) -> DateValue {
        DateValue {
            year: y,
            month: Some(m),
            day: None,
        }
    }
    fn yo(y: i32) -> DateValue {
        DateValue {
            year: y,
            month: None,
            day: None,
        }
    }

    /// (input, (year, month, day), ambiguous, two_digit_year, from_serial)
    type OkCase = (&'static str, (i32, u8, u8), bool, bool, bool);

    const OK_CASES: &[OkCase] = &[
        // ISO, with and without time
        ("1985-05-21", (1985, 5, 21), false, false, false),
        ("1985-05-21 00:00:00", (1985, 5, 21), false, false, false),
        ("1985-05-21T00:00:00", (1985, 5, 21), false, false, false),
        (
            "1985-05-21T13:45:10.000Z",
            (1985, 5, 21),
            false,
            false,
            false,
        ),
        ("1985/05/21", (1985, 5, 21), false, false, false),
        ("1985-5-1", (1985, 5, 1), false, false, false),
        ("2024-02-29", (2024, 2, 29), false, false, false),
        // day first, every separator
        ("21/05/1985", (1985, 5, 21), false, false, false),
        ("21-05-1985", (1985, 5, 21), false, false, false),
        ("21.05.1985", (1985, 5, 21), false, false, false),
        ("21 05 1985", (1985, 5, 21), false, false, false),
        ("1/5/1985", (1985, 5, 1), true, false, false),
        ("5/6/1985", (1985, 6, 5), true, false, false),
        ("05/06/1985", (1985, 6, 5), true, false, false),
        ("06/06/1985", (1985, 6, 6), false, false, false),
        ("12/12/2012", (2012, 12, 12), false, false, false),
        ("13/05/1985", (1985, 5, 13), false, false, false),
        ("31/12/1999", (1999, 12, 31), false, false, false),
        ("01/12/1999", (1999, 12, 1), true, false, false),
        ("21/05/1985 00:00", (1985, 5, 21), false, false, false),
        ("21/05/1985 12:00 PM", (1985, 5, 21), false, false, false),
        // only month-first is valid: read that way, not ambiguous
        ("05/13/1985", (1985, 5, 13), false, false, false),
        ("12/31/2025", (2025, 12, 31), false, false, false),
        // two-digit years, pivot 2025
        ("21-05-85", (1985, 5, 21), false, true, false),
        ("21/05/25", (2025, 5, 21), false, true, false),
        ("21/05/26", (1926, 5, 21), false, true, false),
        ("01/01/00", (2000, 1, 1), false, true, false),
        ("15.08.99", (1999, 8, 15), false, true, false),
        // compact digits
        ("19560731", (1956, 7, 31), false, false, false),
        ("20250531", (2025, 5, 31), false, false, false),
        ("31071956", (1956, 7, 31), false, false, false),
        ("21051985", (1985, 5, 21), false, false, false),
        // Indonesian month names
        ("21 Mei 1985", (1985, 5, 21), false, false, false),
        ("21 MEI 85", (1985, 5, 21), false, true, false),
        ("21-Mei-85", (1985, 5, 21), false, true, false),
        ("21 mei 1985", (1985, 5, 21), false, false, false),
        ("21 Agustus 1985", (1985, 8, 21), false, false, false),
        ("21-Agu-85", (1985, 8, 21), false, true, false),
        ("21 Agt 1985", (1985, 8, 21), false, false, false),
        ("21 Ags 1985", (1985, 8, 21), false, false, false),
        ("2 Nopember 1979", (1979, 11, 2), false, false, false),
        ("2 November 1979", (1979, 11, 2), false, false, false),
        ("2 Nop 1979", (1979, 11, 2), false, false, false),
        ("14 Peb 1990", (1990, 2, 14), false, false, false),
        ("14 Pebruari 1990", (1990, 2, 14), false, false, false),
        ("14 Februari 1990", (1990, 2, 14), false, false, false),
        ("3 Mrt 1970", (1970, 3, 3), false, false, false),
        ("3 Maret 1970", (1970, 3, 3), false, false, false),
        ("9 Okt 2001", (2001, 10, 9), false, false, false),
        ("9 Oktober 2001", (2001, 10, 9), false, false, false),
        ("25 Des 1960", (1960, 12, 25), false, false, false),
        ("25 Desember 1960", (1960, 12, 25), false, false, false),
        ("1 Januari 1990", (1990, 1, 1), false, false, false),
        ("30 Juni 2024", (2024, 6, 30), false, false, false),
        ("17 Juli 1945", (1945, 7, 17), false, false, false),
        ("17 April 1945", (1945, 4, 17), false, false, false),
        ("17 Sept 1945", (1945, 9, 17), false, false, false),
        ("Selasa, 21 Mei 1985", (1985, 5, 21), false, false, false),
        ("tgl. 21 Mei 1985", (1985, 5, 21), false, false, false),
        // English month names
        ("Aug 21, 1985", (1985, 8, 21), false, false, false),
        ("August 21 1985", (1985, 8, 21), false, false, false),
        ("21st August 1985", (1985, 8, 21), false, false, false),
        ("1st of May 1990", (1990, 5, 1), false, false, false),
        ("2nd Feb 1990", (1990, 2, 2), false, false, false),
        ("23rd March 1990", (1990, 3, 23), false, false, false),
        ("May 3, 1990", (1990, 5, 3), false, false, false),
        ("03-DEC-1990", (1990, 12, 3), false, false, false),
        ("03-Oct-90", (1990, 10, 3), false, true, false),
        ("1985-May-21", (1985, 5, 21), false, false, false),
        // Excel serials as text
        ("31188", (1985, 5, 21), false, false, true),
        ("31188.0", (1985, 5, 21), false, false, true),
        ("45808", (2025, 5, 31), false, false, true),
        ("10000", (1927, 5, 18), false, false, true),
        // apostrophes and spaces
        ("'21/05/1985", (1985, 5, 21), false, false, false),
        ("  21/05/1985  ", (1985, 5, 21), false, false, false),
        ("\u{a0}21/05/1985\u{a0}", (1985, 5, 21), false, false, false),
        ("21\u{a0}Mei\u{a0}1985", (1985, 5, 21), false, false, false),
        ("'31188", (1985, 5, 21), false, false, true),
        ("\t21-05-1985\n", (1985, 5, 21), false, false, false),
    ];

    #[test]
    fn full_dates() {
        for &(input, (y, m, d), amb, two, serial) in OK_CASES {
            let got = parse_date(input, PIVOT);
            let want = ParsedDate {
                value: full(y, m, d),
                ambiguous: amb,
                two_digit_year: two,
                from_serial: serial,
            };
            assert_eq!(got, Ok(want), "input {input:?}");
        }
    }

    #[test]
    fn partial_dates() {
        let cases: &[(&str, DateValue, bool)] = &[
            ("Mei 1985", ym(1985, 5), false),
            ("MEI 85", ym(1985, 5), true),
            ("Agustus 2024", ym(2024, 8), false),
            ("May, 1985", ym(1985, 5), false),
            ("05/1985", ym(1985, 5), false),
            ("5-1985", ym(1985, 5), false),
            ("1985-05", ym(1985, 5), false),
            ("2025/12", ym(2025, 12), false),
            ("1985", yo(1985), false),
            ("'1985", yo(1985), false),
            ("2025", yo(2025), false),
        ];
        for &(input, value, two) in cases {
            let got = parse_date(input, PIVOT).map(|p| (p.value, p.two_digit_year));
            assert_eq!(got, Ok((value, two)), "input {input:?}");
        }
    }

    #[test]
    fn problems() {
        let cases: &[(&str, DateProblem)] = &[
            ("", DateProblem::Empty),
            ("   ", DateProblem::Empty),
            ("\u{a0}", DateProblem::Empty),
            ("-", DateProblem::Empty),
            ("--", DateProblem::Empty),
            ("0", DateProblem::Empty),
            ("NIHIL", DateProblem::Empty),
            ("nihil", DateProblem::Empty),
            ("TDK ADA", DateProblem::Empty),
            ("Tdk. Ada", DateProblem::Empty),
            ("TIDAK ADA", DateProblem::Empty),
            ("BLM ADA", DateProblem::Empty),
            ("N/A", DateProblem::Empty),
            ("n/a", DateProblem::Empty),
            ("'", DateProblem::Empty),
            ("31/02/1985", DateProblem::Impossible),
            ("29/02/1985", DateProblem::Impossible),
            ("30/02/2024", DateProblem::Impossible),
            ("00/00/0000", DateProblem::Impossible),
            ("00/05/1985", DateProblem::Impossible),
            ("21/13/1985", DateProblem::Impossible),
            ("13/13/1985", DateProblem::Impossible),
            ("32/01/1985", DateProblem::Impossible),
            ("21/05/0000", DateProblem::Impossible),
            ("0000", DateProblem::Impossible),
            ("1985-13-01", DateProblem::Impossible),
            ("1985-02-30", DateProblem::Impossible),
            ("13/1985", DateProblem::Impossible),
            ("1985-00", DateProblem::Impossible),
            ("31 Juni 1985", DateProblem::Impossible),
            ("0 Mei 1985", DateProblem::Impossible),
            ("19850231", DateProblem::Impossible),
            ("00000000", DateProblem::Impossible),
            ("21/05/1085", DateProblem::Impossible),
            ("21/05/9999", DateProblem::Impossible),
            ("abc", DateProblem::Unparseable),
            ("BEIJING", DateProblem::Unparseable),
            ("21/05", DateProblem::Unparseable),
            ("21 Mei", DateProblem::Unparseable),
            ("Mei", DateProblem::Unparseable),
            ("21/05/198", DateProblem::Unparseable),
            ("210585", DateProblem::Unparseable),
            ("99999", DateProblem::Unparseable),
            ("1234567890123", DateProblem::Unparseable),
            ("21 Mai 1985", DateProblem::Unparseable),
            ("21/05/1985 abc", DateProblem::Unparseable),
            ("21/05/1985 ab:cd", DateProblem::Unparseable),
            ("21//05//1985//01", DateProblem::Unparseable),
            ("1.2.3.4.5.6.7.8", DateProblem::Unparseable),
            ("２１/05/1985", DateProblem::Unparseable),
            ("21/05/1985\0", DateProblem::Unparseable),
            (":", DateProblem::Unparseable),
            ("T:", DateProblem::Unparseable),
        ];
        for &(input, problem) in cases {
            assert_eq!(parse_date(input, PIVOT), Err(problem), "input {input:?}");
        }
    }

    #[test]
    fn pivot_is_a_parameter() {
        let cases: &[(&str, i32, i32)] = &[
            ("21/05/85", 2025, 1985),
            ("21/05/85", 2090, 2085),
            ("21/05/30", 2025, 1930),
            ("21/05/30", 2030, 2030),
            ("21/05/00", 1999, 2000),
            ("21/05/99", 1999, 2099),
        ];
        for &(input, pivot, year) in cases {
            let got = parse_date(input, pivot).map(|p| p.value.year);
            assert_eq!(got, Ok(year), "input {input:?} pivot {pivot}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long = "9".repeat(100_000);
        let odd = [
            "\0",
            "\u{feff}",
            "🎉🎉",
            "١٢/٠٥/١٩٨٥",
            "T",
            "::::",
            "1985-05-21T",
            "s/d",
            "- -",
            "1/2/3/4/5/6/7/8/9",
            long.as_str(),
        ];
        for s in odd {
            let r = parse_date(s, PIVOT);
            assert!(r.is_err(), "{s:?} → {r:?}");
            let _ = parse_validity(s, PIVOT);
            let _ = split_place_and_date(s, PIVOT);
        }
        assert_eq!(parse_date(&long, PIVOT), Err(DateProblem::Unparseable));
    }

    /// Random cells built from date-ish pieces must never panic, and every date returned must
    /// be real and print back to something that parses to the same value.
    #[test]
    fn generated_cells_never_panic_and_round_trip() {
        const PIECES: &[&str] = &[
            "0", "1", "12", "31", "2", "05", "13", "00", "1985", "85", "2025", "31188", "19560731",
            "/", "-", ".", " ", ",", ":", "T", "'", "\u{a0}", "Mei", "AUG", "Nop", "s/d", "sd",
            "(", ")", "BEIJING", "é", "🎉", "\0", "st", "tgl", "Z",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut parsed = 0usize;
        for _ in 0..20_000 {
            let mut cell = String::new();
            for _ in 0..(next() % 8) {
                let i = usize::try_from(next() % PIECES.len() as u64).unwrap_or(0);
                cell.push_str(PIECES.get(i).copied().unwrap_or(""));
            }
            if let Ok(p) = parse_date(&cell, PIVOT) {
                parsed += 1;
                let v = p.value;
                if v.day.is_some() {
                    assert!(v.full().is_some(), "{cell:?} gave an impossible {v:?}");
                }
                assert_eq!(
                    parse_date(&v.to_iso(), PIVOT).map(|q| q.value),
                    Ok(v),
                    "{cell:?}"
                );
            }
            let _ = parse_validity(&cell, PIVOT);
            let _ = split_place_and_date(&cell, PIVOT);
        }
        assert!(
            parsed > 100,
            "the generator should hit real dates too, got {parsed}"
        );
    }

    #[test]
    fn to_iso_round_trips() {
        let cases: &[(DateValue, &str)] = &[
            (full(1985, 5, 21), "1985-05-21"),
            (full(2000, 1, 1), "2000-01-01"),
            (ym(1985, 5), "1985-05"),
            (yo(1985), "1985"),
        ];
        for &(value, iso) in cases {
            assert_eq!(value.to_iso(), iso);
            assert_eq!(value.to_string(), iso);
            assert_eq!(parse_date(iso, PIVOT).map(|p| p.value), Ok(value), "{iso}");
        }
        assert_eq!(
            full(1985, 5, 21).full(),
            NaiveDate::from_ymd_opt(1985, 5, 21)
        );
        assert_eq!(ym(1985, 5).full(), None);
        assert_eq!(yo(1985).full(), None);
        assert!(yo(1985) < ym(1985, 1));
        assert!(ym(1985, 1) < full(1985, 1, 1));
    }

    #[test]
    fn excel_serials() {
        let d = NaiveDate::from_ymd_opt;
        let cases: &[(f64, bool, Option<NaiveDate>)] = &[
            (31188.0, false, d(1985, 5, 21)),
            (31188.75, false, d(1985, 5, 21)),
            (1.0, false, d(1900, 1, 1)),
            (59.0, false, d(1900, 2, 28)),
            (60.0, false, None),
            (61.0, false, d(1900, 3, 1)),
            (45808.0, false, d(2025, 5, 31)),
            (73415.0, false, d(2100, 12, 31)),
            (0.0, false, None),
            (-1.0, false, None),
            (f64::NAN, false, None),
            (f64::INFINITY, false, None),
            (1e12, false, None),
            (0.0, true, d(1904, 1, 1)),
            (29726.0, true, d(1985, 5, 21)),
            (1.0, true, d(1904, 1, 2)),
        ];
        for &(serial, d1904, want) in cases {
            assert_eq!(
                excel_serial_to_date(serial, d1904),
                want,
                "{serial} {d1904}"
            );
        }
    }

    #[test]
    fn validity() {
        type V = (Option<DateValue>, Option<DateValue>);
        let cases: &[(&str, V)] = &[
            ("s/d 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("S/D 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("s.d. 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("s.d 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("sd 31/05/2025", (None, Some(full(2025, 5, 31)))),
            ("SD. 31/05/2025", (None, Some(full(2025, 5, 31)))),
            ("sampai 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("sampai dengan 31 Mei 2025", (None, Some(full(2025, 5, 31)))),
            ("hingga 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("Berlaku s/d 31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("valid until 31 May 2025", (None, Some(full(2025, 5, 31)))),
            (
                "01/06/2024 - 31/05/2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "01/06/2024 – 31/05/2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "01-06-2024 - 31-05-2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "01-06-2024-31-05-2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "01-06-2024 s/d 31-05-2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "01-06-2024 sd 31-05-2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "1 Juni 2024 sampai 31 Mei 2025",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            (
                "2024-06-01 to 2025-05-31",
                (Some(full(2024, 6, 1)), Some(full(2025, 5, 31))),
            ),
            ("31-05-2025", (None, Some(full(2025, 5, 31)))),
            ("'31/05/2025", (None, Some(full(2025, 5, 31)))),
            ("45808", (None, Some(full(2025, 5, 31)))),
            ("2025-05-31 00:00:00", (None, Some(full(2025, 5, 31)))),
            ("Mei 2025", (None, Some(ym(2025, 5)))),
            ("", (None, None)),
            ("-", (None, None)),
            ("NIHIL", (None, None)),
            ("s/d", (None, None)),
            ("s/d 31-02-2025", (None, None)),
            ("seumur hidup", (None, None)),
        ];
        for &(input, (start, end)) in cases {
            let (s, e) = parse_validity(input, PIVOT);
            assert_eq!(
                (s.map(|p| p.value), e.map(|p| p.value)),
                (start, end),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn place_and_date() {
        type Expected = Option<Result<DateValue, DateProblem>>;
        let cases: &[(&str, Option<&str>, Expected)] = &[
            (
                "BEIJING, 12-03-1980",
                Some("BEIJING"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "Sydney / 12 Maret 1980",
                Some("Sydney"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "12-03-1980 (BEIJING)",
                Some("BEIJING"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "SYDNEY,12-03-1980",
                Some("SYDNEY"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "Selong, 1 Januari 1990",
                Some("Selong"),
                Some(Ok(full(1990, 1, 1))),
            ),
            (
                "KUALA LUMPUR 05-06-1975",
                Some("KUALA LUMPUR"),
                Some(Ok(full(1975, 6, 5))),
            ),
            ("SYDNEY", Some("SYDNEY"), None),
            ("  Kuala Lumpur  ", Some("Kuala Lumpur"), None),
            ("12-03-1980", None, Some(Ok(full(1980, 3, 12)))),
            (
                "Jakarta, Aug 21, 1985",
                Some("Jakarta"),
                Some(Ok(full(1985, 8, 21))),
            ),
            (
                "New York, 21st August 1985",
                Some("New York"),
                Some(Ok(full(1985, 8, 21))),
            ),
            (
                "Des Moines, 12-03-1980",
                Some("Des Moines"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "Ho Chi Minh City - 12/03/1980",
                Some("Ho Chi Minh City"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "12-03-1980, BEIJING",
                Some("BEIJING"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "'BEIJING, 12-03-1980",
                Some("BEIJING"),
                Some(Ok(full(1980, 3, 12))),
            ),
            ("Perth, 1975", Some("Perth"), Some(Ok(yo(1975)))),
            (
                "BEIJING, 29292",
                Some("BEIJING"),
                Some(Ok(full(1980, 3, 12))),
            ),
            (
                "BEIJING, 31-02-1980",
                Some("BEIJING"),
                Some(Err(DateProblem::Impossible)),
            ),
            ("-, 12-03-1980", None, Some(Ok(full(1980, 3, 12)))),
            ("", None, None),
            ("-", None, None),
            ("NIHIL", None, None),
        ];
        for &(input, place, date) in cases {
            let (p, d) = split_place_and_date(input, PIVOT);
            assert_eq!(p.as_deref(), place, "place of {input:?}");
            assert_eq!(d.map(|r| r.map(|x| x.value)), date, "date of {input:?}");
        }
    }

    #[test]
    fn missing_tokens() {
        let cases: &[(&str, bool)] = &[
            ("", true),
            ("-", true),
            ("0", true),
            ("nihil", true),
            ("TDK ADA", true),
            ("tdk-ada", true),
            ("BLM ADA", true),
            ("Belum Ada", true),
            ("N/A", true),
            ("n.a.", true),
            ("NULL", true),
            ("00", false),
            ("ADA", false),
            ("L", false),
            ("CHINA", false),
            ("NIHILISM", false),
            ("TIDAK ADA DATA YANG PANJANG", false),
        ];
        for &(input, want) in cases {
            assert_eq!(is_missing_token(input), want, "input {input:?}");
        }
    }

    #[test]
    fn problems_display_as_sentences() {
        for p in [
            DateProblem::Empty,
            DateProblem::Unparseable,
            DateProblem::Impossible,
        ] {
            let s = p.to_string();
            assert!(s.starts_with("the "), "{s}");
        }
    }
}
