//! `reconcile evaluate --truth FILE --out DIR`: pairwise precision, recall and F1 of a run against a
//! truth file (`source,sheet,row,entity_id`, the generator's format), and the worst false and missed
//! matches with their explanations.
//!
//! Pairwise counts come from the contingency of predicted persons and true entities, so they cost
//! O(records), not O(pairs): true positives = Σ C(n_pe, 2), predicted = Σ C(n_p, 2), true = Σ C(n_e, 2).
//!
//! `--clusters FILE` scores another tool's clustering (e.g. Splink's in `scripts/bench.sh`) through
//! the very same code, over the same records, so a peer's F1 and ours differ only by the clustering.

use crate::cli::EvaluateArgs;
use crate::commands::explain::{reload, render_explanation};
use crate::exit::ExitStatus;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

type Address = (String, String, u32);

#[derive(Debug, Serialize, Clone, Copy, PartialEq)]
pub struct PairwiseScores {
    pub true_positives: u64,
    pub predicted_pairs: u64,
    pub true_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn choose2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pairwise precision/recall/F1 from (predicted cluster, true entity) labels of the same items.
pub fn pairwise_scores<'a>(labels: impl Iterator<Item = (&'a str, &'a str)>) -> PairwiseScores {
    let mut cell: HashMap<(&str, &str), u64> = HashMap::new();
    let mut predicted: HashMap<&str, u64> = HashMap::new();
    let mut actual: HashMap<&str, u64> = HashMap::new();
    for (p, e) in labels {
        *cell.entry((p, e)).or_default() += 1;
        *predicted.entry(p).or_default() += 1;
        *actual.entry(e).or_default() += 1;
    }
    let tp: u64 = cell.values().map(|&n| choose2(n)).sum();
    let pred: u64 = predicted.values().map(|&n| choose2(n)).sum();
    let truth: u64 = actual.values().map(|&n| choose2(n)).sum();
    let precision = if pred == 0 {
        1.0
    } else {
        tp as f64 / pred as f64
    };
    let recall = if truth == 0 {
        1.0
    } else {
        tp as f64 / truth as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    PairwiseScores {
        true_positives: tp,
        predicted_pairs: pred,
        true_pairs: truth,
        precision,
        recall,
        f1,
    }
}

/// Reads `source,sheet,row,<label>` rows keyed by record address. `label_column` None means a
/// clusters file from another tool: its label is `cluster_id`, or else its one column besides the
/// address, so Splink's or any script's output can be scored without renaming columns.
fn read_labels(
    path: &Path,
    label_column: Option<&str>,
) -> anyhow::Result<BTreeMap<Address, String>> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow::anyhow!("{} has no column {name:?}", path.display()))
    };
    let (s, sh, r) = (col("source")?, col("sheet")?, col("row")?);
    let l = match label_column {
        Some(name) => col(name)?,
        None => cluster_column(&headers).ok_or_else(|| {
            anyhow::anyhow!(
                "{} needs a cluster_id column (or exactly one column besides source, sheet and row)",
                path.display()
            )
        })?,
    };
    let mut out = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| anyhow::anyhow!("{}, record {}: {e}", path.display(), i + 2))?;
        let row: u32 = rec.get(r).unwrap_or("").trim().parse().map_err(|_| {
            anyhow::anyhow!("{}, record {}: row is not a number", path.display(), i + 2)
        })?;
        let address = (
            rec.get(s).unwrap_or("").to_string(),
            rec.get(sh).unwrap_or("").to_string(),
            row,
        );
        // A second label for one record would silently replace the first: refuse it instead.
        if out.contains_key(&address) {
            anyhow::bail!(
                "{}, record {}: {} appears twice",
                path.display(),
                i + 2,
                addr(&address)
            );
        }
        out.insert(address, rec.get(l).unwrap_or("").to_string());
    }
    Ok(out)
}

/// The label column of a clusters file: `cluster_id` if present, else the only other column.
fn cluster_column(headers: &csv::StringRecord) -> Option<usize> {
    if let Some(i) = headers.iter().position(|h| h == "cluster_id") {
        return Some(i);
    }
    let others: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !matches!(*h, "source" | "sheet" | "row"))
        .map(|(i, _)| i)
        .collect();
    match others.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Another tool's clustering laid over the records of a run.
#[derive(Debug, PartialEq)]
struct PeerClusters {
    /// Predicted label of every record of the run.
    labels: BTreeMap<Address, String>,
    /// Records of the run the clusters file does not name: each scored as a person of its own.
    records_absent: usize,
    /// Rows of the clusters file that name no record of the run (ignored).
    rows_without_record: usize,
}

/// Labels every record of the run with its cluster from `clusters`, or with a singleton of its
/// own when the file leaves it out (a tool that drops a row must not be scored as if it had
/// linked it). Prefixes keep a cluster id that happens to look like an address from merging with
/// a singleton.
fn overlay_clusters(
    records: &BTreeMap<Address, String>,
    clusters: &BTreeMap<Address, String>,
) -> PeerClusters {
    let mut records_absent = 0;
    let labels = records
        .keys()
        .map(|a| {
            let label = match clusters.get(a) {
                Some(c) => format!("c:{c}"),
                None => {
                    records_absent += 1;
                    format!("s:{}", addr(a))
                }
            };
            (a.clone(), label)
        })
        .collect();
    let rows_without_record = clusters
        .keys()
        .filter(|a| !records.contains_key(*a))
        .count();
    PeerClusters {
        labels,
        records_absent,
        rows_without_record,
    }
}

#[derive(Debug, Serialize)]
struct ClustersJson {
    file: String,
    records_absent: usize,
    rows_without_record: usize,
}

#[derive(Debug, Serialize)]
struct PairJson {
    first: String,
    second: String,
    match_probability: Option<f64>,
}

#[derive(Debug, Serialize)]
struct EvaluateJson {
    scores: PairwiseScores,
    records_evaluated: usize,
    records_without_truth: usize,
    truth_rows_without_record: usize,
    false_matches: Vec<PairJson>,
    missed_matches: Vec<PairJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<ClustersJson>,
}

fn addr(a: &Address) -> String {
    format!("{}:{}:{}", a.0, a.1, a.2)
}

pub fn evaluate(args: &EvaluateArgs, _quiet: bool) -> anyhow::Result<ExitStatus> {
    let records = read_labels(&args.out.join("records.csv"), Some("person_id"))?;
    let truth = read_labels(&args.truth, Some("entity_id"))?;
    let (predicted, peer) = match &args.clusters {
        None => (records, None),
        Some(path) => {
            let peer = overlay_clusters(&records, &read_labels(path, None)?);
            let labels = peer.labels.clone();
            (labels, Some((path, peer)))
        }
    };
    let both: Vec<(&Address, &str, &str)> = predicted
        .iter()
        .filter_map(|(k, p)| truth.get(k).map(|e| (k, p.as_str(), e.as_str())))
        .collect();
    let scores = pairwise_scores(both.iter().map(|(_, p, e)| (*p, *e)));
    let without_truth = predicted.len() - both.len();
    let truth_missing = truth.keys().filter(|k| !predicted.contains_key(*k)).count();

    // Scored pairs, for the probability of the worst errors.
    let mut probability: HashMap<(Address, Address), f64> = HashMap::new();
    if let Ok(mut rdr) = csv::Reader::from_path(args.out.join("pairs.csv")) {
        for rec in rdr.records().flatten() {
            let get = |i: usize| rec.get(i).unwrap_or("").to_string();
            let a = (get(0), get(1), get(2).parse().unwrap_or(0));
            let b = (get(3), get(4), get(5).parse().unwrap_or(0));
            let p: f64 = get(9).parse().unwrap_or(0.0);
            probability.insert((a.clone(), b.clone()), p);
            probability.insert((b, a), p);
        }
    }
    // False matches: same person, different entity. Missed: same entity, different persons.
    let mut by_person: BTreeMap<&str, Vec<(&Address, &str)>> = BTreeMap::new();
    let mut by_entity: BTreeMap<&str, Vec<(&Address, &str)>> = BTreeMap::new();
    for (a, p, e) in &both {
        by_person.entry(p).or_default().push((a, e));
        by_entity.entry(e).or_default().push((a, p));
    }
    let mut false_matches: Vec<(f64, &Address, &Address)> = Vec::new();
    for members in by_person.values() {
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                if members[i].1 != members[j].1 {
                    let p = probability
                        .get(&(members[i].0.clone(), members[j].0.clone()))
                        .copied()
                        .unwrap_or(0.0);
                    false_matches.push((p, members[i].0, members[j].0));
                }
            }
        }
    }
    let mut missed: Vec<(f64, &Address, &Address)> = Vec::new();
    for members in by_entity.values() {
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                if members[i].1 != members[j].1 {
                    let p = probability
                        .get(&(members[i].0.clone(), members[j].0.clone()))
                        .copied()
                        .unwrap_or(0.0);
                    missed.push((p, members[i].0, members[j].0));
                }
            }
        }
    }
    // Worst first: confident false matches, and missed matches the model thought least likely.
    false_matches.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    missed.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
    false_matches.truncate(args.show);
    missed.truncate(args.show);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let pair = |(p, a, b): &(f64, &Address, &Address)| PairJson {
            first: addr(a),
            second: addr(b),
            match_probability: (*p > 0.0).then_some(*p),
        };
        let json = EvaluateJson {
            scores,
            records_evaluated: both.len(),
            records_without_truth: without_truth,
            truth_rows_without_record: truth_missing,
            false_matches: false_matches.iter().map(pair).collect(),
            missed_matches: missed.iter().map(pair).collect(),
            clusters: peer.as_ref().map(|(path, p)| ClustersJson {
                file: path.display().to_string(),
                records_absent: p.records_absent,
                rows_without_record: p.rows_without_record,
            }),
        };
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
        return Ok(ExitStatus::Success);
    }
    writeln!(
        out,
        "pairwise precision {:.4}  recall {:.4}  F1 {:.4}  ({} true positive pairs, {} predicted, {} true; {} records evaluated)",
        scores.precision, scores.recall, scores.f1, scores.true_positives, scores.predicted_pairs, scores.true_pairs, both.len()
    )?;
    if let Some((path, p)) = &peer {
        writeln!(
            out,
            "clusters from {}: {} of the run's {} records absent (scored as singletons), {} rows name no record of the run",
            path.display(),
            p.records_absent,
            p.labels.len(),
            p.rows_without_record
        )?;
    }
    if without_truth > 0 || truth_missing > 0 {
        writeln!(out, "note: {without_truth} records have no truth row and {truth_missing} truth rows have no record")?;
    }
    if false_matches.is_empty() && missed.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let run = reload(&args.out).ok();
    for (title, list) in [
        ("worst false matches", &false_matches),
        ("worst missed matches", &missed),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for (p, a, b) in list.iter() {
            writeln!(
                out,
                "\n{} ~ {} (pairs.csv probability {})",
                addr(a),
                addr(b),
                if *p > 0.0 {
                    format!("{p:.4}")
                } else {
                    "none: below the review floor or not compared".into()
                }
            )?;
            if let Some(run) = &run {
                if let (Some(x), Some(y)) = (run.find(&a.0, &a.1, a.2), run.find(&b.0, &b.1, b.2)) {
                    if let Some(e) = run.explain(x, y) {
                        render_explanation(&e, &run.records[x], &run.records[y], &mut out)?;
                    }
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_scores_from_contingency() {
        // Truth: {1,2,3} {4,5}; predicted: {1,2} {3,4,5}.
        let labels = [("A", "x"), ("A", "x"), ("B", "x"), ("B", "y"), ("B", "y")];
        let s = pairwise_scores(labels.iter().map(|(p, e)| (*p, *e)));
        assert_eq!(
            (s.true_positives, s.predicted_pairs, s.true_pairs),
            (2, 4, 4)
        );
        assert!((s.precision - 0.5).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert!((s.f1 - 0.5).abs() < 1e-12);
        // Perfect and empty cases.
        let perfect = pairwise_scores([("A", "x"), ("A", "x"), ("B", "y")].into_iter());
        assert_eq!(perfect.f1, 1.0);
        let singletons = pairwise_scores([("A", "x"), ("B", "y")].into_iter());
        assert_eq!((singletons.precision, singletons.recall), (1.0, 1.0));
    }

    fn address(row: u32) -> Address {
        ("a.csv".into(), "S".into(), row)
    }

    #[test]
    fn overlay_counts_absent_records_as_singletons() {
        let records: BTreeMap<Address, String> =
            (1..=4).map(|r| (address(r), format!("P{r}"))).collect();
        // Rows 1 and 2 in one cluster; 3 and 4 absent; row 9 is not a record of the run.
        let clusters: BTreeMap<Address, String> = [(1, "7"), (2, "7"), (9, "7")]
            .into_iter()
            .map(|(r, c)| (address(r), c.to_string()))
            .collect();
        let peer = overlay_clusters(&records, &clusters);
        assert_eq!((peer.records_absent, peer.rows_without_record), (2, 1));
        assert_eq!(peer.labels.len(), 4);
        assert_eq!(peer.labels[&address(1)], peer.labels[&address(2)]);
        assert_ne!(peer.labels[&address(3)], peer.labels[&address(4)]);
        // Truth puts 3 and 4 together: the absent rows cost recall, not precision.
        let truth = ["x", "x", "y", "y"];
        let s = pairwise_scores(
            peer.labels
                .values()
                .zip(truth)
                .map(|(p, e)| (p.as_str(), e)),
        );
        assert_eq!(
            (s.true_positives, s.predicted_pairs, s.true_pairs),
            (1, 1, 2)
        );
    }

    #[test]
    fn a_cluster_id_cannot_merge_with_a_singleton() {
        // A peer whose cluster id is spelled like an absent record's address.
        let records: BTreeMap<Address, String> =
            (1..=2).map(|r| (address(r), format!("P{r}"))).collect();
        let clusters: BTreeMap<Address, String> = [(address(1), "a.csv:S:2".to_string())]
            .into_iter()
            .collect();
        let peer = overlay_clusters(&records, &clusters);
        assert_ne!(peer.labels[&address(1)], peer.labels[&address(2)]);
    }

    #[test]
    fn clusters_file_column_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        let named = write(
            "n.csv",
            "source,sheet,row,score,cluster_id\na.csv,S,1,0.9,c1\n",
        );
        assert_eq!(read_labels(&named, None).unwrap()[&address(1)], "c1");
        let only = write("o.csv", "cluster,source,sheet,row\n5,a.csv,S,1\n");
        assert_eq!(read_labels(&only, None).unwrap()[&address(1)], "5");
        let ambiguous = write("a.csv", "source,sheet,row,x,y\na.csv,S,1,1,2\n");
        assert!(read_labels(&ambiguous, None).is_err());
        let twice = write(
            "t.csv",
            "source,sheet,row,cluster_id\na.csv,S,1,1\na.csv,S,1,2\n",
        );
        let err = read_labels(&twice, None).unwrap_err().to_string();
        assert!(err.contains("a.csv:S:1 appears twice"), "{err}");
        let bad_row = write("b.csv", "source,sheet,row,cluster_id\na.csv,S,one,1\n");
        assert!(read_labels(&bad_row, None).is_err());
    }
}
