//! The brief renders in a real browser: builds a run from `fixtures/lotim`, turns the generator's
//! planted conflicts (`truth/truth_conflicts.csv`) into `Conflict`s, writes `brief.html`, and has
//! headless Chromium (Debian's `chromium`, installed by `.ci/run`) screenshot it at A4 proportions.
//! The screenshot must exist and not be blank.
//!
//! Without Chromium the test is skipped with a note, except under CI (`CI` set), where it fails.
//! `BRIEF_SCREENSHOT=path.png` also copies the screenshot there (how `docs/img/brief.png` is made:
//! `BRIEF_SCREENSHOT=docs/img/brief.png cargo test --test browser`).

use reconcile::conflicts::{Conflict, ConflictType, ConflictValue};
use reconcile::pipeline::{link_sources, read, PipelineOptions, RunOutput};
use reconcile::record::Provenance;
use reconcile::report::atomic::OutputDir;
use reconcile::report::brief::write_brief;
use reconcile::report::options::{Lang, ReportOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lotim")
}

fn lotim_run() -> RunOutput {
    let inputs = vec![fixtures().display().to_string()];
    let specs = reconcile::config::resolve_sources(&inputs, None).expect("fixture sources");
    let opts = PipelineOptions::default();
    let sources = read(&specs, &opts, &|_| {});
    link_sources(sources, &opts, Duration::ZERO).expect("linking the fixtures")
}

/// The planted conflicts as the detector would report them: each truth entity's rows are found
/// among the run's records, and the conflict is put on the person holding the first of them.
fn planted_conflicts(run: &RunOutput) -> Vec<Conflict> {
    let truth = fixtures().join("truth");
    let mut rows_of: HashMap<String, Vec<Provenance>> = HashMap::new();
    let mut records = csv::Reader::from_path(truth.join("truth_records.csv")).expect("truth");
    for row in records.records() {
        let row = row.expect("truth row");
        let (Some(source), Some(sheet), Some(line), Some(entity)) =
            (row.get(0), row.get(1), row.get(2), row.get(3))
        else {
            continue;
        };
        let Ok(line) = line.parse::<u32>() else {
            continue;
        };
        rows_of
            .entry(entity.to_string())
            .or_default()
            .push(Provenance {
                source: source.to_string(),
                sheet: sheet.to_string(),
                row: line,
            });
    }
    let index: HashMap<&Provenance, usize> = run
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.provenance, i))
        .collect();
    let mut out = Vec::new();
    let mut planted = csv::Reader::from_path(truth.join("truth_conflicts.csv")).expect("truth");
    for row in planted.records() {
        let row = row.expect("truth conflict");
        let (Some(entity), Some(code), Some(field), Some(note)) =
            (row.get(0), row.get(1), row.get(2), row.get(3))
        else {
            continue;
        };
        let Some(kind) = ConflictType::from_code(code) else {
            continue;
        };
        let rows = rows_of.get(entity).cloned().unwrap_or_default();
        let Some(person) = rows
            .iter()
            .find_map(|p| index.get(p))
            .and_then(|&r| run.link.clustering.person_of.get(r))
            .copied()
        else {
            continue;
        };
        let person_id = run
            .persons
            .get(person as usize)
            .map(|p| p.id.clone())
            .unwrap_or_default();
        out.push(Conflict {
            id: format!("{code}:{entity}:{field}"),
            person,
            person_id,
            kind,
            severity: kind.default_severity(),
            field: field.to_string(),
            values: vec![ConflictValue {
                value: note.to_string(),
                rows,
            }],
            detail_id: format!("{}: {note}.", kind.label_id()),
            detail_en: format!("{}: {note}.", kind.label_en()),
        });
    }
    out
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Runs Chromium headless to screenshot `html` into `shot`, killing it after two minutes.
fn screenshot(browser: &Path, html: &Path, shot: &Path, profile: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1240,1754")
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting chromium");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            assert!(status.success(), "chromium failed: {status}");
            return;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish the screenshot within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Decodes the PNG and measures it: (width, height, distinct colours among sampled pixels,
/// share of sampled pixels that differ from the most common colour).
fn measure(png_path: &Path) -> (u32, u32, usize, f64) {
    let file = std::fs::File::open(png_path).expect("screenshot");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    let channels = info.color_type.samples();
    let pixels = buf.get(..info.buffer_size()).unwrap_or(&buf);
    let mut counts: HashMap<&[u8], usize> = HashMap::new();
    let mut sampled = 0usize;
    for px in pixels.chunks_exact(channels).step_by(7) {
        *counts.entry(px).or_insert(0) += 1;
        sampled += 1;
    }
    let top = counts.values().copied().max().unwrap_or(0);
    let other = if sampled == 0 {
        0.0
    } else {
        (sampled - top) as f64 / sampled as f64
    };
    (info.width, info.height, counts.len(), other)
}

#[test]
fn brief_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed; .ci/run installs Debian's chromium");
        }
        eprintln!("note: chromium not found, skipping the browser test (apt-get install chromium)");
        return;
    };
    let run = lotim_run();
    let conflicts = planted_conflicts(&run);
    assert!(
        conflicts.len() > 20,
        "the fixtures' planted conflicts map onto persons ({})",
        conflicts.len()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let out = OutputDir::create(&dir.path().join("out"), false).expect("output folder");
    let opts = ReportOptions::new(
        Lang::Id,
        false,
        chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date"),
    );
    write_brief(&out, &run, &conflicts, &opts).expect("writing the brief");
    let html = out.dir.join("brief.html");
    assert!(out.dir.join("brief.md").exists());

    let shot = dir.path().join("shot.png");
    screenshot(&browser, &html, &shot, &dir.path().join("profile"));

    let size = std::fs::metadata(&shot).expect("a screenshot").len();
    assert!(size > 20_000, "screenshot is only {size} bytes");
    let (w, h, colours, ink) = measure(&shot);
    assert_eq!((w, h), (1240, 1754), "screenshot size");
    assert!(colours > 50, "only {colours} colours: a blank page");
    assert!(
        ink > 0.02,
        "only {:.1}% of the page differs from the background",
        ink * 100.0
    );

    if let Some(copy) = std::env::var_os("BRIEF_SCREENSHOT") {
        std::fs::copy(&shot, &copy).expect("copying the screenshot");
    }
}
