//! Training the model without labels, in *sessions* (the approach Splink takes).
//!
//! u comes from random record pairs, where nearly every pair is a non-match. m is estimated by EM
//! on candidate pairs — but candidate pairs were chosen for agreeing on something, so the
//! agreement they were chosen for says nothing about m, and u from random pairs does not describe
//! it among them. Each session therefore selects the candidate pairs that agree on one thing
//! (date of birth; name; a shared identifier), hides the comparisons it selected on (they are set
//! to their null level, which EM ignores), and estimates m for the *other* comparisons. Each
//! comparison's m is the average over the sessions that estimated it; a comparison no session
//! could estimate keeps its fixed m, and the report says so.
//!
//! The prior is the probability that two random records match (as u is measured on random pairs):
//! the date-of-birth session's matches, divided by the share of matches whose dates agree
//! (m of "dob exact", from the other sessions), over all record pairs.

use super::comparison::idx;
use super::em::{aggregate_counted, train_em, EmOptions};
use super::model::{ComparisonVector, Model};

/// One training session: which pairs it uses and which comparisons it hides.
struct Session {
    name: &'static str,
    select: fn(&ComparisonVector) -> bool,
    hidden: &'static [usize],
}

const SESSIONS: &[Session] = &[
    Session {
        name: "pairs with the same date of birth",
        select: |v| v.level(idx::DOB) == Some(0),
        hidden: &[idx::DOB],
    },
    Session {
        name: "pairs with the same name",
        select: |v| matches!(v.level(idx::NAME), Some(0) | Some(1)),
        hidden: &[idx::NAME],
    },
    Session {
        name: "pairs sharing an identifier",
        select: |v| {
            v.level(idx::PASSPORT) == Some(0)
                || v.level(idx::NIK) == Some(0)
                || v.level(idx::ID_NUMBER) == Some(0)
                || v.level(idx::PERMIT) == Some(0)
        },
        hidden: &[idx::PASSPORT, idx::NIK, idx::ID_NUMBER, idx::PERMIT],
    },
];

/// Fewest pairs a session needs for its estimates to count.
pub const MIN_SESSION_PAIRS: u64 = 200;

fn hide(v: &ComparisonVector, hidden: &[usize], null_levels: &[u8]) -> ComparisonVector {
    let mut levels: Vec<u8> = v.levels().to_vec();
    for &h in hidden {
        if let (Some(slot), Some(&null)) = (levels.get_mut(h), null_levels.get(h)) {
            *slot = null;
        }
    }
    ComparisonVector::new(&levels).unwrap_or(*v)
}

/// Trains m and the prior of `model` (whose u is already set) on the candidate pairs' distinct
/// comparison patterns and their counts (thousands of rows instead of millions of pairs; EM's
/// result depends only on the counts). `n_records` sizes the prior. Notes go into
/// `model.trained.notes`.
pub fn train_sessions(model: &mut Model, patterns: &[(ComparisonVector, u64)], n_records: usize) {
    let null_levels: Vec<u8> = model
        .comparisons
        .iter()
        .map(|c| {
            c.levels
                .iter()
                .position(|l| l.is_null)
                .unwrap_or(c.levels.len().saturating_sub(1)) as u8
        })
        .collect();
    let k = model.comparisons.len();
    let mut sums: Vec<Vec<f64>> = model.m.iter().map(|m| vec![0.0; m.len()]).collect();
    let mut counts = vec![0usize; k];
    let mut session_matches: Vec<(usize, f64)> = Vec::new(); // (session index, estimated matches)
    let mut notes: Vec<String> = Vec::new();
    let mut total_pairs = 0u64;
    let mut iterations = 0usize;
    let mut converged_all = true;
    for (s, session) in SESSIONS.iter().enumerate() {
        let patterns = aggregate_counted(
            patterns
                .iter()
                .filter(|(v, _)| (session.select)(v))
                .map(|(v, c)| (hide(v, session.hidden, &null_levels), *c)),
        );
        let n: u64 = patterns.iter().map(|(_, c)| c).sum();
        if n < MIN_SESSION_PAIRS {
            notes.push(format!(
                "EM session on {}: only {n} pairs, skipped",
                session.name
            ));
            continue;
        }
        let mut m = model.clone();
        m.prior = 0.5;
        let report = train_em(
            &mut m,
            &patterns,
            &EmOptions {
                min_pairs: MIN_SESSION_PAIRS,
                ..EmOptions::default()
            },
        );
        total_pairs += n;
        iterations += report.iterations;
        converged_all &= report.converged;
        if report.prior_fallback {
            notes.push(format!(
                "EM session on {}: the classes did not separate; its estimates are not used",
                session.name
            ));
            continue;
        }
        for (i, (sum, count)) in sums.iter_mut().zip(counts.iter_mut()).enumerate() {
            if session.hidden.contains(&i) || report.fallback_comparisons.contains(&i) {
                continue;
            }
            if let Some(mi) = m.m.get(i) {
                for (a, b) in sum.iter_mut().zip(mi) {
                    *a += b;
                }
                *count += 1;
            }
        }
        session_matches.push((s, m.prior * n as f64));
        notes.push(format!(
            "EM session on {}: {n} pairs, {} iterations, λ {:.4}",
            session.name, report.iterations, m.prior
        ));
    }
    let mut fallback = Vec::new();
    for (i, &count) in counts.iter().enumerate() {
        if count == 0 {
            fallback.push(i);
            continue;
        }
        if let (Some(target), Some(sum)) = (model.m.get_mut(i), sums.get(i)) {
            let c = count as f64;
            for (t, s) in target.iter_mut().zip(sum) {
                *t = s / c;
            }
            // Renormalise the non-null levels to sum to one.
            let spec = &model.comparisons[i];
            let total: f64 = target
                .iter()
                .enumerate()
                .filter(|(l, _)| !spec.levels[*l].is_null)
                .map(|(_, v)| v)
                .sum();
            if total > 0.0 {
                for (l, v) in target.iter_mut().enumerate() {
                    if !spec.levels[l].is_null {
                        *v /= total;
                    }
                }
            }
        }
    }
    if !fallback.is_empty() {
        let names: Vec<&str> = fallback
            .iter()
            .filter_map(|&i| model.comparisons.get(i).map(|c| c.name.as_str()))
            .collect();
        notes.push(format!(
            "no EM estimate for {}; using fixed m",
            names.join(", ")
        ));
    }

    // The prior over random pairs.
    let all_pairs = (n_records as f64) * (n_records.saturating_sub(1) as f64) / 2.0;
    let recall_of = |s: usize, model: &Model| -> Option<f64> {
        match s {
            0 => model.m.get(idx::DOB).and_then(|m| m.first()).copied(),
            1 => model
                .m
                .get(idx::NAME)
                .map(|m| m.first().copied().unwrap_or(0.0) + m.get(1).copied().unwrap_or(0.0)),
            _ => None,
        }
    };
    let estimate = session_matches.iter().find_map(|&(s, matches)| {
        let recall = recall_of(s, model)?;
        (recall > 0.05).then_some(matches / recall)
    });
    let default_prior = if n_records > 1 {
        1.0 / n_records as f64
    } else {
        0.5
    };
    model.prior = match estimate {
        Some(matches) if all_pairs > 0.0 => (matches / all_pairs).clamp(1e-9, 0.5),
        _ => {
            notes.push(format!(
                "prior not estimated; using 1/records = {default_prior:.3e}"
            ));
            default_prior
        }
    };
    notes.push(format!(
        "prior (probability two random records match): {:.3e}",
        model.prior
    ));
    model.trained.em_pairs = total_pairs;
    model.trained.iterations = iterations;
    model.trained.converged = converged_all;
    model.trained.estimated_prior = estimate.is_some();
    model.trained.prior_fallback = estimate.is_none();
    model.trained.fallback_comparisons = fallback;
    model.trained.notes.extend(notes);
}
