//! The table sheets: conflicts, persons, records, the review queue and the rejected rows, each
//! filled row by row into its constant-memory worksheet.

use super::cells::*;
use super::*;

pub(super) fn write_conflicts_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
    max_rows: usize,
) -> anyhow::Result<()> {
    let header = conflict_header(opts.lang);
    let widths = [22.0, 10.0, 28.0, 24.0, 34.0, 10.0, 16.0, 40.0, 40.0, 70.0];
    let columns: Vec<(&str, f64)> = header.iter().copied().zip(widths).collect();
    let shown = shown_rows(conflicts.len(), max_rows);
    table_header(ws, styles, &columns, shown)?;
    for (i, c) in display_order(conflicts).into_iter().enumerate() {
        let Some(row) = sheet_row(i, shown) else {
            break;
        };
        let name = run
            .persons
            .get(c.person as usize)
            .map(|p| p.name.as_str())
            .unwrap_or_default();
        let cells = [
            Cow::Borrowed(c.id.as_str()),
            Cow::Borrowed(c.person_id.as_str()),
            Cow::Borrowed(name),
            Cow::Borrowed(c.kind.code()),
            Cow::Borrowed(opts.lang.type_label(c.kind)),
            Cow::Borrowed(opts.lang.severity_label(c.severity)),
            Cow::Borrowed(c.field.as_str()),
            Cow::Owned(values_text(c, opts)),
            Cow::Owned(rows_text(c)),
            opts.detail(c),
        ];
        let format = styles.severity(c.severity);
        for (col, value) in cells.iter().enumerate() {
            text(ws, row, u16::try_from(col)?, value, Some(format))?;
        }
    }
    cut_note(ws, styles, conflicts.len(), shown, "conflicts.csv", opts)
}

pub(super) fn write_persons_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
    max_rows: usize,
) -> anyhow::Result<()> {
    let columns = [
        ("person_id", 10.0),
        ("name", 30.0),
        ("passports", 22.0),
        ("nationality", 11.0),
        ("dob", 11.0),
        ("agencies", 30.0),
        ("records", 8.0),
        ("conflicts", 9.0),
        ("highest_severity", 14.0),
        ("flags", 40.0),
    ];
    let shown = shown_rows(run.persons.len(), max_rows);
    table_header(ws, styles, &columns, shown)?;
    let mut per_person: Vec<(usize, Option<Severity>)> = vec![(0, None); run.persons.len()];
    for c in conflicts {
        if let Some(slot) = per_person.get_mut(c.person as usize) {
            slot.0 += 1;
            slot.1 = Some(slot.1.map_or(c.severity, |s| s.min(c.severity)));
        }
    }
    for (i, p) in run.persons.iter().enumerate() {
        let Some(row) = sheet_row(i, shown) else {
            break;
        };
        let passports: Vec<Cow<str>> = p
            .passports
            .iter()
            .map(|v| opts.show("passport", v))
            .collect();
        let agencies: Vec<&str> = p.agencies.iter().map(|a| a.code()).collect();
        let (n, worst) = per_person.get(i).copied().unwrap_or((0, None));
        text(ws, row, 0, &p.id, None)?;
        text(ws, row, 1, &p.name, None)?;
        text(ws, row, 2, &passports.join("; "), None)?;
        text(ws, row, 3, &p.nationality, None)?;
        text(ws, row, 4, &p.dob, None)?;
        text(ws, row, 5, &agencies.join("; "), None)?;
        number(ws, row, 6, p.records.len() as f64, None)?;
        number(ws, row, 7, n as f64, None)?;
        match worst {
            Some(s) => text(
                ws,
                row,
                8,
                opts.lang.severity_label(s),
                Some(styles.severity(s)),
            )?,
            None => text(ws, row, 8, "", None)?,
        }
        text(ws, row, 9, &p.flags.join("; "), None)?;
    }
    cut_note(ws, styles, run.persons.len(), shown, "persons.csv", opts)
}

/// The record fields the Records sheet shows, after person and address.
pub(super) const RECORD_FIELDS: [Field; 15] = [
    Field::Passport,
    Field::Nik,
    Field::Nationality,
    Field::Dob,
    Field::Sex,
    Field::Desa,
    Field::Kecamatan,
    Field::Employer,
    Field::Sponsor,
    Field::PermitType,
    Field::PermitIndex,
    Field::PermitNumber,
    Field::PermitIssue,
    Field::PermitExpiry,
    Field::Status,
];

pub(super) fn write_records_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    run: &RunOutput,
    opts: &ReportOptions,
    max_rows: usize,
) -> anyhow::Result<()> {
    let mut columns: Vec<(&str, f64)> = vec![
        ("person_id", 10.0),
        ("source", 30.0),
        ("sheet", 18.0),
        ("row", 6.0),
        ("agency", 10.0),
        ("name", 30.0),
    ];
    columns.extend(RECORD_FIELDS.iter().map(|f| {
        let width = match f {
            Field::Employer | Field::Sponsor => 28.0,
            Field::Passport | Field::Nik | Field::PermitNumber => 18.0,
            _ => 12.0,
        };
        (f.key(), width)
    }));
    let shown = shown_rows(run.records.len(), max_rows);
    table_header(ws, styles, &columns, shown)?;
    for (i, r) in run.records.iter().enumerate() {
        let Some(row) = sheet_row(i, shown) else {
            break;
        };
        let person = run.link.clustering.person_of.get(i).copied().unwrap_or(0);
        text(ws, row, 0, &person_id(person), None)?;
        text(ws, row, 1, &r.provenance.source, None)?;
        text(ws, row, 2, &r.provenance.sheet, None)?;
        number(ws, row, 3, f64::from(r.provenance.row), None)?;
        text(ws, row, 4, r.agency.code(), None)?;
        text(ws, row, 5, &record_name(r), None)?;
        for (j, f) in RECORD_FIELDS.iter().enumerate() {
            let value = field_text(r, *f);
            let col = u16::try_from(6 + j)?;
            text(ws, row, col, &opts.show(f.key(), &value), None)?;
        }
    }
    cut_note(ws, styles, run.records.len(), shown, "records.csv", opts)
}

/// The borderline pairs (below the review threshold), most likely matches first: the ones an
/// analyst confirms fastest. Only the first `shown` are put in order (the sheet lists no more);
/// the rest are only counted.
pub(super) fn review_pairs<'a>(
    run: &'a RunOutput,
    opts: &ReportOptions,
    shown: usize,
) -> Vec<&'a crate::link::pipeline::ScoredPair> {
    let mut pairs: Vec<_> = run
        .link
        .pairs
        .iter()
        .filter(|p| p.probability < opts.review_threshold)
        .collect();
    let order = |x: &&crate::link::pipeline::ScoredPair, y: &&crate::link::pipeline::ScoredPair| {
        y.probability
            .total_cmp(&x.probability)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    };
    if shown < pairs.len() {
        pairs.select_nth_unstable_by(shown, order);
    }
    let head = shown.min(pairs.len());
    if let Some(head) = pairs.get_mut(..head) {
        head.par_sort_unstable_by(order);
    }
    pairs
}

pub(super) fn write_review_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    run: &RunOutput,
    pairs: &[&crate::link::pipeline::ScoredPair],
    opts: &ReportOptions,
    limits: RowLimits,
) -> anyhow::Result<()> {
    let model = &run.link.model;
    let mut columns: Vec<(&str, f64)> = vec![
        ("row_a", 34.0),
        ("name_a", 28.0),
        ("person_a", 10.0),
        ("row_b", 34.0),
        ("name_b", 28.0),
        ("person_b", 10.0),
        ("match_probability", 12.0),
        ("match_weight", 10.0),
        ("same_person", 10.0),
    ];
    columns.extend(model.comparisons.iter().map(|c| (c.name.as_str(), 16.0)));
    let (shown, capped) = limits.review_shown(pairs.len());
    table_header(ws, styles, &columns, shown)?;
    for (i, p) in pairs.iter().enumerate() {
        let Some(row) = sheet_row(i, shown) else {
            break;
        };
        let (Some(a), Some(b)) = (run.records.get(p.a as usize), run.records.get(p.b as usize))
        else {
            continue;
        };
        let person = |r: u32| {
            run.link
                .clustering
                .person_of
                .get(r as usize)
                .copied()
                .unwrap_or(0)
        };
        let (pa, pb) = (person(p.a), person(p.b));
        text(ws, row, 0, &a.provenance.to_string(), None)?;
        text(ws, row, 1, &record_name(a), None)?;
        text(ws, row, 2, &person_id(pa), None)?;
        text(ws, row, 3, &b.provenance.to_string(), None)?;
        text(ws, row, 4, &record_name(b), None)?;
        text(ws, row, 5, &person_id(pb), None)?;
        number(ws, row, 6, p.probability, Some(&styles.probability))?;
        number(ws, row, 7, p.weight, Some(&styles.probability))?;
        let same = if pa == pb {
            opts.lang.pick("ya", "yes")
        } else {
            opts.lang.pick("tidak", "no")
        };
        text(ws, row, 8, same, None)?;
        for (j, c) in model.comparisons.iter().enumerate() {
            let label = p
                .vector
                .level(j)
                .and_then(|l| c.levels.get(l as usize))
                .map(|l| l.label.as_str())
                .unwrap_or_default();
            text(ws, row, u16::try_from(9 + j)?, label, None)?;
        }
    }
    if capped {
        review_cut_note(ws, styles, pairs.len(), shown, opts)
    } else {
        cut_note(ws, styles, pairs.len(), shown, "pairs.csv", opts)
    }
}

/// Every rejected row: (source, sheet, row, reason, content).
pub(super) type RejectedRow<'a> = (&'a str, &'a str, u32, &'a str, &'a str);

pub(super) fn rejected_rows(run: &RunOutput) -> Vec<RejectedRow<'_>> {
    run.sources
        .iter()
        .flat_map(|s| {
            s.sheets().iter().flat_map(move |sheet| {
                sheet.rows.rejected.iter().map(move |r| {
                    (
                        s.spec.file.name.as_str(),
                        sheet.sheet.as_str(),
                        r.provenance.row,
                        r.reason.as_str(),
                        r.text.as_str(),
                    )
                })
            })
        })
        .collect()
}

pub(super) fn write_rejected_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    rows: &[RejectedRow<'_>],
    opts: &ReportOptions,
    max_rows: usize,
) -> anyhow::Result<()> {
    let columns = [
        ("source", 30.0),
        ("sheet", 18.0),
        ("row", 6.0),
        ("reason", 50.0),
        ("content", 80.0),
    ];
    let shown = shown_rows(rows.len(), max_rows);
    table_header(ws, styles, &columns, shown)?;
    for (i, (source, sheet, r, reason, content)) in rows.iter().enumerate() {
        let Some(row) = sheet_row(i, shown) else {
            break;
        };
        text(ws, row, 0, source, None)?;
        text(ws, row, 1, sheet, None)?;
        number(ws, row, 2, f64::from(*r), None)?;
        text(ws, row, 3, reason, None)?;
        // The row as read may hold passport numbers and NIKs.
        text(ws, row, 4, &opts.show_text(content), None)?;
    }
    cut_note(ws, styles, rows.len(), shown, "rejected.csv", opts)
}
