//! Normalisation throughput on one core: `cargo bench --bench normalize [-- RECORDS] [stage-only]`.
//!
//! Builds RECORDS (default 200,000) varied synthetic [`Record`]s in memory with a seeded
//! generator (names of several cultures with titles and particles, passports of several
//! countries with typing noise, dates in the agencies' formats, nationality spellings, free-text
//! and column addresses, companies), then times:
//!
//! * the whole stage, [`normalize_record`], over every record (records/s);
//! * each hot normaliser alone over the raw values it sees (names/s, dates/s, passports/s,
//!   addresses/s, plus nationalities/s and companies/s).
//!
//! A last line runs the stage on all cores (rayon) for reference.
//!
//! Each measurement is the best of a few passes (after a warm-up pass), so a neighbour's compile
//! job on a shared machine disturbs it less. Results go to `docs/benchmarks.md` by hand.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reconcile::normalize::address::{parse_address, Gazetteer};
use reconcile::normalize::company::normalize_company;
use reconcile::normalize::date::parse_date;
use reconcile::normalize::name::normalize_name;
use reconcile::normalize::nationality::parse_nationality;
use reconcile::normalize::passport::normalize_passports;
use reconcile::normalize::stage::{normalize_record, NormalizeContext};
use reconcile::record::{Agency, Field, Provenance, Record, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

const DEFAULT_RECORDS: usize = 200_000;
const PASSES: usize = 3;
const PIVOT_YEAR: i32 = 2025;

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    let i = rng.random_range(0..items.len().max(1));
    items.get(i).copied().unwrap_or("")
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

const CN_FAMILY: &[&str] = &[
    "WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO",
];
const CN_GIVEN: &[&str] = &[
    "XIAO", "MING", "JIAN", "GUO", "WEI", "HUA", "LI", "JUN", "FANG",
];
const WEST_GIVEN: &[&str] = &[
    "John",
    "Paul",
    "Sarah",
    "Jane",
    "Michael",
    "Anna",
    "Maria",
    "Thomas",
    "Hendrikus",
    "Jürgen",
    "José",
    "Søren",
];
const WEST_FAMILY: &[&str] = &[
    "Smith",
    "O'Connell",
    "Müller",
    "van Dijk",
    "van der Berg",
    "de Vries",
    "Álvarez",
    "Schröder",
    "MacDonald",
];
const RU_GIVEN: &[&str] = &[
    "Sergey",
    "Sergei",
    "Aleksandr",
    "Tatyana",
    "Yuriy",
    "Dmitri",
];
const RU_FAMILY: &[&str] = &["Ivanov", "Petrova", "Smirnov", "Kuznetsov", "Popova"];
const AR_GIVEN: &[&str] = &[
    "Muhammad",
    "Mohammed",
    "Mohd",
    "Abdul Rahman",
    "Ahmad",
    "Siti",
];
const AR_FAMILY: &[&str] = &[
    "bin Ismail",
    "binti Ali",
    "Al Farsi",
    "Hassan",
    "bin Abdullah",
];
const KR: &[&str] = &["KIM MIN JUN", "Min-Jun Kim", "PARK JI HOON", "LEE SEO YEON"];
const ID_NAMES: &[&str] = &[
    "Drs. H. M. Sukiman Azmy, M.M.",
    "TGH. Lalu Djafar",
    "Baiq Nurhayati, S.Pd.",
    "SOEPARMAN",
    "Ir. Tjahjono, M.Si.",
    "Hj. Sri Wahyuni",
];

fn name(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..7) {
        0 => {
            let f = pick(rng, CN_FAMILY);
            let a = pick(rng, CN_GIVEN);
            let b = pick(rng, CN_GIVEN);
            match rng.random_range(0..3) {
                0 => format!("{f} {a} {b}"),
                1 => format!("{a}{} {f}", b.to_lowercase()),
                _ => format!("Dr. {f} {a} {b}"),
            }
        }
        1 | 2 => {
            let g = pick(rng, WEST_GIVEN);
            let g2 = pick(rng, WEST_GIVEN);
            let f = pick(rng, WEST_FAMILY);
            match rng.random_range(0..3) {
                0 => format!("{g} {g2} {f}"),
                1 => format!("{}, {g}", f.to_uppercase()),
                _ => format!("Mr. {g} {f}"),
            }
        }
        3 => format!("{} {}", pick(rng, RU_GIVEN), pick(rng, RU_FAMILY)),
        4 => format!("{} {}", pick(rng, AR_GIVEN), pick(rng, AR_FAMILY)),
        5 => pick(rng, KR).to_string(),
        _ => pick(rng, ID_NAMES).to_string(),
    }
}

/// (nationality as written, passport as written).
fn nationality_and_passport(rng: &mut ChaCha8Rng) -> (String, String) {
    let (nat, mut passport) = match rng.random_range(0..9) {
        0 | 1 => (
            pick(
                rng,
                &["TIONGKOK", "RRT", "CHINA", "CHINESE", "Warga Negara R.R.C."],
            ),
            match rng.random_range(0..3) {
                0 => format!("E{}", digits(rng, 8)),
                1 => format!("E {} {}", digits(rng, 4), digits(rng, 4)),
                _ => format!("EA{}", digits(rng, 7)),
            },
        ),
        2 => (
            pick(rng, &["AUSTRALIA", "Australian", "AUS"]),
            format!("PA{}", digits(rng, 7)),
        ),
        3 => (
            pick(rng, &["BELANDA", "NETHERLANDS", "Dutch"]),
            format!("NW8K2P{}", digits(rng, 3)),
        ),
        4 => (
            pick(rng, &["JERMAN", "GERMAN", "D"]),
            format!("C01X{}T4", digits(rng, 3)),
        ),
        5 => (
            pick(rng, &["INGGRIS", "BRITANIA RAYA", "UK"]),
            digits(rng, 9),
        ),
        6 => (
            pick(rng, &["KOREA SELATAN", "KORSEL", "KOREA"]),
            format!("M{}", digits(rng, 8)),
        ),
        7 => (
            pick(rng, &["RUSIA", "FEDERASI RUSIA", "RUSSIAN"]),
            format!("75 {}", digits(rng, 7)),
        ),
        _ => (
            pick(rng, &["AMERIKA SERIKAT", "USA", "ATLANTIS", "-"]),
            format!("A{}", digits(rng, 8)),
        ),
    };
    // Typing noise: a letter O for a zero, a (LAMA) mark, a prefix.
    match rng.random_range(0..10) {
        0 => passport = passport.replacen('0', "O", 1),
        1 => passport.push_str(" (LAMA)"),
        2 => passport = format!("No. {passport}"),
        _ => {}
    }
    (nat.to_string(), passport)
}

const MONTHS_ID: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Mei", "Juni", "Juli", "Agt", "Sept", "Okt", "Nop", "Des",
];

/// A birth date as text in one of the agencies' formats, or a real date cell.
fn dob(rng: &mut ChaCha8Rng) -> Value {
    let y = rng.random_range(1950..2005);
    let m = rng.random_range(1..=12u32);
    let d = rng.random_range(1..=28u32);
    let month = MONTHS_ID
        .get(usize::try_from(m - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    let text = match rng.random_range(0..8) {
        0 => format!("{d:02}-{m:02}-{y}"),
        1 => format!("{d:02}/{m:02}/{}", y % 100),
        2 => format!("{d} {month} {y}"),
        3 => format!("{d}-{month}-{:02}", y % 100),
        4 => format!("{y}-{m:02}-{d:02}"),
        5 => format!("{d:02}.{m:02}.{y}"),
        6 => match chrono::NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => return Value::Date(date),
            None => format!("{d:02}-{m:02}-{y}"),
        },
        _ => format!("{month} {y}"),
    };
    Value::Text(text)
}

const KECAMATAN: &[&str] = &[
    "Selong",
    "Sembalun",
    "Jerowaru",
    "Labuhan Haji",
    "LAB. HAJI",
    "Montong Gading",
    "MONTONGGADING",
    "Aikmel",
    "Sakra Barat",
    "Keruak",
];
const DESA: &[&str] = &[
    "Ekas Buana",
    "Sajang",
    "Pancor",
    "Sembalun Lawang",
    "Tetebatu",
    "Padak Guar",
];

fn address(rng: &mut ChaCha8Rng) -> String {
    let kec = pick(rng, KECAMATAN);
    let desa = pick(rng, DESA);
    match rng.random_range(0..5) {
        0 => format!(
            "Dsn. {}, Ds. {desa}, Kec. {kec}, Lotim",
            pick(rng, &["Sungkun", "Lendang Belo", "Otak Desa"])
        ),
        1 => format!(
            "JL. TGH M. MUTAWALLI NO.{} RT.00{}/RW.00{} KEL. {desa} KEC. {kec} KAB. LOMBOK TIMUR",
            rng.random_range(1..200),
            rng.random_range(1..10),
            rng.random_range(1..10)
        ),
        2 => format!("Mess PLTU, Ds. {desa}"),
        3 => pick(
            rng,
            &["Gili Trawangan", "Kuta Mandalika", "Senggigi, Lombok Barat"],
        )
        .to_string(),
        _ => format!(
            "Jln. Raya {kec} No. {}, {kec}, Lombok Timur 836{}",
            rng.random_range(1..99),
            rng.random_range(11..75)
        ),
    }
}

const COMPANIES: &[&str] = &[
    "PT. Lombok Energi Timur",
    "PT Sembalun Rinjani Tour",
    "CV. Maju Djaya",
    "Yayasan Rinjani Lestari",
    "PT PLN (Persero) UP3 Lombok Timur",
    "P.T. Ekas Surf Indah Tbk",
    "ISTRI: BAIQ NURHAYATI",
];

fn record(rng: &mut ChaCha8Rng, row: u32) -> Record {
    let mut r = Record {
        provenance: Provenance {
            source: "bench".into(),
            sheet: String::new(),
            row,
        },
        agency: Agency::Imigrasi,
        record_id: String::new(),
        fields: Vec::new(),
        extra: Vec::new(),
    };
    let (nat, passport) = nationality_and_passport(rng);
    r.set(Field::Name, Value::Text(name(rng)));
    r.set(Field::Nationality, Value::Text(nat));
    r.set(Field::Passport, Value::Text(passport));
    r.set(Field::Dob, dob(rng));
    r.set(
        Field::Sex,
        Value::Text(pick(rng, &["L", "P", "LAKI-LAKI", "Perempuan", "M", "F", "LK"]).into()),
    );
    r.set(Field::Address, Value::Text(address(rng)));
    if rng.random_bool(0.3) {
        r.set(Field::Kecamatan, Value::Text(pick(rng, KECAMATAN).into()));
        r.set(
            Field::RtRw,
            Value::Text(format!(
                "00{}/00{}",
                rng.random_range(1..10),
                rng.random_range(1..10)
            )),
        );
    }
    if rng.random_bool(0.2) {
        r.set(
            Field::Nik,
            Value::Text(format!("52031{}{}", digits(rng, 1), digits(rng, 10))),
        );
    }
    r.set(Field::Sponsor, Value::Text(pick(rng, COMPANIES).into()));
    if rng.random_bool(0.4) {
        r.set(Field::Employer, Value::Text(pick(rng, COMPANIES).into()));
    }
    r.set(
        Field::PermitType,
        Value::Text(pick(rng, &["ITAS", "itap", "ITK"]).into()),
    );
    r.set(
        Field::PermitIndex,
        Value::Text(pick(rng, &["E23", "e 31", "C312", "E33G", "C319"]).into()),
    );
    r.set(
        Field::PermitNumber,
        Value::Text(format!("2C11 GH{}-D", digits(rng, 4))),
    );
    r.set(
        Field::PermitValidity,
        Value::Text(
            pick(
                rng,
                &[
                    "01/06/2024 - 31/05/2025",
                    "s/d 31-05-2025",
                    "12 Mei 2024 s.d. 11 Mei 2026",
                ],
            )
            .into(),
        ),
    );
    r.set(
        Field::Status,
        Value::Text(pick(rng, &["AKTIF", "EPO", "alih status"]).into()),
    );
    r
}

/// Best wall time of `PASSES` passes of `f` (after one warm-up pass).
fn best_of(mut f: impl FnMut()) -> Duration {
    f();
    (0..PASSES)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn report(label: &str, unit: &str, n: usize, d: Duration) {
    let secs = d.as_secs_f64().max(1e-9);
    let rate = n as f64 / secs;
    let ns = secs * 1e9 / n.max(1) as f64;
    println!(
        "{label:<22} {n:>9} {unit:<14} {:>9.1} ms  {rate:>12.0} {unit}/s  {ns:>7.0} ns each",
        secs * 1e3
    );
}

fn text_of(r: &Record, f: Field) -> Option<&str> {
    match r.get(f) {
        Some(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any numeric argument is the record count.
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse::<usize>().ok())
        .unwrap_or(DEFAULT_RECORDS);
    let mut rng = ChaCha8Rng::seed_from_u64(20250521);
    let t = Instant::now();
    let records: Vec<Record> = (0..n)
        .map(|i| record(&mut rng, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    println!(
        "generated {n} synthetic records in {:.0} ms (seed 20250521)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let ctx = NormalizeContext {
        pivot_year: PIVOT_YEAR,
        gazetteer: Gazetteer::lombok_timur(),
    };

    let names: Vec<&str> = records
        .iter()
        .filter_map(|r| text_of(r, Field::Name))
        .collect();
    let dates: Vec<&str> = records
        .iter()
        .filter_map(|r| text_of(r, Field::Dob))
        .collect();
    let passports: Vec<(&str, Option<&'static str>)> = records
        .iter()
        .filter_map(|r| {
            let nat = text_of(r, Field::Nationality)
                .and_then(parse_nationality)
                .map(|n| n.iso3);
            text_of(r, Field::Passport).map(|p| (p, nat))
        })
        .collect();
    let addresses: Vec<&str> = records
        .iter()
        .filter_map(|r| text_of(r, Field::Address))
        .collect();
    let nationalities: Vec<&str> = records
        .iter()
        .filter_map(|r| text_of(r, Field::Nationality))
        .collect();
    let companies: Vec<&str> = records
        .iter()
        .filter_map(|r| text_of(r, Field::Sponsor))
        .collect();

    let mut issues = 0usize;
    let whole = best_of(|| {
        issues = 0;
        for r in &records {
            let out = normalize_record(black_box(r), &ctx);
            issues += out.issues.len();
            black_box(out);
        }
    });
    println!("one thread, best of {PASSES} passes after a warm-up:");
    report("normalize_record", "records", records.len(), whole);
    if std::env::args().any(|a| a == "stage-only") {
        // For profiling the whole stage alone (`perf record … normalize-* stage-only`).
        return;
    }
    report(
        "  normalize_name",
        "names",
        names.len(),
        best_of(|| {
            for s in &names {
                black_box(normalize_name(black_box(s)));
            }
        }),
    );
    report(
        "  parse_date",
        "dates",
        dates.len(),
        best_of(|| {
            for s in &dates {
                let _ = black_box(parse_date(black_box(s), PIVOT_YEAR));
            }
        }),
    );
    report(
        "  normalize_passports",
        "passports",
        passports.len(),
        best_of(|| {
            for (s, nat) in &passports {
                black_box(normalize_passports(black_box(s), *nat));
            }
        }),
    );
    report(
        "  parse_address",
        "addresses",
        addresses.len(),
        best_of(|| {
            for s in &addresses {
                black_box(parse_address(black_box(s), &ctx.gazetteer));
            }
        }),
    );
    report(
        "  parse_nationality",
        "nationalities",
        nationalities.len(),
        best_of(|| {
            for s in &nationalities {
                black_box(parse_nationality(black_box(s)));
            }
        }),
    );
    report(
        "  normalize_company",
        "companies",
        companies.len(),
        best_of(|| {
            for s in &companies {
                black_box(normalize_company(black_box(s)));
            }
        }),
    );
    println!(
        "({issues} issues flagged per pass, {:.2} per record)",
        issues as f64 / records.len().max(1) as f64
    );

    // For reference only: records are independent, so the stage scales with cores (rayon).
    use rayon::prelude::*;
    let threads = rayon::current_num_threads();
    let parallel = best_of(|| {
        let n: usize = records
            .par_iter()
            .map(|r| normalize_record(r, &ctx).issues.len())
            .sum();
        black_box(n);
    });
    println!("all cores ({threads} rayon threads), for reference:");
    report("normalize_record", "records", records.len(), parallel);
}
