//! Checks the size an `.ods` sheet takes once calamine expands it, before calamine opens the file.
//!
//! An ODS sheet compresses a run of equal cells into one element with
//! `table:number-columns-repeated` and a run of equal rows into one with
//! `table:number-rows-repeated`, so a few bytes can declare billions of cells. calamine 0.38
//! (`ods.rs`) caps a row at 16,384 columns and a sheet at 1,048,576 rows, and refuses a sheet
//! whose dense range passes 100 million cells — but only after storing every row's cells, and it
//! expands every sheet of the file when the file is opened, each twice (values and formulas).
//! Repeated text is copied into every repeated cell, and `<text:s text:c="N"/>` writes N spaces
//! into one cell. Here `content.xml` is streamed once with the same XML reader and settings
//! calamine uses, and the cells and text each sheet would hold once expanded are counted the way
//! calamine builds them; a file over [`MAX_SHEET_CELLS`] (for one sheet, and for all sheets
//! together, since calamine holds them all at once) or [`MAX_SHEET_TEXT_BYTES`] is refused before
//! calamine reads it. See docs/reliability.md.

use super::limits::{MAX_SHEET_CELLS, MAX_SHEET_TEXT_BYTES};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader;
use std::io::{BufRead, BufReader, Read, Seek};

/// calamine's caps (ods.rs): columns kept per row, rows kept per sheet.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;

/// What one sheet would hold once calamine has expanded it.
#[derive(Debug, Default, PartialEq)]
pub struct SheetSize {
    pub name: String,
    /// Cells of the dense range (rows from the first to the last with a value, times the columns
    /// up to the last used one), plus the cells calamine stores before expanding.
    pub cells: u64,
    /// Bytes of text (values and formulas) once repeated cells and rows are copied.
    pub text_bytes: u64,
}

/// Checks `content.xml` of an `.ods` archive; `Err` is one sentence naming the limit. A file
/// calamine cannot parse passes (its own error is the one the user sees). The reader is left at
/// its start.
pub fn check_ods_content<R: Read + Seek>(reader: &mut R) -> Result<(), String> {
    let sizes = match zip::ZipArchive::new(&mut *reader) {
        Ok(mut zip) => match zip.by_name("content.xml") {
            Ok(part) => sheet_sizes(BufReader::new(part)),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    };
    let _ = reader.seek(std::io::SeekFrom::Start(0));
    check_sizes(&sizes)
}

/// The refusal for sheet sizes, if any passes a limit.
pub fn check_sizes(sizes: &[SheetSize]) -> Result<(), String> {
    for s in sizes {
        if s.cells > MAX_SHEET_CELLS {
            return Err(format!(
                "sheet {} would occupy {} cells once its repeated rows and columns are expanded, more than {MAX_SHEET_CELLS} cells, the limit for one sheet",
                s.name, s.cells
            ));
        }
        if s.text_bytes > MAX_SHEET_TEXT_BYTES {
            return Err(format!(
                "sheet {} would hold {} bytes of text once its repeated cells are expanded, more than {MAX_SHEET_TEXT_BYTES} bytes, the limit for one sheet",
                s.name, s.text_bytes
            ));
        }
    }
    let total = sizes
        .iter()
        .fold(0u64, |sum, s| sum.saturating_add(s.cells));
    if total > MAX_SHEET_CELLS {
        return Err(format!(
            "its sheets would occupy {total} cells together once their repeated rows and columns are expanded, more than {MAX_SHEET_CELLS} cells, the limit for an .ods file (all its sheets are expanded at once)"
        ));
    }
    Ok(())
}

/// The size of every sheet calamine would read from `content.xml`. Stops (returning what it
/// has) where calamine's own parse would fail.
pub fn sheet_sizes<B: BufRead>(content: B) -> Vec<SheetSize> {
    let mut reader = Reader::from_reader(content);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut sizes = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name() == QName("table:table") => {
                let Some(name) = attr(&e, "table:name") else {
                    buf.clear();
                    continue;
                };
                match table_size(&mut reader, name) {
                    Some(size) => sizes.push(size),
                    None => return sizes,
                }
            }
            Ok(Event::Eof) | Err(_) => return sizes,
            Ok(_) => (),
        }
        buf.clear();
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key == QName(key))
        .map(|a| a.value.into_owned())
}

/// A count as calamine parses it: row repeats and `text:c` unescaped first (`&#48;` is `0`),
/// column repeats as written. `None` where calamine's parse fails too.
fn number(text: &str, unescape: bool) -> Option<u64> {
    if unescape {
        quick_xml::escape::unescape(text).ok()?.parse().ok()
    } else {
        text.parse().ok()
    }
}

/// Sums for one row as calamine's `read_row` stores it.
#[derive(Default)]
struct Row {
    /// Cells stored (at most [`MAX_COLUMNS`]).
    cells: u64,
    /// One past the last column holding a value or formula; 0 for an empty row.
    width: u64,
    text: u64,
}

/// One `table:table`, as calamine's `read_table` and `get_range` expand it. `None` where
/// calamine's parse fails.
fn table_size<B: BufRead>(reader: &mut Reader<B>, name: String) -> Option<SheetSize> {
    let mut size = SheetSize {
        name,
        ..SheetSize::default()
    };
    let mut buf = Vec::new();
    let mut total_rows: u64 = 0;
    // Rows from the first with a value to the last one so far, and empty rows after it.
    let mut span: u64 = 0;
    let mut pending: u64 = 0;
    let mut width: u64 = 0;
    let mut stored: u64 = 0;
    let mut expanded_text: u64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name() == QName("table:table-row") => {
                let repeats = match attr(&e, "table:number-rows-repeated") {
                    Some(v) => number(&v, true)?,
                    None => 1,
                };
                let repeats = repeats.min(MAX_ROWS.saturating_sub(total_rows));
                total_rows = total_rows.saturating_add(repeats);
                let row = row_size(reader)?;
                stored = stored.saturating_add(row.cells);
                expanded_text = expanded_text.saturating_add(row.text);
                if row.width > 0 {
                    span = if width == 0 {
                        repeats
                    } else {
                        span.saturating_add(pending).saturating_add(repeats)
                    };
                    pending = 0;
                    width = width.max(row.width);
                    expanded_text = expanded_text.saturating_add(row.text.saturating_mul(repeats));
                } else if width > 0 {
                    pending = pending.saturating_add(repeats);
                }
            }
            Ok(Event::End(e)) if e.name() == QName("table:table") => break,
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => (),
        }
        buf.clear();
    }
    size.cells = span.saturating_mul(width).saturating_add(stored);
    size.text_bytes = expanded_text;
    Some(size)
}

/// One `table:table-row`, as calamine's `read_row` stores it: empty cells only when a later
/// cell follows them, every row cut at [`MAX_COLUMNS`].
fn row_size<B: BufRead>(reader: &mut Reader<B>) -> Option<Row> {
    let mut row = Row::default();
    let mut pending_empty: u64 = 0;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e))
                if e.name() == QName("table:table-cell")
                    || e.name() == QName("table:covered-table-cell") =>
            {
                let e = e.into_owned();
                let repeats = match attr(&e, "table:number-columns-repeated") {
                    Some(v) => number(&v, false)?,
                    None => 1,
                };
                let (has_value, text, closed) = cell_content(reader, &e)?;
                let empties = pending_empty.min(MAX_COLUMNS.saturating_sub(row.cells));
                row.cells += empties;
                pending_empty = 0;
                let repeats = repeats.min(MAX_COLUMNS.saturating_sub(row.cells));
                if has_value {
                    row.cells += repeats;
                    row.width = row.cells;
                    row.text = row.text.saturating_add(text.saturating_mul(repeats));
                } else {
                    pending_empty = repeats;
                }
                if !closed {
                    let mut skip = Vec::new();
                    reader.read_to_end_into(e.name(), &mut skip).ok()?;
                }
            }
            Ok(Event::End(e)) if e.name() == QName("table:table-row") => return Some(row),
            // calamine refuses anything else inside a row.
            _ => return None,
        }
        buf.clear();
    }
}

/// calamine's `get_datatype`: whether the cell has a value or formula, the bytes of text it
/// holds, and whether its end tag has been read.
fn cell_content<B: BufRead>(
    reader: &mut Reader<B>,
    e: &BytesStart<'_>,
) -> Option<(bool, u64, bool)> {
    let mut value_set = false;
    let mut is_string = false;
    let mut is_error = false;
    let mut empty_string_value = false;
    let mut text: u64 = 0;
    let mut formula = false;
    for a in e.attributes().with_checks(false) {
        let a = a.ok()?;
        let len = a.value.len() as u64;
        match a.key.0 {
            "office:value" | "office:boolean-value" if !value_set => value_set = true,
            "office:string-value" | "office:date-value" | "office:time-value" if !value_set => {
                value_set = true;
                empty_string_value = a.key.0 == "office:string-value" && len == 0;
                text = len;
            }
            "office:value-type" if !value_set => is_string = a.value == "string",
            "calcext:value-type" => is_error = a.value == "error",
            "table:formula" => {
                formula = len > 0;
                text = text.saturating_add(len);
            }
            _ => (),
        }
    }
    if !((!value_set && is_string) || (is_error && empty_string_value)) {
        return Some((value_set || formula, text, false));
    }
    // The text of the cell's paragraphs, as calamine collects it.
    let mut buf = Vec::new();
    let mut first_paragraph = true;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => text = text.saturating_add(t.len() as u64),
            // An entity or character reference: at most 4 bytes of UTF-8.
            Ok(Event::GeneralRef(_)) => text = text.saturating_add(4),
            Ok(Event::End(end))
                if end.name() == QName("table:table-cell")
                    || end.name() == QName("table:covered-table-cell") =>
            {
                return Some((true, text, true));
            }
            Ok(Event::Start(s)) if s.name() == QName("office:annotation") => loop {
                match reader.read_event_into(&mut buf) {
                    Ok(Event::End(end)) if end.name() == QName("office:annotation") => break,
                    Err(_) => return None,
                    _ => (),
                }
            },
            Ok(Event::Start(s)) if s.name() == QName("text:p") => {
                if !first_paragraph {
                    text = text.saturating_add(1);
                }
                first_paragraph = false;
            }
            Ok(Event::Start(s)) if s.name() == QName("text:s") => {
                let count = match attr(&s, "text:c") {
                    Some(v) => number(&v, true)?,
                    None => 1,
                };
                text = text.saturating_add(count);
            }
            Ok(Event::Start(s))
                if s.name() == QName("text:tab") || s.name() == QName("text:line-break") =>
            {
                text = text.saturating_add(1);
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => (),
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(body: &str) -> Vec<SheetSize> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        sheet_sizes(xml.as_bytes())
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>AB</text:p></table:table-cell>"#;

    #[test]
    fn counts_cells_as_calamine_expands_them() {
        // Two rows of two strings, then trailing empty rows and columns as LibreOffice writes
        // them: those are not expanded.
        let body = format!(
            r#"<table:table table:name="S"><table:table-row>{CELL}{CELL}<table:table-cell table:number-columns-repeated="1022"/></table:table-row><table:table-row table:number-rows-repeated="2">{CELL}</table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#
        );
        let s = sizes(&body);
        assert_eq!(s.len(), 1);
        // Dense range 3 rows × 2 columns, plus the 3 cells stored before expanding.
        assert_eq!(s[0].cells, 3 * 2 + 3);
        // "AB" in 3 stored and 4 expanded cells.
        assert_eq!(s[0].text_bytes, 2 * 3 + 2 * 4);
        assert_eq!(check_sizes(&s), Ok(()));
    }

    #[test]
    fn repeated_rows_and_columns_are_refused_past_the_limit() {
        // 16,384 columns × 1,048,576 rows of one number: 17 billion cells in ~200 bytes (the row
        // count written with a character reference, which calamine unescapes).
        let body = r#"<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="&#52;000000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4000000000"/></table:table-row></table:table>"#;
        let s = sizes(body);
        assert_eq!(s[0].cells, 1_048_576 * 16_384 + 16_384);
        let err = check_sizes(&s).unwrap_err();
        assert!(
            err.starts_with("sheet Bomb would occupy 17179885568 cells")
                && err.ends_with("more than 50000000 cells, the limit for one sheet"),
            "{err}"
        );
    }

    #[test]
    fn repeated_spaces_count_as_text() {
        let body = r#"<table:table table:name="T"><table:table-row><table:table-cell office:value-type="string"><text:p>A<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        let s = sizes(body);
        assert_eq!(s[0].text_bytes, 2 * 2_000_000_001);
        assert!(check_sizes(&s).unwrap_err().contains("bytes of text"));
    }

    #[test]
    fn the_sample_file_is_small() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let file =
            std::fs::File::open(root.join("fixtures/messy/disdukcapil_sktt_2024.ods")).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let s = sheet_sizes(BufReader::new(zip.by_name("content.xml").unwrap()));
        assert!(!s.is_empty());
        assert!(s.iter().all(|s| s.cells > 0 && s.cells < 100_000), "{s:?}");
        assert_eq!(check_sizes(&s), Ok(()));
    }
}
