//! The Fellegi–Sunter model: comparisons, their levels, m/u probabilities and match weights.
//!
//! Vocabulary follows Splink:
//!
//! ```text
//! Model ──┬── comparisons: Vec<ComparisonSpec>      "passport", "name", "birth date", …
//!         │                 └── levels: Vec<LevelSpec>   strongest first, last = "else"
//!         ├── m[i][l] = P(comparison i at level l | the pair is a match)
//!         ├── u[i][l] = P(comparison i at level l | the pair is a non-match)
//!         ├── prior  = λ (see below)
//!         └── trained: TrainingReport               how m/u/λ were obtained
//!
//! ComparisonVector  one candidate pair: level index per comparison (packed, Copy, no heap)
//! match_weight(v)   = log2(λ/(1-λ)) + Σ_i log2(m[i][v_i] / u[i][v_i])   (null levels add 0)
//! match_probability = 2^w / (1 + 2^w)
//! Explanation       the same sum term by term, for reports and the `explain` command
//! ```
//!
//! This module is generic: it knows a comparison only as "comparison `i` has levels `0..n_i`".
//! What the levels mean (exact passport, Damerau ≤ 1, …) is decided by the comparison code
//! built on top of it.
//!
//! # Conventions
//! * m and u of the **non-null** levels of a comparison each sum to 1: they are conditional on
//!   the comparison not being null (missing on either side). Null levels store the placeholder
//!   `m = u = 1.0` and always contribute a weight of exactly 0.
//! * Every probability used in a weight is clamped to `[PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON]`
//!   so weights stay finite (at most ≈ ±29.9 bits per comparison).

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

/// Most comparisons a [`ComparisonVector`] can hold. Real models use 5–10; 16 keeps the vector
/// at 17 bytes, `Copy`, and cheap to hash/sort when millions of pairs are aggregated.
pub const MAX_COMPARISONS: usize = 16;

/// Most levels one comparison can have (levels are stored as `u8`).
pub const MAX_LEVELS: usize = 255;

/// Probabilities are clamped to `[ε, 1-ε]` with this ε before taking logs.
///
/// Why 1e-9: it is small enough not to distort real u values (an exact passport match between two
/// random records is around 1e-7 in a file of a few thousand people) and large enough that one
/// comparison can never contribute more than log2((1-ε)/ε) ≈ 29.9 bits, so weights stay finite
/// and a single zero count in training can never make a pair impossible or certain.
pub const PROBABILITY_EPSILON: f64 = 1e-9;

/// Clamp a probability into `[ε, 1-ε]`; NaN becomes ε (the most conservative finite value).
pub fn clamp_probability(p: f64) -> f64 {
    if p.is_nan() {
        return PROBABILITY_EPSILON;
    }
    p.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)
}

/// One comparison (e.g. "passport") and its levels, strongest first; the last level of each is
/// conventionally "else".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonSpec {
    pub name: String,
    pub levels: Vec<LevelSpec>,
}

/// One comparison level (e.g. "exact match", "Damerau ≤ 1", "else", "missing").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelSpec {
    pub label: String,
    /// "Missing on one side": weight 0, excluded from EM and u estimation.
    pub is_null: bool,
    /// Default m used when EM cannot be trusted (and as EM's starting point).
    pub fixed_m: Option<f64>,
    /// Default u used when the random sample cannot be trusted.
    pub fixed_u: Option<f64>,
}

impl LevelSpec {
    /// A non-null level with fixed fallback values.
    pub fn new(label: &str, fixed_m: f64, fixed_u: f64) -> Self {
        LevelSpec {
            label: label.to_string(),
            is_null: false,
            fixed_m: Some(fixed_m),
            fixed_u: Some(fixed_u),
        }
    }

    /// A non-null level without fixed values (defaults are derived from its rank).
    pub fn plain(label: &str) -> Self {
        LevelSpec {
            label: label.to_string(),
            is_null: false,
            fixed_m: None,
            fixed_u: None,
        }
    }

    /// The "missing" level: contributes nothing.
    pub fn null(label: &str) -> Self {
        LevelSpec {
            label: label.to_string(),
            is_null: true,
            fixed_m: None,
            fixed_u: None,
        }
    }
}

impl ComparisonSpec {
    /// Fallback m per level: `fixed_m` where given, otherwise a default that decreases by a
    /// factor 4 per rank (strongest level most likely among matches); then renormalised so the
    /// non-null levels sum to 1. Null levels get the placeholder 1.0.
    ///
    /// Why rank-based defaults: they give EM an asymmetric starting point (m favours strong
    /// levels, u favours "else"), which is what keeps EM from swapping the two classes.
    pub fn fallback_m(&self) -> Vec<f64> {
        self.fallback(|l| l.fixed_m, false)
    }

    /// Fallback u per level: `fixed_u` where given, otherwise the mirror image of the m default
    /// (the "else" level most likely among non-matches); renormalised like [`Self::fallback_m`].
    pub fn fallback_u(&self) -> Vec<f64> {
        self.fallback(|l| l.fixed_u, true)
    }

    fn fallback(&self, fixed: impl Fn(&LevelSpec) -> Option<f64>, reverse: bool) -> Vec<f64> {
        let k = self.levels.iter().filter(|l| !l.is_null).count();
        let mut rank = 0usize;
        let mut out: Vec<f64> = Vec::with_capacity(self.levels.len());
        for level in &self.levels {
            if level.is_null {
                out.push(1.0);
                continue;
            }
            let r = if reverse { k - 1 - rank } else { rank };
            rank += 1;
            let default = 0.25f64.powi(i32::try_from(r).unwrap_or(i32::MAX));
            let v = match fixed(level) {
                Some(v) if v.is_finite() && v > 0.0 => v,
                _ => default,
            };
            out.push(v);
        }
        normalise_non_null(&self.levels, &mut out);
        out
    }

    /// Number of levels.
    pub fn n_levels(&self) -> usize {
        self.levels.len()
    }

    /// True when `level` exists and is a null level.
    pub fn is_null_level(&self, level: u8) -> bool {
        self.levels
            .get(usize::from(level))
            .is_some_and(|l| l.is_null)
    }
}

/// Rescale the non-null entries of `probs` to sum to 1 and clamp them; null entries become 1.0.
pub(crate) fn normalise_non_null(levels: &[LevelSpec], probs: &mut [f64]) {
    let sum: f64 = levels
        .iter()
        .zip(probs.iter())
        .filter(|(l, p)| !l.is_null && p.is_finite() && **p > 0.0)
        .map(|(_, p)| *p)
        .sum();
    for (l, p) in levels.iter().zip(probs.iter_mut()) {
        if l.is_null {
            *p = 1.0;
        } else if sum > 0.0 && p.is_finite() && *p > 0.0 {
            *p = clamp_probability(*p / sum);
        } else {
            *p = PROBABILITY_EPSILON;
        }
    }
}

/// Levels of one candidate pair: one small integer per comparison, in the model's comparison
/// order. Stored inline (`[u8; MAX_COMPARISONS]` + length): `Copy`, 17 bytes, no heap per pair.
///
/// Ordering and hashing are on the levels (unused slots are always 0), so vectors can be
/// aggregated into patterns and sorted deterministically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ComparisonVector {
    levels: [u8; MAX_COMPARISONS],
    len: u8,
}

impl ComparisonVector {
    /// Build from a slice of levels; `None` if there are more than [`MAX_COMPARISONS`].
    pub fn new(levels: &[u8]) -> Option<Self> {
        if levels.len() > MAX_COMPARISONS {
            return None;
        }
        let mut v = ComparisonVector {
            levels: [0; MAX_COMPARISONS],
            len: u8::try_from(levels.len()).ok()?,
        };
        v.levels.get_mut(..levels.len())?.copy_from_slice(levels);
        Some(v)
    }

    /// Number of comparisons in the vector.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// True when the vector holds no comparison.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Level of comparison `i`, `None` when out of range.
    pub fn level(&self, i: usize) -> Option<u8> {
        if i < self.len() {
            self.levels.get(i).copied()
        } else {
            None
        }
    }

    /// The levels as a slice.
    pub fn levels(&self) -> &[u8] {
        self.levels.get(..self.len()).unwrap_or(&[])
    }

    /// Append one level; returns false (and leaves the vector unchanged) when full.
    pub fn push(&mut self, level: u8) -> bool {
        let at = self.len();
        match self.levels.get_mut(at) {
            Some(slot) => {
                *slot = level;
                self.len += 1;
                true
            }
            None => false,
        }
    }
}

/// How m, u and λ were obtained; saved with the model so a reloaded model says where it came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingReport {
    /// Random pairs drawn for u estimation (0 = u not estimated from data).
    pub u_sample_size: u64,
    /// Candidate pairs (sum of pattern counts) seen by EM.
    pub em_pairs: u64,
    /// Distinct comparison patterns seen by EM.
    pub em_patterns: usize,
    /// EM iterations run.
    pub iterations: usize,
    /// Whether EM met its tolerance before the iteration limit.
    pub converged: bool,
    /// Log-likelihood change (natural log) in the last iteration.
    pub final_log_likelihood_change: f64,
    /// Final log-likelihood (natural log) of the candidate pairs.
    pub log_likelihood: f64,
    /// Whether u was re-estimated by EM (instead of held at the random-sample estimate).
    pub estimated_u_by_em: bool,
    /// Whether λ was estimated by EM.
    pub estimated_prior: bool,
    /// Indices of comparisons whose m (and u, if EM estimated it) fell back to the fixed values.
    pub fallback_comparisons: Vec<usize>,
    /// Whether λ fell back to its starting value.
    pub prior_fallback: bool,
    /// Human-readable notes (warnings and fallbacks), in the order they arose.
    pub notes: Vec<String>,
}

/// The Fellegi–Sunter model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub comparisons: Vec<ComparisonSpec>,
    /// `m[i][l]`: P(level l of comparison i | match).
    pub m: Vec<Vec<f64>>,
    /// `u[i][l]`: P(level l of comparison i | non-match).
    pub u: Vec<Vec<f64>>,
    /// λ: the probability that a pair drawn uniformly from the **candidate pairs the model scores**
    /// (the pairs that passed blocking) is a match. It is *not* the Splink
    /// `probability_two_random_records_match` over all n(n-1)/2 record pairs: blocking already
    /// removed most non-matches, and EM estimates λ on exactly these candidate pairs.
    /// Enters the weight as the prior weight `log2(λ/(1-λ))`.
    pub prior: f64,
    pub trained: TrainingReport,
}

/// One comparison's contribution in an [`Explanation`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExplanationTerm {
    pub comparison: String,
    /// The level of the pair; `None` when the vector had no level for this comparison.
    pub level: Option<u8>,
    pub label: String,
    pub is_null: bool,
    pub m: f64,
    pub u: f64,
    /// log2(m/u), or 0 for null / out-of-range levels.
    pub weight: f64,
}

/// The match weight of one pair, term by term.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub prior: f64,
    pub prior_weight: f64,
    pub terms: Vec<ExplanationTerm>,
    /// Extra named adjustments in bits (e.g. term-frequency adjustments added by the caller).
    pub adjustments: Vec<(String, f64)>,
    pub total_weight: f64,
    pub probability: f64,
}

impl Explanation {
    /// Add a named adjustment (in bits) and update the total and the probability.
    pub fn add_adjustment(&mut self, name: &str, bits: f64) {
        if !bits.is_finite() {
            return;
        }
        self.adjustments.push((name.to_string(), bits));
        self.total_weight += bits;
        self.probability = Model::match_probability(self.total_weight);
    }
}

/// A model's per-level weights, precomputed for the hot loop (millions of pairs): one table
/// lookup per comparison instead of two logs. Rebuild it after changing the model.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightTable {
    prior_weight: f64,
    weights: Vec<Vec<f64>>,
}

impl WeightTable {
    /// Same result as [`Model::match_weight`], bit for bit.
    pub fn match_weight(&self, v: &ComparisonVector) -> f64 {
        let mut w = self.prior_weight;
        for (row, &level) in self.weights.iter().zip(v.levels()) {
            w += row.get(usize::from(level)).copied().unwrap_or(0.0);
        }
        w
    }
}

/// Magic tag in saved model files so a wrong file fails loudly.
const MODEL_FORMAT: &str = "reconcile-fellegi-sunter-model";
const MODEL_FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    version: u32,
    model: Model,
}

impl Model {
    /// A model with fallback m/u (see [`ComparisonSpec::fallback_m`]) and the given prior λ
    /// (clamped into `[ε, 1-ε]`, see [`PROBABILITY_EPSILON`]).
    /// Fails on an unusable spec (no comparison, too many, a comparison with no level or more
    /// than 255, a comparison whose levels are all null).
    pub fn new(comparisons: Vec<ComparisonSpec>, prior: f64) -> anyhow::Result<Model> {
        let m = comparisons.iter().map(ComparisonSpec::fallback_m).collect();
        let u = comparisons.iter().map(ComparisonSpec::fallback_u).collect();
        let model = Model {
            comparisons,
            m,
            u,
            prior: clamp_probability(prior),
            trained: TrainingReport::default(),
        };
        model.validate()?;
        Ok(model)
    }

    /// Check shapes and values; reports every problem at once.
    pub fn validate(&self) -> anyhow::Result<()> {
        let mut problems: Vec<String> = Vec::new();
        if self.comparisons.is_empty() {
            problems.push("the model has no comparison".into());
        }
        if self.comparisons.len() > MAX_COMPARISONS {
            problems.push(format!(
                "the model has {} comparisons; at most {MAX_COMPARISONS} are supported",
                self.comparisons.len()
            ));
        }
        if self.m.len() != self.comparisons.len() || self.u.len() != self.comparisons.len() {
            problems.push(format!(
                "{} comparisons but {} m rows and {} u rows",
                self.comparisons.len(),
                self.m.len(),
                self.u.len()
            ));
        }
        for (i, c) in self.comparisons.iter().enumerate() {
            let n = c.levels.len();
            if n == 0 {
                problems.push(format!("comparison {i} ({}) has no level", c.name));
            }
            if n > MAX_LEVELS {
                problems.push(format!(
                    "comparison {i} ({}) has {n} levels; at most {MAX_LEVELS}",
                    c.name
                ));
            }
            if n > 0 && c.levels.iter().all(|l| l.is_null) {
                problems.push(format!("comparison {i} ({}) has only null levels", c.name));
            }
            for (what, table) in [("m", &self.m), ("u", &self.u)] {
                if let Some(row) = table.get(i) {
                    if row.len() != n {
                        problems.push(format!(
                            "comparison {i} ({}): {n} levels but {} {what} values",
                            c.name,
                            row.len()
                        ));
                    }
                    if let Some(bad) = row
                        .iter()
                        .find(|p| !(p.is_finite() && **p > 0.0 && **p <= 1.0))
                    {
                        problems.push(format!(
                            "comparison {i} ({}): {what} value {bad} is not in (0, 1]",
                            c.name
                        ));
                    }
                }
            }
        }
        if !(self.prior.is_finite() && self.prior > 0.0 && self.prior < 1.0) {
            problems.push(format!("prior {} is not in (0, 1)", self.prior));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            bail!("invalid model: {}", problems.join("; "))
        }
    }

    /// The prior weight log2(λ/(1-λ)), λ clamped.
    pub fn prior_weight(&self) -> f64 {
        let p = clamp_probability(self.prior);
        (p / (1.0 - p)).log2()
    }

    /// log2(m/u) of one level; 0 for null levels and for levels/comparisons out of range
    /// (a malformed vector never panics and never adds evidence).
    pub fn level_weight(&self, comparison: usize, level: u8) -> f64 {
        let Some(spec) = self.comparisons.get(comparison) else {
            return 0.0;
        };
        let l = usize::from(level);
        match spec.levels.get(l) {
            Some(ls) if !ls.is_null => {}
            _ => return 0.0,
        }
        let m = self.m.get(comparison).and_then(|r| r.get(l)).copied();
        let u = self.u.get(comparison).and_then(|r| r.get(l)).copied();
        match (m, u) {
            (Some(m), Some(u)) => (clamp_probability(m) / clamp_probability(u)).log2(),
            _ => 0.0,
        }
    }

    /// log2(λ/(1-λ)) + Σ log2(m/u); null levels add 0. Extra entries in `v` beyond the model's
    /// comparisons are ignored.
    pub fn match_weight(&self, v: &ComparisonVector) -> f64 {
        let mut w = self.prior_weight();
        for (i, &level) in v.levels().iter().enumerate() {
            w += self.level_weight(i, level);
        }
        w
    }

    /// 2^w / (1 + 2^w), computed as 1 / (1 + 2^-w) so that large |w| saturates to 0 or 1
    /// instead of overflowing to NaN.
    pub fn match_probability(weight: f64) -> f64 {
        1.0 / (1.0 + (-weight).exp2())
    }

    /// Precompute all level weights (see [`WeightTable`]).
    pub fn weight_table(&self) -> WeightTable {
        let weights = self
            .comparisons
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (0..c.levels.len())
                    .map(|l| u8::try_from(l).map_or(0.0, |l| self.level_weight(i, l)))
                    .collect()
            })
            .collect();
        WeightTable {
            prior_weight: self.prior_weight(),
            weights,
        }
    }

    /// The weight of `v` term by term. `total_weight` equals [`Model::match_weight`] exactly
    /// (same terms, same order of summation).
    pub fn explain(&self, v: &ComparisonVector) -> Explanation {
        let prior_weight = self.prior_weight();
        let mut total = prior_weight;
        let mut terms = Vec::with_capacity(self.comparisons.len());
        for (i, spec) in self.comparisons.iter().enumerate() {
            let level = v.level(i);
            let (label, is_null, m, u) = match level.and_then(|l| {
                let li = usize::from(l);
                let ls = spec.levels.get(li)?;
                let m = self.m.get(i).and_then(|r| r.get(li)).copied()?;
                let u = self.u.get(i).and_then(|r| r.get(li)).copied()?;
                Some((ls.label.clone(), ls.is_null, m, u))
            }) {
                Some(t) => t,
                None => ("(no level)".to_string(), true, 1.0, 1.0),
            };
            let weight = level.map_or(0.0, |l| self.level_weight(i, l));
            total += weight;
            terms.push(ExplanationTerm {
                comparison: spec.name.clone(),
                level,
                label,
                is_null,
                m,
                u,
                weight,
            });
        }
        // Levels beyond the model's comparisons add nothing, exactly as in match_weight.
        Explanation {
            prior: self.prior,
            prior_weight,
            terms,
            adjustments: Vec::new(),
            total_weight: total,
            probability: Model::match_probability(total),
        }
    }

    /// Serialise to pretty JSON (saved to the output folder, reloaded with `--model`).
    ///
    /// Serialising these plain types cannot fail with serde_json (non-finite floats would become
    /// `null`, but every float here is kept finite); should it ever fail, the result is `"{}"`,
    /// which [`Model::from_json`] rejects loudly rather than loading a wrong model.
    pub fn to_json(&self) -> String {
        let file = ModelFile {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_FORMAT_VERSION,
            model: self.clone(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".to_string())
    }

    /// Load a model saved by [`Model::to_json`] and validate it.
    pub fn from_json(s: &str) -> anyhow::Result<Model> {
        let file: ModelFile = serde_json::from_str(s).context("reading the model file (JSON)")?;
        if file.format != MODEL_FORMAT {
            bail!(
                "not a reconcile model file (format tag {:?}, expected {MODEL_FORMAT:?})",
                file.format
            );
        }
        if file.version != MODEL_FORMAT_VERSION {
            bail!(
                "model file version {} is not supported (expected {MODEL_FORMAT_VERSION})",
                file.version
            );
        }
        file.model.validate()?;
        Ok(file.model)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small model used across the link tests: passport (exact / near / else / null),
    /// name (exact / fuzzy / else / null), birth date (exact / year / else).
    pub(crate) fn sample_specs() -> Vec<ComparisonSpec> {
        vec![
            ComparisonSpec {
                name: "passport".into(),
                levels: vec![
                    LevelSpec::new("exact", 0.9, 0.0001),
                    LevelSpec::new("damerau<=1", 0.05, 0.001),
                    LevelSpec::new("else", 0.05, 0.9989),
                    LevelSpec::null("missing"),
                ],
            },
            ComparisonSpec {
                name: "name".into(),
                levels: vec![
                    LevelSpec::new("exact", 0.7, 0.01),
                    LevelSpec::new("fuzzy", 0.25, 0.09),
                    LevelSpec::new("else", 0.05, 0.9),
                    LevelSpec::null("missing"),
                ],
            },
            ComparisonSpec {
                name: "birth_date".into(),
                levels: vec![
                    LevelSpec::new("exact", 0.8, 0.002),
                    LevelSpec::new("same year", 0.1, 0.05),
                    LevelSpec::new("else", 0.1, 0.948),
                ],
            },
        ]
    }

    fn sample_model() -> Model {
        match Model::new(sample_specs(), 0.01) {
            Ok(m) => m,
            Err(e) => panic!("sample model invalid: {e}"),
        }
    }

    fn v(levels: &[u8]) -> ComparisonVector {
        ComparisonVector::new(levels).unwrap_or_default()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn comparison_vector_basics() {
        let cases: [(&[u8], Option<usize>); 5] = [
            (&[], Some(0)),
            (&[1], Some(1)),
            (&[0, 1, 2], Some(3)),
            (&[7; 16], Some(16)),
            (&[7; 17], None),
        ];
        for (levels, expected_len) in cases {
            let got = ComparisonVector::new(levels);
            assert_eq!(got.map(|x| x.len()), expected_len, "{levels:?}");
            if let Some(x) = got {
                assert_eq!(x.levels(), levels);
                assert_eq!(x.level(levels.len()), None);
            }
        }
        let mut x = ComparisonVector::default();
        for i in 0..16u8 {
            assert!(x.push(i));
        }
        assert!(!x.push(99));
        assert_eq!(x.len(), 16);
        assert_eq!(x.level(15), Some(15));
        assert_eq!(std::mem::size_of::<ComparisonVector>(), 17);
        // Ordering is lexicographic on levels.
        assert!(v(&[0, 1]) < v(&[0, 2]));
        assert!(v(&[0, 2]) < v(&[1, 0]));
    }

    #[test]
    fn match_weight_matches_hand_computation() {
        let model = sample_model();
        let prior_w = (0.01f64 / 0.99).log2();
        let cases: [(&[u8], f64); 7] = [
            (
                &[0, 0, 0],
                prior_w
                    + (0.9f64 / 0.0001).log2()
                    + (0.7f64 / 0.01).log2()
                    + (0.8f64 / 0.002).log2(),
            ),
            (
                &[2, 2, 2],
                prior_w
                    + (0.05f64 / 0.9989).log2()
                    + (0.05f64 / 0.9).log2()
                    + (0.1f64 / 0.948).log2(),
            ),
            // null passport and null name add nothing
            (&[3, 3, 0], prior_w + (0.8f64 / 0.002).log2()),
            (
                &[3, 1, 1],
                prior_w + (0.25f64 / 0.09).log2() + (0.1f64 / 0.05).log2(),
            ),
            // out-of-range level is ignored, as is a missing comparison
            (&[9, 0], prior_w + (0.7f64 / 0.01).log2()),
            (&[], prior_w),
            // extra comparisons beyond the model are ignored
            (&[3, 3, 2, 0, 0], prior_w + (0.1f64 / 0.948).log2()),
        ];
        for (levels, expected) in cases {
            let got = model.match_weight(&v(levels));
            assert!(
                close(got, expected, 1e-9),
                "{levels:?}: {got} vs {expected}"
            );
            assert_eq!(
                model.weight_table().match_weight(&v(levels)).to_bits(),
                got.to_bits()
            );
        }
    }

    #[test]
    fn any_vector_gives_a_finite_weight() {
        let model = sample_model();
        let table = model.weight_table();
        for a in (0..=255u8).step_by(3) {
            for b in [0u8, 1, 2, 3, 4, 254, 255] {
                for len in 0..=5usize {
                    let levels = [a, b, a.wrapping_add(b), b, a];
                    let vec = v(levels.get(..len).unwrap_or(&[]));
                    let w = model.match_weight(&vec);
                    assert!(w.is_finite(), "{vec:?}");
                    assert_eq!(table.match_weight(&vec).to_bits(), w.to_bits());
                    let p = Model::match_probability(w);
                    assert!((0.0..=1.0).contains(&p));
                }
            }
        }
    }

    #[test]
    fn match_probability_math() {
        let cases = [
            (0.0, 0.5),
            (1.0, 2.0 / 3.0),
            (-1.0, 1.0 / 3.0),
            (3.0, 8.0 / 9.0),
            (10.0, 1024.0 / 1025.0),
            (2000.0, 1.0),
            (-2000.0, 0.0),
            (f64::INFINITY, 1.0),
            (f64::NEG_INFINITY, 0.0),
        ];
        for (w, p) in cases {
            let got = Model::match_probability(w);
            assert!(close(got, p, 1e-12), "{w}: {got} vs {p}");
        }
        // symmetry: p(w) + p(-w) = 1
        for w in [-7.5, -0.3, 0.1, 4.2, 12.0] {
            assert!(close(
                Model::match_probability(w) + Model::match_probability(-w),
                1.0,
                1e-12
            ));
        }
    }

    #[test]
    fn explain_total_equals_match_weight() {
        let model = sample_model();
        let vectors: [&[u8]; 8] = [
            &[0, 0, 0],
            &[1, 2, 0],
            &[2, 2, 2],
            &[3, 3, 2],
            &[3, 0, 1],
            &[0],
            &[],
            &[5, 5, 5],
        ];
        for levels in vectors {
            let vec = v(levels);
            let e = model.explain(&vec);
            assert_eq!(
                e.total_weight.to_bits(),
                model.match_weight(&vec).to_bits(),
                "{levels:?}"
            );
            assert_eq!(e.terms.len(), 3);
            let sum: f64 = e.prior_weight + e.terms.iter().map(|t| t.weight).sum::<f64>();
            assert!(close(sum, e.total_weight, 1e-12));
            assert!(close(
                e.probability,
                Model::match_probability(e.total_weight),
                0.0
            ));
        }
        let e = model.explain(&v(&[3, 0, 2]));
        let labels: Vec<&str> = e.terms.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["missing", "exact", "else"]);
        assert!(e
            .terms
            .first()
            .is_some_and(|t| t.is_null && t.weight == 0.0));
        let mut e = model.explain(&v(&[0, 0, 0]));
        let before = e.total_weight;
        e.add_adjustment("tf name", -2.5);
        assert!(close(e.total_weight, before - 2.5, 1e-12));
        assert!(close(
            e.probability,
            Model::match_probability(before - 2.5),
            0.0
        ));
    }

    #[test]
    fn probabilities_are_clamped_so_weights_stay_finite() {
        let mut model = sample_model();
        if let Some(row) = model.m.get_mut(0) {
            row[0] = 0.0; // would be -inf bits unclamped
        }
        if let Some(row) = model.u.get_mut(1) {
            row[0] = 1e-300;
        }
        let w = model.match_weight(&v(&[0, 0, 0]));
        assert!(w.is_finite());
        let max_bits = ((1.0 - PROBABILITY_EPSILON) / PROBABILITY_EPSILON).log2();
        assert!(model.level_weight(0, 0) >= -max_bits - 1e-9);
        assert!(model.level_weight(1, 0) <= max_bits + 1e-9);
        let cases = [
            (0.0, PROBABILITY_EPSILON),
            (1.0, 1.0 - PROBABILITY_EPSILON),
            (0.3, 0.3),
            (f64::NAN, PROBABILITY_EPSILON),
            (-4.0, PROBABILITY_EPSILON),
        ];
        for (p, expected) in cases {
            assert_eq!(clamp_probability(p), expected, "{p}");
        }
    }

    #[test]
    fn fallback_values_are_normalised() {
        let spec = ComparisonSpec {
            name: "x".into(),
            levels: vec![
                LevelSpec::plain("a"),
                LevelSpec::plain("b"),
                LevelSpec::null("missing"),
                LevelSpec::plain("else"),
            ],
        };
        let m = spec.fallback_m();
        let u = spec.fallback_u();
        // defaults 1, 1/4, 1/16 normalised over the non-null levels
        let s = 1.0 + 0.25 + 0.0625;
        let cases = [
            (0, 1.0 / s, 0.0625 / s),
            (1, 0.25 / s, 0.25 / s),
            (2, 1.0, 1.0),
            (3, 0.0625 / s, 1.0 / s),
        ];
        for (i, em, eu) in cases {
            assert!(close(m[i], em, 1e-12), "m[{i}]");
            assert!(close(u[i], eu, 1e-12), "u[{i}]");
        }
        // fixed values that do not sum to 1 are rescaled
        let spec = ComparisonSpec {
            name: "y".into(),
            levels: vec![LevelSpec::new("a", 2.0, 1.0), LevelSpec::new("b", 2.0, 3.0)],
        };
        assert_eq!(spec.fallback_m(), vec![0.5, 0.5]);
        assert_eq!(spec.fallback_u(), vec![0.25, 0.75]);
    }

    #[test]
    fn invalid_models_are_rejected() {
        let null_only = vec![ComparisonSpec {
            name: "n".into(),
            levels: vec![LevelSpec::null("missing")],
        }];
        let no_levels = vec![ComparisonSpec {
            name: "e".into(),
            levels: vec![],
        }];
        let too_many: Vec<ComparisonSpec> = (0..17)
            .map(|i| ComparisonSpec {
                name: format!("c{i}"),
                levels: vec![LevelSpec::plain("x")],
            })
            .collect();
        let cases: [(Vec<ComparisonSpec>, &str); 4] = [
            (vec![], "no comparison"),
            (null_only, "only null levels"),
            (no_levels, "has no level"),
            (too_many, "at most 16"),
        ];
        for (specs, needle) in cases {
            match Model::new(specs, 0.1) {
                Ok(_) => panic!("expected an error containing {needle:?}"),
                Err(e) => assert!(e.to_string().contains(needle), "{e}"),
            }
        }
        let mut model = sample_model();
        model.m.pop();
        assert!(model.validate().is_err());
    }

    #[test]
    fn json_round_trip() {
        let mut model = sample_model();
        model
            .trained
            .notes
            .push("EM did not converge: used fixed m for name".into());
        model.trained.fallback_comparisons = vec![1];
        model.trained.iterations = 17;
        model.trained.log_likelihood = -1234.5;
        let json = model.to_json();
        let back = match Model::from_json(&json) {
            Ok(m) => m,
            Err(e) => panic!("round trip failed: {e:#}"),
        };
        assert_eq!(back, model);
        for levels in [&[0u8, 0, 0][..], &[1, 2, 1], &[3, 3, 2]] {
            assert_eq!(
                back.match_weight(&v(levels)).to_bits(),
                model.match_weight(&v(levels)).to_bits()
            );
        }
    }

    #[test]
    fn bad_json_is_rejected() {
        let good = sample_model().to_json();
        let cases = [
            ("".to_string(), "JSON"),
            ("{}".to_string(), "JSON"),
            ("not json".to_string(), "JSON"),
            (good.replace(MODEL_FORMAT, "something-else"), "format tag"),
            (
                good.replace("\"version\": 1", "\"version\": 99"),
                "version 99",
            ),
            (good.replace("\"prior\": 0.01", "\"prior\": 1.5"), "prior"),
        ];
        for (text, needle) in cases {
            match Model::from_json(&text) {
                Ok(_) => panic!("accepted bad JSON, expected {needle:?}"),
                Err(e) => assert!(format!("{e:#}").contains(needle), "{e:#}"),
            }
        }
    }
}
