//! The malformed-input corpus: files built by the test (most would be large or binary to commit),
//! each read under a time limit. Each gets one clear sentence or a correct partial result with
//! exact counts, never a panic, and a good file given alongside is still processed.

use crate::util::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous: a debug build reads each of these in well under a few seconds.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Runs the binary with a time limit; a run that does not finish in time is killed and fails the
/// test. stdout and stderr go to files so a chatty run cannot block on a full pipe.
pub fn run_with_limit(args: &[&str], dir: &Path) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("reconcile");
    let stdout = std::fs::File::create(dir.join("stdout.txt")).unwrap();
    let stderr = std::fs::File::create(dir.join("stderr.txt")).unwrap();
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(root())
        .stdout(stdout)
        .stderr(stderr)
        .stdin(Stdio::null())
        .spawn()
        .expect("spawns");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("reconcile {args:?} did not finish within {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: std::fs::read(dir.join("stdout.txt")).unwrap(),
        stderr: std::fs::read(dir.join("stderr.txt")).unwrap(),
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    out
}

/// `run` on the given inputs into `<dir>/out`; returns the output and the out dir.
fn run(inputs: &[&Path], extra: &[&str], dir: &Path) -> (Output, PathBuf) {
    let out_dir = dir.join("out");
    let mut args: Vec<String> = vec!["run".into(), "--as-of".into(), "2025-06-01".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.push("--out".into());
    args.push(out_dir.display().to_string());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    (run_with_limit(&refs, dir), out_dir)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Records, rejected rows and listed skipped (layout) rows of a finished run, for one source.
fn counts(out_dir: &Path, source: &str) -> (usize, usize, usize) {
    let records = read_csv(&out_dir.join("records.csv"))
        .iter()
        .filter(|r| r["source"] == source)
        .count();
    let listed = read_csv(&out_dir.join("rejected.csv"));
    let kind = |k: &str| {
        listed
            .iter()
            .filter(|r| r["source"] == source && r["kind"] == k)
            .count()
    };
    (records, kind("rejected"), kind("skipped"))
}

/// A minimal xlsx written part by part, so a test can put anything in the XML.
fn write_xlsx(path: &Path, sheet_xml: &[u8], shared_strings: Option<&str>) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(sheet_xml.len() > u32::MAX as usize / 2);
    let sst_type = if shared_strings.is_some() {
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
    } else {
        ""
    };
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sst_type}</Types>"#).into_bytes()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DATA" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#, if shared_strings.is_some() { r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"# } else { "" }).into_bytes()),
    ];
    for (name, data) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(&data).unwrap();
    }
    if let Some(sst) = shared_strings {
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        zip.write_all(sst.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(sheet_xml).unwrap();
    zip.finish().unwrap();
}

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Inline-string cells for one row.
fn xml_row(row: u32, cells: &[&str]) -> String {
    let mut s = format!(r#"<row r="{row}">"#);
    for (i, v) in cells.iter().enumerate() {
        s.push_str(&format!(
            r#"<c r="{}{row}" t="inlineStr"><is><t>{v}</t></is></c>"#,
            col_name(i)
        ));
    }
    s.push_str("</row>");
    s
}

/// A good table of three people: header on row 1, data on rows 2–4.
fn good_rows() -> String {
    [
        xml_row(
            1,
            &["NAMA", "NO PASPOR", "KEWARGANEGARAAN", "TANGGAL LAHIR"],
        ),
        xml_row(2, &["WANG WEI", "E12345678", "RRT", "1985-05-21"]),
        xml_row(3, &["JOHN SMITH", "N1234567", "AUS", "1979-01-02"]),
        xml_row(4, &["ANNA DIJK", "NW123456", "BELANDA", "1990-12-30"]),
    ]
    .concat()
}

fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// Copies a file of the repository (`rel`, from its root) into `dir` as `name`: the input's name
/// is what the run's messages and outputs show.
fn copy_in(dir: &Path, rel: &str, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel), &to).unwrap();
    to
}

fn good_csv(dir: &Path) -> PathBuf {
    let p = dir.join("dukcapil_good.csv");
    std::fs::write(
        &p,
        "NAMA;NO PASPOR;KEWARGANEGARAAN\nLI NA;E99887766;RRT\nPETER PAN;P7654321;INGGRIS\n",
    )
    .unwrap();
    p
}

#[test]
fn declared_dimensions_of_the_whole_grid_are_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_dims.xlsx");
    write_xlsx(
        &x,
        sheet_xml("A1:XFD1048576", &good_rows()).as_bytes(),
        None,
    );
    let (out, out_dir) = run(&[&x], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "tka_dims.xlsx"), (3, 0, 0));
}

#[test]
fn far_apart_cells_do_not_build_the_grid_between_them() {
    // Two cells at A1 and XFD1048576 would make calamine's dense grid 17 billion cells.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_far.xlsx");
    let rows = format!(
        r#"{}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        good_rows()
    );
    write_xlsx(&x, sheet_xml("A1:D4", &rows).as_bytes(), None);
    let (out, out_dir) = run(&[&x], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // The lone far cell is a layout row: listed as skipped, not lost.
    assert_eq!(counts(&out_dir, "tka_far.xlsx"), (3, 0, 1));
}

#[test]
fn a_sheet_over_the_cell_limit_is_refused_naming_the_limit() {
    // 3,100 rows with one cell each in the last column occupy 3,100 × 16,384 = 50.8 million cells.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_wide.xlsx");
    let mut rows = good_rows();
    for r in 5..3105 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>"#
        ));
    }
    write_xlsx(&x, sheet_xml("A1:XFD3104", &rows).as_bytes(), None);
    let good = good_csv(dir.path());
    let (out, _) = run(&[&x, &good], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than 50000000 cells, the limit for one sheet"),
        "{}",
        stderr(&out)
    );
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

#[test]
fn a_huge_shared_strings_count_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_sst.xlsx");
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>NAMA</t></si></sst>"#;
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    write_xlsx(&x, sheet_xml("A1", rows).as_bytes(), Some(sst));
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("tka_sst.xlsx: refused, to protect memory: the shared-strings part declares 4000000000 strings"),
        "{err}"
    );
}

#[test]
fn a_sheet_that_decompresses_a_thousandfold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_bomb.xlsx");
    let padding = " ".repeat(32 << 20);
    let xml = sheet_xml("A1:D4", &format!("{}{padding}", good_rows()));
    write_xlsx(&x, xml.as_bytes(), None);
    assert!(std::fs::metadata(&x).unwrap().len() < 1 << 20);
    let good = good_csv(dir.path());
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("part xl/worksheets/sheet1.xml expands")
            && err.contains("over the limit of 500-fold"),
        "{err}"
    );
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

#[test]
fn broken_xml_in_a_valid_zip_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_broken.xlsx");
    write_xlsx(
        &x,
        br#"<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NAMA</t></is></c></row><row r="2"><c r="A2"#,
        None,
    );
    let good = good_csv(dir.path());
    let (out, _) = run(&[&x, &good], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("tka_broken.xlsx: "), "{err}");
    assert!(err.contains("pass --skip-unreadable"), "{err}");
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

#[test]
fn a_sheet_of_only_merged_cells_has_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_merged.xlsx");
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData/><mergeCells count="3"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:C3"/><mergeCell ref="D4:E5"/></mergeCells></worksheet>"#;
    write_xlsx(&x, xml.as_bytes(), None);
    let good = good_csv(dir.path());
    let (out, _) = run(&[&x, &good], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("tka_merged.xlsx: no sheet holds any data"),
        "{}",
        stderr(&out)
    );
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

#[test]
fn ten_thousand_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_wide.csv");
    let extra: Vec<String> = (0..9_997).map(|i| format!("KOLOM {i}")).collect();
    let mut text = format!("NAMA,NO PASPOR,KEWARGANEGARAAN,{}\n", extra.join(","));
    for i in 0..50 {
        let vals: Vec<String> = (0..9_997).map(|j| format!("v{j}")).collect();
        text.push_str(&format!(
            "ORANG NOMOR {i},E{:08},RRT,{}\n",
            10_000_000 + i,
            vals.join(",")
        ));
    }
    std::fs::write(&p, text).unwrap();
    let (out, out_dir) = run(&[&p], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_wide.csv"), (50, 0, 0));
}

#[test]
fn a_one_megabyte_cell() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_big_cell.csv");
    let big = "ALAMAT PANJANG ".repeat(70_000); // ~1 MB
    let big_name = "X".repeat(1 << 20);
    std::fs::write(
        &p,
        format!("NAMA;NO PASPOR;KEWARGANEGARAAN;ALAMAT\nLI NA;E99887766;RRT;{big}\n{big_name};E11223344;RRT;Selong\n{big_name};E11223345;RRT;Selong\nPETER PAN;P7654321;INGGRIS;Selong\n"),
    )
    .unwrap();
    let (out, out_dir) = run(&[&p], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_big_cell.csv"), (4, 0, 0));
}

#[test]
fn duplicate_headers_and_two_columns_for_one_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_dups.csv");
    std::fs::write(
        &p,
        "NAMA;NAMA LENGKAP;NO PASPOR;NO PASPOR;KEWARGANEGARAAN\nLI;LI NA;E99887766;E99887766;RRT\nPETER;PETER PAN;P7654321;;INGGRIS\n;;;;RRT\n",
    )
    .unwrap();
    let (out, out_dir) = run(&[&p], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // The row with only a nationality is a layout row, listed as skipped.
    assert_eq!(counts(&out_dir, "dukcapil_dups.csv"), (2, 0, 1));
    let records = read_csv(&out_dir.join("records.csv"));
    // The first column holding a field wins; the second is kept as a raw cell (mapping.rs,
    // `MappingReason::Duplicate`), so nothing is lost.
    let names: Vec<&str> = records.iter().map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["LI", "PETER"]);
    assert!(records[0]["unmapped"].contains("LI NA"), "{:?}", records[0]);
    assert!(
        records[1]["unmapped"].contains("PETER PAN"),
        "{:?}",
        records[1]
    );
    assert_eq!(records[0]["passport"], "E99887766");
}

#[test]
fn mixed_encodings_keep_every_name_readable() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_mixed.csv");
    let mut bytes = "NAMA;NO PASPOR;KEWARGANEGARAAN\nMÜLLER JÜRGEN;C1234567;JERMAN\n"
        .as_bytes()
        .to_vec();
    // Latin-1 / Windows-1252 lines: JOSÉ GARCÍA, FRANÇOIS.
    bytes.extend_from_slice(
        b"JOS\xC9 GARC\xCDA;P1234567;SPANYOL\nFRAN\xC7OIS L\xC9GER;F1234567;PRANCIS\n",
    );
    bytes.extend_from_slice("ŁUKASZ NOWAK;P7654321;POLANDIA\n".as_bytes());
    std::fs::write(&p, bytes).unwrap();
    let (out, out_dir) = run(&[&p], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_mixed.csv"), (4, 0, 0));
    let text = std::fs::read_to_string(out_dir.join("records.csv")).unwrap();
    for name in [
        "MÜLLER JÜRGEN",
        "JOSÉ GARCÍA",
        "FRANÇOIS LÉGER",
        "ŁUKASZ NOWAK",
    ] {
        assert!(text.contains(name), "{name} missing or garbled:\n{text}");
    }
    assert!(!text.contains("Ã"), "UTF-8 read as Windows-1252:\n{text}");
}

#[test]
fn nul_bytes_in_cells_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_nul.csv");
    std::fs::write(
        &p,
        b"NAMA;NO PASPOR;KEWARGANEGARAAN\nLI\0 NA;E99887766;RRT\n\0\0\0\nPETER PAN;P76\x0054321;INGGRIS\n",
    )
    .unwrap();
    let (out, out_dir) = run(&[&p], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // The line of NULs is blank once the NULs are dropped: a layout row, not a record.
    assert_eq!(counts(&out_dir, "dukcapil_nul.csv"), (2, 0, 0));
    let text = std::fs::read_to_string(out_dir.join("records.csv")).unwrap();
    assert!(!text.contains('\0'));
    assert!(text.contains("P7654321"), "{text}");
}

#[test]
fn crlf_lf_and_lone_cr_line_ends_give_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "NAMA;NO PASPOR;KEWARGANEGARAAN",
        "LI NA;E99887766;RRT",
        "PETER PAN;P7654321;INGGRIS",
        "ANNA DIJK;NW123456;BELANDA",
    ];
    let mut results = Vec::new();
    for (tag, ending) in [("crlf", "\r\n"), ("lf", "\n"), ("cr", "\r"), ("mixed", "")] {
        let p = dir.path().join(format!("dukcapil_{tag}.csv"));
        let text = if tag == "mixed" {
            format!(
                "{}\r\n{}\n{}\r{}\r\n",
                lines[0], lines[1], lines[2], lines[3]
            )
        } else {
            lines.join(ending) + ending
        };
        std::fs::write(&p, text).unwrap();
        let sub = dir.path().join(tag);
        std::fs::create_dir(&sub).unwrap();
        let (out, out_dir) = run(&[&p], &["-q"], &sub);
        assert!(out.status.success(), "{}", stderr(&out));
        let rows: Vec<(String, String)> = read_csv(&out_dir.join("records.csv"))
            .iter()
            .map(|r| (r["row"].clone(), r["passport"].clone()))
            .collect();
        results.push((tag, rows));
    }
    let want: Vec<(String, String)> = [("2", "E99887766"), ("3", "P7654321"), ("4", "NW123456")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    for (tag, rows) in results {
        assert_eq!(rows, want, "{tag}");
    }
}

/// Found by fuzzing: a 10 kB `.xls` whose directory chain loops made calamine allocate without
/// limit. The sector chains are now checked first (src/ingest/cfb.rs).
#[test]
fn an_xls_whose_sector_chain_loops_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let x = copy_in(
        dir.path(),
        "tests/data/fuzz/read_workbook/read_workbook-xls-oom-10k.xls",
        "wna_loop.xls",
    );
    let good = good_csv(dir.path());
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("wna_loop.xls: not a valid XLS file") && err.contains("chain loops"),
        "{err}"
    );
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

/// Found by fuzzing: an `.xls` whose sector ids point past the end of the (short) file made
/// calamine panic (`slice index starts at 9664 but ends at 4`); the panic guard reported the file
/// as damaged but calamine's panic message still reached stderr. `cfb.rs` now refuses it before
/// calamine reads it.
#[test]
fn an_xls_whose_sectors_lie_past_the_end_of_the_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let x = copy_in(
        dir.path(),
        "tests/data/fuzz/read_workbook/read_workbook-xls-sector-past-end.xls",
        "wna_short.xls",
    );
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("wna_short.xls"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("wna_short.xls: not a valid XLS file")
            && lines[0].contains("past the end of the"),
        "{err}"
    );
    let good = good_csv(dir.path());
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

/// A minimal `.ods`: mimetype, manifest and the given table XML in content.xml.
fn write_ods(path: &Path, tables: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

/// An ODS row of string cells.
fn ods_row(cells: &[&str]) -> String {
    let mut s = String::from("<table:table-row>");
    for c in cells {
        s.push_str(&format!(
            r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#
        ));
    }
    s.push_str("</table:table-row>");
    s
}

/// The good table of three people as ODS rows.
fn good_ods_rows() -> String {
    [
        ods_row(&["NAMA", "NO PASPOR", "KEWARGANEGARAAN", "TANGGAL LAHIR"]),
        ods_row(&["WANG WEI", "E12345678", "RRT", "1985-05-21"]),
        ods_row(&["JOHN SMITH", "N1234567", "AUS", "1979-01-02"]),
        ods_row(&["ANNA DIJK", "NW123456", "BELANDA", "1990-12-30"]),
    ]
    .concat()
}

#[test]
fn ods_repeated_rows_and_columns_beyond_the_cell_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The trailing empty rows and columns LibreOffice writes are not expanded: read as usual.
    let fine = dir.path().join("sktt_fine.ods");
    write_ods(
        &fine,
        &format!(
            r#"<table:table table:name="DATA">{}<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
            good_ods_rows()
        ),
    );
    let (out, out_dir) = run(&[&fine], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "sktt_fine.ods"), (3, 0, 0));

    // One number repeated over 16,384 columns and 4,000 rows below the good table: 65 million
    // cells in 300 bytes of XML. calamine's own limit (100 million) lets it through, and it
    // builds them twice over (values and formulas): the process aborted on a failed allocation.
    let bomb = dir.path().join("sktt_bomb.ods");
    write_ods(
        &bomb,
        &format!(
            r#"<table:table table:name="DATA">{}<table:table-row table:number-rows-repeated="4000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
            good_ods_rows()
        ),
    );
    let good = good_csv(dir.path());
    let (out, _) = run(&[&bomb, &good], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sktt_bomb.ods: refused, to protect memory: sheet DATA would occupy 65617936 cells once its repeated rows and columns are expanded, more than 50000000 cells, the limit for one sheet"),
        "{err}"
    );
    let (out, out_dir) = run(&[&bomb, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));
}

#[test]
fn ods_sheets_over_the_limit_together_are_refused() {
    // calamine expands every sheet of an .ods when it opens it: 3 sheets of 20 million cells.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("sktt_sheets.ods");
    let sheet = |n: usize| {
        format!(
            r#"<table:table table:name="S{n}"><table:table-row table:number-rows-repeated="20000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="1000"/></table:table-row></table:table>"#
        )
    };
    write_ods(&x, &(1..=3).map(sheet).collect::<String>());
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sktt_sheets.ods: refused, to protect memory: its sheets would occupy 60003000 cells together")
            && err.contains("more than 50000000 cells, the limit for an .ods file"),
        "{err}"
    );
}

#[test]
fn ods_repeated_spaces_beyond_the_text_limit_are_refused() {
    // `<text:s text:c="N"/>` is N spaces: calamine pushes 2 billion spaces into one cell.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("sktt_spaces.ods");
    write_ods(
        &x,
        &format!(
            r#"<table:table table:name="DATA">{}<table:table-row><table:table-cell office:value-type="string"><text:p>A<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row></table:table>"#,
            good_ods_rows()
        ),
    );
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sktt_spaces.ods: refused, to protect memory: sheet DATA would hold")
            && err.contains("bytes of text once its repeated cells are expanded, more than 1073741824 bytes, the limit for one sheet"),
        "{err}"
    );
}

#[test]
fn an_ods_that_decompresses_a_thousandfold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("sktt_zip.ods");
    let padding = " ".repeat(32 << 20);
    write_ods(
        &x,
        &format!(
            r#"<table:table table:name="DATA">{}</table:table>{padding}"#,
            good_ods_rows()
        ),
    );
    assert!(std::fs::metadata(&x).unwrap().len() < 1 << 20);
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("part content.xml expands") && err.contains("over the limit of 500-fold"),
        "{err}"
    );
}

/// An xlsb record: type and length as 7-bit varints, then the data.
fn xlsb_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = if typ < 0x80 {
        vec![typ as u8]
    } else {
        vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
    };
    let mut len = data.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            r.push(b);
            break;
        }
        r.push(b | 0x80);
    }
    r.extend_from_slice(data);
    r
}

/// XLWideString: a 32-bit count of UTF-16 units, then the units.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut b = (units.len() as u32).to_le_bytes().to_vec();
    for u in units {
        b.extend(u.to_le_bytes());
    }
    b
}

/// A minimal `.xlsb` with one sheet `DATA` holding string cells at (row, column).
fn write_xlsb(path: &Path, cells: &[(u32, u32, &str)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/_rels/workbook.bin.rels", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#).unwrap();
    // BrtBundleSh (visible, tab 1, relationship rId1, name DATA), BrtEndBundleShs, BrtCalcProp.
    let mut sheet = vec![0u8; 8];
    sheet.extend(wide("rId1"));
    sheet.extend(wide("DATA"));
    let mut workbook = xlsb_record(0x009C, &sheet);
    workbook.extend(xlsb_record(0x0090, &[]));
    workbook.extend(xlsb_record(0x009D, &[0u8; 26]));
    zip.start_file("xl/workbook.bin", opts).unwrap();
    zip.write_all(&workbook).unwrap();
    // BrtBeginSheet, BrtWsDim (declaring only A1), BrtBeginSheetData, rows, BrtEndSheetData.
    let mut data = xlsb_record(0x0081, &[]);
    data.extend(xlsb_record(0x0094, &[0u8; 16]));
    data.extend(xlsb_record(0x0091, &[]));
    let mut row = None;
    for &(r, c, text) in cells {
        if row != Some(r) {
            let mut hdr = r.to_le_bytes().to_vec();
            hdr.extend([0u8; 13]);
            data.extend(xlsb_record(0x0000, &hdr));
            row = Some(r);
        }
        let mut cell = c.to_le_bytes().to_vec();
        cell.extend([0u8; 4]);
        cell.extend(wide(text));
        data.extend(xlsb_record(0x0006, &cell));
    }
    data.extend(xlsb_record(0x0092, &[]));
    zip.start_file("xl/worksheets/sheet1.bin", opts).unwrap();
    zip.write_all(&data).unwrap();
    zip.finish().unwrap();
}

#[test]
fn xlsb_far_apart_cells_do_not_build_the_grid_between_them() {
    // A cell at XFD1048576 below the table would make calamine's dense range 17 billion cells;
    // xlsb sheets are now streamed cell by cell like xlsx.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_far.xlsb");
    let table = [
        ["NAMA", "NO PASPOR", "KEWARGANEGARAAN", "TANGGAL LAHIR"],
        ["WANG WEI", "E12345678", "RRT", "1985-05-21"],
        ["JOHN SMITH", "N1234567", "AUS", "1979-01-02"],
        ["ANNA DIJK", "NW123456", "BELANDA", "1990-12-30"],
    ];
    let mut cells: Vec<(u32, u32, &str)> = Vec::new();
    for (r, row) in table.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            cells.push((r as u32, c as u32, v));
        }
    }
    let near = cells.clone();
    write_xlsb(&x, &near);
    let (out, out_dir) = run(&[&x], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&out_dir, "tka_far.xlsb"), (3, 0, 0));

    cells.push((1_048_575, 16_383, "x"));
    write_xlsb(&x, &cells);
    let (out, out_dir) = run(&[&x], &["-q"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // The lone far cell is a layout row: listed as skipped, not lost.
    assert_eq!(counts(&out_dir, "tka_far.xlsb"), (3, 0, 1));
}

#[test]
fn xlsb_sheet_over_the_cell_limit_is_refused_naming_the_limit() {
    // 3,100 rows with one cell each in the last column occupy 3,100 × 16,384 = 50.8 million cells.
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_wide.xlsb");
    let cells: Vec<(u32, u32, &str)> = (0..3_100).map(|r| (r, 16_383, "x")).collect();
    write_xlsb(&x, &cells);
    let (out, _) = run(&[&x], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than 50000000 cells, the limit for one sheet"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn xlsb_cell_outside_the_grid_is_refused_and_the_other_files_are_read() {
    // xlsb stores the column as a 32-bit number: one cell in column four billion made the header
    // row, and everything built per column from it, gigabytes long (a fuzzing finding).
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("tka_far_column.xlsb");
    write_xlsb(
        &x,
        &[(0, 0, "NAMA"), (0, 1, "NO PASPOR"), (1, u32::MAX - 1, "x")],
    );
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lotim/polres_lotim_stm.csv");
    let (out, _) = run(&[&x, &csv], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let (out, out_dir) = run(&[&x, &csv], &["-q", "--skip-unreadable"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("tka_far_column.xlsb")
            && err.contains(
                "a cell at row 2, column 4294967295 lies outside the 1048576 × 16384 grid"
            ),
        "{err}"
    );
    let (records, _, _) = counts(&out_dir, "polres_lotim_stm.csv");
    assert!(records > 0, "{err}");
}

#[test]
fn an_xls_whose_shared_strings_panic_the_reader_is_one_sentence_and_the_rest_is_read() {
    // A fuzzing finding not yet refused before calamine reads the file: a shared string whose
    // header says a run count follows, with no bytes left in its record (calamine's `read_u16`
    // on an empty slice in `read_rich_extended_string`). The reader's guard reports the file as
    // damaged; the run goes on with the other files.
    let dir = tempfile::tempdir().unwrap();
    let x = copy_in(
        dir.path(),
        "tests/data/bad/sst_string_cut_short.xls",
        "wna_sst.xls",
    );
    let good = good_csv(dir.path());
    let (out, out_dir) = run(&[&x, &good], &["-q", "--skip-unreadable"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("wna_sst.xls")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("not a valid XLS file")
            && lines[0].contains("the spreadsheet reader failed on its structure"),
        "{err}"
    );
    let good_name = good.file_name().unwrap().to_string_lossy().into_owned();
    assert!(counts(&out_dir, &good_name).0 > 0, "{err}");
}

/// A BIFF record: type, length, data.
fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A minimal BIFF8 `.xls`: one sheet `DATA` holding `sheet` records, in a compound file with
/// a 4096-byte Workbook stream (sectors 2–9; sector 0 the sector table, 1 the directory).
fn write_xls(path: &Path, sheet: &[Vec<u8>]) {
    let bof = |dt: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        biff(0x0809, &d)
    };
    let globals_len = bof(5).len() + biff(0x0085, &[0u8; 12]).len() + biff(0x000A, &[]).len();
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, 4, 0]);
    bound.extend(b"DATA");
    let mut stream = bof(5);
    stream.extend(biff(0x0085, &bound));
    stream.extend(biff(0x000A, &[]));
    stream.extend(bof(0x10));
    for r in sheet {
        stream.extend(r);
    }
    stream.extend(biff(0x000A, &[]));
    assert!(stream.len() <= 4096);
    stream.resize(4096, 0);

    let mut b = vec![0u8; 512 * 11];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |b: &mut Vec<u8>, at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut b, 24, 0x3E);
    put16(&mut b, 26, 3);
    put16(&mut b, 28, 0xFFFE);
    put16(&mut b, 30, 9);
    put16(&mut b, 32, 6);
    put32(&mut b, 44, 1);
    put32(&mut b, 48, 1);
    put32(&mut b, 56, 4096);
    put32(&mut b, 60, 0xFFFF_FFFE);
    put32(&mut b, 68, 0xFFFF_FFFE);
    for i in 0..109 {
        put32(&mut b, 76 + i * 4, if i == 0 { 0 } else { 0xFFFF_FFFF });
    }
    // The sector table: 0 itself, 1 the directory, 2..9 the stream.
    let mut fat = vec![0xFFFF_FFFD, 0xFFFF_FFFE, 3, 4, 5, 6, 7, 8, 9, 0xFFFF_FFFE];
    fat.resize(128, 0xFFFF_FFFF);
    for (i, v) in fat.iter().enumerate() {
        put32(&mut b, 512 + i * 4, *v);
    }
    let entry = |b: &mut Vec<u8>, at: usize, name: &str, typ: u8, start: u32, len: u32| {
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            b[at + i * 2..at + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        b[at + 64..at + 66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        b[at + 66] = typ;
        b[at + 68..at + 80].copy_from_slice(&[0xFF; 12]);
        b[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
        b[at + 120..at + 124].copy_from_slice(&len.to_le_bytes());
    };
    entry(&mut b, 1024, "Root Entry", 5, 0xFFFF_FFFE, 0);
    entry(&mut b, 1024 + 128, "Workbook", 2, 2, 4096);
    b[1536..1536 + 4096].copy_from_slice(&stream);
    std::fs::write(path, b).unwrap();
}

/// A BIFF8 Number record.
fn xls_number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(v.to_le_bytes());
    biff(0x0203, &d)
}

#[test]
fn xls_far_apart_cells_or_huge_dimensions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_csv(dir.path());
    // Two numbers 65,535 rows and columns apart: calamine would lay out 4.3 billion cells.
    let far = dir.path().join("wna_far.xls");
    write_xls(
        &far,
        &[xls_number(0, 0, 1.0), xls_number(65535, 65535, 2.0)],
    );
    let (out, out_dir) = run(&[&far, &good], &["-q", "--skip-unreadable"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("wna_far.xls: refused, to protect memory: its sheet 1 spans 4294967296 cells from its first to its farthest cell, more than 16777216 cells, the most an .xls sheet holds"),
        "{err}"
    );
    assert_eq!(counts(&out_dir, "dukcapil_good.csv"), (2, 0, 0));

    // A dimensions record declaring 4 billion rows: calamine reserves that many cells.
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend([0, 0, 0xFF, 0, 0, 0]);
    let declared = dir.path().join("wna_dims.xls");
    write_xls(&declared, &[biff(0x0200, &dims), xls_number(0, 0, 1.0)]);
    let (out, _) = run(&[&declared], &["-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("wna_dims.xls: refused, to protect memory: its sheet 1 declares 1095216660225 cells in its dimensions record"),
        "{err}"
    );

    // The same file with a small sheet is read (one number, no header: no data, not refused).
    let small = dir.path().join("wna_small.xls");
    write_xls(&small, &[xls_number(0, 0, 1.0), xls_number(3, 3, 2.0)]);
    let (out, _) = run(&[&small], &["-q"], dir.path());
    let err = stderr(&out);
    assert!(
        !err.contains("refused") && !err.contains("not a valid"),
        "{err}"
    );
}
