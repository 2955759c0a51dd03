//! `reconcile diff LAST_OUT THIS_OUT`: new / resolved / persisting conflicts by id, diff.csv,
//! --json and --fail-on, on two hand-written output folders.

use crate::util::*;
use std::path::Path;

const HEADER: &str = "conflict_id,person_id,type,severity,field,values,rows,detail_id,detail_en\n";

/// Last week: a permit expired (high), a date of birth (medium), an address (low).
const LAST: &str = "\
c-permit-1,P000001,permit_expired,high,permit_expiry,2025-03-01,kanim.xlsx:ITAS:9,Izin habis.,Permit expired.
c-dob-2,P000002,dob_mismatch,medium,dob,1985-03-04 | 1986-03-04,kanim.xlsx:ITAS:10; tka.xlsx:TKA:4,Tanggal lahir berbeda.,Different dates of birth.
c-addr-3,P000003,address_mismatch,low,kecamatan,SELONG | MASBAGIK,stm.csv::5; dukcapil.csv::7,Alamat berbeda.,Different kecamatan.
";

/// This week: the permit one persists, the address one is resolved, the dob one persists, and a
/// new low one and a new medium one appear.
const THIS: &str = "\
c-permit-1,P000001,permit_expired,high,permit_expiry,2025-03-01,kanim.xlsx:ITAS:9,Izin habis.,Permit expired.
c-dob-2,P000004,dob_mismatch,medium,dob,1985-03-04 | 1986-03-04,kanim.xlsx:ITAS:11; tka.xlsx:TKA:4,Tanggal lahir berbeda.,Different dates of birth.
c-dup-5,P000009,duplicate_in_source,low,passport,=HYPERLINK(\"x\"),stm.csv::8; stm.csv::9,Ganda.,Recorded twice.
c-sex-6,P000010,sex_mismatch,medium,sex,M | F,stm.csv::3; dukcapil.csv::2,Jenis kelamin berbeda.,Different sex.
";

fn out_dir(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("conflicts.csv"), format!("{HEADER}{rows}")).unwrap();
    dir
}

fn diff(last: &Path, this: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    reconcile()
        .arg("diff")
        .arg(last)
        .arg(this)
        .args(extra)
        .assert()
}

#[test]
fn new_resolved_and_persisting() {
    let (last, this) = (out_dir(LAST), out_dir(THIS));
    let out = diff(last.path(), this.path(), &[])
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 new, 1 resolved, 2 persisting"),
        "{stdout}"
    );
    assert!(
        stdout.contains("c-sex-6") && stdout.contains("c-addr-3"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");

    let path = this.path().join("diff.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("change,conflict_id,type,severity,field,values,rows,detail_en\n"));
    let rows = read_csv(&path);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["change"].as_str(), r["conflict_id"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("new", "c-sex-6"),
            ("new", "c-dup-5"),
            ("resolved", "c-addr-3"),
            ("persisting", "c-permit-1"),
            ("persisting", "c-dob-2"),
        ]
    );
    let resolved = rows.iter().find(|r| r["change"] == "resolved").unwrap();
    assert_eq!(resolved["values"], "SELONG | MASBAGIK");
    assert_eq!(resolved["detail_en"], "Different kecamatan.");
    // Persisting rows carry this week's rows.
    let dob = rows.iter().find(|r| r["conflict_id"] == "c-dob-2").unwrap();
    assert_eq!(dob["rows"], "kanim.xlsx:ITAS:11; tka.xlsx:TKA:4");
    // A formula in a cell is written as text.
    let dup = rows.iter().find(|r| r["conflict_id"] == "c-dup-5").unwrap();
    assert_eq!(dup["values"], "'=HYPERLINK(\"x\")");
    // Nothing is written into the last week's folder.
    assert!(!last.path().join("diff.csv").exists());
}

#[test]
fn json_for_scripts() {
    let (last, this) = (out_dir(LAST), out_dir(THIS));
    let out = diff(last.path(), this.path(), &["--json"])
        .success()
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let cases = [("new", 2), ("resolved", 1), ("persisting", 2)];
    for (key, n) in cases {
        assert_eq!(json["counts"][key], n, "{key}");
    }
    assert_eq!(json["new_by_severity"]["medium"], 1);
    assert_eq!(json["new_by_severity"]["low"], 1);
    assert_eq!(json["new_by_severity"]["high"], 0);
    let first = &json["conflicts"][0];
    assert_eq!(first["change"], "new");
    assert_eq!(first["conflict_id"], "c-sex-6");
    assert_eq!(first["type"], "sex_mismatch");
    assert!(this.path().join("diff.csv").exists());
}

#[test]
fn fail_on_counts_new_conflicts_only() {
    let (last, this) = (out_dir(LAST), out_dir(THIS));
    // New conflicts are medium and low; the high one persists, so it does not fail.
    let cases = [
        (vec![], 0),
        (vec!["--fail-on", "high"], 0),
        (vec!["--fail-on", "medium"], 3),
        (vec!["--fail-on", "low"], 3),
        (vec!["--fail-on", "sedang"], 3),
        (vec!["--fail-on", "low", "--json"], 3),
        (vec!["-q", "--fail-on", "medium"], 3),
    ];
    for (args, code) in cases {
        diff(last.path(), this.path(), &args).code(code);
    }
    // A new high one fails --fail-on high.
    let worse = out_dir(&format!(
        "{THIS}c-deport-7,P000011,deported_but_present,high,status,DEPORTASI,kanim.xlsx:ITAS:20,Dideportasi.,Deported.\n"
    ));
    diff(last.path(), worse.path(), &["--fail-on", "high"]).code(3);
    // Quiet prints nothing.
    let out = diff(last.path(), this.path(), &["-q"])
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
}

#[test]
fn errors_name_the_missing_file() {
    let this = out_dir(THIS);
    let empty = tempfile::tempdir().unwrap();
    let out = diff(empty.path(), this.path(), &[])
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want = empty.path().join("conflicts.csv").display().to_string();
    assert!(stderr.contains(&want), "{stderr}");

    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("conflicts.csv"), "conflict_id,type\nx,y\n").unwrap();
    let out = diff(bad.path(), this.path(), &[])
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("conflicts.csv") && stderr.contains("severity"),
        "{stderr}"
    );

    // A wrong severity is a usage error.
    diff(empty.path(), this.path(), &["--fail-on", "urgent"]).code(2);
}

#[test]
fn identical_runs_have_nothing_new() {
    let (last, this) = (out_dir(LAST), out_dir(LAST));
    let out = diff(last.path(), this.path(), &["--fail-on", "low"])
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 new, 0 resolved, 3 persisting"));
    let header_only = out_dir("");
    diff(
        header_only.path(),
        header_only.path(),
        &["--fail-on", "low"],
    )
    .success();
    assert_eq!(read_csv(&header_only.path().join("diff.csv")).len(), 0);
}
