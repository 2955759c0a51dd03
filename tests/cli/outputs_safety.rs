//! Every output is safe to open and private: no cell of any CSV or of report.xlsx can run as a
//! formula, outputs do not depend on the thread count, and log lines at default verbosity hold
//! no personal data.

use crate::hostile::run_with_limit;
use crate::util::*;
use calamine::{Data, Reader};
use std::path::Path;

/// Values a spreadsheet would run as formulas (OWASP CSV injection).
const HOSTILE: [&str; 6] = [
    "=HYPERLINK(\"http://x\",\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
];

/// Whether a cell could run as a formula: starts with `=`, `+`, `-`, `@`, tab or CR and is not a
/// plain number or a lone `-`. Written apart from `report::safe` so the test checks the rule, not
/// the code.
fn dangerous(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    let rest = cell.get(1..).unwrap_or("");
    let plain_number = rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        && rest.chars().any(|c| c.is_ascii_digit());
    !(cell == "-" || plain_number)
}

/// Two agencies' exports of the same six people whose names, addresses, sponsors, employers and
/// jobs are hostile, with dates of birth that differ (by `shift` days) so that pairs, persons and
/// conflicts are all written. The immigration file's name starts with `@` too.
fn hostile_inputs(dir: &Path, shift: usize) -> Vec<String> {
    let imigrasi = dir.join("@kanim_imigrasi.csv");
    let disnaker = dir.join("disnaker_tka.csv");
    let mut a = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&imigrasi)
        .unwrap();
    let mut b = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&disnaker)
        .unwrap();
    a.write_record([
        "NAMA",
        "NO PASPOR",
        "KEWARGANEGARAAN",
        "TANGGAL LAHIR",
        "ALAMAT",
        "JENIS IZIN",
        "BERLAKU SAMPAI",
        "PENJAMIN",
    ])
    .unwrap();
    b.write_record([
        "NAMA",
        "NO PASPOR",
        "KEWARGANEGARAAN",
        "TANGGAL LAHIR",
        "ALAMAT",
        "NAMA PERUSAHAAN",
        "JABATAN",
    ])
    .unwrap();
    for (i, h) in HOSTILE.iter().enumerate() {
        let passport = format!("E{:08}", 40_000_000 + i);
        let name = format!("{h} NAMA{i}");
        let dob_a = format!("1980-01-{:02}", i + 1);
        let dob_b = format!("1980-01-{:02}", i + 1 + shift);
        a.write_record([&name, &passport, "RRT", &dob_a, h, "ITK", "2024-01-01", h])
            .unwrap();
        b.write_record([&name, &passport, "RRT", &dob_b, h, h, h])
            .unwrap();
    }
    // A row without a name or an identity number: rejected, its content listed in rejected.csv.
    b.write_record(["", "", "RRT", "", HOSTILE[0], HOSTILE[3], HOSTILE[1]])
        .unwrap();
    a.flush().unwrap();
    b.flush().unwrap();
    vec![
        format!("imigrasi={}", imigrasi.display()),
        format!("disnaker={}", disnaker.display()),
    ]
}

fn run_into(inputs: &[String], out: &Path, extra: &[&str], dir: &Path) -> std::process::Output {
    let mut args: Vec<String> = vec!["run".into(), "--as-of".into(), "2025-06-01".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(inputs.iter().cloned());
    args.push("--out".into());
    args.push(out.display().to_string());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_with_limit(&refs, dir)
}

/// Every cell of a CSV output, with its address for the failure message.
fn csv_cells(path: &Path) -> Vec<(String, String)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    let mut cells = Vec::new();
    for (r, rec) in rdr.records().enumerate() {
        for (c, v) in rec.unwrap().iter().enumerate() {
            cells.push((
                format!("{}:{}:{}", path.display(), r + 1, c + 1),
                v.to_string(),
            ));
        }
    }
    cells
}

#[test]
fn no_output_cell_can_run_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("last");
    let this = dir.path().join("this");
    let inputs = hostile_inputs(dir.path(), 0);
    let out = run_into(&inputs, &last, &[], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inputs = hostile_inputs(dir.path(), 1);
    let out = run_into(&inputs, &this, &[], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_with_limit(
        &[
            "diff",
            &last.display().to_string(),
            &this.display().to_string(),
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let csvs = [
        "records.csv",
        "rejected.csv",
        "pairs.csv",
        "persons.csv",
        "conflicts.csv",
        "diff.csv",
    ];
    let mut all = Vec::new();
    for name in csvs {
        let path = this.join(name);
        assert!(path.exists(), "{name} not written");
        let cells = csv_cells(&path);
        assert!(cells.len() > 8, "{name} has no data rows");
        for (at, cell) in &cells {
            assert!(!dangerous(cell), "{at}: {cell:?} can run as a formula");
        }
        all.extend(cells);
    }
    // The hostile values did reach the outputs, neutralised: the check above looked at them.
    // (Names are trimmed when read, so the tab and CR ones arrive as plain text.)
    for h in HOSTILE.iter().filter(|h| !h.starts_with(['\t', '\r'])) {
        let want = format!("'{h} NAMA");
        assert!(
            all.iter().any(|(_, c)| c.starts_with(&want)),
            "{want:?} not found in any output"
        );
    }
    // Every file met hostile text (a name, or the source file name `@kanim_imigrasi.csv`).
    for name in csvs {
        assert!(
            all.iter().any(|(at, c)| at.contains(name)
                && (c.contains("=HYPERLINK") || c.starts_with("'@kanim_imigrasi.csv"))),
            "no hostile value reached {name}"
        );
    }

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(this.join("report.xlsx")).unwrap();
    let mut strings = 0;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        for (r, c, v) in range.used_cells() {
            if let Data::String(s) = v {
                strings += 1;
                assert!(
                    !dangerous(s),
                    "report.xlsx {sheet}!R{}C{}: {s:?}",
                    r + 1,
                    c + 1
                );
            }
        }
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "report.xlsx sheet {sheet} holds a formula"
        );
    }
    assert!(
        strings > 50,
        "report.xlsx has too few text cells to be a real check"
    );
}

#[test]
fn outputs_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("t{threads}"));
        reconcile()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "run",
                "-q",
                "--as-of",
                "2025-06-01",
                &fixture("lotim"),
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        outs.push(out);
    }
    let mut names: Vec<String> = std::fs::read_dir(&outs[0])
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for name in &names {
        let a = std::fs::read(outs[0].join(name)).unwrap();
        let b = std::fs::read(outs[1].join(name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn log_lines_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dukcapil_pii.csv");
    // Distinctive values, several malformed so that they produce warnings and rejections.
    std::fs::write(
        &p,
        "NAMA;NO PASPOR;KEWARGANEGARAAN;TANGGAL LAHIR;ALAMAT;NIK\n\
         QWERTZUIOP ZYGMUNTOWSKA;XQ9988776;POLANDIA;1984-03-17;JL KENANGA PRIVAT 77;5203011703840001\n\
         VLADIMIROVNA QUUXBERG;??%%12;RUSIA;31-31-1999;GANG RAHASIA 13;52030x\n\
         ;;RRT;;DUSUN TERSEMBUNYI 99;\n\
         XAVERIUS PLUMBICKI;KJ5566778;POLANDIA;1984-03-71;JL KENANGA PRIVAT 78;5203011703840002\n",
    )
    .unwrap();
    let unreadable = dir.path().join("polri_stm.xlsx");
    std::fs::write(&unreadable, "QWERTZUIOP in a file that is not a zip").unwrap();
    let out = run_into(
        &[p.display().to_string(), unreadable.display().to_string()],
        &dir.path().join("out"),
        &["--skip-unreadable"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The run did speak: the unreadable file is named.
    assert!(text.contains("polri_stm.xlsx"), "{text}");
    for value in [
        "QWERTZUIOP",
        "ZYGMUNTOWSKA",
        "QUUXBERG",
        "XQ9988776",
        "9988776",
        "??%%12",
        "31-31-1999",
        "1984-03-71",
        "KENANGA",
        "RAHASIA",
        "TERSEMBUNYI",
        "5203011703840001",
        "PLUMBICKI",
        "KJ5566778",
        "52030x",
    ] {
        assert!(!text.contains(value), "{value:?} printed:\n{text}");
    }
    // The records themselves are all there.
    let records = read_csv(&dir.path().join("out").join("records.csv"));
    assert_eq!(records.len(), 3);
}
