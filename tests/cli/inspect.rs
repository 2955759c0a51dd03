//! `reconcile inspect` on the hand-made messy fixtures.

use crate::util::*;

#[test]
fn messy_files_agencies_headers_and_counts() {
    let report = inspect_json(&[&fixture("messy")]);
    let cases = [
        // (source, agency, sheet index, header rows, data rows, records, rejected)
        (
            "imigrasi_lotim_mei_2025.xlsx",
            "imigrasi",
            0,
            vec![5, 6],
            5,
            4,
            1,
        ),
        (
            "kanim_mataram_itas_2024.xls",
            "imigrasi",
            0,
            vec![5, 6],
            6,
            6,
            0,
        ),
        ("disdukcapil_sktt_2024.ods", "dukcapil", 0, vec![3], 6, 6, 0),
        (
            "dukcapil_wna_sktt_2025.csv",
            "dukcapil",
            0,
            vec![1],
            4,
            4,
            0,
        ),
        (
            "polres_lotim_stm_mei_2025.csv",
            "polri",
            0,
            vec![4],
            4,
            3,
            1,
        ),
        ("tka_lotim_2025.xlsx", "disnaker", 0, vec![5], 2, 2, 0),
        ("tka_lotim_2025.xlsx", "disnaker", 1, vec![5], 3, 3, 0),
        ("laporan_wna_unicode.txt", "other", 0, vec![1], 2, 2, 0),
    ];
    for (name, agency, sheet, header_rows, data, records, rejected) in cases {
        let s = source(&report, name);
        assert_eq!(s["agency"], agency, "{name}");
        let sh = &s["sheets"][sheet];
        let rows: Vec<u64> = sh["header_rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(rows, header_rows, "{name} header rows");
        assert_eq!(sh["data_rows"], data, "{name} data rows");
        assert_eq!(sh["records"], records, "{name} records");
        assert_eq!(sh["rejected"], rejected, "{name} rejected");
        // The invariant: every data row is a record or a rejected row.
        assert_eq!(
            sh["data_rows"].as_u64().unwrap(),
            sh["records"].as_u64().unwrap() + sh["rejected"].as_u64().unwrap()
        );
    }
}

#[test]
fn messy_immigration_layout_is_understood() {
    let report = inspect_json(&[&fixture("messy/imigrasi_lotim_mei_2025.xlsx")]);
    let sh = &source(&report, "imigrasi_lotim_mei_2025.xlsx")["sheets"][0];
    let skipped = &sh["skipped"];
    assert_eq!(skipped["column numbers"], 1);
    assert_eq!(skipped["group heading"], 2);
    assert_eq!(skipped["total"], 1);
    assert_eq!(skipped["footer / signature"], 4);
    let col = |letter: &str| {
        sh["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == letter)
            .unwrap()
            .clone()
    };
    assert_eq!(col("F")["header"], "PASPOR / NOMOR");
    assert_eq!(col("F")["field"], "passport");
    assert_eq!(col("G")["field"], "passport_expiry");
    assert_eq!(col("I")["field"], "permit_index");
    assert_eq!(col("K")["field"], "permit_expiry");
    assert_eq!(col("D")["field"], "place_date_of_birth");
    assert!(col("D")["mapping"].as_str().unwrap().contains("synonym"));
    let agency = &source(&report, "imigrasi_lotim_mei_2025.xlsx")["agency_decided_by"];
    assert!(agency.as_str().unwrap().contains("file name"), "{agency}");
}

#[test]
fn encodings_and_delimiters_are_reported() {
    let report = inspect_json(&[
        &fixture("messy/polres_lotim_stm_mei_2025.csv"),
        &fixture("messy/laporan_wna_unicode.txt"),
    ]);
    let notes = |name: &str| {
        source(&report, name)["sheets"][0]["notes"][0]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        notes("polres_lotim_stm_mei_2025.csv"),
        "encoding Windows-1252, delimiter ';'"
    );
    assert_eq!(
        notes("laporan_wna_unicode.txt"),
        "encoding UTF-16LE, delimiter tab"
    );
    // Legacy bytes are decoded, not dropped.
    let fields = source(&report, "polres_lotim_stm_mei_2025.csv")["sheets"][0]["fields"]
        .as_array()
        .unwrap()
        .clone();
    let names = fields.iter().find(|f| f["field"] == "name").unwrap();
    assert_eq!(names["examples"][0], "Jürgen Müller");
}

#[test]
fn agency_from_title_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let titled = dir.path().join("data_mei.csv");
    std::fs::write(
        &titled,
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL\n\nNAMA;NO PASPOR;WN\nA B;E12345678;RRT\n",
    )
    .unwrap();
    let columns = dir.path().join("daftar.csv");
    std::fs::write(
        &columns,
        "NAMA;NO PASPOR;WN;NO STM;TGL STM\nA B;E12345678;RRT;STM/1;01/05/2025\n",
    )
    .unwrap();
    let report = inspect_json(&[titled.to_str().unwrap(), columns.to_str().unwrap()]);
    let t = source(&report, "data_mei.csv");
    assert_eq!(t["agency"], "dukcapil");
    assert!(t["agency_decided_by"]
        .as_str()
        .unwrap()
        .starts_with("title rows"));
    let c = source(&report, "daftar.csv");
    assert_eq!(c["agency"], "polri");
    assert!(c["agency_decided_by"]
        .as_str()
        .unwrap()
        .starts_with("columns"));
}

#[test]
fn agency_given_on_the_command_line_wins() {
    let arg = format!("police={}", fixture("messy/laporan_wna_unicode.txt"));
    let report = inspect_json(&[&arg]);
    let s = source(&report, "laporan_wna_unicode.txt");
    assert_eq!(s["agency"], "polri");
    assert_eq!(s["agency_decided_by"], "given on the command line");
}

#[test]
fn table_output_names_every_file() {
    let out = reconcile()
        .args(["inspect", &fixture("messy")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "imigrasi_lotim_mei_2025.xlsx — agency: imigrasi",
        "tka_lotim_2025.xlsx — agency: disnaker",
        "sheet \"REKAP\": no data read",
    ] {
        assert!(text.contains(name), "missing {name:?} in:\n{text}");
    }
}

#[test]
fn kanim_sample_table_snapshot() {
    let out = reconcile()
        .args(["inspect", &fixture("messy/kanim_mataram_itas_2024.xls")])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

/// The normalisation entry of `field` in a sheet of an inspect report.
fn norm_field<'a>(sheet: &'a serde_json::Value, field: &str) -> &'a serde_json::Value {
    sheet["normalization"]["fields"]
        .as_array()
        .expect("normalization.fields")
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("no normalisation entry for {field}"))
}

#[test]
fn normalisation_statistics_flag_the_implausible_passport() {
    let report = inspect_json(&[&fixture("messy/polres_lotim_stm_mei_2025.csv")]);
    let sh = &source(&report, "polres_lotim_stm_mei_2025.csv")["sheets"][0];
    // The older keys are still there beside the new one.
    assert!(sh["fields"].is_array() && sh["columns"].is_array());
    assert_eq!(sh["normalization"]["records"], 3);
    // The passport E4712O988 (CHINESE); the dates 05/06/1970 and 02/11/1979 (day and month could
    // be swapped), one of them on the same row.
    assert_eq!(sh["normalization"]["records_flagged"], 2);
    // (field, values, clean, flagged)
    let cases = [
        ("name", 3, 3, 0),
        ("passport", 3, 2, 1),
        ("nationality", 3, 3, 0),
        ("dob", 3, 1, 2),
        ("sex", 3, 3, 0),
        ("sponsor", 2, 2, 0),
        ("permit_number", 2, 2, 0),
    ];
    for (field, values, clean, flagged) in cases {
        let f = norm_field(sh, field);
        assert_eq!(f["values"], values, "{field} values");
        assert_eq!(f["clean"], clean, "{field} clean");
        assert_eq!(f["flagged"], flagged, "{field} flagged");
    }
    let passport = norm_field(sh, "passport");
    let issue = &passport["issues"][0];
    assert_eq!(issue["kind"], "implausible_passport");
    assert_eq!(issue["count"], 1);
    assert_eq!(issue["examples"][0], "E4712O988");
    assert!(issue["why"].as_str().unwrap().contains("pattern"));
    // Without --show-normalized there is no sample.
    assert!(sh.get("normalized_sample").is_none());
}

#[test]
fn normalisation_counts_add_up_on_every_messy_sheet() {
    let report = inspect_json(&[&fixture("messy")]);
    let mut checked = 0;
    for s in report["sources"].as_array().unwrap() {
        for sh in s["sheets"].as_array().unwrap() {
            let n = &sh["normalization"];
            assert_eq!(n["records"], sh["records"], "{}", s["source"]);
            for f in n["fields"].as_array().unwrap() {
                let total = f["clean"].as_u64().unwrap()
                    + f["flagged"].as_u64().unwrap()
                    + f["not_normalized"].as_u64().unwrap();
                assert_eq!(
                    f["values"].as_u64().unwrap(),
                    total,
                    "{} {}",
                    s["source"],
                    f
                );
                let by_kind: u64 = f["issues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["count"].as_u64().unwrap())
                    .sum();
                assert!(by_kind >= f["flagged"].as_u64().unwrap(), "{f}");
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} field entries");
}

#[test]
fn normalisation_statistics_by_issue_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data_wna.csv");
    std::fs::write(
        &path,
        "NAMA;NO PASPOR;WN;JK;TGL LAHIR;NIK;KECAMATAN\n\
         WANG XIAO MING;E12345678;RRT;L;31/02/1985;5203154105850001;Selong\n\
         KIM MIN JUN;M12345678;KOREA;L;Mei 1985;5.20315E+15;Gotham\n\
         JOHN SMITH;123;ATLANTIS;X;kemarin;-;LAB. HAJI\n\
         ANNA SMITH;-;-;P;1990;123;Sembalun\n",
    )
    .unwrap();
    let report = inspect_json(&[path.to_str().unwrap()]);
    let sh = &source(&report, "data_wna.csv")["sheets"][0];
    let kinds = |field: &str| -> Vec<(String, u64)> {
        norm_field(sh, field)["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["kind"].as_str().unwrap().to_string(),
                    i["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let sorted = |mut v: Vec<(String, u64)>| {
        v.sort();
        v
    };
    let cases: [(&str, Vec<(&str, u64)>); 5] = [
        (
            "dob",
            vec![
                ("impossible_date", 1),
                ("partial_date", 2),
                ("unreadable_date", 1),
            ],
        ),
        (
            "nationality",
            vec![("uncertain_nationality", 1), ("unknown_nationality", 1)],
        ),
        ("sex", vec![("unknown_sex", 1)]),
        ("nik", vec![("invalid_nik", 1), ("scientific_notation", 1)]),
        ("kecamatan", vec![("unknown_kecamatan", 1)]),
    ];
    for (field, expected) in cases {
        let expected: Vec<(String, u64)> = expected
            .into_iter()
            .map(|(k, c)| (k.to_string(), c))
            .collect();
        assert_eq!(sorted(kinds(field)), sorted(expected), "{field}");
    }
    // `-` is a missing value, not a value.
    let nik = norm_field(sh, "nik");
    assert_eq!(nik["values"], 3);
    assert_eq!(nik["missing"], 1);
    assert_eq!(nik["clean"], 1);
    let nat = norm_field(sh, "nationality");
    assert_eq!(nat["missing"], 1);
    assert_eq!(nat["clean"], 1);
    let kec = norm_field(sh, "kecamatan");
    assert_eq!(
        (kec["clean"].as_u64(), kec["flagged"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(kec["issues"][0]["examples"][0], "Gotham");
    assert_eq!(sh["normalization"]["records_flagged"], 4);
}

#[test]
fn show_normalized_prints_raw_and_normalised_values() {
    let out = reconcile()
        .args([
            "inspect",
            "--show-normalized",
            &fixture("messy/polres_lotim_stm_mei_2025.csv"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "  normalisation: 3 records, 2 with flagged values",
        "  row 8:",
        "    passport: \"E4712O988\" → E4712O988 / folded E47120988 (does not fit the country's pattern)  [flagged: implausible_passport]",
        "    nationality: \"CHINESE\" → CHN",
        "    name: \"Jürgen Müller\" → tokens JURGEN MULLER",
        "    sex: \"LAKI-LAKI\" → M",
        "    dob: \"1985-08-21\" → 1985-08-21",
        "    sponsor: \"PT. LOMBOK ENERGI TIMUR\" → LOMBOK ENERGI TIMUR [PT], sorted ENERGI LOMBOK TIMUR",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    // The table is there too.
    assert!(text.contains("implausible_passport"), "{text}");
    assert!(text.contains("examples of flagged"), "{text}");
}

#[test]
fn show_normalized_sample_size_and_json() {
    let report = {
        let out = reconcile()
            .args([
                "inspect",
                "--json",
                "--show-normalized",
                "--sample",
                "1",
                &fixture("messy/kanim_mataram_itas_2024.xls"),
            ])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let sh = &source(&report, "kanim_mataram_itas_2024.xls")["sheets"][0];
    let sample = sh["normalized_sample"].as_array().unwrap();
    assert_eq!(sample.len(), 1);
    assert_eq!(sample[0]["row"], 7);
    let field = |key: &str| {
        sample[0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .clone()
    };
    let cases = [
        ("nationality", "BELANDA", "NLD"),
        ("sex", "L", "M"),
        ("kecamatan", "JEROWARU", "JEROWARU"),
    ];
    for (key, raw, normalized) in cases {
        let f = field(key);
        assert_eq!(f["raw"], raw, "{key}");
        assert_eq!(f["normalized"], normalized, "{key}");
        assert_eq!(f["issues"].as_array().map(Vec::len), Some(0), "{key}");
    }
    assert!(field("name")["normalized"]
        .as_str()
        .unwrap()
        .starts_with("tokens HENDRIKUS JOHANNES DIJK"));
}
