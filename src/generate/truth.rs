//! Ground truth: which entity every data row belongs to, and which conflicts were planted.
//!
//! [`TruthWriter`] streams `truth_records.csv` (`source,sheet,row,entity_id`) while the data files
//! are written, so the row numbers are exactly those written. [`ConflictType`] holds the stable
//! type codes of `truth_conflicts.csv` (`entity_id,type,field,note`).

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context as _;

/// The planted conflict types; [`ConflictType::code`] is the stable string the detector reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ConflictType {
    DobMismatch,
    DobDayMonthSwapped,
    NationalityMismatch,
    SexMismatch,
    NameMismatch,
    PassportMismatch,
    AddressMismatch,
    EmployerMismatch,
    PermitMismatch,
    PermitExpired,
    WorkOnNonWorkPermit,
    DeportedButPresent,
    NikInconsistent,
    MissingImmigration,
    MissingManpower,
    MissingCivilRegistry,
    DuplicateInSource,
}

impl ConflictType {
    /// Every type, in the order the planner tries them (rotated per person).
    pub(crate) const ALL: [ConflictType; 17] = [
        ConflictType::MissingImmigration,
        ConflictType::MissingManpower,
        ConflictType::MissingCivilRegistry,
        ConflictType::PermitExpired,
        ConflictType::WorkOnNonWorkPermit,
        ConflictType::DeportedButPresent,
        ConflictType::DobMismatch,
        ConflictType::DobDayMonthSwapped,
        ConflictType::NationalityMismatch,
        ConflictType::SexMismatch,
        ConflictType::NameMismatch,
        ConflictType::PassportMismatch,
        ConflictType::AddressMismatch,
        ConflictType::EmployerMismatch,
        ConflictType::PermitMismatch,
        ConflictType::NikInconsistent,
        ConflictType::DuplicateInSource,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            ConflictType::DobMismatch => "dob_mismatch",
            ConflictType::DobDayMonthSwapped => "dob_day_month_swapped",
            ConflictType::NationalityMismatch => "nationality_mismatch",
            ConflictType::SexMismatch => "sex_mismatch",
            ConflictType::NameMismatch => "name_mismatch",
            ConflictType::PassportMismatch => "passport_mismatch",
            ConflictType::AddressMismatch => "address_mismatch",
            ConflictType::EmployerMismatch => "employer_mismatch",
            ConflictType::PermitMismatch => "permit_mismatch",
            ConflictType::PermitExpired => "permit_expired",
            ConflictType::WorkOnNonWorkPermit => "work_on_non_work_permit",
            ConflictType::DeportedButPresent => "deported_but_present",
            ConflictType::NikInconsistent => "nik_inconsistent",
            ConflictType::MissingImmigration => "missing_immigration",
            ConflictType::MissingManpower => "missing_manpower",
            ConflictType::MissingCivilRegistry => "missing_civil_registry",
            ConflictType::DuplicateInSource => "duplicate_in_source",
        }
    }
}

/// Formats an entity id (`P000123`) into `out`.
pub(crate) fn entity_id(out: &mut String, id: usize) {
    let _ = write!(out, "P{id:06}");
}

/// Streams `truth_records.csv`, counting lines.
pub(crate) struct TruthWriter {
    wtr: csv::Writer<BufWriter<File>>,
    row_buf: String,
    id_buf: String,
    pub(crate) lines: usize,
}

impl TruthWriter {
    pub(crate) fn create(path: &Path) -> anyhow::Result<Self> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut wtr = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
        wtr.write_record(["source", "sheet", "row", "entity_id"])
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(TruthWriter {
            wtr,
            row_buf: String::new(),
            id_buf: String::new(),
            lines: 0,
        })
    }

    /// One data row: `row` is 1-based as the spreadsheet shows it (CSV: record number, header = 1).
    pub(crate) fn record(
        &mut self,
        source: &str,
        sheet: &str,
        row: usize,
        person: usize,
    ) -> anyhow::Result<()> {
        self.row_buf.clear();
        let _ = write!(self.row_buf, "{row}");
        self.id_buf.clear();
        entity_id(&mut self.id_buf, person);
        self.wtr
            .write_record([source, sheet, self.row_buf.as_str(), self.id_buf.as_str()])
            .context("writing truth_records.csv")?;
        self.lines += 1;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> anyhow::Result<usize> {
        self.wtr.flush().context("flushing truth_records.csv")?;
        Ok(self.lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut codes: Vec<&str> = ConflictType::ALL.iter().map(|c| c.code()).collect();
        assert!(codes
            .iter()
            .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 17);
    }

    #[test]
    fn entity_ids() {
        let cases = [
            (0, "P000000"),
            (123, "P000123"),
            (999_999, "P999999"),
            (1_234_567, "P1234567"),
        ];
        for (id, expected) in cases {
            let mut s = String::new();
            entity_id(&mut s, id);
            assert_eq!(s, expected);
        }
    }
}
