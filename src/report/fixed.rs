//! Fixed-point text of a float (`format!("{v:.N}")`), fast: `pairs.csv` and `records.csv` write
//! three such numbers per pair and one per record, millions at a million input rows, and the
//! standard formatter's exact algorithm (Grisu with a bignum fallback) was a tenth of the time
//! spent writing them.

use std::fmt::Write as _;

/// The largest scaled value handled here; above it the product `value × 10^places` may be off by
/// more than [`TIE_MARGIN`], so the standard formatter decides.
const MAX_SCALED: f64 = 1e9;

/// How close to a rounding tie the scaled value may come before the standard formatter decides:
/// far above the error of one multiplication below [`MAX_SCALED`] (about 1e-7), so a value outside
/// the margin rounds the same way as its exact binary value does.
const TIE_MARGIN: f64 = 1e-6;

/// Appends `value` with `places` decimals (at most 9), byte for byte as `{value:.places$}` gives it.
pub fn push_fixed(out: &mut String, value: f64, places: usize) {
    let pow = 10u64.pow(places.min(9) as u32);
    let scaled = value.abs() * pow as f64;
    let fraction = scaled - scaled.floor();
    if places > 9
        || !scaled.is_finite()
        || scaled >= MAX_SCALED
        || (fraction - 0.5).abs() < TIE_MARGIN
    {
        let _ = write!(out, "{value:.places$}");
        return;
    }
    let units = scaled.round() as u64;
    if value.is_sign_negative() {
        out.push('-');
    }
    push_digits(out, units / pow, 1);
    if places > 0 {
        out.push('.');
        push_digits(out, units % pow, places);
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits.
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    while n > 0 || len < width {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(value: f64, places: usize) -> String {
        let mut s = String::new();
        push_fixed(&mut s, value, places);
        s
    }

    #[test]
    fn matches_the_standard_formatter() {
        let specials = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            0.99999995,
            0.999_999_5,
            0.123_45,
            0.000_05,
            -0.000_04,
            -12.345_65,
            1e-7,
            123_456.789_012_3,
            1e9,
            -3e12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
        ];
        for v in specials {
            for places in [0, 1, 4, 6, 9, 12] {
                assert_eq!(fixed(v, places), format!("{v:.places$}"), "{v} {places}");
            }
        }
        // Probabilities and match weights as a run produces them, and a spread of magnitudes.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (state % 17) as i32 - 10;
            for v in [
                unit,
                unit * 60.0 - 30.0,
                (unit - 0.5) * 10f64.powi(exponent),
            ] {
                for places in [4, 6] {
                    assert_eq!(fixed(v, places), format!("{v:.places$}"), "{v} {places}");
                }
            }
        }
    }
}
