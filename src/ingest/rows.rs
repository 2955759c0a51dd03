//! Rows below the header: which are data, which are layout (blank, column numbers, totals,
//! signature footers, group headings), and mapping each data row to a [`Record`].
//!
//! The invariant every caller relies on: each **data row** becomes either a record or a rejected row
//! with its reason — `data_rows == records.len() + rejected.len()`. Layout rows are not data rows;
//! they are counted by reason and listed too, so nothing disappears without a trace.

use super::cell::{is_missing_token, Cell};
use super::header::HeaderInfo;
use super::mapping::normalize_header;
use super::source::{RawRow, RawSheet};
use crate::record::{Agency, Field, Provenance, Record, Value};
use serde::Serialize;
use std::collections::HashMap;

/// Why a row below the header is not a data row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Nothing in it, or only the running number of an unused numbered row.
    Blank,
    /// The "1 2 3 …" row printed under some headers.
    ColumnNumbers,
    /// The header printed again (a second page).
    RepeatedHeader,
    /// "JUMLAH", "TOTAL".
    Total,
    /// Signature block and notes below the table.
    Footer,
    /// A row naming a group of the rows below ("KECAMATAN SELONG", "I. TKA").
    GroupHeading,
}

impl SkipReason {
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::ColumnNumbers => "column numbers",
            SkipReason::RepeatedHeader => "repeated header",
            SkipReason::Total => "total",
            SkipReason::Footer => "footer / signature",
            SkipReason::GroupHeading => "group heading",
        }
    }
}

/// A row below the header that is not a data row.
#[derive(Clone, Debug, Serialize)]
pub struct SkippedRow {
    pub row: u32,
    pub reason: SkipReason,
    pub text: String,
}

/// A data row that could not become a record.
#[derive(Clone, Debug, Serialize)]
pub struct RejectedRow {
    pub provenance: Provenance,
    pub reason: String,
    pub text: String,
}

/// Everything one sheet's rows gave.
#[derive(Clone, Debug, Default)]
pub struct SheetRows {
    pub data_rows: usize,
    pub records: Vec<Record>,
    pub rejected: Vec<RejectedRow>,
    pub skipped: Vec<SkippedRow>,
    /// Records moved out to the run's flat record list (see `pipeline`); still counted.
    pub moved_records: usize,
}

impl SheetRows {
    /// Records this sheet produced, whether still here or moved to the run's list.
    pub fn record_count(&self) -> usize {
        self.records.len() + self.moved_records
    }
}

const TOTAL_WORDS: &[&str] = &[
    "JUMLAH",
    "TOTAL",
    "JML",
    "GRAND TOTAL",
    "SUB TOTAL",
    "SUBTOTAL",
    "JUMLAH TOTAL",
];
const FOOTER_WORDS: &[&str] = &[
    "NIP",
    "KEPALA",
    "MENGETAHUI",
    "DIBUAT OLEH",
    "PETUGAS",
    "KASI",
    "KASUBSI",
    "KASAT",
    "KAPOLRES",
    "AN KEPALA",
    "PLT",
    "PLH",
    "SEKRETARIS",
    "PEMBINA",
    "PENATA",
    "KOMPOL",
    "AKP",
    "IPTU",
    "IPDA",
    "AJUN",
];
const MONTHS: &[&str] = &[
    "JANUARI",
    "FEBRUARI",
    "PEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "NOPEMBER",
    "DESEMBER",
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "OCTOBER",
    "DECEMBER",
];

fn row_text(row: &RawRow) -> String {
    row.cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| c.as_text().replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn starts_with_word(key: &str, word: &str) -> bool {
    key == word || (key.starts_with(word) && key.as_bytes().get(word.len()) == Some(&b' '))
}

fn is_total_row(row: &RawRow, header: &HeaderInfo) -> bool {
    let has_total_word = row.cells.iter().any(|c| match c {
        Cell::Text(t) => {
            may_start_total_word(t) && {
                let k = normalize_header(t);
                TOTAL_WORDS.iter().any(|w| starts_with_word(&k, w))
            }
        }
        _ => false,
    });
    has_total_word && !has_strong_id(row, header)
}

/// Whether the cell's normalised text could begin with a total word: for ASCII text, its first
/// letter or digit must be a total word's first letter. Normalising allocates, and this test
/// runs on every text cell of every data row, where it was a tenth of the read stage.
fn may_start_total_word(text: &str) -> bool {
    if !text.is_ascii() {
        // Transliteration may turn another character into a letter: normalise to be sure.
        return true;
    }
    text.bytes()
        .find(u8::is_ascii_alphanumeric)
        .is_some_and(|b| {
            let b = b.to_ascii_uppercase();
            TOTAL_WORDS.iter().any(|w| w.as_bytes().first() == Some(&b))
        })
}

/// Whether the row holds a passport or NIK: such a row is a person, whatever else it says.
fn has_strong_id(row: &RawRow, header: &HeaderInfo) -> bool {
    header.mapped().any(|(col, f)| {
        matches!(f, Field::Passport | Field::Nik) && {
            looks_like_id_number(&row.cell(col.index).as_text())
        }
    })
}

/// An identity number has at least five letters and digits, one of them a digit: a signatory's name
/// or a count ("5") typed in the passport column is not one.
fn looks_like_id_number(text: &str) -> bool {
    !is_missing_token(text)
        && text.chars().filter(|c| c.is_alphanumeric()).count() >= 5
        && text.chars().any(|c| c.is_ascii_digit())
}

/// "Mataram, 31 Mei 2025", "Selong, 2 Juni 2025": the place-and-date line above a signature.
fn is_signature_dateline(text: &str) -> bool {
    let k = normalize_header(text);
    let words: Vec<&str> = k.split(' ').collect();
    text.contains(',')
        && words.len() <= 6
        && words.iter().any(|w| MONTHS.contains(w))
        && words
            .iter()
            .any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
}

fn is_footer_marker(row: &RawRow) -> bool {
    if row.filled() > 2 {
        return false;
    }
    row.cells.iter().any(|c| match c {
        Cell::Text(t) => {
            let k = normalize_header(t);
            FOOTER_WORDS.iter().any(|w| starts_with_word(&k, w)) || is_signature_dateline(t)
        }
        _ => false,
    })
}

fn is_column_number_row(row: &RawRow) -> bool {
    let values: Vec<f64> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| match c {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => t
                .trim()
                .trim_matches(|c| c == '(' || c == ')')
                .parse::<f64>()
                .ok(),
            _ => None,
        })
        .collect::<Option<Vec<f64>>>()
        .unwrap_or_default();
    values.len() >= 3
        && values.first() == Some(&1.0)
        && values.windows(2).all(|w| w[1] == w[0] + 1.0)
}

/// The mapped columns' header texts, normalised once per sheet: every data row is checked
/// against them (a repeated header row), and normalising them again for each row cost seconds at
/// a million rows.
struct HeaderKeys<'a> {
    columns: Vec<(usize, String, &'a str)>,
}

impl<'a> HeaderKeys<'a> {
    fn new(header: &'a HeaderInfo) -> Self {
        let columns = header
            .mapped()
            .map(|(col, _)| {
                (
                    col.index,
                    normalize_header(&col.header),
                    col.header.as_str(),
                )
            })
            .collect();
        HeaderKeys { columns }
    }

    /// Whether more than half of at least three mapped cells repeat their column's header.
    fn is_repeated_header(&self, row: &RawRow) -> bool {
        let mapped = self.columns.len();
        if mapped < 3 {
            return false;
        }
        let mut same = 0;
        for (checked, (index, key, header)) in self.columns.iter().enumerate() {
            if let Cell::Text(t) = row.cell(*index) {
                if header.ends_with(t.trim()) || normalize_header(t) == *key {
                    same += 1;
                }
            }
            // Stop as soon as the rest of the cells cannot make a majority: a data row
            // usually fails on its first cells.
            let left = mapped - checked - 1;
            if (same + left) * 2 <= mapped {
                return false;
            }
        }
        same * 2 > mapped
    }
}

/// Only the running number (or nothing mapped at all) is filled: an unused row of a numbered form.
fn is_numbered_blank(row: &RawRow, header: &HeaderInfo) -> bool {
    row.cells.iter().enumerate().all(|(i, c)| {
        c.is_blank()
            || (header
                .columns
                .get(i)
                .is_some_and(|col| col.field == Some(Field::RowNumber))
                && matches!(c, Cell::Number(_) | Cell::Text(_) if c.as_text().trim().trim_end_matches('.').parse::<f64>().is_ok()))
    })
}

fn group_heading(row: &RawRow, header: &HeaderInfo) -> Option<String> {
    if row.filled() != 1 {
        return None;
    }
    let (i, cell) = row.cells.iter().enumerate().find(|(_, c)| !c.is_blank())?;
    let Cell::Text(t) = cell else { return None };
    let field = header.columns.get(i).and_then(|c| c.field);
    // A lone value in the name column is a person with nothing else known, unless it reads as a
    // heading ("KECAMATAN SELONG", "I. TKA").
    if field.is_some_and(|f| f.is_identity())
        && heading_kecamatan(t).is_none()
        && !is_enumerated_heading(t)
    {
        return None;
    }
    Some(t.trim().to_string())
}

/// "I. TKA", "II. ITAP": a roman numeral and a group word. (A single initial such as "J. SMITH"
/// is a person, so a group word is required.)
fn is_enumerated_heading(text: &str) -> bool {
    const GROUP_WORDS: &[&str] = &[
        "TKA",
        "ITAS",
        "ITAP",
        "ITK",
        "WNA",
        "ASING",
        "PERUSAHAAN",
        "KECAMATAN",
        "DESA",
    ];
    let t = text.trim();
    let Some((head, rest)) = t.split_once('.') else {
        return false;
    };
    let key = normalize_header(rest);
    !head.is_empty()
        && head.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && key.split(' ').any(|w| GROUP_WORDS.contains(&w))
}

/// The kecamatan a group heading names ("KECAMATAN SELONG", "KEC. SAKRA BARAT").
fn heading_kecamatan(text: &str) -> Option<String> {
    let k = normalize_header(text);
    for prefix in ["KECAMATAN ", "KEC "] {
        if let Some(rest) = k.strip_prefix(prefix) {
            if !rest.is_empty() {
                return Some(rest.to_string());
            }
        }
    }
    None
}

fn cell_value(cell: &Cell, field: Field) -> Option<Value> {
    match cell {
        Cell::Empty => None,
        Cell::Date(d) if field.is_date() => Some(Value::Date(*d)),
        other => {
            let t = other.as_text();
            let t = t.trim();
            if t.is_empty() {
                None
            } else {
                Some(Value::Text(t.to_string()))
            }
        }
    }
}

/// Turns the rows below the header into records, rejected rows and skipped rows.
pub fn extract(sheet: &RawSheet, header: &HeaderInfo, source: &str, agency: Agency) -> SheetRows {
    let mut out = SheetRows::default();
    let rows = sheet.rows.get(header.data_start..).unwrap_or_default();
    // Cells under vertical merges are filled down for the fields that allow it.
    let by_number: HashMap<u32, &RawRow> = if sheet.merges.is_empty() {
        HashMap::new()
    } else {
        sheet.rows.iter().map(|r| (r.number, r)).collect()
    };
    let mut in_footer = false;
    let mut context_kecamatan: Option<String> = None;
    let first_data_number = rows.first().map(|r| r.number).unwrap_or(0);
    let header_keys = HeaderKeys::new(header);

    for row in rows {
        let skip = |reason: SkipReason, out: &mut SheetRows| {
            out.skipped.push(SkippedRow {
                row: row.number,
                reason,
                text: row_text(row),
            })
        };
        if row.is_blank() || is_numbered_blank(row, header) {
            skip(SkipReason::Blank, &mut out);
            continue;
        }
        if row.number == first_data_number && is_column_number_row(row) {
            skip(SkipReason::ColumnNumbers, &mut out);
            continue;
        }
        if header_keys.is_repeated_header(row) {
            skip(SkipReason::RepeatedHeader, &mut out);
            continue;
        }
        if is_total_row(row, header) {
            in_footer = true;
            skip(SkipReason::Total, &mut out);
            continue;
        }
        if is_footer_marker(row) {
            in_footer = true;
            skip(SkipReason::Footer, &mut out);
            continue;
        }
        if in_footer && row.filled() <= 3 && !has_strong_id(row, header) {
            skip(SkipReason::Footer, &mut out);
            continue;
        }
        if let Some(text) = group_heading(row, header) {
            if let Some(k) = heading_kecamatan(&text) {
                context_kecamatan = Some(k);
            }
            skip(SkipReason::GroupHeading, &mut out);
            continue;
        }

        // A data row.
        out.data_rows += 1;
        in_footer = false;
        let provenance = Provenance {
            source: source.to_string(),
            sheet: sheet.sheet.clone(),
            row: row.number,
        };
        let mut record = Record {
            provenance,
            agency,
            record_id: String::new(),
            fields: Vec::new(),
            extra: Vec::new(),
        };
        for col in &header.columns {
            let mut cell = row.cell(col.index);
            if cell.is_blank() && col.field.is_some_and(Field::fills_down_in_merges) {
                if let Some(m) = sheet.merges.iter().find(|m| {
                    m.first_row < row.number
                        && row.number <= m.last_row
                        && m.first_col <= col.index
                        && col.index <= m.last_col
                }) {
                    if let Some(top) = by_number.get(&m.first_row) {
                        cell = top.cell(m.first_col);
                    }
                }
            }
            match col.field {
                Some(Field::RowNumber) => {}
                Some(field) => {
                    if let Some(v) = cell_value(cell, field) {
                        record.set(field, v);
                    }
                }
                None => {
                    if !cell.is_blank() {
                        record
                            .extra
                            .push((col.header.clone(), cell.as_text().into_owned()));
                    }
                }
            }
        }
        // Cells beyond the header's last column are kept too.
        for (i, cell) in row.cells.iter().enumerate().skip(header.columns.len()) {
            if !cell.is_blank() {
                record.extra.push((
                    format!("column {}", super::header::column_letter(i)),
                    cell.as_text().into_owned(),
                ));
            }
        }
        if let Some(c) = header.id_column {
            record.record_id = row.cell(c).as_text().trim().to_string();
        }
        if record.get(Field::Kecamatan).is_none() {
            if let Some(k) = &context_kecamatan {
                record.set(Field::Kecamatan, Value::Text(k.clone()));
            }
        }
        let identified = record
            .fields
            .iter()
            .any(|(f, v)| f.is_identity() && matches!(v, Value::Text(t) if !is_missing_token(t)));
        if identified {
            out.records.push(record);
        } else {
            out.rejected.push(RejectedRow {
                provenance: record.provenance,
                reason: "no name and no identity number (passport, NIK or permit number)".into(),
                text: row_text(row),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::{find_header, HeaderOverrides};
    use crate::ingest::source::Merge;

    fn row(number: u32, cells: &[&str]) -> RawRow {
        RawRow::from_texts(number, cells)
    }

    fn run(rows: Vec<RawRow>, merges: Vec<Merge>) -> SheetRows {
        let sheet = RawSheet {
            sheet: "S".into(),
            rows,
            merges,
            notes: vec![],
        };
        let h = find_header(&sheet, &HeaderOverrides::default()).unwrap();
        extract(&sheet, &h, "f.xlsx", Agency::Imigrasi)
    }

    #[test]
    fn classifies_layout_rows() {
        let out = run(
            vec![
                row(1, &["DATA ORANG ASING"]),
                row(3, &["NO", "NAMA", "NO PASPOR", "WN"]),
                row(4, &["1", "2", "3", "4"]),
                row(5, &["", "KECAMATAN SELONG", "", ""]),
                row(6, &["1", "WANG WEI", "E12345678", "RRT"]),
                row(7, &["2", "", "", ""]),
                row(8, &["", "", "", ""]),
                row(9, &["3", "JOHN SMITH", "-", "INGGRIS"]),
                row(10, &["4", "", "", "AUSTRALIA"]),
                row(11, &["NO", "NAMA", "NO PASPOR", "WN"]),
                row(12, &["JUMLAH", "", "", "3"]),
                row(14, &["", "", "Selong, 31 Mei 2025", ""]),
                row(15, &["", "", "KEPALA DINAS", ""]),
                row(17, &["", "", "BUDI SANTOSO", ""]),
                row(18, &["", "", "NIP. 197501012000031001", ""]),
            ],
            vec![],
        );
        let reasons: Vec<(u32, SkipReason)> =
            out.skipped.iter().map(|s| (s.row, s.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (4, SkipReason::ColumnNumbers),
                (5, SkipReason::GroupHeading),
                (7, SkipReason::Blank),
                (8, SkipReason::Blank),
                (11, SkipReason::RepeatedHeader),
                (12, SkipReason::Total),
                (14, SkipReason::Footer),
                (15, SkipReason::Footer),
                (17, SkipReason::Footer),
                (18, SkipReason::Footer),
            ]
        );
        assert_eq!(out.data_rows, 3);
        assert_eq!(out.records.len() + out.rejected.len(), out.data_rows);
        assert_eq!(out.records.len(), 2);
        assert_eq!(out.rejected.len(), 1);
        assert_eq!(out.rejected[0].provenance.row, 10);
        // The group heading's kecamatan is applied to the rows below it.
        assert_eq!(
            out.records[0].text(Field::Kecamatan).as_deref(),
            Some("SELONG")
        );
        assert_eq!(out.records[0].provenance.row, 6);
    }

    #[test]
    fn fills_down_merged_sponsor_but_not_names() {
        let out = run(
            vec![
                row(1, &["NO", "NAMA", "NO PASPOR", "PENJAMIN"]),
                row(2, &["1", "ANNA MEIER", "C01X00T47", "PT LOMBOK INDAH"]),
                row(3, &["2", "LUKAS MEIER", "C01X00T48", ""]),
            ],
            vec![Merge {
                first_row: 2,
                last_row: 3,
                first_col: 3,
                last_col: 3,
            }],
        );
        assert_eq!(out.records.len(), 2);
        assert_eq!(
            out.records[1].text(Field::Sponsor).as_deref(),
            Some("PT LOMBOK INDAH")
        );
    }

    #[test]
    fn unmapped_and_extra_cells_are_kept() {
        let out = run(
            vec![
                row(1, &["NAMA", "NO PASPOR", "WN", "FOTO"]),
                row(2, &["A B", "X1", "AUS", "ada", "stray"]),
            ],
            vec![],
        );
        let extra = &out.records[0].extra;
        assert_eq!(extra.len(), 2);
        assert_eq!(extra[0], ("FOTO".to_string(), "ada".to_string()));
        assert_eq!(extra[1].0, "column E");
    }

    #[test]
    fn a_person_row_with_a_total_word_is_not_a_total() {
        let out = run(
            vec![
                row(1, &["NAMA", "NO PASPOR", "WN"]),
                row(2, &["TOTAL ENERGIES STAFF", "E12345678", "FRA"]),
            ],
            vec![],
        );
        assert_eq!(out.records.len(), 1);
    }

    #[test]
    fn the_total_word_shortcut_agrees_with_normalising() {
        let cells = [
            "JUMLAH",
            "  - jumlah total:",
            "Grand Total",
            "sub-total",
            "Jml.",
            "WANG WEI",
            "1. Total",
            "",
            "---",
            "Ｔｏｔａｌ",
            "Ťotal",
            "SMITH",
            "Tan",
            "GRAND TOTALLY",
        ];
        for cell in cells {
            let k = normalize_header(cell);
            let total = TOTAL_WORDS.iter().any(|w| starts_with_word(&k, w));
            // The shortcut may only say "no" where normalising says "no".
            assert!(may_start_total_word(cell) || !total, "{cell:?}");
        }
        assert!(!may_start_total_word("WANG WEI"));
        assert!(!may_start_total_word("1. Total"));
        assert!(may_start_total_word("  - jumlah total:"));
        assert!(may_start_total_word("Ｔｏｔａｌ"));
    }
}
