//! Finding the header row of a sheet, and naming and mapping its columns.
//!
//! Government exports put title rows above the header ("DATA ORANG ASING …", "BULAN MEI 2025"),
//! sometimes a two-line header whose top cells are merged over several columns
//! (`PASPOR` over `NOMOR | BERLAKU S/D`). The header is the first of the top rows with at least
//! [`MIN_HEADER_FIELDS`] cells that map to a canonical field (domain.md §1.1); a config can name the
//! header row or its columns instead.

use super::cell::Cell;
use super::mapping::{self, normalize_header, MappingReason};
use super::source::{Merge, RawRow, RawSheet};
use crate::record::Field;

/// How many recognisable headers make a row the header row.
pub const MIN_HEADER_FIELDS: usize = 3;
/// How far down to look for the header.
pub const HEADER_SEARCH_ROWS: usize = 60;

/// One column of a sheet and what it maps to.
#[derive(Clone, Debug)]
pub struct Column {
    /// 0-based absolute column index (A = 0).
    pub index: usize,
    /// The header as a user sees it; two-line headers read "PARENT / CHILD".
    pub header: String,
    pub field: Option<Field>,
    pub reason: MappingReason,
}

/// What a user's config says about a sheet's columns.
#[derive(Clone, Debug, Default)]
pub struct HeaderOverrides {
    /// The header's row number as the spreadsheet shows it.
    pub header_row: Option<u32>,
    /// Field → column headers (several are joined with a space).
    pub columns: Vec<(Field, Vec<String>)>,
    /// The column holding a record id.
    pub id_column: Option<String>,
}

/// The header found in a sheet.
#[derive(Clone, Debug)]
pub struct HeaderInfo {
    /// Row numbers of the header row(s).
    pub rows: Vec<u32>,
    /// Index into `RawSheet::rows` of the first row below the header.
    pub data_start: usize,
    pub columns: Vec<Column>,
    /// Non-blank texts of the rows above the header (title rows), top to bottom.
    pub title: Vec<String>,
    /// Problems with the config's column names, one sentence each.
    pub warnings: Vec<String>,
    /// The column given as `id_column`, if found.
    pub id_column: Option<usize>,
}

impl HeaderInfo {
    /// Columns that hold a canonical field.
    pub fn mapped(&self) -> impl Iterator<Item = (&Column, Field)> {
        self.columns.iter().filter_map(|c| c.field.map(|f| (c, f)))
    }

    pub fn column_for(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == Some(field))
    }
}

fn cell_text(row: &RawRow, col: usize) -> String {
    match row.cell(col) {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Empty => String::new(),
        other => other.as_text().into_owned(),
    }
}

/// Distinct fields the row's cells map to, as a header.
fn header_score(row: &RawRow, overrides: &HeaderOverrides) -> usize {
    let mut fields: Vec<Field> = Vec::new();
    let mut config_hits = 0;
    for cell in &row.cells {
        let Cell::Text(t) = cell else { continue };
        let key = normalize_header(t);
        if overrides
            .columns
            .iter()
            .any(|(_, names)| names.iter().any(|n| normalize_header(n) == key))
        {
            config_hits += 1;
            continue;
        }
        if let Some((f, _)) = mapping::map_single(t) {
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    // A row naming the config's columns is the header even when few of them are synonyms.
    fields.len() + config_hits * 2
}

fn merge_covering(merges: &[Merge], row: u32, col: usize) -> Option<&Merge> {
    merges.iter().find(|m| {
        m.first_row <= row && row <= m.last_row && m.first_col <= col && col <= m.last_col
    })
}

/// Spreadsheet column letters ("A", "Z", "AA") for naming columns without a header.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Whether the row below the header continues it (a two-line header).
fn is_second_header_line(sheet: &RawSheet, a: &RawRow, b: &RawRow) -> bool {
    if b.number != a.number + 1 || b.is_blank() {
        return false;
    }
    let filled: Vec<usize> = (0..b.cells.len())
        .filter(|&c| !b.cell(c).is_blank())
        .collect();
    if filled.iter().any(|&c| !matches!(b.cell(c), Cell::Text(_))) {
        return false;
    }
    let headerish = filled
        .iter()
        .filter(|&&c| {
            let key = normalize_header(&cell_text(b, c));
            mapping::is_child_word(&key) || mapping::synonym(&key).is_some()
        })
        .count();
    if headerish * 2 < filled.len() {
        return false;
    }
    if !sheet.merges.is_empty() {
        let spans = sheet.merges.iter().any(|m| {
            m.first_row == a.number
                && ((m.last_row == a.number && m.last_col > m.first_col) || m.last_row > a.number)
        });
        if spans {
            return true;
        }
    }
    // Without merge information: a child sits under a blank parent cell (the merged cell's
    // covered part) or under a known parent such as PASPOR.
    filled.iter().any(|&c| {
        a.cell(c).is_blank() || mapping::is_group_parent(&normalize_header(&cell_text(a, c)))
    })
}

/// Finds the header and maps the columns. The error is one sentence saying what is missing.
pub fn find_header(sheet: &RawSheet, overrides: &HeaderOverrides) -> Result<HeaderInfo, String> {
    let limit = sheet.rows.len().min(HEADER_SEARCH_ROWS);
    let header_index = if let Some(n) = overrides.header_row {
        sheet
            .rows
            .iter()
            .position(|r| r.number == n)
            .ok_or_else(|| {
                format!("the config names row {n} as the header, but that row is empty or missing")
            })?
    } else {
        let scores: Vec<usize> = sheet.rows[..limit]
            .iter()
            .map(|r| header_score(r, overrides))
            .collect();
        match scores.iter().position(|&s| s >= MIN_HEADER_FIELDS) {
            Some(i) => i,
            None => {
                let best = scores
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, s)| (**s, std::cmp::Reverse(*i)))
                    .filter(|(_, s)| **s >= 2)
                    .map(|(i, _)| i);
                match best {
                    Some(i) if has_identity_header(&sheet.rows[i]) => i,
                    _ => {
                        return Err(format!(
                            "no recognisable header row in the first {limit} rows: none has {MIN_HEADER_FIELDS} or more column names such as NAMA, NO PASPOR, KEWARGANEGARAAN; describe the columns in a config file (reconcile init)"
                        ))
                    }
                }
            }
        }
    };
    let a = &sheet.rows[header_index];
    let b = sheet.rows.get(header_index + 1);
    let two_line = b.is_some_and(|b| is_second_header_line(sheet, a, b));
    let mut header_rows = vec![a.number];
    if let (true, Some(b)) = (two_line, b) {
        header_rows.push(b.number);
    }
    let width = a.cells.len().max(if two_line {
        b.map_or(0, |b| b.cells.len())
    } else {
        0
    });

    let title = sheet.rows[..header_index]
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter(|c| !c.is_blank())
                .map(|c| c.as_text().into_owned())
        })
        .collect();

    // Name every column.
    let mut names: Vec<(String, Option<String>, String)> = Vec::with_capacity(width); // (display, parent, child)
    let mut last_parent = String::new();
    for c in 0..width {
        let top = cell_text(a, c);
        if !top.is_empty() {
            last_parent = top.clone();
        }
        let child = if two_line {
            b.map(|b| cell_text(b, c)).unwrap_or_default()
        } else {
            String::new()
        };
        if two_line && !child.is_empty() {
            let parent = if !top.is_empty() {
                Some(top.clone())
            } else if let Some(m) = merge_covering(&sheet.merges, a.number, c) {
                Some(cell_text(a, m.first_col))
            } else if sheet.merges.is_empty() && !last_parent.is_empty() {
                Some(last_parent.clone())
            } else {
                None
            };
            let display = match &parent {
                Some(p) if normalize_header(p) != normalize_header(&child) => {
                    format!("{p} / {child}")
                }
                _ => child.clone(),
            };
            names.push((display, parent, child));
        } else if !top.is_empty() {
            names.push((top.clone(), None, top));
        } else {
            names.push((String::new(), None, String::new()));
        }
    }

    let mut columns: Vec<Column> = names
        .iter()
        .enumerate()
        .map(|(index, (display, _, _))| Column {
            index,
            header: if display.is_empty() {
                format!("column {}", column_letter(index))
            } else {
                display.replace('\n', " ")
            },
            field: None,
            reason: MappingReason::Unmapped,
        })
        .collect();

    let mut warnings = Vec::new();
    // 1. The config wins.
    let matches_name = |col: usize, wanted: &str| -> bool {
        let w = normalize_header(wanted);
        let Some((display, parent, child)) = names.get(col) else {
            return false;
        };
        normalize_header(display) == w
            || normalize_header(child) == w
            || parent
                .as_ref()
                .is_some_and(|p| normalize_header(&format!("{p} {child}")) == w)
    };
    for (field, wanted) in &overrides.columns {
        for name in wanted {
            match (0..columns.len()).find(|&c| matches_name(c, name)) {
                Some(c) => {
                    columns[c].field = Some(*field);
                    columns[c].reason = MappingReason::Config;
                }
                None => warnings.push(format!(
                    "the config maps field {} to column \"{name}\", but the header (row {}) has no such column",
                    field.key(),
                    a.number
                )),
            }
        }
    }
    let id_column = match &overrides.id_column {
        Some(name) => {
            let found = (0..columns.len()).find(|&c| matches_name(c, name));
            if found.is_none() {
                warnings.push(format!(
                    "the config names \"{name}\" as the id column, but the header (row {}) has no such column",
                    a.number
                ));
            }
            found
        }
        None => None,
    };
    if let Some(c) = id_column {
        if columns[c].field.is_none() {
            columns[c].field = Some(Field::RecordId);
            columns[c].reason = MappingReason::Config;
        }
    }

    // 2. Synonyms, group rules and keywords for the rest.
    for c in 0..columns.len() {
        if columns[c].field.is_some() {
            continue;
        }
        let (_, parent, child) = &names[c];
        if child.is_empty() {
            continue;
        }
        let mapped = match parent {
            Some(p) => mapping::map_two_line(p, child),
            None => mapping::map_single(child),
        };
        let Some((mut field, reason)) = mapped else {
            continue;
        };
        // A bare ALAMAT right after the employer in a manpower list is the company's address.
        if field == Field::Address
            && c > 0
            && columns[c - 1].field == Some(Field::Employer)
            && normalize_header(child) == "ALAMAT"
        {
            field = Field::WorkLocation;
        }
        let joinable = matches!(
            field,
            Field::Address | Field::Street | Field::RtRw | Field::Remarks
        );
        if let Some(first) = columns
            .iter()
            .find(|col| col.field == Some(field) && field != Field::RowNumber && !joinable)
        {
            columns[c].reason = MappingReason::Duplicate {
                first_column: first.header.clone(),
            };
            continue;
        }
        columns[c].field = Some(field);
        columns[c].reason = reason;
    }

    Ok(HeaderInfo {
        data_start: header_index + header_rows.len(),
        rows: header_rows,
        columns,
        title,
        warnings,
        id_column,
    })
}

fn has_identity_header(row: &RawRow) -> bool {
    row.cells.iter().any(|c| {
        let Cell::Text(t) = c else { return false };
        mapping::map_single(t).is_some_and(|(f, _)| f.is_identity())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> RawRow {
        RawRow::from_texts(number, cells)
    }

    fn sheet(rows: Vec<RawRow>, merges: Vec<Merge>) -> RawSheet {
        RawSheet {
            sheet: "S".into(),
            rows,
            merges,
            notes: vec![],
        }
    }

    fn fields(h: &HeaderInfo) -> Vec<Option<&'static str>> {
        h.columns.iter().map(|c| c.field.map(|f| f.key())).collect()
    }

    #[test]
    fn finds_header_below_title_rows() {
        let s = sheet(
            vec![
                row(1, &["DATA ORANG ASING KABUPATEN LOMBOK TIMUR"]),
                row(2, &["BULAN MEI 2025"]),
                row(4, &["NO", "NAMA", "NO. PASPOR", "KEWARGANEGARAAN", "FOTO"]),
                row(5, &["1", "WANG WEI", "E12345678", "RRT", ""]),
            ],
            vec![],
        );
        let h = find_header(&s, &HeaderOverrides::default()).unwrap();
        assert_eq!(h.rows, vec![4]);
        assert_eq!(h.data_start, 3);
        assert_eq!(
            fields(&h),
            vec![
                Some("row_number"),
                Some("name"),
                Some("passport"),
                Some("nationality"),
                None
            ]
        );
        assert_eq!(
            h.title,
            vec!["DATA ORANG ASING KABUPATEN LOMBOK TIMUR", "BULAN MEI 2025"]
        );
    }

    #[test]
    fn two_line_header_with_merges() {
        let s = sheet(
            vec![
                row(1, &["DATA"]),
                row(
                    3,
                    &[
                        "NO",
                        "NAMA",
                        "PASPOR",
                        "",
                        "IZIN TINGGAL",
                        "",
                        "",
                        "PENJAMIN",
                    ],
                ),
                row(
                    4,
                    &[
                        "",
                        "",
                        "NOMOR",
                        "BERLAKU S/D",
                        "JENIS",
                        "NOMOR",
                        "BERLAKU S/D",
                        "",
                    ],
                ),
                row(
                    5,
                    &[
                        "1",
                        "A",
                        "E1",
                        "2030-01-01",
                        "ITAS",
                        "2C11",
                        "2026-01-01",
                        "PT X",
                    ],
                ),
            ],
            vec![
                Merge {
                    first_row: 3,
                    last_row: 4,
                    first_col: 0,
                    last_col: 0,
                },
                Merge {
                    first_row: 3,
                    last_row: 4,
                    first_col: 1,
                    last_col: 1,
                },
                Merge {
                    first_row: 3,
                    last_row: 3,
                    first_col: 2,
                    last_col: 3,
                },
                Merge {
                    first_row: 3,
                    last_row: 3,
                    first_col: 4,
                    last_col: 6,
                },
                Merge {
                    first_row: 3,
                    last_row: 4,
                    first_col: 7,
                    last_col: 7,
                },
            ],
        );
        let h = find_header(&s, &HeaderOverrides::default()).unwrap();
        assert_eq!(h.rows, vec![3, 4]);
        assert_eq!(h.data_start, 3);
        assert_eq!(
            fields(&h),
            vec![
                Some("row_number"),
                Some("name"),
                Some("passport"),
                Some("passport_expiry"),
                Some("permit_type"),
                Some("permit_number"),
                Some("permit_expiry"),
                Some("sponsor")
            ]
        );
        assert_eq!(h.columns[3].header, "PASPOR / BERLAKU S/D");
    }

    #[test]
    fn two_line_header_without_merge_information() {
        let s = sheet(
            vec![
                row(1, &["NO", "NAMA", "WN", "PASPOR", "", "ALAMAT"]),
                row(2, &["", "", "", "NOMOR", "BERLAKU S/D", ""]),
                row(3, &["1", "A", "AUS", "PA123", "01-01-2030", "Selong"]),
            ],
            vec![],
        );
        let h = find_header(&s, &HeaderOverrides::default()).unwrap();
        assert_eq!(h.rows, vec![1, 2]);
        assert_eq!(
            fields(&h)[3..5],
            [Some("passport"), Some("passport_expiry")]
        );
    }

    #[test]
    fn data_row_is_not_mistaken_for_second_header_line() {
        let s = sheet(
            vec![
                row(1, &["NO", "NAMA", "PASPOR", "WN"]),
                row(2, &["1", "NOMOR SATU", "E123", "CHN"]),
            ],
            vec![],
        );
        let h = find_header(&s, &HeaderOverrides::default()).unwrap();
        assert_eq!(h.rows, vec![1]);
    }

    #[test]
    fn duplicate_fields_keep_the_first_column() {
        let s = sheet(
            vec![row(
                1,
                &[
                    "NAMA",
                    "NAMA SESUAI PASPOR",
                    "PASPOR",
                    "ALAMAT",
                    "ALAMAT DOMISILI",
                ],
            )],
            vec![],
        );
        let h = find_header(&s, &HeaderOverrides::default()).unwrap();
        assert_eq!(h.columns[0].field, Some(Field::Name));
        assert_eq!(h.columns[1].field, None);
        assert!(matches!(
            h.columns[1].reason,
            MappingReason::Duplicate { .. }
        ));
        // Address parts join.
        assert_eq!(h.columns[4].field, Some(Field::Address));
    }

    #[test]
    fn config_columns_win_and_missing_ones_warn() {
        let s = sheet(
            vec![
                row(1, &["rec_id", "given_name", "surname", "suburb", "xyz"]),
                row(2, &["r1", "JOHN", "SMITH", "Selong", "q"]),
            ],
            vec![],
        );
        let o = HeaderOverrides {
            header_row: None,
            columns: vec![
                (Field::GivenName, vec!["given_name".into()]),
                (Field::FamilyName, vec!["surname".into()]),
                (Field::Desa, vec!["suburb".into()]),
                (Field::Postcode, vec!["postcode".into()]),
            ],
            id_column: Some("rec_id".into()),
        };
        let h = find_header(&s, &o).unwrap();
        assert_eq!(h.id_column, Some(0));
        assert_eq!(h.columns[1].reason, MappingReason::Config);
        assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
        assert!(h.warnings[0].contains("postcode"));
    }

    #[test]
    fn no_header_is_a_clear_error() {
        let s = sheet(vec![row(1, &["foo", "bar"]), row(2, &["1", "2"])], vec![]);
        let err = find_header(&s, &HeaderOverrides::default()).unwrap_err();
        assert!(err.contains("no recognisable header"), "{err}");
    }

    #[test]
    fn column_letters() {
        let cases = [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ];
        for (i, want) in cases {
            assert_eq!(column_letter(i), want);
        }
    }
}
