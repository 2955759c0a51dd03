//! Checks the workbook stream of an `.xls` (BIFF records) before calamine reads it.
//!
//! calamine 0.38 (`xls.rs`) builds every sheet of an `.xls` when it opens the file: for each
//! sheet it reserves the cells its dimensions record declares, then lays its cells out as one
//! dense range from the first to the farthest cell. BIFF8 caps a sheet at 65,536 rows × 256
//! columns, but the records carry a 32-bit row count and 16-bit columns, so a few hundred bytes
//! can declare billions of cells, or put two cells 65,535 rows and columns apart; an allocation
//! that large aborts the process (it is not a panic that can be caught). A dimensions record
//! whose last row is before its first underflows calamine's arithmetic. And it indexes some
//! records without checking their length, or a sheet offset past the stream's end. Here the
//! records are walked the way calamine walks them, and a file that would trigger one of those is
//! refused. See docs/reliability.md.

use super::cfb::{u16_at, u32_at};
use super::limits::MAX_SHEET_CELLS;

/// Why a workbook stream is refused: too large for memory, or damaged.
#[derive(Debug, PartialEq)]
pub enum Problem {
    TooLarge(String),
    Damaged(String),
}

/// The most cells a BIFF8 sheet can hold: 65,536 rows × 256 columns. calamine's range for a
/// sheet costs two words or more a cell (values, then formulas), so a box of 50 million cells
/// (the general limit) still took over 2 GB; no real `.xls` sheet is larger than this.
pub const MAX_XLS_SHEET_CELLS: u64 = 65_536 * 256;

const EOF: u16 = 0x000A;
const BOF: u16 = 0x0809;

/// Records as calamine's `RecordIter` yields them: type and data, Continue records (0x003C)
/// folded into the one before. Ends where calamine's iterator ends or fails.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, 0)?;
        let len = u16_at(self.stream, 2)? as usize;
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        while u16_at(self.stream, 0) == Some(0x003C) && self.stream.len() > 4 {
            let len = u16_at(self.stream, 2)? as usize;
            self.stream = self.stream.get(4 + len..)?;
        }
        Some((typ, data))
    }
}

/// The smallest range holding a set of cells.
#[derive(Default)]
struct Bounds {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        let grow = |b: Option<(u32, u32)>, v: u32| match b {
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            None => Some((v, v)),
        };
        self.rows = grow(self.rows, row);
        self.cols = grow(self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1))
            }
            _ => 0,
        }
    }
}

/// Checks the workbook stream; see the module comment.
pub fn check_workbook_stream(stream: &[u8]) -> Result<(), Problem> {
    let damaged = |what: &str| Err(Problem::Damaged(what.to_string()));
    // The globals substream: the sheets' offsets, and the records calamine reads unchecked.
    let mut sheets = Vec::new();
    for (typ, data) in (Records { stream }) {
        let short = |n: usize| data.len() < n;
        match typ {
            // FilePass, CodePage, DateMode and BOF: calamine reads a 16-bit value.
            0x002F | 0x0042 | 0x0022 | BOF if short(2) => {
                return damaged(&format!("its record 0x{typ:04X} is cut short"));
            }
            // A password: calamine says so.
            0x002F if u16_at(data, 0) != Some(0) => return Ok(()),
            // BoundSheet8: the sheet's offset, visibility and type.
            0x0085 if short(6) => return damaged("its sheet list is cut short"),
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                if pos > stream.len() {
                    return damaged(&format!(
                        "its sheet {} starts at byte {pos}, past the end of its {}-byte workbook stream",
                        sheets.len() + 1,
                        stream.len()
                    ));
                }
                sheets.push(pos);
            }
            // Lbl (a defined name): calamine reads its lengths at bytes 3 to 5, the name from
            // byte 14, and the formula as the record's last `cce` bytes, subtracting without a
            // check (found by fuzzing: a `cce` longer than the record).
            0x0018 if short(14) || usize::from(u16_at(data, 4).unwrap_or(0)) > data.len() => {
                return damaged("its defined name (Lbl record) is cut short");
            }
            EOF => break,
            _ => (),
        }
    }
    let mut total: u64 = 0;
    // calamine reads each sheet from its offset to its end; offsets that overlap make it read
    // the same records again and again.
    let mut scanned: usize = 0;
    let budget = stream.len().saturating_mul(2).saturating_add(1 << 16);
    for (i, &pos) in sheets.iter().enumerate() {
        let n = i + 1;
        let (cells, read) = sheet_cells(&stream[pos..]).map_err(|e| match e {
            Problem::Damaged(d) => Problem::Damaged(format!("its sheet {n} {d}")),
            Problem::TooLarge(d) => Problem::TooLarge(format!("its sheet {n} {d}")),
        })?;
        scanned = scanned.saturating_add(read);
        if scanned > budget {
            return damaged(
                "its sheets overlap: the sheet list points into the same records again and again",
            );
        }
        if cells > MAX_XLS_SHEET_CELLS {
            return Err(Problem::TooLarge(format!(
                "its sheet {n} spans {cells} cells from its first to its farthest cell, more than {MAX_XLS_SHEET_CELLS} cells, the most an .xls sheet holds (65,536 rows × 256 columns)"
            )));
        }
        total = total.saturating_add(cells);
        if total > MAX_SHEET_CELLS {
            return Err(Problem::TooLarge(format!(
                "its sheets span {total} cells together, more than {MAX_SHEET_CELLS} cells, the limit for an .xls file (all its sheets are built at once)"
            )));
        }
    }
    Ok(())
}

/// One sheet substream as calamine's `parse_workbook` reads it: the cells of the dense range it
/// builds, and the bytes it reads to get there.
fn sheet_cells(sheet: &[u8]) -> Result<(u64, usize), Problem> {
    let mut bounds = Bounds::default();
    let mut records = Records { stream: sheet };
    let mut seen_bof = false;
    let mut depth = 0usize;
    while let Some((typ, data)) = records.next() {
        // Embedded charts and other nested substreams are skipped.
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => (),
            }
            continue;
        }
        let at = |i| u16_at(data, i).map(u32::from);
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            // Dimensions: calamine reserves rows × columns cells.
            0x0200 => {
                let (first_row, last_row, first_col, last_col) = match data.len() {
                    10 => (at(0), at(2), at(4), at(6)),
                    14 | 16 => (u32_at(data, 0), u32_at(data, 4), at(8), at(10)),
                    // calamine refuses the file.
                    _ => return Ok((0, sheet.len() - records.stream.len())),
                };
                let (Some(rf), Some(rl), Some(mut cf), Some(cl)) =
                    (first_row, last_row, first_col, last_col)
                else {
                    continue;
                };
                if 0xFF < cf || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    if rl - 1 < rf {
                        return Err(Problem::Damaged(format!(
                            "declares its last row ({rl}) before its first ({})",
                            rf + 1
                        )));
                    }
                    let declared = u64::from(rl - rf).saturating_mul(u64::from(cl - cf));
                    if declared > MAX_XLS_SHEET_CELLS {
                        return Err(Problem::TooLarge(format!(
                            "declares {declared} cells in its dimensions record, more than {MAX_XLS_SHEET_CELLS} cells, the most an .xls sheet holds (65,536 rows × 256 columns)"
                        )));
                    }
                }
            }
            // Cells (number, label, rich label, bool/error, RK, shared-string label, formula):
            // row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (at(0), at(2)) {
                    bounds.add(row, col);
                }
            }
            // MulRk: a run of columns in one row.
            0x00BD if data.len() >= 6 => {
                let (row, first, last) = (at(0), at(2), at(data.len() - 2));
                if let (Some(row), Some(first), Some(last)) = (row, first, last) {
                    if last < first {
                        return Err(Problem::Damaged(
                            "holds a run of cells whose last column is before its first".into(),
                        ));
                    }
                    bounds.add(row, first);
                    bounds.add(row, last);
                }
            }
            // MergeCells: a count, then 8 bytes a range, read without a length check.
            0x00E5 => {
                let count = at(0).map_or(usize::MAX, |n| n as usize);
                if data.len() < count.saturating_mul(8).saturating_add(2) {
                    return Err(Problem::Damaged(
                        "holds a merged-cells record cut short".into(),
                    ));
                }
            }
            EOF => break,
            _ => (),
        }
    }
    Ok((bounds.cells(), sheet.len() - records.stream.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A workbook stream: globals naming one sheet, then the sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0, 6, 5, 0]);
        let bound_len = 4 + 12;
        let globals_len = bof.len() + bound_len + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 4, 0]);
        bound.extend(b"DATA");
        let mut s = bof.clone();
        s.extend(record(0x0085, &bound));
        s.extend(record(EOF, &[]));
        s.extend(bof);
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(EOF, &[]));
        s
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    #[test]
    fn a_small_sheet_passes() {
        let s = stream(&[dimensions(0, 3, 0, 2), number(0, 0), number(2, 1)]);
        assert_eq!(sheet_cells(&s[28..]).map(|c| c.0), Ok(6));
        assert_eq!(check_workbook_stream(&s), Ok(()));
    }

    #[test]
    fn far_apart_cells_are_refused() {
        let s = stream(&[number(0, 0), number(65535, 65535)]);
        let err = check_workbook_stream(&s).unwrap_err();
        assert_eq!(
            err,
            Problem::TooLarge(
                "its sheet 1 spans 4294967296 cells from its first to its farthest cell, more than 16777216 cells, the most an .xls sheet holds (65,536 rows × 256 columns)"
                    .into()
            )
        );
    }

    #[test]
    fn the_whole_biff8_grid_passes_and_one_column_more_does_not() {
        let s = stream(&[number(0, 0), number(65535, 255)]);
        assert_eq!(check_workbook_stream(&s), Ok(()));
        let s = stream(&[number(0, 0), number(65535, 256)]);
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::TooLarge(_))
        ));
    }

    #[test]
    fn huge_or_inverted_dimensions_are_refused() {
        let s = stream(&[dimensions(0, u32::MAX, 0, 255), number(0, 0)]);
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::TooLarge(e)) if e.contains("declares 1095216660225 cells in its dimensions record")
        ));
        let s = stream(&[dimensions(9, 3, 0, 2), number(0, 0)]);
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::Damaged(e)) if e.contains("last row (3) before its first (10)")
        ));
    }

    #[test]
    fn a_defined_name_longer_than_its_record_is_refused() {
        let with_globals = |lbl: Vec<u8>| {
            let s = stream(&[number(0, 0)]);
            // The defined name goes first in the globals, before the sheet list.
            let bof_len = 4 + 4;
            let mut out = s[..bof_len].to_vec();
            out.extend(lbl);
            out.extend(&s[bof_len..]);
            out
        };
        let mut data = vec![0u8; 20];
        data[4] = 200; // cce: a 200-byte formula in a 20-byte record
        assert!(matches!(
            check_workbook_stream(&with_globals(record(0x0018, &data))),
            Err(Problem::Damaged(e)) if e.contains("defined name")
        ));
        assert!(matches!(
            check_workbook_stream(&with_globals(record(0x0018, &[0; 10]))),
            Err(Problem::Damaged(_))
        ));
    }

    #[test]
    fn a_merged_cells_record_cut_short_is_refused() {
        // Found by fuzzing: calamine read the count of an empty MergeCells record.
        let s = stream(&[number(0, 0), record(0x00E5, &[])]);
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::Damaged(e)) if e == "its sheet 1 holds a merged-cells record cut short"
        ));
        let s = stream(&[
            number(0, 0),
            record(0x00E5, &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ]);
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::Damaged(_))
        ));
        let s = stream(&[
            number(0, 0),
            record(0x00E5, &[1, 0, 0, 0, 1, 0, 0, 0, 1, 0]),
        ]);
        assert_eq!(check_workbook_stream(&s), Ok(()));
    }

    #[test]
    fn a_sheet_offset_past_the_stream_is_refused() {
        let mut s = stream(&[number(0, 0)]);
        s[12..16].copy_from_slice(&100_000u32.to_le_bytes());
        assert!(matches!(
            check_workbook_stream(&s),
            Err(Problem::Damaged(e)) if e.contains("past the end of its")
        ));
    }
}
