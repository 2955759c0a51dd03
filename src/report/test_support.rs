//! Helpers for the report writers' unit tests: a real [`RunOutput`] from the bundled fixtures and
//! hand-made [`Conflict`]s pointing at its rows.

use crate::cli::LinkArgs;
use crate::conflicts::{Conflict, ConflictType, ConflictValue, Severity};
use crate::pipeline::{link_sources, read, RunOutput};

pub fn fixture(rel: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

/// Runs the pipeline on `fixtures/<rel>` as of 2025-06-01.
pub fn run_fixture(rel: &str) -> RunOutput {
    let args = LinkArgs {
        threshold: 0.9,
        review_floor: 0.5,
        model: None,
        seed: 42,
        as_of: Some("2025-06-01".into()),
    };
    let opts = crate::commands::run::pipeline_options(&args).expect("options");
    let specs = crate::config::resolve_sources(&[fixture(rel)], None).expect("fixture sources");
    let sources = read(&specs, &opts, &|_| {});
    link_sources(sources, &opts, std::time::Duration::ZERO).expect("pipeline runs")
}

pub fn messy_run() -> RunOutput {
    run_fixture("messy")
}

/// Conflicts of a few kinds about the run's first persons, with values and rows taken from
/// their records (passports, so redaction has something to mask).
pub fn conflicts_for(run: &RunOutput) -> Vec<Conflict> {
    let kinds = [
        (ConflictType::PassportMismatch, Severity::Medium, "passport"),
        (ConflictType::PermitExpired, Severity::High, "permit_expiry"),
        (ConflictType::AddressMismatch, Severity::Low, "kecamatan"),
        (ConflictType::DobMismatch, Severity::Medium, "dob"),
    ];
    run.persons
        .iter()
        .enumerate()
        .zip(kinds.iter().cycle())
        .map(|((i, p), (kind, severity, field))| {
            let values = p
                .records
                .iter()
                .filter_map(|&r| run.records.get(r as usize))
                .enumerate()
                .map(|(j, r)| ConflictValue {
                    value: if *field == "passport" {
                        format!("E{:08}", 12_345_670 + j)
                    } else {
                        format!("=value {j}")
                    },
                    rows: vec![r.provenance.clone()],
                })
                .collect();
            Conflict {
                id: format!("{}-{i:04}", kind.code()),
                person: i as u32,
                person_id: p.id.clone(),
                kind: *kind,
                severity: *severity,
                field: field.to_string(),
                values,
                detail_id: format!("Catatan {} berbeda.", field),
                detail_en: format!("The {field} records differ."),
            }
        })
        .take(12)
        .collect()
}
