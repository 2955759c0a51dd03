//! The four result tables — records, pairs, persons, conflicts — in the format asked for with
//! `--format`: CSV for people (neutralised against formula injection, opened in Excel) or, in
//! builds with the `parquet` feature, Parquet for data teams. `rejected.csv`, `model.json`,
//! `summary.json`, `report.xlsx` and the brief are written the same way in both formats.

use super::atomic::OutputDir;
use super::conflicts_csv::write_conflicts;
use super::linkage::{write_pairs, write_persons};
use super::records::write_records;
use crate::conflicts::Conflict;
use crate::pipeline::RunOutput;

/// The file format of the four result tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Csv,
    Parquet,
}

impl OutputFormat {
    pub fn parse(text: &str) -> Option<OutputFormat> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Some(OutputFormat::Csv),
            "parquet" => Some(OutputFormat::Parquet),
            _ => None,
        }
    }

    /// Whether this build can write the format: Parquet needs the `parquet` cargo feature.
    pub fn is_built(self) -> bool {
        match self {
            OutputFormat::Csv => true,
            OutputFormat::Parquet => cfg!(feature = "parquet"),
        }
    }
}

/// Writes `records`, `pairs`, `persons` and `conflicts` in `format`.
pub fn write_tables(
    out: &OutputDir,
    run: &RunOutput,
    conflicts: &[Conflict],
    format: OutputFormat,
) -> anyhow::Result<()> {
    match format {
        OutputFormat::Csv => {
            write_records(out, run)?;
            write_pairs(out, run)?;
            write_persons(out, run)?;
            write_conflicts(out, run, conflicts)?;
            Ok(())
        }
        #[cfg(feature = "parquet")]
        OutputFormat::Parquet => super::parquet::write_all(out, run, conflicts),
        // `--format parquet` is refused when the arguments are parsed in such a build; this arm
        // keeps a library caller from getting CSV files it did not ask for.
        #[cfg(not(feature = "parquet"))]
        OutputFormat::Parquet => anyhow::bail!(
            "this build of reconcile was made without Parquet support (rebuild with `--features parquet`)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_parquet_needs_the_feature() {
        assert_eq!(OutputFormat::parse("CSV"), Some(OutputFormat::Csv));
        assert_eq!(OutputFormat::parse("parquet"), Some(OutputFormat::Parquet));
        assert_eq!(OutputFormat::parse("xlsx"), None);
        let flag = crate::cli::parse_format("parquet");
        if cfg!(feature = "parquet") {
            assert_eq!(flag, Ok(OutputFormat::Parquet));
        } else {
            let err = flag.unwrap_err();
            assert!(err.contains("rebuild with `--features parquet`"), "{err}");
        }
        assert!(crate::cli::parse_format("xlsx").is_err());
    }
}
