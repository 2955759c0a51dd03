//! Human-readable renderings of normalised values, for `reconcile inspect --show-normalized` and
//! the per-field statistics of `inspect`.
//!
//! ```text
//! Record ──stage::normalize_record──▶ NormalizedRecord
//!                                         │ describe_field(Field::Name, …)  → "tokens WANG XIAO MING (titles DRS)"
//!                                         │ describe_field(Field::Dob, …)   → "1985-06-05 (ambiguous)"
//!                                         │ describe_field(Field::Passport, …) → "E12345678 / folded E12345678"
//!                                         ▼
//!                                   Option<String> (None: nothing could be derived)
//! ```
//!
//! Why a module of its own: the keys the matcher compares (token lists, folded passport numbers,
//! partial dates, address parts) are not meant for people, but an analyst checking a new export
//! needs to see *what the tool understood* next to what the clerk typed. One `describe_*`
//! function per kind of value keeps `commands::inspect` free of formatting details, and
//! [`NORMALIZED_FIELDS`] / [`describe_field`] say, in one place, which canonical [`Field`] feeds
//! which part of a [`NormalizedRecord`]. These functions run once per shown value, not in the hot
//! normalisation loop, so they favour clarity over avoiding allocation.

use super::address::{parse_address, AddressParts, Gazetteer};
use super::company::CompanyKey;
use super::date::DateValue;
use super::name::NameKey;
use super::nik::{Nik, NikSex};
use super::passport::{PassportKey, PassportTag, Plausibility};
use super::sex::Sex;
use super::stage::{DateKey, IssueKind, NormalizedRecord};
use crate::record::Field;
use std::fmt::Write;

/// The fields the normalisation stage reads, in the order reports list them. Fields not listed
/// here (occupation, remarks, STM numbers, …) are carried through as written.
pub const NORMALIZED_FIELDS: &[Field] = &[
    Field::Name,
    Field::GivenName,
    Field::FamilyName,
    Field::Passport,
    Field::Nik,
    Field::IdNumber,
    Field::Nationality,
    Field::Dob,
    Field::Sex,
    Field::Address,
    Field::Street,
    Field::RtRw,
    Field::Dusun,
    Field::Desa,
    Field::Kecamatan,
    Field::Kabupaten,
    Field::Province,
    Field::Postcode,
    Field::Employer,
    Field::Sponsor,
    Field::PermitType,
    Field::PermitIndex,
    Field::PermitNumber,
    Field::PermitIssue,
    Field::PermitExpiry,
    Field::PermitValidity,
    Field::Status,
];

/// The stable snake_case code of an issue kind, as `inspect --json` writes it.
pub fn issue_code(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::UnreadableDate => "unreadable_date",
        IssueKind::ImpossibleDate => "impossible_date",
        IssueKind::AmbiguousDate => "ambiguous_date",
        IssueKind::PartialDate => "partial_date",
        IssueKind::UnknownNationality => "unknown_nationality",
        IssueKind::UncertainNationality => "uncertain_nationality",
        IssueKind::UnknownSex => "unknown_sex",
        IssueKind::ImplausiblePassport => "implausible_passport",
        IssueKind::ScientificNotation => "scientific_notation",
        IssueKind::InvalidNik => "invalid_nik",
        IssueKind::TruncatedNik => "truncated_nik",
        IssueKind::UnknownKecamatan => "unknown_kecamatan",
    }
}

/// `tokens WANG XIAO MING (titles DRS)`: the comparison tokens, then what was set aside.
pub fn describe_name(key: &NameKey) -> String {
    let mut out = format!("tokens {}", key.tokens.join(" "));
    let mut notes: Vec<String> = Vec::new();
    if !key.titles.is_empty() {
        notes.push(format!("titles {}", key.titles.join(" ")));
    }
    if key.units != key.tokens {
        notes.push(format!("joined {}", key.units.join(" ")));
    }
    if key.surname_first {
        notes.push("written SURNAME, Given".into());
    }
    if !notes.is_empty() {
        let _ = write!(out, " ({})", notes.join("; "));
    }
    out
}

/// `E12345678 / folded E12345678`, one per number in the cell, with its tag and fit.
pub fn describe_passports(keys: &[PassportKey]) -> String {
    keys.iter()
        .map(|p| {
            let mut s = format!("{} / folded {}", p.key, p.folded);
            match p.tag {
                Some(PassportTag::Old) => s.push_str(" (old)"),
                Some(PassportTag::New) => s.push_str(" (new)"),
                None => {}
            }
            match p.plausibility {
                Plausibility::Plausible => s.push_str(" (fits the country's pattern)"),
                Plausibility::Implausible => s.push_str(" (does not fit the country's pattern)"),
                Plausibility::UnknownCountry => {}
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `5203154105850001: region 52.03.15, female, born 01-05-85, serial 0001`.
pub fn describe_nik(nik: &Nik) -> String {
    let kabupaten = nik.regency % 100;
    let sex = match nik.sex {
        NikSex::Male => "male",
        NikSex::Female => "female",
    };
    let mut s = format!(
        "{}: region {:02}.{:02}.{:02}, {sex}, born {:02}-{:02}-{:02}, serial {:04}",
        nik.digits,
        nik.province,
        kabupaten,
        nik.kecamatan_code,
        nik.birth_day,
        nik.birth_month,
        nik.birth_year2,
        nik.serial
    );
    if nik.truncated {
        let _ = write!(s, " (last digit lost: compared on {})", nik.match_key());
    }
    s
}

/// `1985-05-21`, `1985-05 (partial)` or `1985 (partial)`.
pub fn describe_date_value(value: &DateValue) -> String {
    if value.day.is_some() && value.month.is_some() {
        value.to_iso()
    } else {
        format!("{} (partial)", value.to_iso())
    }
}

/// A date with its day-first ambiguity: `1985-06-05 (ambiguous)`.
pub fn describe_date(key: &DateKey) -> String {
    let mut s = describe_date_value(&key.value);
    if key.ambiguous {
        s.push_str(" (ambiguous)");
    }
    s
}

/// `M` / `F`.
pub fn describe_sex(sex: Sex) -> &'static str {
    sex.code()
}

/// The address parts that were found, `None` when the text named none of them.
pub fn describe_address(parts: &AddressParts) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(s) = &parts.street {
        out.push(format!("street {s}"));
    }
    if let Some(rt) = describe_rt_rw(parts) {
        out.push(rt);
    }
    for (label, value) in [
        ("dusun", &parts.dusun),
        ("desa", &parts.desa),
        ("kecamatan", &parts.kecamatan),
        ("kabupaten", &parts.kabupaten),
        ("province", &parts.province),
        ("postcode", &parts.postcode),
    ] {
        if let Some(v) = value {
            out.push(format!("{label} {v}"));
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out.join("; "))
    }
}

/// What a free-text address cell says by itself, before the record's separate DUSUN / DESA /
/// KECAMATAN columns are merged in (they win in [`NormalizedRecord::address`]). Shown by
/// `--show-normalized`, so a cell saying JEROWARU next to a KECAMATAN column saying SELONG is
/// visible as such.
pub fn describe_address_text(raw: &str, gazetteer: &Gazetteer) -> Option<String> {
    describe_address(&parse_address(raw, gazetteer))
}

/// `RT 2/RW 1`, `RT 2` or `RW 1`.
fn describe_rt_rw(parts: &AddressParts) -> Option<String> {
    match (parts.rt, parts.rw) {
        (Some(rt), Some(rw)) => Some(format!("RT {rt}/RW {rw}")),
        (Some(rt), None) => Some(format!("RT {rt}")),
        (None, Some(rw)) => Some(format!("RW {rw}")),
        (None, None) => None,
    }
}

/// `LOMBOK INDAH RESORT [PT], sorted INDAH LOMBOK RESORT`.
pub fn describe_company(key: &CompanyKey) -> String {
    let mut s = key.name.clone();
    if let Some(form) = key.legal_form {
        let _ = write!(s, " [{form}]");
    }
    if key.sorted_key != key.name {
        let _ = write!(s, ", sorted {}", key.sorted_key);
    }
    s
}

/// What the stage made of `field` in this record; `None` when it derived nothing from it (an
/// unreadable value is flagged separately, see [`NormalizedRecord::issues`]).
pub fn describe_field(field: Field, n: &NormalizedRecord) -> Option<String> {
    let opt = |v: &Option<String>| v.clone();
    match field {
        Field::Name | Field::GivenName | Field::FamilyName => n.name.as_ref().map(describe_name),
        Field::Passport if !n.passports.is_empty() => Some(describe_passports(&n.passports)),
        Field::Nik => n.nik.as_ref().map(describe_nik),
        Field::IdNumber => opt(&n.id_number),
        Field::PermitNumber => opt(&n.permit_number),
        Field::Nationality => n.nationality.map(str::to_string),
        Field::Dob => n.dob.as_ref().map(describe_date),
        Field::Sex => n.sex.map(|s| describe_sex(s).to_string()),
        Field::Address => describe_address(&n.address),
        Field::Street => opt(&n.address.street),
        Field::RtRw => describe_rt_rw(&n.address),
        Field::Dusun => opt(&n.address.dusun),
        Field::Desa => opt(&n.address.desa),
        Field::Kecamatan => opt(&n.address.kecamatan),
        Field::Kabupaten => opt(&n.address.kabupaten),
        Field::Province => opt(&n.address.province),
        Field::Postcode => opt(&n.address.postcode),
        Field::Employer => n.employer.as_ref().map(describe_company),
        Field::Sponsor => n.sponsor.as_ref().map(describe_company),
        Field::PermitType => opt(&n.permit_type),
        Field::PermitIndex => opt(&n.permit_index),
        Field::PermitIssue => n.permit_issue.as_ref().map(describe_date_value),
        Field::PermitExpiry => n.permit_expiry.as_ref().map(describe_date_value),
        Field::PermitValidity => match (&n.permit_issue, &n.permit_expiry) {
            (Some(a), Some(b)) => Some(format!(
                "{} … {}",
                describe_date_value(a),
                describe_date_value(b)
            )),
            (None, Some(b)) => Some(format!("until {}", describe_date_value(b))),
            (Some(a), None) => Some(format!("from {}", describe_date_value(a))),
            (None, None) => None,
        },
        Field::Status => opt(&n.status),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::stage::{normalize_record, NormalizeContext};
    use crate::record::Record;

    fn record(fields: &[(Field, &str)]) -> Record {
        crate::record::test_record(fields)
    }

    fn ctx() -> NormalizeContext {
        crate::normalize::stage::test_context()
    }

    /// One field at a time: (field, raw, expected rendering, or None when nothing is derived).
    #[test]
    fn describes_each_kind_of_value() {
        let cases: &[(Field, &str, Option<&str>)] = &[
            (
                Field::Name,
                "Drs. WANG Xiao Ming",
                Some("tokens WANG XIAO MING (titles DRS)"),
            ),
            (Field::Name, "SMITH, John Paul", None),
            (Field::Name, "Drs.", Some("tokens DRS")),
            (Field::Name, "Hendrikus VAN DIJK", None),
            (
                Field::Passport,
                "E 1234 5678",
                Some("E12345678 / folded E12345678"),
            ),
            (
                Field::Passport,
                "B1234567 (LAMA)",
                Some("B1234567 / folded 81234567 (old)"),
            ),
            (
                Field::Nik,
                "5203154105850001",
                Some("5203154105850001: region 52.03.15, female, born 01-05-85, serial 0001"),
            ),
            (Field::Nik, "12345", None),
            (Field::Nationality, "TIONGKOK", Some("CHN")),
            (Field::Nationality, "ATLANTIS", None),
            (Field::Dob, "05/06/1985", Some("1985-06-05 (ambiguous)")),
            (Field::Dob, "21 Mei 1985", Some("1985-05-21")),
            (Field::Dob, "Mei 1985", Some("1985-05 (partial)")),
            (Field::Dob, "1985", Some("1985 (partial)")),
            (Field::Dob, "kemarin", None),
            (Field::Sex, "LAKI-LAKI", Some("M")),
            (Field::Sex, "Perempuan", Some("F")),
            (Field::Sex, "X", None),
            (
                Field::Address,
                "Dsn. Sungkun, Ds. Ekas Buana, Kec. Jerowaru, Lotim",
                Some("dusun SUNGKUN; desa EKAS BUANA; kecamatan JEROWARU; kabupaten LOMBOK TIMUR"),
            ),
            (Field::RtRw, "RT.002/RW.001", Some("RT 2/RW 1")),
            (Field::Kecamatan, "LAB. HAJI", Some("LABUHAN HAJI")),
            (
                Field::Sponsor,
                "PT. Lombok Indah Resort",
                Some("LOMBOK INDAH RESORT [PT], sorted INDAH LOMBOK RESORT"),
            ),
            (Field::Employer, "CV. Maju", Some("MAJU [CV]")),
            (Field::PermitIndex, "e 23", Some("E23")),
            (Field::PermitType, "itas", Some("ITAS")),
            (Field::Status, " aktif ", Some("AKTIF")),
            (Field::PermitExpiry, "31-05-2025", Some("2025-05-31")),
            (
                Field::PermitValidity,
                "01/06/2024 - 31/05/2025",
                Some("2024-06-01 … 2025-05-31"),
            ),
            (
                Field::PermitValidity,
                "s/d 31-05-2025",
                Some("until 2025-05-31"),
            ),
            (Field::PermitNumber, "2C11 GH3456-D", Some("2C11GH3456D")),
        ];
        let mut failures = Vec::new();
        for (field, raw, expected) in cases {
            let n = normalize_record(&record(&[(*field, raw)]), &ctx());
            let got = describe_field(*field, &n);
            match expected {
                Some(e) => {
                    if got.as_deref() != Some(*e) {
                        failures.push(format!("{field} {raw:?}: got {got:?}, expected {e:?}"));
                    }
                }
                // Renderings we only check for shape: no panic, and something or nothing as noted.
                None => match *raw {
                    "SMITH, John Paul" => {
                        let g = got.unwrap_or_default();
                        assert!(g.contains("written SURNAME, Given"), "{g}");
                        assert!(g.starts_with("tokens JOHN PAUL SMITH"), "{g}");
                    }
                    "Hendrikus VAN DIJK" => {
                        let g = got.unwrap_or_default();
                        assert!(g.contains("joined HENDRIKUS VANDIJK"), "{g}");
                    }
                    _ => {
                        if got.is_some() {
                            failures.push(format!("{field} {raw:?}: got {got:?}, expected None"));
                        }
                    }
                },
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn implausible_and_truncated_identifiers_say_so() {
        let n = normalize_record(
            &record(&[
                (Field::Passport, "E4712O988"),
                (Field::Nationality, "CHINESE"),
            ]),
            &ctx(),
        );
        let p = describe_field(Field::Passport, &n).unwrap_or_default();
        assert!(p.contains("does not fit"), "{p}");
        assert!(p.starts_with("E4712O988 / folded "), "{p}");

        let nik = crate::normalize::nik::parse_nik_from_number(5_203_154_105_850_000.0);
        let nik = nik.map(|n| describe_nik(&n)).unwrap_or_default();
        assert!(nik.contains("compared on 520315410585000"), "{nik}");
    }

    #[test]
    fn an_address_cell_by_itself() {
        let g = Gazetteer::lombok_timur();
        let cases = [
            (
                "Dsn. Sungkun, Ds. Ekas Buana, Kec. Jerowaru, Lotim",
                Some("dusun SUNGKUN; desa EKAS BUANA; kecamatan JEROWARU; kabupaten LOMBOK TIMUR"),
            ),
            (
                "JL. TGH M. MUTAWALLI NO.12 RT.002/RW.001 KEL. PANCOR KEC. SELONG",
                Some(
                    "street JALAN TGH M MUTAWALLI NO 12; RT 2/RW 1; desa PANCOR; kecamatan SELONG",
                ),
            ),
            (
                "Ds. Ekas Buana RT02RW01",
                Some("RT 2/RW 1; desa EKAS BUANA; kecamatan JEROWARU"),
            ),
            ("Gili Trawangan", Some("street GILI TRAWANGAN")),
            ("-", None),
            ("", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                describe_address_text(raw, &g).as_deref(),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn issue_codes_match_the_json_codes() {
        let kinds = [
            IssueKind::UnreadableDate,
            IssueKind::ImpossibleDate,
            IssueKind::AmbiguousDate,
            IssueKind::PartialDate,
            IssueKind::UnknownNationality,
            IssueKind::UncertainNationality,
            IssueKind::UnknownSex,
            IssueKind::ImplausiblePassport,
            IssueKind::ScientificNotation,
            IssueKind::InvalidNik,
            IssueKind::TruncatedNik,
            IssueKind::UnknownKecamatan,
        ];
        for k in kinds {
            let json = serde_json::to_value(k).unwrap_or_default();
            assert_eq!(json.as_str(), Some(issue_code(k)), "{k:?}");
        }
    }

    #[test]
    fn every_normalized_field_is_described_when_filled() {
        // A record with every listed field filled with a plausible value gives a rendering for each.
        let r = record(&[
            (Field::Name, "John Smith"),
            (Field::Passport, "PA1234567"),
            (Field::Nik, "5203154105850001"),
            (Field::IdNumber, "KTP 123"),
            (Field::Nationality, "AUSTRALIA"),
            (Field::Dob, "21-05-1985"),
            (Field::Sex, "L"),
            (Field::Address, "Jl. Raya Sembalun No. 7"),
            (Field::Street, "Jl. Pariwisata"),
            (Field::RtRw, "002/001"),
            (Field::Dusun, "Sajang"),
            (Field::Desa, "Sembalun Lawang"),
            (Field::Kecamatan, "Sembalun"),
            (Field::Kabupaten, "Lombok Timur"),
            (Field::Province, "NTB"),
            (Field::Postcode, "83656"),
            (Field::Employer, "PT Rinjani"),
            (Field::Sponsor, "Yayasan Rinjani"),
            (Field::PermitType, "ITAS"),
            (Field::PermitIndex, "E23"),
            (Field::PermitNumber, "2C11GH3456"),
            (Field::PermitIssue, "13-06-2024"),
            (Field::PermitExpiry, "31-05-2025"),
            (Field::Status, "AKTIF"),
        ]);
        let n = normalize_record(&r, &ctx());
        for (f, _) in &r.fields {
            assert!(describe_field(*f, &n).is_some(), "{f}");
        }
        assert!(n.issues.is_empty(), "{:?}", n.issues);
    }

    #[test]
    fn odd_input_never_panics() {
        for raw in ["", "\0", "   ", "ß", "🙂🙂", &"x".repeat(10_000)] {
            for f in NORMALIZED_FIELDS {
                let n = normalize_record(&record(&[(*f, raw)]), &ctx());
                let described = describe_field(*f, &n);
                if raw.trim().is_empty() {
                    // A blank cell is no value: nothing is derived from it.
                    assert_eq!(described, None, "{f} {raw:?}");
                }
            }
        }
    }
}
