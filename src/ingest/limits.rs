//! Limits that keep a hostile or broken workbook from exhausting memory or time.
//!
//! calamine reads a whole sheet into memory and trusts what the file declares: a shared-strings
//! part that claims billions of strings makes it reserve that much memory before reading one, and a
//! sheet with two cells at `A1` and `XFD1048576` becomes a dense grid of 17 billion cells. An
//! `.xlsx` is a zip, so a few kilobytes can also decompress to gigabytes. These checks run before
//! and while a workbook is read; each refusal names the limit that was hit, so a user with a
//! genuinely huge export knows what to split. The numbers are far above any agency export seen
//! (the largest, 1,000,000 rows of ~20 columns, is 20 million cells).
//! See docs/reliability.md.

use std::io::{Read, Seek, SeekFrom};

/// Most cells one sheet may occupy once read (rows × the columns up to each row's last cell).
/// At ~32 bytes a cell this bounds one sheet to about 1.6 GB.
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// The grid of an `.xlsx`/`.xlsb` sheet: 1,048,576 rows × 16,384 columns (A to XFD). The file
/// formats store row and column as 32-bit numbers, so a damaged or hostile file can place a cell
/// far outside it; one cell in column four billion would make its row, and every per-column
/// structure built from the header, gigabytes long (found by fuzzing).
pub const GRID_ROWS: u32 = 1_048_576;
pub const GRID_COLUMNS: u32 = 16_384;

/// Most bytes of text one sheet may hold once an `.ods` sheet's repeated cells are expanded
/// (see `ods.rs`); the same as one `.xlsx` part.
pub const MAX_SHEET_TEXT_BYTES: u64 = 1 << 30;

/// Largest uncompressed size a worksheet or the shared-strings part may declare (1 GiB).
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// Largest ratio of uncompressed to compressed size for one part. Real sheet XML compresses
/// 5–30×; a zip bomb compresses 1000× and more.
pub const MAX_COMPRESSION_RATIO: u64 = 500;

/// Most shared strings a workbook may declare (`uniqueCount`).
pub const MAX_SHARED_STRINGS: u64 = 20_000_000;

/// Most merged ranges kept per sheet; beyond it the rest are ignored with a note, because each
/// blank cell is checked against every merged range.
pub const MAX_MERGES: usize = 10_000;

/// Checks an `.xlsx`/`.xlsm`/`.xlsb`/`.ods` archive before calamine opens it: the size and
/// compression ratio of each XML or binary part, and the shared-strings count of an `.xlsx`.
/// `Err` is one sentence saying which limit the file exceeds; a file that is not a readable zip
/// passes, so calamine's own error (damaged, truncated) is the one the user sees.
/// The reader is left at its start again for calamine.
pub fn check_zip_archive<R: Read + Seek>(reader: &mut R) -> Result<(), String> {
    let checked = check_archive(&mut *reader);
    // If the rewind fails, calamine's read fails too and names the file.
    let _ = reader.seek(SeekFrom::Start(0));
    checked
}

fn check_archive<R: Read + Seek>(reader: R) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let Ok(name) = entry.name().map(|n| n.into_owned()) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        // Sheets and tables: `.xml` in `.xlsx` and `.ods`, `.bin` in `.xlsb`.
        if !lower.ends_with(".xml") && !lower.ends_with(".bin") {
            continue;
        }
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        if size > MAX_PART_BYTES {
            return Err(format!(
                "part {name} declares {size} bytes uncompressed, over the limit of {MAX_PART_BYTES} bytes"
            ));
        }
        if size / compressed > MAX_COMPRESSION_RATIO && size > 1 << 20 {
            return Err(format!(
                "part {name} expands {}-fold when decompressed, over the limit of {MAX_COMPRESSION_RATIO}-fold (a zip bomb?)",
                size / compressed
            ));
        }
    }
    // The shared-strings count is read from the part's opening tag.
    let sst = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml")))
    });
    if let Some(i) = sst {
        if let Ok(entry) = zip.by_index(i) {
            let declared = entry.size();
            let mut head = Vec::with_capacity(4096);
            // A read error here is calamine's to report.
            let _ = entry.take(4096).read_to_end(&mut head);
            if let Some(n) = unique_count(&head) {
                // Each string takes at least `<si/>`, five bytes.
                if n > MAX_SHARED_STRINGS || n > declared / 5 + 1 {
                    return Err(format!(
                        "the shared-strings part declares {n} strings, over the limit of {} for a part of {declared} bytes",
                        MAX_SHARED_STRINGS.min(declared / 5 + 1)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` attribute of the `<sst>` tag, when the head of the part has one.
fn unique_count(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let sst = text.find("<sst")?;
    let tag = text.get(sst..)?;
    let tag = tag.get(..tag.find('>')?)?;
    let at = tag.find("uniqueCount=")?;
    let rest = tag.get(at + "uniqueCount=".len() + 1..)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    // More digits than u64 holds is over every limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unique_count() {
        let head = br#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="99999999999999999999999"><si>"#;
        assert_eq!(unique_count(head), Some(u64::MAX));
        assert_eq!(unique_count(br#"<sst count="3" uniqueCount="2">"#), Some(2));
        assert_eq!(unique_count(br#"<sst count="3">"#), None);
        assert_eq!(unique_count(b"garbage"), None);
    }
}
