//! Parquet in and out (`--features parquet`), and the one clear sentence a build without the
//! feature gives for a Parquet input or `--format parquet`.

use crate::util::*;

/// The four tables `--format parquet` writes instead of their CSVs.
#[cfg(feature = "parquet")]
const TABLES: [&str; 4] = ["records", "pairs", "persons", "conflicts"];

#[cfg(feature = "parquet")]
fn read_parquet(path: &std::path::Path) -> polars::prelude::DataFrame {
    use polars::prelude::{ParquetReader, SerReader};
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(file)
        .finish()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A Parquet column's values as the CSV shows them ("" for null), floats to `decimals` places.
#[cfg(feature = "parquet")]
fn column_as_csv_text(df: &polars::prelude::DataFrame, name: &str, decimals: usize) -> Vec<String> {
    use polars::prelude::DataType;
    let column = df
        .column(name)
        .unwrap_or_else(|e| panic!("column {name}: {e}"));
    if column.dtype().is_float() {
        return column
            .f64()
            .unwrap()
            .iter()
            .map(|v| v.map(|v| format!("{v:.decimals$}")).unwrap_or_default())
            .collect();
    }
    column
        .cast(&DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or_default().to_string())
        .collect()
}

#[cfg(feature = "parquet")]
fn run_lotim(format: &str, out: &std::path::Path) {
    reconcile()
        .args([
            "run",
            "-q",
            &fixture("lotim"),
            "--as-of",
            "2025-06-01",
            "--format",
            format,
        ])
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_tables_hold_what_the_csv_tables_hold() {
    let csv_out = tempfile::tempdir().unwrap();
    let pq_out = tempfile::tempdir().unwrap();
    run_lotim("csv", csv_out.path());
    run_lotim("parquet", pq_out.path());
    for name in ["rejected.csv", "summary.json", "report.xlsx", "model.json"] {
        assert!(pq_out.path().join(name).exists(), "{name} missing");
    }
    for table in TABLES {
        assert!(
            !pq_out.path().join(format!("{table}.csv")).exists(),
            "{table}.csv written beside {table}.parquet"
        );
        let csv_path = csv_out.path().join(format!("{table}.csv"));
        let header: Vec<String> = csv::Reader::from_path(&csv_path)
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let rows = read_csv(&csv_path);
        let df = read_parquet(&pq_out.path().join(format!("{table}.parquet")));
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, header, "{table}: columns differ from the CSV's");
        assert_eq!(df.height(), rows.len(), "{table}: row count");
        assert!(df.height() > 0, "{table}: the fixture run gives rows");
        let keys: &[(&str, usize)] = match table {
            "records" => &[
                ("source", 0),
                ("sheet", 0),
                ("row", 0),
                ("record_id", 0),
                ("person_id", 0),
                ("match_probability", 6),
                ("status", 0),
                ("name", 0),
                ("dob", 0),
                ("passport", 0),
            ],
            "pairs" => &[
                ("row_a", 0),
                ("row_b", 0),
                ("person_a", 0),
                ("person_b", 0),
                ("match_probability", 6),
                ("match_weight", 4),
            ],
            "persons" => &[
                ("person_id", 0),
                ("name", 0),
                ("dob", 0),
                ("agencies", 0),
                ("record_count", 0),
            ],
            _ => &[
                ("conflict_id", 0),
                ("person_id", 0),
                ("type", 0),
                ("severity", 0),
                ("values", 0),
            ],
        };
        for (key, decimals) in keys {
            let want: Vec<String> = rows.iter().map(|r| r[*key].clone()).collect();
            assert_eq!(
                column_as_csv_text(&df, key, *decimals),
                want,
                "{table}.{key}"
            );
        }
    }
    // Typed where natural.
    use polars::prelude::DataType;
    let records = read_parquet(&pq_out.path().join("records.parquet"));
    assert_eq!(records.column("row").unwrap().dtype(), &DataType::Int64);
    // Records keep the source's values, as records.csv does: a CSV's dates are text.
    assert_eq!(records.column("dob").unwrap().dtype(), &DataType::String);
    assert_eq!(
        records.column("match_probability").unwrap().dtype(),
        &DataType::Float64
    );
    let persons = read_parquet(&pq_out.path().join("persons.parquet"));
    assert_eq!(
        persons.column("record_count").unwrap().dtype(),
        &DataType::Int64
    );
    // A person's date of birth is normalised, so it is a date.
    assert_eq!(persons.column("dob").unwrap().dtype(), &DataType::Date);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_output_is_byte_identical_between_runs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run_lotim("parquet", a.path());
    run_lotim("parquet", b.path());
    for table in TABLES {
        let name = format!("{table}.parquet");
        let x = std::fs::read(a.path().join(&name)).unwrap();
        let y = std::fs::read(b.path().join(&name)).unwrap();
        assert_eq!(x, y, "{name} differs between runs");
    }
}

/// Writes the police CSV fixture as Parquet the way a data team would: `NO` as integers,
/// `TGL LAHIR` as dates, the rest as text.
#[cfg(feature = "parquet")]
fn police_fixture_as_parquet(path: &std::path::Path) {
    use polars::prelude::{Column, DataFrame, DataType, ParquetWriter};
    // The police export is Windows-1252, as the office's Excel saves it.
    let bytes = std::fs::read(fixture("lotim/polres_lotim_stm.csv")).unwrap();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let texts: Vec<&str> = rows.iter().map(|r| r.get(i).unwrap_or("")).collect();
            match name.as_str() {
                "NO" => Column::new(
                    name.as_str().into(),
                    texts
                        .iter()
                        .map(|t| t.parse::<i64>().unwrap())
                        .collect::<Vec<_>>(),
                ),
                "TGL LAHIR" => Column::new(
                    name.as_str().into(),
                    texts
                        .iter()
                        .map(|t| {
                            let d = chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y").unwrap();
                            (d - epoch).num_days() as i32
                        })
                        .collect::<Vec<_>>(),
                )
                .cast(&DataType::Date)
                .unwrap(),
                _ => Column::new(name.as_str().into(), texts),
            }
        })
        .collect();
    let mut df = DataFrame::new(rows.len(), columns).unwrap();
    let file = std::fs::File::create(path).unwrap();
    ParquetWriter::new(file).finish(&mut df).unwrap();
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_input_gives_the_records_its_csv_gives() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("polres_lotim_stm.parquet");
    police_fixture_as_parquet(&input);
    let csv_out = dir.path().join("from-csv");
    let pq_out = dir.path().join("from-parquet");
    for (input, out) in [
        (fixture("lotim/polres_lotim_stm.csv"), &csv_out),
        (input.display().to_string(), &pq_out),
    ] {
        reconcile()
            .args(["run", "-q", &input, "--as-of", "2025-06-01", "--out"])
            .arg(out)
            .assert()
            .success();
    }
    let without_source = |rows: Vec<std::collections::HashMap<String, String>>| {
        rows.into_iter()
            .map(|mut r| {
                r.remove("source");
                r
            })
            .collect::<Vec<_>>()
    };
    let mut from_csv = without_source(read_csv(&csv_out.join("records.csv")));
    let mut from_parquet = without_source(read_csv(&pq_out.join("records.csv")));
    assert!(!from_csv.is_empty());
    assert_eq!(from_parquet.len(), from_csv.len());
    // The Parquet date column gives ISO dates; from the CSV's text, records.csv shows an
    // unambiguous date as ISO and keeps an ambiguous one (05/01/1978) as written. Both are the
    // same day.
    for (p, c) in from_parquet.iter_mut().zip(from_csv.iter_mut()) {
        let (pd, cd) = (p.remove("dob").unwrap(), c.remove("dob").unwrap());
        let day = chrono::NaiveDate::parse_from_str(&cd, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(&cd, "%d/%m/%Y"))
            .unwrap();
        assert_eq!(pd, day.format("%Y-%m-%d").to_string(), "row {}", c["row"]);
    }
    assert_eq!(from_parquet, from_csv);
    assert!(read_csv(&pq_out.join("records.csv"))
        .iter()
        .all(|r| r["source"] == "polres_lotim_stm.parquet" && r["agency"] == "polri"));
}

#[cfg(feature = "parquet")]
#[test]
fn damaged_parquet_input_is_named_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.parquet");
    std::fs::write(&input, b"PAR1 cut off in the middle of the copy").unwrap();
    let out = dir.path().join("out");
    let assert = reconcile()
        .args([
            "run",
            "-q",
            "--skip-unreadable",
            &fixture("lotim/polres_lotim_stm.csv"),
        ])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("export.parquet: not a valid Parquet file"),
        "{stderr}"
    );
    assert!(!read_csv(&out.join("records.csv")).is_empty());
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_input_without_the_feature_is_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // The magic bytes decide, whatever the name.
    let input = dir.path().join("export.dat");
    std::fs::write(&input, b"PAR1\x15\x04\x15\x00PAR1").unwrap();
    let out = dir.path().join("out");
    let assert = reconcile()
        .args([
            "run",
            "-q",
            "--skip-unreadable",
            &fixture("lotim/polres_lotim_stm.csv"),
        ])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            "export.dat is a Parquet file; this build of reconcile was made without Parquet support (rebuild with `--features parquet`)"
        ),
        "{stderr}"
    );
    assert!(!read_csv(&out.join("records.csv")).is_empty());
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_output_without_the_feature_fails_at_once() {
    let out = tempfile::tempdir().unwrap();
    let assert = reconcile()
        .args([
            "run",
            "-q",
            &fixture("lotim"),
            "--format",
            "parquet",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("rebuild with `--features parquet`"),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing is written"
    );
}
