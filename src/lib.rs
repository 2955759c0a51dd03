//! `reconcile` — reconcile foreigner records across Indonesian agencies (TIMPORA).
//!
//! The pipeline runs one way, each stage a module with one job:
//!
//! ```text
//! files ──ingest──▶ RawTable ──map──▶ Record (raw cells + canonical fields)
//!       ──normalize──▶ normalised keys ──link──▶ persons ──report──▶ CSV / JSON / terminal
//! ```
//!
//! * [`ingest`] reads CSV and spreadsheet exports into [`ingest::RawTable`]s, finds the header row,
//!   skips title/blank/total rows, maps columns to canonical fields and decides the agency.
//! * [`record`] holds the canonical [`record::Record`] and its [`record::Provenance`].
//! * [`normalize`] turns raw values into comparable keys (names, passports, dates, …).
//! * [`link`] holds the record-linkage model (Fellegi–Sunter, EM, clustering).
//! * [`generate`] makes synthetic agency exports with ground truth, for fixtures and benchmarks.
//! * [`report`] writes outputs safely (atomic files, formula-injection guard).
//! * [`commands`] implements each subcommand on top of these.

pub mod cli;
pub mod commands;
pub mod config;
pub mod conflicts;
pub mod exit;
pub mod generate;
pub mod ingest;
pub mod link;
pub mod normalize;
pub mod pipeline;
pub mod record;
pub mod report;
