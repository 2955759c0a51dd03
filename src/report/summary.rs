//! `summary.json`: what a cron job or dashboard reads — the inputs (file, agency, rows read,
//! records, rejected), the options, the counts, and how the model was trained. It also lets
//! `explain` re-run the reading of the same inputs. Nothing time-dependent goes in, so the same
//! input and options give the same bytes.

use super::atomic::OutputDir;
use crate::cli::LinkArgs;
use crate::pipeline::RunOutput;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The command line that produced a run, as `explain` needs it to read the inputs again.
pub struct RunInputs<'a> {
    pub cli_inputs: Vec<String>,
    pub config: Option<PathBuf>,
    pub linking: &'a LinkArgs,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    pub tool: String,
    pub version: String,
    /// The inputs as given, with paths made absolute (`AGENCY=` prefixes kept).
    pub command_inputs: Vec<String>,
    pub config: Option<String>,
    pub options: SummaryOptions,
    pub inputs: Vec<SummaryInput>,
    pub counts: SummaryCounts,
    pub blocking: Vec<SummaryRule>,
    pub oversized_blocks: Vec<crate::link::blocking::OversizedBlock>,
    pub model_notes: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SummaryOptions {
    pub threshold: f64,
    pub review_floor: f64,
    pub seed: u64,
    pub as_of: Option<String>,
    pub model: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SummaryInput {
    pub source: String,
    pub path: String,
    pub agency: String,
    pub agency_decided_by: String,
    pub data_rows: usize,
    pub records: usize,
    pub rejected: usize,
    pub error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SummaryCounts {
    pub records: usize,
    pub persons: usize,
    pub persons_in_several_records: usize,
    pub persons_flagged_for_review: usize,
    pub largest_person: usize,
    pub candidate_pairs: usize,
    pub pairs_for_review: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SummaryRule {
    pub rule: String,
    pub pairs: usize,
}

fn absolute(path: &std::path::Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn absolute_input(arg: &str) -> String {
    let (agency, path) = crate::config::sources::parse_input(arg);
    let abs = absolute(&path);
    match agency {
        Some(a) => format!("{}={abs}", a.code()),
        None => abs,
    }
}

/// Writes `summary.json`.
pub fn write_summary(out: &OutputDir, run: &RunOutput, inputs: &RunInputs) -> anyhow::Result<()> {
    let summary = Summary {
        tool: "reconcile".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        command_inputs: inputs
            .cli_inputs
            .iter()
            .map(|a| absolute_input(a))
            .collect(),
        config: inputs.config.as_deref().map(absolute),
        options: SummaryOptions {
            threshold: inputs.linking.threshold,
            review_floor: inputs.linking.review_floor,
            seed: inputs.linking.seed,
            as_of: inputs.linking.as_of.clone(),
            model: inputs.linking.model.as_deref().map(absolute),
        },
        inputs: run
            .sources
            .iter()
            .map(|s| SummaryInput {
                source: s.spec.file.name.clone(),
                path: absolute(&s.spec.file.path),
                agency: s.agency.code().into(),
                agency_decided_by: s.agency_basis.describe(),
                data_rows: s.data_rows(),
                records: s.record_count(),
                rejected: s.rejected_count(),
                error: s.result.as_ref().err().map(|e| e.to_string()),
            })
            .collect(),
        counts: SummaryCounts {
            records: run.records.len(),
            persons: run.persons.len(),
            persons_in_several_records: run.persons.iter().filter(|p| p.records.len() > 1).count(),
            persons_flagged_for_review: run.persons.iter().filter(|p| !p.flags.is_empty()).count(),
            largest_person: run.link.clustering.largest,
            candidate_pairs: run.link.candidates.pairs.len(),
            pairs_for_review: run.link.pairs.len(),
        },
        blocking: run
            .link
            .candidates
            .per_rule
            .iter()
            .map(|(rule, pairs)| SummaryRule {
                rule: rule.to_string(),
                pairs: *pairs,
            })
            .collect(),
        oversized_blocks: run.link.candidates.oversized.clone(),
        model_notes: run.link.model.trained.notes.clone(),
    };
    let json = serde_json::to_string_pretty(&summary)?;
    out.write("summary.json", |w| {
        w.write_all(json.as_bytes())?;
        w.write_all(b"\n")?;
        Ok(())
    })?;
    Ok(())
}

/// Reads `summary.json` from an output folder.
pub fn read_summary(dir: &std::path::Path) -> anyhow::Result<Summary> {
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {}: {e}; is {} the output folder of a run?",
            path.display(),
            dir.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{} is not a summary written by reconcile: {e}",
            path.display()
        )
    })
}
