//! `--format parquet`: `records.parquet`, `pairs.parquet`, `persons.parquet` and
//! `conflicts.parquet`, for data teams that load the results into DuckDB, Spark or a warehouse.
//!
//! Each file has the columns of its CSV, under the same names and in the same order, typed where
//! the value has a natural type: row numbers and counts are `Int64`, weights and probabilities
//! `Float64` (unrounded, where the CSV shows 4 or 6 decimals), dates `Date`, the rest `String`.
//! A value the CSV leaves empty (a field the record lacks, the probability of a record that stands
//! alone) is null. A field or `dob` column is `Date` only when every value in it is a date, so no
//! value is ever dropped for not fitting its column's type.
//!
//! No formula-injection neutralising: Parquet is read by query engines, not opened in Excel, and a
//! quote prefix would corrupt the data. The files are deterministic: polars writes a fixed
//! `created_by` and no timestamp, so the same input and options give byte-identical files.

use super::atomic::OutputDir;
use super::conflicts_csv::{conflict_row, HEADER as CONFLICT_HEADER};
use super::records::present_fields;
use crate::conflicts::{row_agencies, Conflict};
use crate::link::persons::person_id;
use crate::pipeline::RunOutput;
use crate::record::{Record, Value};
use chrono::{Datelike, NaiveDate};
use polars::prelude::{Column, DataFrame, DataType, ParquetWriter};

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01, Parquet's day 0.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Writes the four tables as Parquet.
pub fn write_all(out: &OutputDir, run: &RunOutput, conflicts: &[Conflict]) -> anyhow::Result<()> {
    write_frame(out, "records.parquet", records_frame(run)?)?;
    write_frame(out, "pairs.parquet", pairs_frame(run)?)?;
    write_frame(out, "persons.parquet", persons_frame(run)?)?;
    write_frame(out, "conflicts.parquet", conflicts_frame(run, conflicts)?)?;
    Ok(())
}

/// Writes one frame atomically (temp file in the output folder, then rename).
fn write_frame(out: &OutputDir, name: &str, mut df: DataFrame) -> anyhow::Result<()> {
    out.write(name, |w| {
        ParquetWriter::new(w).finish(&mut df)?;
        Ok(())
    })?;
    Ok(())
}

/// `records.csv`'s columns: one row per record.
pub fn records_frame(run: &RunOutput) -> anyhow::Result<DataFrame> {
    let records: Vec<&Record> = run.records.iter().collect();
    let fields = present_fields(&records);
    let sizes: Vec<usize> = run.persons.iter().map(|p| p.records.len()).collect();
    let n = records.len();
    let mut source = Vec::with_capacity(n);
    let mut sheet = Vec::with_capacity(n);
    let mut row = Vec::with_capacity(n);
    let mut agency = Vec::with_capacity(n);
    let mut record_id = Vec::with_capacity(n);
    let mut person = Vec::with_capacity(n);
    let mut probability = Vec::with_capacity(n);
    let mut status = Vec::with_capacity(n);
    let mut unmapped = Vec::with_capacity(n);
    for (i, r) in records.iter().enumerate() {
        let p = run.link.clustering.person_of.get(i).copied().unwrap_or(0);
        let linked = sizes.get(p as usize).copied().unwrap_or(1) > 1;
        source.push(r.provenance.source.clone());
        sheet.push(r.provenance.sheet.clone());
        row.push(i64::from(r.provenance.row));
        agency.push(r.agency.code().to_string());
        record_id.push(r.record_id.clone());
        person.push(person_id(p));
        probability.push(if linked {
            Some(run.link.record_probability.get(i).copied().unwrap_or(0.0))
        } else {
            None
        });
        status.push(if linked { "linked" } else { "single" }.to_string());
        unmapped.push(
            r.extra
                .iter()
                .map(|(h, v)| format!("{h}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    let mut columns = vec![
        text("source", source),
        text("sheet", sheet),
        int("row", row),
        text("agency", agency),
        text("record_id", record_id),
        text("person_id", person),
        float("match_probability", probability),
        text("status", status),
    ];
    for f in &fields {
        let values: Vec<Option<&Value>> = records.iter().map(|r| r.get(*f)).collect();
        let all_dates = values.iter().flatten().all(|v| matches!(v, Value::Date(_)));
        columns.push(if all_dates {
            let dates = values
                .iter()
                .map(|v| match v {
                    Some(Value::Date(d)) => Some(*d),
                    _ => None,
                })
                .collect();
            date(f.key(), dates)?
        } else {
            optional_text(
                f.key(),
                values.iter().map(|v| v.map(Value::to_text)).collect(),
            )
        });
    }
    columns.push(text("unmapped", unmapped));
    Ok(DataFrame::new(n, columns)?)
}

/// `pairs.csv`'s columns: every scored pair at or above the review floor.
pub fn pairs_frame(run: &RunOutput) -> anyhow::Result<DataFrame> {
    let model = &run.link.model;
    let person = |i: u32| {
        person_id(
            run.link
                .clustering
                .person_of
                .get(i as usize)
                .copied()
                .unwrap_or(0),
        )
    };
    let (mut source_a, mut sheet_a, mut row_a) = (Vec::new(), Vec::new(), Vec::new());
    let (mut source_b, mut sheet_b, mut row_b) = (Vec::new(), Vec::new(), Vec::new());
    let (mut person_a, mut person_b) = (Vec::new(), Vec::new());
    let (mut weight, mut probability, mut tf) = (Vec::new(), Vec::new(), Vec::new());
    let mut levels: Vec<Vec<String>> = vec![Vec::new(); model.comparisons.len()];
    for p in &run.link.pairs {
        let (Some(a), Some(b)) = (run.records.get(p.a as usize), run.records.get(p.b as usize))
        else {
            continue;
        };
        source_a.push(a.provenance.source.clone());
        sheet_a.push(a.provenance.sheet.clone());
        row_a.push(i64::from(a.provenance.row));
        source_b.push(b.provenance.source.clone());
        sheet_b.push(b.provenance.sheet.clone());
        row_b.push(i64::from(b.provenance.row));
        person_a.push(person(p.a));
        person_b.push(person(p.b));
        weight.push(Some(p.weight));
        probability.push(Some(p.probability));
        tf.push(Some(p.tf_adjustment));
        for ((i, c), out) in model.comparisons.iter().enumerate().zip(&mut levels) {
            out.push(
                p.vector
                    .level(i)
                    .and_then(|l| c.levels.get(l as usize))
                    .map(|l| l.label.clone())
                    .unwrap_or_default(),
            );
        }
    }
    let n = row_a.len();
    let mut columns = vec![
        text("source_a", source_a),
        text("sheet_a", sheet_a),
        int("row_a", row_a),
        text("source_b", source_b),
        text("sheet_b", sheet_b),
        int("row_b", row_b),
        text("person_a", person_a),
        text("person_b", person_b),
        float("match_weight", weight),
        float("match_probability", probability),
        float("tf_adjustment", tf),
    ];
    for (c, values) in model.comparisons.iter().zip(levels) {
        columns.push(text(&c.name, values));
    }
    Ok(DataFrame::new(n, columns)?)
}

/// `persons.csv`'s columns: one row per person.
pub fn persons_frame(run: &RunOutput) -> anyhow::Result<DataFrame> {
    let persons = &run.persons;
    let join = |v: &[String]| v.join("; ");
    let dobs: Vec<&str> = persons.iter().map(|p| p.dob.as_str()).collect();
    let parsed: Vec<Option<NaiveDate>> = dobs
        .iter()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect();
    let all_dates = dobs
        .iter()
        .zip(&parsed)
        .all(|(d, p)| d.is_empty() || p.is_some());
    let dob = if all_dates {
        date("dob", parsed)?
    } else {
        text("dob", dobs.iter().map(|d| d.to_string()).collect())
    };
    let columns = vec![
        text("person_id", persons.iter().map(|p| p.id.clone()).collect()),
        text("name", persons.iter().map(|p| p.name.clone()).collect()),
        text(
            "passports",
            persons.iter().map(|p| join(&p.passports)).collect(),
        ),
        text(
            "nationality",
            persons.iter().map(|p| p.nationality.clone()).collect(),
        ),
        dob,
        text(
            "agencies",
            persons
                .iter()
                .map(|p| {
                    p.agencies
                        .iter()
                        .map(|a| a.code())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect(),
        ),
        int(
            "record_count",
            persons
                .iter()
                .map(|p| i64::try_from(p.records.len()).unwrap_or(i64::MAX))
                .collect(),
        ),
        text("flags", persons.iter().map(|p| join(&p.flags)).collect()),
    ];
    Ok(DataFrame::new(persons.len(), columns)?)
}

/// `conflicts.csv`'s columns (all text: ids, codes, and lists already formatted for people).
pub fn conflicts_frame(run: &RunOutput, conflicts: &[Conflict]) -> anyhow::Result<DataFrame> {
    let agencies = row_agencies(run);
    let mut values: Vec<Vec<String>> = (0..CONFLICT_HEADER.len())
        .map(|_| Vec::with_capacity(conflicts.len()))
        .collect();
    for c in conflicts {
        for (cell, column) in conflict_row(c, &agencies).into_iter().zip(&mut values) {
            column.push(cell);
        }
    }
    let columns = CONFLICT_HEADER
        .iter()
        .zip(values)
        .map(|(name, v)| text(name, v))
        .collect();
    Ok(DataFrame::new(conflicts.len(), columns)?)
}

fn text(name: &str, values: Vec<String>) -> Column {
    Column::new(name.into(), values)
}

fn optional_text(name: &str, values: Vec<Option<String>>) -> Column {
    Column::new(name.into(), values)
}

fn int(name: &str, values: Vec<i64>) -> Column {
    Column::new(name.into(), values)
}

fn float(name: &str, values: Vec<Option<f64>>) -> Column {
    Column::new(name.into(), values)
}

fn date(name: &str, values: Vec<Option<NaiveDate>>) -> anyhow::Result<Column> {
    let days: Vec<Option<i32>> = values
        .into_iter()
        .map(|d| d.map(|d| d.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE))
        .collect();
    Ok(Column::new(name.into(), days).cast(&DataType::Date)?)
}
