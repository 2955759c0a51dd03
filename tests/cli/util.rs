//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The binary under test, run from the repository root.
pub fn reconcile() -> Command {
    let mut cmd = Command::cargo_bin("reconcile").expect("binary built");
    cmd.current_dir(root());
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> String {
    root().join("fixtures").join(rel).display().to_string()
}

pub fn bad(rel: &str) -> String {
    root()
        .join("tests")
        .join("data")
        .join("bad")
        .join(rel)
        .display()
        .to_string()
}

/// Reads a CSV into rows keyed by header. Duplicate headers would be a bug; the test fails on them.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = rdr.headers().expect("header").clone();
    let mut seen = std::collections::HashSet::new();
    for h in headers.iter() {
        assert!(
            seen.insert(h.to_string()),
            "duplicate column {h} in {}",
            path.display()
        );
    }
    rdr.records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Runs `inspect --json` and parses it.
pub fn inspect_json(args: &[&str]) -> serde_json::Value {
    let out = reconcile()
        .arg("inspect")
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "inspect --json gave no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The source entry named `name` in an inspect report.
pub fn source<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["source"] == name)
        .unwrap_or_else(|| panic!("no source {name} in report"))
}
