//! The config file as users write it.
//!
//! ```toml
//! [[source]]
//! name = "register_a"          # label used in reports; defaults to the file name
//! path = "data/register_a.csv" # relative to the config file
//! agency = "other"             # optional; imigrasi | disnaker | dukcapil | polri | other
//! id_column = "rec_id"         # optional: a column whose value identifies the row
//! sheet = "Sheet1"             # optional, for workbooks: read only this sheet
//! header_row = 3               # optional: the header's row number, if detection picks the wrong row
//! [source.columns]             # canonical field = column name, or a list of columns joined with a space
//! given_name = "given_name"
//! family_name = "surname"
//! address = ["street_number", "address_1", "address_2"]
//! ```
//!
//! An optional `[conflicts]` table tunes conflict detection (see `docs/config.md`); a config may
//! hold only that table when the files are named on the command line:
//!
//! ```toml
//! [conflicts]
//! severity = { dob_mismatch = "high", address_mismatch = "medium" }
//! disabled = ["missing_civil_registry"]
//! ```
//!
//! Unknown keys are rejected, and every problem in the file is reported at once, each naming the
//! source and key, so a user fixes the whole file in one pass.

use crate::conflicts::ConflictSettings;
use crate::record::{Agency, Field};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The person datasets to read.
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceOptions>,
    /// Conflict detection: severities and disabled types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<ConflictOptions>,
}

/// The `[conflicts]` table as users write it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConflictOptions {
    /// Conflict type code = `high` | `medium` | `low` (Indonesian `tinggi`, `sedang`, `rendah`
    /// accepted). Types not named keep their default severity. Example:
    /// `severity = { dob_mismatch = "high" }`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Conflict type codes that are not reported. Example: `disabled = ["missing_civil_registry"]`.
    #[serde(default)]
    pub disabled: Vec<String>,
}

impl ConflictOptions {
    /// Resolves the table, collecting every problem.
    pub fn resolve(&self) -> Result<ConflictSettings, Vec<String>> {
        ConflictSettings::from_config(&self.severity, &self.disabled)
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceOptions {
    /// Label in reports; defaults to the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The file, relative to the config file.
    pub path: PathBuf,
    /// imigrasi | disnaker | dukcapil | polri | other (English aliases accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// A column whose value identifies the row (copied to `record_id` in the outputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    /// For workbooks: read only this sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The header's row number, when automatic detection picks the wrong row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    /// Canonical field = column name, or a list of columns joined with a space.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnNames>,
}

/// One column, or several whose values are joined with a space.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum ColumnNames {
    One(String),
    Many(Vec<String>),
}

impl ColumnNames {
    pub fn names(&self) -> Vec<String> {
        match self {
            ColumnNames::One(s) => vec![s.clone()],
            ColumnNames::Many(v) => v.clone(),
        }
    }
}

/// A source after validation: fields and agency resolved, path made absolute.
#[derive(Clone, Debug)]
pub struct ValidSource {
    pub name: Option<String>,
    pub path: PathBuf,
    pub agency: Option<Agency>,
    pub id_column: Option<String>,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub columns: Vec<(Field, Vec<String>)>,
}

impl ConfigFile {
    /// Reads and validates a config file; the error lists every problem, one per line.
    pub fn load(path: &Path) -> anyhow::Result<Vec<ValidSource>> {
        let parsed = ConfigFile::parse_file(path)?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        parsed.validate(&base).map_err(|problems| {
            anyhow::anyhow!(
                "the config file {} has problems:\n  - {}",
                path.display(),
                problems.join("\n  - ")
            )
        })
    }

    /// Reads and parses a config file without validating it.
    pub fn parse_file(path: &Path) -> anyhow::Result<ConfigFile> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "the config file {} is not valid: {}",
                path.display(),
                e.message()
            )
        })
    }

    /// The conflict settings of a config file (defaults when it has no `[conflicts]` table).
    /// Problems are reported like [`ConfigFile::load`]'s, all at once.
    pub fn load_conflict_settings(path: &Path) -> anyhow::Result<ConflictSettings> {
        let parsed = ConfigFile::parse_file(path)?;
        parsed.conflict_settings().map_err(|problems| {
            anyhow::anyhow!(
                "the config file {} has problems:\n  - {}",
                path.display(),
                problems.join("\n  - ")
            )
        })
    }

    /// The resolved `[conflicts]` table, or the defaults.
    pub fn conflict_settings(&self) -> Result<ConflictSettings, Vec<String>> {
        match &self.conflicts {
            Some(c) => c.resolve(),
            None => Ok(ConflictSettings::default()),
        }
    }

    /// Checks every source and the `[conflicts]` table, collecting all problems. A config
    /// without sources is fine when it has a `[conflicts]` table (the files are then named on
    /// the command line); one with neither describes nothing.
    pub fn validate(&self, base: &Path) -> Result<Vec<ValidSource>, Vec<String>> {
        let mut problems = Vec::new();
        let mut out = Vec::new();
        if self.sources.is_empty() && self.conflicts.is_none() {
            problems.push("it names no [[source]] and has no [conflicts] table".to_string());
        }
        if let Err(p) = self.conflict_settings() {
            problems.extend(p);
        }
        for (i, s) in self.sources.iter().enumerate() {
            let label = s
                .name
                .clone()
                .unwrap_or_else(|| format!("source #{}", i + 1));
            let agency = match &s.agency {
                None => None,
                Some(a) => match Agency::parse(a) {
                    Some(a) => Some(a),
                    None => {
                        problems.push(format!(
                            "{label}: agency \"{a}\" is unknown; use imigrasi, disnaker, dukcapil, polri or other"
                        ));
                        None
                    }
                },
            };
            let mut columns = Vec::new();
            for (key, names) in &s.columns {
                match Field::from_key(key) {
                    Some(f) => columns.push((f, names.names())),
                    None => problems.push(format!(
                        "{label}: columns.{key} is not a known field; known fields: {}",
                        Field::ALL
                            .iter()
                            .map(|f| f.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
            if s.path.as_os_str().is_empty() {
                problems.push(format!("{label}: path is empty"));
            }
            let path = if s.path.is_absolute() {
                s.path.clone()
            } else {
                base.join(&s.path)
            };
            out.push(ValidSource {
                name: s.name.clone(),
                path,
                agency,
                id_column: s.id_column.clone(),
                sheet: s.sheet.clone(),
                header_row: s.header_row,
                columns,
            });
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
[[source]]
name = "register_a"
path = "data/register_a.csv"
agency = "other"
id_column = "rec_id"
sheet = "Sheet1"
[source.columns]
given_name = "given_name"
family_name = "surname"
address = ["street_number", "address_1", "address_2"]
locality = "suburb"
postcode = "postcode"
province = "state"
dob = "date_of_birth"
id_number = "soc_sec_id"
"#;

    #[test]
    fn accepts_the_documented_form() {
        let parsed: ConfigFile = toml::from_str(EXAMPLE).unwrap();
        let valid = parsed.validate(Path::new("/cfg")).unwrap();
        assert_eq!(valid.len(), 1);
        let s = &valid[0];
        assert_eq!(s.path, PathBuf::from("/cfg/data/register_a.csv"));
        assert_eq!(s.agency, Some(Agency::Other));
        assert!(s.columns.contains(&(Field::Desa, vec!["suburb".into()])));
        assert!(s.columns.contains(&(
            Field::Address,
            vec![
                "street_number".into(),
                "address_1".into(),
                "address_2".into()
            ]
        )));
        assert!(s
            .columns
            .contains(&(Field::IdNumber, vec!["soc_sec_id".into()])));
    }

    #[test]
    fn reports_all_problems_at_once() {
        let text = r#"
[[source]]
path = "a.csv"
agency = "nasa"
[source.columns]
shoe_size = "x"
"#;
        let parsed: ConfigFile = toml::from_str(text).unwrap();
        let problems = parsed.validate(Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("nasa"));
        assert!(problems[1].contains("shoe_size"));
    }

    #[test]
    fn conflicts_table_alone_is_a_valid_config() {
        let text = r#"
[conflicts]
severity = { dob_mismatch = "high", address_mismatch = "sedang" }
disabled = ["missing_civil_registry"]
"#;
        let parsed: ConfigFile = toml::from_str(text).unwrap();
        assert!(parsed.validate(Path::new(".")).unwrap().is_empty());
        let s = parsed.conflict_settings().unwrap();
        use crate::conflicts::{ConflictType, Severity};
        assert_eq!(s.severity_of(ConflictType::DobMismatch), Severity::High);
        assert_eq!(
            s.severity_of(ConflictType::AddressMismatch),
            Severity::Medium
        );
        assert!(!s.enabled(ConflictType::MissingCivilRegistry));
    }

    #[test]
    fn conflict_problems_are_collected_with_source_problems() {
        let text = r#"
[[source]]
path = "a.csv"
agency = "nasa"
[conflicts]
severity = { dob_mismatch = "urgent", shoe_mismatch = "high" }
disabled = ["nope"]
"#;
        let parsed: ConfigFile = toml::from_str(text).unwrap();
        let problems = parsed.validate(Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        for word in ["nasa", "urgent", "shoe_mismatch", "nope"] {
            assert!(
                problems.iter().any(|p| p.contains(word)),
                "{word}: {problems:?}"
            );
        }
        let empty: ConfigFile = toml::from_str("").unwrap();
        assert_eq!(empty.validate(Path::new(".")).unwrap_err().len(), 1);
        assert!(toml::from_str::<ConfigFile>("[conflicts]\ncolour = 1\n").is_err());
    }

    #[test]
    fn rejects_unknown_keys() {
        let err = toml::from_str::<ConfigFile>("[[source]]\npath = \"a.csv\"\ncolour = \"red\"\n")
            .unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
