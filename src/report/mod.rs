//! Writing outputs. Every file goes through [`atomic`] (temp file, then rename: a crashed cron run
//! never leaves a half-written report under a final name) and every cell people may open in Excel
//! through [`safe::neutralise`] (CSV/formula injection). [`tables`] picks CSV or, with the `parquet`
//! feature, Parquet for the four result tables.

pub mod atomic;
pub mod brief;
pub mod charts;
pub mod conflicts_csv;
pub mod fixed;
pub mod linkage;
pub mod options;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod records;
pub mod safe;
pub mod summary;
pub mod tables;
pub mod terminal;
#[cfg(test)]
pub(crate) mod test_support;
pub mod xlsx;
