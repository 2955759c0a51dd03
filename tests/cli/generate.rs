//! `reconcile generate`: deterministic synthetic exports whose truth matches what `run` reads.

use crate::util::*;

#[test]
fn same_seed_same_bytes_and_truth_in_its_own_folder() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        reconcile()
            .args(["generate", "-q", "--persons", "40", "--seed", "5", "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    for name in [
        "kanim_mataram_itas_2025.xlsx",
        "disnaker_tka_lotim_2025.xlsx",
        "polres_lotim_stm.csv",
        "dukcapil_wna_lotim.csv",
        "truth/truth_records.csv",
        "truth/truth_conflicts.csv",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(x, std::fs::read(b.path().join(name)).unwrap(), "{name}");
    }
    // The folder runs as is: the truth folder is not read as an agency export.
    let out = a.path().join("out");
    reconcile()
        .args(["run", "-q"])
        .arg(a.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let records = read_csv(&out.join("records.csv"));
    let truth = read_csv(&a.path().join("truth/truth_records.csv"));
    assert_eq!(records.len(), truth.len());
}

#[test]
fn bad_as_of_is_a_clear_error() {
    reconcile()
        .args(["generate", "--out", "/tmp/never", "--as-of", "31-05-2025"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "not a date in the form YYYY-MM-DD",
        ));
}
