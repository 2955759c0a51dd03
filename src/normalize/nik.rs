//! NIK, the Indonesian 16-digit population number: `PP KK CC DDMMYY SSSS` (province, regency,
//! kecamatan of first registration, date of birth with day + 40 for women, serial). The birth date
//! and sex it encodes are kept for cross-checking against what the agencies record
//! (`nik_inconsistent`). Cells are cleaned like passport cells (see [`super::passport`]).

use super::passport::{
    ascii_upper, is_missing_token, is_scientific_notation, strip_float_suffix, trim_cell,
};
use chrono::NaiveDate;

/// Sex encoded in a NIK (day of birth + 40 for women).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NikSex {
    Male,
    Female,
}

/// A parsed 16-digit NIK: `PP KK CC DDMMYY SSSS` (domain.md §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nik {
    /// The 16 digits (for a truncated NIK, the 16th is the `0` Excel put there).
    pub digits: String,
    /// `PP`, e.g. 52 = NTB.
    pub province: u8,
    /// `PPKK`, e.g. 5203 = Lombok Timur.
    pub regency: u16,
    /// `CC`, kecamatan of *first* registration (may differ from the current address).
    pub kecamatan_code: u8,
    /// Real day of birth (the +40 for women already removed).
    pub birth_day: u8,
    pub birth_month: u8,
    /// Two-digit year; see [`Nik::birth_date`] for the century.
    pub birth_year2: u8,
    pub sex: NikSex,
    pub serial: u16,
    /// Came from a numeric cell and ends in 0: Excel kept only 15 significant digits, so the last
    /// digit is unknown. Compare with [`Nik::match_key`].
    pub truncated: bool,
}

/// Why a value is not a usable NIK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikProblem {
    #[error("no NIK given")]
    Empty,
    #[error("NIK has {0} digits, expected 16")]
    WrongLength(usize),
    #[error("NIK contains characters other than digits")]
    NotDigits,
    #[error("NIK encodes an impossible birth date")]
    ImpossibleDate,
    #[error("NIK was stored in scientific notation; its last digits are lost")]
    ScientificNotation,
}

fn two_digits(d: &[u8], at: usize) -> Option<u8> {
    let hi = d.get(at)?.checked_sub(b'0')?;
    let lo = d.get(at + 1)?.checked_sub(b'0')?;
    Some(hi * 10 + lo)
}

fn days_in_month(month: u8, year2: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // The century is unknown here; allow 29 when the year could be a leap year.
        2 if year2 % 4 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses 16 ASCII digits; `truncated` is decided by the caller.
fn parse_nik_digits(digits: String, truncated: bool) -> Result<Nik, NikProblem> {
    let d = digits.as_bytes();
    let field = |at| two_digits(d, at).ok_or(NikProblem::NotDigits);
    let province = field(0)?;
    let kab = field(2)?;
    let kecamatan_code = field(4)?;
    let dd = field(6)?;
    let month = field(8)?;
    let year2 = field(10)?;
    let serial = u16::from(field(12)?) * 100 + u16::from(field(14)?);
    let (day, sex) = match dd {
        1..=31 => (dd, NikSex::Male),
        41..=71 => (dd - 40, NikSex::Female),
        _ => return Err(NikProblem::ImpossibleDate),
    };
    if !(1..=12).contains(&month) || day > days_in_month(month, year2) {
        return Err(NikProblem::ImpossibleDate);
    }
    Ok(Nik {
        province,
        regency: u16::from(province) * 100 + u16::from(kab),
        kecamatan_code,
        birth_day: day,
        birth_month: month,
        birth_year2: year2,
        sex,
        serial,
        truncated,
        digits,
    })
}

/// Parses a NIK cell. Accepts spaces, dots and hyphens between digit groups, an apostrophe
/// prefix and Excel's `.0` float suffix. A `.0` suffix proves the value went through a number
/// cell, so a NIK ending in 0 is then marked `truncated` (as [`parse_nik_from_number`] does).
/// `5.20315E+15` is [`NikProblem::ScientificNotation`]: the digits are gone.
pub fn parse_nik(raw: &str) -> Result<Nik, NikProblem> {
    let upper = ascii_upper(raw);
    let cell = trim_cell(&upper);
    if is_missing_token(cell) {
        return Err(NikProblem::Empty);
    }
    if is_scientific_notation(cell) {
        return Err(NikProblem::ScientificNotation);
    }
    let unfloated = strip_float_suffix(cell);
    let from_float = unfloated.len() != cell.len();
    let mut digits = String::with_capacity(16);
    let mut count = 0usize;
    let mut other = false;
    for b in unfloated.bytes() {
        if b.is_ascii_digit() {
            count += 1;
            if count <= 16 {
                digits.push(char::from(b));
            }
        } else if !matches!(b, b' ' | b'.' | b'-') {
            other = true;
        }
    }
    if other {
        return Err(NikProblem::NotDigits);
    }
    if count != 16 {
        return Err(NikProblem::WrongLength(count));
    }
    let truncated = from_float && digits.ends_with('0');
    parse_nik_digits(digits, truncated)
}

/// Parses a NIK read from a numeric spreadsheet cell. Excel keeps 15 significant digits, so a
/// value ending in 0 is marked `truncated` (its 16th digit is unknown, domain.md §1.1).
pub fn parse_nik_from_number(f: f64) -> Result<Nik, NikProblem> {
    if !f.is_finite() || f < 0.0 || f.fract() != 0.0 {
        return Err(NikProblem::NotDigits);
    }
    if f == 0.0 {
        return Err(NikProblem::Empty);
    }
    if !(1e15..1e16).contains(&f) {
        // Digit count of the integer part (f is finite, ≥ 1 here).
        let len = format!("{f:.0}").len();
        return Err(NikProblem::WrongLength(len));
    }
    let digits = format!("{f:.0}");
    if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NikProblem::WrongLength(digits.len()));
    }
    let truncated = digits.ends_with('0');
    parse_nik_digits(digits, truncated)
}

impl Nik {
    /// Birth date, the two-digit year resolved as the latest year ≤ `pivot_year` that ends in
    /// those digits (pivot 2026: `85` → 1985, `10` → 2010, `26` → 2026). Pass the reference
    /// ("per tanggal") year, so a birth year is never in the future. `None` for 29 February in a
    /// year that turns out not to be a leap year.
    pub fn birth_date(&self, pivot_year: i32) -> Option<NaiveDate> {
        let yy = i32::from(self.birth_year2);
        let back = pivot_year.checked_sub(yy)?.rem_euclid(100);
        let year = pivot_year.checked_sub(back)?;
        NaiveDate::from_ymd_opt(year, u32::from(self.birth_month), u32::from(self.birth_day))
    }

    /// The digits to compare: the first 15 when the NIK is truncated, else all 16.
    pub fn match_key(&self) -> &str {
        if self.truncated {
            self.digits.get(..15).unwrap_or(&self.digits)
        } else {
            &self.digits
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nik_parses_fields() {
        let n = parse_nik("5203154105850001").expect("valid NIK");
        assert_eq!(n.province, 52);
        assert_eq!(n.regency, 5203);
        assert_eq!(n.kecamatan_code, 15);
        assert_eq!((n.birth_day, n.birth_month, n.birth_year2), (1, 5, 85));
        assert_eq!(n.sex, NikSex::Female);
        assert_eq!(n.serial, 1);
        assert!(!n.truncated);
        assert_eq!(n.birth_date(2026), NaiveDate::from_ymd_opt(1985, 5, 1));
        assert_eq!(n.match_key(), "5203154105850001");
    }

    #[test]
    fn nik_table() {
        // (input, Ok((regency, kec, day, month, yy, sex, serial, truncated)) or Err)
        type Want = Result<(u16, u8, u8, u8, u8, NikSex, u16, bool), NikProblem>;
        use NikSex::*;
        let cases: &[(&str, Want)] = &[
            (
                "5203154105850001",
                Ok((5203, 15, 1, 5, 85, Female, 1, false)),
            ),
            (
                "5203112105850002",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            (
                "5203 1121 0585 0002",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            (
                "52.03.11.210585.0002",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            (
                "'5203112105850002",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            (
                "5203112105850002.0",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            (
                "5203154105850000.0",
                Ok((5203, 15, 1, 5, 85, Female, 0, true)),
            ),
            (
                "5203154105850000",
                Ok((5203, 15, 1, 5, 85, Female, 0, false)),
            ),
            (
                "5201017112990123",
                Ok((5201, 1, 31, 12, 99, Female, 123, false)),
            ),
            ("5203010101000001", Ok((5203, 1, 1, 1, 0, Male, 1, false))),
            ("5203012902960001", Ok((5203, 1, 29, 2, 96, Male, 1, false))),
            (
                "5203016902960001",
                Ok((5203, 1, 29, 2, 96, Female, 1, false)),
            ),
            (
                "  5203112105850002  ",
                Ok((5203, 11, 21, 5, 85, Male, 2, false)),
            ),
            ("", Err(NikProblem::Empty)),
            ("-", Err(NikProblem::Empty)),
            ("NIHIL", Err(NikProblem::Empty)),
            ("5.20315E+15", Err(NikProblem::ScientificNotation)),
            ("520315410585000", Err(NikProblem::WrongLength(15))),
            ("52031541058500011", Err(NikProblem::WrongLength(17))),
            ("52031541O5850001", Err(NikProblem::NotDigits)),
            ("NIK 5203154105850001", Err(NikProblem::NotDigits)),
            ("5203150005850001", Err(NikProblem::ImpossibleDate)),
            ("5203153205850001", Err(NikProblem::ImpossibleDate)),
            ("5203154005850001", Err(NikProblem::ImpossibleDate)),
            ("5203157205850001", Err(NikProblem::ImpossibleDate)),
            ("5203150113850001", Err(NikProblem::ImpossibleDate)),
            ("5203150100850001", Err(NikProblem::ImpossibleDate)),
            ("5203153104850001", Err(NikProblem::ImpossibleDate)),
            ("5203152902970001", Err(NikProblem::ImpossibleDate)),
        ];
        for (raw, want) in cases {
            let got = parse_nik(raw).map(|n| {
                (
                    n.regency,
                    n.kecamatan_code,
                    n.birth_day,
                    n.birth_month,
                    n.birth_year2,
                    n.sex,
                    n.serial,
                    n.truncated,
                )
            });
            assert_eq!(&got, want, "input {raw:?}");
        }
    }

    #[test]
    fn nik_from_number() {
        type Case<'a> = (f64, Result<(&'a str, bool), NikProblem>);
        let cases: &[Case] = &[
            (5203154105850000.0, Ok(("520315410585000", true))),
            (5203154105850001.0, Ok(("5203154105850001", false))),
            (5.20315e15, Err(NikProblem::ImpossibleDate)),
            (520315410585000.0, Err(NikProblem::WrongLength(15))),
            (0.0, Err(NikProblem::Empty)),
            (-5203154105850000.0, Err(NikProblem::NotDigits)),
            (f64::NAN, Err(NikProblem::NotDigits)),
            (f64::INFINITY, Err(NikProblem::NotDigits)),
            (5203154105850000.5, Ok(("520315410585000", true))),
            (1e300, Err(NikProblem::WrongLength(301))),
        ];
        for (f, want) in cases {
            let got = parse_nik_from_number(*f);
            let got = got
                .as_ref()
                .map(|n| (n.match_key(), n.truncated))
                .map_err(|e| *e);
            assert_eq!(got, want.clone(), "input {f}");
        }
    }

    #[test]
    fn nik_birth_date_pivot() {
        let n = parse_nik("5203112105100002").expect("valid");
        type Ymd = (i32, u32, u32);
        let cases: &[(i32, Option<Ymd>)] = &[
            (2026, Some((2010, 5, 21))),
            (2009, Some((1910, 5, 21))),
            (2010, Some((2010, 5, 21))),
            (1999, Some((1910, 5, 21))),
            (i32::MIN, None),
        ];
        for (pivot, want) in cases {
            let want = want.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(n.birth_date(*pivot), want, "pivot {pivot}");
        }
        // 29 February 00: a leap year in 2000, not in 1900.
        let feb = parse_nik("5203012902000001").expect("valid");
        assert_eq!(feb.birth_date(2026), NaiveDate::from_ymd_opt(2000, 2, 29));
        assert_eq!(feb.birth_date(1950), None);
    }
}
