//! The `conflicts` stage: within each person, what the agencies' records disagree on.
//!
//! ```text
//! RunOutput ──detect(as_of, ConflictSettings)──▶ [Conflict]  (sorted, ids stable across runs)
//!               ├─ identity    dob, dob swapped, nationality, sex, name, passport, NIK
//!               ├─ permits     permit mismatch, expired, work on a non-work permit, deported
//!               ├─ presence    missing from immigration, manpower, civil registry
//!               ├─ places      address (kecamatan, desa), employer vs sponsor
//!               └─ duplicates  twice in one file
//! ```
//! [`types`] holds the vocabulary ([`ConflictType`], [`Severity`], [`Conflict`]); [`settings`]
//! the configurable severities and disabled types; [`permit_groups`] the one table of which
//! permits allow work. Each rule file documents its rules as What / Why / Example.

pub mod detect;
mod duplicates;
mod identity;
pub mod permit_groups;
mod permits;
mod places;
mod presence;
pub mod settings;
pub mod types;

pub use detect::{detect, row_agencies};
pub use settings::ConflictSettings;
pub use types::{Conflict, ConflictType, ConflictValue, Severity};
