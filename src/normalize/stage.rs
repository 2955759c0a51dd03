//! The `normalize` stage proper: one [`Record`] → one [`NormalizedRecord`] of comparable keys,
//! with every value that could not be understood flagged as a [`NormalizeIssue`] (never guessed).
//!
//! ```text
//! Record.fields (raw text / dates) ──▶ NormalizedRecord { name: NameKey, passports: [PassportKey],
//!                                      nik, dob: DateValue, nationality: ISO3, sex, address: AddressParts,
//!                                      employer/sponsor: CompanyKey, permit … } + issues
//! ```
//!
//! The raw values stay in the `Record`; this type only holds what the matcher and the conflict
//! rules compare.

use super::address::{normalize_place, parse_address, parse_rt_rw, AddressParts, Gazetteer};
use super::company::{normalize_company, CompanyKey};
use super::date::{is_missing_token, parse_date, parse_validity, DateProblem, DateValue};
use super::name::{normalize_name, normalize_name_parts, NameKey};
use super::nationality::{parse_nationality, Confidence};
use super::nik::{parse_nik, Nik};
use super::passport::{
    is_scientific_notation, normalize_id_number, normalize_passports, PassportKey,
};
use super::sex::{parse_sex, Sex};
use crate::record::{Field, Record, Value};
use serde::Serialize;

/// A normalised date and whether its day and month could be swapped (`05/06/1985`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateKey {
    pub value: DateValue,
    pub ambiguous: bool,
}

/// Why a value was flagged. Stable codes, shown by `inspect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// The text is not a date in any known form.
    UnreadableDate,
    /// Shaped like a date but not a real day (31-02-1985).
    ImpossibleDate,
    /// Day and month could be swapped; read day-first.
    AmbiguousDate,
    /// Only a year, or a month and year.
    PartialDate,
    /// Not a nationality this tool knows.
    UnknownNationality,
    /// Known, but not certainly ("KOREA").
    UncertainNationality,
    /// Not a sex code this tool knows.
    UnknownSex,
    /// A passport number that does not fit its country's pattern.
    ImplausiblePassport,
    /// A number that Excel turned into scientific notation: digits are lost.
    ScientificNotation,
    /// A NIK that is not 16 digits or encodes an impossible date.
    InvalidNik,
    /// A NIK whose last digit Excel dropped (read from a number).
    TruncatedNik,
    /// A kecamatan not in the gazetteer.
    UnknownKecamatan,
}

impl IssueKind {
    pub fn describe(self) -> &'static str {
        match self {
            IssueKind::UnreadableDate => "not a recognisable date",
            IssueKind::ImpossibleDate => "a date that does not exist",
            IssueKind::AmbiguousDate => "day and month could be swapped (read day-first)",
            IssueKind::PartialDate => "partial date (year, or month and year)",
            IssueKind::UnknownNationality => "unknown nationality",
            IssueKind::UncertainNationality => "nationality read with low confidence",
            IssueKind::UnknownSex => "unknown sex code",
            IssueKind::ImplausiblePassport => "does not fit the country's passport pattern",
            IssueKind::ScientificNotation => "number in scientific notation (digits lost)",
            IssueKind::InvalidNik => "not a valid NIK",
            IssueKind::TruncatedNik => "NIK read from a number (last digit lost)",
            IssueKind::UnknownKecamatan => "kecamatan not in the gazetteer",
        }
    }
}

/// One flagged value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizeIssue {
    pub field: Field,
    pub kind: IssueKind,
    pub raw: String,
}

/// The comparable keys of one record.
#[derive(Clone, Debug, Default)]
pub struct NormalizedRecord {
    pub name: Option<NameKey>,
    pub passports: Vec<PassportKey>,
    pub nik: Option<Nik>,
    /// A generic identity number (config `id_number`), cleaned like a passport.
    pub id_number: Option<String>,
    pub permit_number: Option<String>,
    pub nationality: Option<&'static str>,
    pub dob: Option<DateKey>,
    pub sex: Option<Sex>,
    pub address: AddressParts,
    pub employer: Option<CompanyKey>,
    pub sponsor: Option<CompanyKey>,
    /// ITAS / ITAP / ITK … upper case.
    pub permit_type: Option<String>,
    /// E23, C312, … upper case without spaces.
    pub permit_index: Option<String>,
    pub permit_issue: Option<DateValue>,
    pub permit_expiry: Option<DateValue>,
    /// AKTIF, EPO, DEPORTASI … upper case.
    pub status: Option<String>,
    pub issues: Vec<NormalizeIssue>,
}

/// Settings the stage needs, resolved once.
#[derive(Clone, Debug)]
pub struct NormalizeContext {
    pub pivot_year: i32,
    pub gazetteer: Gazetteer,
}

impl Default for NormalizeContext {
    fn default() -> Self {
        NormalizeContext {
            pivot_year: chrono::Datelike::year(&chrono::Local::now().date_naive()),
            gazetteer: Gazetteer::lombok_timur(),
        }
    }
}

fn text(record: &Record, field: Field) -> Option<&str> {
    match record.get(field) {
        Some(Value::Text(t)) if !is_missing_token(t) => Some(t.as_str()),
        _ => None,
    }
}

/// Upper case, runs of whitespace collapsed to one space, ends trimmed; one allocation.
fn upper_compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
        }
    }
    out
}

fn date_key(
    record: &Record,
    field: Field,
    ctx: &NormalizeContext,
    issues: &mut Vec<NormalizeIssue>,
) -> Option<DateKey> {
    match record.get(field)? {
        Value::Date(d) => Some(DateKey {
            value: DateValue::from_naive(*d),
            ambiguous: false,
        }),
        Value::Text(t) => match parse_date(t, ctx.pivot_year) {
            Ok(p) => {
                if p.ambiguous {
                    issues.push(NormalizeIssue {
                        field,
                        kind: IssueKind::AmbiguousDate,
                        raw: t.clone(),
                    });
                }
                if p.value.day.is_none() {
                    issues.push(NormalizeIssue {
                        field,
                        kind: IssueKind::PartialDate,
                        raw: t.clone(),
                    });
                }
                Some(DateKey {
                    value: p.value,
                    ambiguous: p.ambiguous,
                })
            }
            Err(DateProblem::Empty) => None,
            Err(DateProblem::Impossible) => {
                issues.push(NormalizeIssue {
                    field,
                    kind: IssueKind::ImpossibleDate,
                    raw: t.clone(),
                });
                None
            }
            Err(_) => {
                issues.push(NormalizeIssue {
                    field,
                    kind: IssueKind::UnreadableDate,
                    raw: t.clone(),
                });
                None
            }
        },
    }
}

/// A validity column ("s/d 31-05-2025", "01/06/2024 - 31/05/2025") gives (issue, expiry).
fn validity(
    record: &Record,
    field: Field,
    ctx: &NormalizeContext,
) -> (Option<DateValue>, Option<DateValue>) {
    match record.get(field) {
        Some(Value::Date(d)) => (None, Some(DateValue::from_naive(*d))),
        Some(Value::Text(t)) => {
            let (a, b) = parse_validity(t, ctx.pivot_year);
            (a.map(|p| p.value), b.map(|p| p.value))
        }
        None => (None, None),
    }
}

/// Normalises one record.
pub fn normalize_record(record: &Record, ctx: &NormalizeContext) -> NormalizedRecord {
    let mut out = NormalizedRecord::default();
    let issues = &mut out.issues;

    // Name: the full-name column, else given + family.
    out.name = match (
        text(record, Field::Name),
        text(record, Field::GivenName),
        text(record, Field::FamilyName),
    ) {
        (Some(n), _, _) => Some(normalize_name(n)),
        (None, g, f) if g.is_some() || f.is_some() => {
            Some(normalize_name_parts(g.unwrap_or(""), f.unwrap_or("")))
        }
        _ => None,
    }
    .filter(|k| !k.tokens.is_empty());

    // Nationality first: passport plausibility depends on it.
    if let Some(raw) = text(record, Field::Nationality) {
        match parse_nationality(raw) {
            Some(n) => {
                out.nationality = Some(n.iso3);
                if n.confidence == Confidence::Low {
                    issues.push(NormalizeIssue {
                        field: Field::Nationality,
                        kind: IssueKind::UncertainNationality,
                        raw: raw.into(),
                    });
                }
            }
            None => issues.push(NormalizeIssue {
                field: Field::Nationality,
                kind: IssueKind::UnknownNationality,
                raw: raw.into(),
            }),
        }
    }

    if let Some(raw) = text(record, Field::Passport) {
        if is_scientific_notation(raw) {
            issues.push(NormalizeIssue {
                field: Field::Passport,
                kind: IssueKind::ScientificNotation,
                raw: raw.into(),
            });
        }
        out.passports = normalize_passports(raw, out.nationality);
        if out
            .passports
            .iter()
            .any(|p| p.plausibility == super::passport::Plausibility::Implausible)
        {
            issues.push(NormalizeIssue {
                field: Field::Passport,
                kind: IssueKind::ImplausiblePassport,
                raw: raw.into(),
            });
        }
    }

    if let Some(raw) = text(record, Field::Nik) {
        match parse_nik(raw) {
            Ok(nik) => {
                if nik.truncated {
                    issues.push(NormalizeIssue {
                        field: Field::Nik,
                        kind: IssueKind::TruncatedNik,
                        raw: raw.into(),
                    });
                }
                out.nik = Some(nik);
            }
            Err(_) => {
                let kind = if is_scientific_notation(raw) {
                    IssueKind::ScientificNotation
                } else {
                    IssueKind::InvalidNik
                };
                issues.push(NormalizeIssue {
                    field: Field::Nik,
                    kind,
                    raw: raw.into(),
                });
            }
        }
    }

    out.id_number = text(record, Field::IdNumber).and_then(normalize_id_number);
    out.permit_number = text(record, Field::PermitNumber).and_then(normalize_id_number);

    out.dob = date_key(record, Field::Dob, ctx, issues);

    if let Some(raw) = text(record, Field::Sex) {
        out.sex = parse_sex(raw);
        if out.sex.is_none() {
            issues.push(NormalizeIssue {
                field: Field::Sex,
                kind: IssueKind::UnknownSex,
                raw: raw.into(),
            });
        }
    }

    // Address: the free text parsed, then the explicit columns win.
    let mut address = text(record, Field::Address)
        .map(|a| parse_address(a, &ctx.gazetteer))
        .unwrap_or_default();
    if let Some(street) = text(record, Field::Street) {
        let s = normalize_place(street);
        address.street = Some(match address.street.take() {
            Some(existing) if !existing.contains(&s) => format!("{s} {existing}"),
            Some(existing) => existing,
            None => s,
        });
    }
    if let Some(rtrw) = text(record, Field::RtRw) {
        let (rt, rw) = parse_rt_rw(rtrw);
        address.rt = rt.or(address.rt);
        address.rw = rw.or(address.rw);
    }
    if let Some(d) = text(record, Field::Dusun) {
        address.dusun = Some(normalize_place(d));
    }
    if let Some(d) = text(record, Field::Desa) {
        let folded = normalize_place(d);
        address.desa = Some(
            ctx.gazetteer
                .canonical_desa(&folded)
                .map(str::to_string)
                .unwrap_or(folded),
        );
    }
    if let Some(k) = text(record, Field::Kecamatan) {
        match ctx.gazetteer.canonical_kecamatan(k) {
            Some(c) => address.kecamatan = Some(c.to_string()),
            None => {
                address.kecamatan = Some(normalize_place(k));
                issues.push(NormalizeIssue {
                    field: Field::Kecamatan,
                    kind: IssueKind::UnknownKecamatan,
                    raw: k.into(),
                });
            }
        }
    } else if address.kecamatan.is_none() {
        if let Some(desa) = &address.desa {
            address.kecamatan = ctx.gazetteer.kecamatan_of_desa(desa).map(str::to_string);
        }
    }
    if let Some(k) = text(record, Field::Kabupaten) {
        address.kabupaten = Some(normalize_place(k));
    }
    if let Some(p) = text(record, Field::Province) {
        address.province = Some(normalize_place(p));
    }
    if let Some(p) = text(record, Field::Postcode) {
        address.postcode = Some(p.trim().to_string());
    }
    out.address = address;

    out.employer = text(record, Field::Employer)
        .map(normalize_company)
        .filter(|c| !c.name.is_empty());
    out.sponsor = text(record, Field::Sponsor)
        .map(normalize_company)
        .filter(|c| !c.name.is_empty());

    out.permit_type = text(record, Field::PermitType).map(upper_compact);
    out.permit_index = text(record, Field::PermitIndex)
        .map(|s| s.split_whitespace().collect::<String>().to_uppercase());
    out.permit_issue = date_key(record, Field::PermitIssue, ctx, &mut out.issues).map(|d| d.value);
    out.permit_expiry =
        date_key(record, Field::PermitExpiry, ctx, &mut out.issues).map(|d| d.value);
    if out.permit_expiry.is_none() {
        let (start, end) = validity(record, Field::PermitValidity, ctx);
        out.permit_expiry = end;
        out.permit_issue = out.permit_issue.or(start);
    }
    out.status = text(record, Field::Status).map(upper_compact);
    out
}

/// The normalised keys of a test record (pivot year 2025, Lombok Timur gazetteer): the shared
/// fixture of the linking stages' unit tests.
#[cfg(test)]
pub(crate) fn test_normalized(fields: &[(Field, &str)]) -> NormalizedRecord {
    normalize_record(&crate::record::test_record(fields), &test_context())
}

/// Pivot year 2025 and the Lombok Timur gazetteer: the context of the unit tests.
#[cfg(test)]
pub(crate) fn test_context() -> NormalizeContext {
    NormalizeContext {
        pivot_year: 2025,
        gazetteer: Gazetteer::lombok_timur(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[(Field, &str)]) -> Record {
        crate::record::test_record(fields)
    }

    fn ctx() -> NormalizeContext {
        crate::normalize::stage::test_context()
    }

    #[test]
    fn immigration_row() {
        let r = record(&[
            (Field::Name, "Drs. WANG Xiao Ming"),
            (Field::Passport, "E 1234 5678"),
            (Field::Nationality, "TIONGKOK"),
            (Field::Dob, "05/06/1985"),
            (Field::Sex, "LAKI-LAKI"),
            (
                Field::Address,
                "JL. TGH M. MUTAWALLI NO.12 RT.002/RW.001 KEL. PANCOR KEC. SELONG",
            ),
            (Field::Sponsor, "PT. Lombok Indah Resort"),
            (Field::PermitIndex, "e 23"),
            (Field::PermitValidity, "01/06/2024 - 31/05/2025"),
        ]);
        let n = normalize_record(&r, &ctx());
        assert_eq!(n.nationality, Some("CHN"));
        assert_eq!(n.passports.len(), 1);
        assert_eq!(n.passports[0].key, "E12345678");
        let dob = n.dob.unwrap();
        assert_eq!(dob.value.to_iso(), "1985-06-05");
        assert!(dob.ambiguous);
        assert!(n.issues.iter().any(|i| i.kind == IssueKind::AmbiguousDate));
        assert_eq!(n.sex, Some(Sex::Male));
        assert_eq!(n.address.kecamatan.as_deref(), Some("SELONG"));
        assert_eq!(n.address.rt, Some(2));
        assert_eq!(n.sponsor.unwrap().legal_form, Some("PT"));
        assert_eq!(n.permit_index.as_deref(), Some("E23"));
        assert_eq!(
            n.permit_expiry.map(|d| d.to_iso()).as_deref(),
            Some("2025-05-31")
        );
        assert!(n.name.unwrap().titles.iter().any(|t| t == "DRS"));
    }

    #[test]
    fn upper_compact_cases() {
        let cases = [
            ("aktif", "AKTIF"),
            ("  alih   status ", "ALIH STATUS"),
            ("itas\t\nbaru", "ITAS BARU"),
            ("", ""),
            ("   ", ""),
            ("straße", "STRASSE"),
            ("épo", "ÉPO"),
        ];
        for (raw, expected) in cases {
            assert_eq!(upper_compact(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn flags_what_it_cannot_read() {
        let r = record(&[
            (Field::Name, "A B"),
            (Field::Nationality, "ATLANTIS"),
            (Field::Dob, "31/02/1985"),
            (Field::Sex, "X"),
            (Field::Nik, "5.20315E+15"),
            (Field::Kecamatan, "GOTHAM"),
        ]);
        let n = normalize_record(&r, &ctx());
        let kinds: Vec<IssueKind> = n.issues.iter().map(|i| i.kind).collect();
        for k in [
            IssueKind::UnknownNationality,
            IssueKind::ImpossibleDate,
            IssueKind::UnknownSex,
            IssueKind::ScientificNotation,
            IssueKind::UnknownKecamatan,
        ] {
            assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
        }
        assert!(n.nationality.is_none() && n.dob.is_none() && n.sex.is_none() && n.nik.is_none());
    }

    #[test]
    fn given_and_family_names_and_columns_of_an_address() {
        let r = record(&[
            (Field::GivenName, "john paul"),
            (Field::FamilyName, "smith"),
            (Field::RtRw, "RT 003/RW 005"),
            (Field::Desa, "Ds. Ekas Buana"),
        ]);
        let n = normalize_record(&r, &ctx());
        assert_eq!(n.name.unwrap().sorted_key, "JOHN PAUL SMITH");
        assert_eq!((n.address.rt, n.address.rw), (Some(3), Some(5)));
        assert_eq!(n.address.kecamatan.as_deref(), Some("JEROWARU"));
    }
}
