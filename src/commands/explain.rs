//! `reconcile explain --out DIR SOURCE:SHEET:ROW SOURCE:SHEET:ROW`: how the two rows' match weight
//! was built — the prior, each comparison's level, m, u and weight, the term-frequency adjustment,
//! the total and the probability. The run's inputs are read again (from `summary.json`) and scored
//! with the run's `model.json`, so any two rows can be explained, compared by the run or not.

use crate::cli::ExplainArgs;
use crate::config::resolve_sources;
use crate::exit::ExitStatus;
use crate::ingest::load::ReadOptions;
use crate::link::model::{Explanation, Model};
use crate::link::pipeline::{score_pair, NameFrequencies};
use crate::normalize::stage::{NormalizeContext, NormalizedRecord};
use crate::pipeline::{collect_records, normalize_all, read, PipelineOptions};
use crate::record::{Field, Record};
use crate::report::summary::read_summary;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// A row address `SOURCE:SHEET:ROW` (`SOURCE::ROW` or `SOURCE:ROW` for CSV). Sheet names cannot
/// hold ':' in Excel, so splitting from the right is safe even if a file name holds one.
pub fn parse_address(text: &str) -> anyhow::Result<(String, String, u32)> {
    let parts: Vec<&str> = text.rsplitn(3, ':').collect();
    let (source, sheet, row) = match parts.as_slice() {
        [row, sheet, source] => (source.to_string(), sheet.to_string(), *row),
        [row, source] => (source.to_string(), String::new(), *row),
        _ => anyhow::bail!(
            "{text:?} is not a row address; write SOURCE:SHEET:ROW (SOURCE::ROW for a CSV file)"
        ),
    };
    let row: u32 = row
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{text:?}: the row number {row:?} is not a number"))?;
    Ok((source, sheet, row))
}

/// The records of a finished run, read again with its inputs and options, normalised.
pub struct Reloaded {
    pub records: Vec<Record>,
    pub normalized: Vec<NormalizedRecord>,
    pub model: Model,
    pub name_tf: crate::link::pipeline::NameFrequencies,
}

impl Reloaded {
    pub fn find(&self, source: &str, sheet: &str, row: u32) -> Option<usize> {
        self.records.iter().position(|r| {
            r.provenance.source == source && r.provenance.sheet == sheet && r.provenance.row == row
        })
    }

    pub fn explain(&self, a: usize, b: usize) -> Option<Explanation> {
        let (x, y) = (self.normalized.get(a)?, self.normalized.get(b)?);
        Some(score_pair(&self.model, &self.name_tf, x, y).1)
    }
}

/// Reads a run's inputs again from its output folder.
pub fn reload(out: &Path) -> anyhow::Result<Reloaded> {
    let summary = read_summary(out)?;
    let model_path = out.join("model.json");
    let text = std::fs::read_to_string(&model_path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", model_path.display()))?;
    let model = Model::from_json(&text)?;
    let mut opts = PipelineOptions::default();
    if let Some(as_of) = &summary.options.as_of {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d") {
            let year = chrono::Datelike::year(&d);
            opts.read = ReadOptions { pivot_year: year };
            opts.normalize = NormalizeContext {
                pivot_year: year,
                ..NormalizeContext::default()
            };
        }
    }
    let specs = resolve_sources(
        &summary.command_inputs,
        summary.config.as_deref().map(Path::new),
    )?;
    let mut sources = read(&specs, &opts, &|_| {});
    let (records, _) = collect_records(&mut sources);
    let normalized = normalize_all(&records, &opts.normalize);
    let name_tf = NameFrequencies::new(&normalized);
    Ok(Reloaded {
        records,
        normalized,
        model,
        name_tf,
    })
}

#[derive(Serialize)]
struct ExplainJson<'a> {
    first: String,
    second: String,
    prior: f64,
    prior_weight: f64,
    comparisons: Vec<TermJson<'a>>,
    adjustments: Vec<(String, f64)>,
    match_weight: f64,
    match_probability: f64,
}

#[derive(Serialize)]
struct TermJson<'a> {
    comparison: &'a str,
    level: &'a str,
    value_first: String,
    value_second: String,
    m: f64,
    u: f64,
    weight: f64,
}

/// The values a comparison looked at, for showing beside its level.
pub fn compared_values(r: &Record, comparison: &str) -> String {
    let fields: &[Field] = match comparison {
        "passport" => &[Field::Passport],
        "nik" => &[Field::Nik],
        "id_number" => &[Field::IdNumber],
        "name" => &[Field::Name, Field::GivenName, Field::FamilyName],
        "dob" => &[Field::Dob],
        "nationality" => &[Field::Nationality],
        "sex" => &[Field::Sex],
        "locality" => &[
            Field::Desa,
            Field::Kecamatan,
            Field::Postcode,
            Field::Address,
        ],
        "employer" => &[Field::Employer, Field::Sponsor],
        "permit_number" => &[Field::PermitNumber],
        _ => &[],
    };
    fields
        .iter()
        .filter_map(|f| r.text(*f))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Renders an explanation as a table.
pub fn render_explanation(
    e: &Explanation,
    a: &Record,
    b: &Record,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec![
        "comparison",
        a.provenance.to_string().as_str(),
        b.provenance.to_string().as_str(),
        "level",
        "m",
        "u",
        "weight (bits)",
    ]);
    t.add_row(vec![
        "prior".to_string(),
        String::new(),
        String::new(),
        format!("λ = {:.6}", e.prior),
        String::new(),
        String::new(),
        format!("{:+.2}", e.prior_weight),
    ]);
    for term in &e.terms {
        t.add_row(vec![
            term.comparison.clone(),
            compared_values(a, &term.comparison),
            compared_values(b, &term.comparison),
            term.label.clone(),
            if term.is_null {
                String::new()
            } else {
                format!("{:.4}", term.m)
            },
            if term.is_null {
                String::new()
            } else {
                format!("{:.5}", term.u)
            },
            format!("{:+.2}", term.weight),
        ]);
    }
    for (name, bits) in &e.adjustments {
        t.add_row(vec![
            name.clone(),
            String::new(),
            String::new(),
            "adjustment".into(),
            String::new(),
            String::new(),
            format!("{bits:+.2}"),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format!("{:+.2}", e.total_weight),
    ]);
    writeln!(w, "{t}")?;
    writeln!(w, "match probability {:.6}", e.probability)
}

pub fn explain(args: &ExplainArgs, _quiet: bool) -> anyhow::Result<ExitStatus> {
    let first = parse_address(&args.first)?;
    let second = parse_address(&args.second)?;
    let run = reload(&args.out)?;
    let find = |(s, sh, r): &(String, String, u32)| {
        run.find(s, sh, *r).ok_or_else(|| {
            anyhow::anyhow!("no record at {s}:{sh}:{r} in the run's inputs (is the row a data row? see records.csv and rejected.csv)")
        })
    };
    let (a, b) = (find(&first)?, find(&second)?);
    let e = run
        .explain(a, b)
        .ok_or_else(|| anyhow::anyhow!("the two records could not be compared"))?;
    let (ra, rb) = (&run.records[a], &run.records[b]);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let json = ExplainJson {
            first: ra.provenance.to_string(),
            second: rb.provenance.to_string(),
            prior: e.prior,
            prior_weight: e.prior_weight,
            comparisons: e
                .terms
                .iter()
                .map(|t| TermJson {
                    comparison: &t.comparison,
                    level: &t.label,
                    value_first: compared_values(ra, &t.comparison),
                    value_second: compared_values(rb, &t.comparison),
                    m: t.m,
                    u: t.u,
                    weight: t.weight,
                })
                .collect(),
            adjustments: e.adjustments.clone(),
            match_weight: e.total_weight,
            match_probability: e.probability,
        };
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        render_explanation(&e, ra, rb, &mut out)?;
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_addresses() {
        assert_eq!(
            parse_address("a.xlsx:MEI 2025:12").unwrap(),
            ("a.xlsx".into(), "MEI 2025".into(), 12)
        );
        assert_eq!(
            parse_address("a.csv::7").unwrap(),
            ("a.csv".into(), String::new(), 7)
        );
        assert_eq!(
            parse_address("a.csv:7").unwrap(),
            ("a.csv".into(), String::new(), 7)
        );
        assert_eq!(
            parse_address("odd:name.xlsx:S1:3").unwrap(),
            ("odd:name.xlsx".into(), "S1".into(), 3)
        );
        assert!(parse_address("a.csv").is_err());
        assert!(parse_address("a.csv::x").is_err());
    }
}
