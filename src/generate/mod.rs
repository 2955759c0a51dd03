//! Synthetic agency exports with ground truth, for fixtures and benchmarks (`reconcile generate`).
//!
//! Real exports hold personal data, so every fixture and benchmark comes from here. [`generate`]
//! takes [`GenerateOptions`] and writes one of three [`Profile`]s into `out_dir`, returning a
//! [`GenerateSummary`]. Output is a pure function of the options: the same options give
//! byte-identical files (ChaCha8 seeded from `seed`; xlsx document properties fixed from `as_of`).
//!
//! ```text
//! GenerateOptions ─▶ population::build ─▶ Vec<Person> (truth + one Planted conflict or none)
//!                        │                       │
//!                        │          timpora::write renders each agency's view with noise
//!                        ▼                       ▼
//!                  truth_conflicts.csv    kanim / disnaker / polres / dukcapil files
//!                                         + truth_records.csv (streamed row by row)
//! ```
//! `census` writes the FEBRL-like benchmark profiles.
//!
//! # Timpora files
//! * `kanim_mataram_itas_<yyyy>.xlsx` (sheet `ITAS ITAP`; data from spreadsheet row 7) or `.csv`
//!   with `csv_only` (one flattened header record, e.g. `PASPOR NOMOR`, `IZIN TINGGAL JENIS`).
//! * `disnaker_tka_lotim_<yyyy>.xlsx`, one sheet per month for the three months ending at
//!   `as_of` (data from row 6). With `csv_only`: one file per month,
//!   `disnaker_tka_lotim_<yyyy>_<mm>.csv` (no title rows).
//! * `polres_lotim_stm.csv` (`;`, Windows-1252, CRLF) and `dukcapil_wna_lotim.csv` (UTF-8 with BOM).
//! * `truth_records.csv` and `truth_conflicts.csv`.
//!
//! # Membership rules (what the *default* data guarantees)
//! * **R1 Immigration** lists every person except those planted `missing_immigration`, including
//!   ITK (visit) holders, persons living outside Lombok Timur and the EPO / DEPORTASI ones.
//! * **R2 Manpower** lists exactly the persons with a WORK-group permit (C311/C312/E23), status
//!   AKTIF or ALIH STATUS and an address in Lombok Timur, minus those planted `missing_manpower`,
//!   plus those planted `work_on_non_work_permit`. A worker is always on the latest monthly sheet
//!   and on earlier ones at random; repeats across sheets are *not* duplicates.
//!   Investors (C313/E28A) never appear on it.
//! * **R3 Civil registry** lists exactly the ITAS/ITAP holders with status AKTIF/ALIH STATUS and a
//!   Lotim address, minus those planted `missing_civil_registry`.
//! * **R4 Police** lists a random ~85% of the R3 population (absence is not a conflict), plus
//!   those planted `deported_but_present`.
//! * Persons with status EPO or DEPORTASI appear only in immigration unless planted.
//! * All permits expire after `as_of` unless planted `permit_expired`. Sponsors of NON-WORK permit
//!   holders are spouses or yayasan, never companies; their PEKERJAAN is never a job.
//! * A worker's manpower employer is the company that is their immigration PENJAMIN (spelling
//!   noise only: `PT.`/`PT`, case, spaces) unless planted `employer_mismatch`.
//! * NIKs encode the dukcapil record's own birth date and sex unless planted `nik_inconsistent`;
//!   the NIK's kecamatan is the kecamatan of first registration and may differ from the address.
//! * Passports are unique per person. Every record shows the current passport unless planted
//!   `passport_mismatch`.
//!
//! # Planted conflicts (one per person at most; `truth_conflicts.csv`)
//! Each type has a conditional rate among eligible persons; the order the types are tried is
//! rotated per person. The `field` column names the compared field, `note` says where. With the
//! default noise about a third of persons carry one conflict: roughly 2–3% of persons each for
//! the missing_*, permit_*, work_on_non_work_permit, dob_mismatch, address_mismatch,
//! employer_mismatch and passport_mismatch types, 1–1.5% for the others, ~0.7%
//! deported_but_present (measured on 50,000 persons, seed 42).
//! * `dob_mismatch`: police or dukcapil shows a different birth date (±1–5 years or 20–300 days,
//!   never a mere day/month swap). Eligible: in police or dukcapil.
//! * `dob_day_month_swapped`: police or dukcapil shows the date with day and month exchanged
//!   (only when both ≤ 12 and different). High noise plants more of them.
//! * `nationality_mismatch`: police, dukcapil or manpower shows another country.
//! * `sex_mismatch`: police or dukcapil shows the other sex (the dukcapil NIK follows the record).
//! * `name_mismatch`: police, dukcapil or manpower shows a different name of the same culture
//!   (different family *and* given name) with the same passport.
//! * `passport_mismatch`: a person with a renewed passport; one non-immigration record shows the
//!   old number, immigration the new one.
//! * `address_mismatch`: dukcapil's kecamatan (and desa) differs from immigration's.
//! * `employer_mismatch`: manpower's NAMA PERUSAHAAN is another company than immigration's
//!   PENJAMIN.
//! * `permit_mismatch`: dukcapil shows the other permit type (ITAS↔ITAP) or a different KITAS
//!   number, or police a different KITAS number.
//! * `permit_expired`: immigration BERLAKU S/D is 5–200 days before `as_of` (status AKTIF or
//!   ALIH STATUS) while manpower, police or dukcapil list the person; a police STM is dated after
//!   the expiry.
//! * `work_on_non_work_permit`: a NON-WORK permit holder (family, retirement, second home,
//!   visit) appears on the manpower list with a Lotim company.
//! * `deported_but_present`: immigration STATUS DEPORTASI, yet a police STM dated in the 30 days
//!   before `as_of`.
//! * `nik_inconsistent`: the dukcapil NIK encodes another birth date or the other sex than the
//!   dukcapil record itself.
//! * `missing_immigration`: a non-worker in police and/or dukcapil but absent from immigration.
//! * `missing_manpower`: an R2 worker absent from every manpower sheet.
//! * `missing_civil_registry`: an R3 person absent from dukcapil.
//! * `duplicate_in_source`: the person has two rows in one file (immigration, police, dukcapil) or
//!   in one manpower sheet (`note` names the sheet); the second row carries fresh noise.
//!
//! # Noise (never a conflict)
//! Name spelling (one-edit typos, dropped middle names, order, `SURNAME, Given`, initials,
//! transliteration, particles, dropped accents, case, spaces), OCR-confused passports (police,
//! manpower), passport spacing, company punctuation, missing optional values (`-`, empty), NIKs
//! damaged by Excel (last digit 0) and apostrophe prefixes, and, at high noise only, missing birth
//! dates. The rates scale with [`NoiseLevel`].

mod census;
mod cp1252;
mod names;
mod noise;
mod places;
mod population;
mod timpora;
mod truth;

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;

/// Which data set to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Four Lombok Timur agency exports about foreigners (the default).
    #[default]
    Timpora,
    /// Two FEBRL-like registers of the same people, for linkage benchmarks.
    Census,
    /// One FEBRL-like register where people repeat 1–5 times, for de-duplication benchmarks.
    CensusDedupe,
}

/// How much non-conflicting damage the files carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoiseLevel {
    Low,
    #[default]
    Default,
    /// Roughly 2.5× the default rates, plus missing birth dates and more day/month swaps.
    High,
}

/// Everything that determines the output; equal options give byte-identical files.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub persons: usize,
    pub seed: u64,
    pub out_dir: PathBuf,
    pub profile: Profile,
    pub noise: NoiseLevel,
    /// Write the spreadsheet exports as CSV too (no xlsx).
    pub csv_only: bool,
    /// Reference date ("keadaan per"): permits, ages and titles are relative to it.
    pub as_of: NaiveDate,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Each data file with its number of data rows (truth and config files are not listed).
    pub files: Vec<(PathBuf, usize)>,
    /// Lines of `truth_records.csv` (equals the sum of data rows).
    pub truth_records: usize,
    /// Lines of `truth_conflicts.csv` (0 for the census profiles).
    pub truth_conflicts: usize,
}

/// Writes the data set described by `opts` into `opts.out_dir` (created if missing).
/// The folder, inside the output folder, that holds the ground truth. Kept apart from the exports
/// so that `reconcile run OUT_DIR` reads only the agencies' files.
pub const TRUTH_DIR: &str = "truth";

pub fn generate(opts: &GenerateOptions) -> anyhow::Result<GenerateSummary> {
    std::fs::create_dir_all(&opts.out_dir)
        .with_context(|| format!("creating output directory {}", opts.out_dir.display()))?;
    match opts.profile {
        Profile::Timpora => timpora::write(opts),
        Profile::Census => census::write(opts, false),
        Profile::CensusDedupe => census::write(opts, true),
    }
}

/// Derives an independent, reproducible stream for one part of the output, so adding rows to one
/// file does not change another.
pub(crate) fn stream(seed: u64, part: u64) -> noise::GenRng {
    use rand::SeedableRng;
    let mixed = seed ^ part.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    noise::GenRng::seed_from_u64(mixed)
}

#[cfg(test)]
mod tests;
