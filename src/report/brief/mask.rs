//! Redaction of identity numbers inside the brief's free text.

use crate::pipeline::RunOutput;
use crate::record::Field;
use crate::report::options::redact;
use std::collections::HashSet;

// ---------------------------------------------------------------------------------------------
// Redaction

/// Masks passport numbers and NIKs inside free text (detail sentences, values). Conflict
/// sentences quote identity numbers, so masking only the identity columns is not enough. A token
/// (a run of letters and digits) is masked when it is one of the run's identity numbers, or when
/// it looks like one (six characters or more, at least five of them digits): that also masks
/// numbers the run never saw as identities (a passport in a remark), at the cost of masking the
/// odd permit number too, which is the safe side for a brief that leaves the team.
pub struct Masker {
    pub(super) known: HashSet<String>,
}

impl Masker {
    /// Collects the identity numbers of a run: passport, NIK, KK and other identity-document
    /// cells as written, and their normalised keys.
    pub fn from_run(run: &RunOutput) -> Masker {
        let mut known = HashSet::new();
        let mut add = |text: &str| {
            for token in text.split(|c: char| !c.is_alphanumeric()) {
                if token.chars().count() >= 4 {
                    known.insert(token.to_uppercase());
                }
            }
        };
        for r in &run.records {
            for field in [
                Field::Passport,
                Field::Nik,
                Field::KkNumber,
                Field::IdNumber,
            ] {
                if let Some(v) = r.text(field) {
                    add(&v);
                }
            }
        }
        for n in &run.normalized {
            for p in &n.passports {
                add(&p.key);
            }
            if let Some(nik) = &n.nik {
                add(&nik.digits);
            }
        }
        Masker { known }
    }

    /// A masker that only uses the "looks like a number" rule.
    pub fn heuristic() -> Masker {
        Masker {
            known: HashSet::new(),
        }
    }

    fn should_mask(&self, token: &str) -> bool {
        if token.is_empty() {
            return false;
        }
        let len = token.chars().count();
        let digits = token.chars().filter(|c| c.is_numeric()).count();
        (len >= 6 && digits >= 5) || (len >= 4 && self.known.contains(&token.to_uppercase()))
    }

    /// The text with every identity-like token masked (last four characters kept).
    pub fn mask(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut token_start: Option<usize> = None;
        let flush = |out: &mut String, token: &str| {
            if self.should_mask(token) {
                out.push_str(&redact(token));
            } else {
                out.push_str(token);
            }
        };
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                if token_start.is_none() {
                    token_start = Some(i);
                }
            } else {
                if let Some(s) = token_start.take() {
                    flush(&mut out, text.get(s..i).unwrap_or(""));
                }
                out.push(c);
            }
        }
        if let Some(s) = token_start {
            flush(&mut out, text.get(s..).unwrap_or(""));
        }
        out
    }
}
