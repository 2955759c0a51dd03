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
