//! Crash safety: a run killed (SIGKILL) while writing leaves every report file either the previous
//! version, byte for byte, or a complete new one; never half a file under a final name. The next
//! run removes the temporary files a killed run left once they are stale.

use crate::util::*;
use calamine::Reader;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORTS: [&str; 10] = [
    "records.csv",
    "rejected.csv",
    "pairs.csv",
    "persons.csv",
    "conflicts.csv",
    "summary.json",
    "model.json",
    "report.xlsx",
    "brief.html",
    "brief.md",
];

fn snapshot(out: &Path) -> BTreeMap<&'static str, Vec<u8>> {
    REPORTS
        .iter()
        .map(|n| (*n, std::fs::read(out.join(n)).unwrap()))
        .collect()
}

/// Whether a file is complete: it parses as what it is.
fn complete(name: &str, path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    match name {
        n if n.ends_with(".csv") => {
            let mut rdr = csv::Reader::from_reader(bytes.as_slice());
            let width = rdr.headers().map(|h| h.len()).unwrap_or(0);
            width > 0 && rdr.records().all(|r| r.is_ok_and(|r| r.len() == width))
        }
        n if n.ends_with(".json") => serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
        "report.xlsx" => {
            calamine::open_workbook::<calamine::Xlsx<_>, _>(path).is_ok_and(|mut b| {
                let names = b.sheet_names();
                names.iter().all(|s| b.worksheet_range(s).is_ok())
            })
        }
        "brief.html" => String::from_utf8(bytes).is_ok_and(|t| t.trim_end().ends_with("</html>")),
        _ => !bytes.is_empty(),
    }
}

fn temp_files(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_run_killed_while_writing_leaves_old_or_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    reconcile()
        .args([
            "generate",
            "--persons",
            "30000",
            "--seed",
            "7",
            "--csv-only",
            "--out",
        ])
        .arg(&data)
        .assert()
        .success();
    // The previous report: same data, another threshold, so most files differ.
    reconcile()
        .args([
            "run",
            "-q",
            "--as-of",
            "2025-06-01",
            "--threshold",
            "0.99",
            "--out",
        ])
        .arg(&out)
        .arg(&data)
        .assert()
        .success();
    let old = snapshot(&out);

    // Kill the next run as soon as one of its temporary files appears.
    let bin = assert_cmd::cargo::cargo_bin("reconcile");
    let mut killed_mid_write = false;
    for attempt in 0..5 {
        let mut child = Command::new(&bin)
            .args(["run", "-q", "--as-of", "2025-06-01", "--out"])
            .arg(&out)
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        loop {
            if !temp_files(&out).is_empty() {
                // Later attempts let the writing go on a little, to land inside other files.
                std::thread::sleep(Duration::from_millis(30 * attempt));
                killed_mid_write = child.try_wait().unwrap().is_none();
                child.kill().unwrap();
                break;
            }
            if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(300) {
                let _ = child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.wait().unwrap();
        for name in REPORTS {
            let path = out.join(name);
            let now = std::fs::read(&path).unwrap();
            assert!(
                now == old[name] || complete(name, &path),
                "{name} is neither the previous version nor complete"
            );
        }
        if killed_mid_write {
            break;
        }
    }
    assert!(
        killed_mid_write,
        "no kill landed while files were being written"
    );
    let left = temp_files(&out);
    assert!(
        !left.is_empty(),
        "a kill mid-write leaves its temporary file"
    );

    // The next run removes our stale temporary files (made to look two hours old), and only those.
    let stranger = out.join(".notes.tmp");
    std::fs::write(&stranger, "not ours").unwrap();
    for name in &left {
        let ok = Command::new("touch")
            .args(["-d", "2 hours ago"])
            .arg(out.join(name))
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
    reconcile()
        .args(["run", "-q", "--as-of", "2025-06-01", "--out"])
        .arg(&out)
        .arg(&data)
        .assert()
        .success();
    assert_eq!(temp_files(&out), vec![".notes.tmp".to_string()]);
    for name in REPORTS {
        assert!(
            complete(name, &out.join(name)),
            "{name} incomplete after a full run"
        );
    }
}
