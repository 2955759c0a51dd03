//! The reports `run` writes for people: workbook sheets, brief language and redaction, --fail-on.

use crate::util::*;
use calamine::Reader;

fn run_lotim(out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("lotim"),
            "--as-of",
            "2025-06-01",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn workbook_has_every_sheet_and_the_conflicts() {
    let out = tempfile::tempdir().unwrap();
    assert!(run_lotim(out.path(), &[]).status.success());
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("report.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        vec![
            "Ringkasan",
            "Konflik",
            "Persons",
            "Records",
            "Review",
            "Rejected"
        ]
    );
    let conflicts = read_csv(&out.path().join("conflicts.csv"));
    let sheet = wb.worksheet_range("Konflik").unwrap();
    assert_eq!(
        sheet.height(),
        conflicts.len() + 1,
        "one row per conflict plus the header"
    );
    let records = wb.worksheet_range("Records").unwrap();
    assert_eq!(
        records.height(),
        read_csv(&out.path().join("records.csv")).len() + 1
    );
    // English labels with --lang en.
    let en = tempfile::tempdir().unwrap();
    assert!(run_lotim(en.path(), &["--lang", "en"]).status.success());
    let wb: calamine::Xlsx<_> = calamine::open_workbook(en.path().join("report.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names()[..2],
        ["Summary".to_string(), "Conflicts".to_string()]
    );
}

#[test]
fn brief_language_and_redaction() {
    let out = tempfile::tempdir().unwrap();
    assert!(run_lotim(out.path(), &[]).status.success());
    let html = std::fs::read_to_string(out.path().join("brief.html")).unwrap();
    assert!(
        html.contains("TIMPORA") && html.contains("<svg"),
        "Indonesian brief with charts"
    );
    assert!(html.contains("Ringkasan"));
    let md = std::fs::read_to_string(out.path().join("brief.md")).unwrap();
    assert!(md.starts_with('#'));

    let en = tempfile::tempdir().unwrap();
    assert!(run_lotim(en.path(), &["--lang", "en", "--redact"])
        .status
        .success());
    let html = std::fs::read_to_string(en.path().join("brief.html")).unwrap();
    assert!(html.contains("Reconciliation Brief") && html.contains("Method note"));
    assert!(!html.contains("Catatan metode"));
    // No passport of a conflicting person appears unmasked in the redacted brief or workbook.
    let persons = read_csv(&en.path().join("persons.csv"));
    let conflicts = read_csv(&en.path().join("conflicts.csv"));
    let ids: std::collections::HashSet<&str> =
        conflicts.iter().map(|c| c["person_id"].as_str()).collect();
    let mut checked = 0;
    for p in persons
        .iter()
        .filter(|p| ids.contains(p["person_id"].as_str()))
    {
        for passport in p["passports"].split("; ").filter(|s| s.len() > 4) {
            assert!(
                !html.contains(passport),
                "{passport} unmasked in the redacted brief"
            );
            checked += 1;
        }
    }
    assert!(checked > 10);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(en.path().join("report.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Conflicts").unwrap();
    let text: String = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    let first = persons
        .iter()
        .find(|p| ids.contains(p["person_id"].as_str()))
        .and_then(|p| p["passports"].split("; ").next().map(str::to_string))
        .unwrap();
    assert!(
        !text.contains(&first),
        "{first} unmasked in the redacted workbook"
    );
}

#[test]
fn fail_on_gives_exit_code_three() {
    let out = tempfile::tempdir().unwrap();
    let result = run_lotim(out.path(), &["--fail-on", "high"]);
    assert_eq!(
        result.status.code(),
        Some(3),
        "the fixtures hold high-severity conflicts"
    );
    // Without conflicts (a file that conflicts with nothing) the same flag exits 0.
    let quiet = tempfile::tempdir().unwrap();
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("messy/laporan_wna_unicode.txt"),
            "--fail-on",
            "low",
            "--out",
        ])
        .arg(quiet.path())
        .assert()
        .code(0);
    reconcile()
        .args(["run", "--fail-on", "severe", &fixture("lotim")])
        .assert()
        .code(2);
}
