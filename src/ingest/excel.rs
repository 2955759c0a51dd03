//! Reading workbooks (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) through calamine: every sheet with
//! data, real dates as dates, and the merged ranges where the format records them.

use super::cell::{format_number, Cell};
use super::source::{Format, IngestError, Merge, RawRow, RawSheet};
use calamine::{Data, Dimensions, Reader, Sheets};
use std::io::BufReader;
use std::path::Path;

/// Converts one calamine value. Date cells become dates; a date-time keeps only its date, which is
/// all these registers record.
pub fn convert(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.replace('\0', ""))
            }
        }
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                Cell::Text(format_number(dt.as_f64()))
            } else {
                match dt.as_datetime() {
                    Some(d) => Cell::Date(d.date()),
                    None => Cell::Number(dt.as_f64()),
                }
            }
        }
        Data::DateTimeIso(s) => {
            let date_part = s.get(..10).unwrap_or(s);
            match chrono::NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn to_merge(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0.saturating_add(1),
        last_row: d.end.0.saturating_add(1),
        first_col: d.start.1 as usize,
        last_col: d.end.1 as usize,
    }
}

fn classify_error(path: &Path, format: Format, err: calamine::Error) -> IngestError {
    let p = path.display().to_string();
    let text = err.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return IngestError::Password { path: p };
    }
    IngestError::Corrupt {
        path: p,
        format: format.name(),
        detail: text,
    }
}

/// Reads every sheet of a workbook. A sheet that fails to read on its own is reported as a note
/// on an empty sheet so the rest of the workbook is still used.
pub fn read_workbook(path: &Path, format: Format) -> Result<Vec<RawSheet>, IngestError> {
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    let reader = BufReader::new(file);
    let opened: Result<Sheets<_>, calamine::Error> = match format {
        Format::Xlsx => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        Format::Xlsb => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        Format::Xls => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
        Format::Ods => calamine::open_workbook_from_rs(reader)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
        // CSV and Parquet never reach here (`read_source` sends them to their own readers); say so
        // rather than panic.
        Format::Csv | Format::Parquet => {
            return Err(IngestError::Unsupported {
                path: path.display().to_string(),
            })
        }
    };
    let mut workbook = opened.map_err(|e| classify_error(path, format, e))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                let err = classify_error(path, format, e);
                if matches!(err, IngestError::Password { .. }) {
                    return Err(err);
                }
                sheets.push(RawSheet {
                    sheet: name,
                    notes: vec![format!("sheet could not be read: {err}")],
                    ..RawSheet::default()
                });
                continue;
            }
        };
        let merges = match &mut workbook {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::with_capacity(range.height());
        for (i, cells) in range.rows().enumerate() {
            let number = row0.saturating_add(i as u32).saturating_add(1);
            let mut out = Vec::with_capacity(col0 as usize + cells.len());
            out.resize(col0 as usize, Cell::Empty);
            out.extend(cells.iter().map(convert));
            while matches!(out.last(), Some(Cell::Empty)) {
                out.pop();
            }
            rows.push(RawRow { number, cells: out });
        }
        sheets.push(RawSheet {
            sheet: name,
            rows,
            merges: merges.iter().map(to_merge).collect(),
            notes: vec![format!("{} workbook", format.name())],
        });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn converts_values() {
        let date = Data::DateTime(ExcelDateTime::new(
            31188.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(
            convert(&date),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(1985, 5, 21).unwrap())
        );
        let date1904 = Data::DateTime(ExcelDateTime::new(
            29726.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        assert_eq!(
            convert(&date1904),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(1985, 5, 21).unwrap())
        );
        assert_eq!(
            convert(&Data::DateTimeIso("2024-05-01".into())),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap())
        );
        assert_eq!(convert(&Data::Int(7)), Cell::Number(7.0));
        assert_eq!(convert(&Data::String(String::new())), Cell::Empty);
        assert_eq!(convert(&Data::String("A".into())), Cell::Text("A".into()));
    }
}
