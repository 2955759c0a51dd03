//! `reconcile run`: the whole pipeline — read, normalise, link, cluster — and its outputs:
//! `records.csv`, `rejected.csv`, `pairs.csv`, `persons.csv`, `model.json`, `summary.json`, and
//! the conflicts between agencies as of the reference date (`--as-of`): `conflicts.csv`.

use crate::cli::{LinkArgs, RunArgs};
use crate::commands::progress;
use crate::config::{resolve_sources, ConfigFile};
use crate::conflicts::{detect, Conflict, ConflictSettings, Severity};
use crate::exit::ExitStatus;
use crate::ingest::load::ReadOptions;
use crate::link::model::Model;
use crate::link::pipeline::LinkOptions;
use crate::normalize::stage::NormalizeContext;
use crate::pipeline::{link_observed, read, Observer, PipelineOptions, RunOutput};
use crate::report::atomic::OutputDir;
use crate::report::brief::{write_brief_with, BriefMethod};
use crate::report::conflicts_csv::write_conflicts;
use crate::report::linkage::{write_model, write_pairs, write_persons};
use crate::report::options::{fail_on_status, ReportOptions};
use crate::report::records::{write_records, write_rejected};
use crate::report::summary::{write_summary, RunInputs};
use crate::report::tables::{write_tables, OutputFormat};
use crate::report::terminal::print_conflicts;
use crate::report::xlsx::{TableSheet, WorkbookJobs};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Resolves the linking flags into pipeline options.
pub fn pipeline_options(args: &LinkArgs) -> anyhow::Result<PipelineOptions> {
    let mut opts = PipelineOptions::default();
    if let Some(as_of) = &args.as_of {
        let d = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").map_err(|_| {
            anyhow::anyhow!("--as-of {as_of:?} is not a date in the form YYYY-MM-DD")
        })?;
        let year = chrono::Datelike::year(&d);
        opts.read = ReadOptions { pivot_year: year };
        opts.normalize = NormalizeContext {
            pivot_year: year,
            ..NormalizeContext::default()
        };
    }
    if !(0.0..=1.0).contains(&args.threshold) || !(0.0..=1.0).contains(&args.review_floor) {
        anyhow::bail!("--threshold and --review-floor are probabilities between 0 and 1");
    }
    opts.link = LinkOptions {
        threshold: args.threshold,
        review_floor: args.review_floor,
        seed: args.seed,
        ..LinkOptions::default()
    };
    if let Some(path) = &args.model {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the model {}: {e}", path.display()))?;
        opts.link.model = Some(
            Model::from_json(&text)
                .map_err(|e| anyhow::anyhow!("{} is not a usable model: {e}", path.display()))?,
        );
    }
    Ok(opts)
}

/// The reference date ("per tanggal") permits are checked against: `--as-of`, else today.
pub fn reference_date(args: &LinkArgs) -> anyhow::Result<chrono::NaiveDate> {
    match &args.as_of {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("--as-of {text:?} is not a date in the form YYYY-MM-DD")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The conflict settings of the config given with `--config`, or the defaults.
pub fn conflict_settings(config: Option<&std::path::Path>) -> anyhow::Result<ConflictSettings> {
    match config {
        Some(path) => ConfigFile::load_conflict_settings(path),
        None => Ok(ConflictSettings::default()),
    }
}

/// Everything `run` produced, for the reports written after detection.
#[derive(Debug)]
pub struct RunResult {
    pub run: RunOutput,
    /// The reference date the permits were checked against.
    pub as_of: chrono::NaiveDate,
    /// Sorted by severity, type, person and field.
    pub conflicts: Vec<Conflict>,
}

/// One line: "12 conflicts as of 2025-06-01 (3 high, 7 medium, 2 low)".
pub fn conflict_count_line(conflicts: &[Conflict], as_of: chrono::NaiveDate) -> String {
    let count = |s: Severity| conflicts.iter().filter(|c| c.severity == s).count();
    format!(
        "{} conflict{} as of {} ({} high, {} medium, {} low); see conflicts.csv",
        conflicts.len(),
        if conflicts.len() == 1 { "" } else { "s" },
        as_of.format("%Y-%m-%d"),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low)
    )
}

fn print_summary(run: &RunOutput, out: &std::path::Path) {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec!["source", "agency", "data rows", "records", "rejected"]);
    for s in &run.sources {
        if s.result.is_err() {
            t.add_row(vec![
                s.spec.file.name.clone(),
                s.agency.code().into(),
                "unreadable".into(),
                "0".into(),
                "0".into(),
            ]);
            continue;
        }
        t.add_row(vec![
            s.spec.file.name.clone(),
            s.agency.code().to_string(),
            s.data_rows().to_string(),
            s.record_count().to_string(),
            s.rejected_count().to_string(),
        ]);
    }
    println!("{t}");
    let linked = run.persons.iter().filter(|p| p.records.len() > 1).count();
    let flagged = run.persons.iter().filter(|p| !p.flags.is_empty()).count();
    println!(
        "{} records → {} persons ({} seen in more than one record, {} flagged for review); {} candidate pairs, {} pairs for review",
        run.records.len(),
        run.persons.len(),
        linked,
        flagged,
        run.link.candidates.pairs.len(),
        run.link.pairs.len()
    );
    for o in &run.link.candidates.oversized {
        // The block's key is built from names, dates or numbers: personal data, kept out of the
        // log (summary.json records it for whoever needs to tune blocking).
        println!(
            "note: blocking rule {} made a block of {} records; its pairs were not compared",
            o.rule, o.size
        );
    }
    for note in &run.link.model.trained.notes {
        println!("model: {note}");
    }
    println!("results written to {}", out.display());
}

/// The stages after linking, for `--timings`.
#[derive(Debug, Default)]
struct ReportTimings {
    conflicts: Duration,
    /// Each output file (or pair of files), in the order of [`OUTPUTS`], with its own time.
    outputs: Vec<(&'static str, Duration)>,
    /// All outputs, written side by side: wall time.
    write: Duration,
}

/// `--timings`: one row per stage, then each output, then the whole run. Outputs are written in
/// parallel, so their own times add up to more than the "write" row.
fn print_timings(run: &RunOutput, after: &ReportTimings, total: Duration) {
    let t = &run.timings;
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header(vec!["stage", "seconds"]);
    let mut rows: Vec<(String, Duration)> = [
        ("read + map", t.read),
        ("normalise", t.normalize),
        ("block", t.link.block),
        ("compare", t.link.compare),
        ("score (u sample, EM, weights)", t.link.train),
        ("cluster", t.link.cluster),
        ("persons", t.persons),
        ("conflicts", after.conflicts),
        ("write (all outputs, in parallel)", after.write),
    ]
    .into_iter()
    .map(|(s, d)| (s.to_string(), d))
    .collect();
    rows.extend(
        after
            .outputs
            .iter()
            .map(|(name, d)| (format!("  {name}"), *d)),
    );
    rows.push(("total".to_string(), total));
    for (stage, d) in rows {
        table.add_row(vec![stage, format!("{:.3}", d.as_secs_f64())]);
    }
    eprintln!("{table}");
}

/// Every output of `run`, in the order `--timings` lists them.
const OUTPUTS: [&str; 9] = [
    "report.xlsx",
    "pairs.csv",
    "records.csv",
    "conflicts.csv",
    "persons.csv",
    "brief.html + brief.md",
    "rejected.csv",
    "summary.json",
    "model.json",
];

/// With `--format parquet` the four tables are written together by one writer (job 1), so the
/// jobs that would write them as CSV have nothing to do.
const PARQUET_OUTPUTS: [&str; 9] = [
    "report.xlsx",
    "records, pairs, persons, conflicts (.parquet)",
    "",
    "",
    "",
    "brief.html + brief.md",
    "rejected.csv",
    "summary.json",
    "model.json",
];

/// The other outputs, largest first (indices into [`OUTPUTS`]; 0, the workbook, is its sheets).
const LARGEST_FIRST: [usize; 8] = [1, 2, 3, 5, 4, 7, 6, 8];

/// Writes every output, side by side on the rayon pool (they only read the run). The jobs start
/// in a fixed order, longest chain first: the workbook's Records sheet, which the save of the
/// workbook must wait for, then the other sheets (so the save is not left waiting for a short
/// sheet behind a long CSV file), then the other files, largest first, which fill in around the
/// save. Each file is still written atomically and its bytes do not depend on the order or the
/// threads. Returns each output's time, in [`OUTPUTS`] order.
fn write_outputs(
    out: &OutputDir,
    result: &RunResult,
    inputs: &RunInputs,
    report_opts: &ReportOptions,
    method: &BriefMethod,
    progress: &progress::RunProgress,
    format: OutputFormat,
) -> anyhow::Result<Vec<(&'static str, Duration)>> {
    let (run, conflicts) = (&result.run, result.conflicts.as_slice());
    let names = match format {
        OutputFormat::Csv => OUTPUTS,
        OutputFormat::Parquet => PARQUET_OUTPUTS,
    };
    let done: Mutex<Vec<(usize, Duration, anyhow::Result<()>)>> = Mutex::new(Vec::new());
    let finished = |i: usize, took: Duration, written: anyhow::Result<()>| {
        progress.advance(1);
        progress.note(format!(
            "writing (finished {})",
            names.get(i).copied().unwrap_or("?")
        ));
        if let Ok(mut done) = done.lock() {
            done.push((i, took, written));
        }
    };
    progress.stage(
        "writing",
        Some(names.iter().filter(|n| !n.is_empty()).count() as u64),
    );
    let started = Instant::now();
    let book = match WorkbookJobs::new(run, conflicts, report_opts, Some(&out.dir)) {
        Ok(book) => Some(book),
        Err(e) => {
            finished(0, started.elapsed(), Err(e));
            None
        }
    };
    rayon::scope_fifo(|scope| {
        let (book, finished) = (book.as_ref(), &finished);
        for sheet in TableSheet::LONGEST_FIRST {
            let Some(book) = book else { break };
            scope.spawn_fifo(move |_| {
                // The last sheet to finish saves the workbook (or reports the first failure).
                if let Some(ready) = book.fill(sheet) {
                    finished(0, started.elapsed(), ready.and_then(|()| book.save(out)));
                }
            });
        }
        for i in LARGEST_FIRST {
            if names.get(i).is_none_or(|n| n.is_empty()) {
                continue;
            }
            scope.spawn_fifo(move |_| {
                let started = Instant::now();
                let written = match i {
                    1 if format == OutputFormat::Parquet => {
                        write_tables(out, run, conflicts, format)
                    }
                    1 => write_pairs(out, run).map(drop),
                    2 => write_records(out, run).map(drop),
                    3 => write_conflicts(out, run, conflicts).map(drop),
                    4 => write_persons(out, run).map(drop),
                    5 => write_brief_with(out, run, conflicts, report_opts, method),
                    6 => write_rejected(out, &run.sources).map(drop),
                    7 => write_summary(out, run, inputs, conflicts),
                    _ => write_model(out, run),
                };
                finished(i, started.elapsed(), written);
            });
        }
    });
    let mut done = done
        .into_inner()
        .map_err(|_| anyhow::anyhow!("an output writer failed unexpectedly"))?;
    done.sort_by_key(|(i, _, _)| *i);
    let mut times = Vec::with_capacity(done.len());
    for (i, took, written) in done {
        written?;
        times.push((names.get(i).copied().unwrap_or("?"), took));
    }
    Ok(times)
}

pub fn run(args: &RunArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let result = run_pipeline(args, quiet)?;
    let status = fail_on_status(&result.conflicts, args.fail_on);
    // The process ends right after this: freeing a million records' strings one by one took
    // seconds at the end of a big run, for memory the operating system takes back at once.
    std::mem::forget(result);
    Ok(status)
}

/// Runs everything `run` does and returns what it found, for callers that add reports.
pub fn run_pipeline(args: &RunArgs, quiet: bool) -> anyhow::Result<RunResult> {
    let opts = pipeline_options(&args.linking)?;
    let as_of = reference_date(&args.linking)?;
    let settings = conflict_settings(args.inputs.config.as_deref())?;
    let specs = resolve_sources(&args.inputs.inputs, args.inputs.config.as_deref())?;
    let progress = progress::RunProgress::new(quiet);
    progress.stage("reading", Some(specs.len() as u64));
    let started = Instant::now();
    let sources = read(&specs, &opts, &|s| {
        progress.advance(1);
        progress.note(format!("reading (finished {})", s.spec.file.name));
    });
    let read_time = started.elapsed();

    let unreadable: Vec<String> = sources
        .iter()
        .filter_map(|s| s.result.as_ref().err().map(|e| e.to_string()))
        .collect();
    if !unreadable.is_empty() {
        progress.finish();
    }
    for e in &unreadable {
        eprintln!("error: {e}");
    }
    if !unreadable.is_empty() && !args.skip_unreadable {
        let n = unreadable.len();
        let (s, them) = if n == 1 { ("", "it") } else { ("s", "them") };
        anyhow::bail!("{n} input file{s} could not be read; fix {them} or pass --skip-unreadable to run without {them}");
    }
    if !quiet {
        progress.finish();
        for s in &sources {
            for sheet in s.sheets() {
                let place = if sheet.sheet.is_empty() {
                    s.spec.file.name.clone()
                } else {
                    format!("{}, sheet \"{}\"", s.spec.file.name, sheet.sheet)
                };
                if let Some(p) = &sheet.problem {
                    if p != "the sheet is empty" {
                        eprintln!("warning: {place}: no data read: {p}");
                    }
                }
                for w in sheet.header.iter().flat_map(|h| h.warnings.iter()) {
                    eprintln!("warning: {place}: {w}");
                }
            }
        }
    }

    let run = link_observed(sources, &opts, read_time, &progress)?;
    let out = OutputDir::create(&args.out, args.shared_output)?;
    let inputs = RunInputs {
        cli_inputs: args.inputs.inputs.clone(),
        config: args.inputs.config.clone(),
        linking: &args.linking,
    };
    progress.stage("finding conflicts", None);
    let t = Instant::now();
    let conflicts = detect(&run, as_of, &settings);
    let mut after = ReportTimings {
        conflicts: t.elapsed(),
        ..ReportTimings::default()
    };
    let mut report_opts = ReportOptions::new(args.lang, args.redact, as_of);
    report_opts.review_threshold = args.linking.threshold;
    let method = BriefMethod {
        threshold: args.linking.threshold,
        review_floor: args.linking.review_floor,
    };
    let result = RunResult {
        run,
        as_of,
        conflicts,
    };
    let t = Instant::now();
    let written = write_outputs(
        &out,
        &result,
        &inputs,
        &report_opts,
        &method,
        &progress,
        args.format,
    );
    progress.finish();
    after.outputs = written?;
    after.write = t.elapsed();

    if !quiet {
        print_summary(&result.run, &args.out);
        print_conflicts(&result.conflicts, &report_opts);
        println!("{}", conflict_count_line(&result.conflicts, as_of));
    }
    if args.timings {
        print_timings(&result.run, &after, started.elapsed());
    }
    Ok(result)
}
