//! Checks the sector chains of an old-style `.xls` file (an OLE compound file) before calamine
//! follows them.
//!
//! An `.xls` is a little file system: a table (the FAT) says, for each sector, which sector comes
//! next in its stream. calamine 0.38 follows the directory chain with no length limit and indexes
//! the table without a bounds check, so a damaged or hostile 10 kB file whose chain loops makes it
//! allocate until the machine runs out of memory (found by fuzzing; the file is kept in
//! `tests/data/fuzz/read_workbook/`), and one that points past the table makes it panic. Here every
//! chain calamine will walk — the directory, the mini-stream table, and each stream a directory
//! entry names — is walked first with a step limit of the file's sector count, so a loop or a
//! pointer out of range becomes one sentence about a damaged file instead.

/// Sector ids at or above this are markers (free, end of chain, FAT or DIFAT sector), not sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream (64-byte sectors, their own table).
const MINI_STREAM_CUTOFF: u64 = 4096;
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Little-endian readers shared with `biff.rs`: `None` past the end, never a panic.
pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

struct Container<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// Sectors the file can hold; no chain can be longer.
    sectors: usize,
    fat: Vec<u32>,
}

impl Container<'_> {
    fn sector(&self, id: u32) -> &[u8] {
        let start = (id as usize)
            .saturating_add(1)
            .saturating_mul(self.sector_size);
        let end = start.saturating_add(self.sector_size).min(self.bytes.len());
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// Follows a chain from `start`; `Err` says how it is broken.
    fn chain(&self, start: u32, what: &str) -> Result<Vec<u32>, String> {
        walk(start, &self.fat, self.sectors, what)
    }

    fn chain_bytes(&self, start: u32, what: &str) -> Result<Vec<u8>, String> {
        let ids = self.chain(start, what)?;
        for &id in &ids {
            self.whole_sector(id, what)?;
        }
        Ok(ids
            .iter()
            .flat_map(|&id| self.sector(id).to_vec())
            .collect())
    }

    /// calamine reads the FAT, DIFAT, directory and mini table as arrays of 4-byte numbers and
    /// panics on a sector cut short by (or past) the end of the file, so those must be whole.
    fn whole_sector(&self, id: u32, what: &str) -> Result<(), String> {
        if self.sector(id).len() < self.sector_size {
            return Err(format!(
                "its {what} lies in sector {id}, cut short or past the end of the file"
            ));
        }
        Ok(())
    }
}

/// Walks a chain through `table`, refusing loops (longer than `limit`) and ids out of range.
fn walk(start: u32, table: &[u32], limit: usize, what: &str) -> Result<Vec<u32>, String> {
    let mut ids = Vec::new();
    let mut id = start;
    while id != END_OF_CHAIN {
        if id >= MAX_REGULAR_SECTOR {
            // A free-sector marker where a chain goes on: calamine stops at "beyond end of file".
            break;
        }
        if ids.len() > limit {
            return Err(format!("its {what} chain loops"));
        }
        let Some(&next) = table.get(id as usize) else {
            return Err(format!(
                "its {what} chain points to sector {id}, past its table"
            ));
        };
        ids.push(id);
        id = next;
    }
    Ok(ids)
}

/// `Ok` when every chain calamine will follow ends; `Err` is the reason, to follow "damaged: ".
/// Files that are not compound files pass: calamine's own error names them.
pub fn check_chains(bytes: &[u8]) -> Result<(), String> {
    workbook_stream(bytes).map(|_| ())
}

/// [`check_chains`], then the workbook stream as calamine will read it (`None` when calamine
/// will not find one).
pub fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if bytes.get(..8) != Some(&SIGNATURE[..]) || bytes.len() < 512 {
        return Ok(None);
    }
    let sector_size = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    let sectors = bytes.len() / sector_size;
    let mut container = Container {
        bytes,
        sector_size,
        sectors,
        fat: Vec::new(),
    };
    // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors whose last
    // entry points to the next one.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + i * 4)).collect();
    let mut difat = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0usize;
    while difat < MAX_REGULAR_SECTOR {
        steps += 1;
        if steps > sectors.saturating_add(1) {
            return Err("its DIFAT chain loops".into());
        }
        container.whole_sector(difat, "DIFAT")?;
        let sector = container.sector(difat);
        let entries: Vec<u32> = sector
            .chunks_exact(4)
            .filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
            .collect();
        let Some((&next, rest)) = entries.split_last() else {
            break;
        };
        fat_sectors.extend_from_slice(rest);
        difat = next;
    }
    for &id in fat_sectors.iter().filter(|&&id| id < DIFAT_SECTOR) {
        container.whole_sector(id, "sector table")?;
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .filter(|&&id| id < DIFAT_SECTOR)
        .flat_map(|&id| {
            container
                .sector(id)
                .chunks_exact(4)
                .filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
                .collect::<Vec<_>>()
        })
        .collect();
    container.fat = fat;

    let directory =
        container.chain_bytes(u32_at(bytes, 48).unwrap_or(END_OF_CHAIN), "directory")?;
    let large_sectors = sector_size == 4096;
    let mut mini_streams = Vec::new();
    for (i, entry) in directory.chunks_exact(128).enumerate() {
        let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
        let len = if large_sectors {
            u64_at(entry, 120).unwrap_or(0)
        } else {
            u64::from(u32_at(entry, 120).unwrap_or(0))
        };
        // The root entry (first) holds the mini stream; other entries are streams or storages.
        if i == 0 || len >= MINI_STREAM_CUTOFF {
            container.chain(start, "stream")?;
        } else if len > 0 {
            mini_streams.push(start);
        }
    }
    let mini_fat_len = u32_at(bytes, 64).unwrap_or(0) as usize;
    if mini_fat_len > 0 {
        let table =
            container.chain_bytes(u32_at(bytes, 60).unwrap_or(END_OF_CHAIN), "mini table")?;
        let mini_fat: Vec<u32> = table
            .chunks_exact(4)
            .filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
            .collect();
        let mini_limit = sectors.saturating_mul(sector_size / 64);
        for start in mini_streams {
            walk(start, &mini_fat, mini_limit, "mini stream")?;
        }
    }
    check_read_streams(&container, &directory, mini_fat_len)
}

/// A directory entry as calamine reads it.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

fn entries(directory: &[u8], large_sectors: bool) -> Vec<Entry> {
    directory
        .chunks_exact(128)
        .map(|entry| {
            // calamine decodes the name the same way (BOM sniffing included) and cuts it at NUL.
            let raw = entry.get(..64).unwrap_or_default();
            let mut name = encoding_rs::UTF_16LE.decode(raw).0.into_owned();
            if let Some(nul) = name.find('\0') {
                name.truncate(nul);
            }
            let len = if large_sectors {
                u64_at(entry, 120).unwrap_or(0)
            } else {
                u64::from(u32_at(entry, 120).unwrap_or(0))
            };
            Entry {
                name,
                start: u32_at(entry, 116).unwrap_or(END_OF_CHAIN),
                len,
            }
        })
        .collect()
}

/// Replays what calamine 0.38 (`cfb.rs`, `Cfb::new` and `get_stream`) reads after the tables:
/// the mini stream (the root entry's chain, cut at its size), the mini table (cut at the header's
/// count of its sectors) and the workbook stream (`Workbook`, else `Book`), from the mini stream
/// when it is under 4096 bytes. calamine reads sectors in order into one buffer and slices it; a
/// sector that starts at or past the end of the file (or, for a mini sector, of the mini stream)
/// makes it panic (`slice index starts at 9664 but ends at 4`), and one past the end of its table
/// does too. Each of those is refused here, and so is a stream whose chain holds fewer bytes than
/// its directory entry declares. Returns the workbook stream as calamine will read it.
fn check_read_streams(
    container: &Container<'_>,
    directory: &[u8],
    mini_fat_len: usize,
) -> Result<Option<Vec<u8>>, String> {
    let entries = entries(directory, container.sector_size == 4096);
    let Some(root) = entries.first() else {
        // calamine refuses an empty directory itself.
        return Ok(None);
    };
    let size = container.sector_size;
    // The bytes of regular sector `id` that the file holds (`None`: it starts at or past the end).
    let regular = |id: u32| {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        let bytes = container.bytes;
        (start < bytes.len()).then(|| &bytes[start..bytes.len().min(start + size)])
    };
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        let mut mini_stream = Vec::new();
        read_chain(
            root.start,
            &container.fat,
            root.len,
            container.sectors,
            "mini stream",
            ("file", regular),
            &mut mini_stream,
        )?;
        if (mini_stream.len() as u64) < root.len {
            return Err(format!(
                "its mini stream is declared as {} bytes but its sector chain holds {}",
                root.len,
                mini_stream.len()
            ));
        }
        // calamine reads the mini table only as far as the header's count of its sectors.
        let table = container.chain_bytes(
            u32_at(container.bytes, 60).unwrap_or(END_OF_CHAIN),
            "mini table",
        )?;
        let keep = mini_fat_len.saturating_mul(size).min(table.len());
        let mini_fat: Vec<u32> = table[..keep]
            .chunks_exact(4)
            .filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
            .collect();
        (mini_stream, mini_fat)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some(stream) = find("Workbook").or_else(|| find("Book")) else {
        // calamine says the workbook stream is missing.
        return Ok(None);
    };
    let what = format!("{} stream", stream.name);
    let mut data = Vec::new();
    if stream.len < MINI_STREAM_CUTOFF {
        let mini = |id: u32| {
            let start = (id as usize).checked_mul(64)?;
            (start < mini_stream.len())
                .then(|| &mini_stream[start..mini_stream.len().min(start + 64)])
        };
        read_chain(
            stream.start,
            &mini_fat,
            stream.len,
            mini_stream.len() / 64,
            &what,
            ("mini stream", mini),
            &mut data,
        )?;
    } else {
        read_chain(
            stream.start,
            &container.fat,
            stream.len,
            container.sectors,
            &what,
            ("file", regular),
            &mut data,
        )?;
    }
    if (data.len() as u64) < stream.len {
        return Err(format!(
            "its {what} is declared as {} bytes but its sector chain holds {}",
            stream.len,
            data.len()
        ));
    }
    Ok(Some(data))
}

/// Follows a chain as calamine's `Sectors::get_chain` does, appending to `out`: from `start`
/// until the end-of-chain marker or until `len` bytes are read (at least one sector is read even
/// for `len` 0). Every sector must start inside its `area` (`sector` gives the bytes it holds
/// there, `None` past the end), every step must stay inside `table`, and a chain longer than
/// `limit` sectors loops.
fn read_chain<'d>(
    start: u32,
    table: &[u32],
    len: u64,
    limit: usize,
    what: &str,
    (area, sector): (&str, impl Fn(u32) -> Option<&'d [u8]>),
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    let mut steps = 0usize;
    let mut id = start;
    while id != END_OF_CHAIN {
        let Some(bytes) = sector(id) else {
            return Err(format!(
                "its {what} chain points to sector {id}, past the end of the {area}"
            ));
        };
        let take = bytes.len().min(len - out.len());
        out.extend_from_slice(&bytes[..take]);
        if out.len() >= len {
            break;
        }
        steps += 1;
        if steps > limit {
            return Err(format!("its {what} chain loops"));
        }
        let Some(&next) = table.get(id as usize) else {
            return Err(format!(
                "its {what} chain points to sector {id}, past its table"
            ));
        };
        id = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file: header, one FAT sector (sector 0), one directory sector (1).
    fn container(fat: &[u32], dir_start: u32) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(&SIGNATURE);
        b[30..32].copy_from_slice(&9u16.to_le_bytes());
        b[44..48].copy_from_slice(&1u32.to_le_bytes());
        b[48..52].copy_from_slice(&dir_start.to_le_bytes());
        b[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        b[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            b[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
        }
        for (i, v) in fat.iter().enumerate() {
            b[512 + i * 4..516 + i * 4].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    #[test]
    fn chains_that_end_pass_and_loops_or_wild_pointers_do_not() {
        // Sector 0 is the FAT itself, sector 1 the directory, which ends.
        let good = container(&[0xFFFF_FFFD, END_OF_CHAIN], 1);
        assert_eq!(check_chains(&good), Ok(()));
        // The directory's chain points back to itself.
        let looping = container(&[0xFFFF_FFFD, 1], 1);
        assert_eq!(
            check_chains(&looping),
            Err("its directory chain loops".into())
        );
        // The directory starts at a sector the table does not cover.
        let wild = container(&[0xFFFF_FFFD, END_OF_CHAIN], 5000);
        assert!(check_chains(&wild).unwrap_err().contains("past its table"));
    }

    #[test]
    fn a_sector_table_cut_short_by_the_end_of_the_file_is_refused() {
        // Found by fuzzing: calamine asserted on a FAT sector whose length is not a multiple of 4.
        let mut cut = container(&[0xFFFF_FFFD, END_OF_CHAIN], 1);
        cut.truncate(512 + 301);
        assert!(check_chains(&cut).unwrap_err().contains("cut short"));
    }

    /// A directory entry: UTF-16 name, first sector, size.
    fn entry(name: &str, start: u32, len: u32) -> Vec<u8> {
        let mut e = vec![0u8; 128];
        for (i, u) in name.encode_utf16().enumerate() {
            e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        e
    }

    /// [`container`] grown to `sectors` sectors after the header, with `entries` as its directory
    /// (sector 1) and, when `mini_table` is given, a one-sector mini table in sector 2.
    fn with_streams(
        fat: &[u32],
        sectors: usize,
        entries: &[Vec<u8>],
        mini_table: Option<&[u32]>,
    ) -> Vec<u8> {
        let mut b = container(fat, 1);
        b.resize(512 * (sectors + 1), 0);
        for (i, e) in entries.iter().enumerate() {
            b[1024 + i * 128..1024 + (i + 1) * 128].copy_from_slice(e);
        }
        if let Some(mini) = mini_table {
            b[60..64].copy_from_slice(&2u32.to_le_bytes());
            b[64..68].copy_from_slice(&1u32.to_le_bytes());
            for (i, v) in mini.iter().enumerate() {
                b[1536 + i * 4..1540 + i * 4].copy_from_slice(&v.to_le_bytes());
            }
        }
        b
    }

    const FAT_SECTOR: u32 = 0xFFFF_FFFD;

    #[test]
    fn a_workbook_stream_past_the_end_of_the_file_is_refused() {
        // Found by fuzzing: calamine sliced its sector buffer past the end ("slice index starts
        // at 9664 but ends at 4"). Sector 50 is inside the table but past the end of the file.
        let root = entry("Root Entry", END_OF_CHAIN, 0);
        let mut fat = vec![FAT_SECTOR, END_OF_CHAIN, END_OF_CHAIN];
        fat.resize(128, END_OF_CHAIN);
        let past = with_streams(&fat, 3, &[root.clone(), entry("Workbook", 50, 8192)], None);
        assert_eq!(
            check_chains(&past),
            Err("its Workbook stream chain points to sector 50, past the end of the file".into())
        );
        // The same stream starting inside the file, but holding less than it declares.
        let short = with_streams(&fat, 3, &[root.clone(), entry("Book", 2, 8192)], None);
        assert_eq!(
            check_chains(&short),
            Err("its Book stream is declared as 8192 bytes but its sector chain holds 512".into())
        );
        // Sectors 2 to 9 chained, 4096 bytes: read as calamine reads them.
        let mut fat = vec![FAT_SECTOR, END_OF_CHAIN, 3, 4, 5, 6, 7, 8, 9, END_OF_CHAIN];
        fat.resize(128, END_OF_CHAIN);
        let good = with_streams(&fat, 10, &[root, entry("WORKBOOK", 2, 4096)], None);
        assert_eq!(check_chains(&good), Ok(()));
    }

    #[test]
    fn a_small_workbook_stream_must_lie_inside_the_mini_stream() {
        // Root entry: the mini stream is sector 3, 64 bytes (one mini sector). Sector 2 holds
        // the mini table.
        let mut fat = vec![FAT_SECTOR, END_OF_CHAIN, END_OF_CHAIN, END_OF_CHAIN];
        fat.resize(128, END_OF_CHAIN);
        let root = entry("Root Entry", 3, 64);
        // The workbook (100 bytes) goes on from mini sector 0 to 1, which is past the 64 bytes.
        let past = with_streams(
            &fat,
            4,
            &[root.clone(), entry("Workbook", 0, 100)],
            Some(&[1, END_OF_CHAIN]),
        );
        assert_eq!(
            check_chains(&past),
            Err(
                "its Workbook stream chain points to sector 1, past the end of the mini stream"
                    .into()
            )
        );
        let fits = with_streams(
            &fat,
            4,
            &[root.clone(), entry("Workbook", 0, 60)],
            Some(&[END_OF_CHAIN]),
        );
        assert_eq!(check_chains(&fits), Ok(()));
        // No mini table at all: calamine would index an empty one.
        let no_table = with_streams(&fat, 4, &[root, entry("Workbook", 0, 60)], None);
        assert!(check_chains(&no_table)
            .unwrap_err()
            .contains("past the end of the mini stream"));
        // A mini stream whose own chain starts past the end of the file.
        let lost_root = with_streams(
            &fat,
            4,
            &[entry("Root Entry", 90, 64), entry("Workbook", 0, 60)],
            Some(&[END_OF_CHAIN]),
        );
        assert!(check_chains(&lost_root)
            .unwrap_err()
            .contains("past the end of the file"));
    }

    #[test]
    fn the_sample_workbooks_pass() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(root.join("fixtures/messy/kanim_mataram_itas_2024.xls")).unwrap();
        assert_eq!(check_chains(&bytes), Ok(()));
        // The workbook stream comes out whole and its records pass the checks of biff.rs.
        let stream = workbook_stream(&bytes).unwrap().expect("a Workbook stream");
        assert!(stream.len() >= 4096);
        assert_eq!(crate::ingest::biff::check_workbook_stream(&stream), Ok(()));
    }

    #[test]
    fn other_files_are_left_to_calamine() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        ] {
            assert_eq!(check_chains(bytes), Ok(()));
        }
    }
}
