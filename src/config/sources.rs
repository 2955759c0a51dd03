//! Turning what the user named — `[AGENCY=]FILE` arguments, folders, and a config's sources — into
//! one ordered list of [`SourceSpec`]s.

use super::options::{ConfigFile, ValidSource};
use crate::ingest::header::HeaderOverrides;
use crate::ingest::SourceFile;
use crate::record::Agency;
use std::path::{Path, PathBuf};

/// Extensions read when a folder is given.
pub const SUPPORTED_EXTENSIONS: &[&str] =
    &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"];

/// One source to read, with everything the user told us about it.
#[derive(Clone, Debug)]
pub struct SourceSpec {
    pub file: SourceFile,
    /// Agency given by the user (command line) or the config.
    pub agency: Option<Agency>,
    /// True when the agency came from the command line, false when from the config.
    pub agency_from_cli: bool,
    /// Read only this sheet.
    pub sheet: Option<String>,
    pub overrides: HeaderOverrides,
}

impl SourceSpec {
    fn plain(path: PathBuf) -> SourceSpec {
        SourceSpec {
            file: SourceFile::new(path),
            agency: None,
            agency_from_cli: false,
            sheet: None,
            overrides: HeaderOverrides::default(),
        }
    }

    fn from_config(v: ValidSource) -> SourceSpec {
        let mut file = SourceFile::new(v.path);
        if let Some(name) = v.name {
            file.name = name;
        }
        SourceSpec {
            file,
            agency: v.agency,
            agency_from_cli: false,
            sheet: v.sheet,
            overrides: HeaderOverrides {
                header_row: v.header_row,
                columns: v.columns,
                id_column: v.id_column,
            },
        }
    }
}

/// Splits `imigrasi=may.xlsx` into its agency and path; a plain path has no agency.
pub fn parse_input(arg: &str) -> (Option<Agency>, PathBuf) {
    if let Some((prefix, rest)) = arg.split_once('=') {
        if let Some(agency) = Agency::parse(prefix) {
            if !rest.is_empty() {
                return (Some(agency), PathBuf::from(rest));
            }
        }
    }
    (None, PathBuf::from(arg))
}

fn is_supported(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| SUPPORTED_EXTENSIONS.contains(&e.as_str()))
}

/// Expands a folder into its supported files (not recursive, sorted by name, hidden and
/// lock files such as `~$book.xlsx` left out).
pub fn expand_folder(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot list the folder {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_supported(p))
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| !n.starts_with('.') && !n.starts_with("~$"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Resolves command-line inputs and an optional config into the sources to read.
/// A file named both on the command line and in the config is read once, with the config's
/// description and the command line's agency.
pub fn resolve_sources(
    inputs: &[String],
    config: Option<&Path>,
) -> anyhow::Result<Vec<SourceSpec>> {
    let mut specs: Vec<SourceSpec> = match config {
        Some(c) => ConfigFile::load(c)?
            .into_iter()
            .map(SourceSpec::from_config)
            .collect(),
        None => Vec::new(),
    };
    for arg in inputs {
        let (agency, path) = parse_input(arg);
        let paths = if path.is_dir() {
            expand_folder(&path)?
        } else {
            vec![path]
        };
        for path in paths {
            let canonical = std::fs::canonicalize(&path).ok();
            let existing = specs.iter_mut().find(|s| {
                canonical.is_some() && std::fs::canonicalize(&s.file.path).ok() == canonical
            });
            match existing {
                Some(spec) => {
                    if agency.is_some() {
                        spec.agency = agency;
                        spec.agency_from_cli = true;
                    }
                }
                None => {
                    let mut spec = SourceSpec::plain(path);
                    spec.agency = agency;
                    spec.agency_from_cli = agency.is_some();
                    specs.push(spec);
                }
            }
        }
    }
    if specs.is_empty() {
        anyhow::bail!("no input files: name the agencies' exports (e.g. reconcile run imigrasi=may.xlsx tka.xlsx) or a config with --config");
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_prefixes() {
        let cases = [
            ("imigrasi=may.xlsx", Some(Agency::Imigrasi), "may.xlsx"),
            ("immigration=a/b.csv", Some(Agency::Imigrasi), "a/b.csv"),
            ("police=stm.csv", Some(Agency::Polri), "stm.csv"),
            ("civil-registry=x.csv", Some(Agency::Dukcapil), "x.csv"),
            ("manpower=tka.xlsx", Some(Agency::Disnaker), "tka.xlsx"),
            ("plain.csv", None, "plain.csv"),
            ("weird=name.csv", None, "weird=name.csv"),
        ];
        for (arg, agency, path) in cases {
            let (a, p) = parse_input(arg);
            assert_eq!((a, p), (agency, PathBuf::from(path)), "{arg}");
        }
    }

    #[test]
    fn folders_expand_to_supported_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.csv", "a.xlsx", "notes.md", "~$a.xlsx", ".hidden.csv"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let files = expand_folder(dir.path()).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.xlsx", "b.csv"]);
    }
}
