//! `reconcile inspect`: what was read in each file and sheet, and why.
//!
//! For each source: the agency and how it was decided; for each sheet: the header row(s), each
//! column's mapping and its reason, row counts (data, records, rejected, skipped by reason), and per
//! canonical field the fill rate and example values. Tables on a terminal, `--json` for scripts.

use crate::cli::InspectArgs;
use crate::commands::progress;
use crate::config::resolve_sources;
use crate::exit::ExitStatus;
use crate::ingest::header::column_letter;
use crate::ingest::load::{load_all, ReadOptions, SheetReport, SourceReport};
use crate::record::{Field, Record};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, ContentArrangement, Table};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Debug, Serialize)]
pub struct InspectReport {
    pub sources: Vec<SourceInspect>,
}

#[derive(Debug, Serialize)]
pub struct SourceInspect {
    pub source: String,
    pub path: String,
    pub agency: String,
    pub agency_decided_by: String,
    pub error: Option<String>,
    pub sheets: Vec<SheetInspect>,
}

#[derive(Debug, Serialize)]
pub struct SheetInspect {
    pub sheet: String,
    pub notes: Vec<String>,
    pub rows_in_sheet: usize,
    pub header_rows: Vec<u32>,
    pub problem: Option<String>,
    pub warnings: Vec<String>,
    pub data_rows: usize,
    pub records: usize,
    pub rejected: usize,
    pub skipped: BTreeMap<String, usize>,
    pub rejected_rows: Vec<RejectedInspect>,
    pub columns: Vec<ColumnInspect>,
    pub fields: Vec<FieldInspect>,
}

#[derive(Debug, Serialize)]
pub struct RejectedInspect {
    pub row: u32,
    pub reason: String,
    pub content: String,
}

#[derive(Debug, Serialize)]
pub struct ColumnInspect {
    pub column: String,
    pub header: String,
    pub field: Option<String>,
    pub mapping: String,
}

#[derive(Debug, Serialize)]
pub struct FieldInspect {
    pub field: String,
    pub filled: usize,
    pub fill_rate: f64,
    pub examples: Vec<String>,
}

fn shorten(s: &str, max: usize) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn field_stats(records: &[Record], examples: usize) -> Vec<FieldInspect> {
    let mut by_field: BTreeMap<Field, (usize, Vec<String>)> = BTreeMap::new();
    for r in records {
        for (f, v) in &r.fields {
            let entry = by_field.entry(*f).or_default();
            entry.0 += 1;
            let text = v.to_text();
            if entry.1.len() < examples && !entry.1.contains(&text) {
                entry.1.push(text);
            }
        }
    }
    let n = records.len().max(1) as f64;
    by_field
        .into_iter()
        .map(|(f, (filled, ex))| FieldInspect {
            field: f.key().to_string(),
            filled,
            fill_rate: (filled as f64 / n * 1000.0).round() / 1000.0,
            examples: ex,
        })
        .collect()
}

fn sheet_inspect(s: &SheetReport, examples: usize) -> SheetInspect {
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for k in &s.rows.skipped {
        *skipped.entry(k.reason.describe().to_string()).or_default() += 1;
    }
    SheetInspect {
        sheet: s.sheet.clone(),
        notes: s.notes.clone(),
        rows_in_sheet: s.total_rows,
        header_rows: s
            .header
            .as_ref()
            .map(|h| h.rows.clone())
            .unwrap_or_default(),
        problem: s.problem.clone(),
        warnings: s
            .header
            .as_ref()
            .map(|h| h.warnings.clone())
            .unwrap_or_default(),
        data_rows: s.rows.data_rows,
        records: s.rows.records.len(),
        rejected: s.rows.rejected.len(),
        skipped,
        rejected_rows: s
            .rows
            .rejected
            .iter()
            .map(|r| RejectedInspect {
                row: r.provenance.row,
                reason: r.reason.clone(),
                content: r.text.clone(),
            })
            .collect(),
        columns: s
            .header
            .as_ref()
            .map(|h| {
                h.columns
                    .iter()
                    .map(|c| ColumnInspect {
                        column: column_letter(c.index),
                        header: c.header.clone(),
                        field: c.field.map(|f| f.key().to_string()),
                        mapping: c.reason.describe(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        fields: field_stats(&s.rows.records, examples),
    }
}

/// Builds the report that both the tables and the JSON show.
pub fn build_report(sources: &[SourceReport], examples: usize) -> InspectReport {
    InspectReport {
        sources: sources
            .iter()
            .map(|s| SourceInspect {
                source: s.spec.file.name.clone(),
                path: s.spec.file.path.display().to_string(),
                agency: s.agency.code().to_string(),
                agency_decided_by: s.agency_basis.describe(),
                error: s.result.as_ref().err().map(|e| e.to_string()),
                sheets: s
                    .sheets()
                    .iter()
                    .map(|sh| sheet_inspect(sh, examples))
                    .collect(),
            })
            .collect(),
    }
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        t.set_width(120);
    }
    t
}

/// Renders the report as text tables.
pub fn render(report: &InspectReport, w: &mut dyn Write) -> std::io::Result<()> {
    for s in &report.sources {
        writeln!(
            w,
            "{} — agency: {} ({})",
            s.source, s.agency, s.agency_decided_by
        )?;
        if let Some(e) = &s.error {
            writeln!(w, "  cannot be read: {e}")?;
            writeln!(w)?;
            continue;
        }
        for sh in &s.sheets {
            let name = if sh.sheet.is_empty() {
                String::new()
            } else {
                format!("sheet \"{}\": ", sh.sheet)
            };
            if let Some(p) = &sh.problem {
                writeln!(w, "  {name}no data read: {p}")?;
                continue;
            }
            let header = match sh.header_rows.as_slice() {
                [one] => format!("header row {one}"),
                [first, .., last] => format!("header rows {first}–{last}"),
                [] => "no header".into(),
            };
            let skipped: Vec<String> = sh.skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
            writeln!(
                w,
                "  {name}{header}; {} data rows → {} records, {} rejected{}{}",
                sh.data_rows,
                sh.records,
                sh.rejected,
                if skipped.is_empty() {
                    String::new()
                } else {
                    format!("; skipped: {}", skipped.join(", "))
                },
                if sh.notes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", sh.notes.join("; "))
                },
            )?;
            for warning in &sh.warnings {
                writeln!(w, "  warning: {warning}")?;
            }
            let mut t = table();
            t.set_header(vec!["col", "header", "field", "mapped by"]);
            for c in &sh.columns {
                t.add_row(vec![
                    Cell::new(&c.column),
                    Cell::new(shorten(&c.header, 40)),
                    Cell::new(c.field.as_deref().unwrap_or("—")),
                    Cell::new(&c.mapping),
                ]);
            }
            writeln!(w, "{t}")?;
            let mut f = table();
            f.set_header(vec!["field", "filled", "examples"]);
            for field in &sh.fields {
                f.add_row(vec![
                    Cell::new(&field.field),
                    Cell::new(format!(
                        "{} ({:.0}%)",
                        field.filled,
                        field.fill_rate * 100.0
                    )),
                    Cell::new(
                        field
                            .examples
                            .iter()
                            .map(|e| shorten(e, 28))
                            .collect::<Vec<_>>()
                            .join(" · "),
                    ),
                ]);
            }
            writeln!(w, "{f}")?;
            for r in sh.rejected_rows.iter().take(10) {
                writeln!(
                    w,
                    "  rejected row {}: {} [{}]",
                    r.row,
                    r.reason,
                    shorten(&r.content, 60)
                )?;
            }
            if sh.rejected_rows.len() > 10 {
                writeln!(
                    w,
                    "  … and {} more rejected rows (see rejected.csv after `run`)",
                    sh.rejected_rows.len() - 10
                )?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

pub fn inspect(args: &InspectArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let specs = resolve_sources(&args.inputs.inputs, args.inputs.config.as_deref())?;
    let bar = progress::bar(specs.len() as u64, "reading", quiet || args.json);
    let sources = load_all(&specs, &ReadOptions::default(), &|_| bar.inc(1));
    bar.finish_and_clear();
    let report = build_report(&sources, args.examples);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        render(&report, &mut out)?;
    }
    // Inspecting is looking: an unreadable file is reported above, and the exit code says it too.
    Ok(if sources.iter().any(|s| s.result.is_err()) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
