//! End-to-end tests of [`generate`]: files, determinism, truth row numbers, encodings.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};

use super::noise::Rates;
use super::population::{self, Person};
use super::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 5, 21).unwrap_or_default()
}

fn opts(dir: &Path, persons: usize, profile: Profile, csv_only: bool) -> GenerateOptions {
    GenerateOptions {
        persons,
        seed: 42,
        out_dir: dir.to_path_buf(),
        profile,
        noise: NoiseLevel::Default,
        csv_only,
        as_of: as_of(),
    }
}

/// The same population the generator planned (same stream), indexed by entity number.
fn people(o: &GenerateOptions) -> Vec<Person> {
    let mut rng = stream(o.seed, 1);
    population::build(&mut rng, o.persons, o.as_of, &Rates::new(o.noise))
}

/// truth_records.csv as (source, sheet, row) → entity number.
fn truth(dir: &Path) -> Vec<(String, String, usize, usize)> {
    let mut rdr = csv::Reader::from_path(dir.join("truth").join("truth_records.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    rdr.records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{e}"));
            let id = r
                .get(3)
                .unwrap_or("")
                .trim_start_matches('P')
                .parse()
                .unwrap_or(0);
            (
                r.get(0).unwrap_or("").to_string(),
                r.get(1).unwrap_or("").to_string(),
                r.get(2).unwrap_or("").parse().unwrap_or(0),
                id,
            )
        })
        .collect()
}

fn cell(range: &calamine::Range<Data>, row_1based: usize, col: u32) -> String {
    let r = u32::try_from(row_1based).unwrap_or(0).saturating_sub(1);
    match range.get_value((r, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        Some(Data::DateTime(_)) => "<date>".to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn timpora_files_truth_and_xlsx_rows() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(dir.path(), 600, Profile::Timpora, false);
    let summary = generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    let expected = [
        "kanim_mataram_itas_2025.xlsx",
        "disnaker_tka_lotim_2025.xlsx",
        "polres_lotim_stm.csv",
        "dukcapil_wna_lotim.csv",
        "truth/truth_records.csv",
        "truth/truth_conflicts.csv",
    ];
    for f in expected {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let t = truth(dir.path());
    let rows: usize = summary.files.iter().map(|(_, n)| n).sum();
    assert_eq!(t.len(), rows);
    assert_eq!(t.len(), summary.truth_records);
    for (path, n) in &summary.files {
        let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("");
        assert_eq!(t.iter().filter(|r| r.0 == name).count(), *n, "{name}");
    }
    assert!(summary.truth_conflicts > 20, "{}", summary.truth_conflicts);

    let ppl = people(&o);
    let by_id: HashMap<usize, &Person> = ppl.iter().map(|p| (p.id, p)).collect();

    // Immigration: title rows, two-row header, data from row 7, real date cells.
    let mut wb: Xlsx<_> =
        open_workbook(dir.path().join(expected[0])).unwrap_or_else(|e| panic!("{e}"));
    let range = wb
        .worksheet_range("ITAS ITAP")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cell(&range, 1, 0), "DATA ORANG ASING PEMEGANG ITAS/ITAP");
    assert_eq!(cell(&range, 3, 0), "KEADAAN S/D 20-05-2025");
    assert_eq!(cell(&range, 5, 5), "PASPOR");
    assert_eq!(cell(&range, 6, 6), "BERLAKU S/D");
    assert_eq!(cell(&range, 7, 0), "1");
    let imm: Vec<_> = t.iter().filter(|r| r.0 == expected[0]).collect();
    assert_eq!(imm.first().map(|r| r.2), Some(7));
    for (_, sheet, row, id) in &imm {
        assert_eq!(sheet, "ITAS ITAP");
        let p = by_id.get(id).unwrap_or_else(|| panic!("unknown P{id}"));
        assert_eq!(cell(&range, *row, 5), p.passport, "row {row}");
        assert_eq!(cell(&range, *row, 6), "<date>");
        assert_eq!(cell(&range, *row, 10), "<date>");
        let mut canon = String::new();
        p.name.canonical(&mut canon);
        assert!(
            strsim::damerau_levenshtein(&cell(&range, *row, 1), &canon) <= 1,
            "row {row}"
        );
    }
    let last = imm.iter().map(|r| r.2).max().unwrap_or(0);
    assert_eq!(cell(&range, last + 1, 0), "JUMLAH");

    // Manpower: one sheet per month; passports are the person's (old or new), up to one OCR slip.
    let mut wb: Xlsx<_> =
        open_workbook(dir.path().join(expected[1])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wb.sheet_names(),
        vec!["MARET 2025", "APRIL 2025", "MEI 2025"]
    );
    let man: Vec<_> = t.iter().filter(|r| r.0 == expected[1]).collect();
    assert!(!man.is_empty());
    for sheet in ["MARET 2025", "APRIL 2025", "MEI 2025"] {
        let range = wb.worksheet_range(sheet).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cell(&range, 3, 0), format!("BULAN {sheet}"));
        assert_eq!(cell(&range, 5, 1), "NAMA TKA");
        for (_, _, row, id) in man.iter().filter(|r| r.1 == sheet) {
            let p = by_id.get(id).unwrap_or_else(|| panic!("unknown P{id}"));
            let got = squash(&cell(&range, *row, 3));
            let ok = [Some(p.passport.as_str()), p.old_passport.as_deref()]
                .into_iter()
                .flatten()
                .any(|want| strsim::hamming(want, &got).is_ok_and(|d| d <= 1));
            assert!(ok, "{sheet} row {row}: {got} vs {}", p.passport);
        }
    }
}

#[test]
fn same_options_give_identical_bytes() {
    for (profile, csv_only) in [
        (Profile::Timpora, false),
        (Profile::Timpora, true),
        (Profile::Census, false),
        (Profile::CensusDedupe, false),
    ] {
        let a = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let b = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sa =
            generate(&opts(a.path(), 150, profile, csv_only)).unwrap_or_else(|e| panic!("{e:#}"));
        let sb =
            generate(&opts(b.path(), 150, profile, csv_only)).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(sa.truth_records, sb.truth_records);
        let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(a.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok().map(|e| std::path::PathBuf::from(e.file_name())))
            .filter(|n| a.path().join(n).is_file())
            .collect();
        names.push(["truth", "truth_records.csv"].iter().collect());
        names.sort();
        assert!(names.len() >= 3);
        for n in names {
            let x = std::fs::read(a.path().join(&n)).unwrap_or_default();
            let y = std::fs::read(b.path().join(&n)).unwrap_or_default();
            assert!(!x.is_empty(), "{n:?} empty");
            assert!(x == y, "{profile:?} {n:?} differs between runs");
        }
    }
    // A different seed gives different data.
    let a = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let b = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut o = opts(a.path(), 100, Profile::Timpora, true);
    generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    o.seed = 43;
    o.out_dir = b.path().to_path_buf();
    generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    let f = "polres_lotim_stm.csv";
    assert_ne!(
        std::fs::read(a.path().join(f)).ok(),
        std::fs::read(b.path().join(f)).ok()
    );
}

#[test]
fn csv_encodings_and_record_numbers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(dir.path(), 800, Profile::Timpora, true);
    let summary = generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    for f in [
        "kanim_mataram_itas_2025.csv",
        "disnaker_tka_lotim_2025_05.csv",
        "disnaker_tka_lotim_2025_03.csv",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let t = truth(dir.path());
    assert_eq!(t.len(), summary.truth_records);
    let ppl = people(&o);
    let by_id: HashMap<usize, &Person> = ppl.iter().map(|p| (p.id, p)).collect();

    // Dukcapil: UTF-8 with BOM, header on record 1, quoted multi-line addresses count once.
    let duk = std::fs::read(dir.path().join("dukcapil_wna_lotim.csv")).unwrap_or_default();
    assert!(duk.starts_with(b"\xEF\xBB\xBFNIK,NAMA LENGKAP,JK"));
    let text =
        std::str::from_utf8(duk.get(3..).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let recs: Vec<csv::StringRecord> = rdr
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert!(
        recs.iter()
            .any(|r| r.get(8).is_some_and(|a| a.contains('\n'))),
        "no multi-line address"
    );
    let duk_truth: Vec<_> = t
        .iter()
        .filter(|r| r.0 == "dukcapil_wna_lotim.csv")
        .collect();
    assert_eq!(duk_truth.len(), recs.len());
    for (_, sheet, row, id) in &duk_truth {
        assert!(sheet.is_empty());
        let rec = recs.get(row - 2).unwrap_or_else(|| panic!("row {row}"));
        let p = by_id.get(id).unwrap_or_else(|| panic!("P{id}"));
        let pass = rec.get(5).unwrap_or("");
        assert!(
            pass == p.passport || Some(pass) == p.old_passport.as_deref(),
            "row {row}"
        );
        // No unplanted nik_inconsistent: the NIK encodes the record's own birth date and sex.
        let nik = rec.get(0).unwrap_or("").trim_start_matches('\'');
        let planted_nik = p
            .planted
            .as_ref()
            .is_some_and(|c| c.ty == truth::ConflictType::NikInconsistent);
        let ttl = rec.get(3).unwrap_or("");
        if let (Some(dd), Some(date)) = (
            nik.get(6..8).and_then(|s| s.parse::<u32>().ok()),
            ttl.split(", ").nth(1),
        ) {
            let day: u32 = date
                .split(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let female = rec.get(2) == Some("P");
            let consistent = dd == day + if female { 40 } else { 0 };
            assert_eq!(!consistent, planted_nik, "row {row}: NIK {nik} vs {ttl}");
        }
    }

    // Police: Windows-1252, `;`, CRLF; accented names are single bytes.
    let pol = std::fs::read(dir.path().join("polres_lotim_stm.csv")).unwrap_or_default();
    assert!(pol.starts_with(b"NO;NAMA;JENIS KELAMIN;TGL LAHIR;KEBANGSAAN;NO. PASPOR;NO. KITAS;SPONSOR;ALAMAT;NO STM;TGL STM\r\n"));
    assert!(pol.iter().any(|&b| b >= 0x80), "no cp1252 letters at all");
    assert!(
        std::str::from_utf8(&pol).is_err(),
        "police file must not be UTF-8"
    );
    let (decoded, _, bad) = encoding_rs::WINDOWS_1252.decode(&pol);
    assert!(!bad);
    assert!(
        decoded.contains('Ü')
            || decoded.contains('Ö')
            || decoded.contains('É')
            || decoded.contains('È')
    );
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(decoded.as_bytes());
    let recs: Vec<csv::StringRecord> = rdr
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let pol_truth: Vec<_> = t.iter().filter(|r| r.0 == "polres_lotim_stm.csv").collect();
    assert_eq!(pol_truth.len(), recs.len());
    for (_, _, row, id) in &pol_truth {
        let rec = recs.get(row - 2).unwrap_or_else(|| panic!("row {row}"));
        let p = by_id.get(id).unwrap_or_else(|| panic!("P{id}"));
        // No unplanted dob conflicts: the police birth date equals the truth unless planted.
        let planted_dob = p.planted.as_ref().is_some_and(|c| {
            c.target == population::Agency::Pol
                && matches!(
                    c.ty,
                    truth::ConflictType::DobMismatch | truth::ConflictType::DobDayMonthSwapped
                )
        });
        let mut want = String::new();
        noise::fmt_dmy(&mut want, p.dob, '/');
        assert_eq!(rec.get(3) != Some(want.as_str()), planted_dob, "row {row}");
    }
}

#[test]
fn census_profiles() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = generate(&opts(dir.path(), 300, Profile::Census, false))
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(s.files.len(), 2);
    assert_eq!(s.truth_records, 600);
    let cfg = std::fs::read_to_string(dir.path().join("census.toml")).unwrap_or_default();
    let v: toml::Value = toml::from_str(&cfg).unwrap_or_else(|e| panic!("{e}"));
    let sources = v.get("source").and_then(|s| s.as_array()).map(|a| a.len());
    assert_eq!(sources, Some(2));
    let a = std::fs::read_to_string(dir.path().join("register_a.csv")).unwrap_or_default();
    assert!(a.starts_with("rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id\n"));
    let t = truth(dir.path());
    assert_eq!(t.iter().filter(|r| r.0 == "register_a").count(), 300);
    assert_eq!(
        t.iter().filter(|r| r.0 == "register_b").map(|r| r.2).max(),
        Some(301)
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = generate(&opts(dir.path(), 300, Profile::CensusDedupe, false))
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(dir.path().join("census_dedupe.toml").is_file());
    let t = truth(dir.path());
    assert_eq!(t.len(), s.truth_records);
    let mut per: HashMap<usize, usize> = HashMap::new();
    for r in &t {
        *per.entry(r.3).or_default() += 1;
    }
    assert_eq!(per.len(), 300);
    assert!(per.values().all(|n| (1..=5).contains(n)));
    assert!(per.values().any(|n| *n > 1));
}

#[test]
fn month_sheets_cross_year_boundary() {
    let d = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut o = opts(dir.path(), 80, Profile::Timpora, false);
    o.as_of = d;
    generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    let wb: Xlsx<_> = open_workbook(dir.path().join("disnaker_tka_lotim_2026.xlsx"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wb.sheet_names(),
        vec!["NOVEMBER 2025", "DESEMBER 2025", "JANUARI 2026"]
    );
    assert_eq!(d.year(), 2026);
}

/// Throughput check: `cargo test --release --lib generate::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore = "slow: 400,000 persons"]
fn throughput() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let keep = std::env::var("GEN_OUT").ok().map(std::path::PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
    let persons = std::env::var("GEN_PERSONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_000);
    let start = std::time::Instant::now();
    let s =
        generate(&opts(dir, persons, Profile::Timpora, false)).unwrap_or_else(|e| panic!("{e:#}"));
    println!(
        "{persons} persons: {} rows in {:.1?}",
        s.truth_records,
        start.elapsed()
    );
    for (p, n) in &s.files {
        println!("  {} {n}", p.display());
    }
    println!("  conflicts {}", s.truth_conflicts);
    assert!(s.truth_records > persons);
}

#[test]
fn every_noise_level_writes_consistent_truth() {
    for noise in [NoiseLevel::Low, NoiseLevel::Default, NoiseLevel::High] {
        for csv_only in [false, true] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let mut o = opts(dir.path(), 250, Profile::Timpora, csv_only);
            o.noise = noise;
            let s = generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
            let rows: usize = s.files.iter().map(|(_, n)| n).sum();
            assert_eq!(truth(dir.path()).len(), rows, "{noise:?}");
            let conflicts =
                std::fs::read_to_string(dir.path().join("truth").join("truth_conflicts.csv"))
                    .unwrap_or_default();
            assert_eq!(
                conflicts.lines().count(),
                s.truth_conflicts + 1,
                "{noise:?}"
            );
        }
    }
    // Zero persons is not an error: headers only.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s =
        generate(&opts(dir.path(), 0, Profile::Timpora, true)).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!((s.truth_records, s.truth_conflicts), (0, 0));
}

/// Letters only, upper case, without the PT/CV legal forms: how the detector compares companies.
fn company_key(s: &str) -> String {
    let up = s.to_uppercase().replace(['.', ','], " ");
    let mut words: Vec<&str> = up
        .split_whitespace()
        .filter(|w| !matches!(*w, "PT" | "CV"))
        .collect();
    words.sort_unstable();
    words.join(" ")
}

fn iso_of(value: &str) -> Option<&'static str> {
    let v = value.trim();
    population::NATIONALITIES
        .iter()
        .find(|n| [n.iso, n.english, n.demonym, n.indonesian].contains(&v))
        .map(|n| n.iso)
}

/// Each non-immigration record agrees with the truth on nationality, passport, sex, kecamatan and
/// employer unless a conflict of that kind is planted on that agency (and then it disagrees).
#[test]
fn records_differ_from_truth_only_where_planted() {
    use population::Agency;
    use truth::ConflictType as C;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(dir.path(), 1500, Profile::Timpora, true);
    generate(&o).unwrap_or_else(|e| panic!("{e:#}"));
    let ppl = people(&o);
    let by_id: HashMap<usize, &Person> = ppl.iter().map(|p| (p.id, p)).collect();
    let t = truth(dir.path());
    let planted = |p: &Person, ty: C, a: Agency| {
        p.planted
            .as_ref()
            .is_some_and(|c| c.ty == ty && c.target == a)
    };

    // (file, agency, delimiter, cp1252, nationality col, passport col, sex col, kecamatan col, company col, name col)
    type Spec = (
        &'static str,
        Agency,
        u8,
        bool,
        usize,
        usize,
        Option<usize>,
        Option<usize>,
        Option<usize>,
        usize,
    );
    let specs: [Spec; 3] = [
        (
            "polres_lotim_stm.csv",
            Agency::Pol,
            b';',
            true,
            4,
            5,
            Some(2),
            None,
            None,
            1,
        ),
        (
            "dukcapil_wna_lotim.csv",
            Agency::Duk,
            b',',
            false,
            4,
            5,
            Some(2),
            Some(11),
            None,
            1,
        ),
        (
            "disnaker_tka_lotim_2025_05.csv",
            Agency::Man,
            b',',
            false,
            2,
            3,
            None,
            None,
            Some(5),
            1,
        ),
    ];
    let mut checked = [0usize; 5];
    for (file, agency, delim, cp1252, nat_c, pass_c, sex_c, kec_c, comp_c, name_c) in specs {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        let text = if cp1252 {
            encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
        } else {
            String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
                .into_owned()
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .from_reader(text.as_bytes());
        let recs: Vec<csv::StringRecord> = rdr
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
            .collect();
        for (_, _, row, id) in t.iter().filter(|r| r.0 == file) {
            let rec = recs
                .get(row - 2)
                .unwrap_or_else(|| panic!("{file} row {row}"));
            let p = by_id.get(id).unwrap_or_else(|| panic!("P{id}"));
            let get = |c: usize| rec.get(c).unwrap_or("");
            let ctx = format!("{file} row {row} P{id}");

            let nat_ok = iso_of(get(nat_c)) == Some(p.nationality().iso);
            assert_eq!(
                nat_ok,
                !planted(p, C::NationalityMismatch, agency),
                "{ctx}: {}",
                get(nat_c)
            );
            checked[0] += 1;

            let got = squash(get(pass_c));
            let near = |want: &str| strsim::hamming(want, &got).is_ok_and(|d| d <= 1);
            let is_old = p.old_passport.as_deref().is_some_and(near) && !near(&p.passport);
            assert_eq!(
                is_old,
                planted(p, C::PassportMismatch, agency),
                "{ctx}: {got}"
            );
            assert!(near(&p.passport) || is_old, "{ctx}: {got}");
            checked[1] += 1;

            if let Some(c) = sex_c {
                let female = matches!(get(c), "P" | "PEREMPUAN");
                assert_eq!(
                    female != p.female,
                    planted(p, C::SexMismatch, agency),
                    "{ctx}"
                );
                checked[2] += 1;
            }
            if let Some(c) = kec_c {
                let same = get(c) == p.addr.kecamatan();
                assert_eq!(
                    !same,
                    planted(p, C::AddressMismatch, agency),
                    "{ctx}: {}",
                    get(c)
                );
                checked[3] += 1;
            }
            if let Some(c) = comp_c {
                let own = p
                    .company
                    .map(|ci| company_key(places::COMPANIES.get(ci).map_or("", |x| x.name)));
                let same = own.as_deref() == Some(company_key(get(c)).as_str());
                let planted_employer = planted(p, C::EmployerMismatch, agency)
                    || planted(p, C::WorkOnNonWorkPermit, agency);
                assert_eq!(!same, planted_employer, "{ctx}: {}", get(c));
                checked[4] += 1;
            }
            if planted(p, C::NameMismatch, agency) {
                let name = get(name_c).to_uppercase();
                assert!(!name.contains(p.name.family), "{ctx}: {name}");
            }
        }
    }
    assert!(checked.iter().all(|n| *n > 100), "{checked:?}");
}
