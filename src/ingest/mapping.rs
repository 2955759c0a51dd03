//! Mapping column headers to canonical fields.
//!
//! Headers are compared after [`normalize_header`] (upper case, accents folded, punctuation to
//! spaces), so "No. Paspor", "NO PASPOR" and "no paspor" are one key. Three tiers, first hit wins:
//!
//! 1. [`SYNONYMS`]: exact header → field, in Indonesian and English. Extend it by adding a line.
//! 2. [`GROUPS`]: two-line headers, where a parent cell ("PASPOR", "IZIN TINGGAL") spans child
//!    cells ("NOMOR", "BERLAKU S/D"); the child's meaning depends on the parent.
//! 3. [`KEYWORD_RULES`]: words that together give a field ("NAMA" + "TKA"), for headers no list has.
//!
//! A user's config always wins over all three (see `config`).

use crate::record::Field;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Folds a header to its lookup key: ASCII upper case, punctuation and line breaks to single spaces.
pub fn normalize_header(text: &str) -> String {
    let folded = deunicode::deunicode(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_uppercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Header synonyms: field → normalised header texts. Add a header by adding it to its field's list.
pub const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::RowNumber,
        &[
            "NO",
            "NO URUT",
            "NOMOR URUT",
            "NOMOR",
            "URUT",
            "NUM",
            "NR",
            "NOMER",
        ],
    ),
    (
        Field::Name,
        &[
            "NAMA",
            "NAMA LENGKAP",
            "NAMA ORANG ASING",
            "NAMA WNA",
            "NAMA TKA",
            "NAMA SESUAI PASPOR",
            "NAMA OA",
            "NAMA PEMOHON",
            "NAMA PEMEGANG",
            "NAMA ASING",
            "NAMA TENAGA KERJA ASING",
            "NAMA LENGKAP WNA",
            "FULL NAME",
            "NAME",
            "NAMA PEMEGANG IZIN",
            "NAMA WARGA NEGARA ASING",
        ],
    ),
    (
        Field::GivenName,
        &[
            "GIVEN NAME",
            "GIVEN NAMES",
            "FIRST NAME",
            "FORENAME",
            "FORENAMES",
            "NAMA DEPAN",
        ],
    ),
    (
        Field::FamilyName,
        &[
            "SURNAME",
            "FAMILY NAME",
            "LAST NAME",
            "NAMA BELAKANG",
            "NAMA KELUARGA",
            "NAMA MARGA",
        ],
    ),
    (
        Field::Passport,
        &[
            "NO PASPOR",
            "NOMOR PASPOR",
            "NO PASPORT",
            "NO PASSPORT",
            "NOMOR PASPORT",
            "PASPOR NO",
            "PASPOR",
            "PASPORT",
            "PASSPORT",
            "PASSPORT NO",
            "PASSPORT NUMBER",
            "NO DOKUMEN PERJALANAN",
            "NOMOR DOKUMEN PERJALANAN",
            "DOKUMEN PERJALANAN",
            "NO PASPOR DOKUMEN PERJALANAN",
            "PASSPORT NR",
        ],
    ),
    (
        Field::PassportIssue,
        &[
            "TGL TERBIT PASPOR",
            "TANGGAL TERBIT PASPOR",
            "PASSPORT ISSUE DATE",
            "PASSPORT ISSUED",
        ],
    ),
    (
        Field::PassportExpiry,
        &[
            "MASA BERLAKU PASPOR",
            "TGL HABIS PASPOR",
            "TGL HABIS BERLAKU PASPOR",
            "PASPOR BERLAKU S D",
            "BERLAKU PASPOR",
            "PASSPORT EXPIRY",
            "PASSPORT EXPIRY DATE",
            "PASSPORT VALID UNTIL",
        ],
    ),
    (
        Field::Nik,
        &[
            "NIK",
            "NO NIK",
            "NOMOR NIK",
            "NOMOR INDUK KEPENDUDUKAN",
            "NIK WNA",
        ],
    ),
    (
        Field::KkNumber,
        &[
            "NO KK",
            "NOMOR KK",
            "NO KARTU KELUARGA",
            "NOMOR KARTU KELUARGA",
        ],
    ),
    (
        Field::IdNumber,
        &[
            "NO IDENTITAS",
            "NOMOR IDENTITAS",
            "ID NUMBER",
            "SOC SEC ID",
            "SOCIAL SECURITY NUMBER",
            "SSN",
            "NATIONAL ID",
        ],
    ),
    (
        Field::Nationality,
        &[
            "KEWARGANEGARAAN",
            "WARGA NEGARA",
            "WN",
            "KEBANGSAAN",
            "NEGARA ASAL",
            "ASAL NEGARA",
            "NATIONALITY",
            "CITIZENSHIP",
            "KEWARGANEGARAAN WN",
            "KWN",
        ],
    ),
    (
        Field::Dob,
        &[
            "TGL LAHIR",
            "TANGGAL LAHIR",
            "TGL LHR",
            "TANGGAL LHR",
            "DATE OF BIRTH",
            "DOB",
            "BIRTH DATE",
            "BIRTHDATE",
            "DATE BIRTH",
            "TGL LAHIR DD MM YYYY",
        ],
    ),
    (
        Field::PlaceOfBirth,
        &[
            "TEMPAT LAHIR",
            "TMP LAHIR",
            "TEMPAT LHR",
            "PLACE OF BIRTH",
            "BIRTH PLACE",
            "BIRTHPLACE",
        ],
    ),
    (
        Field::PlaceDateOfBirth,
        &[
            "TEMPAT TGL LAHIR",
            "TEMPAT TANGGAL LAHIR",
            "TTL",
            "TEMPAT DAN TANGGAL LAHIR",
            "TMP TGL LAHIR",
            "TEMPAT TGL LHR",
            "TMPT TGL LAHIR",
            "PLACE AND DATE OF BIRTH",
            "PLACE DATE OF BIRTH",
            "TEMPAT TGL LAHIR UMUR",
        ],
    ),
    (Field::Age, &["UMUR", "USIA", "AGE", "UMUR TAHUN"]),
    (
        Field::Sex,
        &[
            "JENIS KELAMIN",
            "JK",
            "L P",
            "LK PR",
            "KELAMIN",
            "SEX",
            "GENDER",
            "J K",
            "L PR",
        ],
    ),
    (Field::Religion, &["AGAMA", "RELIGION"]),
    (
        Field::MaritalStatus,
        &[
            "STATUS KAWIN",
            "STATUS PERKAWINAN",
            "STATUS PERNIKAHAN",
            "MARITAL STATUS",
        ],
    ),
    (
        Field::Address,
        &[
            "ALAMAT",
            "ALAMAT DI INDONESIA",
            "ALAMAT TINGGAL",
            "ALAMAT TEMPAT TINGGAL",
            "DOMISILI",
            "ALAMAT DOMISILI",
            "ADDRESS",
            "ALAMAT LENGKAP",
            "ALAMAT SESUAI KITAS",
            "ALAMAT WNA",
            "ADDRESS 1",
            "ADDRESS 2",
            "ADDRESS 3",
            "ADDRESS LINE 1",
            "ADDRESS LINE 2",
            "ALAMAT DI LOMBOK TIMUR",
        ],
    ),
    (
        Field::Street,
        &[
            "JALAN",
            "STREET",
            "STREET NUMBER",
            "STREET NO",
            "NO RUMAH",
            "HOUSE NUMBER",
        ],
    ),
    (Field::RtRw, &["RT RW", "RT", "RW", "RT RW DUSUN"]),
    (
        Field::Dusun,
        &["DUSUN", "LINGKUNGAN", "DSN", "DUSUN LINGKUNGAN", "BANJAR"],
    ),
    (
        Field::Desa,
        &[
            "DESA",
            "KELURAHAN",
            "DESA KELURAHAN",
            "DESA KEL",
            "KEL DESA",
            "KELURAHAN DESA",
            "KEL",
            "DS",
            "LOCALITY",
            "SUBURB",
            "VILLAGE",
            "TOWN",
        ],
    ),
    (
        Field::Kecamatan,
        &["KECAMATAN", "KEC", "DISTRICT", "KECAMATAN DOMISILI"],
    ),
    (
        Field::Kabupaten,
        &[
            "KABUPATEN",
            "KAB",
            "KABUPATEN KOTA",
            "KAB KOTA",
            "KOTA",
            "REGENCY",
            "CITY",
        ],
    ),
    (Field::Province, &["PROVINSI", "PROV", "STATE", "PROVINCE"]),
    (
        Field::Postcode,
        &[
            "KODE POS",
            "KODEPOS",
            "POSTCODE",
            "POST CODE",
            "ZIP",
            "ZIP CODE",
            "POSTAL CODE",
        ],
    ),
    (
        Field::Employer,
        &[
            "NAMA PERUSAHAAN",
            "PERUSAHAAN",
            "PEMBERI KERJA",
            "TEMPAT KERJA",
            "NAMA PEMBERI KERJA",
            "EMPLOYER",
            "COMPANY",
            "PERUSAHAAN PENGGUNA TKA",
            "NAMA PERUSAHAAN PENGGUNA TKA",
            "NAMA PERUSAHAAN PEMBERI KERJA",
            "INSTANSI",
            "NAMA INSTANSI",
        ],
    ),
    (
        Field::WorkLocation,
        &[
            "LOKASI KERJA",
            "LOKASI",
            "WORK LOCATION",
            "LOKASI PENEMPATAN",
            "TEMPAT PENEMPATAN",
        ],
    ),
    (
        Field::Sponsor,
        &[
            "SPONSOR",
            "PENJAMIN",
            "NAMA PENJAMIN",
            "PENJAMIN SPONSOR",
            "SPONSOR PENJAMIN",
            "GUARANTOR",
            "NAMA SPONSOR",
            "PENJAMIN PERUSAHAAN",
            "NAMA PENJAMIN SPONSOR",
        ],
    ),
    (
        Field::Occupation,
        &[
            "PEKERJAAN",
            "JABATAN",
            "PROFESI",
            "KEGIATAN",
            "MAKSUD TUJUAN",
            "OCCUPATION",
            "JOB",
            "POSITION",
            "JOB TITLE",
            "JABATAN TKA",
            "PEKERJAAN JABATAN",
            "TUJUAN",
        ],
    ),
    (
        Field::PermitType,
        &[
            "JENIS IZIN TINGGAL",
            "JENIS IZIN",
            "IZIN TINGGAL",
            "ITAS ITAP",
            "JENIS ITAS",
            "JENIS KITAS",
            "PERMIT TYPE",
            "STAY PERMIT",
            "STAY PERMIT TYPE",
            "JENIS IZIN TINGGAL ITAS ITAP",
            "JENIS DOKIM",
            "KITAS KITAP",
            "ITK ITAS ITAP",
        ],
    ),
    (
        Field::PermitIndex,
        &[
            "INDEKS",
            "INDEKS VISA",
            "INDEKS IZIN TINGGAL",
            "KODE VISA",
            "VISA INDEX",
            "JENIS VISA",
            "VISA",
            "INDEX",
        ],
    ),
    (
        Field::PermitNumber,
        &[
            "NO KITAS",
            "NO ITAS",
            "NO KITAP",
            "NO ITAP",
            "NO KITAS KITAP",
            "NO ITAS ITAP",
            "NO KITAS ITAP",
            "NOMOR KITAS",
            "NOMOR ITAS",
            "NOMOR IZIN TINGGAL",
            "NO IZIN TINGGAL",
            "NO REGISTER",
            "NOMOR REGISTER",
            "KITAS",
            "KITAP",
            "PERMIT NUMBER",
            "PERMIT NO",
            "NO DOKIM",
            "NOMOR KITAS KITAP",
            "NO REG",
        ],
    ),
    (
        Field::PermitIssue,
        &[
            "TGL TERBIT",
            "TANGGAL TERBIT",
            "TGL TERBIT KITAS",
            "TGL TERBIT IZIN TINGGAL",
            "TGL BERLAKU",
            "TANGGAL BERLAKU",
            "BERLAKU DARI",
            "ISSUE DATE",
            "TGL DIKELUARKAN",
            "TGL PENERBITAN",
        ],
    ),
    (
        Field::PermitExpiry,
        &[
            "BERLAKU S D",
            "BERLAKU SD",
            "BERLAKU SAMPAI",
            "BERLAKU HINGGA",
            "TGL HABIS BERLAKU",
            "TGL AKHIR",
            "TANGGAL AKHIR",
            "TGL BERAKHIR",
            "TANGGAL BERAKHIR",
            "HABIS BERLAKU",
            "EXPIRY DATE",
            "EXPIRY",
            "VALID UNTIL",
            "BERAKHIR",
            "TGL HABIS",
            "BERLAKU S D KITAS",
            "TGL HABIS BERLAKU KITAS",
        ],
    ),
    (
        Field::PermitValidity,
        &[
            "MASA BERLAKU",
            "MASA BERLAKU KITAS",
            "MASA BERLAKU IZIN TINGGAL",
            "MASA BERLAKU ITAS",
            "VALIDITY",
        ],
    ),
    (
        Field::Status,
        &[
            "STATUS",
            "STATUS IZIN TINGGAL",
            "STATUS KEIMIGRASIAN",
            "STATUS WNA",
            "TINDAKAN",
            "STATUS ORANG ASING",
        ],
    ),
    (
        Field::RptkaNumber,
        &[
            "NO RPTKA",
            "NOMOR RPTKA",
            "NO PENGESAHAN RPTKA",
            "RPTKA",
            "NO KEPUTUSAN RPTKA",
            "NO PENGESAHAN",
        ],
    ),
    (
        Field::RptkaValidity,
        &[
            "MASA BERLAKU RPTKA",
            "BERLAKU RPTKA",
            "PERIODE RPTKA",
            "JANGKA WAKTU RPTKA",
            "RPTKA BERLAKU S D",
        ],
    ),
    (
        Field::WorkPermitNumber,
        &[
            "NO NOTIFIKASI",
            "NOMOR NOTIFIKASI",
            "NO IMTA",
            "NOMOR IMTA",
            "NOTIFIKASI",
            "IMTA",
            "NO IMTA NOTIFIKASI",
        ],
    ),
    (
        Field::SkttNumber,
        &[
            "NO SKTT",
            "NOMOR SKTT",
            "SKTT",
            "NO SURAT KETERANGAN TEMPAT TINGGAL",
        ],
    ),
    (
        Field::SkttDate,
        &["TGL SKTT", "TANGGAL SKTT", "TGL TERBIT SKTT"],
    ),
    (Field::StmNumber, &["NO STM", "NOMOR STM", "STM", "NO SKLD"]),
    (
        Field::StmDate,
        &["TGL STM", "TANGGAL STM", "TGL TERBIT STM"],
    ),
    (
        Field::EventDate,
        &[
            "TGL KEJADIAN",
            "TANGGAL KEJADIAN",
            "TGL LAPOR",
            "TANGGAL LAPOR",
            "WAKTU KEJADIAN",
        ],
    ),
    (
        Field::Phone,
        &[
            "NO HP",
            "NO TELP",
            "TELEPON",
            "NO TELEPON",
            "HP",
            "PHONE",
            "TELP",
            "NOMOR HP",
            "NO HP WA",
            "PHONE NUMBER",
        ],
    ),
    (Field::Email, &["EMAIL", "E MAIL", "SUREL"]),
    (
        Field::Remarks,
        &["KETERANGAN", "KET", "CATATAN", "REMARKS", "NOTES", "NOTE"],
    ),
    (Field::RecordId, &["ID", "REC ID", "RECORD ID"]),
];

/// Two-line headers: a parent cell spans children whose meaning depends on it.
/// `(parent headers, [(child headers, field or None = deliberately unmapped)])`.
pub type Group = (
    &'static [&'static str],
    &'static [(&'static [&'static str], Option<Field>)],
);

pub const GROUPS: &[Group] = &[
    (
        &[
            "PASPOR",
            "PASPORT",
            "PASSPORT",
            "DOKUMEN PERJALANAN",
            "PASPOR DOKUMEN PERJALANAN",
        ],
        &[
            (
                &["NOMOR", "NO", "NUMBER", "NO PASPOR", "NOMOR PASPOR"],
                Some(Field::Passport),
            ),
            (
                &[
                    "BERLAKU S D",
                    "BERLAKU SD",
                    "MASA BERLAKU",
                    "TGL HABIS",
                    "HABIS BERLAKU",
                    "EXPIRY",
                    "BERLAKU SAMPAI",
                    "TGL AKHIR",
                    "TGL HABIS BERLAKU",
                    "VALID UNTIL",
                    "BERAKHIR",
                ],
                Some(Field::PassportExpiry),
            ),
            (
                &[
                    "TGL TERBIT",
                    "TANGGAL TERBIT",
                    "TGL DIKELUARKAN",
                    "ISSUE",
                    "ISSUED",
                    "TERBIT",
                ],
                Some(Field::PassportIssue),
            ),
        ],
    ),
    (
        &[
            "IZIN TINGGAL",
            "ITAS",
            "KITAS",
            "ITAP",
            "KITAP",
            "ITAS ITAP",
            "KITAS KITAP",
            "IZIN TINGGAL ITAS ITAP",
            "PERMIT",
            "STAY PERMIT",
            "IZIN KEIMIGRASIAN",
            "DOKIM",
        ],
        &[
            (&["JENIS", "TYPE", "JENIS IZIN"], Some(Field::PermitType)),
            (
                &["INDEKS", "INDEX", "INDEKS VISA"],
                Some(Field::PermitIndex),
            ),
            (
                &["NOMOR", "NO", "NUMBER", "NO REGISTER", "NOMOR REGISTER"],
                Some(Field::PermitNumber),
            ),
            (
                &[
                    "TGL TERBIT",
                    "TERBIT",
                    "TANGGAL TERBIT",
                    "DARI",
                    "MULAI",
                    "ISSUE",
                    "TGL BERLAKU",
                    "BERLAKU DARI",
                ],
                Some(Field::PermitIssue),
            ),
            (
                &[
                    "BERLAKU S D",
                    "BERLAKU SD",
                    "S D",
                    "SAMPAI",
                    "BERAKHIR",
                    "TGL AKHIR",
                    "HABIS BERLAKU",
                    "EXPIRY",
                    "TGL HABIS BERLAKU",
                    "TGL BERAKHIR",
                    "BERLAKU SAMPAI",
                ],
                Some(Field::PermitExpiry),
            ),
            (&["MASA BERLAKU", "VALIDITY"], Some(Field::PermitValidity)),
        ],
    ),
    (
        &["RPTKA"],
        &[
            (&["NOMOR", "NO", "NO PENGESAHAN"], Some(Field::RptkaNumber)),
            (
                &[
                    "MASA BERLAKU",
                    "BERLAKU S D",
                    "PERIODE",
                    "JANGKA WAKTU",
                    "BERLAKU",
                ],
                Some(Field::RptkaValidity),
            ),
        ],
    ),
    (
        &["NOTIFIKASI", "IMTA"],
        &[
            (&["NOMOR", "NO"], Some(Field::WorkPermitNumber)),
            (&["MASA BERLAKU", "BERLAKU S D", "TGL"], None),
        ],
    ),
    (
        &["SKTT"],
        &[
            (&["NOMOR", "NO"], Some(Field::SkttNumber)),
            (&["TGL", "TANGGAL", "TGL TERBIT"], Some(Field::SkttDate)),
        ],
    ),
    (
        &["STM"],
        &[
            (&["NOMOR", "NO"], Some(Field::StmNumber)),
            (&["TGL", "TANGGAL", "TGL TERBIT"], Some(Field::StmDate)),
        ],
    ),
    (
        &[
            "TEMPAT TGL LAHIR",
            "TEMPAT TANGGAL LAHIR",
            "TTL",
            "KELAHIRAN",
            "LAHIR",
            "TEMPAT DAN TANGGAL LAHIR",
        ],
        &[
            (&["TEMPAT", "KOTA", "PLACE"], Some(Field::PlaceOfBirth)),
            (
                &["TGL", "TANGGAL", "DATE", "TGL LAHIR", "TANGGAL LAHIR"],
                Some(Field::Dob),
            ),
        ],
    ),
    (
        &[
            "PENJAMIN",
            "SPONSOR",
            "PENJAMIN SPONSOR",
            "SPONSOR PENJAMIN",
        ],
        &[
            (&["NAMA", "NAME", "NAMA PENJAMIN"], Some(Field::Sponsor)),
            (
                &["ALAMAT", "ADDRESS", "NO TELP", "TELP", "HP", "HUBUNGAN"],
                None,
            ),
        ],
    ),
    (
        &[
            "PERUSAHAAN",
            "PEMBERI KERJA",
            "EMPLOYER",
            "PERUSAHAAN PENGGUNA TKA",
            "TEMPAT KERJA",
        ],
        &[
            (&["NAMA", "NAME", "NAMA PERUSAHAAN"], Some(Field::Employer)),
            (
                &["ALAMAT", "LOKASI", "ADDRESS", "LOKASI KERJA"],
                Some(Field::WorkLocation),
            ),
            (&["BIDANG USAHA", "SEKTOR", "NO TELP", "TELP"], None),
        ],
    ),
    (
        &["NAMA", "NAME", "NAMA LENGKAP"],
        &[
            (
                &["DEPAN", "GIVEN", "FIRST", "GIVEN NAME", "FIRST NAME"],
                Some(Field::GivenName),
            ),
            (
                &[
                    "BELAKANG",
                    "KELUARGA",
                    "SURNAME",
                    "FAMILY",
                    "LAST",
                    "LAST NAME",
                    "FAMILY NAME",
                ],
                Some(Field::FamilyName),
            ),
            (&["LENGKAP", "FULL"], Some(Field::Name)),
        ],
    ),
];

/// Words that together identify a field in a header no list names: (required words, any-of words, field).
pub const KEYWORD_RULES: &[(&[&str], &[&str], Field)] = &[
    (&["TEMPAT"], &["LAHIR", "LHR"], Field::PlaceDateOfBirth),
    (&["LAHIR"], &["TGL", "TANGGAL", "TG"], Field::Dob),
    (
        &["PASPOR"],
        &["BERLAKU", "HABIS", "EXPIRY", "AKHIR"],
        Field::PassportExpiry,
    ),
    (
        &["PASPOR"],
        &["NO", "NOMOR", "NR", "NOMER"],
        Field::Passport,
    ),
    (&["PASSPORT"], &["NO", "NUMBER", "NR"], Field::Passport),
    (
        &["RPTKA"],
        &["NO", "NOMOR", "PENGESAHAN"],
        Field::RptkaNumber,
    ),
    (&["KITAS"], &["NO", "NOMOR"], Field::PermitNumber),
    (&["ITAS"], &["NO", "NOMOR"], Field::PermitNumber),
    (&["IZIN"], &["JENIS"], Field::PermitType),
    (&["IZIN"], &["NO", "NOMOR"], Field::PermitNumber),
    (
        &["BERLAKU"],
        &["S", "SD", "SAMPAI", "HINGGA", "AKHIR"],
        Field::PermitExpiry,
    ),
    (
        &["NAMA"],
        &["WNA", "TKA", "ORANG", "ASING", "LENGKAP", "PEMEGANG"],
        Field::Name,
    ),
    (&["NAMA"], &["PERUSAHAAN", "PT"], Field::Employer),
    (&["KEWARGANEGARAAN"], &[], Field::Nationality),
    (&["WARGA"], &["NEGARA"], Field::Nationality),
    (&["NIK"], &[], Field::Nik),
    (&["KELAMIN"], &[], Field::Sex),
    (&["KECAMATAN"], &[], Field::Kecamatan),
    (&["ALAMAT"], &[], Field::Address),
    (&["SPONSOR"], &[], Field::Sponsor),
    (&["PENJAMIN"], &[], Field::Sponsor),
];

/// Why a column got its field, for `inspect`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingReason {
    /// Matched a built-in synonym.
    Synonym,
    /// A two-line header: parent and child together.
    Group { parent: String },
    /// Matched a keyword rule.
    Keyword,
    /// Named in the user's config.
    Config,
    /// Another column already holds this field; this one is kept as a raw cell.
    Duplicate { first_column: String },
    /// Nothing matched; the cells are kept as raw cells.
    Unmapped,
}

impl MappingReason {
    pub fn describe(&self) -> String {
        match self {
            MappingReason::Synonym => "synonym".into(),
            MappingReason::Group { parent } => format!("two-line header under \"{parent}\""),
            MappingReason::Keyword => "keyword rule".into(),
            MappingReason::Config => "config".into(),
            MappingReason::Duplicate { first_column } => {
                format!("unmapped: field already taken by \"{first_column}\"")
            }
            MappingReason::Unmapped => "unmapped".into(),
        }
    }
}

fn synonym_index() -> &'static HashMap<&'static str, Field> {
    static INDEX: OnceLock<HashMap<&'static str, Field>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for (field, names) in SYNONYMS {
            for n in *names {
                m.entry(*n).or_insert(*field);
            }
        }
        m
    })
}

/// Exact synonym lookup on a normalised header.
pub fn synonym(normalized: &str) -> Option<Field> {
    synonym_index().get(normalized).copied()
}

fn keyword_rule(normalized: &str) -> Option<Field> {
    let words: Vec<&str> = normalized.split(' ').collect();
    KEYWORD_RULES.iter().find_map(|(required, any, field)| {
        let has_all = required.iter().all(|w| words.contains(w));
        let has_any = any.is_empty() || any.iter().any(|w| words.contains(w));
        (has_all && has_any).then_some(*field)
    })
}

/// Maps a one-line header.
pub fn map_single(header: &str) -> Option<(Field, MappingReason)> {
    let key = normalize_header(header);
    if key.is_empty() {
        return None;
    }
    if let Some(f) = synonym(&key) {
        return Some((f, MappingReason::Synonym));
    }
    keyword_rule(&key).map(|f| (f, MappingReason::Keyword))
}

/// Whether a normalised header names a known parent of a two-line header.
pub fn is_group_parent(normalized: &str) -> bool {
    GROUPS
        .iter()
        .any(|(parents, _)| parents.contains(&normalized))
}

/// Whether text is a typical child cell of a two-line header ("NOMOR", "BERLAKU S/D").
pub fn is_child_word(normalized: &str) -> bool {
    GROUPS.iter().any(|(_, children)| {
        children
            .iter()
            .any(|(names, _)| names.contains(&normalized))
    })
}

/// Maps a column of a two-line header. `None` means deliberately unmapped (e.g. a sponsor's address
/// must not become the person's address) or nothing matched.
pub fn map_two_line(parent: &str, child: &str) -> Option<(Field, MappingReason)> {
    let p = normalize_header(parent);
    let c = normalize_header(child);
    let group = MappingReason::Group {
        parent: parent.trim().to_string(),
    };
    if let Some((_, children)) = GROUPS
        .iter()
        .find(|(parents, _)| parents.contains(&p.as_str()))
    {
        for (names, field) in children.iter() {
            if names.contains(&c.as_str()) {
                return field.map(|f| (f, group));
            }
        }
    }
    // "PARENT CHILD" together, then the child alone, then keyword rules on both.
    let both = format!("{p} {c}");
    if let Some(f) = synonym(&both) {
        return Some((f, group));
    }
    if let Some(f) = synonym(&c) {
        if f != Field::RowNumber {
            return Some((f, MappingReason::Synonym));
        }
    }
    keyword_rule(&both).map(|f| (f, MappingReason::Keyword))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_headers() {
        let cases = [
            ("No. Paspor", "NO PASPOR"),
            ("  TEMPAT/TGL\nLAHIR ", "TEMPAT TGL LAHIR"),
            ("Berlaku s/d", "BERLAKU S D"),
            ("L/P", "L P"),
            ("Kewarganegaraan (WN)", "KEWARGANEGARAAN WN"),
            ("Nationalité", "NATIONALITE"),
            ("", ""),
            ("---", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_header(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn maps_issue_examples() {
        let cases = [
            ("NAMA LENGKAP", Field::Name),
            ("Nama Orang Asing", Field::Name),
            ("Full name", Field::Name),
            ("NAMA TKA", Field::Name),
            ("No. Paspor", Field::Passport),
            ("Nomor Paspor", Field::Passport),
            ("Passport No", Field::Passport),
            ("NO. PASPORT", Field::Passport),
            ("Kewarganegaraan", Field::Nationality),
            ("Warga Negara", Field::Nationality),
            ("Nationality", Field::Nationality),
            ("KEBANGSAAN", Field::Nationality),
            ("Tgl. Lahir", Field::Dob),
            ("Tanggal Lahir", Field::Dob),
            ("L/P", Field::Sex),
            ("Jenis Kelamin", Field::Sex),
            ("JK", Field::Sex),
            ("Alamat", Field::Address),
            ("Desa/Kelurahan", Field::Desa),
            ("Kecamatan", Field::Kecamatan),
            ("Sponsor", Field::Sponsor),
            ("Penjamin", Field::Sponsor),
            ("Nama Perusahaan", Field::Employer),
            ("No. KITAS", Field::PermitNumber),
            ("No. ITAS", Field::PermitNumber),
            ("Jenis Izin Tinggal", Field::PermitType),
            ("Berlaku s/d", Field::PermitExpiry),
            ("Tempat/Tgl Lahir", Field::PlaceDateOfBirth),
            ("TTL", Field::PlaceDateOfBirth),
            ("NO", Field::RowNumber),
            ("No.", Field::RowNumber),
            ("NO URUT", Field::RowNumber),
            ("NIK", Field::Nik),
            ("NO RPTKA", Field::RptkaNumber),
            ("MASA BERLAKU RPTKA", Field::RptkaValidity),
            ("NO NOTIFIKASI", Field::WorkPermitNumber),
            ("NO STM", Field::StmNumber),
            ("TGL STM", Field::StmDate),
            ("NO SKTT", Field::SkttNumber),
            ("RT/RW", Field::RtRw),
            ("JABATAN", Field::Occupation),
            ("LOKASI KERJA", Field::WorkLocation),
            ("KETERANGAN", Field::Remarks),
            ("given_name", Field::GivenName),
            ("surname", Field::FamilyName),
            ("date_of_birth", Field::Dob),
            ("soc_sec_id", Field::IdNumber),
            ("suburb", Field::Desa),
            ("state", Field::Province),
            ("postcode", Field::Postcode),
            ("rec_id", Field::RecordId),
            ("address_1", Field::Address),
            ("street_number", Field::Street),
            // Keyword rules for headers no list names.
            ("NAMA LENGKAP TKA", Field::Name),
            ("No. Paspor / Dokumen", Field::Passport),
            ("TGL. LAHIR (DD-MM-YYYY)", Field::Dob),
            ("NO. KITAS / KITAP / ITK", Field::PermitNumber),
            ("KEWARGANEGARAAN / NATIONALITY", Field::Nationality),
        ];
        for (raw, want) in cases {
            let got = map_single(raw).map(|(f, _)| f);
            assert_eq!(got, Some(want), "{raw:?}");
        }
        for raw in ["FOTO", "PARAF", "", "XYZ"] {
            assert_eq!(map_single(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn maps_two_line_headers() {
        let cases = [
            ("PASPOR", "NOMOR", Some(Field::Passport)),
            ("PASPOR", "BERLAKU S/D", Some(Field::PassportExpiry)),
            ("IZIN TINGGAL", "JENIS", Some(Field::PermitType)),
            ("IZIN TINGGAL", "INDEKS", Some(Field::PermitIndex)),
            ("IZIN TINGGAL", "NOMOR", Some(Field::PermitNumber)),
            ("IZIN TINGGAL", "BERLAKU S/D", Some(Field::PermitExpiry)),
            ("IZIN TINGGAL", "TGL TERBIT", Some(Field::PermitIssue)),
            ("RPTKA", "NOMOR", Some(Field::RptkaNumber)),
            ("RPTKA", "MASA BERLAKU", Some(Field::RptkaValidity)),
            ("TEMPAT/TGL LAHIR", "TEMPAT", Some(Field::PlaceOfBirth)),
            ("TEMPAT/TGL LAHIR", "TANGGAL", Some(Field::Dob)),
            ("PENJAMIN", "NAMA", Some(Field::Sponsor)),
            // A sponsor's address is not the person's address.
            ("PENJAMIN", "ALAMAT", None),
            ("ALAMAT", "DESA", Some(Field::Desa)),
            ("ALAMAT", "KECAMATAN", Some(Field::Kecamatan)),
            ("ALAMAT", "RT/RW", Some(Field::RtRw)),
            ("NAMA", "DEPAN", Some(Field::GivenName)),
        ];
        for (p, c, want) in cases {
            assert_eq!(map_two_line(p, c).map(|(f, _)| f), want, "{p} / {c}");
        }
    }

    #[test]
    fn synonym_table_has_no_conflicting_entries() {
        let mut seen: HashMap<&str, Field> = HashMap::new();
        for (field, names) in SYNONYMS {
            for n in *names {
                assert_eq!(
                    normalize_header(n),
                    *n,
                    "synonym {n:?} is not in normalised form"
                );
                if let Some(prev) = seen.insert(n, *field) {
                    panic!("{n:?} maps to both {prev} and {field}");
                }
            }
        }
    }
}
