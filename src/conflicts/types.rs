//! The conflict vocabulary shared by detection and every report: [`ConflictType`] (stable codes
//! that scripts rely on), [`Severity`], and [`Conflict`] with the values and the rows they came from.

use crate::record::Provenance;
use serde::Serialize;
use std::fmt;

/// How much a conflict matters to the team. Ordered most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Severity::High => "tinggi",
            Severity::Medium => "sedang",
            Severity::Low => "rendah",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "high" | "tinggi" => Some(Severity::High),
            "medium" | "sedang" => Some(Severity::Medium),
            "low" | "rendah" => Some(Severity::Low),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! conflict_types {
    ($( $variant:ident => $code:literal, $severity:ident, $id:literal, $en:literal; )*) => {
        /// A kind of disagreement. Codes are stable identifiers: never rename one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ConflictType { $( $variant, )* }

        impl ConflictType {
            pub const ALL: &'static [ConflictType] = &[ $( ConflictType::$variant, )* ];

            /// The stable code (`dob_mismatch`, …).
            pub fn code(self) -> &'static str {
                match self { $( ConflictType::$variant => $code, )* }
            }

            /// The default severity (configurable).
            pub fn default_severity(self) -> Severity {
                match self { $( ConflictType::$variant => Severity::$severity, )* }
            }

            /// A short label in Indonesian.
            pub fn label_id(self) -> &'static str {
                match self { $( ConflictType::$variant => $id, )* }
            }

            /// A short label in English.
            pub fn label_en(self) -> &'static str {
                match self { $( ConflictType::$variant => $en, )* }
            }

            pub fn from_code(code: &str) -> Option<ConflictType> {
                ConflictType::ALL.iter().copied().find(|t| t.code() == code)
            }
        }
    };
}

conflict_types! {
    WorkOnNonWorkPermit => "work_on_non_work_permit", High, "Bekerja dengan izin tinggal non-kerja", "Working on a non-work stay permit";
    PermitExpired => "permit_expired", High, "Izin tinggal habis berlaku", "Stay permit expired";
    DeportedButPresent => "deported_but_present", High, "Dideportasi tetapi masih tercatat", "Deported but still recorded";
    MissingImmigration => "missing_immigration", High, "Tidak tercatat di Imigrasi", "Unknown to immigration";
    NationalityMismatch => "nationality_mismatch", Medium, "Kewarganegaraan berbeda", "Different nationality";
    DobMismatch => "dob_mismatch", Medium, "Tanggal lahir berbeda", "Different date of birth";
    SexMismatch => "sex_mismatch", Medium, "Jenis kelamin berbeda", "Different sex";
    NameMismatch => "name_mismatch", Medium, "Nama berbeda pada paspor/NIK yang sama", "Different name on the same passport or NIK";
    PassportMismatch => "passport_mismatch", Medium, "Nomor paspor berbeda", "Different passport number";
    NikInconsistent => "nik_inconsistent", Medium, "NIK tidak sesuai data", "NIK inconsistent with the records";
    MissingManpower => "missing_manpower", Medium, "Tidak tercatat di Disnaker", "Unknown to the manpower office";
    EmployerMismatch => "employer_mismatch", Medium, "Pemberi kerja berbeda dengan penjamin", "Employer differs from sponsor";
    PermitMismatch => "permit_mismatch", Medium, "Data izin tinggal berbeda", "Different permit data";
    AddressMismatch => "address_mismatch", Low, "Alamat berbeda", "Different address";
    MissingCivilRegistry => "missing_civil_registry", Low, "Tidak tercatat di Disdukcapil", "Unknown to the civil registry";
    DobDayMonthSwapped => "dob_day_month_swapped", Low, "Tanggal dan bulan lahir tertukar", "Day and month of birth swapped";
    DuplicateInSource => "duplicate_in_source", Low, "Tercatat ganda dalam satu file", "Recorded twice in one file";
}

impl fmt::Display for ConflictType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One of the differing values and the rows that hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictValue {
    /// The value as the source wrote it (or "—" for "absent", e.g. a missing agency).
    pub value: String,
    pub rows: Vec<Provenance>,
}

/// One disagreement about one person.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Stable across runs for the same underlying disagreement: derived from the type, the field
    /// and the person's identifying keys (passport, NIK, or name and birth date), not from row
    /// numbers or person ids, which change when files change.
    pub id: String,
    /// Index of the person in the run's person list; `person_id` is its printed form.
    pub person: u32,
    pub person_id: String,
    pub kind: ConflictType,
    pub severity: Severity,
    /// The canonical field the disagreement is about (`dob`, `nationality`, `permit_expiry`, …).
    pub field: String,
    pub values: Vec<ConflictValue>,
    /// One sentence in Indonesian.
    pub detail_id: String,
    /// One sentence in English.
    pub detail_en: String,
}

impl Conflict {
    /// All rows involved, sorted.
    pub fn rows(&self) -> Vec<&Provenance> {
        let mut rows: Vec<&Provenance> = self.values.iter().flat_map(|v| v.rows.iter()).collect();
        rows.sort();
        rows.dedup();
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut codes: Vec<&str> = ConflictType::ALL.iter().map(|t| t.code()).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(n, 17);
        assert_eq!(codes.len(), n);
        for t in ConflictType::ALL {
            assert_eq!(ConflictType::from_code(t.code()), Some(*t));
        }
    }

    #[test]
    fn severities_parse_in_both_languages() {
        assert_eq!(Severity::parse("HIGH"), Some(Severity::High));
        assert_eq!(Severity::parse("sedang"), Some(Severity::Medium));
        assert_eq!(Severity::parse("x"), None);
        assert!(Severity::High < Severity::Low);
    }
}
