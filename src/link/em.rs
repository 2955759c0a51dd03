//! Training the [`Model`]: u from random pairs, m (and optionally u, λ) by expectation–maximisation.
//!
//! ```text
//! random record pairs ──sampler──▶ estimate_u ──▶ UEstimate ──apply_to──▶ Model.u
//! candidate pairs ──aggregate_patterns──▶ [(ComparisonVector, count)] ──train_em──▶ Model.m, λ
//!                                                                         └──▶ TrainingReport
//! ```
//!
//! This is the Splink recipe: u is best measured directly on random pairs (almost all of which are
//! non-matches), then EM over the blocked candidate pairs estimates m (and λ) with u held fixed.
//! EM runs on **aggregated patterns**: millions of pairs collapse to a few thousand distinct
//! comparison vectors, so each iteration costs O(patterns × comparisons).
//!
//! Main types: [`UEstimate`], [`EmOptions`], and [`TrainingReport`] (defined in `model`, saved
//! with the model).
//!
//! Determinism: the RNG is a seeded ChaCha8; patterns are sorted before EM and every float sum
//! runs in that order, so the same input gives a bit-identical model.
//!
//! Trust: EM is not trusted when there are too few pairs, when it does not converge, when the
//! strongest level ends up with m < u, or when λ collapses towards 0 or 1. The affected
//! comparisons then fall back to their `LevelSpec` fixed values and the report says why.

use std::collections::HashMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::model::{
    clamp_probability, normalise_non_null, ComparisonSpec, ComparisonVector, Model, TrainingReport,
};

/// The RNG handed to u-sampling closures: seeded, portable, fast.
pub type SampleRng = ChaCha8Rng;

/// Additive (Jeffreys, α = ½) smoothing of u counts, so a level never seen among the random
/// pairs gets u ≈ 0.5/N instead of 0 (an infinite weight).
pub const U_SMOOTHING: f64 = 0.5;

/// Below this many non-null random pairs a comparison's u estimate is noted as unreliable and
/// its fixed u values are kept.
pub const MIN_U_SAMPLE: u64 = 100;

/// Result of [`estimate_u`].
#[derive(Debug, Clone, PartialEq)]
pub struct UEstimate {
    /// Smoothed u per comparison and level (null levels hold the placeholder 1.0).
    pub u: Vec<Vec<f64>>,
    /// Raw level counts per comparison (null levels included, out-of-range levels not).
    pub counts: Vec<Vec<u64>>,
    /// Pairs the sampler returned.
    pub n_sampled: u64,
    /// Draws where the sampler returned `None` (e.g. it drew the same record twice).
    pub n_skipped: u64,
    /// Comparisons left at their fixed u because of too few non-null samples.
    pub kept_fixed: Vec<usize>,
    pub notes: Vec<String>,
}

impl UEstimate {
    /// Put the estimated u into `model` and record the sample in its training report.
    pub fn apply_to(&self, model: &mut Model) {
        for (row, est) in model.u.iter_mut().zip(&self.u) {
            if row.len() == est.len() {
                row.clone_from(est);
            }
        }
        model.trained.u_sample_size = self.n_sampled;
        model.trained.notes.extend(self.notes.iter().cloned());
    }
}

/// Estimate u from `n_random_pairs` draws of `sampler`, which picks a random record pair with the
/// given RNG and returns its comparison vector (or `None` to skip the draw).
///
/// u of each non-null level is `(count + ½) / (non-null count + ½·k)` for the comparison's k
/// non-null levels. A comparison with fewer than [`MIN_U_SAMPLE`] non-null draws keeps its
/// fixed/default u and gets a note. Deterministic for a given `seed` and sampler.
pub fn estimate_u<F>(
    comparisons: &[ComparisonSpec],
    n_random_pairs: u64,
    seed: u64,
    mut sampler: F,
) -> UEstimate
where
    F: FnMut(&mut SampleRng) -> Option<ComparisonVector>,
{
    let mut rng = SampleRng::seed_from_u64(seed);
    let mut counts: Vec<Vec<u64>> = comparisons
        .iter()
        .map(|c| vec![0u64; c.levels.len()])
        .collect();
    let mut n_sampled = 0u64;
    let mut n_skipped = 0u64;
    let mut out_of_range = 0u64;
    for _ in 0..n_random_pairs {
        let Some(v) = sampler(&mut rng) else {
            n_skipped += 1;
            continue;
        };
        n_sampled += 1;
        for (row, &level) in counts.iter_mut().zip(v.levels()) {
            match row.get_mut(usize::from(level)) {
                Some(c) => *c += 1,
                None => out_of_range += 1,
            }
        }
    }
    let mut notes = Vec::new();
    if out_of_range > 0 {
        notes.push(format!(
            "u sample: {out_of_range} comparison levels were out of range and ignored"
        ));
    }
    let mut kept_fixed = Vec::new();
    let mut u = Vec::with_capacity(comparisons.len());
    for (i, (spec, row)) in comparisons.iter().zip(&counts).enumerate() {
        let non_null: u64 = spec
            .levels
            .iter()
            .zip(row)
            .filter(|(l, _)| !l.is_null)
            .map(|(_, c)| *c)
            .sum();
        if non_null < MIN_U_SAMPLE {
            kept_fixed.push(i);
            notes.push(format!(
                "u sample: comparison {:?} was non-null in only {non_null} of {n_sampled} random pairs; kept its fixed u",
                spec.name
            ));
            u.push(spec.fallback_u());
            continue;
        }
        let k = spec.levels.iter().filter(|l| !l.is_null).count() as f64;
        let denom = non_null as f64 + U_SMOOTHING * k;
        let mut est: Vec<f64> = spec
            .levels
            .iter()
            .zip(row)
            .map(|(l, &c)| {
                if l.is_null {
                    1.0
                } else {
                    (c as f64 + U_SMOOTHING) / denom
                }
            })
            .collect();
        normalise_non_null(&spec.levels, &mut est);
        u.push(est);
    }
    UEstimate {
        u,
        counts,
        n_sampled,
        n_skipped,
        kept_fixed,
        notes,
    }
}

/// Collapse pair vectors into sorted (pattern, count) rows for [`train_em`].
pub fn aggregate_patterns<I>(vectors: I) -> Vec<(ComparisonVector, u64)>
where
    I: IntoIterator<Item = ComparisonVector>,
{
    aggregate_counted(vectors.into_iter().map(|v| (v, 1)))
}

/// Collapse (pattern, count) rows, where a pattern may repeat, into sorted distinct rows: the
/// training sessions hide comparisons, which makes distinct patterns equal.
pub fn aggregate_counted<I>(rows: I) -> Vec<(ComparisonVector, u64)>
where
    I: IntoIterator<Item = (ComparisonVector, u64)>,
{
    let mut map: HashMap<ComparisonVector, u64> = HashMap::new();
    for (v, n) in rows {
        let c = map.entry(v).or_insert(0);
        *c = c.saturating_add(n);
    }
    let mut rows: Vec<(ComparisonVector, u64)> = map.into_iter().collect();
    rows.sort_unstable_by_key(|(v, _)| *v);
    rows
}

/// EM settings. `Default` gives the Splink-like recipe: m and λ estimated, u held fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct EmOptions {
    /// Stop when no m, u or λ changes by more than this between iterations.
    pub tolerance: f64,
    /// Give up (and fall back) after this many iterations.
    pub max_iterations: usize,
    /// Fewer candidate pairs than this: EM is not run, fixed m values are used.
    pub min_pairs: u64,
    /// Estimate λ (otherwise it stays at the model's prior).
    pub estimate_prior: bool,
    /// Also re-estimate u from the candidate pairs (instead of holding the random-sample u).
    pub estimate_u: bool,
    /// λ below this after EM counts as "collapsed to 0".
    pub min_prior: f64,
    /// λ above this after EM counts as "collapsed to 1".
    pub max_prior: f64,
}

impl Default for EmOptions {
    fn default() -> Self {
        EmOptions {
            tolerance: 1e-7,
            max_iterations: 1000,
            min_pairs: 1000,
            estimate_prior: true,
            estimate_u: false,
            min_prior: 1e-6,
            max_prior: 0.999,
        }
    }
}

/// One EM pass's sufficient statistics and log-likelihood.
struct Step {
    m_counts: Vec<Vec<f64>>,
    u_counts: Vec<Vec<f64>>,
    match_mass: f64,
    total_mass: f64,
    log_likelihood: f64,
}

/// Precomputed natural-log tables for one iteration.
fn ln_table(model_rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    model_rows
        .iter()
        .map(|r| r.iter().map(|p| clamp_probability(*p).ln()).collect())
        .collect()
}

/// E-step over the sorted patterns: posterior match probability per pattern, accumulated into
/// expected level counts among matches and non-matches.
fn e_step(
    specs: &[ComparisonSpec],
    patterns: &[(ComparisonVector, u64)],
    m: &[Vec<f64>],
    u: &[Vec<f64>],
    prior: f64,
) -> Step {
    let ln_m = ln_table(m);
    let ln_u = ln_table(u);
    let lam = clamp_probability(prior);
    let ln_lam = lam.ln();
    let ln_not = (1.0 - lam).ln();
    let mut m_counts: Vec<Vec<f64>> = specs.iter().map(|c| vec![0.0; c.levels.len()]).collect();
    let mut u_counts = m_counts.clone();
    let mut match_mass = 0.0;
    let mut total_mass = 0.0;
    let mut log_likelihood = 0.0;
    for (v, count) in patterns {
        let c = *count as f64;
        let mut lm = ln_lam;
        let mut lu = ln_not;
        for (i, &level) in v.levels().iter().enumerate() {
            if is_informative(specs, i, level) {
                let l = usize::from(level);
                lm += ln_m.get(i).and_then(|r| r.get(l)).copied().unwrap_or(0.0);
                lu += ln_u.get(i).and_then(|r| r.get(l)).copied().unwrap_or(0.0);
            }
        }
        // log(e^lm + e^lu) without overflow; posterior γ = e^lm / (e^lm + e^lu).
        let hi = lm.max(lu);
        let lse = hi + ((lm - hi).exp() + (lu - hi).exp()).ln();
        let gamma = (lm - lse).exp();
        log_likelihood += c * lse;
        match_mass += c * gamma;
        total_mass += c;
        for (i, &level) in v.levels().iter().enumerate() {
            if is_informative(specs, i, level) {
                let l = usize::from(level);
                if let Some(x) = m_counts.get_mut(i).and_then(|r| r.get_mut(l)) {
                    *x += c * gamma;
                }
                if let Some(x) = u_counts.get_mut(i).and_then(|r| r.get_mut(l)) {
                    *x += c * (1.0 - gamma);
                }
            }
        }
    }
    Step {
        m_counts,
        u_counts,
        match_mass,
        total_mass,
        log_likelihood,
    }
}

/// A level takes part in the likelihood when it exists and is not null.
fn is_informative(specs: &[ComparisonSpec], i: usize, level: u8) -> bool {
    specs
        .get(i)
        .and_then(|c| c.levels.get(usize::from(level)))
        .is_some_and(|l| !l.is_null)
}

/// M-step for one table: expected counts → probabilities; a comparison with no expected mass
/// keeps its previous values. Returns the largest absolute change.
fn m_step(specs: &[ComparisonSpec], counts: &[Vec<f64>], probs: &mut [Vec<f64>]) -> f64 {
    let mut max_change: f64 = 0.0;
    for ((spec, row), p) in specs.iter().zip(counts).zip(probs.iter_mut()) {
        let total: f64 = spec
            .levels
            .iter()
            .zip(row)
            .filter(|(l, _)| !l.is_null)
            .map(|(_, c)| *c)
            .sum();
        if total <= 0.0 || !total.is_finite() {
            continue;
        }
        let mut new: Vec<f64> = row.iter().map(|c| c / total).collect();
        normalise_non_null(&spec.levels, &mut new);
        for (old, n) in p.iter_mut().zip(&new) {
            max_change = max_change.max((*old - n).abs());
            *old = *n;
        }
    }
    max_change
}

/// Merge duplicate patterns and sort them, so EM's float sums do not depend on input order.
fn canonical_patterns(patterns: &[(ComparisonVector, u64)]) -> Vec<(ComparisonVector, u64)> {
    let mut rows: Vec<(ComparisonVector, u64)> =
        patterns.iter().filter(|(_, c)| *c > 0).copied().collect();
    rows.sort_unstable_by_key(|(v, _)| *v);
    let mut merged: Vec<(ComparisonVector, u64)> = Vec::with_capacity(rows.len());
    for (v, c) in rows {
        match merged.last_mut() {
            Some((lv, lc)) if *lv == v => *lc = lc.saturating_add(c),
            _ => merged.push((v, c)),
        }
    }
    merged
}

/// Index of the strongest (first) non-null level of a comparison.
fn top_level(spec: &ComparisonSpec) -> Option<usize> {
    spec.levels.iter().position(|l| !l.is_null)
}

/// Run EM over aggregated candidate-pair patterns, starting from the model's current m, u and λ
/// (u normally comes from [`estimate_u`]). Updates `model` in place (m, and u/λ when asked),
/// applies the trust checks and fallbacks described in the module docs, stores the report in
/// `model.trained` and returns it.
///
/// Null levels and out-of-range levels are ignored in the likelihood. Pattern order and
/// duplicates in the input do not matter.
pub fn train_em(
    model: &mut Model,
    patterns: &[(ComparisonVector, u64)],
    opts: &EmOptions,
) -> TrainingReport {
    let specs = model.comparisons.clone();
    let mut patterns = canonical_patterns(patterns);
    // Pairs with no informative level (everything null) carry no evidence about m, u or λ.
    let before: u64 = patterns.iter().fold(0u64, |a, (_, c)| a.saturating_add(*c));
    patterns.retain(|(v, _)| {
        v.levels()
            .iter()
            .enumerate()
            .any(|(i, &l)| is_informative(&specs, i, l))
    });
    let uninformative = before - patterns.iter().fold(0u64, |a, (_, c)| a.saturating_add(*c));
    let mut report = TrainingReport {
        u_sample_size: model.trained.u_sample_size,
        notes: model.trained.notes.clone(),
        em_patterns: patterns.len(),
        em_pairs: patterns.iter().fold(0u64, |a, (_, c)| a.saturating_add(*c)),
        estimated_u_by_em: opts.estimate_u,
        estimated_prior: opts.estimate_prior,
        ..TrainingReport::default()
    };
    if uninformative > 0 {
        report.notes.push(format!(
            "EM ignored {uninformative} candidate pairs with no non-null comparison"
        ));
    }
    let start_prior = model.prior;
    let start_u = model.u.clone();

    if report.em_pairs < opts.min_pairs {
        report.notes.push(format!(
            "EM not run: only {} candidate pairs (minimum {}); using fixed m for every comparison",
            report.em_pairs, opts.min_pairs
        ));
        for (i, spec) in specs.iter().enumerate() {
            fall_back(model, i, spec, opts.estimate_u, &start_u);
            report.fallback_comparisons.push(i);
        }
        report.prior_fallback = opts.estimate_prior;
        model.trained = report.clone();
        return report;
    }

    let mut m = model.m.clone();
    let mut u = model.u.clone();
    let mut prior = clamp_probability(model.prior);
    let mut previous_ll: Option<f64> = None;
    let mut step_ll_change = 0.0;
    for iteration in 1..=opts.max_iterations {
        let step = e_step(&specs, &patterns, &m, &u, prior);
        report.iterations = iteration;
        let mut change = m_step(&specs, &step.m_counts, &mut m);
        if opts.estimate_u {
            change = change.max(m_step(&specs, &step.u_counts, &mut u));
        }
        if opts.estimate_prior && step.total_mass > 0.0 {
            let new_prior = clamp_probability(step.match_mass / step.total_mass);
            change = change.max((new_prior - prior).abs());
            prior = new_prior;
        }
        // step.log_likelihood is the likelihood of the parameters *before* this M-step.
        if let Some(prev) = previous_ll {
            step_ll_change = step.log_likelihood - prev;
        }
        previous_ll = Some(step.log_likelihood);
        report.log_likelihood = step.log_likelihood;
        if change <= opts.tolerance {
            report.converged = true;
            break;
        }
    }
    report.final_log_likelihood_change = if step_ll_change.is_finite() {
        step_ll_change
    } else {
        0.0
    };
    if !report.log_likelihood.is_finite() {
        report.log_likelihood = 0.0;
    }

    model.m = m;
    if opts.estimate_u {
        model.u = u;
    }
    if opts.estimate_prior {
        model.prior = prior;
    }

    // Trust checks. λ collapse and non-convergence both mean EM did not separate two classes:
    // every comparison falls back, and λ returns to its starting value.
    let collapsed =
        opts.estimate_prior && (model.prior < opts.min_prior || model.prior > opts.max_prior);
    if collapsed {
        report.notes.push(format!(
            "EM λ collapsed to {:.6e} (allowed {:.1e}..{}); the two classes were not separated",
            model.prior, opts.min_prior, opts.max_prior
        ));
    }
    if !report.converged {
        report.notes.push(format!(
            "EM did not converge in {} iterations (tolerance {:.1e})",
            opts.max_iterations, opts.tolerance
        ));
    }
    if collapsed || !report.converged {
        report.notes.push(format!(
            "using fixed m for every comparison and the starting λ {start_prior:.6e}"
        ));
        for (i, spec) in specs.iter().enumerate() {
            fall_back(model, i, spec, opts.estimate_u, &start_u);
            report.fallback_comparisons.push(i);
        }
        model.prior = start_prior;
        report.prior_fallback = opts.estimate_prior;
        model.trained = report.clone();
        return report;
    }
    for (i, spec) in specs.iter().enumerate() {
        let Some(top) = top_level(spec) else {
            continue;
        };
        let mt = model
            .m
            .get(i)
            .and_then(|r| r.get(top))
            .copied()
            .unwrap_or(0.0);
        let ut = model
            .u
            .get(i)
            .and_then(|r| r.get(top))
            .copied()
            .unwrap_or(1.0);
        if mt < ut {
            report.notes.push(format!(
                "EM gave comparison {:?} a degenerate m: its strongest level {:?} has m {:.4} < u {:.4}; using fixed values",
                spec.name,
                spec.levels.get(top).map_or("", |l| l.label.as_str()),
                mt,
                ut
            ));
            fall_back(model, i, spec, opts.estimate_u, &start_u);
            report.fallback_comparisons.push(i);
        }
    }
    model.trained = report.clone();
    report
}

/// Restore comparison `i` to its fixed m (and, if EM touched u, to the u it started from).
fn fall_back(
    model: &mut Model,
    i: usize,
    spec: &ComparisonSpec,
    u_too: bool,
    start_u: &[Vec<f64>],
) {
    if let Some(row) = model.m.get_mut(i) {
        *row = spec.fallback_m();
    }
    if u_too {
        if let (Some(row), Some(start)) = (model.u.get_mut(i), start_u.get(i)) {
            row.clone_from(start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::model::LevelSpec;
    use rand::Rng;

    /// Four comparisons with 3–4 levels (one with a null level).
    fn specs() -> Vec<ComparisonSpec> {
        let c = |name: &str, labels: &[&str], null: bool| {
            let mut levels: Vec<LevelSpec> = labels.iter().map(|l| LevelSpec::plain(l)).collect();
            if null {
                levels.push(LevelSpec::null("missing"));
            }
            ComparisonSpec {
                name: name.into(),
                levels,
            }
        };
        vec![
            c("passport", &["exact", "near", "else"], true),
            c("name", &["exact", "token set", "fuzzy", "else"], false),
            c("birth", &["exact", "year", "else"], false),
            c("nationality", &["exact", "else"], true),
        ]
    }

    struct Truth {
        m: Vec<Vec<f64>>,
        u: Vec<Vec<f64>>,
        lambda: f64,
        null_rate: Vec<f64>,
    }

    fn truth() -> Truth {
        Truth {
            m: vec![
                vec![0.85, 0.1, 0.05],
                vec![0.6, 0.2, 0.15, 0.05],
                vec![0.8, 0.12, 0.08],
                vec![0.95, 0.05],
            ],
            u: vec![
                vec![0.01, 0.04, 0.95],
                vec![0.02, 0.05, 0.13, 0.8],
                vec![0.01, 0.09, 0.9],
                vec![0.3, 0.7],
            ],
            lambda: 0.2,
            null_rate: vec![0.3, 0.0, 0.0, 0.1],
        }
    }

    fn draw(rng: &mut SampleRng, probs: &[f64]) -> u8 {
        let x: f64 = rng.random();
        let mut acc = 0.0;
        for (i, p) in probs.iter().enumerate() {
            acc += p;
            if x < acc {
                return u8::try_from(i).unwrap_or(0);
            }
        }
        u8::try_from(probs.len().saturating_sub(1)).unwrap_or(0)
    }

    fn draw_vector(rng: &mut SampleRng, t: &Truth, is_match: bool) -> ComparisonVector {
        let table = if is_match { &t.m } else { &t.u };
        let mut v = ComparisonVector::default();
        for (i, probs) in table.iter().enumerate() {
            let null = t.null_rate.get(i).copied().unwrap_or(0.0);
            let level = if null > 0.0 && rng.random::<f64>() < null {
                u8::try_from(probs.len()).unwrap_or(0) // the null level comes right after
            } else {
                draw(rng, probs)
            };
            v.push(level);
        }
        v
    }

    fn trained_on_mixture(n: usize, opts: &EmOptions) -> (Model, TrainingReport) {
        let t = truth();
        let mut model = match Model::new(specs(), 0.05) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        let est = estimate_u(&model.comparisons, 200_000, 7, |rng| {
            Some(draw_vector(rng, &t, false))
        });
        est.apply_to(&mut model);
        let mut rng = SampleRng::seed_from_u64(42);
        let pairs: Vec<ComparisonVector> = (0..n)
            .map(|_| {
                let is_match = rng.random::<f64>() < t.lambda;
                draw_vector(&mut rng, &t, is_match)
            })
            .collect();
        let patterns = aggregate_patterns(pairs);
        let report = train_em(&mut model, &patterns, opts);
        (model, report)
    }

    fn assert_rows_close(got: &[Vec<f64>], want: &[Vec<f64>], tol: f64, what: &str) {
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            for (l, (a, b)) in g.iter().zip(w).enumerate() {
                assert!((a - b).abs() <= tol, "{what}[{i}][{l}] = {a}, expected {b}");
            }
        }
    }

    #[test]
    fn u_estimate_recovers_u_and_is_deterministic() {
        let t = truth();
        let sp = specs();
        let run = |seed| estimate_u(&sp, 100_000, seed, |rng| Some(draw_vector(rng, &t, false)));
        let a = run(1);
        assert_eq!(a, run(1), "same seed, same result");
        assert_ne!(a.counts, run(2).counts, "another seed draws other pairs");
        assert_eq!(a.n_sampled, 100_000);
        assert!(a.kept_fixed.is_empty());
        assert_rows_close(&a.u, &t.u, 0.01, "u");
        // null levels are counted but hold the placeholder
        let null_count = a
            .counts
            .first()
            .and_then(|r| r.get(3))
            .copied()
            .unwrap_or(0);
        assert!((25_000..35_000).contains(&null_count), "{null_count}");
        assert_eq!(a.u.first().and_then(|r| r.get(3)).copied(), Some(1.0));
    }

    #[test]
    fn u_estimate_smooths_unseen_levels_and_handles_small_samples() {
        let sp = specs();
        // Every sampled pair disagrees everywhere: "exact" levels are never seen.
        let est = estimate_u(&sp, 1000, 3, |rng| {
            if rng.random::<f64>() < 0.1 {
                None
            } else {
                ComparisonVector::new(&[2, 3, 2, 1])
            }
        });
        assert_eq!(est.n_sampled + est.n_skipped, 1000);
        assert!(est.n_skipped > 50);
        let n = est.n_sampled as f64;
        let cases = [
            (0usize, 0usize, 0.5 / (n + 1.5)),
            (1, 0, 0.5 / (n + 2.0)),
            (3, 0, 0.5 / (n + 1.0)),
        ];
        for (i, l, expected) in cases {
            let got = est.u.get(i).and_then(|r| r.get(l)).copied().unwrap_or(0.0);
            assert!(
                (got - expected).abs() < 1e-12,
                "u[{i}][{l}] = {got}, expected {expected}"
            );
        }
        // Too few samples: fixed u kept, with a note.
        let few = estimate_u(&sp, 50, 3, |_| ComparisonVector::new(&[2, 3, 2, 1]));
        assert_eq!(few.kept_fixed, vec![0, 1, 2, 3]);
        assert_eq!(few.notes.len(), 4);
        assert_eq!(
            few.u.first(),
            Some(&sp.first().map(|c| c.fallback_u()).unwrap_or_default())
        );
        // A sampler that never returns a pair does not loop forever.
        let none = estimate_u(&sp, 10, 3, |_| None);
        assert_eq!((none.n_sampled, none.n_skipped), (0, 10));
    }

    #[test]
    fn em_recovers_m_and_lambda_with_u_fixed() {
        let (model, report) = trained_on_mixture(200_000, &EmOptions::default());
        assert!(report.converged, "{report:?}");
        assert!(report.fallback_comparisons.is_empty(), "{:?}", report.notes);
        assert!(report.em_patterns < 300 && report.em_pairs == 200_000);
        let t = truth();
        assert_rows_close(&model.m, &t.m, 0.02, "m");
        assert!((model.prior - t.lambda).abs() < 0.01, "λ = {}", model.prior);
        assert!(report.final_log_likelihood_change.abs() < 1e-3);
        assert_eq!(model.trained, report);
        assert_eq!(report.u_sample_size, 200_000);
    }

    #[test]
    fn em_recovers_m_u_and_lambda_when_estimating_all() {
        let opts = EmOptions {
            estimate_u: true,
            ..EmOptions::default()
        };
        let (model, report) = trained_on_mixture(300_000, &opts);
        assert!(
            report.converged && report.fallback_comparisons.is_empty(),
            "{report:?}"
        );
        let t = truth();
        assert_rows_close(&model.m, &t.m, 0.02, "m");
        assert_rows_close(&model.u, &t.u, 0.02, "u");
        assert!((model.prior - t.lambda).abs() < 0.01, "λ = {}", model.prior);
    }

    #[test]
    fn em_is_deterministic_and_order_independent() {
        let t = truth();
        let mut rng = SampleRng::seed_from_u64(9);
        let pairs: Vec<ComparisonVector> = (0..20_000)
            .map(|_| {
                let is_match = rng.random::<f64>() < 0.3;
                draw_vector(&mut rng, &t, is_match)
            })
            .collect();
        let patterns = aggregate_patterns(pairs.iter().copied());
        let mut reversed = patterns.clone();
        reversed.reverse();
        // split one pattern's count into two rows: must merge to the same input
        let mut split = patterns.clone();
        if let Some((v, c)) = split.first_mut() {
            let half = *c / 2;
            *c -= half;
            let v = *v;
            split.push((v, half));
        }
        let base = match Model::new(specs(), 0.1) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        let mut results = Vec::new();
        for input in [&patterns, &reversed, &split] {
            let mut m = base.clone();
            train_em(&mut m, input, &EmOptions::default());
            results.push(m.to_json());
        }
        assert!(results.windows(2).all(|w| w.first() == w.get(1)));
    }

    #[test]
    fn too_few_pairs_falls_back_to_fixed_values() {
        let mut model = match Model::new(specs(), 0.1) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        model.m = vec![
            vec![0.2, 0.3, 0.5, 1.0],
            vec![0.25; 4],
            vec![0.3, 0.3, 0.4],
            vec![0.5, 0.5, 1.0],
        ];
        let patterns =
            aggregate_patterns((0..10).filter_map(|_| ComparisonVector::new(&[0, 0, 0, 0])));
        let report = train_em(&mut model, &patterns, &EmOptions::default());
        assert_eq!(report.fallback_comparisons, vec![0, 1, 2, 3]);
        assert!(report
            .notes
            .iter()
            .any(|n| n.contains("only 10 candidate pairs")));
        assert_eq!(report.iterations, 0);
        for (row, spec) in model.m.iter().zip(&model.comparisons) {
            assert_eq!(row, &spec.fallback_m());
        }
        assert!((model.prior - 0.1).abs() < 1e-15);
    }

    #[test]
    fn non_convergence_falls_back() {
        let opts = EmOptions {
            max_iterations: 2,
            ..EmOptions::default()
        };
        let (model, report) = trained_on_mixture(20_000, &opts);
        assert!(!report.converged);
        assert_eq!(report.iterations, 2);
        assert!(report.prior_fallback);
        assert_eq!(report.fallback_comparisons.len(), 4);
        assert!(report.notes.iter().any(|n| n.contains("did not converge")));
        assert!((model.prior - 0.05).abs() < 1e-15);
    }

    #[test]
    fn degenerate_m_and_collapsed_lambda_fall_back() {
        // Candidate pairs that agree on everything (as after blocking on passport): every
        // pair is explained as a match and λ collapses to 1.
        let t = truth();
        let mut model = match Model::new(specs(), 0.05) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        let all_exact =
            aggregate_patterns((0..5000).filter_map(|_| ComparisonVector::new(&[0, 0, 0, 0])));
        let report = train_em(&mut model, &all_exact, &EmOptions::default());
        assert!(report.prior_fallback, "{report:?}");
        assert!(
            report.notes.iter().any(|n| n.contains("collapsed")),
            "{:?}",
            report.notes
        );
        assert_eq!(report.fallback_comparisons, vec![0, 1, 2, 3]);
        assert!((model.prior - 0.05).abs() < 1e-15);

        // Candidate pairs that look exactly like random pairs: no second class to find.
        let mut model = match Model::new(specs(), 0.05) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        model.u = t.u.clone();
        for (row, spec) in model.u.iter_mut().zip(&model.comparisons) {
            if spec.levels.last().is_some_and(|l| l.is_null) {
                row.push(1.0);
            }
        }
        let mut rng = SampleRng::seed_from_u64(5);
        let pairs: Vec<ComparisonVector> = (0..20_000)
            .map(|_| draw_vector(&mut rng, &t, false))
            .collect();
        let report = train_em(
            &mut model,
            &aggregate_patterns(pairs),
            &EmOptions {
                max_iterations: 200,
                ..EmOptions::default()
            },
        );
        assert!(
            report.prior_fallback && report.fallback_comparisons.len() == 4,
            "{report:?}"
        );

        // A comparison whose "exact" level is rarer among the candidates than among random
        // pairs (u fixed high) ends with m < u for its top level: it alone falls back.
        let mut model = match Model::new(specs(), 0.2) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        model.u = t.u.clone();
        for (row, spec) in model.u.iter_mut().zip(&model.comparisons) {
            if spec.levels.last().is_some_and(|l| l.is_null) {
                row.push(1.0);
            }
        }
        if let Some(row) = model.u.get_mut(3) {
            *row = vec![0.999, 0.001, 1.0]; // nationality "exact" almost always among non-matches
        }
        let mut truth2 = truth();
        if let Some(row) = truth2.m.get_mut(3) {
            *row = vec![0.5, 0.5];
        }
        let pairs: Vec<ComparisonVector> = (0..50_000)
            .map(|_| {
                let is_match = rng.random::<f64>() < 0.2;
                draw_vector(&mut rng, &truth2, is_match)
            })
            .collect();
        let report = train_em(
            &mut model,
            &aggregate_patterns(pairs),
            &EmOptions::default(),
        );
        assert_eq!(report.fallback_comparisons, vec![3], "{:?}", report.notes);
        assert!(report
            .notes
            .iter()
            .any(|n| n.contains("degenerate") && n.contains("nationality")));
        assert_eq!(
            model.m.get(3),
            model.comparisons.get(3).map(|c| c.fallback_m()).as_ref()
        );
    }

    #[test]
    fn nulls_and_out_of_range_levels_are_ignored() {
        // Patterns where passport is null (level 3) must not move passport m.
        let t = truth();
        let mut rng = SampleRng::seed_from_u64(11);
        let pairs: Vec<ComparisonVector> = (0..20_000)
            .map(|_| {
                let is_match = rng.random::<f64>() < 0.3;
                draw_vector(&mut rng, &t, is_match)
            })
            .collect();
        let base = match Model::new(specs(), 0.2) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        let mut a = base.clone();
        let pa = aggregate_patterns(pairs.iter().copied());
        train_em(&mut a, &pa, &EmOptions::default());
        // Adding pairs whose only informative comparison is absent changes nothing.
        let mut b = base.clone();
        let mut pb = pa.clone();
        pb.extend(ComparisonVector::new(&[3, 200, 77, 2]).map(|v| (v, 5000)));
        train_em(&mut b, &pb, &EmOptions::default());
        assert_eq!(a.m.first(), b.m.first());
        assert!(a
            .m
            .iter()
            .zip(&b.m)
            .all(|(x, y)| x.iter().zip(y).all(|(p, q)| p.is_finite() && q.is_finite())));
    }
}
