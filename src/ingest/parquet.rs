//! Reading Parquet files (data teams' exports from DuckDB, Spark or a warehouse) through polars,
//! into the same [`RawSheet`] the CSV reader produces, so that header finding, column mapping,
//! agency detection and row accounting work on them unchanged.
//!
//! * A Parquet file is one sheet named `""`, with no title rows: row 1 is the header (the column
//!   names), and data row *i* (1-based) is row *i* + 1 — the row a user sees if they export the
//!   file to CSV and open it in Excel, which is what error messages and `records.csv` name.
//! * Text stays text; integers become their digits (a NIK stored as `Int64` keeps all 16 digits,
//!   with no float rounding); floats their shortest exact form; dates and date-times become dates
//!   (a date-time keeps only its date, which is all these registers record); booleans stay
//!   booleans. Nulls are empty cells. Any other type is read through polars' cast to text.

use super::cell::{format_number, Cell};
use super::source::{IngestError, RawRow, RawSheet};
use polars::prelude::{
    Column, DataFrame, DataType, ParquetReader, PolarsError, PolarsResult, SerReader,
};
use std::path::Path;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01, Parquet's day 0.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Reads a Parquet file into one sheet.
pub fn read_parquet_file(path: &Path) -> Result<RawSheet, IngestError> {
    let p = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io {
        path: p.clone(),
        detail: e.to_string(),
    })?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| corrupt(&p, e))?;
    sheet_from_frame(&df).map_err(|(column, dtype)| IngestError::UnreadableColumn {
        path: p,
        column,
        dtype,
    })
}

fn corrupt(path: &str, err: PolarsError) -> IngestError {
    IngestError::Corrupt {
        path: path.to_string(),
        format: "Parquet",
        detail: err.to_string(),
    }
}

/// The frame as rows: the column names as row 1, then one row per frame row. A column whose type
/// has no text form (a list, a struct) is returned as its name and type.
pub fn sheet_from_frame(df: &DataFrame) -> Result<RawSheet, (String, String)> {
    let height = df.height();
    let columns = df.columns();
    let mut rows: Vec<RawRow> = Vec::with_capacity(height.saturating_add(1));
    rows.push(RawRow {
        number: 1,
        cells: columns
            .iter()
            .map(|c| Cell::Text(c.name().to_string()))
            .collect(),
    });
    for i in 0..height {
        rows.push(RawRow {
            number: u32::try_from(i).unwrap_or(u32::MAX).saturating_add(2),
            cells: Vec::with_capacity(columns.len()),
        });
    }
    for column in columns {
        let cells = column_cells(column)
            .map_err(|_| (column.name().to_string(), column.dtype().to_string()))?;
        for (row, cell) in rows.iter_mut().skip(1).zip(cells) {
            row.cells.push(cell);
        }
    }
    for row in &mut rows {
        while matches!(row.cells.last(), Some(Cell::Empty)) {
            row.cells.pop();
        }
    }
    Ok(RawSheet {
        sheet: String::new(),
        rows,
        merges: Vec::new(),
        notes: vec![format!(
            "Parquet file, {} columns, {height} rows",
            columns.len()
        )],
    })
}

/// One column's values as cells, in row order.
fn column_cells(column: &Column) -> PolarsResult<Vec<Cell>> {
    let dtype = column.dtype();
    let cells: Vec<Cell> = if matches!(dtype, DataType::String) {
        column.str()?.iter().map(text_cell).collect()
    } else if dtype.is_bool() {
        column
            .bool()?
            .iter()
            .map(|b| b.map_or(Cell::Empty, Cell::Bool))
            .collect()
    } else if matches!(dtype, DataType::Float64) {
        column
            .f64()?
            .iter()
            .map(|n| n.map_or(Cell::Empty, |n| Cell::Text(format_number(n))))
            .collect()
    } else if matches!(dtype, DataType::Float32) {
        // Formatted as f32, so 0.1 stays "0.1" rather than its f64 widening 0.10000000149011612.
        column
            .f32()?
            .iter()
            .map(|n| n.map_or(Cell::Empty, |n| Cell::Text(format_f32(n))))
            .collect()
    } else if matches!(dtype, DataType::Date | DataType::Datetime(..)) {
        column
            .cast(&DataType::Date)?
            .date()?
            .physical()
            .iter()
            .map(|d| d.and_then(date_from_days).map_or(Cell::Empty, Cell::Date))
            .collect()
    } else {
        as_text(column)?
    };
    Ok(cells)
}

/// Any other type (integers of every width included: their text is their digits, with no
/// overflow or float rounding) through polars' own text form.
fn as_text(column: &Column) -> PolarsResult<Vec<Cell>> {
    Ok(column
        .cast(&DataType::String)?
        .str()?
        .iter()
        .map(text_cell)
        .collect())
}

fn format_f32(n: f32) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e7 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn text_cell(value: Option<&str>) -> Cell {
    match value {
        None | Some("") => Cell::Empty,
        Some(s) if s.contains('\0') => Cell::Text(s.replace('\0', "")),
        Some(s) => Cell::Text(s.to_string()),
    }
}

/// A Parquet date (days since 1970-01-01); `None` outside chrono's range.
fn date_from_days(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn frame() -> DataFrame {
        let dob = Column::new("TGL LAHIR".into(), vec![Some(5_619i32), None, Some(-1)])
            .cast(&DataType::Date)
            .unwrap();
        DataFrame::new_infer_height(vec![
            Column::new("NAMA".into(), vec![Some("WANG WEI"), Some(""), None]),
            Column::new(
                "NIK".into(),
                vec![Some(5_203_154_105_850_001i64), None, Some(7)],
            ),
            Column::new("SKOR".into(), vec![Some(1.5f64), Some(2.0), Some(0.1)]),
            Column::new("BOBOT".into(), vec![Some(0.1f32), None, Some(3.0)]),
            Column::new("UMUR".into(), vec![Some(u64::MAX), None, Some(40)]),
            Column::new("AKTIF".into(), vec![Some(true), None, Some(false)]),
            dob,
        ])
        .unwrap()
    }

    #[test]
    fn header_then_rows_numbered_from_two() {
        let sheet = sheet_from_frame(&frame()).unwrap();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4]);
        let header: Vec<String> = sheet.rows[0]
            .cells
            .iter()
            .map(|c| c.as_text().into_owned())
            .collect();
        assert_eq!(
            header,
            ["NAMA", "NIK", "SKOR", "BOBOT", "UMUR", "AKTIF", "TGL LAHIR"]
        );
        assert_eq!(sheet.sheet, "");
    }

    #[test]
    fn values_as_the_csv_reader_would_give_them() {
        let sheet = sheet_from_frame(&frame()).unwrap();
        let d = |y, m, d| Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(
            sheet.rows[1].cells,
            vec![
                Cell::Text("WANG WEI".into()),
                // All 16 digits, no float rounding.
                Cell::Text("5203154105850001".into()),
                Cell::Text("1.5".into()),
                Cell::Text("0.1".into()),
                // No overflow into null or a negative number.
                Cell::Text("18446744073709551615".into()),
                Cell::Bool(true),
                d(1985, 5, 21),
            ]
        );
        // Nulls and empty text are empty cells; "2.0" has no float noise.
        assert_eq!(
            sheet.rows[2].cells,
            vec![Cell::Empty, Cell::Empty, Cell::Text("2".into())]
        );
        assert_eq!(
            sheet.rows[3].cells,
            vec![
                Cell::Empty,
                Cell::Text("7".into()),
                Cell::Text("0.1".into()),
                Cell::Text("3".into()),
                Cell::Text("40".into()),
                Cell::Bool(false),
                d(1969, 12, 31),
            ]
        );
    }

    #[test]
    fn unreadable_bytes_are_a_corrupt_parquet_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.parquet");
        std::fs::write(&path, b"PAR1 this is not the rest of a parquet file").unwrap();
        let err = read_parquet_file(&path).unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::Corrupt {
                    format: "Parquet",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("cut.parquet"), "{err}");
    }
}
