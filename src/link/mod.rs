//! The `link` stage: Fellegi–Sunter record linkage.

pub mod cluster;
pub mod em;
pub mod model;
pub mod term_freq;
