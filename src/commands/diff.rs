//! `reconcile diff LAST_OUT THIS_OUT`: what changed between two runs — the weekly cron job's mail.
//!
//! ```text
//! LAST_OUT/conflicts.csv ─┐                          ┌─▶ table on stdout (or --json)
//!                         ├─ classify by conflict_id ┼─▶ THIS_OUT/diff.csv (atomic)
//! THIS_OUT/conflicts.csv ─┘   new / resolved /       └─▶ exit 3 with --fail-on when NEW
//!                             persisting                 conflicts reach that severity
//! ```
//!
//! A [`DiffRow`] is one conflict with its [`Change`]. Conflict ids are stable across runs for the
//! same underlying disagreement (see `conflicts::Conflict::id`), so matching by id alone is right:
//! a conflict whose values changed but whose id did not is the same disagreement, persisting.
//! Persisting rows carry this week's values; resolved rows last week's.

use crate::cli::DiffArgs;
use crate::conflicts::{ConflictType, Severity};
use crate::exit::ExitStatus;
use crate::report::atomic::OutputDir;
use crate::report::safe::neutralise;
use anyhow::Context;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Columns `conflicts.csv` must have for a diff.
pub const REQUIRED_COLUMNS: [&str; 9] = [
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

/// Columns of `diff.csv`.
pub const DIFF_COLUMNS: [&str; 8] = [
    "change",
    "conflict_id",
    "type",
    "severity",
    "field",
    "values",
    "rows",
    "detail_en",
];

/// How a conflict changed between the two runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    New,
    Resolved,
    Persisting,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Resolved => "resolved",
            Change::Persisting => "persisting",
        }
    }
}

/// One row of a run's `conflicts.csv`, as much as a diff needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConflictRow {
    pub conflict_id: String,
    pub person_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub severity: String,
    pub field: String,
    pub values: String,
    pub rows: String,
    pub detail_en: String,
}

impl ConflictRow {
    /// The parsed severity; `None` for a value this version does not know.
    pub fn severity(&self) -> Option<Severity> {
        Severity::parse(&self.severity)
    }

    /// Sort key: severity (unknown last), type (known types in their order; the caller puts
    /// unknown ones last), id.
    fn order(&self) -> (u8, Option<ConflictType>, &str) {
        let s = match self.severity() {
            Some(Severity::High) => 0,
            Some(Severity::Medium) => 1,
            Some(Severity::Low) => 2,
            None => 3,
        };
        (s, ConflictType::from_code(&self.kind), &self.conflict_id)
    }
}

/// A conflict and how it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    pub change: Change,
    #[serde(flatten)]
    pub conflict: ConflictRow,
}

/// The whole comparison.
#[derive(Debug, Serialize)]
pub struct DiffReport {
    pub last: String,
    pub this: String,
    pub counts: BTreeMap<&'static str, usize>,
    /// New conflicts by severity (what `--fail-on` looks at).
    pub new_by_severity: BTreeMap<String, usize>,
    pub conflicts: Vec<DiffRow>,
}

/// Reads `DIR/conflicts.csv`. Errors name the file (and the missing column).
pub fn read_conflicts(dir: &Path) -> anyhow::Result<Vec<ConflictRow>> {
    let path = dir.join("conflicts.csv");
    let file = std::fs::File::open(&path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {}: {e}; is {} the output folder of a run?",
            path.display(),
            dir.display()
        )
    })?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let headers = rdr
        .headers()
        .with_context(|| format!("reading the header of {}", path.display()))?
        .clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        index
            .entry(h.trim().trim_start_matches('\u{feff}'))
            .or_insert(i);
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "{} is not a conflicts file written by reconcile: column{} {} missing",
            path.display(),
            if missing.len() == 1 { " is" } else { "s are" },
            missing.join(", ")
        );
    }
    let col = |name: &str| index.get(name).copied().unwrap_or(usize::MAX);
    let (id, person, kind, severity, field, values, rows, detail) = (
        col("conflict_id"),
        col("person_id"),
        col("type"),
        col("severity"),
        col("field"),
        col("values"),
        col("rows"),
        col("detail_en"),
    );
    let mut out = Vec::new();
    for (n, record) in rdr.records().enumerate() {
        // Line numbers as an editor shows them: the header is line 1.
        let record =
            record.with_context(|| format!("reading {} line {}", path.display(), n + 2))?;
        let get = |i: usize| record.get(i).unwrap_or_default().to_string();
        let row = ConflictRow {
            conflict_id: get(id),
            person_id: get(person),
            kind: get(kind),
            severity: get(severity),
            field: get(field),
            values: get(values),
            rows: get(rows),
            detail_en: get(detail),
        };
        if row.conflict_id.trim().is_empty() {
            anyhow::bail!(
                "{} line {}: the conflict_id is empty",
                path.display(),
                n + 2
            );
        }
        out.push(row);
    }
    Ok(out)
}

/// Classifies the conflicts of two runs by id: new (only in `this`), resolved (only in `last`),
/// persisting (in both; this run's values). Sorted by change, then severity, type and id. A
/// repeated id within one file counts once (its first row).
pub fn classify(last: Vec<ConflictRow>, this: Vec<ConflictRow>) -> Vec<DiffRow> {
    fn dedup(rows: Vec<ConflictRow>) -> Vec<ConflictRow> {
        let mut seen = HashSet::new();
        rows.into_iter()
            .filter(|r| seen.insert(r.conflict_id.clone()))
            .collect()
    }
    let (last, this) = (dedup(last), dedup(this));
    let last_ids: HashSet<&str> = last.iter().map(|r| r.conflict_id.as_str()).collect();
    let this_ids: HashSet<&str> = this.iter().map(|r| r.conflict_id.as_str()).collect();
    let mut out: Vec<DiffRow> = Vec::with_capacity(last.len().max(this.len()));
    for r in &this {
        let change = if last_ids.contains(r.conflict_id.as_str()) {
            Change::Persisting
        } else {
            Change::New
        };
        out.push(DiffRow {
            change,
            conflict: r.clone(),
        });
    }
    for r in &last {
        if !this_ids.contains(r.conflict_id.as_str()) {
            out.push(DiffRow {
                change: Change::Resolved,
                conflict: r.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        a.change.cmp(&b.change).then_with(|| {
            let (sa, ta, ia) = a.conflict.order();
            let (sb, tb, ib) = b.conflict.order();
            sa.cmp(&sb)
                .then(ta.is_none().cmp(&tb.is_none()))
                .then(ta.cmp(&tb))
                .then(a.conflict.kind.cmp(&b.conflict.kind))
                .then(ia.cmp(ib))
        })
    });
    out
}

/// The exit status: `ConflictsFound` when `fail_on` is given and a NEW conflict is at least that
/// severe. Resolved and persisting conflicts never fail a diff: the weekly mail is about change.
pub fn diff_status(rows: &[DiffRow], fail_on: Option<Severity>) -> ExitStatus {
    match fail_on {
        Some(level)
            if rows.iter().any(|r| {
                r.change == Change::New && r.conflict.severity().is_some_and(|s| s <= level)
            }) =>
        {
            ExitStatus::ConflictsFound
        }
        _ => ExitStatus::Success,
    }
}

/// Builds the report (counts included).
pub fn report(last: &Path, this: &Path, rows: Vec<DiffRow>) -> DiffReport {
    let mut counts: BTreeMap<&'static str, usize> =
        [Change::New, Change::Resolved, Change::Persisting]
            .iter()
            .map(|c| (c.code(), 0))
            .collect();
    let mut new_by_severity: BTreeMap<String, usize> =
        [Severity::High, Severity::Medium, Severity::Low]
            .iter()
            .map(|s| (s.code().to_string(), 0))
            .collect();
    for r in &rows {
        *counts.entry(r.change.code()).or_default() += 1;
        if r.change == Change::New {
            let key = r
                .conflict
                .severity()
                .map(|s| s.code().to_string())
                .unwrap_or_else(|| r.conflict.severity.clone());
            *new_by_severity.entry(key).or_default() += 1;
        }
    }
    DiffReport {
        last: last.display().to_string(),
        this: this.display().to_string(),
        counts,
        new_by_severity,
        conflicts: rows,
    }
}

/// Writes `diff.csv` into `out`.
pub fn write_diff_csv(out: &OutputDir, rows: &[DiffRow]) -> anyhow::Result<()> {
    out.write("diff.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(DIFF_COLUMNS)?;
        for r in rows {
            let c = &r.conflict;
            let cells = [
                r.change.code(),
                &c.conflict_id,
                &c.kind,
                &c.severity,
                &c.field,
                &c.values,
                &c.rows,
                &c.detail_en,
            ];
            csv.write_record(cells.iter().map(|v| neutralise(v).into_owned()))?;
        }
        csv.flush()?;
        Ok(())
    })?;
    Ok(())
}

/// The table printed on a terminal.
pub fn diff_table(rows: &[DiffRow], styled: bool) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if !styled {
        t.force_no_tty();
        t.set_width(120);
    }
    t.set_header(vec![
        "change",
        "conflict_id",
        "type",
        "severity",
        "person",
        "field",
        "values",
    ]);
    for r in rows {
        let c = &r.conflict;
        let change = Cell::new(r.change.code());
        let change = match (styled, r.change) {
            (true, Change::New) => change.fg(Color::Red),
            (true, Change::Resolved) => change.fg(Color::Green),
            _ => change,
        };
        t.add_row(vec![
            change,
            Cell::new(&c.conflict_id),
            Cell::new(&c.kind),
            Cell::new(&c.severity),
            Cell::new(&c.person_id),
            Cell::new(&c.field),
            Cell::new(&c.values),
        ]);
    }
    t
}

pub fn diff(args: &DiffArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let last = read_conflicts(&args.last)?;
    let this = read_conflicts(&args.this)?;
    let rows = classify(last, this);
    let out = OutputDir {
        dir: args.this.clone(),
        shared: args.shared_output,
    };
    write_diff_csv(&out, &rows)?;
    let status = diff_status(&rows, args.fail_on);
    let report = report(&args.last, &args.this, rows);
    if args.json {
        let json = serde_json::to_string_pretty(&report)?;
        println!("{json}");
    } else if !quiet {
        let n = |k: &str| report.counts.get(k).copied().unwrap_or(0);
        if !report.conflicts.is_empty() {
            println!(
                "{}",
                diff_table(&report.conflicts, crate::report::terminal::stdout_styled())
            );
        }
        println!(
            "{} new, {} resolved, {} persisting; diff.csv written to {}",
            n("new"),
            n("resolved"),
            n("persisting"),
            args.this.display()
        );
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, kind: &str, severity: &str) -> ConflictRow {
        ConflictRow {
            conflict_id: id.into(),
            person_id: "P000001".into(),
            kind: kind.into(),
            severity: severity.into(),
            field: "dob".into(),
            values: "1985-03-04 | 1985-04-03".into(),
            rows: "a.csv::2".into(),
            detail_en: "x".into(),
        }
    }

    #[test]
    fn classifies_by_id() {
        let last = vec![
            row("c1", "dob_mismatch", "medium"),
            row("c2", "permit_expired", "high"),
            row("c3", "address_mismatch", "low"),
        ];
        let mut changed = row("c1", "dob_mismatch", "medium");
        changed.values = "1985-03-04 | 1986-03-04".into();
        let this = vec![
            changed,
            row("c4", "sex_mismatch", "medium"),
            row("c5", "missing_immigration", "high"),
            row("c5", "missing_immigration", "high"),
            row("c3", "address_mismatch", "low"),
        ];
        let rows = classify(last, this);
        let got: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.change.code(), r.conflict.conflict_id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("new", "c5"),
                ("new", "c4"),
                ("resolved", "c2"),
                ("persisting", "c1"),
                ("persisting", "c3"),
            ]
        );
        // Persisting rows carry this run's values.
        assert_eq!(rows[3].conflict.values, "1985-03-04 | 1986-03-04");
    }

    #[test]
    fn fail_on_looks_at_new_conflicts_only() {
        let last = vec![row("old-high", "permit_expired", "high")];
        let this = vec![
            row("old-high", "permit_expired", "high"),
            row("new-medium", "dob_mismatch", "medium"),
        ];
        let rows = classify(last, this);
        let cases = [
            (None, ExitStatus::Success),
            (Some(Severity::High), ExitStatus::Success),
            (Some(Severity::Medium), ExitStatus::ConflictsFound),
            (Some(Severity::Low), ExitStatus::ConflictsFound),
        ];
        for (fail_on, want) in cases {
            assert_eq!(diff_status(&rows, fail_on), want, "{fail_on:?}");
        }
        // Indonesian severities in the file count too; unknown ones never fail.
        let rows = classify(vec![], vec![row("a", "x", "tinggi"), row("b", "y", "??")]);
        assert_eq!(
            diff_status(&rows, Some(Severity::High)),
            ExitStatus::ConflictsFound
        );
        let rows = classify(vec![], vec![row("b", "y", "??")]);
        assert_eq!(diff_status(&rows, Some(Severity::Low)), ExitStatus::Success);
    }

    #[test]
    fn counts() {
        let rows = classify(
            vec![row("a", "dob_mismatch", "medium")],
            vec![
                row("b", "permit_expired", "high"),
                row("c", "permit_expired", "high"),
            ],
        );
        let r = report(Path::new("l"), Path::new("t"), rows);
        let cases = [("new", 2), ("resolved", 1), ("persisting", 0)];
        for (k, n) in cases {
            assert_eq!(r.counts.get(k), Some(&n), "{k}");
        }
        assert_eq!(r.new_by_severity.get("high"), Some(&2));
        assert_eq!(r.new_by_severity.get("low"), Some(&0));
    }

    #[test]
    fn read_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_conflicts(dir.path()).unwrap_err().to_string();
        assert!(err.contains("conflicts.csv"), "{err}");
        std::fs::write(
            dir.path().join("conflicts.csv"),
            "conflict_id,person_id,type,severity,field\n",
        )
        .unwrap();
        let err = read_conflicts(dir.path()).unwrap_err().to_string();
        assert!(err.contains("conflicts.csv"), "{err}");
        assert!(err.contains("values, rows, detail_id, detail_en"), "{err}");
        std::fs::write(
            dir.path().join("conflicts.csv"),
            "\u{feff}detail_en,conflict_id,person_id,type,severity,field,values,rows,detail_id\n\
             \"Case, one.\",c1,P000001,dob_mismatch,medium,dob,a | b,x.csv::2,Kasus.\n",
        )
        .unwrap();
        let rows = read_conflicts(dir.path()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].conflict_id, "c1");
        assert_eq!(rows[0].detail_en, "Case, one.");
        assert_eq!(rows[0].values, "a | b");
    }
}
