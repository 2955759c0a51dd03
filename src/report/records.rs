//! `records.csv` (one row per input data row) and `rejected.csv` (rows that are not records, with
//! their reasons).

use super::atomic::OutputDir;
use super::fixed::push_fixed;
use super::safe::neutralise;
use crate::ingest::load::SourceReport;
use crate::link::persons::push_person_id;
use crate::pipeline::RunOutput;
use crate::record::{Field, Record, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Fields that get a column: those any record holds, in the fixed `Field` order.
pub(crate) fn present_fields(records: &[&Record]) -> Vec<Field> {
    let set: BTreeSet<Field> = records
        .iter()
        .flat_map(|r| r.fields.iter().map(|(f, _)| *f))
        .filter(|f| !matches!(f, Field::RowNumber | Field::RecordId))
        .collect();
    set.into_iter().collect()
}

/// Writes `records.csv`, one row per input data row: `source,sheet,row,agency,record_id,person_id,
/// match_probability,status`, then one column per canonical field present, then `unmapped` (cells
/// of columns that map to no field, as `HEADER: value`). `match_probability` is the strongest link
/// joining the record to its person (empty when it stands alone); `status` is `linked` or `single`.
pub fn write_records(out: &OutputDir, run: &RunOutput) -> anyhow::Result<usize> {
    let records: Vec<&Record> = run.records.iter().collect();
    let fields = present_fields(&records);
    let sizes: Vec<usize> = run.persons.iter().map(|p| p.records.len()).collect();
    out.write("records.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        let mut header: Vec<&str> = vec![
            "source",
            "sheet",
            "row",
            "agency",
            "record_id",
            "person_id",
            "match_probability",
            "status",
        ];
        header.extend(fields.iter().map(|f| f.key()));
        header.push("unmapped");
        csv.write_record(&header)?;
        // Field by field through one reused buffer, as `pairs.csv` is: a row of owned strings
        // per record (and a safe copy of each) was most of this file's time at a million rows.
        let mut buf = String::new();
        for (i, r) in records.iter().enumerate() {
            let person = run.link.clustering.person_of.get(i).copied().unwrap_or(0);
            let linked = sizes.get(person as usize).copied().unwrap_or(1) > 1;
            let p = run.link.record_probability.get(i).copied().unwrap_or(0.0);
            csv.write_field(neutralise(&r.provenance.source).as_bytes())?;
            csv.write_field(neutralise(&r.provenance.sheet).as_bytes())?;
            buf.clear();
            write!(buf, "{}", r.provenance.row)?;
            csv.write_field(&buf)?;
            csv.write_field(r.agency.code())?;
            csv.write_field(neutralise(&r.record_id).as_bytes())?;
            buf.clear();
            push_person_id(&mut buf, person);
            csv.write_field(&buf)?;
            buf.clear();
            if linked {
                push_fixed(&mut buf, p, 6);
            }
            csv.write_field(neutralise(&buf).as_bytes())?;
            csv.write_field(if linked { "linked" } else { "single" })?;
            for f in &fields {
                match r.get(*f) {
                    Some(Value::Text(t)) => csv.write_field(neutralise(t).as_bytes())?,
                    Some(v) => csv.write_field(neutralise(&v.to_text()).as_bytes())?,
                    None => csv.write_field("")?,
                }
            }
            buf.clear();
            for (k, (h, v)) in r.extra.iter().enumerate() {
                if k > 0 {
                    buf.push_str("; ");
                }
                write!(buf, "{h}: {v}")?;
            }
            csv.write_field(neutralise(&buf).as_bytes())?;
            csv.write_record(None::<&[u8]>)?;
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(records.len())
}

/// Writes `rejected.csv`: `source,sheet,row,kind,reason,content`, where `kind` is `rejected` (a
/// data row that is not a record) or `skipped` (a layout row below the header: total, footer, …;
/// blank rows are counted in `inspect` but not listed).
pub fn write_rejected(out: &OutputDir, sources: &[SourceReport]) -> anyhow::Result<usize> {
    let mut n = 0;
    out.write("rejected.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["source", "sheet", "row", "kind", "reason", "content"])?;
        for s in sources {
            for sheet in s.sheets() {
                let mut rows: Vec<(u32, &str, String, &str)> = Vec::new();
                for r in &sheet.rows.rejected {
                    rows.push((r.provenance.row, "rejected", r.reason.clone(), &r.text));
                }
                for k in &sheet.rows.skipped {
                    if k.reason != crate::ingest::rows::SkipReason::Blank {
                        rows.push((k.row, "skipped", k.reason.describe().to_string(), &k.text));
                    }
                }
                rows.sort_by_key(|r| r.0);
                for (row, kind, reason, text) in rows {
                    if kind == "rejected" {
                        n += 1;
                    }
                    let cells = [
                        s.spec.file.name.clone(),
                        sheet.sheet.clone(),
                        row.to_string(),
                        kind.to_string(),
                        reason,
                        text.to_string(),
                    ];
                    csv.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
                }
            }
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(n)
}
