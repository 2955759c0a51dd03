//! Reading workbooks (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) through calamine: every sheet with
//! data, real dates as dates, and the merged ranges where the format records them.

use super::cell::{format_number, Cell};
use super::limits;
use super::source::{Format, IngestError, Merge, RawRow, RawSheet};
use calamine::{Data, DataRef, Dimensions, Range, Reader, Sheets};
use std::collections::BTreeMap;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

/// Converts one calamine value. Date cells become dates; a date-time keeps only its date, which is
/// all these registers record.
pub fn convert(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
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

/// A text cell (NUL characters dropped), or empty.
fn text_cell(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else if s.contains('\0') {
        Cell::Text(s.replace('\0', ""))
    } else {
        Cell::Text(s.to_string())
    }
}

/// [`convert`] for the borrowed cells of an XLSX sheet: a shared string is copied once, straight
/// into the row, instead of first into calamine's owned range and then again into the row.
fn convert_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::SharedString(s) => text_cell(s),
        DataRef::String(s) => text_cell(s),
        DataRef::Empty => Cell::Empty,
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => convert(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => convert(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// The rows of a sheet's range, numbered as in the spreadsheet, trailing empty cells dropped.
/// Each row is allocated up to its last value only; a sheet whose rows would hold more than
/// [`limits::MAX_SHEET_CELLS`] cells (counted from column A, as for a streamed sheet) is refused.
fn raw_rows<T>(range: &Range<T>, convert: impl Fn(&T) -> Cell) -> Result<Vec<RawRow>, SheetError>
where
    T: calamine::CellType + PartialEq,
{
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let empty = T::default();
    let mut rows = Vec::with_capacity(range.height());
    let mut total: u64 = 0;
    for (i, cells) in range.rows().enumerate() {
        let number = row0.saturating_add(i as u32).saturating_add(1);
        let used = cells.iter().rposition(|c| *c != empty).map_or(0, |p| p + 1);
        let width = if used == 0 { 0 } else { col0 as usize + used };
        total = total.saturating_add(width as u64);
        if total > limits::MAX_SHEET_CELLS {
            return Err(SheetError::TooManyCells);
        }
        let mut out = Vec::with_capacity(width);
        if used > 0 {
            out.resize(col0 as usize, Cell::Empty);
            out.extend(cells[..used].iter().map(&convert));
        }
        while matches!(out.last(), Some(Cell::Empty)) {
            out.pop();
        }
        rows.push(RawRow { number, cells: out });
    }
    Ok(rows)
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
    read_workbook_from(path, BufReader::new(file), format)
}

/// Reads a workbook from any seekable reader (a file, or bytes in memory for the fuzz targets);
/// `path` only names it in errors.
pub fn read_workbook_from<R: Read + Seek>(
    path: &Path,
    reader: R,
    format: Format,
) -> Result<Vec<RawSheet>, IngestError> {
    // The checks above calamine (limits.rs, cfb.rs, biff.rs, ods.rs) stop the failures fuzzing
    // has found; this keeps one we have not found yet (calamine asserts on some malformed
    // structures) from taking the whole run down: the file is reported as damaged and the others
    // are read. While it runs, the binary's panic hook stays quiet (see [`quiet_panic_hook`]).
    IN_GUARD.with(|g| g.set(g.get() + 1));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook_unguarded(path, reader, format)
    }));
    IN_GUARD.with(|g| g.set(g.get() - 1));
    outcome.unwrap_or_else(|_| {
        Err(IngestError::Corrupt {
            path: path.display().to_string(),
            format: format.name(),
            detail: "the spreadsheet reader failed on its structure".to_string(),
        })
    })
}

thread_local! {
    /// How many [`read_workbook_from`] guards this thread is inside.
    static IN_GUARD: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Installs a panic hook that prints nothing for a panic inside the spreadsheet library while
/// [`read_workbook_from`] guards it (the file is then reported as damaged in one sentence), and
/// defers to the previous hook for every other panic. The binary installs it; the fuzz targets do
/// not, so libFuzzer still sees every panic as a finding.
pub fn quiet_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if IN_GUARD.with(|g| g.get()) == 0 {
            previous(info);
        }
    }));
}

fn read_workbook_unguarded<R: Read + Seek>(
    path: &Path,
    reader: R,
    format: Format,
) -> Result<Vec<RawSheet>, IngestError> {
    let mut reader = reader;
    let too_large = |detail| IngestError::TooLarge {
        path: path.display().to_string(),
        detail,
    };
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        limits::check_zip_archive(&mut reader).map_err(too_large)?;
    }
    if format == Format::Ods {
        // calamine expands every sheet of an .ods when it opens it: count first.
        super::ods::check_ods_content(&mut reader).map_err(too_large)?;
    }
    if format == Format::Xls {
        check_xls_chains(path, &mut reader)?;
    }
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
        // xlsx and xlsb sheets are streamed cell by cell, so their size is bounded by the cells
        // they hold, not by the box between their farthest cells (see limits.rs); xls and ods
        // sheets come as calamine's dense range, checked before calamine reads them (cfb.rs,
        // ods.rs) and again as they are converted.
        let read = match &mut workbook {
            Sheets::Xlsx(x) => match x.worksheet_cells_reader(&name) {
                Ok(mut cells) => stream_sheet(|| cells.next_cell().map_err(calamine::Error::Xlsx)),
                // A chart sheet holds no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Vec::new()),
                Err(e) => Err(SheetError::Calamine(calamine::Error::Xlsx(e))),
            },
            Sheets::Xlsb(x) => match x.worksheet_cells_reader(&name) {
                Ok(mut cells) => stream_sheet(|| cells.next_cell().map_err(calamine::Error::Xlsb)),
                Err(e) => Err(SheetError::Calamine(calamine::Error::Xlsb(e))),
            },
            dense => match dense.worksheet_range(&name) {
                Ok(range) => raw_rows(&range, convert),
                Err(e) => Err(SheetError::Calamine(e)),
            },
        };
        let merges = match &mut workbook {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        match read {
            Ok(rows) => {
                let mut merges: Vec<Merge> = merges.iter().map(to_merge).collect();
                let mut notes = vec![format!("{} workbook", format.name())];
                cap_merges(&mut merges, &mut notes);
                sheets.push(RawSheet {
                    sheet: name,
                    rows,
                    merges,
                    notes,
                });
            }
            Err(SheetError::Calamine(e)) => {
                let err = classify_error(path, format, e);
                if matches!(err, IngestError::Password { .. }) {
                    return Err(err);
                }
                sheets.push(RawSheet {
                    sheet: name,
                    notes: vec![format!("sheet could not be read: {err}")],
                    ..RawSheet::default()
                });
            }
            Err(SheetError::OutsideGrid { row, col }) => sheets.push(RawSheet {
                sheet: name,
                notes: vec![format!(
                    "sheet could not be read: it is damaged (a cell at row {}, column {} lies outside the {} × {} grid of the format)",
                    u64::from(row) + 1,
                    u64::from(col) + 1,
                    limits::GRID_ROWS,
                    limits::GRID_COLUMNS
                )],
                ..RawSheet::default()
            }),
            Err(SheetError::TooManyCells) => sheets.push(RawSheet {
                sheet: name,
                notes: vec![format!(
                    "sheet could not be read: it holds more than {} cells, the limit for one sheet; split the export",
                    limits::MAX_SHEET_CELLS
                )],
                ..RawSheet::default()
            }),
        }
    }
    Ok(sheets)
}

/// Refuses an `.xls` whose sector chains loop or point outside the file (see [`super::cfb`]),
/// before calamine follows them without limit, and one whose sheets would be too large or trip
/// calamine's record parser (see [`super::biff`]). The reader is left at its start.
fn check_xls_chains<R: Read + Seek>(path: &Path, reader: &mut R) -> Result<(), IngestError> {
    let mut bytes = Vec::new();
    let read = reader.read_to_end(&mut bytes);
    let _ = reader.seek(std::io::SeekFrom::Start(0));
    if read.is_err() {
        // calamine's own read reports the I/O problem.
        return Ok(());
    }
    let damaged = |detail| IngestError::Corrupt {
        path: path.display().to_string(),
        format: Format::Xls.name(),
        detail,
    };
    let Some(stream) = super::cfb::workbook_stream(&bytes).map_err(damaged)? else {
        return Ok(());
    };
    super::biff::check_workbook_stream(&stream).map_err(|problem| match problem {
        super::biff::Problem::Damaged(detail) => damaged(detail),
        super::biff::Problem::TooLarge(detail) => IngestError::TooLarge {
            path: path.display().to_string(),
            detail,
        },
    })
}

/// Keeps at most [`limits::MAX_MERGES`] merged ranges, saying so when some are dropped.
fn cap_merges(merges: &mut Vec<Merge>, notes: &mut Vec<String>) {
    if merges.len() > limits::MAX_MERGES {
        notes.push(format!(
            "{} merged ranges; only the first {} are used",
            merges.len(),
            limits::MAX_MERGES
        ));
        merges.truncate(limits::MAX_MERGES);
    }
}

enum SheetError {
    Calamine(calamine::Error),
    TooManyCells,
    /// A cell past the format's last row or column (0-based position as stored).
    OutsideGrid {
        row: u32,
        col: u32,
    },
}

/// Streams one xlsx or xlsb sheet (`next_cell` is its cells reader) into rows, as
/// `worksheet_range` would give them (rows from the first to the last with a value, cells at
/// their absolute column, trailing blanks dropped) without ever allocating the rectangle between
/// the farthest cells. Refuses a sheet whose rows would hold more than
/// [`limits::MAX_SHEET_CELLS`] cells.
fn stream_sheet<'a>(
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, calamine::Error>,
) -> Result<Vec<RawRow>, SheetError> {
    let mut by_row: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    let mut cells: u64 = 0;
    while let Some(cell) = next_cell().map_err(SheetError::Calamine)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        if row >= limits::GRID_ROWS || col >= limits::GRID_COLUMNS {
            return Err(SheetError::OutsideGrid { row, col });
        }
        let col = col as usize;
        let out = by_row.entry(row).or_default();
        if out.len() <= col {
            cells = cells.saturating_add((col + 1 - out.len()) as u64);
            if cells > limits::MAX_SHEET_CELLS {
                return Err(SheetError::TooManyCells);
            }
            out.resize(col + 1, Cell::Empty);
        }
        if let Some(slot) = out.get_mut(col) {
            *slot = convert_ref(value);
        }
    }
    let (Some(&first), Some(&last)) = (by_row.keys().next(), by_row.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::with_capacity(by_row.len());
    let mut filled = by_row.into_iter().peekable();
    for r in first..=last {
        let mut cells = match filled.peek() {
            Some((n, _)) if *n == r => filled.next().map(|(_, c)| c).unwrap_or_default(),
            _ => Vec::new(),
        };
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        rows.push(RawRow {
            number: r.saturating_add(1),
            cells,
        });
    }
    Ok(rows)
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
        assert_eq!(
            convert(&Data::String("A\0B".into())),
            Cell::Text("AB".into())
        );
    }

    #[test]
    fn borrowed_cells_convert_like_owned_ones() {
        let dt = ExcelDateTime::new(31188.0, ExcelDateTimeType::DateTime, false);
        let cases = [
            (
                DataRef::SharedString("WANG WEI"),
                Data::String("WANG WEI".into()),
            ),
            (DataRef::String("X\0".into()), Data::String("X\0".into())),
            (DataRef::SharedString(""), Data::String(String::new())),
            (DataRef::Float(1.5), Data::Float(1.5)),
            (DataRef::Int(3), Data::Int(3)),
            (DataRef::Bool(true), Data::Bool(true)),
            (DataRef::DateTime(dt), Data::DateTime(dt)),
            (
                DataRef::DateTimeIso("2024-05-01".into()),
                Data::DateTimeIso("2024-05-01".into()),
            ),
            (DataRef::Empty, Data::Empty),
        ];
        for (borrowed, owned) in cases {
            assert_eq!(convert_ref(&borrowed), convert(&owned), "{owned:?}");
        }
    }

    /// Streams the given cells (position, text) through [`stream_sheet`].
    fn stream(cells: &[((u32, u32), &'static str)]) -> Result<Vec<RawRow>, SheetError> {
        let mut it = cells
            .iter()
            .map(|&(pos, text)| calamine::Cell::new(pos, DataRef::SharedString(text)));
        stream_sheet(|| Ok(it.next()))
    }

    #[test]
    fn the_last_cell_of_the_grid_streams_and_one_past_it_does_not() {
        let last = (limits::GRID_ROWS - 1, limits::GRID_COLUMNS - 1);
        let rows = stream(&[((0, 0), "NAMA"), (last, "x")]).ok().unwrap();
        assert_eq!(rows.len(), limits::GRID_ROWS as usize);
        assert_eq!(rows.last().map(|r| r.cells.len()), Some(16_384));

        for outside in [
            (0, limits::GRID_COLUMNS),
            (limits::GRID_ROWS, 0),
            (7, u32::MAX),
        ] {
            match stream(&[((0, 0), "NAMA"), (outside, "x")]) {
                Err(SheetError::OutsideGrid { row, col }) => assert_eq!((row, col), outside),
                _ => panic!("{outside:?} was read"),
            }
        }
    }
}
