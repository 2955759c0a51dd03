//! `reconcile run` conflict detection: every conflict type on tiny hand-made exports, presence
//! checks only with their agency, the `[conflicts]` config, stable ids, and accuracy on the
//! generated Lombok Timur fixture against its planted truth.

use crate::util::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const IMIGRASI: &str = "\
NAMA,JENIS KELAMIN,TANGGAL LAHIR,KEWARGANEGARAAN,NO PASPOR,JENIS IZIN TINGGAL,INDEKS,NO KITAS,BERLAKU S/D,PENJAMIN,ALAMAT,KECAMATAN,STATUS
WANG WEI,L,12-03-1980,RRT,E12345678,ITAS,E23,2C25AA0001-A,31-12-2025,PT HUADIAN LOMBOK POWER,DSN. GUBUK BARU DS. LABUHAN HAJI,LABUHAN HAJI,AKTIF
JOHN PAUL SMITH,L,05-01-1978,INGGRIS,554477804,ITAS,C317,2C24RQ0618-B,30-11-2025,BAIQ NURHAYATI,DSN. DASAN BARU DS. RAKAM,SELONG,AKTIF
ANNA MARIA VAN DIJK,P,21-05-1985,BELANDA,NP4K7R2B8,ITAP,C319,2C23ZZ1111-C,31-12-2026,YAYASAN RINJANI,DS. SEMBALUN LAWANG,SEMBALUN,AKTIF
";

const POLRES: &str = "\
NAMA,JENIS KELAMIN,TGL LAHIR,KEBANGSAAN,NO PASPOR,NO KITAS,SPONSOR,ALAMAT,NO STM,TGL STM
WANG WEI,LAKI-LAKI,12/03/1980,CHINA,E12345678,2C25AA0001-A,PT HUADIAN LOMBOK POWER,\"DSN. GUBUK BARU, DS. LABUHAN HAJI, KEC. LABUHAN HAJI\",STM/0001,11/04/2025
SMITH JOHN PAUL,LAKI-LAKI,05/01/1978,BRITISH,554477804,2C24RQ0618-B,BAIQ NURHAYATI,\"DSN. DASAN BARU, DS. RAKAM, KEC. SELONG\",STM/0002,14/12/2024
ANNA VAN DIJK,PEREMPUAN,21/05/1985,NETHERLANDS,NP4K7R2B8,2C23ZZ1111-C,YAYASAN RINJANI,\"DS. SEMBALUN LAWANG, KEC. SEMBALUN\",STM/0003,01/02/2025
";

const DISNAKER: &str = "\
NAMA TKA,KEWARGANEGARAAN,NO PASPOR,JABATAN,NAMA PERUSAHAAN,LOKASI KERJA
WANG WEI,CHINA,E12345678,ENGINEER,PT. HUADIAN LOMBOK POWER,KEC. LABUHAN HAJI
";

const DUKCAPIL: &str = "\
NIK,NAMA LENGKAP,JK,TEMPAT/TGL LAHIR,KEWARGANEGARAAN,NO PASPOR,NO KITAS/KITAP,JENIS IZIN TINGGAL,ALAMAT,DESA/KELURAHAN,KECAMATAN
5203151203800001,WANG WEI,L,\"BEIJING, 12-03-1980\",CHN,E12345678,2C25AA0001-A,ITAS,DUSUN GUBUK BARU,LABUHAN HAJI,LABUHAN HAJI
5203150501780001,JOHN PAUL SMITH,L,\"LONDON, 5 Januari 1978\",INGGRIS,554477804,2C24RQ0618-B,ITAS,DUSUN DASAN BARU,RAKAM,SELONG
5203156105850001,ANNA MARIA VAN DIJK,P,\"AMSTERDAM, 21 Mei 1985\",BELANDA,NP4K7R2B8,2C23ZZ1111-C,ITAP,,SEMBALUN LAWANG,SEMBALUN
";

/// The four agencies' files; a case edits one of them.
#[derive(Clone)]
struct Exports {
    imigrasi: String,
    polres: String,
    disnaker: String,
    dukcapil: String,
}

impl Exports {
    fn base() -> Exports {
        Exports {
            imigrasi: IMIGRASI.into(),
            polres: POLRES.into(),
            disnaker: DISNAKER.into(),
            dukcapil: DUKCAPIL.into(),
        }
    }

    /// Writes the files (those named in `agencies`) and runs `reconcile run` on them.
    fn run_with(&self, agencies: &[&str], extra: &[&str]) -> Vec<HashMap<String, String>> {
        let dir = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = vec!["run".into(), "-q".into()];
        for (agency, name, text) in [
            ("imigrasi", "imigrasi_x.csv", &self.imigrasi),
            ("polri", "polres_x.csv", &self.polres),
            ("disnaker", "disnaker_x.csv", &self.disnaker),
            ("dukcapil", "dukcapil_x.csv", &self.dukcapil),
        ] {
            if agencies.contains(&agency) {
                let path = dir.path().join(name);
                std::fs::write(&path, text).unwrap();
                args.push(format!("{agency}={}", path.display()));
            }
        }
        let out = dir.path().join("out");
        reconcile()
            .args(&args)
            .args(["--as-of", "2025-06-01", "--out"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        read_csv(&out.join("conflicts.csv"))
    }

    fn run(&self) -> Vec<HashMap<String, String>> {
        self.run_with(&["imigrasi", "polri", "disnaker", "dukcapil"], &[])
    }
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the export");
    text.replacen(from, to, 1)
}

fn types(rows: &[HashMap<String, String>]) -> BTreeSet<String> {
    rows.iter().map(|r| r["type"].clone()).collect()
}

#[test]
fn consistent_exports_give_no_conflict() {
    let rows = Exports::base().run();
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn every_conflict_type_on_hand_made_exports() {
    type Edit = fn(&mut Exports);
    let cases: Vec<(&str, Edit)> = vec![
        ("dob_mismatch", |e| {
            e.polres = edit(&e.polres, "12/03/1980", "12/03/1982")
        }),
        ("dob_day_month_swapped", |e| {
            e.polres = edit(&e.polres, "12/03/1980", "03/12/1980")
        }),
        ("nationality_mismatch", |e| {
            e.polres = edit(
                &e.polres,
                "LAKI-LAKI,12/03/1980,CHINA",
                "LAKI-LAKI,12/03/1980,TAIWAN",
            )
        }),
        ("sex_mismatch", |e| {
            e.polres = edit(&e.polres, "WANG WEI,LAKI-LAKI", "WANG WEI,PEREMPUAN")
        }),
        ("name_mismatch", |e| {
            e.polres = edit(&e.polres, "WANG WEI,LAKI-LAKI", "LI QIANG,LAKI-LAKI")
        }),
        ("passport_mismatch", |e| {
            e.polres = edit(&e.polres, "CHINA,E12345678", "CHINA,E98765432")
        }),
        ("nik_inconsistent", |e| {
            e.dukcapil = edit(&e.dukcapil, "5203151203800001", "5203155203800001")
        }),
        ("address_mismatch", |e| {
            e.dukcapil = edit(
                &e.dukcapil,
                "DUSUN GUBUK BARU,LABUHAN HAJI,LABUHAN HAJI",
                "DUSUN SUNGKUN,EKAS BUANA,JEROWARU",
            )
        }),
        ("employer_mismatch", |e| {
            e.disnaker = edit(
                &e.disnaker,
                "PT. HUADIAN LOMBOK POWER",
                "PT SINAR TIMUR KONSTRUKSI",
            )
        }),
        ("permit_mismatch", |e| {
            e.dukcapil = edit(&e.dukcapil, "2C24RQ0618-B,ITAS", "2C24RQ0618-B,ITAP")
        }),
        ("permit_expired", |e| {
            e.imigrasi = edit(&e.imigrasi, "31-12-2025", "01-03-2025")
        }),
        ("work_on_non_work_permit", |e| {
            // A retiree (C319) teaching at the yayasan that sponsors her.
            e.disnaker.push_str(
                "ANNA MARIA VAN DIJK,BELANDA,NP4K7R2B8,GURU,YAYASAN RINJANI,KEC. SEMBALUN\n",
            )
        }),
        ("deported_but_present", |e| {
            e.imigrasi = edit(&e.imigrasi, "SEMBALUN,AKTIF", "SEMBALUN,DEPORTASI")
        }),
        ("missing_immigration", |e| {
            e.polres.push_str(
                "PETER MUELLER,LAKI-LAKI,02/02/1970,JERMAN,C01X00T47,,HOTEL RINJANI,\"KEC. SEMBALUN\",STM/0004,02/05/2025\n",
            )
        }),
        ("missing_manpower", |e| {
            e.imigrasi = edit(
                &e.imigrasi,
                "C317,2C24RQ0618-B,30-11-2025,BAIQ NURHAYATI",
                "E23,2C24RQ0618-B,30-11-2025,PT SELONG MITRA KONSTRUKSI",
            );
            e.polres = edit(&e.polres, "BAIQ NURHAYATI", "PT SELONG MITRA KONSTRUKSI");
        }),
        ("missing_civil_registry", |e| {
            let line = DUKCAPIL.lines().nth(3).unwrap();
            e.dukcapil = edit(&e.dukcapil, &format!("{line}\n"), "");
        }),
        ("duplicate_in_source", |e| {
            e.polres.push_str(
                "ANNA  VAN DIJK,PEREMPUAN,21/05/1985,NETHERLANDS,NP4K7R2B8,2C23ZZ1111-C,YAYASAN RINJANI,\"DS. SEMBALUN LAWANG, KEC. SEMBALUN\",STM/0003,01/02/2025\n",
            )
        }),
    ];
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    for (want, apply) in cases {
        let mut e = Exports::base();
        apply(&mut e);
        let rows = e.run();
        let got = types(&rows);
        if got != BTreeSet::from([want.to_string()]) {
            failures.push(format!("{want}: found {got:?}"));
        }
        for r in &rows {
            for col in [
                "conflict_id",
                "person_id",
                "severity",
                "field",
                "values",
                "rows",
            ] {
                assert!(!r[col].is_empty(), "{want}: empty {col} in {r:?}");
            }
            assert!(r["detail_id"].ends_with('.') && r["detail_en"].ends_with('.'));
        }
        covered.insert(want);
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(covered.len(), 17, "every type has a case");
}

#[test]
fn values_name_agencies_and_rows() {
    let mut e = Exports::base();
    e.polres = edit(&e.polres, "12/03/1980", "12/03/1982");
    let rows = e.run();
    let r = rows.first().expect("one conflict");
    assert_eq!(r["type"], "dob_mismatch");
    assert_eq!(r["severity"], "medium");
    assert_eq!(r["field"], "dob");
    assert_eq!(
        r["values"],
        "1980-03-12 [imigrasi, dukcapil] | 1982-03-12 [polri]"
    );
    assert!(r["rows"].contains("imigrasi_x.csv::2"), "{}", r["rows"]);
    assert!(r["rows"].contains("polres_x.csv::2"), "{}", r["rows"]);
    assert!(
        r["detail_id"].contains("Polri 1982-03-12"),
        "{}",
        r["detail_id"]
    );
    assert!(
        r["detail_en"].contains("the police 1982-03-12"),
        "{}",
        r["detail_en"]
    );
}

#[test]
fn presence_checks_need_their_agency() {
    // Without the manpower and civil-registry files nobody is missing from them.
    let rows = Exports::base().run_with(&["imigrasi", "polri"], &[]);
    assert!(rows.is_empty(), "{rows:?}");
    // Without the immigration file nobody is "unknown to immigration".
    let rows = Exports::base().run_with(&["polri", "dukcapil"], &[]);
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn config_with_only_conflicts_sets_severity_and_disables_types() {
    let mut e = Exports::base();
    e.polres = edit(&e.polres, "12/03/1980", "12/03/1982");
    e.polres = edit(
        &e.polres,
        "SMITH JOHN PAUL,LAKI-LAKI",
        "SMITH JOHN PAUL,PEREMPUAN",
    );
    let cfg_dir = tempfile::tempdir().unwrap();
    let cfg = cfg_dir.path().join("reconcile.toml");
    std::fs::write(
        &cfg,
        "[conflicts]\nseverity = { dob_mismatch = \"high\" }\ndisabled = [\"sex_mismatch\"]\n",
    )
    .unwrap();
    let cfg_arg = cfg.display().to_string();
    let rows = e.run_with(
        &["imigrasi", "polri", "disnaker", "dukcapil"],
        &["--config", &cfg_arg],
    );
    let got: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r["type"].clone(), r["severity"].clone()))
        .collect();
    assert_eq!(
        got,
        BTreeMap::from([("dob_mismatch".to_string(), "high".to_string())])
    );
}

#[test]
fn bad_conflicts_config_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("reconcile.toml");
    std::fs::write(
        &cfg,
        "[conflicts]\nseverity = { dob_mismatch = \"urgent\", shoe_mismatch = \"high\" }\ndisabled = [\"nope\"]\n",
    )
    .unwrap();
    let data = dir.path().join("imigrasi_x.csv");
    std::fs::write(&data, IMIGRASI).unwrap();
    let out = reconcile()
        .args(["run", "-q", "--config"])
        .arg(&cfg)
        .arg(&data)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for word in ["urgent", "shoe_mismatch", "nope"] {
        assert!(err.contains(word), "{word} not in {err}");
    }
}

fn reverse_data_lines(text: &str) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let mut data: Vec<&str> = lines.collect();
    data.reverse();
    format!("{header}\n{}\n", data.join("\n"))
}

#[test]
fn conflict_ids_survive_reordered_rows() {
    let mut e = Exports::base();
    e.polres = edit(&e.polres, "12/03/1980", "03/12/1980");
    e.dukcapil = edit(&e.dukcapil, "2C24RQ0618-B,ITAS", "2C24RQ0618-B,ITAP");
    e.imigrasi = edit(&e.imigrasi, "SEMBALUN,AKTIF", "SEMBALUN,DEPORTASI");
    let ids = |rows: Vec<HashMap<String, String>>| -> BTreeSet<(String, String)> {
        rows.into_iter()
            .map(|r| (r["conflict_id"].clone(), r["type"].clone()))
            .collect()
    };
    let before = ids(e.run());
    assert_eq!(before.len(), 3, "{before:?}");
    let mut reordered = e.clone();
    reordered.imigrasi = reverse_data_lines(&e.imigrasi);
    reordered.polres = reverse_data_lines(&e.polres);
    reordered.dukcapil = reverse_data_lines(&e.dukcapil);
    assert_eq!(ids(reordered.run()), before);
}

/// Maps each conflict's rows to truth entities and compares (entity, type) with the planted
/// conflicts. Returns per type (truth, found, true positives).
pub fn score(out: &Path, truth: &Path) -> BTreeMap<String, (usize, usize, usize)> {
    let entity: HashMap<String, String> = read_csv(&truth.join("truth_records.csv"))
        .into_iter()
        .map(|r| {
            (
                format!("{}:{}:{}", r["source"], r["sheet"], r["row"]),
                r["entity_id"].clone(),
            )
        })
        .collect();
    let planted: BTreeSet<(String, String)> = read_csv(&truth.join("truth_conflicts.csv"))
        .into_iter()
        .map(|r| (r["entity_id"].clone(), r["type"].clone()))
        .collect();
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for r in read_csv(&out.join("conflicts.csv")) {
        for row in r["rows"].split("; ").filter(|s| !s.is_empty()) {
            if let Some(e) = entity.get(row) {
                found.insert((e.clone(), r["type"].clone()));
            }
        }
    }
    let mut by_type: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (_, t) in &planted {
        by_type.entry(t.clone()).or_default().0 += 1;
    }
    for x in &found {
        let e = by_type.entry(x.1.clone()).or_default();
        e.1 += 1;
        if planted.contains(x) {
            e.2 += 1;
        }
    }
    by_type
}

#[test]
fn planted_conflicts_are_found_on_the_lotim_fixture() {
    let out = tempfile::tempdir().unwrap();
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("lotim"),
            "--as-of",
            "2025-06-01",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let by_type = score(out.path(), &root().join("fixtures/lotim/truth"));
    let (mut truth, mut found, mut tp) = (0, 0, 0);
    let mut report = String::new();
    for (t, (n, f, ok)) in &by_type {
        truth += n;
        found += f;
        tp += ok;
        report.push_str(&format!("{t}: truth {n}, found {f}, correct {ok}\n"));
    }
    let recall = tp as f64 / truth.max(1) as f64;
    let precision = tp as f64 / found.max(1) as f64;
    assert!(
        recall >= 0.95 && precision >= 0.90,
        "recall {recall:.3}, precision {precision:.3}\n{report}"
    );
    // Every planted type is found at least once.
    for (t, (n, _, ok)) in &by_type {
        assert!(*n == 0 || *ok > 0, "{t} never found\n{report}");
    }
}
