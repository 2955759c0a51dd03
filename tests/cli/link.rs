//! Linking on the bundled fixtures: records.csv against the generator's truth, pairs.csv,
//! persons.csv, explain, evaluate and a reloaded model.

use crate::util::*;
use std::collections::{BTreeSet, HashMap};

fn run_lotim(out: &std::path::Path, extra: &[&str]) {
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
        .assert()
        .success();
}

#[test]
fn records_match_the_truth_addresses_one_to_one() {
    let out = tempfile::tempdir().unwrap();
    run_lotim(out.path(), &[]);
    let records = read_csv(&out.path().join("records.csv"));
    let truth = read_csv(&root().join("fixtures/lotim/truth/truth_records.csv"));
    let key =
        |r: &HashMap<String, String>| (r["source"].clone(), r["sheet"].clone(), r["row"].clone());
    let got: Vec<_> = records.iter().map(key).collect();
    let want: BTreeSet<_> = truth.iter().map(key).collect();
    assert_eq!(got.len(), want.len(), "one record per data row");
    assert_eq!(got.iter().cloned().collect::<BTreeSet<_>>(), want);
    // Every record has a person; linked records carry their probability.
    for r in &records {
        assert!(r["person_id"].starts_with('P'), "{r:?}");
        match r["status"].as_str() {
            "linked" => assert!(r["match_probability"].parse::<f64>().unwrap() >= 0.9),
            "single" => assert!(r["match_probability"].is_empty()),
            other => panic!("status {other}"),
        }
    }
    // persons.csv has one row per person_id used in records.csv, with the right counts.
    let persons = read_csv(&out.path().join("persons.csv"));
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in &records {
        *counts.entry(r["person_id"].clone()).or_default() += 1;
    }
    assert_eq!(persons.len(), counts.len());
    for p in &persons {
        assert_eq!(
            p["record_count"].parse::<usize>().unwrap(),
            counts[&p["person_id"]]
        );
    }
}

#[test]
fn accuracy_on_the_fixtures() {
    let out = tempfile::tempdir().unwrap();
    run_lotim(out.path(), &[]);
    let report = reconcile()
        .args([
            "evaluate",
            "--json",
            "--truth",
            &fixture("lotim/truth/truth_records.csv"),
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let f1 = json["scores"]["f1"].as_f64().unwrap();
    let precision = json["scores"]["precision"].as_f64().unwrap();
    assert!(f1 >= 0.98, "F1 {f1}");
    assert!(precision >= 0.99, "precision {precision}");
    assert_eq!(json["records_without_truth"], 0);
}

#[test]
fn census_register_described_by_config() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args([
            "run",
            "-q",
            "--config",
            &fixture("census/census.toml"),
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let report = reconcile()
        .args([
            "evaluate",
            "--json",
            "--truth",
            &fixture("census/truth/truth_records.csv"),
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let f1 = json["scores"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.99, "census F1 {f1}");
}

#[test]
fn pairs_and_explain_agree() {
    let out = tempfile::tempdir().unwrap();
    run_lotim(out.path(), &[]);
    let pairs = read_csv(&out.path().join("pairs.csv"));
    assert!(!pairs.is_empty());
    for p in &pairs {
        assert!(p["match_probability"].parse::<f64>().unwrap() >= 0.5);
        assert!(!p["passport"].is_empty() && !p["name"].is_empty() && !p["dob"].is_empty());
    }
    // Explain the first pair: the parts add up to the total and the probability matches pairs.csv.
    let p = &pairs[0];
    let a = format!("{}:{}:{}", p["source_a"], p["sheet_a"], p["row_a"]);
    let b = format!("{}:{}:{}", p["source_b"], p["sheet_b"], p["row_b"]);
    let output = reconcile()
        .args(["explain", "--json", "--out"])
        .arg(out.path())
        .args([&a, &b])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let e: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let parts: f64 = e["prior_weight"].as_f64().unwrap()
        + e["comparisons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["weight"].as_f64().unwrap())
            .sum::<f64>()
        + e["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[1].as_f64().unwrap())
            .sum::<f64>();
    let total = e["match_weight"].as_f64().unwrap();
    assert!((parts - total).abs() < 1e-6, "{parts} vs {total}");
    let prob: f64 = p["match_probability"].parse().unwrap();
    assert!((e["match_probability"].as_f64().unwrap() - prob).abs() < 1e-5);
    // The table form names each comparison.
    let text = reconcile()
        .args(["explain", "--out"])
        .arg(out.path())
        .args([&a, &b])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for word in [
        "prior",
        "passport",
        "name",
        "dob",
        "total",
        "match probability",
    ] {
        assert!(text.contains(word), "{word} missing in {text}");
    }
    // A row that is not a record is a clear error.
    reconcile()
        .args(["explain", "--out"])
        .arg(out.path())
        .args([&a, "no_such.csv::2"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no record at no_such.csv::2"));
}

#[test]
fn outputs_are_deterministic_and_a_saved_model_reproduces_them() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    run_lotim(a.path(), &[]);
    run_lotim(b.path(), &[]);
    let model = a.path().join("model.json");
    run_lotim(c.path(), &["--model", model.to_str().unwrap()]);
    for name in [
        "records.csv",
        "pairs.csv",
        "persons.csv",
        "model.json",
        "rejected.csv",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        assert_eq!(
            x,
            std::fs::read(b.path().join(name)).unwrap(),
            "{name} differs between two runs"
        );
    }
    for name in ["records.csv", "pairs.csv", "persons.csv"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        assert_eq!(
            x,
            std::fs::read(c.path().join(name)).unwrap(),
            "{name} differs with the saved model"
        );
    }
}

#[test]
fn a_bad_model_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("model.json");
    std::fs::write(&bad, "{\"not\": \"a model\"}").unwrap();
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("messy/dukcapil_wna_sktt_2025.csv"),
            "--model",
        ])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not a usable model"));
}
