//! Reading delimited text exports: decode the bytes, sniff the delimiter, and number each record the
//! way Excel would show it.
//!
//! * Encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), otherwise
//!   Windows-1252 — legacy bytes are decoded, never dropped.
//! * Delimiter: `,` `;` tab `|`, whichever splits the first records into the most consistent number
//!   of fields (title rows above the header have one field and do not disturb the vote).
//! * Row numbers: a record's number is the row Excel shows when it opens the file: blank lines count
//!   as rows, a quoted field with line breaks is one row. With the header on the first line, the
//!   first data row is 2.

use super::cell::Cell;
use super::source::{IngestError, RawRow, RawSheet};
use std::path::Path;

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The decoded text and a note saying how it was decoded.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 with BOM");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (text.into_owned(), "UTF-16LE");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return (text.into_owned(), "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => decode_lines(bytes),
    }
}

/// Decodes a file that is not valid UTF-8 line by line: a line that is valid UTF-8 stays UTF-8 and
/// the others are Windows-1252. Files appended to by different systems mix the two; decoding the
/// whole file as Windows-1252 would garble every UTF-8 name (`MÜLLER` → `MÃœLLER`).
fn decode_lines(bytes: &[u8]) -> (String, &'static str) {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut utf8_lines = false;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => {
                utf8_lines |= !s.is_ascii();
                text.push_str(s);
            }
            Err(_) => {
                let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                text.push_str(&t);
            }
        }
    }
    let note = if utf8_lines {
        "UTF-8 with some Windows-1252 lines"
    } else {
        "Windows-1252"
    };
    (text, note)
}

/// Whether the bytes look like binary data rather than text: many NULs or control characters.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    let odd = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
        .count();
    odd * 10 > head.len()
}

/// Chooses the delimiter that splits the first records most consistently into several fields.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for &d in &DELIMITERS {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::StringRecord::new();
        while counts.len() < 200 {
            match rdr.read_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                Ok(false) | Err(_) => break,
            }
        }
        // Score: how many records share the most common width above one field, times that width
        // (so a delimiter that splits consistently into more fields wins ties).
        let mut freq: std::collections::BTreeMap<usize, usize> = Default::default();
        for c in counts.iter().filter(|&&c| c > 1) {
            *freq.entry(*c).or_default() += 1;
        }
        let score = freq
            .iter()
            .map(|(width, n)| n * 1000 + width)
            .max()
            .unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Counts line terminators (`\n`, `\r\n` or a lone `\r`) in a slice.
fn count_terminators(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' {
            n += 1;
        } else if b == b'\r' {
            n += 1;
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        }
        i += 1;
    }
    n
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "','",
        b';' => "';'",
        b'\t' => "tab",
        b'|' => "'|'",
        _ => "?",
    }
}

/// Parses decoded text into rows numbered as Excel shows them.
pub fn parse_text(text: &str, delimiter: u8) -> Vec<RawRow> {
    let bytes = text.as_bytes();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    // Row bookkeeping: where the previous record's content started, its row, and the line breaks
    // inside its quoted fields (which do not start new rows).
    let mut prev_start = 0usize;
    let mut prev_row = 0u32;
    let mut prev_embedded = 0u32;
    let mut first = true;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            // With valid UTF-8 input the reader has no other failure; stop rather than loop.
            Err(_) => break,
        }
        let pos = rec
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(prev_start);
        let mut start = pos.min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let row = if first {
            1 + count_terminators(bytes.get(..start).unwrap_or_default())
        } else {
            let between = count_terminators(bytes.get(prev_start..start).unwrap_or_default());
            prev_row + between.saturating_sub(prev_embedded).max(1)
        };
        first = false;
        let mut embedded = 0u32;
        let cells = rec
            .iter()
            .map(|field| {
                embedded += count_terminators(field.as_bytes());
                if field.is_empty() {
                    Cell::Empty
                } else if field.contains('\0') {
                    Cell::Text(field.replace('\0', ""))
                } else {
                    Cell::Text(field.to_string())
                }
            })
            .collect();
        rows.push(RawRow { number: row, cells });
        prev_start = start;
        prev_row = row;
        prev_embedded = embedded;
    }
    rows
}

/// Reads a delimited text file into one sheet.
pub fn read_csv_file(path: &Path) -> Result<RawSheet, IngestError> {
    let p = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError::Io {
        path: p.clone(),
        detail: e.to_string(),
    })?;
    read_csv_bytes(&p, &bytes)
}

/// Reads delimited text from bytes (the file's display name is used in errors).
pub fn read_csv_bytes(path: &str, bytes: &[u8]) -> Result<RawSheet, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { path: path.into() });
    }
    if looks_binary(bytes) {
        return Err(IngestError::Binary { path: path.into() });
    }
    let (text, encoding) = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let rows = parse_text(&text, delimiter);
    Ok(RawSheet {
        sheet: String::new(),
        rows,
        merges: Vec::new(),
        notes: vec![format!(
            "encoding {encoding}, delimiter {}",
            delimiter_name(delimiter)
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[RawRow]) -> Vec<(u32, Vec<String>)> {
        rows.iter()
            .map(|r| {
                (
                    r.number,
                    r.cells.iter().map(|c| c.as_text().into_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn sniffs_each_delimiter() {
        let cases: &[(&str, u8)] = &[
            ("NAMA,PASPOR,WN\nA,1,CHN\nB,2,AUS\n", b','),
            ("NAMA;PASPOR;WN\nA;1;CHN\nB;2;AUS\n", b';'),
            ("NAMA\tPASPOR\tWN\nA\t1\tCHN\n", b'\t'),
            ("NAMA|PASPOR|WN\nA|1|CHN\n", b'|'),
            // Title lines above the header do not decide the vote.
            ("DATA ORANG ASING\nBULAN MEI 2025\n\nNAMA;ALAMAT;WN\nA;Jl. Raya, No 1;CHN\nB;Gg. Mawar, 2;AUS\n", b';'),
            // Commas inside quoted fields do not fool it.
            ("NAMA;ALAMAT\n\"SMITH, JOHN\";\"Jl. A, No. 1\"\n\"LEE, ANN\";\"Jl. B, No. 2\"\n", b';'),
        ];
        for (text, want) in cases {
            assert_eq!(sniff_delimiter(text) as char, *want as char, "{text:?}");
        }
    }

    #[test]
    fn decodes_encodings() {
        let (t, e) = decode(b"\xEF\xBB\xBFNAMA");
        assert_eq!((t.as_str(), e), ("NAMA", "UTF-8 with BOM"));
        let (t, e) = decode("MÜLLER".as_bytes());
        assert_eq!((t.as_str(), e), ("MÜLLER", "UTF-8"));
        // Windows-1252: Ü = 0xDC, é = 0xE9, € = 0x80.
        let (t, e) = decode(b"M\xDCLLER Jos\xE9 \x80");
        assert_eq!((t.as_str(), e), ("MÜLLER José €", "Windows-1252"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("NAMA\tWN".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let (t, e) = decode(
            "MÜLLER\nJOS"
                .bytes()
                .chain(*b"\xC9\n")
                .collect::<Vec<u8>>()
                .as_slice(),
        );
        assert_eq!(
            (t.as_str(), e),
            ("MÜLLER\nJOSÉ\n", "UTF-8 with some Windows-1252 lines")
        );
        let (t, e) = decode(&utf16);
        assert_eq!((t.as_str(), e), ("NAMA\tWN", "UTF-16LE"));
    }

    #[test]
    fn row_numbers_match_excel() {
        let text =
            "TITLE\n\nNAMA,ALAMAT\r\n\"A\",\"line1\nline2\"\r\n\r\nB,x\nC,\"q\r\nr\r\ns\"\nD,y\n";
        let rows = parse_text(text, b',');
        let got: Vec<u32> = rows.iter().map(|r| r.number).collect();
        // TITLE=1, blank=2, header=3, A=4 (two lines, one row), blank=5, B=6, C=7, D=8.
        assert_eq!(got, vec![1, 3, 4, 6, 7, 8]);
        assert_eq!(texts(&rows)[1].1, vec!["NAMA", "ALAMAT"]);
        assert_eq!(texts(&rows)[2].1, vec!["A", "line1\nline2"]);
    }

    #[test]
    fn header_on_first_line_gives_data_from_row_two() {
        let rows = parse_text("a,b\n1,2\n3,4", b',');
        let got: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(got, vec![1, 2, 3]);
    }

    #[test]
    fn lone_cr_line_ends() {
        let rows = parse_text("a;b\r1;2\r\r3;4\r", b';');
        let got: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(got, vec![1, 2, 4]);
    }

    #[test]
    fn binary_and_empty_input() {
        assert!(matches!(
            read_csv_bytes("x.csv", &[0u8, 1, 2, 3, 0, 0, 0, 9, 200, 0, 0, 0]),
            Err(IngestError::Binary { .. })
        ));
        assert!(matches!(
            read_csv_bytes("x.csv", b"  \n\n"),
            Err(IngestError::Empty { .. })
        ));
        let sheet = read_csv_bytes("x.csv", b"NAMA;WN\nA\0B;CHN\n").unwrap();
        assert_eq!(sheet.rows[1].cells[0], Cell::Text("AB".into()));
    }
}
