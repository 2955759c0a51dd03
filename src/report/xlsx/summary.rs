//! The Ringkasan | Summary sheet: headline figures, inputs, counts by type, severity and agency.

use super::cells::*;
use super::*;

pub(super) fn write_summary_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    run: &RunOutput,
    counts: &ConflictCounts,
    opts: &ReportOptions,
    cut: bool,
    review_cut: Option<&str>,
) -> anyhow::Result<()> {
    let lang = opts.lang;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 36)?;
    for col in 2..6 {
        ws.set_column_width(col, 12)?;
    }
    let mut row = 0u32;
    text(
        ws,
        row,
        0,
        lang.pick(
            "Rekonsiliasi data orang asing (TIMPORA): ringkasan",
            "Foreigner records reconciliation (TIMPORA): summary",
        ),
        Some(&styles.title),
    )?;
    row += 2;
    let as_of = opts.as_of.format("%Y-%m-%d").to_string();
    let version = format!("reconcile {}", env!("CARGO_PKG_VERSION"));
    for (label, value) in [
        (lang.pick("Tanggal acuan", "Reference date"), as_of.as_str()),
        (lang.pick("Versi", "Version"), version.as_str()),
        (
            lang.pick(
                "Nomor paspor/NIK disamarkan",
                "Passport numbers/NIKs masked",
            ),
            if opts.redact {
                lang.pick("ya", "yes")
            } else {
                lang.pick("tidak", "no")
            },
        ),
    ] {
        text(ws, row, 0, label, None)?;
        text(ws, row, 1, value, None)?;
        row += 1;
    }
    row += 1;

    text(
        ws,
        row,
        0,
        lang.pick("Angka utama", "Headline figures"),
        Some(&styles.section),
    )?;
    row += 1;
    let several = run.persons.iter().filter(|p| p.records.len() > 1).count();
    let sev = |s: Severity| counts.by_severity.get(&s).copied().unwrap_or(0);
    let headline = [
        (
            lang.pick("Baris data (record)", "Records"),
            run.records.len(),
        ),
        (lang.pick("Orang", "Persons"), run.persons.len()),
        (
            lang.pick(
                "Orang dengan lebih dari satu record",
                "Persons seen in more than one record",
            ),
            several,
        ),
        (lang.pick("Konflik", "Conflicts"), counts.total),
        (
            lang.pick("Orang dengan konflik", "Persons with conflicts"),
            counts.persons,
        ),
        (
            lang.pick("Konflik tingkat tinggi", "High-severity conflicts"),
            sev(Severity::High),
        ),
        (
            lang.pick("Konflik tingkat sedang", "Medium-severity conflicts"),
            sev(Severity::Medium),
        ),
        (
            lang.pick("Konflik tingkat rendah", "Low-severity conflicts"),
            sev(Severity::Low),
        ),
    ];
    for (label, n) in headline {
        text(ws, row, 0, label, None)?;
        number(ws, row, 1, n as f64, None)?;
        row += 1;
    }
    // A sheet holds at most about a million rows: say so rather than cut silently.
    if cut {
        text(
            ws,
            row,
            0,
            lang.pick(
                "Catatan: lembar dengan lebih dari 1.048.575 baris dipotong; data lengkap ada di berkas CSV.",
                "Note: sheets with more than 1,048,575 rows are cut; the CSV files hold everything.",
            ),
            Some(&styles.section),
        )?;
        row += 1;
    }
    if let Some(note) = review_cut {
        text(
            ws,
            row,
            0,
            note.trim_start_matches("… "),
            Some(&styles.section),
        )?;
        row += 1;
    }
    row += 1;

    text(
        ws,
        row,
        0,
        lang.pick("Berkas masukan", "Input files"),
        Some(&styles.section),
    )?;
    row += 1;
    for (col, h) in [
        lang.pick("berkas", "file"),
        lang.pick("instansi", "agency"),
        lang.pick("baris data", "data rows"),
        "records",
        lang.pick("ditolak", "rejected"),
    ]
    .iter()
    .enumerate()
    {
        text(ws, row, u16::try_from(col)?, h, Some(&styles.header))?;
    }
    row += 1;
    for s in &run.sources {
        text(ws, row, 0, &s.spec.file.name, None)?;
        text(ws, row, 1, opts.lang.agency_label(s.agency), None)?;
        if let Err(e) = &s.result {
            text(ws, row, 2, &e.to_string(), None)?;
        } else {
            number(ws, row, 2, s.data_rows() as f64, None)?;
            number(ws, row, 3, s.record_count() as f64, None)?;
            number(ws, row, 4, s.rejected_count() as f64, None)?;
        }
        row += 1;
    }
    row += 1;

    text(
        ws,
        row,
        0,
        lang.pick("Konflik per jenis", "Conflicts by type"),
        Some(&styles.section),
    )?;
    row += 1;
    for (col, h) in [
        lang.pick("jenis", "type"),
        lang.pick("kode", "code"),
        lang.pick("tinggi", "high"),
        lang.pick("sedang", "medium"),
        lang.pick("rendah", "low"),
        lang.pick("jumlah", "total"),
    ]
    .iter()
    .enumerate()
    {
        text(ws, row, u16::try_from(col)?, h, Some(&styles.header))?;
    }
    row += 1;
    for kind in ConflictType::ALL {
        text(ws, row, 0, lang.type_label(*kind), None)?;
        text(ws, row, 1, kind.code(), None)?;
        for (col, s) in [
            (2u16, Severity::High),
            (3, Severity::Medium),
            (4, Severity::Low),
        ] {
            let n = counts
                .by_type_severity
                .get(&(*kind, s))
                .copied()
                .unwrap_or(0);
            number(ws, row, col, n as f64, None)?;
        }
        let n = counts.by_type.get(kind).copied().unwrap_or(0);
        number(ws, row, 5, n as f64, None)?;
        row += 1;
    }
    row += 1;

    text(
        ws,
        row,
        0,
        lang.pick("Konflik per instansi", "Conflicts by agency"),
        Some(&styles.section),
    )?;
    row += 1;
    for agency in Agency::ALL {
        let n = counts.by_agency.get(&agency).copied().unwrap_or(0);
        let present = run.sources.iter().any(|s| s.agency == agency);
        if n == 0 && !present {
            continue;
        }
        text(ws, row, 0, lang.agency_label(agency), None)?;
        number(ws, row, 1, n as f64, None)?;
        row += 1;
    }
    Ok(())
}
