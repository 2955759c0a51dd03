//! The linking outputs: `pairs.csv` (scored pairs for review), `persons.csv` (one row per person)
//! and `model.json` (the trained model, reloadable with `--model`).

use super::atomic::OutputDir;
use super::fixed::push_fixed;
use super::safe::neutralise;
use crate::link::persons::push_person_id;
use crate::pipeline::RunOutput;
use crate::record::Agency;
use std::borrow::Cow;
use std::fmt::Write as _;

/// Writes `pairs.csv`: every scored pair at or above the review floor, with both rows' addresses,
/// the match weight, the probability and each comparison's level.
pub fn write_pairs(out: &OutputDir, run: &RunOutput) -> anyhow::Result<usize> {
    let model = &run.link.model;
    out.write("pairs.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        let mut header: Vec<String> = [
            "source_a",
            "sheet_a",
            "row_a",
            "source_b",
            "sheet_b",
            "row_b",
            "person_a",
            "person_b",
            "match_weight",
            "match_probability",
            "tf_adjustment",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(model.comparisons.iter().map(|c| c.name.clone()));
        csv.write_record(&header)?;
        // Field by field into one reused buffer: a million-row run writes millions of pairs, and
        // building a row of owned strings per pair cost more than the writing itself. Level
        // labels are made safe once, not once per pair; the numbers are ours and finite, so
        // plain (a non-finite one still goes through the guard).
        let labels: Vec<Vec<Cow<'_, str>>> = model
            .comparisons
            .iter()
            .map(|c| c.levels.iter().map(|l| neutralise(&l.label)).collect())
            .collect();
        let mut num = String::new();
        let person_of = |i: u32| {
            run.link
                .clustering
                .person_of
                .get(i as usize)
                .copied()
                .unwrap_or(0)
        };
        for p in &run.link.pairs {
            let (Some(a), Some(b)) = (run.records.get(p.a as usize), run.records.get(p.b as usize))
            else {
                continue;
            };
            for r in [a, b] {
                csv.write_field(neutralise(&r.provenance.source).as_bytes())?;
                csv.write_field(neutralise(&r.provenance.sheet).as_bytes())?;
                num.clear();
                write!(num, "{}", r.provenance.row)?;
                csv.write_field(&num)?;
            }
            for i in [p.a, p.b] {
                num.clear();
                push_person_id(&mut num, person_of(i));
                csv.write_field(&num)?;
            }
            for (value, places) in [(p.weight, 4), (p.probability, 6), (p.tf_adjustment, 4)] {
                num.clear();
                push_fixed(&mut num, value, places);
                if value.is_finite() {
                    csv.write_field(&num)?;
                } else {
                    csv.write_field(neutralise(&num).as_bytes())?;
                }
            }
            for (i, levels) in labels.iter().enumerate() {
                let label = p
                    .vector
                    .level(i)
                    .and_then(|l| levels.get(l as usize))
                    .map(|l| l.as_ref())
                    .unwrap_or_default();
                csv.write_field(label)?;
            }
            csv.write_record(None::<&[u8]>)?;
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(run.link.pairs.len())
}

/// Writes `persons.csv`: `person_id,name,passports,nationality,dob,agencies,record_count,flags`.
pub fn write_persons(out: &OutputDir, run: &RunOutput) -> anyhow::Result<usize> {
    out.write("persons.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record([
            "person_id",
            "name",
            "passports",
            "nationality",
            "dob",
            "agencies",
            "record_count",
            "flags",
        ])?;
        for p in &run.persons {
            let agencies: Vec<&str> = p.agencies.iter().map(|a: &Agency| a.code()).collect();
            let row = [
                p.id.clone(),
                p.name.clone(),
                p.passports.join("; "),
                p.nationality.clone(),
                p.dob.clone(),
                agencies.join("; "),
                p.records.len().to_string(),
                p.flags.join("; "),
            ];
            csv.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(run.persons.len())
}

/// Writes `model.json`.
pub fn write_model(out: &OutputDir, run: &RunOutput) -> anyhow::Result<()> {
    let json = run.link.model.to_json();
    out.write("model.json", |w| Ok(w.write_all(json.as_bytes())?))?;
    Ok(())
}
