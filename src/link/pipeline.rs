//! The linking stages in order: block → compare → score (train or load the model) → cluster.
//!
//! ```text
//! [NormalizedRecord] ──blocking──▶ candidate pairs ──comparison (rayon)──▶ ComparisonVectors
//!    ──estimate_u (random pairs) + train_em (candidate patterns)──▶ Model
//!    ──match weight + name term-frequency adjustment──▶ ScoredPairs ──cluster──▶ persons
//! ```

use super::blocking::{candidate_pairs, BlockingRule, Candidates};
use super::cluster::{cluster_with_cannot_link, ClusterOptions, Clustering, ScoredEdge};
use super::comparison::{compare, compare_keyed, comparison_specs, idx, name_level, strong_id};
use super::em::estimate_u;
use super::keys::record_keys;
use super::model::{ComparisonVector, Explanation, Model};
use super::term_freq::TermFrequencies;
use crate::normalize::stage::NormalizedRecord;
use rand::Rng;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Options for linking, resolved from the command line.
#[derive(Clone, Debug)]
pub struct LinkOptions {
    /// Match probability at or above which two records are the same person.
    pub threshold: f64,
    /// Pairs at or above this probability are written to `pairs.csv` for review.
    pub review_floor: f64,
    /// Blocks with more records are reported, not expanded.
    pub max_block: usize,
    /// Random pairs drawn to estimate u.
    pub u_sample: u64,
    pub seed: u64,
    /// Largest person the clustering may build from weak links.
    pub max_cluster_size: usize,
    /// A model to use instead of training one (`--model`).
    pub model: Option<Model>,
    pub rules: Vec<BlockingRule>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            threshold: 0.9,
            review_floor: 0.5,
            max_block: 300,
            u_sample: 300_000,
            seed: 42,
            max_cluster_size: 50,
            model: None,
            rules: BlockingRule::ALL.to_vec(),
        }
    }
}

/// A compared pair with its match weight.
#[derive(Clone, Debug)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub vector: ComparisonVector,
    /// Term-frequency adjustment (bits) included in `weight`.
    pub tf_adjustment: f64,
    pub weight: f64,
    pub probability: f64,
}

/// Time spent per stage.
#[derive(Clone, Debug, Default)]
pub struct LinkTimings {
    pub block: Duration,
    pub compare: Duration,
    pub train: Duration,
    pub cluster: Duration,
}

/// Everything linking produced.
#[derive(Debug)]
pub struct LinkResult {
    pub model: Model,
    pub candidates: Candidates,
    /// Scored pairs at or above the review floor, sorted by (a, b).
    pub pairs: Vec<ScoredPair>,
    pub clustering: Clustering,
    /// The highest probability among the pairs that joined each record to its person (0 if alone).
    pub record_probability: Vec<f64>,
    pub name_tf: NameFrequencies,
    pub timings: LinkTimings,
}

/// Name term frequencies: computed over the records' sorted name keys.
pub fn name_term_frequencies(records: &[NormalizedRecord]) -> TermFrequencies {
    TermFrequencies::from_values(
        records
            .iter()
            .filter_map(|r| r.name.as_ref().map(|n| n.joined_key.as_str())),
    )
}

/// Name term frequencies and the average frequency of a record's name (Σ f², the chance that two
/// random records share a name), computed once per run.
#[derive(Debug, Clone)]
pub struct NameFrequencies {
    pub table: TermFrequencies,
    pub mean: f64,
}

impl NameFrequencies {
    pub fn new(records: &[NormalizedRecord]) -> NameFrequencies {
        let table = name_term_frequencies(records);
        let mean = table.u_exact();
        NameFrequencies { table, mean }
    }

    /// What the record's name brings to an exact or reordered name match, in bits (see
    /// [`tf_adjustment`]): a pure function of the name, so the scoring loop computes it once per
    /// record instead of hashing both names again for each of millions of pairs.
    pub fn record_adjustment(&self, r: &NormalizedRecord) -> f64 {
        let key = r.name.as_ref().map(|n| n.joined_key.as_str()).unwrap_or("");
        self.table.adjustment(key, self.mean)
    }

    /// The pair's adjustment from its records' [`NameFrequencies::record_adjustment`]s.
    fn pair_adjustment(&self, v: &ComparisonVector, adj_a: f64, adj_b: f64) -> f64 {
        match v.level(idx::NAME) {
            Some(name_level::EXACT) | Some(name_level::REORDERED) if self.mean > 0.0 => {
                adj_a.min(adj_b)
            }
            _ => 0.0,
        }
    }
}

/// The term-frequency adjustment of a pair: for an exact or reordered name match, a common name
/// counts for less than a rare one. The adjustment is relative to the average name frequency, so
/// it is zero for a name of typical frequency, negative for MUHAMMAD or WANG WEI, positive for a
/// rare name. (The name comparison's own weight already says what agreeing on a typical name is
/// worth; the adjustment only says how this name differs from typical.)
pub fn tf_adjustment(
    tf: &NameFrequencies,
    a: &NormalizedRecord,
    b: &NormalizedRecord,
    v: &ComparisonVector,
) -> f64 {
    tf.pair_adjustment(v, tf.record_adjustment(a), tf.record_adjustment(b))
}

/// Scores one pair with the model (used by `explain` too).
pub fn score_pair(
    model: &Model,
    tf: &NameFrequencies,
    a: &NormalizedRecord,
    b: &NormalizedRecord,
) -> (ComparisonVector, Explanation) {
    let v = compare(a, b);
    let mut e = model.explain(&v);
    let adj = tf_adjustment(tf, a, b, &v);
    if adj != 0.0 {
        e.add_adjustment("name term frequency", adj);
    }
    (v, e)
}

/// Two records of the same sheet with different passports of the same nationality are two
/// people: one agency file rarely lists a person twice under different passport numbers.
fn cannot_link(records: &[NormalizedRecord], groups: &[u32], x: u32, y: u32) -> bool {
    let (Some(a), Some(b)) = (records.get(x as usize), records.get(y as usize)) else {
        return false;
    };
    if groups.get(x as usize) != groups.get(y as usize)
        || a.passports.is_empty()
        || b.passports.is_empty()
    {
        return false;
    }
    if let (Some(na), Some(nb)) = (a.nationality, b.nationality) {
        if na != nb {
            return false;
        }
    }
    !a.passports.iter().any(|p| {
        b.passports.iter().any(|q| {
            p.folded == q.folded
                || super::comparison::within_one_edit(p.folded.as_bytes(), q.folded.as_bytes())
        })
    })
}

/// Links the records. `groups[i]` identifies the source and sheet of record `i`.
pub fn link(
    records: &[NormalizedRecord],
    groups: &[u32],
    opts: &LinkOptions,
) -> anyhow::Result<LinkResult> {
    let mut timings = LinkTimings::default();
    let t = Instant::now();
    let candidates = candidate_pairs(records, &opts.rules, opts.max_block);
    timings.block = t.elapsed();

    let t = Instant::now();
    let (keys, numbering) = record_keys(records);
    let compare_pair = |a: usize, b: usize| {
        compare_keyed(&keys[a], &keys[b], &records[a], &records[b], &numbering)
    };
    let vectors: Vec<ComparisonVector> = candidates
        .pairs
        .par_iter()
        .map(|&(a, b)| compare_pair(a as usize, b as usize))
        .collect();
    timings.compare = t.elapsed();

    let t = Instant::now();
    let model = match &opts.model {
        Some(m) => m.clone(),
        None => train_model(
            records.len(),
            &compare_pair,
            &count_patterns(&vectors),
            opts,
        )?,
    };
    let name_tf = NameFrequencies::new(records);
    let table = model.weight_table();
    // Only pairs that can matter are kept: those at or above the review floor (pairs.csv) and
    // those at or above the threshold (clustering, and the probability shown per record, which
    // only pairs inside one person can set; every record in a person has a pair at or above the
    // threshold there). At a million rows the rest are millions of pairs nobody reads.
    let keep_from = opts.threshold.min(opts.review_floor);
    let name_adjustment: Vec<f64> = records
        .par_iter()
        .map(|r| name_tf.record_adjustment(r))
        .collect();
    let scored: Vec<ScoredPair> = candidates
        .pairs
        .par_iter()
        .zip(vectors.par_iter())
        .filter_map(|(&(a, b), v)| {
            let (adj_a, adj_b) = (
                name_adjustment.get(a as usize)?,
                name_adjustment.get(b as usize)?,
            );
            let adj = name_tf.pair_adjustment(v, *adj_a, *adj_b);
            let weight = table.match_weight(v) + adj;
            let probability = Model::match_probability(weight);
            (probability >= keep_from).then_some(ScoredPair {
                a,
                b,
                vector: *v,
                tf_adjustment: adj,
                weight,
                probability,
            })
        })
        .collect();
    drop(vectors);
    timings.train = t.elapsed();

    let t = Instant::now();
    let edges: Vec<ScoredEdge> = scored
        .iter()
        .filter(|p| p.probability >= opts.threshold)
        .map(|p| ScoredEdge {
            a: p.a,
            b: p.b,
            probability: p.probability,
            weight: p.weight,
            strong_id: strong_id(&p.vector),
        })
        .collect();
    let cluster_opts = ClusterOptions {
        threshold: opts.threshold,
        max_cluster_size: opts.max_cluster_size,
        ..ClusterOptions::default()
    };
    let clustering = cluster_with_cannot_link(records.len(), &edges, &cluster_opts, |x, y| {
        cannot_link(records, groups, x, y)
    });
    let mut record_probability = vec![0.0f64; records.len()];
    for p in &scored {
        if clustering.person_of.get(p.a as usize) == clustering.person_of.get(p.b as usize) {
            for r in [p.a, p.b] {
                if let Some(slot) = record_probability.get_mut(r as usize) {
                    *slot = slot.max(p.probability);
                }
            }
        }
    }
    timings.cluster = t.elapsed();

    let pairs = scored
        .into_iter()
        .filter(|p| p.probability >= opts.review_floor)
        .collect();
    Ok(LinkResult {
        model,
        candidates,
        pairs,
        clustering,
        record_probability,
        name_tf,
        timings,
    })
}

/// The distinct comparison patterns of the candidate pairs with their counts, sorted: what EM
/// trains on. Counted on all cores; the result does not depend on how the work was split.
pub fn count_patterns(vectors: &[ComparisonVector]) -> Vec<(ComparisonVector, u64)> {
    let counts = vectors
        .par_iter()
        .fold(
            std::collections::HashMap::<ComparisonVector, u64>::new,
            |mut map, v| {
                *map.entry(*v).or_insert(0) += 1;
                map
            },
        )
        .reduce(std::collections::HashMap::new, |mut a, b| {
            for (v, c) in b {
                *a.entry(v).or_insert(0) += c;
            }
            a
        });
    let mut rows: Vec<(ComparisonVector, u64)> = counts.into_iter().collect();
    rows.sort_unstable_by_key(|(v, _)| *v);
    rows
}

/// Trains a model without labels: u from random record pairs, then m, u and the prior by EM on
/// the candidate pairs' comparison patterns (`count_patterns`). EM falls back to the fixed values
/// where it cannot be trusted and says so in the model's training report. `compare(a, b)`
/// compares records `a` and `b` of the `n` (from their keys: random pairs share employers often,
/// and the employer cache answers them).
pub fn train_model(
    n: usize,
    compare: &(dyn Fn(usize, usize) -> ComparisonVector + Sync),
    patterns: &[(ComparisonVector, u64)],
    opts: &LinkOptions,
) -> anyhow::Result<Model> {
    let specs = comparison_specs();
    let mut model = Model::new(specs.clone(), 0.1)?;
    let mut sampled: Vec<ComparisonVector> = Vec::new();
    if n >= 2 {
        let all_pairs = (n as u64) * (n as u64 - 1) / 2;
        let draws = opts.u_sample.min(all_pairs.saturating_mul(2)).max(1);
        // Draw the random pairs with the seeded generator first, compare them on all cores, then
        // feed the vectors to the estimator in draw order (deterministic for the seed).
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(opts.seed);
        let draws_list: Vec<(usize, usize)> = (0..draws)
            .map(|_| (rng.random_range(0..n), rng.random_range(0..n)))
            .collect();
        let drawn: Vec<Option<ComparisonVector>> = draws_list
            .par_iter()
            .map(|&(a, b)| (a != b).then(|| compare(a, b)))
            .collect();
        sampled = drawn.iter().flatten().copied().collect();
        let mut next = drawn.into_iter();
        let u = estimate_u(&specs, draws, opts.seed, |_| next.next().flatten());
        u.apply_to(&mut model);
        model.trained.u_sample_size = u.n_sampled;
    }
    super::training::train_sessions(&mut model, patterns, n);
    // In a small register with several records per person, random pairs include real matches
    // (here about n_matches / n_pairs of them), which inflates u. Re-estimate u from the random
    // pairs weighted by how unlikely each is to be a match under the trained model, then train m
    // again against the corrected u.
    if !sampled.is_empty() && refine_u(&mut model, &sampled) {
        let u = model.u.clone();
        let mut again = Model::new(specs, 0.1)?;
        again.u = u;
        again.trained.u_sample_size = model.trained.u_sample_size;
        again.trained.notes = model
            .trained
            .notes
            .iter()
            .filter(|n| n.starts_with("u sample"))
            .cloned()
            .collect();
        again
            .trained
            .notes
            .push("u re-estimated from the random pairs, discounting likely matches".into());
        super::training::train_sessions(&mut again, patterns, n);
        return Ok(again);
    }
    Ok(model)
}

/// Re-estimates u from the random sample, each pair counted with its probability of being a
/// non-match. Returns whether any u changed noticeably.
fn refine_u(model: &mut Model, sampled: &[ComparisonVector]) -> bool {
    let table = model.weight_table();
    let weights: Vec<f64> = sampled
        .par_iter()
        .map(|v| 1.0 - Model::match_probability(table.match_weight(v)))
        .collect();
    let mut changed = false;
    for (c, spec) in model.comparisons.iter().enumerate() {
        let mut mass = vec![0.0f64; spec.levels.len()];
        for (v, w) in sampled.iter().zip(&weights) {
            if let Some(l) = v.level(c) {
                if let Some(slot) = mass.get_mut(l as usize) {
                    *slot += w;
                }
            }
        }
        let non_null: f64 = mass
            .iter()
            .enumerate()
            .filter(|(l, _)| !spec.levels[*l].is_null)
            .map(|(_, m)| m)
            .sum();
        if non_null < 100.0 {
            continue;
        }
        let k = spec.levels.iter().filter(|l| !l.is_null).count() as f64;
        if let Some(u) = model.u.get_mut(c) {
            for (l, slot) in u.iter_mut().enumerate() {
                if spec.levels[l].is_null {
                    continue;
                }
                let new = (mass[l] + 0.5) / (non_null + 0.5 * k);
                if (new - *slot).abs() > 1e-3 * slot.max(1e-6) {
                    changed = true;
                }
                *slot = new;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::em::aggregate_patterns;

    /// EM trains on distinct patterns with their counts; counting on all cores must give exactly
    /// what counting one vector at a time gives, however many threads share the work.
    #[test]
    fn pattern_counts_do_not_depend_on_the_thread_count() {
        let mut state = 7u64;
        let vectors: Vec<ComparisonVector> = (0..50_000)
            .map(|_| {
                // A small LCG: skewed levels, so some patterns repeat thousands of times and
                // others once.
                let mut levels = [0u8; 10];
                for l in levels.iter_mut() {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    *l = ((state >> 33) % 7).min(3) as u8;
                }
                ComparisonVector::new(&levels).unwrap_or_default()
            })
            .collect();
        let serial = aggregate_patterns(vectors.iter().copied());
        assert!(serial.len() > 100 && serial.len() < vectors.len());
        assert_eq!(
            serial.iter().map(|(_, c)| c).sum::<u64>(),
            vectors.len() as u64
        );
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            assert_eq!(
                pool.install(|| count_patterns(&vectors)),
                serial,
                "{threads} threads"
            );
        }
    }
}
