//! `reconcile run`: the whole pipeline. Today it reads every source and writes `records.csv` and
//! `rejected.csv`; linking, conflicts and reports join as they are built.

use crate::cli::RunArgs;
use crate::commands::progress;
use crate::config::resolve_sources;
use crate::exit::ExitStatus;
use crate::ingest::load::{load_all, ReadOptions};
use crate::report::atomic::OutputDir;
use crate::report::records::{write_records, write_rejected};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

pub fn run(args: &RunArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let specs = resolve_sources(&args.inputs.inputs, args.inputs.config.as_deref())?;
    let bar = progress::bar(specs.len() as u64, "reading", quiet);
    let sources = load_all(&specs, &ReadOptions::default(), &|_| bar.inc(1));
    bar.finish_and_clear();

    let unreadable: Vec<String> = sources
        .iter()
        .filter_map(|s| s.result.as_ref().err().map(|e| e.to_string()))
        .collect();
    for e in &unreadable {
        eprintln!("error: {e}");
    }
    if !unreadable.is_empty() && !args.skip_unreadable {
        anyhow::bail!(
            "{} input file{} could not be read; fix {} or pass --skip-unreadable to run without {}",
            unreadable.len(),
            if unreadable.len() == 1 { "" } else { "s" },
            if unreadable.len() == 1 { "it" } else { "them" },
            if unreadable.len() == 1 { "it" } else { "them" },
        );
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

    let out = OutputDir::create(&args.out, args.shared_output)?;
    let records = write_records(&out, &sources)?;
    let rejected = write_rejected(&out, &sources)?;

    if !quiet {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED);
        t.set_header(vec!["source", "agency", "data rows", "records", "rejected"]);
        for s in &sources {
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
        println!(
            "{records} records and {rejected} rejected rows written to {}",
            args.out.display()
        );
    }
    Ok(ExitStatus::Success)
}
