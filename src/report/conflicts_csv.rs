//! `conflicts.csv`: one row per conflict, for analysts and scripts.
//!
//! Columns: `conflict_id,person_id,type,severity,field,values,rows,detail_id,detail_en`.
//! `values` lists each differing value with the agencies that hold it
//! (`1980-03-12 [imigrasi] | 1980-12-03 [polri]`); `rows` lists every row involved as
//! `source:sheet:row`, separated by `; `. Every cell goes through [`neutralise`].

use super::atomic::OutputDir;
use super::safe::neutralise;
use crate::conflicts::{row_agencies, Conflict};
use crate::pipeline::RunOutput;
use crate::record::{Agency, Provenance};
use std::collections::HashMap;

/// The header of `conflicts.csv`.
pub const HEADER: [&str; 9] = [
    "conflict_id",
    "person_id",
    "type",
    "severity",
    "field",
    "values",
    "rows",
    "detail_id",
    "detail_en",
];

/// `value [agency, agency] | value [agency]`.
pub fn format_values(c: &Conflict, agencies: &HashMap<&Provenance, Agency>) -> String {
    c.values
        .iter()
        .map(|v| {
            let mut who: Vec<Agency> = v
                .rows
                .iter()
                .filter_map(|r| agencies.get(r).copied())
                .collect();
            who.sort();
            who.dedup();
            if who.is_empty() {
                v.value.clone()
            } else {
                let codes: Vec<&str> = who.iter().map(|a| a.code()).collect();
                format!("{} [{}]", v.value, codes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// One CSV row (not yet neutralised).
pub fn conflict_row(c: &Conflict, agencies: &HashMap<&Provenance, Agency>) -> [String; 9] {
    [
        c.id.clone(),
        c.person_id.clone(),
        c.kind.code().to_string(),
        c.severity.code().to_string(),
        c.field.clone(),
        format_values(c, agencies),
        c.rows()
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        c.detail_id.clone(),
        c.detail_en.clone(),
    ]
}

/// Writes `conflicts.csv` atomically; returns the number of conflicts written.
pub fn write_conflicts(
    out: &OutputDir,
    run: &RunOutput,
    conflicts: &[Conflict],
) -> anyhow::Result<usize> {
    let agencies = row_agencies(run);
    out.write("conflicts.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(HEADER)?;
        for c in conflicts {
            let row = conflict_row(c, &agencies);
            csv.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(conflicts.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflicts::{ConflictType, ConflictValue, Severity};

    fn prov(source: &str, row: u32) -> Provenance {
        Provenance {
            source: source.into(),
            sheet: String::new(),
            row,
        }
    }

    #[test]
    fn formats_values_and_rows() {
        let a = prov("kanim.csv", 7);
        let b = prov("polres.csv", 3);
        let c = prov("dukcapil.csv", 9);
        let agencies: HashMap<&Provenance, Agency> = [
            (&a, Agency::Imigrasi),
            (&b, Agency::Polri),
            (&c, Agency::Dukcapil),
        ]
        .into_iter()
        .collect();
        let conflict = Conflict {
            id: "00ff".into(),
            person: 0,
            person_id: "P000001".into(),
            kind: ConflictType::DobMismatch,
            severity: Severity::Medium,
            field: "dob".into(),
            values: vec![
                ConflictValue {
                    value: "1980-03-12".into(),
                    rows: vec![a.clone()],
                },
                ConflictValue {
                    value: "1980-12-03".into(),
                    rows: vec![b.clone(), c.clone()],
                },
                ConflictValue {
                    value: "— [imigrasi]".into(),
                    rows: vec![],
                },
            ],
            detail_id: "=x".into(),
            detail_en: "y".into(),
        };
        let row = conflict_row(&conflict, &agencies);
        let cases = [
            (0, "00ff"),
            (2, "dob_mismatch"),
            (3, "medium"),
            (
                5,
                "1980-03-12 [imigrasi] | 1980-12-03 [dukcapil, polri] | — [imigrasi]",
            ),
            (6, "dukcapil.csv::9; kanim.csv::7; polres.csv::3"),
        ];
        for (i, want) in cases {
            assert_eq!(row.get(i).map(String::as_str), Some(want), "column {i}");
        }
        assert_eq!(neutralise(&row[7]), "'=x");
    }
}
