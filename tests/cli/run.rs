//! `reconcile run`: records.csv and rejected.csv, addresses, determinism, safety.

use crate::util::*;
use std::collections::BTreeSet;

#[test]
fn records_have_spreadsheet_addresses() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args(["run", "-q", &fixture("messy"), "--out"])
        .arg(out.path())
        .assert()
        .success();
    let records = read_csv(&out.path().join("records.csv"));
    let addr = |source: &str| -> Vec<(String, u32)> {
        records
            .iter()
            .filter(|r| r["source"] == source)
            .map(|r| (r["sheet"].clone(), r["row"].parse().unwrap()))
            .collect()
    };
    let sheet = "ITAS ITAP MEI 2025".to_string();
    assert_eq!(
        addr("imigrasi_lotim_mei_2025.xlsx"),
        vec![
            (sheet.clone(), 9),
            (sheet.clone(), 10),
            (sheet.clone(), 11),
            (sheet, 13)
        ]
    );
    // CSV: record numbers as Excel shows them (title lines, blank lines and a two-line quoted
    // address counted as Excel counts them).
    assert_eq!(
        addr("polres_lotim_stm_mei_2025.csv"),
        vec![(String::new(), 5), (String::new(), 6), (String::new(), 8)]
    );
    let kanim: Vec<u32> = addr("kanim_mataram_itas_2024.xls")
        .iter()
        .map(|a| a.1)
        .collect();
    assert_eq!(kanim, vec![7, 8, 9, 10, 11, 12]);
    // A vertically merged sponsor is filled down; a real date cell arrives as a date.
    let anna = records
        .iter()
        .find(|r| r["name"] == "ANNA MARIA VAN DIJK" && r["agency"] == "imigrasi")
        .unwrap();
    assert_eq!(anna["sponsor"], "ISTRI: BAIQ NURHAYATI");
    assert_eq!(anna["permit_expiry"], "2025-12-31");
    assert_eq!(anna["permit_status"], "AKTIF");

    let rejected = read_csv(&out.path().join("rejected.csv"));
    let rejected_rows: BTreeSet<(String, String)> = rejected
        .iter()
        .filter(|r| r["kind"] == "rejected")
        .map(|r| (r["source"].clone(), r["row"].clone()))
        .collect();
    assert_eq!(
        rejected_rows,
        BTreeSet::from([
            ("imigrasi_lotim_mei_2025.xlsx".to_string(), "15".to_string()),
            (
                "polres_lotim_stm_mei_2025.csv".to_string(),
                "10".to_string()
            ),
        ])
    );
    assert!(rejected
        .iter()
        .any(|r| r["kind"] == "skipped" && r["reason"] == "total"));
}

#[test]
fn same_input_gives_identical_output() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        reconcile()
            .args(["run", "-q", &fixture("messy"), "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    for name in ["records.csv", "rejected.csv"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert_eq!(x, y, "{name} differs between runs");
    }
}

#[test]
fn formula_cells_are_neutralised() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args(["run", "-q", &bad("formula_injection.csv"), "--out"])
        .arg(out.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(out.path().join("records.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK("), "{text}");
    assert!(text.contains("'@SUM(A1)"), "{text}");
    assert!(text.contains("'+JOHN"), "{text}");
    assert!(text.contains("'-E1234"), "{text}");
    assert!(!text.contains(",=HYPERLINK"), "{text}");
}

#[cfg(unix)]
#[test]
fn outputs_are_private_unless_shared() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("messy/dukcapil_wna_sktt_2025.csv"),
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let mode = std::fs::metadata(out.path().join("records.csv"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    reconcile()
        .args([
            "run",
            "-q",
            "--shared-output",
            &fixture("messy/dukcapil_wna_sktt_2025.csv"),
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let mode = std::fs::metadata(out.path().join("records.csv"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn quiet_run_prints_nothing() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args(["run", "-q", &fixture("messy"), "--out"])
        .arg(out.path())
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn sheets_without_data_are_named_in_the_summary() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args(["run", "-q", &fixture("messy/tka_lotim_2025.xlsx"), "--out"])
        .arg(out.path())
        .assert()
        .success()
        .stderr("");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let problems = summary["inputs"][0]["sheets_without_data"]
        .as_array()
        .unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["sheet"], "REKAP");
    assert!(problems[0]["reason"]
        .as_str()
        .unwrap()
        .contains("no recognisable header"));
}
