//! The `link` stage: which records, across and within the agencies' files, are the same person.
//!
//! * [`blocking`] — candidate pairs from a union of blocking rules.
//! * [`comparison`] — a comparison level per field for each pair, read from [`keys`].
//! * [`model`], [`em`], [`term_freq`] — Fellegi–Sunter match weights, trained without labels.
//! * [`cluster`] — persons from pairs above the threshold, guarded against chaining.
//! * [`pipeline`] — the stages in order; [`persons`] — what each person's records say.

pub mod blocking;
pub mod cluster;
pub mod comparison;
pub mod em;
pub mod keys;
pub mod model;
pub mod persons;
pub mod pipeline;
pub mod term_freq;
pub mod training;
