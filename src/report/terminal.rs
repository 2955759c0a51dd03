//! The compact summary `run` prints at the end: conflicts by type × severity, and the top cases
//! (highest severity first). Two comfy-table tables rendered by [`conflict_tables`]; [`print_conflicts`]
//! prints them to stdout, in colour only when stdout is a terminal (and `NO_COLOR` is unset), so
//! that a cron job's mail holds plain text.

use super::options::{display_order, rows_text, values_text, ConflictCounts, ReportOptions};
use crate::conflicts::{Conflict, ConflictType, Severity};
use crate::record::Provenance;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use std::io::IsTerminal;

/// How many cases the "top cases" table lists.
pub const TOP_CASES: usize = 10;
/// Width of the tables when stdout is not a terminal (a mail or a log file).
const PLAIN_WIDTH: u16 = 120;
/// Longest values cell in the top-cases table, in characters.
const VALUES_MAX: usize = 48;

const SEVERITIES: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
    }
}

fn new_table(styled: bool) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if !styled {
        t.force_no_tty();
        t.set_width(PLAIN_WIDTH);
    }
    t
}

/// Cuts `text` to `max` characters, marking the cut with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The type × severity table: one row per type with conflicts, and a total row.
pub fn type_severity_table(conflicts: &[Conflict], opts: &ReportOptions, styled: bool) -> Table {
    let lang = opts.lang;
    let counts = ConflictCounts::new(conflicts, &|_: &Provenance| None);
    let mut t = new_table(styled);
    let mut header = vec![
        Cell::new(lang.pick("jenis", "type")),
        Cell::new(lang.pick("keterangan", "label")),
    ];
    header.extend(SEVERITIES.iter().map(|s| {
        let c = Cell::new(lang.severity_label(*s));
        if styled {
            c.fg(severity_color(*s))
        } else {
            c
        }
    }));
    header.push(Cell::new(lang.pick("jumlah", "total")));
    t.set_header(header);
    for kind in ConflictType::ALL {
        let total = counts.by_type.get(kind).copied().unwrap_or(0);
        if total == 0 {
            continue;
        }
        let mut row = vec![Cell::new(kind.code()), Cell::new(lang.type_label(*kind))];
        for s in SEVERITIES {
            let n = counts
                .by_type_severity
                .get(&(*kind, s))
                .copied()
                .unwrap_or(0);
            let cell = Cell::new(if n == 0 {
                "·".to_string()
            } else {
                n.to_string()
            })
            .set_alignment(CellAlignment::Right);
            row.push(if styled && n > 0 {
                cell.fg(severity_color(s))
            } else {
                cell
            });
        }
        row.push(Cell::new(total).set_alignment(CellAlignment::Right));
        t.add_row(row);
    }
    let mut total = vec![Cell::new(lang.pick("jumlah", "total")), Cell::new("")];
    for s in SEVERITIES {
        let n = counts.by_severity.get(&s).copied().unwrap_or(0);
        total.push(Cell::new(n).set_alignment(CellAlignment::Right));
    }
    total.push(Cell::new(counts.total).set_alignment(CellAlignment::Right));
    if styled {
        total = total
            .into_iter()
            .map(|c| c.add_attribute(Attribute::Bold))
            .collect();
    }
    t.add_row(total);
    t
}

/// The top cases: the `limit` most severe conflicts (in [`display_order`]).
pub fn top_cases_table(
    conflicts: &[Conflict],
    opts: &ReportOptions,
    styled: bool,
    limit: usize,
) -> Table {
    let lang = opts.lang;
    let mut t = new_table(styled);
    t.set_header(vec![
        lang.pick("tingkat", "severity"),
        lang.pick("jenis", "type"),
        lang.pick("orang", "person"),
        lang.pick("data", "field"),
        lang.pick("nilai", "values"),
        lang.pick("baris", "rows"),
        lang.pick("penjelasan", "detail"),
    ]);
    for c in display_order(conflicts).into_iter().take(limit) {
        let severity = Cell::new(lang.severity_label(c.severity));
        let rows = c.rows();
        let rows_cell = match rows.len() {
            0 => String::new(),
            1 => rows_text(c),
            n => format!(
                "{} (+{})",
                rows.first().map(|p| p.to_string()).unwrap_or_default(),
                n - 1
            ),
        };
        t.add_row(vec![
            if styled {
                severity.fg(severity_color(c.severity))
            } else {
                severity
            },
            Cell::new(c.kind.code()),
            Cell::new(&c.person_id),
            Cell::new(&c.field),
            Cell::new(shorten(&values_text(c, opts), VALUES_MAX)),
            Cell::new(rows_cell),
            Cell::new(opts.detail(c)),
        ]);
    }
    t
}

/// Both tables as text, with a heading line each; a single line when there are no conflicts.
pub fn conflict_tables(conflicts: &[Conflict], opts: &ReportOptions, styled: bool) -> String {
    let lang = opts.lang;
    if conflicts.is_empty() {
        return format!(
            "{}\n",
            lang.pick(
                "Tidak ditemukan konflik antar instansi.",
                "No conflicts between the agencies were found."
            )
        );
    }
    let shown = conflicts.len().min(TOP_CASES);
    format!(
        "{}\n{}\n{}\n{}\n",
        lang.pick(
            "Konflik per jenis dan tingkat:",
            "Conflicts by type and severity:"
        ),
        type_severity_table(conflicts, opts, styled),
        match lang {
            super::options::Lang::Id =>
                format!("{shown} kasus teratas (tingkat tertinggi lebih dulu):"),
            super::options::Lang::En => format!("Top {shown} cases (highest severity first):"),
        },
        top_cases_table(conflicts, opts, styled, TOP_CASES),
    )
}

/// Whether stdout gets colour: a terminal, and no `NO_COLOR` (no-color.org).
pub fn stdout_styled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints the conflict summary to stdout (colour only on a terminal).
pub fn print_conflicts(conflicts: &[Conflict], opts: &ReportOptions) {
    print!("{}", conflict_tables(conflicts, opts, stdout_styled()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflicts::ConflictValue;
    use crate::report::options::Lang;
    use chrono::NaiveDate;

    fn opts(lang: Lang) -> ReportOptions {
        ReportOptions::new(lang, false, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap())
    }

    fn conflict(i: u32, kind: ConflictType, severity: Severity) -> Conflict {
        let row = |r: u32| Provenance {
            source: "kanim.xlsx".into(),
            sheet: "ITAS".into(),
            row: r,
        };
        Conflict {
            id: format!("{}-{i:03}", kind.code()),
            person: i,
            person_id: format!("P{:06}", i + 1),
            kind,
            severity,
            field: "dob".into(),
            values: vec![
                ConflictValue {
                    value: "1985-03-04".into(),
                    rows: vec![row(10 + i)],
                },
                ConflictValue {
                    value: "1985-04-03".into(),
                    rows: vec![row(100 + i), row(200 + i)],
                },
            ],
            detail_id: format!("Kasus {i}."),
            detail_en: format!("Case {i}."),
        }
    }

    fn sample() -> Vec<Conflict> {
        let kinds = [
            (ConflictType::DobMismatch, Severity::Medium),
            (ConflictType::PermitExpired, Severity::High),
            (ConflictType::AddressMismatch, Severity::Low),
            (ConflictType::DobMismatch, Severity::Low),
        ];
        (0..14)
            .map(|i| {
                let (k, s) = kinds[i as usize % kinds.len()];
                conflict(i, k, s)
            })
            .collect()
    }

    #[test]
    fn plain_tables_have_counts_and_top_cases() {
        let text = conflict_tables(&sample(), &opts(Lang::En), false);
        assert!(!text.contains('\u{1b}'), "no escape codes: {text}");
        let line = |start: &str| {
            text.lines()
                .find(|l| l.contains(start))
                .unwrap_or_else(|| panic!("no line with {start} in\n{text}"))
                .split(['│', '┆'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        // Type × severity: dob_mismatch is medium 4 (i = 0, 4, 8, 12) and low 3 (3, 7, 11).
        let cases = [
            ("dob_mismatch", ["·", "4", "3", "7"]),
            ("permit_expired", ["4", "·", "·", "4"]),
            ("address_mismatch", ["·", "·", "3", "3"]),
        ];
        for (code, want) in cases {
            let cells = line(&format!("│ {code} "));
            assert_eq!(&cells[2..], want, "{code}");
        }
        let total = line("│ total ");
        assert_eq!(total[1..], ["4", "4", "6", "14"]);
        // Top 10: the four high ones first.
        assert!(text.contains("Top 10 cases"));
        let top: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("│ high ") || l.contains("│ medium ") || l.contains("│ low "))
            .collect();
        assert_eq!(top.len(), TOP_CASES);
        assert!(top.iter().take(4).all(|l| l.contains("permit_expired")));
        assert!(top.iter().skip(4).take(4).all(|l| l.contains("medium")));
        // Rows: the first of three and how many more.
        assert!(text.contains("kanim.xlsx:ITAS:11 (+2)"), "{text}");
        assert!(text.contains("1985-03-04 | 1985-04-03"));
    }

    #[test]
    fn indonesian_labels_and_styling() {
        let text = conflict_tables(&sample(), &opts(Lang::Id), false);
        for want in [
            "Konflik per jenis dan tingkat:",
            "tinggi",
            "sedang",
            "rendah",
            "Izin tinggal habis berlaku",
            "10 kasus teratas",
            "Kasus 1.",
        ] {
            assert!(text.contains(want), "{want} in\n{text}");
        }
        let styled = conflict_tables(&sample(), &opts(Lang::Id), true);
        // Styled output may or may not hold escapes depending on the test's stdout, but holds
        // the same words.
        assert!(styled.contains("Izin tinggal habis berlaku"));
    }

    #[test]
    fn no_conflicts_is_one_line() {
        let cases = [
            (Lang::Id, "Tidak ditemukan konflik antar instansi.\n"),
            (Lang::En, "No conflicts between the agencies were found.\n"),
        ];
        for (lang, want) in cases {
            assert_eq!(conflict_tables(&[], &opts(lang), false), want);
        }
    }

    #[test]
    fn fewer_cases_than_the_limit() {
        let few: Vec<Conflict> = sample().into_iter().take(3).collect();
        let text = conflict_tables(&few, &opts(Lang::En), false);
        assert!(text.contains("Top 3 cases"), "{text}");
    }

    #[test]
    fn shortens_long_values() {
        let cases = [
            ("abc", 5, "abc"),
            ("abcdef", 5, "abcd…"),
            ("ééééé", 5, "ééééé"),
            ("éééééé", 5, "éééé…"),
            ("", 3, ""),
        ];
        for (input, max, want) in cases {
            assert_eq!(shorten(input, max), want);
        }
    }

    #[test]
    fn plain_snapshot() {
        let text = conflict_tables(&sample(), &opts(Lang::En), false);
        insta::assert_snapshot!(text);
    }
}
