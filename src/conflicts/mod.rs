//! The `conflicts` stage: within each person, what the agencies' records disagree on.

pub mod types;

pub use types::{Conflict, ConflictType, ConflictValue, Severity};
