//! `reconcile evaluate --truth FILE --out DIR`: pairwise precision, recall and F1 of a run against a
//! truth file (`source,sheet,row,entity_id`, the generator's format), and the worst false and missed
//! matches with their explanations.
//!
//! Pairwise counts come from the contingency of predicted persons and true entities, so they cost
//! O(records), not O(pairs): true positives = Σ C(n_pe, 2), predicted = Σ C(n_p, 2), true = Σ C(n_e, 2).

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

fn read_labels(path: &Path, label_column: &str) -> anyhow::Result<BTreeMap<Address, String>> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow::anyhow!("{} has no column {name:?}", path.display()))
    };
    let (s, sh, r, l) = (
        col("source")?,
        col("sheet")?,
        col("row")?,
        col(label_column)?,
    );
    let mut out = BTreeMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| anyhow::anyhow!("{}, record {}: {e}", path.display(), i + 2))?;
        let row: u32 = rec.get(r).unwrap_or("").parse().map_err(|_| {
            anyhow::anyhow!("{}, record {}: row is not a number", path.display(), i + 2)
        })?;
        out.insert(
            (
                rec.get(s).unwrap_or("").to_string(),
                rec.get(sh).unwrap_or("").to_string(),
                row,
            ),
            rec.get(l).unwrap_or("").to_string(),
        );
    }
    Ok(out)
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
}

fn addr(a: &Address) -> String {
    format!("{}:{}:{}", a.0, a.1, a.2)
}

pub fn evaluate(args: &EvaluateArgs, _quiet: bool) -> anyhow::Result<ExitStatus> {
    let predicted = read_labels(&args.out.join("records.csv"), "person_id")?;
    let truth = read_labels(&args.truth, "entity_id")?;
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
}
