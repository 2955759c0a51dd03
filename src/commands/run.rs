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
use crate::pipeline::{link_sources, read, PipelineOptions, RunOutput};
use crate::report::atomic::OutputDir;
use crate::report::brief::{write_brief_with, BriefMethod};
use crate::report::linkage::write_model;
use crate::report::options::{fail_on_status, ReportOptions};
use crate::report::records::write_rejected;
use crate::report::summary::{write_summary, RunInputs};
use crate::report::tables::write_tables;
use crate::report::terminal::print_conflicts;
use crate::report::xlsx::write_workbook;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use std::time::Instant;

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
        println!("note: blocking rule {} made a block of {} records (e.g. key \"{}\"); its pairs were not compared", o.rule, o.size, o.example_key);
    }
    for note in &run.link.model.trained.notes {
        println!("model: {note}");
    }
    println!("results written to {}", out.display());
}

fn print_timings(run: &RunOutput) {
    let t = &run.timings;
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header(vec!["stage", "seconds"]);
    for (stage, d) in [
        ("read + map", t.read),
        ("normalise", t.normalize),
        ("block", t.link.block),
        ("compare", t.link.compare),
        ("score (u sample, EM, weights)", t.link.train),
        ("cluster", t.link.cluster),
    ] {
        table.add_row(vec![stage.to_string(), format!("{:.3}", d.as_secs_f64())]);
    }
    eprintln!("{table}");
}

pub fn run(args: &RunArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let result = run_pipeline(args, quiet)?;
    Ok(fail_on_status(&result.conflicts, args.fail_on))
}

/// Runs everything `run` does and returns what it found, for callers that add reports.
pub fn run_pipeline(args: &RunArgs, quiet: bool) -> anyhow::Result<RunResult> {
    let opts = pipeline_options(&args.linking)?;
    let as_of = reference_date(&args.linking)?;
    let settings = conflict_settings(args.inputs.config.as_deref())?;
    let specs = resolve_sources(&args.inputs.inputs, args.inputs.config.as_deref())?;
    let bar = progress::bar(specs.len() as u64, "reading", quiet);
    let started = Instant::now();
    let sources = read(&specs, &opts, &|_| bar.inc(1));
    let read_time = started.elapsed();
    bar.finish_and_clear();

    let unreadable: Vec<String> = sources
        .iter()
        .filter_map(|s| s.result.as_ref().err().map(|e| e.to_string()))
        .collect();
    for e in &unreadable {
        eprintln!("error: {e}");
    }
    if !unreadable.is_empty() && !args.skip_unreadable {
        let n = unreadable.len();
        let (s, them) = if n == 1 { ("", "it") } else { ("s", "them") };
        anyhow::bail!("{n} input file{s} could not be read; fix {them} or pass --skip-unreadable to run without {them}");
    }
    if !quiet {
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

    let run = link_sources(sources, &opts, read_time)?;
    let out = OutputDir::create(&args.out, args.shared_output)?;
    write_rejected(&out, &run.sources)?;
    write_model(&out, &run)?;
    let inputs = RunInputs {
        cli_inputs: args.inputs.inputs.clone(),
        config: args.inputs.config.clone(),
        linking: &args.linking,
    };
    let conflicts = detect(&run, as_of, &settings);
    write_tables(&out, &run, &conflicts, args.format)?;
    write_summary(&out, &run, &inputs, &conflicts)?;
    let mut report_opts = ReportOptions::new(args.lang, args.redact, as_of);
    report_opts.review_threshold = args.linking.threshold;
    write_workbook(&out, &run, &conflicts, &report_opts)?;
    let method = BriefMethod {
        threshold: args.linking.threshold,
        review_floor: args.linking.review_floor,
    };
    write_brief_with(&out, &run, &conflicts, &report_opts, &method)?;

    if !quiet {
        print_summary(&run, &args.out);
        print_conflicts(&conflicts, &report_opts);
        println!("{}", conflict_count_line(&conflicts, as_of));
    }
    if args.timings {
        print_timings(&run);
    }
    Ok(RunResult {
        run,
        as_of,
        conflicts,
    })
}
