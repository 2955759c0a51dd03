//! Options shared by every human-facing report (workbook, brief, terminal): the language, masking
//! of identity numbers for reports that leave the team, and the reference date.
//!
//! It also holds what every report writer needs alike, so that the workbook, the brief, the
//! terminal table and `summary.json` say the same thing: [`Lang`]'s label lookups (conflict types,
//! severities, agencies), [`display_order`] (highest severity first), [`ConflictCounts`] (by type,
//! severity and agency) and [`values_text`] / [`rows_text`] (how a conflict's values are printed
//! in one cell, masked with [`redact`] when asked).

use crate::conflicts::{Conflict, ConflictType, Severity};
use crate::exit::ExitStatus;
use crate::record::{Agency, Provenance};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// The language of labels and sentences. Indonesian is the default: the brief is for the TIMPORA
/// meeting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "indonesia" | "indonesian" | "bahasa" => Some(Lang::Id),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text in this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// The label of a conflict type (`Izin tinggal habis berlaku` / `Stay permit expired`).
    pub fn type_label(self, kind: ConflictType) -> &'static str {
        match self {
            Lang::Id => kind.label_id(),
            Lang::En => kind.label_en(),
        }
    }

    /// The label of a severity (`tinggi` / `high`).
    pub fn severity_label(self, severity: Severity) -> &'static str {
        match self {
            Lang::Id => severity.label_id(),
            Lang::En => severity.code(),
        }
    }

    /// A short agency name as the team says it.
    pub fn agency_label(self, agency: Agency) -> &'static str {
        match (self, agency) {
            (Lang::Id, Agency::Imigrasi) => "Imigrasi",
            (Lang::Id, Agency::Disnaker) => "Disnaker",
            (Lang::Id, Agency::Dukcapil) => "Disdukcapil",
            (Lang::Id, Agency::Polri) => "Polri",
            (Lang::Id, Agency::Other) => "Lainnya",
            (Lang::En, Agency::Imigrasi) => "Immigration",
            (Lang::En, Agency::Disnaker) => "Manpower",
            (Lang::En, Agency::Dukcapil) => "Civil registry",
            (Lang::En, Agency::Polri) => "Police",
            (Lang::En, Agency::Other) => "Other",
        }
    }

    /// The conflict's one-sentence explanation in this language.
    pub fn detail(self, conflict: &Conflict) -> &str {
        match self {
            Lang::Id => &conflict.detail_id,
            Lang::En => &conflict.detail_en,
        }
    }

    /// The language code (`id`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// How reports are written.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub lang: Lang,
    /// Mask passport numbers and NIKs (last four characters shown).
    pub redact: bool,
    /// The reference date permits were checked against.
    pub as_of: NaiveDate,
    /// The linking threshold (`--threshold`): pairs scored between the review floor and this are
    /// the borderline ones the workbook's Review sheet lists. The run result does not keep it,
    /// so the report is told.
    pub review_threshold: f64,
}

impl ReportOptions {
    /// Options with the default threshold (0.9, as `--threshold`).
    pub fn new(lang: Lang, redact: bool, as_of: NaiveDate) -> ReportOptions {
        ReportOptions {
            lang,
            redact,
            as_of,
            review_threshold: crate::link::pipeline::LinkOptions::default().threshold,
        }
    }
}

/// Masks an identity number, keeping the last four characters: `E12345678` → `*****5678`.
/// Values of four characters or fewer are masked whole. Several numbers in one cell
/// (`A1234567 / E7654321`) are masked one by one.
pub fn redact(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let n = token.chars().count();
        if n > 0 {
            let keep = if n > 4 { 4 } else { 0 };
            out.extend(std::iter::repeat_n('*', n - keep));
            out.extend(token.chars().skip(n - keep));
            token.clear();
        }
    };
    for c in value.chars() {
        if c.is_alphanumeric() {
            token.push(c);
        } else if c == '-' || c == '.' {
            // Separators inside a number belong to it.
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// Whether a conflict field (or record column) holds an identity number that `--redact` masks:
/// passport numbers, NIKs and the other identity-document numbers (not their dates).
pub fn is_identity_number_field(field: &str) -> bool {
    matches!(
        field.trim().to_ascii_lowercase().as_str(),
        "passport" | "passports" | "passport_number" | "nik" | "kk_number" | "id_number"
    )
}

/// Masks the identity-number-like tokens in free text (a rejected row's content, a sentence):
/// runs of letters and digits of seven or more characters holding at least five digits, which
/// covers passport numbers (`E1234567`), NIKs and KK numbers (16 digits) and phone numbers, but
/// not dates (`1985-03-04` splits into short runs), names or words. Used with `--redact` where a
/// value's field is not known.
pub fn redact_text(text: &str) -> Cow<'_, str> {
    fn is_identity_like(token: &str) -> bool {
        token.chars().count() >= 7 && token.chars().filter(char::is_ascii_digit).count() >= 5
    }
    if !text
        .split(|c: char| !c.is_alphanumeric())
        .any(is_identity_like)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        let (sep, tail) = rest.split_at(start);
        out.push_str(sep);
        let end = tail
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(tail.len());
        let (token, after) = tail.split_at(end);
        if is_identity_like(token) {
            out.push_str(&redact(token));
        } else {
            out.push_str(token);
        }
        rest = after;
    }
    Cow::Owned(out)
}

impl ReportOptions {
    /// Free text as a report shows it: identity-number-like tokens masked when redacting.
    pub fn show_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.redact {
            redact_text(text)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The conflict's sentence in the report's language, masked when redacting.
    pub fn detail<'a>(&self, conflict: &'a Conflict) -> Cow<'a, str> {
        self.show_text(self.lang.detail(conflict))
    }

    /// The value of `field` as a report shows it: masked when redacting and the field is an
    /// identity number, unchanged (borrowed) otherwise.
    pub fn show<'a>(&self, field: &str, value: &'a str) -> Cow<'a, str> {
        if self.redact && is_identity_number_field(field) {
            Cow::Owned(redact(value))
        } else {
            Cow::Borrowed(value)
        }
    }
}

/// The conflicts in the order reports list them: highest severity first, then by type (the
/// order of [`ConflictType::ALL`], most serious first), person and conflict id, so the order is
/// the same on every run.
pub fn display_order(conflicts: &[Conflict]) -> Vec<&Conflict> {
    let mut sorted: Vec<&Conflict> = conflicts.iter().collect();
    sorted.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.person.cmp(&b.person))
            .then(a.id.cmp(&b.id))
    });
    sorted
}

/// A conflict's differing values in one cell: `1985-03-04 | 1985-04-03`. When redacting, values
/// of identity-number fields are masked whole, and identity-number-like tokens in other values
/// too (a value's field does not always say what it holds).
pub fn values_text(conflict: &Conflict, opts: &ReportOptions) -> String {
    conflict
        .values
        .iter()
        .map(|v| {
            if opts.redact && !is_identity_number_field(&conflict.field) {
                redact_text(&v.value)
            } else {
                opts.show(&conflict.field, &v.value)
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The rows a conflict involves, sorted: `a.xlsx:S1:9; b.csv::5`.
pub fn rows_text(conflict: &Conflict) -> String {
    conflict
        .rows()
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Conflict counts for summaries. Maps are ordered (type order, severity order, agency order) so
/// that every report lists them alike. A conflict counts once for each distinct agency whose rows
/// it involves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConflictCounts {
    pub total: usize,
    pub by_type: BTreeMap<ConflictType, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_agency: BTreeMap<Agency, usize>,
    /// Type × severity (severities are configurable, so one type may appear at several).
    pub by_type_severity: BTreeMap<(ConflictType, Severity), usize>,
    /// Distinct persons with at least one conflict.
    pub persons: usize,
}

impl ConflictCounts {
    /// Counts `conflicts`; `agency_of` says which agency a row's source belongs to.
    pub fn new(conflicts: &[Conflict], agency_of: &dyn Fn(&Provenance) -> Option<Agency>) -> Self {
        let mut counts = ConflictCounts {
            total: conflicts.len(),
            ..ConflictCounts::default()
        };
        let mut persons = std::collections::BTreeSet::new();
        for c in conflicts {
            *counts.by_type.entry(c.kind).or_default() += 1;
            *counts.by_severity.entry(c.severity).or_default() += 1;
            *counts
                .by_type_severity
                .entry((c.kind, c.severity))
                .or_default() += 1;
            persons.insert(c.person);
            let mut agencies: Vec<Agency> = c.rows().into_iter().filter_map(agency_of).collect();
            agencies.sort_unstable();
            agencies.dedup();
            for a in agencies {
                *counts.by_agency.entry(a).or_default() += 1;
            }
        }
        counts.persons = persons.len();
        counts
    }

    /// Counts the conflicts of a run, looking agencies up by source name.
    pub fn of_run(conflicts: &[Conflict], run: &crate::pipeline::RunOutput) -> Self {
        let agencies = source_agencies(run);
        ConflictCounts::new(conflicts, &|p: &Provenance| {
            agencies.get(p.source.as_str()).copied()
        })
    }
}

/// Source name → agency, for a run's inputs.
pub fn source_agencies(run: &crate::pipeline::RunOutput) -> HashMap<&str, Agency> {
    run.sources
        .iter()
        .map(|s| (s.spec.file.name.as_str(), s.agency))
        .collect()
}

/// The exit status of a run: `ConflictsFound` (3) when `fail_on` is given and a conflict of at
/// least that severity exists.
pub fn fail_on_status(conflicts: &[Conflict], fail_on: Option<Severity>) -> ExitStatus {
    match fail_on {
        Some(level) if conflicts.iter().any(|c| c.severity <= level) => ExitStatus::ConflictsFound,
        _ => ExitStatus::Success,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_identity_numbers() {
        let cases = [
            ("E12345678", "*****5678"),
            ("5203154105850001", "************0001"),
            ("A1234567 / E7654321", "****4567 / ****4321"),
            ("1234", "****"),
            ("", ""),
            ("2C11AB1234-A", "********34-A"),
        ];
        for (raw, want) in cases {
            assert_eq!(redact(raw), want, "{raw}");
        }
    }

    fn conflict(kind: ConflictType, severity: Severity, person: u32, rows: &[&str]) -> Conflict {
        let prov = |r: &&str| {
            let mut parts = r.split(':');
            Provenance {
                source: parts.next().unwrap_or_default().to_string(),
                sheet: parts.next().unwrap_or_default().to_string(),
                row: parts.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            }
        };
        Conflict {
            id: format!("{}-{person}", kind.code()),
            person,
            person_id: format!("P{:06}", person + 1),
            kind,
            severity,
            field: "passport".into(),
            values: vec![
                crate::conflicts::ConflictValue {
                    value: "E12345678".into(),
                    rows: rows.iter().take(1).map(prov).collect(),
                },
                crate::conflicts::ConflictValue {
                    value: "X7654321".into(),
                    rows: rows.iter().skip(1).map(prov).collect(),
                },
            ],
            detail_id: "Nomor paspor berbeda.".into(),
            detail_en: "Different passport numbers.".into(),
        }
    }

    #[test]
    fn counts_by_type_severity_and_agency() {
        let conflicts = [
            conflict(
                ConflictType::PassportMismatch,
                Severity::Medium,
                0,
                &["imi.xlsx:S:2", "tka.csv::3"],
            ),
            conflict(
                ConflictType::PassportMismatch,
                Severity::Medium,
                1,
                &["imi.xlsx:S:4", "imi.xlsx:S:5"],
            ),
            conflict(
                ConflictType::PermitExpired,
                Severity::High,
                1,
                &["imi.xlsx:S:4", "polri.csv::9"],
            ),
            conflict(
                ConflictType::DuplicateInSource,
                Severity::Low,
                2,
                &["unknown.csv::1"],
            ),
        ];
        let agency = |p: &Provenance| match p.source.as_str() {
            "imi.xlsx" => Some(Agency::Imigrasi),
            "tka.csv" => Some(Agency::Disnaker),
            "polri.csv" => Some(Agency::Polri),
            _ => None,
        };
        let c = ConflictCounts::new(&conflicts, &agency);
        assert_eq!(c.total, 4);
        assert_eq!(c.persons, 3);
        assert_eq!(c.by_type.get(&ConflictType::PassportMismatch), Some(&2));
        assert_eq!(c.by_severity.get(&Severity::High), Some(&1));
        assert_eq!(c.by_severity.get(&Severity::Low), Some(&1));
        // Two rows of one agency count it once.
        assert_eq!(c.by_agency.get(&Agency::Imigrasi), Some(&3));
        assert_eq!(c.by_agency.get(&Agency::Disnaker), Some(&1));
        assert_eq!(c.by_agency.get(&Agency::Polri), Some(&1));
        assert_eq!(c.by_agency.get(&Agency::Dukcapil), None);
        assert_eq!(
            c.by_type_severity
                .get(&(ConflictType::PermitExpired, Severity::High)),
            Some(&1)
        );

        let order: Vec<&str> = display_order(&conflicts)
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "permit_expired-1",
                "passport_mismatch-0",
                "passport_mismatch-1",
                "duplicate_in_source-2"
            ]
        );
    }

    #[test]
    fn values_rows_and_redaction() {
        let c = conflict(
            ConflictType::PassportMismatch,
            Severity::Medium,
            0,
            &["b.csv::3", "a.xlsx:S:2"],
        );
        let mut opts = ReportOptions::new(
            Lang::Id,
            false,
            NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default(),
        );
        assert_eq!(values_text(&c, &opts), "E12345678 | X7654321");
        assert_eq!(rows_text(&c), "a.xlsx:S:2; b.csv::3");
        opts.redact = true;
        assert_eq!(values_text(&c, &opts), "*****5678 | ****4321");
        let cases = [
            ("passport", "E12345678", "*****5678"),
            ("nik", "5203154105850001", "************0001"),
            ("dob", "1985-03-04", "1985-03-04"),
            ("passport_expiry", "2030-01-01", "2030-01-01"),
            ("name", "WANG WEI", "WANG WEI"),
        ];
        for (field, value, want) in cases {
            assert_eq!(opts.show(field, value), want, "{field}");
        }
    }

    #[test]
    fn masks_identity_numbers_in_text() {
        let cases = [
            (
                "E1234567 WANG WEI 1985-03-04",
                "****4567 WANG WEI 1985-03-04",
            ),
            ("NIK 5203154105850001.", "NIK ************0001."),
            ("tel 081234567890", "tel ********7890"),
            ("Paspor A12345 habis", "Paspor A12345 habis"),
            ("ANNA MARIA VAN DIJK", "ANNA MARIA VAN DIJK"),
            ("04/03/1985; 2025-06-01", "04/03/1985; 2025-06-01"),
            ("", ""),
            ("é12345678é", "******678é"),
        ];
        for (text, want) in cases {
            assert_eq!(redact_text(text), want, "{text}");
        }
        let mut opts = ReportOptions::new(Lang::En, false, NaiveDate::default());
        assert_eq!(opts.show_text("E1234567"), "E1234567");
        opts.redact = true;
        assert_eq!(opts.show_text("E1234567"), "****4567");
    }

    #[test]
    fn labels() {
        let cases = [
            (
                Lang::Id,
                ConflictType::PermitExpired,
                "Izin tinggal habis berlaku",
            ),
            (Lang::En, ConflictType::PermitExpired, "Stay permit expired"),
        ];
        for (lang, kind, want) in cases {
            assert_eq!(lang.type_label(kind), want);
        }
        assert_eq!(Lang::Id.severity_label(Severity::High), "tinggi");
        assert_eq!(Lang::En.severity_label(Severity::Low), "low");
        assert_eq!(Lang::Id.agency_label(Agency::Dukcapil), "Disdukcapil");
        assert_eq!(Lang::En.agency_label(Agency::Polri), "Police");
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("id"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::En.pick("a", "b"), "b");
    }
}
