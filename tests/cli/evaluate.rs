//! `evaluate --clusters`: another tool's clustering scored over the records of a run by the same
//! pairwise code as the run's own persons.

use crate::util::*;
use std::path::Path;

fn run_lotim(out: &Path) {
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
        .assert()
        .success();
}

fn evaluate_json(out: &Path, clusters: Option<&Path>) -> serde_json::Value {
    let mut cmd = reconcile();
    cmd.args([
        "evaluate",
        "--json",
        "--truth",
        &fixture("lotim/truth/truth_records.csv"),
        "--out",
    ])
    .arg(out);
    if let Some(c) = clusters {
        cmd.arg("--clusters").arg(c);
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Writes source,sheet,row,<column> with a label per record of the run chosen by `label`;
/// records for which it gives None are left out of the file.
fn write_clusters(
    out: &Path,
    path: &Path,
    column: &str,
    label: impl Fn(usize, &std::collections::HashMap<String, String>) -> Option<String>,
) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["source", "sheet", "row", column]).unwrap();
    for (i, r) in read_csv(&out.join("records.csv")).iter().enumerate() {
        if let Some(l) = label(i, r) {
            w.write_record([&r["source"], &r["sheet"], &r["row"], &l])
                .unwrap();
        }
    }
    w.flush().unwrap();
}

#[test]
fn clusters_equal_to_our_persons_score_exactly_like_our_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_lotim(&out);
    let clusters = dir.path().join("persons.csv");
    // Renamed ids in their only label column: scoring depends on the grouping, not the names.
    write_clusters(&out, &clusters, "group", |_, r| {
        Some(format!("g-{}", r["person_id"]))
    });
    let ours = evaluate_json(&out, None);
    let theirs = evaluate_json(&out, Some(&clusters));
    assert_eq!(ours["scores"], theirs["scores"]);
    assert!(ours["scores"]["true_pairs"].as_u64().unwrap() > 0);
    assert_eq!(theirs["clusters"]["records_absent"], 0);
    assert_eq!(theirs["clusters"]["rows_without_record"], 0);
    assert!(ours.get("clusters").is_none());
}

#[test]
fn wrong_or_missing_clusters_score_lower() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_lotim(&out);
    let ours = evaluate_json(&out, None);
    let f1 = |v: &serde_json::Value| v["scores"]["f1"].as_f64().unwrap();

    // Everyone in one cluster: every true pair found, precision collapses.
    let lumped = dir.path().join("lumped.csv");
    write_clusters(&out, &lumped, "cluster_id", |_, _| Some("1".into()));
    let lumped = evaluate_json(&out, Some(&lumped));
    assert_eq!(lumped["scores"]["recall"], 1.0);
    assert!(f1(&lumped) < f1(&ours) - 0.5, "{lumped}");

    // Our persons, but every other record left out: they count as singletons and cost recall.
    let half = dir.path().join("half.csv");
    write_clusters(&out, &half, "cluster_id", |i, r| {
        (i % 2 == 0).then(|| r["person_id"].clone())
    });
    let half = evaluate_json(&out, Some(&half));
    let records = read_csv(&out.join("records.csv")).len() as u64;
    assert_eq!(half["clusters"]["records_absent"], records / 2);
    assert_eq!(half["scores"]["precision"], ours["scores"]["precision"]);
    assert!(f1(&half) < f1(&ours), "{half}");
}

#[test]
fn text_report_names_the_clusters_file_and_its_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_lotim(&out);
    let clusters = dir.path().join("c.csv");
    // Only the first record, plus a row that is no record of the run.
    write_clusters(&out, &clusters, "cluster_id", |i, r| {
        (i == 0).then(|| r["person_id"].clone())
    });
    let mut text = std::fs::read_to_string(&clusters).unwrap();
    text.push_str("nowhere.csv,S,1,9\n");
    std::fs::write(&clusters, text).unwrap();
    let output = reconcile()
        .args([
            "evaluate",
            "--truth",
            &fixture("lotim/truth/truth_records.csv"),
            "--show",
            "0",
            "--out",
        ])
        .arg(&out)
        .arg("--clusters")
        .arg(&clusters)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let records = read_csv(&out.join("records.csv")).len();
    assert!(
        stdout.contains(&format!(
            "{} of the run's {records} records absent (scored as singletons), 1 rows name no record of the run",
            records - 1
        )),
        "{stdout}"
    );
}

#[test]
fn a_clusters_file_without_a_label_column_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_lotim(&out);
    let clusters = dir.path().join("c.csv");
    std::fs::write(&clusters, "source,sheet,row\n").unwrap();
    let output = reconcile()
        .args([
            "evaluate",
            "--truth",
            &fixture("lotim/truth/truth_records.csv"),
            "--out",
        ])
        .arg(&out)
        .arg("--clusters")
        .arg(&clusters)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("needs a cluster_id column"), "{stderr}");
}
