//! Configuration: the TOML file users write ([`options`]) and the validated source list every
//! stage sees ([`sources`]). No stage sees clap types or raw TOML.

pub mod options;
pub mod sources;

pub use options::ConfigFile;
pub use sources::{resolve_sources, SourceSpec};
