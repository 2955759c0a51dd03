//! The truth: a population of foreigners and the conflicts planted on them.
//!
//! [`Nationality`] rows ([`NATIONALITIES`]) carry each country's spellings per agency, its naming
//! [`Culture`] and passport format. [`build`] draws [`Person`]s (identity, passport(s), permit
//! [`Group`]/[`PermitKind`], employer or sponsor, address, NIK region), decides which agency
//! lists each one ([`Membership`]), then plants at most one [`Planted`] conflict per person
//! following the rules documented in [`super`]. The agency writers only *render* this plan.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::names::{Culture, NameParts};
use super::noise::{add_days, pick, pick_weighted, swap_day_month, GenRng, Rates};
use super::places::{
    kecamatan_index, Sector, COMPANIES, DUSUN, ID_FEMALE, ID_MALE, KECAMATAN, OUTSIDE, YAYASAN,
};
use super::truth::ConflictType;

/// Passport number layouts of domain.md §2.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PassportFormat {
    Aus,
    Chn,
    Mys,
    Nld,
    Deu,
    NineDigits,
    Usa,
    Fra,
    Kor,
    Jpn,
    LetterSeven,
    Ita,
    Nzl,
    Tls,
}

/// One nationality and how each agency writes it.
pub(crate) struct Nationality {
    pub iso: &'static str,
    pub weight: u32,
    /// Imigrasi (Indonesian): TIONGKOK, AMERIKA SERIKAT.
    pub indonesian: &'static str,
    /// Disnaker (typed English): CHINA, USA.
    pub english: &'static str,
    /// Polri (demonym): CHINESE, DUTCH.
    pub demonym: &'static str,
    pub culture: Culture,
    pub cities: &'static [&'static str],
    pub passport: PassportFormat,
    /// Share of workers among this nationality's foreigners (per mille).
    pub work_share: u32,
}

/// Nationality mix weighted like Lombok Timur: China first (PLTU workers), then Australia and Europe.
pub(crate) const NATIONALITIES: [Nationality; 16] = [
    Nationality {
        iso: "CHN",
        weight: 300,
        indonesian: "TIONGKOK",
        english: "CHINA",
        demonym: "CHINESE",
        culture: Culture::Chinese,
        cities: &[
            "BEIJING",
            "SHANGHAI",
            "GUANGZHOU",
            "HENAN",
            "SICHUAN",
            "HUBEI",
            "JIANGSU",
            "SHANDONG",
            "FUJIAN",
        ],
        passport: PassportFormat::Chn,
        work_share: 800,
    },
    Nationality {
        iso: "AUS",
        weight: 140,
        indonesian: "AUSTRALIA",
        english: "AUSTRALIA",
        demonym: "AUSTRALIAN",
        culture: Culture::Anglo,
        cities: &[
            "SYDNEY",
            "MELBOURNE",
            "PERTH",
            "BRISBANE",
            "ADELAIDE",
            "DARWIN",
        ],
        passport: PassportFormat::Aus,
        work_share: 150,
    },
    Nationality {
        iso: "NLD",
        weight: 80,
        indonesian: "BELANDA",
        english: "NETHERLANDS",
        demonym: "DUTCH",
        culture: Culture::Dutch,
        cities: &["AMSTERDAM", "ROTTERDAM", "UTRECHT", "DEN HAAG", "EINDHOVEN"],
        passport: PassportFormat::Nld,
        work_share: 120,
    },
    Nationality {
        iso: "DEU",
        weight: 70,
        indonesian: "JERMAN",
        english: "GERMANY",
        demonym: "GERMAN",
        culture: Culture::German,
        cities: &["BERLIN", "MÜNCHEN", "HAMBURG", "KÖLN", "FRANKFURT"],
        passport: PassportFormat::Deu,
        work_share: 120,
    },
    Nationality {
        iso: "GBR",
        weight: 70,
        indonesian: "INGGRIS",
        english: "UNITED KINGDOM",
        demonym: "BRITISH",
        culture: Culture::Anglo,
        cities: &["LONDON", "MANCHESTER", "BRISTOL", "LEEDS", "GLASGOW"],
        passport: PassportFormat::NineDigits,
        work_share: 150,
    },
    Nationality {
        iso: "USA",
        weight: 60,
        indonesian: "AMERIKA SERIKAT",
        english: "USA",
        demonym: "AMERICAN",
        culture: Culture::Anglo,
        cities: &[
            "NEW YORK",
            "LOS ANGELES",
            "CHICAGO",
            "SEATTLE",
            "HONOLULU",
            "SAN DIEGO",
        ],
        passport: PassportFormat::Usa,
        work_share: 150,
    },
    Nationality {
        iso: "FRA",
        weight: 50,
        indonesian: "PERANCIS",
        english: "FRANCE",
        demonym: "FRENCH",
        culture: Culture::French,
        cities: &["PARIS", "LYON", "MARSEILLE", "BORDEAUX", "NANTES"],
        passport: PassportFormat::Fra,
        work_share: 150,
    },
    Nationality {
        iso: "KOR",
        weight: 40,
        indonesian: "KOREA SELATAN",
        english: "SOUTH KOREA",
        demonym: "KOREAN",
        culture: Culture::Korean,
        cities: &["SEOUL", "BUSAN", "INCHEON", "DAEGU"],
        passport: PassportFormat::Kor,
        work_share: 600,
    },
    Nationality {
        iso: "JPN",
        weight: 30,
        indonesian: "JEPANG",
        english: "JAPAN",
        demonym: "JAPANESE",
        culture: Culture::Japanese,
        cities: &["TOKYO", "OSAKA", "NAGOYA", "FUKUOKA"],
        passport: PassportFormat::Jpn,
        work_share: 500,
    },
    Nationality {
        iso: "MYS",
        weight: 40,
        indonesian: "MALAYSIA",
        english: "MALAYSIA",
        demonym: "MALAYSIAN",
        culture: Culture::Malay,
        cities: &["KUALA LUMPUR", "JOHOR BAHRU", "PENANG", "KOTA BHARU"],
        passport: PassportFormat::Mys,
        work_share: 400,
    },
    Nationality {
        iso: "RUS",
        weight: 30,
        indonesian: "RUSIA",
        english: "RUSSIA",
        demonym: "RUSSIAN",
        culture: Culture::Russian,
        cities: &["MOSKVA", "SANKT-PETERBURG", "NOVOSIBIRSK", "KAZAN"],
        passport: PassportFormat::NineDigits,
        work_share: 100,
    },
    Nationality {
        iso: "ITA",
        weight: 20,
        indonesian: "ITALIA",
        english: "ITALY",
        demonym: "ITALIAN",
        culture: Culture::Italian,
        cities: &["ROMA", "MILANO", "NAPOLI", "TORINO"],
        passport: PassportFormat::Ita,
        work_share: 150,
    },
    Nationality {
        iso: "CHE",
        weight: 20,
        indonesian: "SWISS",
        english: "SWITZERLAND",
        demonym: "SWISS",
        culture: Culture::German,
        cities: &["ZÜRICH", "BERN", "BASEL", "LUZERN"],
        passport: PassportFormat::LetterSeven,
        work_share: 100,
    },
    Nationality {
        iso: "NZL",
        weight: 20,
        indonesian: "SELANDIA BARU",
        english: "NEW ZEALAND",
        demonym: "NEW ZEALANDER",
        culture: Culture::Anglo,
        cities: &["AUCKLAND", "WELLINGTON", "CHRISTCHURCH"],
        passport: PassportFormat::Nzl,
        work_share: 150,
    },
    Nationality {
        iso: "TLS",
        weight: 10,
        indonesian: "TIMOR LESTE",
        english: "TIMOR LESTE",
        demonym: "TIMORESE",
        culture: Culture::Portuguese,
        cities: &["DILI", "BAUCAU", "MALIANA"],
        passport: PassportFormat::Tls,
        work_share: 200,
    },
    Nationality {
        iso: "IND",
        weight: 20,
        indonesian: "INDIA",
        english: "INDIA",
        demonym: "INDIAN",
        culture: Culture::Indian,
        cities: &["MUMBAI", "NEW DELHI", "CHENNAI", "KOLKATA", "BANGALORE"],
        passport: PassportFormat::LetterSeven,
        work_share: 500,
    },
];

/// Permit purpose; decides the index code and the WORK / INVESTOR / NON-WORK rule group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Work,
    Investor,
    Family,
    Retirement,
    SecondHome,
    Visit,
}

impl Group {
    /// NON-WORK group of domain.md §2.4 (visit, family, retirement, second home).
    pub(crate) fn non_work(self) -> bool {
        matches!(
            self,
            Group::Family | Group::Retirement | Group::SecondHome | Group::Visit
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PermitKind {
    Itk,
    Itas,
    Itap,
}

impl PermitKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            PermitKind::Itk => "ITK",
            PermitKind::Itas => "ITAS",
            PermitKind::Itap => "ITAP",
        }
    }
}

/// Imigrasi STATUS column.
#[allow(clippy::enum_variant_names)] // `AlihStatus` is the Indonesian term ("alih status").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Aktif,
    AlihStatus,
    Epo,
    Deportasi,
}

impl Status {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Aktif => "AKTIF",
            Status::AlihStatus => "ALIH STATUS",
            Status::Epo => "EPO",
            Status::Deportasi => "DEPORTASI",
        }
    }
    /// Still in the country: AKTIF or ALIH STATUS.
    pub(crate) fn present(self) -> bool {
        matches!(self, Status::Aktif | Status::AlihStatus)
    }
}

/// Who vouches for the person (Imigrasi PENJAMIN, Polri SPONSOR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sponsor {
    Company(usize),
    Spouse(&'static str),
    Yayasan(&'static str),
}

impl Sponsor {
    pub(crate) fn text(self) -> &'static str {
        match self {
            Sponsor::Company(i) => COMPANIES.get(i).map_or("", |c| c.name),
            Sponsor::Spouse(s) | Sponsor::Yayasan(s) => s,
        }
    }
}

/// Where the person lives. `kec` indexes [`KECAMATAN`] when `lotim`, else [`OUTSIDE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Address {
    pub lotim: bool,
    pub kec: usize,
    pub desa: &'static str,
    pub dusun: &'static str,
    pub rt: u8,
    pub rw: u8,
}

impl Address {
    pub(crate) fn kecamatan(&self) -> &'static str {
        if self.lotim {
            KECAMATAN.get(self.kec).map_or("", |k| k.name)
        } else {
            OUTSIDE.get(self.kec).map_or("", |o| o.kecamatan)
        }
    }
}

/// Which files list the person; `man_months` bit 0 = the latest monthly sheet, bit 1 the one
/// before, bit 2 the one before that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Membership {
    pub imm: bool,
    pub man: bool,
    pub pol: bool,
    pub duk: bool,
    pub man_months: u8,
}

/// An agency file (a target for planted damage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agency {
    Imm,
    Man,
    Pol,
    Duk,
}

/// The altered value a planted conflict puts into its target agency's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Alt {
    None,
    Dob(NaiveDate),
    Nationality(usize),
    Sex,
    Name(NameParts),
    OldPassport,
    Kecamatan(usize, &'static str),
    Company(usize),
    PermitNo(String),
    PermitKind(PermitKind),
    ExpiredOn(NaiveDate),
    NikDob(NaiveDate),
    NikSex,
    /// Duplicate row; for the manpower list, the month bit that holds both rows.
    Duplicate(u8),
}

/// A conflict planted on one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planted {
    pub ty: ConflictType,
    pub target: Agency,
    pub alt: Alt,
}

/// One foreigner: the truth every agency record is rendered from.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: usize,
    pub nat: usize,
    pub name: NameParts,
    pub female: bool,
    pub dob: NaiveDate,
    pub birthplace: &'static str,
    pub passport: String,
    pub old_passport: Option<String>,
    pub passport_expiry: NaiveDate,
    pub group: Group,
    pub kind: PermitKind,
    pub index: &'static str,
    pub permit_no: String,
    pub permit_issue: NaiveDate,
    pub permit_expiry: NaiveDate,
    pub status: Status,
    pub company: Option<usize>,
    pub job: &'static str,
    pub sponsor: Sponsor,
    pub addr: Address,
    pub nik_kec: u8,
    pub stm_date: NaiveDate,
    pub mem: Membership,
    pub planted: Option<Planted>,
}

impl Person {
    pub(crate) fn nationality(&self) -> &'static Nationality {
        nationality(self.nat)
    }
    /// The planted alteration for `agency`, if this person's conflict targets it.
    pub(crate) fn alt_for(&self, agency: Agency) -> Option<&Alt> {
        self.planted
            .as_ref()
            .filter(|p| p.target == agency)
            .map(|p| &p.alt)
    }
}

/// Row of [`NATIONALITIES`], falling back to the first row for an out-of-range index.
pub(crate) fn nationality(i: usize) -> &'static Nationality {
    NATIONALITIES.get(i).unwrap_or(&NATIONALITIES[0])
}

fn digits(rng: &mut GenRng, out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
}

fn letter_from(rng: &mut GenRng, out: &mut String, set: &[u8]) {
    if let Some(&b) = set.get(rng.random_range(0..set.len().max(1))) {
        out.push(char::from(b));
    }
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LETTERS_NO_IO: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const NLD_ALNUM: &[u8] = b"ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789";
const DEU_CHARS: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";

/// A passport number in the nationality's real format (domain.md §2.2).
pub(crate) fn passport_number(rng: &mut GenRng, fmt: PassportFormat) -> String {
    let mut s = String::with_capacity(10);
    match fmt {
        PassportFormat::Aus => {
            letter_from(rng, &mut s, b"PNEMRL");
            if rng.random_bool(0.5) {
                letter_from(rng, &mut s, b"ABCDE");
            }
            digits(rng, &mut s, 7);
        }
        PassportFormat::Chn => match rng.random_range(0..10u8) {
            0..=4 => {
                s.push('E');
                digits(rng, &mut s, 8);
            }
            5..=8 => {
                s.push('E');
                letter_from(rng, &mut s, LETTERS_NO_IO);
                digits(rng, &mut s, 7);
            }
            _ => {
                s.push('G');
                digits(rng, &mut s, 8);
            }
        },
        PassportFormat::Mys => {
            letter_from(rng, &mut s, b"AHK");
            digits(rng, &mut s, 8);
        }
        PassportFormat::Nld => {
            letter_from(rng, &mut s, b"NB");
            letter_from(rng, &mut s, b"PRSTUVWXYZ");
            for _ in 0..6 {
                letter_from(rng, &mut s, NLD_ALNUM);
            }
            digits(rng, &mut s, 1);
        }
        PassportFormat::Deu => {
            letter_from(rng, &mut s, b"CFGHJK");
            for _ in 0..8 {
                letter_from(rng, &mut s, DEU_CHARS);
            }
        }
        PassportFormat::NineDigits => {
            s.push(char::from(b'1' + rng.random_range(0..9u8)));
            digits(rng, &mut s, 8);
        }
        PassportFormat::Usa => {
            if rng.random_bool(0.4) {
                letter_from(rng, &mut s, b"ABCDE");
                digits(rng, &mut s, 8);
            } else {
                s.push(char::from(b'4' + rng.random_range(0..6u8)));
                digits(rng, &mut s, 8);
            }
        }
        PassportFormat::Fra => {
            digits(rng, &mut s, 2);
            letter_from(rng, &mut s, LETTERS);
            letter_from(rng, &mut s, LETTERS);
            digits(rng, &mut s, 5);
        }
        PassportFormat::Kor => {
            if rng.random_bool(0.5) {
                s.push('M');
                digits(rng, &mut s, 3);
                letter_from(rng, &mut s, LETTERS);
                digits(rng, &mut s, 4);
            } else {
                letter_from(rng, &mut s, b"MS");
                digits(rng, &mut s, 8);
            }
        }
        PassportFormat::Jpn => {
            letter_from(rng, &mut s, b"TMRA");
            letter_from(rng, &mut s, b"KRSZHN");
            digits(rng, &mut s, 7);
        }
        PassportFormat::LetterSeven => {
            letter_from(rng, &mut s, b"XSJKLMNPRZ");
            digits(rng, &mut s, 7);
        }
        PassportFormat::Ita => {
            letter_from(rng, &mut s, b"YAB");
            letter_from(rng, &mut s, LETTERS);
            digits(rng, &mut s, 7);
        }
        PassportFormat::Nzl => {
            if rng.random_bool(0.8) {
                s.push_str(pick(rng, &["LA", "LD", "LF", "LH", "EA", "EP"]));
            } else {
                s.push('N');
            }
            digits(rng, &mut s, 6);
        }
        PassportFormat::Tls => {
            s.push(char::from(
                *b"ABCDEFGH".get(rng.random_range(0..8)).unwrap_or(&b'A'),
            ));
            digits(rng, &mut s, 7);
        }
    }
    s
}

/// A KITAS/KITAP number. No public format exists (domain.md §2.4), so it is an opaque code.
fn permit_number(rng: &mut GenRng, kind: PermitKind, issue: NaiveDate) -> String {
    let mut s = String::with_capacity(14);
    s.push_str(match kind {
        PermitKind::Itk => "1B",
        PermitKind::Itas => "2C",
        PermitKind::Itap => "2D",
    });
    let yy = issue.year().rem_euclid(100);
    s.push_str(if yy < 10 { "0" } else { "" });
    s.push_str(&yy.to_string());
    letter_from(rng, &mut s, LETTERS_NO_IO);
    letter_from(rng, &mut s, LETTERS_NO_IO);
    digits(rng, &mut s, 4);
    s.push('-');
    letter_from(rng, &mut s, LETTERS_NO_IO);
    s
}

/// Immigration index code for a group and issue date (old C3xx codes before 2024).
fn index_code(rng: &mut GenRng, group: Group, issue: NaiveDate) -> &'static str {
    let old = issue.year() < 2024;
    match (group, old) {
        (Group::Work, true) => pick(rng, &["C312", "C312", "C311"]),
        (Group::Work, false) => "E23",
        (Group::Investor, true) => "C313",
        (Group::Investor, false) => "E28A",
        (Group::Family, true) => "C317",
        (Group::Family, false) => "E31",
        (Group::Retirement, true) => "C319",
        (Group::Retirement, false) => "E33F",
        (Group::SecondHome, _) => "E33E",
        (Group::Visit, true) => "B211A",
        (Group::Visit, false) => pick(rng, &["C1", "D1", "VOA"]),
    }
}

fn random_address(rng: &mut GenRng, outside_p: f64) -> Address {
    if rng.random_bool(outside_p) {
        let kec = rng.random_range(0..OUTSIDE.len());
        return Address {
            lotim: false,
            kec,
            desa: OUTSIDE.get(kec).map_or("", |o| o.desa),
            dusun: "",
            rt: 0,
            rw: 0,
        };
    }
    let weights: Vec<(usize, u32)> = KECAMATAN
        .iter()
        .enumerate()
        .map(|(i, k)| (i, k.weight))
        .collect();
    let kec = pick_weighted(rng, &weights).unwrap_or(6);
    lotim_address(rng, kec)
}

fn lotim_address(rng: &mut GenRng, kec: usize) -> Address {
    let desa = KECAMATAN.get(kec).map_or("SELONG", |k| pick(rng, k.desa));
    Address {
        lotim: true,
        kec,
        desa,
        dusun: pick(rng, DUSUN),
        rt: rng.random_range(1..=12),
        rw: rng.random_range(1..=6),
    }
}

fn outside_index(location: &str) -> usize {
    OUTSIDE
        .iter()
        .position(|o| o.kecamatan == location)
        .unwrap_or(0)
}

/// Draws the whole population and plants conflicts. `as_of` is the reference date.
pub(crate) fn build(
    rng: &mut GenRng,
    persons: usize,
    as_of: NaiveDate,
    rates: &Rates,
) -> Vec<Person> {
    let nat_weights: Vec<(usize, u32)> = NATIONALITIES
        .iter()
        .enumerate()
        .map(|(i, n)| (i, n.weight))
        .collect();
    let mut seen: HashSet<String> = HashSet::with_capacity(persons * 2);
    let mut out = Vec::with_capacity(persons);
    for id in 1..=persons {
        let mut p = draw_person(rng, id, &nat_weights, as_of, &mut seen);
        p.mem = base_membership(rng, &p);
        plant(rng, &mut p, as_of, rates);
        out.push(p);
    }
    out
}

fn unique_passport(rng: &mut GenRng, fmt: PassportFormat, seen: &mut HashSet<String>) -> String {
    loop {
        let p = passport_number(rng, fmt);
        if seen.insert(p.clone()) {
            return p;
        }
    }
}

fn draw_person(
    rng: &mut GenRng,
    id: usize,
    nat_weights: &[(usize, u32)],
    as_of: NaiveDate,
    seen: &mut HashSet<String>,
) -> Person {
    let nat = pick_weighted(rng, nat_weights).unwrap_or(0);
    let n = nationality(nat);
    let female = rng.random_bool(if n.work_share > 500 { 0.15 } else { 0.45 });
    let name = NameParts::random(rng, n.culture, female);
    let group = if rng.random_range(0..1000) < n.work_share {
        Group::Work
    } else {
        pick_weighted(
            rng,
            &[
                (Group::Investor, 12),
                (Group::Family, 28),
                (Group::Retirement, 16),
                (Group::SecondHome, 8),
                (Group::Visit, 20),
            ],
        )
        .unwrap_or(Group::Visit)
    };
    let (min_age, max_age) = match group {
        Group::Work => (22, 60),
        Group::Retirement => (60, 75),
        Group::SecondHome => (35, 72),
        _ => (20, 75),
    };
    let age_days = rng.random_range(min_age * 365..max_age * 365 + 364);
    let dob = add_days(as_of, -i64::from(age_days));
    let kind = match group {
        Group::Visit => PermitKind::Itk,
        Group::Family if rng.random_bool(0.3) => PermitKind::Itap,
        Group::Retirement | Group::Investor if rng.random_bool(0.1) => PermitKind::Itap,
        _ => PermitKind::Itas,
    };
    let duration: i64 = match (kind, group) {
        (PermitKind::Itk, _) => 60,
        (PermitKind::Itap, _) => 1826,
        (_, Group::SecondHome) => 1826,
        (_, Group::Investor) => 730,
        (_, Group::Family) => {
            if rng.random_bool(0.5) {
                365
            } else {
                730
            }
        }
        _ => 365,
    };
    let permit_issue = add_days(as_of, -rng.random_range(0..duration - 1));
    let permit_expiry = add_days(permit_issue, duration);
    let index = index_code(rng, group, permit_issue);
    let permit_no = permit_number(rng, kind, permit_issue);
    let passport = unique_passport(rng, n.passport, seen);
    let old_passport = rng
        .random_bool(0.08)
        .then(|| unique_passport(rng, n.passport, seen));
    let passport_expiry = add_days(permit_expiry, rng.random_range(120..3000));

    let (company, job, sponsor, addr) = match group {
        Group::Work | Group::Investor => {
            let wanted: &[Sector] = if n.iso == "CHN" {
                &[Sector::Power, Sector::Power, Sector::Construction]
            } else {
                &[
                    Sector::Tourism,
                    Sector::Tourism,
                    Sector::Marine,
                    Sector::Construction,
                ]
            };
            let sector = wanted
                .get(rng.random_range(0..wanted.len()))
                .copied()
                .unwrap_or(Sector::Tourism);
            let candidates: Vec<usize> = COMPANIES
                .iter()
                .enumerate()
                .filter(|(_, c)| c.sector == sector)
                .map(|(i, _)| i)
                .collect();
            let ci = candidates
                .get(rng.random_range(0..candidates.len().max(1)))
                .copied()
                .unwrap_or(0);
            let c = COMPANIES.get(ci).unwrap_or(&COMPANIES[0]);
            let addr = if c.outside {
                let k = outside_index(c.location);
                Address {
                    lotim: false,
                    kec: k,
                    desa: OUTSIDE.get(k).map_or("", |o| o.desa),
                    dusun: "",
                    rt: 0,
                    rw: 0,
                }
            } else if rng.random_bool(0.8) {
                lotim_address(rng, kecamatan_index(c.location))
            } else {
                random_address(rng, 0.0)
            };
            let job = if group == Group::Investor {
                pick(rng, &["DIREKTUR", "KOMISARIS", "DIREKTUR UTAMA"])
            } else {
                pick(rng, super::places::jobs(sector))
            };
            (Some(ci), job, Sponsor::Company(ci), addr)
        }
        _ => {
            let sponsor = if group == Group::Family || rng.random_bool(0.5) {
                Sponsor::Spouse(pick(rng, if female { ID_MALE } else { ID_FEMALE }))
            } else {
                Sponsor::Yayasan(pick(rng, YAYASAN))
            };
            let job = match group {
                Group::Family if female => {
                    pick(rng, &["IBU RUMAH TANGGA", "MENGURUS RUMAH TANGGA"])
                }
                Group::Family => pick(rng, &["TIDAK BEKERJA", "MENGURUS RUMAH TANGGA"]),
                Group::Retirement | Group::SecondHome => {
                    pick(rng, &["PENSIUNAN", "PENSIUNAN", "TIDAK BEKERJA"])
                }
                _ => "WISATAWAN",
            };
            (None, job, sponsor, random_address(rng, 0.12))
        }
    };
    let status = pick_weighted(
        rng,
        &[
            (Status::Aktif, 930),
            (Status::AlihStatus, 30),
            (Status::Epo, 20),
            (Status::Deportasi, 20),
        ],
    )
    .unwrap_or(Status::Aktif);
    let nik_kec = if addr.lotim && rng.random_bool(0.9) {
        KECAMATAN.get(addr.kec).map_or(7, |k| k.code)
    } else {
        KECAMATAN
            .get(rng.random_range(0..KECAMATAN.len()))
            .map_or(7, |k| k.code)
    };
    let stm_from = permit_issue.max(add_days(as_of, -365));
    let span = (as_of - stm_from).num_days().max(2);
    let stm_date = add_days(stm_from, rng.random_range(0..span - 1));
    Person {
        id,
        nat,
        name,
        female,
        dob,
        birthplace: pick(rng, n.cities),
        passport,
        old_passport,
        passport_expiry,
        group,
        kind,
        index,
        permit_no,
        permit_issue,
        permit_expiry,
        status,
        company,
        job,
        sponsor,
        addr,
        nik_kec,
        stm_date,
        mem: Membership::default(),
        planted: None,
    }
}

/// The conflict-free memberships (rules R1–R4 in [`super`]).
fn base_membership(rng: &mut GenRng, p: &Person) -> Membership {
    let present = p.status.present();
    let resident = present && p.kind != PermitKind::Itk && p.addr.lotim;
    let man = present && p.group == Group::Work && p.addr.lotim;
    let man_months = if man {
        1 | if rng.random_bool(0.75) { 2 } else { 0 } | if rng.random_bool(0.6) { 4 } else { 0 }
    } else {
        0
    };
    Membership {
        imm: true,
        man,
        pol: resident && rng.random_bool(0.85),
        duk: resident,
        man_months,
    }
}

fn target_among(rng: &mut GenRng, options: &[(Agency, bool)]) -> Option<Agency> {
    let avail: Vec<Agency> = options
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(a, _)| *a)
        .collect();
    avail.get(rng.random_range(0..avail.len().max(1))).copied()
}

/// Plants at most one conflict: the types are tried in a per-person rotated order, each with its
/// conditional rate among eligible persons.
fn plant(rng: &mut GenRng, p: &mut Person, as_of: NaiveDate, rates: &Rates) {
    let start = rng.random_range(0..ConflictType::ALL.len());
    for k in 0..ConflictType::ALL.len() {
        let Some(&ty) = ConflictType::ALL.get((start + k) % ConflictType::ALL.len()) else {
            continue;
        };
        if let Some(planted) = try_plant(rng, p, ty, as_of, rates) {
            p.planted = Some(planted);
            return;
        }
    }
}

fn try_plant(
    rng: &mut GenRng,
    p: &mut Person,
    ty: ConflictType,
    as_of: NaiveDate,
    rates: &Rates,
) -> Option<Planted> {
    use ConflictType as C;
    let m = p.mem;
    let present = p.status.present();
    let other = m.pol || m.duk || m.man;
    let (eligible, rate) = match ty {
        C::MissingImmigration => (present && p.group != Group::Work && (m.pol || m.duk), 0.1),
        C::MissingManpower => (m.man, 0.09),
        C::MissingCivilRegistry => (m.duk, 0.05),
        C::PermitExpired => (present && p.kind != PermitKind::Itk && other, 0.05),
        C::WorkOnNonWorkPermit => (present && p.group.non_work() && p.addr.lotim, 0.07),
        C::DeportedButPresent => (
            p.status == Status::Deportasi && p.addr.lotim && p.kind != PermitKind::Itk,
            0.5,
        ),
        C::DobMismatch => (m.pol || m.duk, 0.05),
        C::DobDayMonthSwapped => (
            (m.pol || m.duk) && swap_day_month(p.dob).is_some(),
            if rates.is_high() { 0.12 } else { 0.05 },
        ),
        C::NationalityMismatch => (other, 0.025),
        C::SexMismatch => (m.pol || m.duk, 0.025),
        C::NameMismatch => (other, 0.025),
        C::PassportMismatch => (p.old_passport.is_some() && other, 0.6),
        C::AddressMismatch => (m.duk, 0.05),
        C::EmployerMismatch => (m.man, 0.09),
        C::PermitMismatch => (m.pol || m.duk, 0.05),
        C::NikInconsistent => (m.duk, 0.03),
        C::DuplicateInSource => (true, 0.02),
    };
    if !eligible || !rng.random_bool(rate) {
        return None;
    }
    let pol_or_duk = [(Agency::Pol, m.pol), (Agency::Duk, m.duk)];
    let any_other = [
        (Agency::Pol, m.pol),
        (Agency::Duk, m.duk),
        (Agency::Man, m.man),
    ];
    let (target, alt) = match ty {
        C::MissingImmigration => {
            p.mem.imm = false;
            (Agency::Imm, Alt::None)
        }
        C::MissingManpower => {
            p.mem.man = false;
            p.mem.man_months = 0;
            (Agency::Man, Alt::None)
        }
        C::MissingCivilRegistry => {
            p.mem.duk = false;
            (Agency::Duk, Alt::None)
        }
        C::PermitExpired => {
            let expired = add_days(as_of, -rng.random_range(5..200));
            p.permit_expiry = expired;
            p.permit_issue = add_days(expired, -365);
            if m.pol {
                // The STM is later than the expiry: the person was still around.
                let span = (as_of - expired).num_days().max(2);
                p.stm_date = add_days(expired, rng.random_range(1..span));
            }
            (Agency::Imm, Alt::ExpiredOn(expired))
        }
        C::WorkOnNonWorkPermit => {
            let lotim: Vec<usize> = COMPANIES
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.outside)
                .map(|(i, _)| i)
                .collect();
            let ci = lotim
                .get(rng.random_range(0..lotim.len().max(1)))
                .copied()
                .unwrap_or(0);
            p.mem.man = true;
            p.mem.man_months = 1 | if rng.random_bool(0.5) { 2 } else { 0 };
            (Agency::Man, Alt::Company(ci))
        }
        C::DeportedButPresent => {
            p.mem.pol = true;
            p.stm_date = add_days(as_of, -rng.random_range(1..30));
            (Agency::Pol, Alt::None)
        }
        C::DobMismatch => {
            let t = target_among(rng, &pol_or_duk)?;
            let shift = if rng.random_bool(0.5) {
                i64::from(rng.random_range(1..6i32))
                    * 365
                    * if rng.random_bool(0.5) { 1 } else { -1 }
            } else {
                rng.random_range(20..300)
            };
            let d = add_days(p.dob, shift);
            if swap_day_month(p.dob) == Some(d) || d == p.dob {
                return None;
            }
            (t, Alt::Dob(d))
        }
        C::DobDayMonthSwapped => {
            let t = target_among(rng, &pol_or_duk)?;
            (t, Alt::Dob(swap_day_month(p.dob)?))
        }
        C::NationalityMismatch => {
            let t = target_among(rng, &any_other)?;
            let mut other_nat = rng.random_range(0..NATIONALITIES.len());
            if other_nat == p.nat {
                other_nat = (other_nat + 1) % NATIONALITIES.len();
            }
            (t, Alt::Nationality(other_nat))
        }
        C::SexMismatch => (target_among(rng, &pol_or_duk)?, Alt::Sex),
        C::NameMismatch => {
            let t = target_among(rng, &any_other)?;
            let mut other = NameParts::random(rng, p.name.culture, p.female);
            for _ in 0..8 {
                if other.family != p.name.family && other.first != p.name.first {
                    break;
                }
                other = NameParts::random(rng, p.name.culture, p.female);
            }
            if other.family == p.name.family || other.first == p.name.first {
                return None;
            }
            (t, Alt::Name(other))
        }
        C::PassportMismatch => (target_among(rng, &any_other)?, Alt::OldPassport),
        C::AddressMismatch => {
            let mut k = rng.random_range(0..KECAMATAN.len());
            if p.addr.lotim && k == p.addr.kec {
                k = (k + 1) % KECAMATAN.len();
            }
            let desa = KECAMATAN.get(k).map_or("", |x| pick(rng, x.desa));
            (Agency::Duk, Alt::Kecamatan(k, desa))
        }
        C::EmployerMismatch => {
            let own = p.company.unwrap_or(0);
            let mut ci = rng.random_range(0..COMPANIES.len());
            if ci == own {
                ci = (ci + 1) % COMPANIES.len();
            }
            (Agency::Man, Alt::Company(ci))
        }
        C::PermitMismatch => {
            let t = target_among(rng, &pol_or_duk)?;
            if t == Agency::Duk && rng.random_bool(0.4) && p.kind != PermitKind::Itk {
                let k = if p.kind == PermitKind::Itas {
                    PermitKind::Itap
                } else {
                    PermitKind::Itas
                };
                (t, Alt::PermitKind(k))
            } else {
                (
                    t,
                    Alt::PermitNo(permit_number(rng, p.kind, add_days(p.permit_issue, -400))),
                )
            }
        }
        C::NikInconsistent => {
            if rng.random_bool(0.5) {
                (Agency::Duk, Alt::NikSex)
            } else {
                let d = add_days(p.dob, rng.random_range(40..2000));
                (Agency::Duk, Alt::NikDob(d))
            }
        }
        C::DuplicateInSource => {
            let t = target_among(
                rng,
                &[
                    (Agency::Imm, m.imm),
                    (Agency::Pol, m.pol),
                    (Agency::Duk, m.duk),
                    (Agency::Man, m.man),
                ],
            )?;
            let bit = if t == Agency::Man {
                let bits: Vec<u8> = [1u8, 2, 4]
                    .into_iter()
                    .filter(|b| m.man_months & b != 0)
                    .collect();
                bits.get(rng.random_range(0..bits.len().max(1)))
                    .copied()
                    .unwrap_or(1)
            } else {
                0
            };
            (t, Alt::Duplicate(bit))
        }
    };
    Some(Planted { ty, target, alt })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::NoiseLevel;
    use rand::SeedableRng;

    fn matches_format(fmt: PassportFormat, s: &str) -> bool {
        let b = s.as_bytes();
        let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let l = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
        let all_d = |r: std::ops::Range<usize>| r.into_iter().all(d);
        match fmt {
            PassportFormat::Aus => {
                (b.len() == 8 && l(0) && all_d(1..8))
                    || (b.len() == 9 && l(0) && l(1) && all_d(2..9))
            }
            PassportFormat::Chn => {
                b.len() == 9
                    && (b.first() == Some(&b'E') || b.first() == Some(&b'G'))
                    && all_d(2..9)
            }
            PassportFormat::Mys => b.len() == 9 && l(0) && all_d(1..9),
            PassportFormat::Nld => b.len() == 9 && l(0) && l(1) && d(8) && !s.contains('O'),
            PassportFormat::Deu => b.len() == 9 && s.bytes().all(|c| DEU_CHARS.contains(&c)),
            PassportFormat::NineDigits => b.len() == 9 && all_d(0..9),
            PassportFormat::Usa => b.len() == 9 && all_d(1..9),
            PassportFormat::Fra => b.len() == 9 && all_d(0..2) && l(2) && l(3) && all_d(4..9),
            PassportFormat::Kor => b.len() == 9 && l(0) && all_d(1..4) && all_d(5..9),
            PassportFormat::Jpn => b.len() == 9 && l(0) && l(1) && all_d(2..9),
            PassportFormat::LetterSeven | PassportFormat::Tls => {
                b.len() == 8 && l(0) && all_d(1..8)
            }
            PassportFormat::Ita => b.len() == 9 && all_d(2..9),
            PassportFormat::Nzl => {
                (b.len() == 8 && l(0) && l(1) && all_d(2..8))
                    || (b.len() == 7 && l(0) && all_d(1..7))
            }
        }
    }

    #[test]
    fn passports_follow_country_formats() {
        let mut rng = GenRng::seed_from_u64(11);
        for n in &NATIONALITIES {
            for _ in 0..300 {
                let p = passport_number(&mut rng, n.passport);
                assert!(matches_format(n.passport, &p), "{} {p}", n.iso);
            }
        }
    }

    #[test]
    fn population_invariants() {
        let mut rng = GenRng::seed_from_u64(5);
        let as_of = NaiveDate::from_ymd_opt(2025, 5, 21).unwrap_or_default();
        let people = build(&mut rng, 3000, as_of, &Rates::new(NoiseLevel::Default));
        let mut passports = HashSet::new();
        let mut planted = 0;
        for p in &people {
            assert!(
                passports.insert(p.passport.clone()),
                "duplicate passport {}",
                p.passport
            );
            let age = as_of.year() - p.dob.year();
            assert!((19..=76).contains(&age), "age {age}");
            let expired = p
                .planted
                .as_ref()
                .is_some_and(|c| c.ty == ConflictType::PermitExpired);
            assert_eq!(p.permit_expiry < as_of, expired, "{}", p.id);
            if p.planted.is_some() {
                planted += 1;
            }
            // Rule R3: resident ITAS/ITAP holders are in the civil registry unless planted missing.
            let resident = p.status.present() && p.kind != PermitKind::Itk && p.addr.lotim;
            let missing = p
                .planted
                .as_ref()
                .is_some_and(|c| c.ty == ConflictType::MissingCivilRegistry);
            if resident && p.mem.imm && !missing {
                assert!(p.mem.duk, "{} should be in dukcapil", p.id);
            }
            if !p.mem.imm {
                assert!(p
                    .planted
                    .as_ref()
                    .is_some_and(|c| c.ty == ConflictType::MissingImmigration));
                assert!(p.mem.pol || p.mem.duk);
            }
            if p.mem.man && p.group.non_work() {
                assert!(p
                    .planted
                    .as_ref()
                    .is_some_and(|c| c.ty == ConflictType::WorkOnNonWorkPermit));
            }
            if p.mem.man {
                assert!(p.mem.man_months & 1 == 1);
            }
        }
        // Roughly a quarter to a half of persons carry one planted conflict.
        assert!((300..1800).contains(&planted), "{planted}");
        for ty in ConflictType::ALL {
            let n = people
                .iter()
                .filter(|p| p.planted.as_ref().is_some_and(|c| c.ty == ty))
                .count();
            assert!(n > 0, "no {} planted", ty.code());
        }
    }

    #[test]
    fn index_codes_follow_the_2024_switch() {
        let mut rng = GenRng::seed_from_u64(1);
        let old = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap_or_default();
        let new = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
        let cases = [
            (Group::Investor, old, "C313"),
            (Group::Investor, new, "E28A"),
            (Group::Family, old, "C317"),
            (Group::Family, new, "E31"),
            (Group::Retirement, old, "C319"),
            (Group::Retirement, new, "E33F"),
            (Group::SecondHome, new, "E33E"),
            (Group::Work, new, "E23"),
            (Group::Visit, old, "B211A"),
        ];
        for (g, d, code) in cases {
            assert_eq!(index_code(&mut rng, g, d), code);
        }
    }
}
