//! Canonical person records: the common shape every agency's row is mapped into.
//!
//! ```text
//! RawRow (cells by column) ──map──▶ Record { provenance, agency, fields: [(Field, Value)], extra: raw unmapped cells }
//! ```
//!
//! A [`Field`] is a canonical meaning ("passport", "date of birth") with a stable snake_case key used in
//! config files and CSV headers. A [`Record`] keeps the mapped values as the source wrote them (dates that
//! were real spreadsheet dates stay dates); the `normalize` stage derives comparable keys from them later.
//! Columns that map to nothing are kept in [`Record::extra`], so nothing a user gave us is thrown away.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// Where a row came from: the source's name, the sheet (empty for CSV) and the row number as the
/// spreadsheet shows it. It travels with every record so any finding can be looked up in the original file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Provenance {
    pub source: String,
    pub sheet: String,
    pub row: u32,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.source, self.sheet, self.row)
    }
}

/// The agency a file comes from. The order is the order reports list them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Agency {
    Imigrasi,
    Disnaker,
    Dukcapil,
    Polri,
    Other,
}

impl Agency {
    pub const ALL: [Agency; 5] = [
        Agency::Imigrasi,
        Agency::Disnaker,
        Agency::Dukcapil,
        Agency::Polri,
        Agency::Other,
    ];

    /// The stable code used in outputs and config files.
    pub fn code(self) -> &'static str {
        match self {
            Agency::Imigrasi => "imigrasi",
            Agency::Disnaker => "disnaker",
            Agency::Dukcapil => "dukcapil",
            Agency::Polri => "polri",
            Agency::Other => "other",
        }
    }

    /// A label for people reading a report.
    pub fn label(self) -> &'static str {
        match self {
            Agency::Imigrasi => "Imigrasi (immigration)",
            Agency::Disnaker => "Disnaker (manpower)",
            Agency::Dukcapil => "Disdukcapil (civil registry)",
            Agency::Polri => "Polri (police)",
            Agency::Other => "other",
        }
    }

    /// Parses the names a user may type: Indonesian codes, common spellings and English aliases.
    pub fn parse(text: &str) -> Option<Agency> {
        let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Some(match t.as_str() {
            "imigrasi" | "immigration" | "kanim" | "imi" => Agency::Imigrasi,
            "disnaker" | "manpower" | "naker" | "labour" | "labor" | "tka" => Agency::Disnaker,
            "dukcapil" | "disdukcapil" | "capil" | "civil-registry" | "civil-registration"
            | "civilregistry" | "registry" => Agency::Dukcapil,
            "polri" | "police" | "polres" | "polda" | "polisi" => Agency::Polri,
            "other" | "lain" | "lainnya" => Agency::Other,
            _ => return None,
        })
    }
}

impl fmt::Display for Agency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! fields {
    ($( $variant:ident => $key:literal, $label:literal; )*) => {
        /// A canonical field. Keys are stable: config files and output headers use them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field { $( $variant, )* }

        impl Field {
            /// Every field, in the order outputs list them.
            pub const ALL: &'static [Field] = &[ $( Field::$variant, )* ];

            /// The stable snake_case key.
            pub fn key(self) -> &'static str {
                match self { $( Field::$variant => $key, )* }
            }

            /// A short English description for reports.
            pub fn label(self) -> &'static str {
                match self { $( Field::$variant => $label, )* }
            }
        }
    };
}

fields! {
    Name => "name", "full name";
    GivenName => "given_name", "given name(s)";
    FamilyName => "family_name", "family name / surname";
    Passport => "passport", "passport number";
    PassportIssue => "passport_issue", "passport issue date";
    PassportExpiry => "passport_expiry", "passport expiry date";
    Nik => "nik", "NIK (population number)";
    KkNumber => "kk_number", "family card (KK) number";
    IdNumber => "id_number", "other identity-document number";
    Nationality => "nationality", "nationality";
    Dob => "dob", "date of birth";
    PlaceOfBirth => "place_of_birth", "place of birth";
    PlaceDateOfBirth => "place_date_of_birth", "place and date of birth (combined cell)";
    Age => "age", "age";
    Sex => "sex", "sex";
    Religion => "religion", "religion";
    MaritalStatus => "marital_status", "marital status";
    Address => "address", "address (free text)";
    Street => "street", "street";
    RtRw => "rt_rw", "RT/RW";
    Dusun => "dusun", "dusun / lingkungan";
    Desa => "desa", "desa / kelurahan (locality)";
    Kecamatan => "kecamatan", "kecamatan (district)";
    Kabupaten => "kabupaten", "kabupaten / kota (regency)";
    Province => "province", "province / state";
    Postcode => "postcode", "postcode";
    Employer => "employer", "employer";
    Sponsor => "sponsor", "sponsor / guarantor";
    Occupation => "occupation", "occupation / position";
    WorkLocation => "work_location", "work location";
    PermitType => "permit_type", "stay permit type";
    PermitIndex => "permit_index", "stay permit index (visa code)";
    PermitNumber => "permit_number", "stay permit number";
    PermitIssue => "permit_issue", "stay permit issue date";
    PermitExpiry => "permit_expiry", "stay permit expiry date";
    PermitValidity => "permit_validity", "stay permit validity (range)";
    Status => "permit_status", "permit or residence status (AKTIF, EPO, DEPORTASI …)";
    RptkaNumber => "rptka_number", "RPTKA number";
    RptkaValidity => "rptka_validity", "RPTKA validity";
    WorkPermitNumber => "work_permit_number", "work permit (notifikasi / IMTA) number";
    SkttNumber => "sktt_number", "SKTT number";
    SkttDate => "sktt_date", "SKTT date";
    StmNumber => "stm_number", "STM number";
    StmDate => "stm_date", "STM date";
    EventDate => "event_date", "date of the recorded event";
    Phone => "phone", "phone";
    Email => "email", "e-mail";
    Remarks => "remarks", "remarks";
    RecordId => "record_id", "record id";
    RowNumber => "row_number", "running number (NO)";
}

impl Field {
    /// Finds a field by its key or one of the aliases config files may use (`locality`, `surname`, …).
    pub fn from_key(key: &str) -> Option<Field> {
        let k = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        if let Some(f) = Field::ALL.iter().copied().find(|f| f.key() == k) {
            return Some(f);
        }
        Some(match k.as_str() {
            "full_name" | "nama" => Field::Name,
            "given" | "first_name" | "forename" => Field::GivenName,
            "surname" | "last_name" | "family" => Field::FamilyName,
            "passport_number" | "paspor" => Field::Passport,
            "date_of_birth" | "birth_date" | "birthdate" => Field::Dob,
            "birth_place" | "birthplace" => Field::PlaceOfBirth,
            "gender" => Field::Sex,
            "locality" | "kelurahan" | "village" | "suburb" | "town" => Field::Desa,
            "district" => Field::Kecamatan,
            "regency" | "city" | "kota" => Field::Kabupaten,
            "state" | "provinsi" => Field::Province,
            "postal_code" | "zip" | "zipcode" | "kode_pos" => Field::Postcode,
            "company" => Field::Employer,
            "guarantor" | "penjamin" => Field::Sponsor,
            "job" | "position" | "pekerjaan" => Field::Occupation,
            "permit" | "permit_no" => Field::PermitNumber,
            "id" | "rec_id" => Field::RecordId,
            _ => return None,
        })
    }

    /// Fields whose values are dates, so that a text cell in them is parsed as a date later and a
    /// spreadsheet date cell is kept as a date.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::Dob
                | Field::PassportIssue
                | Field::PassportExpiry
                | Field::PermitIssue
                | Field::PermitExpiry
                | Field::SkttDate
                | Field::StmDate
                | Field::EventDate
        )
    }

    /// Fields that identify a person by themselves or nearly so: a data row needs at least one of
    /// these (or a name) to be a record.
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::GivenName
                | Field::FamilyName
                | Field::Passport
                | Field::Nik
                | Field::IdNumber
                | Field::PermitNumber
        )
    }

    /// Fields whose vertically merged cells may be filled down (a family shares a sponsor and an
    /// address; domain.md §1.1). Identity fields are never filled down.
    pub fn fills_down_in_merges(self) -> bool {
        matches!(
            self,
            Field::Sponsor
                | Field::Employer
                | Field::Address
                | Field::Street
                | Field::RtRw
                | Field::Dusun
                | Field::Desa
                | Field::Kecamatan
                | Field::Kabupaten
                | Field::Province
                | Field::Postcode
                | Field::WorkLocation
        )
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A mapped value: text as the source wrote it, or a date when the spreadsheet held a real date.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Date(NaiveDate),
}

impl Value {
    /// The value as text for outputs: dates in ISO form.
    pub fn to_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            // NaiveDate's Display is ISO `%Y-%m-%d` for the years registers hold, without parsing a
            // format string per call (millions of calls when writing a big run).
            Value::Date(d) => d.to_string(),
        }
    }
}

/// One input data row, mapped to canonical fields.
#[derive(Clone, Debug)]
pub struct Record {
    pub provenance: Provenance,
    pub agency: Agency,
    /// From the configured `id_column`, else empty.
    pub record_id: String,
    /// Mapped values, at most one per field, in `Field` order.
    pub fields: Vec<(Field, Value)>,
    /// Cells of columns that map to no field: (column header, value).
    pub extra: Vec<(String, String)>,
}

impl Record {
    pub fn get(&self, field: Field) -> Option<&Value> {
        self.fields
            .binary_search_by(|(f, _)| f.cmp(&field))
            .ok()
            .and_then(|i| self.fields.get(i))
            .map(|(_, v)| v)
    }

    /// The value of a field as text, if present.
    pub fn text(&self, field: Field) -> Option<String> {
        self.get(field).map(Value::to_text)
    }

    /// Sets a field, keeping `fields` sorted; an existing text value is joined with a space
    /// (several columns mapped to one field, e.g. street + house number).
    pub fn set(&mut self, field: Field, value: Value) {
        match self.fields.binary_search_by(|(f, _)| f.cmp(&field)) {
            Ok(i) => {
                if let Some((_, existing)) = self.fields.get_mut(i) {
                    match (existing, value) {
                        (Value::Text(a), Value::Text(b)) => {
                            if !b.is_empty() {
                                if !a.is_empty() {
                                    a.push(' ');
                                }
                                a.push_str(&b);
                            }
                        }
                        // A date already set wins over a second column: keep the first.
                        (Value::Date(_), _) => {}
                        (slot @ Value::Text(_), v @ Value::Date(_)) => {
                            if matches!(slot, Value::Text(t) if t.is_empty()) {
                                *slot = v;
                            }
                        }
                    }
                }
            }
            Err(i) => self.fields.insert(i, (field, value)),
        }
    }

    /// Whether the record names or identifies a person at all.
    pub fn has_identity(&self) -> bool {
        self.fields.iter().any(|(f, v)| {
            f.is_identity()
                && match v {
                    Value::Text(t) => !t.trim().is_empty(),
                    Value::Date(_) => false,
                }
        })
    }
}

/// A record of `source` "x", row 2, holding the given text fields: the shared fixture of the unit
/// tests of every stage.
#[cfg(test)]
pub(crate) fn test_record(fields: &[(Field, &str)]) -> Record {
    let mut r = Record {
        provenance: Provenance {
            source: "x".into(),
            sheet: String::new(),
            row: 2,
        },
        agency: Agency::Other,
        record_id: String::new(),
        fields: Vec::new(),
        extra: Vec::new(),
    };
    for (f, v) in fields {
        r.set(*f, Value::Text(v.to_string()));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_keys_are_unique_and_round_trip() {
        let mut keys: Vec<_> = Field::ALL.iter().map(|f| f.key()).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate field key");
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(*f));
        }
    }

    #[test]
    fn field_aliases() {
        let cases = [
            ("locality", Field::Desa),
            ("surname", Field::FamilyName),
            ("state", Field::Province),
            ("date_of_birth", Field::Dob),
            ("Given-Name", Field::GivenName),
            ("rec_id", Field::RecordId),
        ];
        for (k, f) in cases {
            assert_eq!(Field::from_key(k), Some(f), "{k}");
        }
        assert_eq!(Field::from_key("nonsense"), None);
    }

    #[test]
    fn agency_aliases() {
        let cases = [
            ("imigrasi", Agency::Imigrasi),
            ("immigration", Agency::Imigrasi),
            ("manpower", Agency::Disnaker),
            ("civil-registry", Agency::Dukcapil),
            ("civil registry", Agency::Dukcapil),
            ("Police", Agency::Polri),
            ("other", Agency::Other),
        ];
        for (t, a) in cases {
            assert_eq!(Agency::parse(t), Some(a), "{t}");
        }
        assert_eq!(Agency::parse("nasa"), None);
    }

    #[test]
    fn set_joins_text_and_keeps_order() {
        let mut r = Record {
            provenance: Provenance {
                source: "a.csv".into(),
                sheet: String::new(),
                row: 2,
            },
            agency: Agency::Other,
            record_id: String::new(),
            fields: Vec::new(),
            extra: Vec::new(),
        };
        r.set(Field::Sex, Value::Text("L".into()));
        r.set(Field::Address, Value::Text("12".into()));
        r.set(Field::Address, Value::Text("Jalan Raya".into()));
        r.set(Field::Name, Value::Text("BUDI".into()));
        assert_eq!(r.text(Field::Address).as_deref(), Some("12 Jalan Raya"));
        let order: Vec<_> = r.fields.iter().map(|(f, _)| *f).collect();
        assert_eq!(order, vec![Field::Name, Field::Sex, Field::Address]);
        assert!(r.has_identity());
    }
}
