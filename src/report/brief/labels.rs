//! The brief's fixed text in each language, and the small formatting rules that go with it
//! (long dates, grouped numbers, agency names, title case).

use crate::conflicts::Severity;
use crate::record::Agency;
use crate::report::options::Lang;
use chrono::{Datelike, NaiveDate};

// ---------------------------------------------------------------------------------------------
// Fixed text

/// The brief's fixed text in one language.
pub struct Labels {
    pub html_lang: &'static str,
    pub title: &'static str,
    pub kicker: &'static str,
    pub restricted: &'static str,
    pub as_of: &'static str,
    pub redacted_note: &'static str,
    pub months: [&'static str; 12],
    pub figures: &'static str,
    pub records_read: &'static str,
    pub persons: &'static str,
    pub persons_several: &'static str,
    pub persons_conflict: &'static str,
    pub conflicts: &'static str,
    pub severities: [&'static str; 3],
    pub per_agency: &'static str,
    pub agency: &'static str,
    pub files: &'static str,
    pub rows_read: &'static str,
    pub records: &'static str,
    pub rejected: &'static str,
    pub total: &'static str,
    pub unreadable: &'static str,
    pub chart_type: &'static str,
    pub chart_agencies: &'static str,
    pub chart_agencies_note: &'static str,
    pub chart_kecamatan: &'static str,
    pub chart_nationality: &'static str,
    pub axis_conflicts: &'static str,
    pub axis_persons: &'static str,
    pub no_conflicts: &'static str,
    pub no_persons: &'static str,
    pub unknown: &'static str,
    pub other: &'static str,
    pub agencies_other: &'static str,
    pub kind: &'static str,
    pub kecamatan: &'static str,
    pub nationality: &'static str,
    pub combination: &'static str,
    pub top_cases: &'static str,
    pub top_cases_note: &'static str,
    pub no: &'static str,
    pub person: &'static str,
    pub severity: &'static str,
    pub detail: &'static str,
    pub rows: &'static str,
    pub method: &'static str,
    pub footer: &'static str,
}

/// Indonesian: the default, for the TIMPORA meeting.
pub const ID: Labels = Labels {
    html_lang: "id",
    title: "Ringkasan Rekonsiliasi Data Orang Asing — TIMPORA",
    kicker: "Tim Pengawasan Orang Asing · Bahan rapat",
    restricted: "TERBATAS — memuat data pribadi, hanya untuk anggota TIMPORA",
    as_of: "Keadaan per",
    redacted_note: "Nomor paspor dan NIK disamarkan (hanya empat karakter terakhir yang ditampilkan).",
    months: [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
        "Oktober", "November", "Desember",
    ],
    figures: "Angka utama",
    records_read: "Catatan dibaca",
    persons: "Orang (setelah pencocokan)",
    persons_several: "Dikenal ≥ 2 instansi",
    persons_conflict: "Orang dengan konflik",
    conflicts: "Konflik",
    severities: ["tinggi", "sedang", "rendah"],
    per_agency: "Catatan per instansi",
    agency: "Instansi",
    files: "File",
    rows_read: "Baris data",
    records: "Catatan",
    rejected: "Ditolak",
    total: "Jumlah",
    unreadable: "tidak terbaca",
    chart_type: "Konflik menurut jenis dan tingkat",
    chart_agencies: "Instansi mana mengenal siapa",
    chart_agencies_note: "Jumlah orang menurut gabungan instansi yang mencatatnya.",
    chart_kecamatan: "Konflik menurut kecamatan",
    chart_nationality: "Konflik menurut kewarganegaraan",
    axis_conflicts: "jumlah konflik",
    axis_persons: "jumlah orang",
    no_conflicts: "Tidak ada konflik yang ditemukan.",
    no_persons: "Tidak ada orang yang tercatat.",
    unknown: "(tidak diketahui)",
    other: "Lainnya",
    agencies_other: "Lainnya",
    kind: "Jenis konflik",
    kecamatan: "Kecamatan",
    nationality: "Kewarganegaraan",
    combination: "Gabungan instansi",
    top_cases: "Kasus dengan tingkat tertinggi",
    top_cases_note: "Diurutkan menurut tingkat, lalu jenis konflik. Daftar lengkap: conflicts.csv dan report.xlsx.",
    no: "No",
    person: "Orang",
    severity: "Tingkat",
    detail: "Keterangan",
    rows: "Baris sumber",
    method: "Catatan metode",
    footer: "Dibuat oleh reconcile",
};

/// English.
pub const EN: Labels = Labels {
    html_lang: "en",
    title: "Foreigner Data Reconciliation Brief — TIMPORA",
    kicker: "Foreigner supervision team · Meeting brief",
    restricted: "RESTRICTED — contains personal data, for TIMPORA members only",
    as_of: "As of",
    redacted_note:
        "Passport numbers and NIKs are masked (only the last four characters are shown).",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    figures: "Headline figures",
    records_read: "Records read",
    persons: "Persons (after matching)",
    persons_several: "Known to ≥ 2 agencies",
    persons_conflict: "Persons with conflicts",
    conflicts: "Conflicts",
    severities: ["high", "medium", "low"],
    per_agency: "Records per agency",
    agency: "Agency",
    files: "Files",
    rows_read: "Data rows",
    records: "Records",
    rejected: "Rejected",
    total: "Total",
    unreadable: "unreadable",
    chart_type: "Conflicts by type and severity",
    chart_agencies: "Which agencies know whom",
    chart_agencies_note: "Number of persons by the combination of agencies that record them.",
    chart_kecamatan: "Conflicts by kecamatan",
    chart_nationality: "Conflicts by nationality",
    axis_conflicts: "conflicts",
    axis_persons: "persons",
    no_conflicts: "No conflicts were found.",
    no_persons: "No persons were recorded.",
    unknown: "(unknown)",
    other: "Other",
    agencies_other: "Other",
    kind: "Conflict type",
    kecamatan: "Kecamatan",
    nationality: "Nationality",
    combination: "Agencies",
    top_cases: "Highest-severity cases",
    top_cases_note:
        "Ordered by severity, then conflict type. Full list: conflicts.csv and report.xlsx.",
    no: "No",
    person: "Person",
    severity: "Severity",
    detail: "Detail",
    rows: "Source rows",
    method: "Method note",
    footer: "Produced by reconcile",
};

impl Lang {
    /// The brief's fixed text in this language.
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}

/// `1 Juni 2025` / `1 June 2025`.
pub fn long_date(date: NaiveDate, labels: &Labels) -> String {
    let month = labels
        .months
        .get(date.month0() as usize)
        .copied()
        .unwrap_or("");
    format!("{} {} {}", date.day(), month, date.year())
}

/// Thousands grouped the way readers of each language expect: `12.345` / `12,345`.
pub fn number(n: usize, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub(super) fn agency_short(a: Agency, labels: &Labels) -> &'static str {
    match a {
        Agency::Imigrasi => "Imigrasi",
        Agency::Disnaker => "Disnaker",
        Agency::Dukcapil => "Disdukcapil",
        Agency::Polri => "Polri",
        Agency::Other => labels.agencies_other,
    }
}

pub(super) fn severity_index(s: Severity) -> usize {
    match s {
        Severity::High => 0,
        Severity::Medium => 1,
        Severity::Low => 2,
    }
}

/// `SAKRA TIMUR` → `Sakra Timur`: gazetteer names are upper case, which reads as shouting in a
/// chart.
pub(super) fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}
