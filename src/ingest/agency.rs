//! Deciding which agency a file comes from.
//!
//! In order, the first that speaks decides: the user (`imigrasi=may.xlsx`), the config
//! (`agency = "…"`), the file name (`kanim_*`, `disnaker_*`, …), the title rows above the header
//! ("KANTOR IMIGRASI …"), then the columns (an STM number column means the police). Files nothing
//! recognises are `other`; `inspect` shows how each decision was made.

use super::mapping::normalize_header;
use crate::record::{Agency, Field};
use serde::Serialize;

/// How an agency was decided, for `inspect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "detail", rename_all = "snake_case")]
pub enum AgencyBasis {
    CommandLine,
    Config,
    FileName(String),
    Title(String),
    Columns(String),
    Unrecognised,
}

impl AgencyBasis {
    pub fn describe(&self) -> String {
        match self {
            AgencyBasis::CommandLine => "given on the command line".into(),
            AgencyBasis::Config => "given in the config".into(),
            AgencyBasis::FileName(p) => format!("file name ({p})"),
            AgencyBasis::Title(w) => format!("title rows (\"{w}\")"),
            AgencyBasis::Columns(c) => format!("columns ({c})"),
            AgencyBasis::Unrecognised => "not recognised; say it as AGENCY=FILE".into(),
        }
    }
}

/// File-name prefixes, matched at the start of any word of the name.
const NAME_PATTERNS: &[(&str, Agency)] = &[
    ("imigrasi", Agency::Imigrasi),
    ("immigration", Agency::Imigrasi),
    ("kanim", Agency::Imigrasi),
    ("inteldakim", Agency::Imigrasi),
    ("disnaker", Agency::Disnaker),
    ("naker", Agency::Disnaker),
    ("tka", Agency::Disnaker),
    ("rptka", Agency::Disnaker),
    ("manpower", Agency::Disnaker),
    ("disdukcapil", Agency::Dukcapil),
    ("dukcapil", Agency::Dukcapil),
    ("capil", Agency::Dukcapil),
    ("sktt", Agency::Dukcapil),
    ("polres", Agency::Polri),
    ("polda", Agency::Polri),
    ("polri", Agency::Polri),
    ("polsek", Agency::Polri),
    ("satintelkam", Agency::Polri),
    ("stm", Agency::Polri),
    ("police", Agency::Polri),
];

/// From the file name: `kanim_mataram_itas_2025.xlsx`, `TKA Mei 2025.xlsx`, `polres-lotim-stm.csv`.
pub fn from_file_name(name: &str) -> Option<(Agency, AgencyBasis)> {
    let lower = name.to_lowercase();
    let stem = lower.rsplit_once('.').map(|(s, _)| s).unwrap_or(&lower);
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (pattern, agency) in NAME_PATTERNS {
        if words.iter().any(|w| w.starts_with(pattern)) {
            return Some((*agency, AgencyBasis::FileName(format!("{pattern}*"))));
        }
    }
    None
}

const TITLE_WORDS: &[(&str, Agency)] = &[
    ("IMIGRASI", Agency::Imigrasi),
    ("KEIMIGRASIAN", Agency::Imigrasi),
    ("PEMEGANG ITAS", Agency::Imigrasi),
    ("TENAGA KERJA ASING", Agency::Disnaker),
    ("TENAGA KERJA", Agency::Disnaker),
    ("DISNAKER", Agency::Disnaker),
    ("DUKCAPIL", Agency::Dukcapil),
    ("KEPENDUDUKAN", Agency::Dukcapil),
    ("CATATAN SIPIL", Agency::Dukcapil),
    ("SKTT", Agency::Dukcapil),
    ("KEPOLISIAN", Agency::Polri),
    ("POLRES", Agency::Polri),
    ("POLDA", Agency::Polri),
    ("SATINTELKAM", Agency::Polri),
    ("SURAT TANDA MELAPOR", Agency::Polri),
];

/// From the title rows above the header.
pub fn from_title(title: &[String]) -> Option<(Agency, AgencyBasis)> {
    for line in title {
        let key = format!(" {} ", normalize_header(line));
        for (word, agency) in TITLE_WORDS {
            if key.contains(&format!(" {word} ")) {
                return Some((*agency, AgencyBasis::Title(line.trim().to_string())));
            }
        }
    }
    None
}

/// From the mapped columns: fields only one agency keeps score 3, fields it usually keeps score 1.
pub fn from_columns(fields: &[Field]) -> Option<(Agency, AgencyBasis)> {
    let weights: &[(Field, Agency, u32)] = &[
        (Field::PermitIndex, Agency::Imigrasi, 3),
        (Field::Status, Agency::Imigrasi, 1),
        (Field::PassportExpiry, Agency::Imigrasi, 1),
        (Field::PermitIssue, Agency::Imigrasi, 1),
        (Field::Sponsor, Agency::Imigrasi, 1),
        (Field::RptkaNumber, Agency::Disnaker, 3),
        (Field::RptkaValidity, Agency::Disnaker, 3),
        (Field::WorkPermitNumber, Agency::Disnaker, 3),
        (Field::Employer, Agency::Disnaker, 1),
        (Field::WorkLocation, Agency::Disnaker, 1),
        (Field::Nik, Agency::Dukcapil, 3),
        (Field::KkNumber, Agency::Dukcapil, 3),
        (Field::SkttNumber, Agency::Dukcapil, 3),
        (Field::SkttDate, Agency::Dukcapil, 3),
        (Field::Religion, Agency::Dukcapil, 1),
        (Field::RtRw, Agency::Dukcapil, 1),
        (Field::StmNumber, Agency::Polri, 3),
        (Field::StmDate, Agency::Polri, 3),
        (Field::EventDate, Agency::Polri, 3),
    ];
    let mut scores: Vec<(Agency, u32, Vec<&str>)> = Vec::new();
    for (field, agency, w) in weights {
        if fields.contains(field) {
            match scores.iter_mut().find(|(a, _, _)| a == agency) {
                Some(entry) => {
                    entry.1 += w;
                    entry.2.push(field.key());
                }
                None => scores.push((*agency, *w, vec![field.key()])),
            }
        }
    }
    scores.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let best = scores.first()?;
    let runner_up = scores.get(1).map_or(0, |s| s.1);
    (best.1 >= 3 && best.1 > runner_up).then(|| (best.0, AgencyBasis::Columns(best.2.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let cases = [
            ("kanim_mataram_itas_2025.xlsx", Some(Agency::Imigrasi)),
            ("imigrasi_mei.xlsx", Some(Agency::Imigrasi)),
            ("Data Imigrasi.xlsx", Some(Agency::Imigrasi)),
            ("disnaker_tka_lotim_2025.xlsx", Some(Agency::Disnaker)),
            ("TKA MEI 2025.xlsx", Some(Agency::Disnaker)),
            ("dukcapil_wna_lotim.csv", Some(Agency::Dukcapil)),
            ("capil.csv", Some(Agency::Dukcapil)),
            ("polres_lotim_stm.csv", Some(Agency::Polri)),
            ("polda-ntb.csv", Some(Agency::Polri)),
            ("stm_2025.csv", Some(Agency::Polri)),
            ("register_a.csv", None),
            ("data.xlsx", None),
        ];
        for (name, want) in cases {
            assert_eq!(from_file_name(name).map(|(a, _)| a), want, "{name}");
        }
    }

    #[test]
    fn titles() {
        let t = |lines: &[&str]| {
            from_title(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).map(|(a, _)| a)
        };
        assert_eq!(
            t(&[
                "DATA ORANG ASING PEMEGANG ITAS/ITAP",
                "KANTOR IMIGRASI KELAS I TPI MATARAM"
            ]),
            Some(Agency::Imigrasi)
        );
        assert_eq!(
            t(&["DAFTAR TENAGA KERJA ASING", "BULAN MEI 2025"]),
            Some(Agency::Disnaker)
        );
        assert_eq!(
            t(&["DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"]),
            Some(Agency::Dukcapil)
        );
        assert_eq!(t(&["POLRES LOMBOK TIMUR"]), Some(Agency::Polri));
        assert_eq!(t(&["DATA ORANG ASING", "BULAN MEI 2025"]), None);
    }

    #[test]
    fn columns() {
        assert_eq!(
            from_columns(&[
                Field::Name,
                Field::Passport,
                Field::StmNumber,
                Field::PermitNumber
            ])
            .map(|(a, _)| a),
            Some(Agency::Polri)
        );
        assert_eq!(
            from_columns(&[
                Field::Name,
                Field::Nik,
                Field::PermitNumber,
                Field::SkttNumber
            ])
            .map(|(a, _)| a),
            Some(Agency::Dukcapil)
        );
        assert_eq!(
            from_columns(&[Field::Name, Field::RptkaNumber, Field::Employer]).map(|(a, _)| a),
            Some(Agency::Disnaker)
        );
        assert_eq!(
            from_columns(&[
                Field::Name,
                Field::PermitIndex,
                Field::Sponsor,
                Field::Status
            ])
            .map(|(a, _)| a),
            Some(Agency::Imigrasi)
        );
        // Only weak evidence, or none: undecided.
        assert_eq!(from_columns(&[Field::Name, Field::Sponsor]), None);
        assert_eq!(
            from_columns(&[Field::GivenName, Field::FamilyName, Field::Dob]),
            None
        );
    }
}
