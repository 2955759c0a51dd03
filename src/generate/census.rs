//! Census profiles: FEBRL-like registers for linkage and de-duplication benchmarks.
//!
//! [`CensusPerson`] is one true person (Australian-style name, address, DOB, social-security id).
//! `Census` writes `register_a.csv` (clean) and `register_b.csv` (the same people, reordered,
//! with typos, given/surname swaps, swapped address fields and missing values) plus
//! `census.toml`; `CensusDedupe` writes one `register.csv` in which every person appears 1–5
//! times, plus `census_dedupe.toml`. Both write `truth_records.csv` (`source` = the config's
//! source name, `sheet` empty, `row` = CSV record number with the header as 1).

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;

use super::noise::{add_days, pick, swap_day_month, typo, GenRng, Rates};
use super::truth::TruthWriter;
use super::{stream, GenerateOptions, GenerateSummary};

const GIVEN: &[&str] = &[
    "jack",
    "oliver",
    "william",
    "noah",
    "thomas",
    "james",
    "lachlan",
    "ethan",
    "joshua",
    "liam",
    "lucas",
    "charlotte",
    "olivia",
    "ava",
    "chloe",
    "emily",
    "mia",
    "grace",
    "sophie",
    "isabella",
    "ruby",
    "zoe",
    "matthew",
    "benjamin",
    "samuel",
    "harrison",
    "riley",
    "jessica",
    "hannah",
    "georgia",
    "madison",
    "nguyen",
    "minh",
    "mei",
    "giuseppe",
    "maria",
    "dimitri",
    "eleni",
    "priya",
    "mohammed",
];
const SURNAMES: &[&str] = &[
    "smith",
    "jones",
    "williams",
    "brown",
    "wilson",
    "taylor",
    "johnson",
    "white",
    "martin",
    "anderson",
    "thompson",
    "nguyen",
    "thomas",
    "walker",
    "harris",
    "lee",
    "ryan",
    "robinson",
    "kelly",
    "king",
    "campbell",
    "clarke",
    "mitchell",
    "papadopoulos",
    "rossi",
    "tran",
    "chen",
    "obrien",
    "mcdonald",
    "murphy",
    "young",
    "wright",
    "hall",
    "scott",
    "green",
    "baker",
    "adams",
    "nelson",
    "hill",
    "morris",
];
const STREETS: &[&str] = &[
    "wattle street",
    "banksia road",
    "kingsford smith drive",
    "station street",
    "church street",
    "victoria road",
    "george street",
    "high street",
    "park avenue",
    "bellevue crescent",
    "macquarie place",
    "eucalyptus close",
    "bligh street",
    "murray terrace",
    "flinders lane",
    "hawkesbury road",
];
const ADDRESS_2: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "",
    "rosedale",
    "villa 3",
    "unit 12",
    "kooringa",
    "the pines",
    "flat 4",
    "brentwood park",
];
/// (suburb, state, first postcode).
const SUBURBS: &[(&str, &str, u16)] = &[
    ("parramatta", "nsw", 2150),
    ("bondi", "nsw", 2026),
    ("newcastle", "nsw", 2300),
    ("wollongong", "nsw", 2500),
    ("fitzroy", "vic", 3065),
    ("geelong", "vic", 3220),
    ("ballarat", "vic", 3350),
    ("toowong", "qld", 4066),
    ("cairns", "qld", 4870),
    ("southport", "qld", 4215),
    ("glenelg", "sa", 5045),
    ("fremantle", "wa", 6160),
    ("joondalup", "wa", 6027),
    ("sandy bay", "tas", 7005),
    ("belconnen", "act", 2617),
    ("darwin", "nt", 800),
];

/// One true person of the census profiles.
struct CensusPerson {
    given: &'static str,
    surname: &'static str,
    street_number: u16,
    address_1: &'static str,
    address_2: &'static str,
    suburb: &'static str,
    state: &'static str,
    postcode: u16,
    dob: NaiveDate,
    ssid: u32,
}

fn draw(rng: &mut GenRng, as_of: NaiveDate) -> CensusPerson {
    let (suburb, state, pc) = SUBURBS
        .get(rng.random_range(0..SUBURBS.len()))
        .copied()
        .unwrap_or(("bondi", "nsw", 2026));
    CensusPerson {
        given: pick(rng, GIVEN),
        surname: pick(rng, SURNAMES),
        street_number: rng.random_range(1..400),
        address_1: pick(rng, STREETS),
        address_2: pick(rng, ADDRESS_2),
        suburb,
        state,
        postcode: pc + rng.random_range(0..4),
        dob: add_days(as_of, -rng.random_range(18 * 365..90 * 365)),
        ssid: rng.random_range(1_000_000..10_000_000),
    }
}

const HEADER: [&str; 11] = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
];

/// Fills one register row; `noisy` applies register_b / duplicate damage.
fn fill(rng: &mut GenRng, rates: &Rates, p: &CensusPerson, noisy: bool, b: &mut [String; 11]) {
    for s in b.iter_mut().skip(1) {
        s.clear();
    }
    b[1].push_str(p.given);
    b[2].push_str(p.surname);
    let _ = write!(b[3], "{}", p.street_number);
    b[4].push_str(p.address_1);
    b[5].push_str(p.address_2);
    b[6].push_str(p.suburb);
    let _ = write!(b[7], "{:04}", p.postcode);
    b[8].push_str(p.state);
    let _ = write!(
        b[9],
        "{:04}{:02}{:02}",
        p.dob.year(),
        p.dob.month(),
        p.dob.day()
    );
    let _ = write!(b[10], "{}", p.ssid);
    if !noisy {
        return;
    }
    if rates.hit(rng, 0.04) {
        b.swap(1, 2);
    }
    if rates.hit(rng, 0.02) {
        b.swap(4, 5);
    }
    if rates.hit(rng, 0.03) {
        if let Some(d) = swap_day_month(p.dob) {
            b[9].clear();
            let _ = write!(b[9], "{:04}{:02}{:02}", d.year(), d.month(), d.day());
        }
    }
    for i in [1usize, 2, 4, 6] {
        if rates.hit(rng, 0.08) {
            if let Some(s) = b.get_mut(i) {
                typo(rng, s);
            }
        }
    }
    for i in [3usize, 7, 9, 10] {
        if rates.hit(rng, 0.02) {
            if let Some(s) = b.get_mut(i) {
                digit_typo(rng, s);
            }
        }
    }
    for i in 1..11usize {
        if rates.hit(rng, 0.025) {
            if let Some(s) = b.get_mut(i) {
                s.clear();
            }
        }
    }
}

/// Replaces one digit with another.
fn digit_typo(rng: &mut GenRng, s: &mut String) {
    let digits: Vec<usize> = s
        .bytes()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let Some(&pos) = digits.get(rng.random_range(0..digits.len().max(1))) else {
        return;
    };
    let old = s.as_bytes().get(pos).copied().unwrap_or(b'0');
    let new = b'0' + (old - b'0' + rng.random_range(1..10u8)) % 10;
    let mut buf = [0u8; 4];
    s.replace_range(pos..pos + 1, char::from(new).encode_utf8(&mut buf));
}

#[allow(clippy::too_many_arguments)]
fn write_register(
    path: &Path,
    source: &str,
    prefix: &str,
    rows: &[(usize, bool)],
    people: &[CensusPerson],
    rng: &mut GenRng,
    rates: &Rates,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut wtr = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
    wtr.write_record(HEADER)
        .with_context(|| format!("writing {}", path.display()))?;
    let mut b: [String; 11] = Default::default();
    for (i, &(pi, noisy)) in rows.iter().enumerate() {
        let Some(p) = people.get(pi) else { continue };
        b[0].clear();
        let _ = write!(b[0], "{prefix}-{:07}", i + 1);
        fill(rng, rates, p, noisy, &mut b);
        wtr.write_record(&b)
            .with_context(|| format!("writing {}", path.display()))?;
        truth.record(source, "", i + 2, pi + 1)?;
    }
    wtr.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(rows.len())
}

fn toml_source(out: &mut String, name: &str) {
    let _ = write!(
        out,
        "[[source]]\nname = \"{name}\"\npath = \"{name}.csv\"\nid_column = \"rec_id\"\n[source.columns]\n\
         given_name = \"given_name\"\nfamily_name = \"surname\"\n\
         address = [\"street_number\", \"address_1\", \"address_2\"]\nlocality = \"suburb\"\n\
         postcode = \"postcode\"\nprovince = \"state\"\ndob = \"date_of_birth\"\nid_number = \"soc_sec_id\"\n\n"
    );
}

pub(crate) fn write(opts: &GenerateOptions, dedupe: bool) -> anyhow::Result<GenerateSummary> {
    let rates = Rates::new(opts.noise);
    let mut rng = stream(opts.seed, 100);
    let people: Vec<CensusPerson> = (0..opts.persons)
        .map(|_| draw(&mut rng, opts.as_of))
        .collect();
    let dir = &opts.out_dir;
    std::fs::create_dir_all(dir.join(super::TRUTH_DIR))?;
    let mut truth = TruthWriter::create(&dir.join(super::TRUTH_DIR).join("truth_records.csv"))?;
    let mut files = Vec::new();
    let mut config = String::new();
    if dedupe {
        let mut rows: Vec<(usize, bool)> = Vec::with_capacity(opts.persons * 2);
        for i in 0..opts.persons {
            let k = match rng.random_range(0..100u8) {
                0..=49 => 1,
                50..=74 => 2,
                75..=86 => 3,
                87..=94 => 4,
                _ => 5,
            };
            rows.push((i, false));
            rows.extend(std::iter::repeat_n((i, true), k - 1));
        }
        rows.shuffle(&mut rng);
        let path = dir.join("register.csv");
        let n = write_register(
            &path, "register", "r", &rows, &people, &mut rng, &rates, &mut truth,
        )?;
        files.push((path, n));
        toml_source(&mut config, "register");
        write_text(&dir.join("census_dedupe.toml"), &config)?;
    } else {
        for (name, prefix, noisy, part) in [
            ("register_a", "a", false, 101u64),
            ("register_b", "b", true, 102),
        ] {
            let mut order: Vec<(usize, bool)> = (0..opts.persons).map(|i| (i, noisy)).collect();
            let mut r = stream(opts.seed, part);
            order.shuffle(&mut r);
            let path = dir.join(format!("{name}.csv"));
            let n = write_register(
                &path, name, prefix, &order, &people, &mut r, &rates, &mut truth,
            )?;
            files.push((path, n));
            toml_source(&mut config, name);
        }
        write_text(&dir.join("census.toml"), &config)?;
    }
    let truth_records = truth.finish()?;
    Ok(GenerateSummary {
        files,
        truth_records,
        truth_conflicts: 0,
    })
}

fn write_text(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::NoiseLevel;
    use rand::SeedableRng;

    #[test]
    fn postcodes_match_states() {
        for (suburb, state, pc) in SUBURBS {
            let first = match *state {
                "nsw" | "act" => [1u16, 2],
                "vic" => [3, 3],
                "qld" => [4, 4],
                "sa" => [5, 5],
                "wa" => [6, 6],
                "tas" => [7, 7],
                _ => [0, 0],
            };
            assert!(first.contains(&(pc / 1000)), "{suburb}");
        }
    }

    #[test]
    fn clean_rows_are_exact_and_noisy_rows_close() {
        let mut rng = GenRng::seed_from_u64(9);
        let rates = Rates::new(NoiseLevel::Default);
        let as_of = NaiveDate::from_ymd_opt(2025, 5, 21).unwrap_or_default();
        let mut clean: [String; 11] = Default::default();
        let mut noisy: [String; 11] = Default::default();
        let mut differing = 0;
        for _ in 0..500 {
            let p = draw(&mut rng, as_of);
            fill(&mut rng, &rates, &p, false, &mut clean);
            assert_eq!(clean[1], p.given);
            assert_eq!(clean[7].len(), 4);
            assert_eq!(clean[9].len(), 8);
            assert_eq!(clean[10].len(), 7);
            fill(&mut rng, &rates, &p, true, &mut noisy);
            if clean != noisy {
                differing += 1;
            }
        }
        assert!((50..450).contains(&differing), "{differing}");
    }

    #[test]
    fn digit_typo_changes_exactly_one_digit() {
        let mut rng = GenRng::seed_from_u64(2);
        for input in ["1234567", "0800", "19800101", "x"] {
            let mut s = input.to_string();
            digit_typo(&mut rng, &mut s);
            let expected = usize::from(input.bytes().any(|b| b.is_ascii_digit()));
            assert_eq!(
                strsim::hamming(input, &s).unwrap_or(99),
                expected,
                "{input}"
            );
        }
    }
}
