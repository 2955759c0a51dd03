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

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
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
    if bytes.get(..8) != Some(&SIGNATURE[..]) || bytes.len() < 512 {
        return Ok(());
    }
    let sector_size = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(()),
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
    if u32_at(bytes, 64).unwrap_or(0) > 0 {
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
