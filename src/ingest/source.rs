//! Opening one input file: decide its format from its bytes (not only its name) and hand back its
//! sheets as [`RawSheet`]s. CSV and text exports, and Parquet files, are one sheet named `""`.

use super::cell::Cell;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file the user asked us to read, with what they told us about it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The name used in reports: the file name unless a config names the source.
    pub name: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>) -> SourceFile {
        let path = path.into();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        SourceFile { path, name }
    }
}

/// One row as the spreadsheet shows it: `number` is the row number a user sees (1-based), `cells`
/// are indexed by absolute column (column A = 0).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRow {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl RawRow {
    pub fn cell(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(col).unwrap_or(&EMPTY)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    /// A row of text cells ("" = empty), for tests.
    #[cfg(test)]
    pub(crate) fn from_texts(number: u32, cells: &[&str]) -> RawRow {
        RawRow {
            number,
            cells: cells
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        }
    }

    /// Number of non-blank cells.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_blank()).count()
    }
}

/// A merged cell range, in spreadsheet row numbers (1-based) and 0-based columns, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: usize,
    pub last_col: usize,
}

/// One sheet (or a whole CSV file) as read.
#[derive(Clone, Debug, Default)]
pub struct RawSheet {
    /// Sheet name; empty for CSV.
    pub sheet: String,
    pub rows: Vec<RawRow>,
    /// Merged ranges, when the format tells us (xlsx, xls); empty otherwise.
    pub merges: Vec<Merge>,
    /// How the file was decoded ("UTF-8 with BOM, delimiter ';'"), for `inspect`.
    pub notes: Vec<String>,
}

/// A whole file that cannot be read. Each message is one sentence naming the file, and says what to
/// do where we can tell. Callers branch on it for `--skip-unreadable`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    #[error("{path}: file not found")]
    NotFound { path: String },
    #[error("{path}: cannot read the file ({detail})")]
    Io { path: String, detail: String },
    #[error("{path}: the file is empty")]
    Empty { path: String },
    #[error("{path}: unsupported file type; reconcile reads .csv, .tsv, .txt, .xlsx, .xlsm, .xls, .xlsb and .ods files (and .parquet when built with `--features parquet`)")]
    Unsupported { path: String },
    /// Parquet support is a cargo feature (polars multiplies the build time), so a default build
    /// recognises the file and says how to get a build that reads it.
    #[error("{path} is a Parquet file; this build of reconcile was made without Parquet support (rebuild with `--features parquet`)")]
    ParquetNotBuilt { path: String },
    #[error("{path}: column \"{column}\" holds values of type {dtype}, which reconcile cannot read as text; leave it out of the export")]
    UnreadableColumn {
        path: String,
        column: String,
        dtype: String,
    },
    #[error("{path}: the workbook is password-protected; open it in Excel, remove the password and save a copy to read")]
    Password { path: String },
    #[error("{path}: not a valid {format} file, it may be damaged or truncated ({detail})")]
    Corrupt {
        path: String,
        format: &'static str,
        detail: String,
    },
    #[error("{path}: refused, to protect memory: {detail}")]
    TooLarge { path: String, detail: String },
    #[error("{path}: holds binary data, not text; is it really a CSV file?")]
    Binary { path: String },
    #[error("{path}: no sheet holds any data")]
    NoData { path: String },
    #[error("{path}: {detail}")]
    NoHeader { path: String, detail: String },
    #[error("{path}: there is no sheet named \"{sheet}\"; its sheets are: {available}")]
    SheetNotFound {
        path: String,
        sheet: String,
        available: String,
    },
}

/// The format, decided from the first bytes of the file and its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Parquet,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Xlsb => "XLSB",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
            Format::Parquet => "Parquet",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Parquet files start (and end) with these four bytes, whatever their name.
const PARQUET_MAGIC: &[u8] = b"PAR1";

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Decides the format. Office files are recognised by their magic bytes, so a workbook saved with
/// a `.csv` name is still read as a workbook, and a text file named `.xlsx` gets a clear error.
pub fn detect_format(path: &Path, head: &[u8]) -> Result<Format, IngestError> {
    let p = path.display().to_string();
    let ext = extension(path);
    if head.is_empty() {
        return Err(IngestError::Empty { path: p });
    }
    if head.starts_with(ZIP_MAGIC) {
        return Ok(match ext.as_str() {
            "ods" => Format::Ods,
            "xlsb" => Format::Xlsb,
            _ => {
                // An OpenDocument zip names its mimetype first.
                if head
                    .windows(b"opendocument.spreadsheet".len())
                    .any(|w| w == b"opendocument.spreadsheet")
                {
                    Format::Ods
                } else {
                    Format::Xlsx
                }
            }
        });
    }
    if head.starts_with(PARQUET_MAGIC) {
        return Ok(Format::Parquet);
    }
    if head.starts_with(CFB_MAGIC) {
        // An encrypted xlsx/xlsb is an OLE container too; so is a legacy .xls.
        return match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" => Err(IngestError::Password { path: p }),
            _ => Ok(Format::Xls),
        };
    }
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "ods" => Err(IngestError::Corrupt {
            path: p,
            format: match ext.as_str() {
                "ods" => "ODS",
                "xlsb" => "XLSB",
                _ => "XLSX",
            },
            detail: "it is not a zip archive".into(),
        }),
        "xls" => {
            // Some systems export HTML or tab-separated text with an .xls name; read it as text.
            Ok(Format::Csv)
        }
        "csv" | "tsv" | "txt" | "tab" | "" | "dat" | "psv" => Ok(Format::Csv),
        _ => Err(IngestError::Unsupported { path: p }),
    }
}

/// Reads one input file into its sheets.
pub fn read_source(file: &SourceFile) -> Result<Vec<RawSheet>, IngestError> {
    let path = &file.path;
    let p = path.display().to_string();
    let mut f = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound { path: p.clone() },
        _ => IngestError::Io {
            path: p.clone(),
            detail: e.to_string(),
        },
    })?;
    if path.is_dir() {
        return Err(IngestError::Io {
            path: p,
            detail: "it is a folder".into(),
        });
    }
    let mut head = Vec::with_capacity(4096);
    (&mut f)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| IngestError::Io {
            path: p.clone(),
            detail: e.to_string(),
        })?;
    drop(f);
    let format = detect_format(path, &head)?;
    let sheets = match format {
        Format::Csv => vec![super::csv::read_csv_file(path)?],
        Format::Parquet => vec![read_parquet(path)?],
        other => super::excel::read_workbook(path, other)?,
    };
    Ok(sheets)
}

/// Reads a file already in memory, as [`read_source`] reads one on disk: `name` (its file name)
/// decides the format together with the magic bytes. The entry point of the fuzz targets.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Vec<RawSheet>, IngestError> {
    let path = Path::new(name);
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    match detect_format(path, head)? {
        Format::Csv => Ok(vec![super::csv::read_csv_bytes(name, bytes)?]),
        other => super::excel::read_workbook_from(path, std::io::Cursor::new(bytes), other),
    }
}

#[cfg(feature = "parquet")]
fn read_parquet(path: &Path) -> Result<RawSheet, IngestError> {
    super::parquet::read_parquet_file(path)
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(path: &Path) -> Result<RawSheet, IngestError> {
    Err(IngestError::ParquetNotBuilt {
        path: path.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_magic_and_extension() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            detect_format(&p("a.xlsx"), b"PK\x03\x04rest").unwrap(),
            Format::Xlsx
        );
        assert_eq!(
            detect_format(&p("a.csv"), b"PK\x03\x04rest").unwrap(),
            Format::Xlsx
        );
        assert_eq!(
            detect_format(
                &p("a.ods"),
                b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
            )
            .unwrap(),
            Format::Ods
        );
        assert_eq!(detect_format(&p("a.xls"), CFB_MAGIC).unwrap(), Format::Xls);
        assert!(matches!(
            detect_format(&p("a.xlsx"), CFB_MAGIC),
            Err(IngestError::Password { .. })
        ));
        assert!(matches!(
            detect_format(&p("a.xlsx"), b"NAMA;PASPOR"),
            Err(IngestError::Corrupt { .. })
        ));
        assert_eq!(
            detect_format(&p("a.csv"), b"NAMA;PASPOR").unwrap(),
            Format::Csv
        );
        assert_eq!(
            detect_format(&p("a.TSV"), b"NAMA\tPASPOR").unwrap(),
            Format::Csv
        );
        assert_eq!(
            detect_format(&p("a.parquet"), b"PAR1\x15\x04").unwrap(),
            Format::Parquet
        );
        assert_eq!(
            detect_format(&p("export.csv"), b"PAR1\x15\x04").unwrap(),
            Format::Parquet
        );
        assert!(matches!(
            detect_format(&p("a.pdf"), b"%PDF"),
            Err(IngestError::Unsupported { .. })
        ));
        assert!(matches!(
            detect_format(&p("a.csv"), b""),
            Err(IngestError::Empty { .. })
        ));
    }

    /// A Parquet file (recognised by its magic bytes, whatever its name) is read with the
    /// `parquet` feature; without it, it is one sentence naming the file and the rebuild flag.
    #[test]
    fn parquet_input_is_read_or_named_with_the_rebuild_flag() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.dat");
        std::fs::write(&path, b"PAR1\x15\x04 not a whole file").unwrap();
        let err = read_source(&SourceFile::new(&path)).unwrap_err();
        if cfg!(feature = "parquet") {
            assert!(
                matches!(
                    err,
                    IngestError::Corrupt {
                        format: "Parquet",
                        ..
                    }
                ),
                "{err}"
            );
        } else {
            assert_eq!(
                err.to_string(),
                format!(
                    "{} is a Parquet file; this build of reconcile was made without Parquet support (rebuild with `--features parquet`)",
                    path.display()
                )
            );
        }
    }
}
