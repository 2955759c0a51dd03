//! `reconcile inspect`: what was read in each file and sheet, and why.
//!
//! For each source: the agency and how it was decided; for each sheet: the header row(s), each
//! column's mapping and its reason, row counts (data, records, rejected, skipped by reason), and per
//! canonical field the fill rate and example values. Tables on a terminal, `--json` for scripts.
//!
//! Every record is also run through the normalisation stage ([`normalize_record`]), and per field
//! the sheet reports how many values were present, normalised cleanly, flagged (by [`IssueKind`],
//! with raw examples) or gave nothing usable ([`FieldNormalization`]). `--show-normalized` adds,
//! for the first records of each sheet, raw → normalised per field ([`SampleRecord`], rendered by
//! `normalize::show`), so an analyst can check what the tool understood before running it.

use crate::cli::InspectArgs;
use crate::commands::progress;
use crate::config::resolve_sources;
use crate::exit::ExitStatus;
use crate::ingest::header::column_letter;
use crate::ingest::load::{load_all, ReadOptions, SheetReport, SourceReport};
use crate::normalize::address::Gazetteer;
use crate::normalize::date::is_missing_token;
use crate::normalize::show::{
    describe_address_text, describe_field, issue_code, NORMALIZED_FIELDS,
};
use crate::normalize::stage::{normalize_record, IssueKind, NormalizeContext};
use crate::record::{Field, Record, Value};
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
    /// What the normalisation stage made of the records.
    pub normalization: NormalizationInspect,
    /// Raw → normalised for the first records (only with `--show-normalized`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub normalized_sample: Vec<SampleRecord>,
}

/// Normalisation results of one sheet.
#[derive(Debug, Default, Serialize)]
pub struct NormalizationInspect {
    pub records: usize,
    /// Records with at least one flagged value.
    pub records_flagged: usize,
    /// One entry per normalised field that holds at least one cell, in field order.
    pub fields: Vec<FieldNormalization>,
}

/// Per field: `values` = `clean` + `flagged` + `not_normalized`; `missing` cells (`-`, `NIHIL`,
/// …) are counted apart, since they are not values.
#[derive(Debug, Default, Serialize)]
pub struct FieldNormalization {
    pub field: String,
    pub values: usize,
    pub missing: usize,
    pub clean: usize,
    pub flagged: usize,
    /// Read without a flag but nothing usable came out (a validity text without a date, an
    /// address cell naming no part, a permit number of punctuation only).
    pub not_normalized: usize,
    pub not_normalized_examples: Vec<String>,
    /// Flags by kind, most frequent first.
    pub issues: Vec<IssueCount>,
}

#[derive(Debug, Serialize)]
pub struct IssueCount {
    pub kind: IssueKind,
    pub why: String,
    pub count: usize,
    /// Raw values, distinct, at most `--examples`.
    pub examples: Vec<String>,
}

/// One record shown by `--show-normalized`.
#[derive(Debug, Serialize)]
pub struct SampleRecord {
    pub row: u32,
    pub fields: Vec<SampleField>,
}

#[derive(Debug, Serialize)]
pub struct SampleField {
    pub field: String,
    pub raw: String,
    /// `None` when nothing could be derived.
    pub normalized: Option<String>,
    pub issues: Vec<IssueKind>,
}

/// What `build_report` needs besides the sources.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Example values per column and per kind of flag.
    pub examples: usize,
    /// Records per sheet to show raw → normalised; 0 for none.
    pub sample: usize,
    pub normalize: NormalizeContext,
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

/// Running counts of one field while the sheet's records are normalised.
#[derive(Default)]
struct FieldAcc {
    stats: FieldNormalization,
    by_kind: BTreeMap<IssueKind, (usize, Vec<String>)>,
}

fn push_example(list: &mut Vec<String>, raw: &str, max: usize) {
    if list.len() < max && !list.iter().any(|e| e == raw) {
        list.push(raw.to_string());
    }
}

/// A cell that only says "no value" (`-`, `NIHIL`, blank): the stage ignores it too.
fn is_missing(v: &Value) -> bool {
    matches!(v, Value::Text(t) if is_missing_token(t))
}

/// Normalises every record of a sheet and counts, per field, clean / flagged / not normalised
/// values; the first `sample` records are also kept as raw → normalised lines.
fn normalization_stats(
    records: &[Record],
    opts: &ReportOptions,
) -> (NormalizationInspect, Vec<SampleRecord>) {
    let mut accs: BTreeMap<Field, FieldAcc> = BTreeMap::new();
    let mut records_flagged = 0;
    let mut sample = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let n = normalize_record(record, &opts.normalize);
        if !n.issues.is_empty() {
            records_flagged += 1;
        }
        let mut shown = Vec::new();
        for &field in NORMALIZED_FIELDS {
            let Some(value) = record.get(field) else {
                continue;
            };
            let acc = accs.entry(field).or_default();
            if is_missing(value) {
                acc.stats.missing += 1;
                continue;
            }
            acc.stats.values += 1;
            let raw = value.to_text();
            let mut kinds: Vec<IssueKind> = n
                .issues
                .iter()
                .filter(|issue| issue.field == field)
                .map(|issue| issue.kind)
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            // The free-text address as the cell itself reads, not merged with the separate
            // address columns: that is what this value gave.
            let normalized = match (field, value) {
                (Field::Address, Value::Text(t)) => {
                    describe_address_text(t, &opts.normalize.gazetteer)
                }
                _ => describe_field(field, &n),
            };
            if !kinds.is_empty() {
                acc.stats.flagged += 1;
                for &kind in &kinds {
                    let entry = acc.by_kind.entry(kind).or_default();
                    entry.0 += 1;
                    push_example(&mut entry.1, &raw, opts.examples);
                }
            } else if normalized.is_some() {
                acc.stats.clean += 1;
            } else {
                acc.stats.not_normalized += 1;
                push_example(&mut acc.stats.not_normalized_examples, &raw, opts.examples);
            }
            if i < opts.sample {
                shown.push(SampleField {
                    field: field.key().to_string(),
                    raw,
                    normalized,
                    issues: kinds,
                });
            }
        }
        if i < opts.sample {
            sample.push(SampleRecord {
                row: record.provenance.row,
                fields: shown,
            });
        }
    }
    let fields = accs
        .into_iter()
        .map(|(field, acc)| {
            let mut stats = acc.stats;
            stats.field = field.key().to_string();
            stats.issues = acc
                .by_kind
                .into_iter()
                .map(|(kind, (count, examples))| IssueCount {
                    kind,
                    why: kind.describe().to_string(),
                    count,
                    examples,
                })
                .collect();
            // Most frequent first; the sort is stable, so ties keep the IssueKind order.
            stats.issues.sort_by_key(|i| std::cmp::Reverse(i.count));
            stats
        })
        .collect();
    (
        NormalizationInspect {
            records: records.len(),
            records_flagged,
            fields,
        },
        sample,
    )
}

fn sheet_inspect(s: &SheetReport, opts: &ReportOptions) -> SheetInspect {
    let examples = opts.examples;
    let (normalization, normalized_sample) = normalization_stats(&s.rows.records, opts);
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
        records: s.rows.record_count(),
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
        normalization,
        normalized_sample,
    }
}

/// Builds the report that both the tables and the JSON show.
pub fn build_report(sources: &[SourceReport], opts: &ReportOptions) -> InspectReport {
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
                    .map(|sh| sheet_inspect(sh, opts))
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

/// The per-field normalisation table: field | values | clean | flagged (why) | examples.
fn render_normalization(n: &NormalizationInspect, w: &mut dyn Write) -> std::io::Result<()> {
    if n.fields.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "  normalisation: {} records, {} with flagged values",
        n.records, n.records_flagged
    )?;
    let mut t = table();
    t.set_header(vec![
        "field",
        "values",
        "clean",
        "flagged (why)",
        "examples of flagged",
    ]);
    for f in &n.fields {
        let mut why: Vec<String> = f
            .issues
            .iter()
            .map(|i| format!("{} {}", i.count, issue_code(i.kind)))
            .collect();
        if f.not_normalized > 0 {
            why.push(format!("{} not normalised", f.not_normalized));
        }
        // The same raw value may carry two flags: list it once.
        let mut examples: Vec<String> = Vec::new();
        let raws = f
            .issues
            .iter()
            .flat_map(|i| i.examples.iter())
            .chain(f.not_normalized_examples.iter());
        for raw in raws {
            let e = format!("\"{}\"", shorten(raw, 28));
            if !examples.contains(&e) {
                examples.push(e);
            }
        }
        let values = if f.missing > 0 {
            format!("{} (+{} missing)", f.values, f.missing)
        } else {
            f.values.to_string()
        };
        let flagged = if why.is_empty() {
            "0".to_string()
        } else {
            format!("{}: {}", f.flagged, why.join(", "))
        };
        t.add_row(vec![
            Cell::new(&f.field),
            Cell::new(values),
            Cell::new(f.clean),
            Cell::new(flagged),
            Cell::new(examples.join(" · ")),
        ]);
    }
    writeln!(w, "{t}")
}

/// `--show-normalized`: raw → normalised, one line per field, one block per record.
fn render_sample(sample: &[SampleRecord], w: &mut dyn Write) -> std::io::Result<()> {
    for r in sample {
        writeln!(w, "  row {}:", r.row)?;
        for f in &r.fields {
            let normalized = f.normalized.as_deref().unwrap_or("(nothing usable)");
            write!(
                w,
                "    {}: \"{}\" → {}",
                f.field,
                shorten(&f.raw, 60),
                normalized
            )?;
            if !f.issues.is_empty() {
                let codes: Vec<&str> = f.issues.iter().map(|k| issue_code(*k)).collect();
                write!(w, "  [flagged: {}]", codes.join(", "))?;
            }
            writeln!(w)?;
        }
    }
    Ok(())
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
            render_normalization(&sh.normalization, w)?;
            render_sample(&sh.normalized_sample, w)?;
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
    let read = ReadOptions::default();
    let sources = load_all(&specs, &read, &|_| bar.inc(1));
    bar.finish_and_clear();
    let opts = ReportOptions {
        examples: args.examples,
        sample: if args.show_normalized { args.sample } else { 0 },
        // The same pivot year as reading, so a two-digit year means the same in both stages.
        normalize: NormalizeContext {
            pivot_year: read.pivot_year,
            gazetteer: Gazetteer::lombok_timur(),
        },
    };
    let report = build_report(&sources, &opts);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Agency, Provenance};

    fn record(row: u32, fields: &[(Field, &str)]) -> Record {
        let mut r = Record {
            provenance: Provenance {
                source: "x.csv".into(),
                sheet: String::new(),
                row,
            },
            agency: Agency::Other,
            record_id: String::new(),
            fields: Vec::new(),
            extra: Vec::new(),
        };
        for (f, v) in fields {
            r.set(*f, Value::Text((*v).to_string()));
        }
        r
    }

    fn opts(examples: usize, sample: usize) -> ReportOptions {
        ReportOptions {
            examples,
            sample,
            normalize: NormalizeContext {
                pivot_year: 2025,
                gazetteer: Gazetteer::lombok_timur(),
            },
        }
    }

    #[test]
    fn counts_examples_and_sample() {
        let records = [
            record(
                2,
                &[
                    (Field::Name, "A B"),
                    (Field::Dob, "31/02/1985"),
                    (Field::Sex, "L"),
                ],
            ),
            record(
                3,
                &[
                    (Field::Name, "C D"),
                    (Field::Dob, "31/02/1985"),
                    (Field::Sex, "X"),
                ],
            ),
            record(
                4,
                &[
                    (Field::Name, "E F"),
                    (Field::Dob, "kemarin"),
                    (Field::Sex, "-"),
                ],
            ),
            record(5, &[(Field::Name, "G H"), (Field::Dob, "30/02/1990")]),
            record(
                6,
                &[
                    (Field::Name, "I J"),
                    (Field::PermitValidity, "seumur hidup"),
                ],
            ),
        ];
        let (n, sample) = normalization_stats(&records, &opts(1, 2));
        assert_eq!((n.records, n.records_flagged), (5, 4));
        let field = |key: &str| {
            n.fields
                .iter()
                .find(|f| f.field == key)
                .unwrap_or_else(|| panic!("{key}"))
        };
        // (field, values, missing, clean, flagged, not normalised)
        let cases = [
            ("name", 5, 0, 5, 0, 0),
            ("dob", 4, 0, 0, 4, 0),
            ("sex", 2, 1, 1, 1, 0),
            ("permit_validity", 1, 0, 0, 0, 1),
        ];
        for (key, values, missing, clean, flagged, not_normalized) in cases {
            let f = field(key);
            assert_eq!(
                (f.values, f.missing, f.clean, f.flagged, f.not_normalized),
                (values, missing, clean, flagged, not_normalized),
                "{key}"
            );
        }
        let dob = field("dob");
        let kinds: Vec<(IssueKind, usize, Vec<String>)> = dob
            .issues
            .iter()
            .map(|i| (i.kind, i.count, i.examples.clone()))
            .collect();
        // Most frequent first; at most one example each (`--examples 1`), the first seen.
        assert_eq!(
            kinds,
            vec![
                (IssueKind::ImpossibleDate, 3, vec!["31/02/1985".to_string()]),
                (IssueKind::UnreadableDate, 1, vec!["kemarin".to_string()]),
            ]
        );
        assert_eq!(
            field("permit_validity").not_normalized_examples,
            ["seumur hidup"]
        );
        // The first two records only, each with its fields in order.
        assert_eq!(sample.len(), 2);
        let rows: Vec<u32> = sample.iter().map(|r| r.row).collect();
        assert_eq!(rows, [2, 3]);
        let second: Vec<(&str, Option<&str>, usize)> = sample
            .get(1)
            .map(|r| {
                r.fields
                    .iter()
                    .map(|f| (f.field.as_str(), f.normalized.as_deref(), f.issues.len()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            second,
            [
                ("name", Some("tokens C D"), 0),
                ("dob", None, 1),
                ("sex", None, 1)
            ]
        );
    }

    #[test]
    fn no_sample_without_the_flag_and_empty_sheets() {
        let records = [record(2, &[(Field::Name, "A B")])];
        let (_, sample) = normalization_stats(&records, &opts(3, 0));
        assert!(sample.is_empty());
        let (n, sample) = normalization_stats(&[], &opts(3, 5));
        assert_eq!((n.records, n.fields.len(), sample.len()), (0, 0, 0));
    }
}
