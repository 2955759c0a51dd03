//! Fields derived during mapping, so every record carries its canonical values:
//!
//! * a combined "Tempat/Tgl Lahir" cell (`SYDNEY, 12-03-1980`) gives a place and a date of birth
//!   (the combined value is kept too);
//! * a date written as text in a date column (`19560731`, `21 Mei 1985`, `31188`) becomes a date
//!   when it names one full day; partial or unreadable dates stay as written, for the `normalize`
//!   stage to flag.

use crate::normalize::date::{parse_date, split_place_and_date};
use crate::record::{Field, Record, Value};

/// Splits combined cells and reads text dates. `pivot_year` completes two-digit years (see
/// [`parse_date`]); the run passes the year of its reference date so output is reproducible.
pub fn derive_fields(record: &mut Record, pivot_year: i32) {
    if let Some(Value::Text(combined)) = record.get(Field::PlaceDateOfBirth).cloned() {
        let (place, date) = split_place_and_date(&combined, pivot_year);
        if record.get(Field::PlaceOfBirth).is_none() {
            if let Some(place) = place {
                record.set(Field::PlaceOfBirth, Value::Text(place));
            }
        }
        if record.get(Field::Dob).is_none() {
            if let Some(Ok(parsed)) = date {
                let value = match parsed.value.full() {
                    Some(d) => Value::Date(d),
                    None => Value::Text(parsed.value.to_iso()),
                };
                record.set(Field::Dob, value);
            }
        }
    }
    for (field, value) in record.fields.iter_mut() {
        if !field.is_date() {
            continue;
        }
        if let Value::Text(text) = value {
            if let Ok(parsed) = parse_date(text, pivot_year) {
                // A date whose day and month could be swapped stays as written, so that the
                // normalize stage can flag it (and comparison forgive a swap).
                if let (Some(d), false) = (parsed.value.full(), parsed.ambiguous) {
                    *value = Value::Date(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn record(fields: &[(Field, &str)]) -> Record {
        crate::record::test_record(fields)
    }

    fn date(y: i32, m: u32, d: u32) -> Value {
        Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn splits_combined_place_and_date() {
        let cases = [
            ("SYDNEY, 12-03-1980", "SYDNEY", date(1980, 3, 12)),
            ("Sydney / 12 Maret 1980", "Sydney", date(1980, 3, 12)),
            ("12-03-1980 (BEIJING)", "BEIJING", date(1980, 3, 12)),
            ("Fujian, 2 Nopember 1979", "Fujian", date(1979, 11, 2)),
        ];
        for (combined, place, dob) in cases {
            let mut r = record(&[(Field::PlaceDateOfBirth, combined)]);
            derive_fields(&mut r, 2025);
            assert_eq!(
                r.text(Field::PlaceOfBirth).as_deref(),
                Some(place),
                "{combined}"
            );
            assert_eq!(r.get(Field::Dob), Some(&dob), "{combined}");
            assert_eq!(r.text(Field::PlaceDateOfBirth).as_deref(), Some(combined));
        }
    }

    #[test]
    fn separate_columns_win_over_the_combined_cell() {
        let mut r = record(&[
            (Field::PlaceDateOfBirth, "SYDNEY, 12-03-1980"),
            (Field::Dob, "1980-03-13"),
        ]);
        derive_fields(&mut r, 2025);
        assert_eq!(r.get(Field::Dob), Some(&date(1980, 3, 13)));
    }

    #[test]
    fn text_dates_in_date_columns() {
        let mut r = record(&[
            (Field::Dob, "19560731"),
            (Field::PermitExpiry, "31-05-2025"),
            (Field::StmDate, "Mei 2025"),
        ]);
        derive_fields(&mut r, 2025);
        assert_eq!(r.get(Field::Dob), Some(&date(1956, 7, 31)));
        assert_eq!(r.get(Field::PermitExpiry), Some(&date(2025, 5, 31)));
        // A partial date stays as written.
        assert_eq!(r.text(Field::StmDate).as_deref(), Some("Mei 2025"));
    }
}
