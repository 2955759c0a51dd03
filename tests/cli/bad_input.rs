//! Files that cannot be read: one clear sentence naming the file, never a panic, and the rest of
//! the data still handled as documented.

use crate::util::*;
use predicates::prelude::*;

#[test]
fn each_bad_file_gets_one_clear_sentence() {
    let cases = [
        ("empty.csv", "the file is empty"),
        ("garbage.csv", "holds binary data, not text"),
        ("not_a_zip.xlsx", "not a valid XLSX file"),
        (
            "truncated.xlsx",
            "not a valid XLSX file, it may be damaged or truncated",
        ),
        ("protected_tka.xlsx", "the workbook is password-protected"),
        ("no_header.csv", "no recognisable header row"),
        ("report.pdf", "unsupported file type"),
    ];
    for (file, message) in cases {
        let path = bad(file);
        let out = tempfile::tempdir().unwrap();
        reconcile()
            .args(["run", &path, "--out"])
            .arg(out.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("{path}: {message}")))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn missing_file_names_the_file() {
    reconcile()
        .args([
            "run",
            "no/such/file.xlsx",
            "--out",
            "/tmp/reconcile-never-written",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no/such/file.xlsx: file not found",
        ));
}

#[test]
fn unreadable_file_stops_run_unless_skipped() {
    let out = tempfile::tempdir().unwrap();
    let good = fixture("messy/dukcapil_wna_sktt_2025.csv");
    reconcile()
        .args(["run", &good, &bad("protected_tka.xlsx"), "--out"])
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pass --skip-unreadable"));
    assert!(
        !out.path().join("records.csv").exists(),
        "no report may be written for a partial run"
    );
    reconcile()
        .args([
            "run",
            "--skip-unreadable",
            &good,
            &bad("protected_tka.xlsx"),
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("password-protected"));
    let records = read_csv(&out.path().join("records.csv"));
    assert_eq!(records.len(), 4);
}

#[test]
fn header_only_file_gives_no_records_and_no_error() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args(["run", "-q", &bad("header_only.csv"), "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_eq!(read_csv(&out.path().join("records.csv")).len(), 0);
}

#[test]
fn inspect_reports_bad_files_and_exits_non_zero() {
    reconcile()
        .args([
            "inspect",
            &bad("garbage.csv"),
            &fixture("messy/dukcapil_wna_sktt_2025.csv"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("cannot be read"))
        .stdout(predicate::str::contains(
            "dukcapil_wna_sktt_2025.csv — agency: dukcapil",
        ));
}

#[test]
fn bad_config_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(
        &cfg,
        "[[source]]\npath = \"a.csv\"\nagency = \"nasa\"\n[source.columns]\nshoe_size = \"x\"\n",
    )
    .unwrap();
    reconcile()
        .args(["run", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("agency \"nasa\" is unknown"))
        .stderr(predicate::str::contains(
            "columns.shoe_size is not a known field",
        ));
}

#[test]
fn no_inputs_is_an_error() {
    reconcile()
        .args(["run"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no input files"));
}

#[test]
fn bad_flag_is_a_usage_error() {
    reconcile().args(["run", "--no-such-flag"]).assert().code(2);
}
