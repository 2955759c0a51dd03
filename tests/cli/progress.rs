//! Progress bars and `--timings`: bars only on a terminal, and a stage table that covers the run.

use crate::util::*;

/// Drawing that only a progress bar or spinner would put on stderr.
fn bar_drawing(stderr: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    if stderr.contains('\r') {
        found.push("carriage return");
    }
    if stderr.contains('\u{1b}') {
        found.push("escape sequence");
    }
    // indicatif's default spinner frames are braille patterns.
    if stderr
        .chars()
        .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
    {
        found.push("spinner frame");
    }
    if stderr.contains("[==") || stderr.contains("=>") {
        found.push("bar");
    }
    found
}

#[test]
fn no_bars_when_stderr_is_not_a_terminal() {
    // The tests' stderr is a pipe, as in a cron job: not quiet, yet nothing may be drawn.
    let out = tempfile::tempdir().unwrap();
    let run = reconcile()
        .args(["run", &fixture("lotim"), "--as-of", "2025-06-01", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(bar_drawing(&stderr), Vec::<&str>::new(), "{stderr}");
    // The run did happen and print its summary.
    assert!(String::from_utf8_lossy(&run.stdout).contains("records →"));
}

#[test]
fn bar_drawing_is_recognised() {
    // The check above can fail: a drawn bar line trips every test of it.
    let drawn = "\r\u{1b}[2K⠋ normalising [====>   ] 10/20";
    assert_eq!(
        bar_drawing(drawn),
        ["carriage return", "escape sequence", "spinner frame", "bar"]
    );
}

#[test]
fn timings_cover_every_stage_and_output() {
    let out = tempfile::tempdir().unwrap();
    let run = reconcile()
        .args([
            "run",
            "-q",
            "--timings",
            &fixture("lotim"),
            "--as-of",
            "2025-06-01",
        ])
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(bar_drawing(&stderr), Vec::<&str>::new(), "{stderr}");
    let stages = [
        "read + map",
        "normalise",
        "block",
        "compare",
        "score",
        "cluster",
        "persons",
        "conflicts",
        "write (all outputs",
        "report.xlsx",
        "records.csv",
        "pairs.csv",
        "persons.csv",
        "conflicts.csv",
        "rejected.csv",
        "summary.json",
        "model.json",
        "brief.html",
        "total",
    ];
    for stage in stages {
        let line = stderr.lines().find(|l| l.contains(stage));
        let seconds = line
            .and_then(|l| l.split('┆').nth(1))
            .map(|s| s.trim_matches(|c: char| c == '│' || c.is_whitespace()))
            .and_then(|s| s.parse::<f64>().ok());
        assert!(seconds.is_some_and(|s| s >= 0.0), "{stage}: {stderr}");
    }
    // Every output named in the table was written.
    for file in ["report.xlsx", "records.csv", "brief.md", "model.json"] {
        assert!(out.path().join(file).exists(), "{file}");
    }
}
