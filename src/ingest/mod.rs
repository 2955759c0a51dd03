//! The `ingest` and `map` stages: files → [`RawSheet`]s → [`Record`](crate::record::Record)s.
//!
//! ```text
//!  path ──source::read_source──▶ RawSheet (rows of Cells, merges)      csv.rs / excel.rs / parquet.rs
//!       ──header::find_header──▶ HeaderInfo (row, columns, two-line names) header.rs
//!       ──mapping::map_columns──▶ ColumnMapping (column → Field, why)   mapping.rs
//!       ──rows::classify + map──▶ Record | skipped row | rejected row   rows.rs
//!  agency.rs decides Imigrasi / Disnaker / Dukcapil / Polri / other for each file.
//! ```
//!
//! Errors about a whole file (missing, corrupt, password-protected, no header) are
//! [`IngestError`]s naming the file and sheet; problems with single rows never stop the file.

pub mod agency;
pub mod biff;
pub mod cell;
pub mod cfb;
pub mod csv;
pub mod derive;
pub mod excel;
pub mod header;
pub mod limits;
pub mod load;
pub mod mapping;
pub mod ods;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod rows;
pub mod source;

pub use cell::Cell;
pub use source::{read_source, IngestError, RawRow, RawSheet, SourceFile};
