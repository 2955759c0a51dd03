//! [`ConflictSettings`]: which conflict rules run and how severe each type is, resolved from the
//! config file's optional `[conflicts]` table (see `config::options::ConflictOptions`).

use super::types::{ConflictType, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// Validated conflict settings; the only thing detection sees of the config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConflictSettings {
    /// Severities that differ from [`ConflictType::default_severity`].
    pub severity: BTreeMap<ConflictType, Severity>,
    /// Types that are not reported.
    pub disabled: BTreeSet<ConflictType>,
}

impl ConflictSettings {
    /// The severity a conflict of this type is reported with.
    pub fn severity_of(&self, kind: ConflictType) -> Severity {
        self.severity
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_severity())
    }

    /// Whether conflicts of this type are reported.
    pub fn enabled(&self, kind: ConflictType) -> bool {
        !self.disabled.contains(&kind)
    }

    /// Resolves the config's text values, collecting every problem (unknown type codes, unknown
    /// severities) rather than stopping at the first.
    pub fn from_config(
        severity: &BTreeMap<String, String>,
        disabled: &[String],
    ) -> Result<ConflictSettings, Vec<String>> {
        let mut problems = Vec::new();
        let mut out = ConflictSettings::default();
        let known = || {
            ConflictType::ALL
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (code, level) in severity {
            let kind = ConflictType::from_code(code.trim());
            let sev = Severity::parse(level);
            if kind.is_none() {
                problems.push(format!(
                    "conflicts.severity.{code} is not a conflict type; known types: {}",
                    known()
                ));
            }
            if sev.is_none() {
                problems.push(format!(
                    "conflicts.severity.{code} = \"{level}\" is not a severity; use high, medium or low"
                ));
            }
            if let (Some(k), Some(s)) = (kind, sev) {
                out.severity.insert(k, s);
            }
        }
        for code in disabled {
            match ConflictType::from_code(code.trim()) {
                Some(k) => {
                    out.disabled.insert(k);
                }
                None => problems.push(format!(
                    "conflicts.disabled: \"{code}\" is not a conflict type; known types: {}",
                    known()
                )),
            }
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

    #[test]
    fn defaults_and_overrides() {
        let s = ConflictSettings::default();
        for t in ConflictType::ALL {
            assert_eq!(s.severity_of(*t), t.default_severity());
            assert!(s.enabled(*t));
        }
        let sev: BTreeMap<String, String> = [
            ("dob_mismatch".to_string(), "high".to_string()),
            ("address_mismatch".to_string(), "Sedang".to_string()),
        ]
        .into_iter()
        .collect();
        let s = ConflictSettings::from_config(&sev, &["missing_civil_registry".into()]).unwrap();
        assert_eq!(s.severity_of(ConflictType::DobMismatch), Severity::High);
        assert_eq!(
            s.severity_of(ConflictType::AddressMismatch),
            Severity::Medium
        );
        assert!(!s.enabled(ConflictType::MissingCivilRegistry));
        assert!(s.enabled(ConflictType::MissingManpower));
    }

    #[test]
    fn collects_every_problem() {
        let sev: BTreeMap<String, String> = [
            ("dob_typo".to_string(), "high".to_string()),
            ("sex_mismatch".to_string(), "urgent".to_string()),
            ("nope".to_string(), "never".to_string()),
        ]
        .into_iter()
        .collect();
        let problems =
            ConflictSettings::from_config(&sev, &["missing_x".into(), "dob_mismatch".into()])
                .unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("dob_typo")));
        assert!(problems.iter().any(|p| p.contains("urgent")));
        assert!(problems.iter().any(|p| p.contains("missing_x")));
    }
}
