//! `summary.json`: what a cron job or dashboard reads — the inputs (file, agency, rows read,
//! records, rejected), the options, the counts, and how the model was trained. It also lets
//! `explain` re-run the reading of the same inputs. Nothing time-dependent goes in, so the same
//! input and options give the same bytes (the reference date is an input: when `--as-of` is not
//! given it is today's date, written out so that a dashboard knows what the permits were checked
//! against).
//!
//! Each input carries a `content_hash` (SHA-256 of the file's bytes) so that a cron job can tell
//! whether an agency sent a new export or the same one again; `conflicts` counts the conflicts by
//! type, severity and agency (every type, severity and agency listed, zeros included, so that
//! scripts can rely on the keys).

use super::atomic::OutputDir;
use super::options::ConflictCounts;
use crate::cli::LinkArgs;
use crate::conflicts::{Conflict, ConflictType, Severity};
use crate::pipeline::RunOutput;
use crate::record::Agency;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

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
    /// The date permits were checked against (YYYY-MM-DD): `--as-of`, else the day of the run.
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub conflicts: SummaryConflicts,
}

/// Conflict counts. Keys are the stable codes (`permit_expired`, `high`, `imigrasi`); every one
/// is present, with 0 when none was found.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SummaryConflicts {
    pub total: usize,
    /// Distinct persons with at least one conflict.
    pub persons: usize,
    pub by_type: BTreeMap<String, usize>,
    pub by_severity: BTreeMap<String, usize>,
    /// A conflict counts once for each agency whose rows it involves.
    pub by_agency: BTreeMap<String, usize>,
}

impl SummaryConflicts {
    pub fn from_counts(counts: &ConflictCounts) -> SummaryConflicts {
        SummaryConflicts {
            total: counts.total,
            persons: counts.persons,
            by_type: ConflictType::ALL
                .iter()
                .map(|t| {
                    (
                        t.code().to_string(),
                        counts.by_type.get(t).copied().unwrap_or(0),
                    )
                })
                .collect(),
            by_severity: [Severity::High, Severity::Medium, Severity::Low]
                .iter()
                .map(|s| {
                    (
                        s.code().to_string(),
                        counts.by_severity.get(s).copied().unwrap_or(0),
                    )
                })
                .collect(),
            by_agency: Agency::ALL
                .iter()
                .map(|a| {
                    (
                        a.code().to_string(),
                        counts.by_agency.get(a).copied().unwrap_or(0),
                    )
                })
                .collect(),
        }
    }
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
    /// SHA-256 of the file's bytes (lowercase hex); absent when the file could not be read.
    #[serde(default)]
    pub content_hash: Option<String>,
    /// Sheets that gave no data (no recognisable header, unreadable), with the reason. Their rows
    /// are in no output, so a cron job that runs with `--quiet` sees them here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets_without_data: Vec<SheetProblem>,
}

/// A sheet that gave no data, and why.
#[derive(Debug, Serialize, Deserialize)]
pub struct SheetProblem {
    pub sheet: String,
    pub reason: String,
}

/// The SHA-256 of a file's contents as lowercase hex, read in blocks (exports can be large).
pub fn content_hash(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing into a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
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
pub fn write_summary(
    out: &OutputDir,
    run: &RunOutput,
    inputs: &RunInputs,
    conflicts: &[Conflict],
) -> anyhow::Result<()> {
    let as_of = inputs.linking.as_of.clone().unwrap_or_else(|| {
        chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    });
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
                content_hash: content_hash(&s.spec.file.path).ok(),
                sheets_without_data: s
                    .sheets()
                    .iter()
                    .filter_map(|sh| {
                        sh.problem
                            .as_ref()
                            .filter(|p| p.as_str() != "the sheet is empty")
                            .map(|p| SheetProblem {
                                sheet: sh.sheet.clone(),
                                reason: p.clone(),
                            })
                    })
                    .collect(),
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
        as_of: Some(as_of),
        conflicts: SummaryConflicts::from_counts(&ConflictCounts::of_run(conflicts, run)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflicts::ConflictValue;
    use crate::record::Provenance;

    #[test]
    fn hashes_file_contents() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&[u8], &str); 3] = [
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"The quick brown fox jumps over the lazy dog",
                "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
            ),
        ];
        for (i, (bytes, want)) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.bin"));
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(content_hash(&path).unwrap(), *want);
        }
        // Larger than one read block: the same as hashing it at once.
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let path = dir.path().join("big.bin");
        std::fs::write(&path, &big).unwrap();
        use sha2::{Digest, Sha256};
        assert_eq!(content_hash(&path).unwrap(), hex(&Sha256::digest(&big)));
        assert!(content_hash(&dir.path().join("missing")).is_err());
    }

    fn sample_conflict(kind: ConflictType, severity: Severity, source: &str) -> Conflict {
        Conflict {
            id: format!("c-{}", kind.code()),
            person: 0,
            person_id: "P000001".into(),
            kind,
            severity,
            field: "dob".into(),
            values: vec![ConflictValue {
                value: "1985-03-04".into(),
                rows: vec![Provenance {
                    source: source.into(),
                    sheet: String::new(),
                    row: 2,
                }],
            }],
            detail_id: "x".into(),
            detail_en: "x".into(),
        }
    }

    #[test]
    fn conflict_counts_list_every_key() {
        let conflicts = [
            sample_conflict(ConflictType::DobMismatch, Severity::Medium, "a.csv"),
            sample_conflict(ConflictType::PermitExpired, Severity::High, "a.csv"),
            sample_conflict(ConflictType::PermitExpired, Severity::High, "b.csv"),
        ];
        let counts = ConflictCounts::new(&conflicts, &|p: &Provenance| {
            (p.source == "a.csv").then_some(Agency::Polri)
        });
        let s = SummaryConflicts::from_counts(&counts);
        assert_eq!(s.total, 3);
        assert_eq!(s.persons, 1);
        assert_eq!(s.by_type.len(), 17);
        let cases = [
            (&s.by_type, "permit_expired", 2),
            (&s.by_type, "dob_mismatch", 1),
            (&s.by_type, "sex_mismatch", 0),
            (&s.by_severity, "high", 2),
            (&s.by_severity, "medium", 1),
            (&s.by_severity, "low", 0),
            (&s.by_agency, "polri", 2),
            (&s.by_agency, "imigrasi", 0),
        ];
        for (map, key, want) in cases {
            assert_eq!(map.get(key), Some(&want), "{key}");
        }
    }

    #[test]
    fn summary_of_a_run_has_hashes_counts_and_as_of() {
        let run = crate::report::test_support::messy_run();
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), false).unwrap();
        let linking = LinkArgs {
            threshold: 0.9,
            review_floor: 0.5,
            model: None,
            seed: 42,
            as_of: Some("2025-06-01".into()),
        };
        let inputs = RunInputs {
            cli_inputs: vec![crate::report::test_support::fixture("messy")],
            config: None,
            linking: &linking,
        };
        let source = run
            .sources
            .first()
            .map(|s| s.spec.file.name.clone())
            .unwrap();
        let conflicts = [sample_conflict(
            ConflictType::PermitExpired,
            Severity::High,
            &source,
        )];
        write_summary(&out, &run, &inputs, &conflicts).unwrap();
        let text = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["as_of"], "2025-06-01");
        assert_eq!(json["conflicts"]["total"], 1);
        assert_eq!(json["conflicts"]["by_type"]["permit_expired"], 1);
        assert_eq!(json["conflicts"]["by_severity"]["high"], 1);
        let agency = run.sources.first().map(|s| s.agency.code()).unwrap();
        assert_eq!(json["conflicts"]["by_agency"][agency], 1);
        // Existing keys are kept.
        for key in ["tool", "version", "options", "inputs", "counts", "blocking"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        for (input, source) in json["inputs"].as_array().unwrap().iter().zip(&run.sources) {
            let want = content_hash(&source.spec.file.path).unwrap();
            assert_eq!(input["content_hash"], want.as_str());
            assert_eq!(want.len(), 64);
        }
        // It reads back, and an older summary without the new keys still reads.
        let back = read_summary(dir.path()).unwrap();
        assert_eq!(back.conflicts.total, 1);
        let mut old = json.clone();
        if let Some(o) = old.as_object_mut() {
            o.remove("conflicts");
            o.remove("as_of");
        }
        let old: Summary = serde_json::from_value(old).unwrap();
        assert_eq!(old.conflicts.total, 0);
        assert_eq!(old.as_of, None);
    }
}
