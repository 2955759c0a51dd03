//! `report.xlsx`: the workbook an analyst opens and works in.
//!
//! ```text
//! write_workbook(out, run, conflicts, opts)
//!   ├─ Ringkasan | Summary   headline figures, inputs, counts by type / severity / agency
//!   ├─ Konflik | Conflicts   one row per conflict, coloured by severity, filterable, header frozen
//!   ├─ Persons               one row per person, with its number of conflicts
//!   ├─ Records               one row per record: person_id, source:sheet:row and the key fields
//!   ├─ Review                borderline pairs (review floor ≤ probability < threshold)
//!   └─ Rejected              data rows that are not records, with the reason
//! ```
//!
//! Every text cell goes through [`neutralise`] (formula injection) and is cut to Excel's cell limit.
//! The five table sheets are written in rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file as soon as the next one starts, so a million-record run does not hold a second
//! copy of its data as spreadsheet cells. A sheet longer than Excel's 1,048,576 rows ends with a
//! row saying how many rows were left out and which CSV file holds them all.
//! The document's creation time is the reference date, not the clock, so the same input gives a
//! byte-identical file: a weekly cron job can tell "nothing changed" from the checksum. With
//! `--redact`, passport numbers and NIKs are masked in every sheet.

use super::atomic::OutputDir;
use super::options::{display_order, rows_text, values_text, ConflictCounts, Lang, ReportOptions};
use super::safe::neutralise;
use crate::conflicts::{Conflict, ConflictType, Severity};
use crate::link::persons::person_id;
use crate::pipeline::RunOutput;
use crate::record::Value;
use crate::record::{Agency, Field, Record};
use chrono::Datelike;
use rayon::prelude::*;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet,
};
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Excel's limit on the characters in one cell.
const CELL_MAX_CHARS: usize = 32_767;
/// Data rows a sheet can hold below its header (Excel has 1,048,576 rows).
pub const SHEET_MAX_ROWS: usize = 1_048_575;
/// Pairs the review sheet lists at most, most likely first. The sheet is a work queue: nobody
/// confirms more pairs than this by hand, and a national run has millions of borderline pairs,
/// whose sheet alone made the workbook a gigabyte of XML, slow to write and slower to open.
/// `pairs.csv` holds every pair.
pub const REVIEW_SHEET_MAX_ROWS: usize = 100_000;

/// How many data rows the sheets may hold: Excel's limit for all, and the review queue's.
#[derive(Clone, Copy, Debug)]
struct RowLimits {
    sheet: usize,
    review: usize,
}

impl RowLimits {
    const REPORT: RowLimits = RowLimits {
        sheet: SHEET_MAX_ROWS,
        review: REVIEW_SHEET_MAX_ROWS,
    };

    /// Review pairs shown, and whether the queue limit (not Excel's) is what cut them.
    fn review_shown(self, total: usize) -> (usize, bool) {
        if total > self.review && self.review < self.sheet {
            (self.review, true)
        } else {
            (shown_rows(total, self.sheet), false)
        }
    }
}

/// The sheet names, in order, for a language.
pub fn sheet_names(lang: Lang) -> [&'static str; 6] {
    [
        lang.pick("Ringkasan", "Summary"),
        lang.pick("Konflik", "Conflicts"),
        "Persons",
        "Records",
        "Review",
        "Rejected",
    ]
}

/// The header of the conflicts sheet.
pub fn conflict_header(lang: Lang) -> [&'static str; 10] {
    [
        "conflict_id",
        "person_id",
        lang.pick("nama", "name"),
        lang.pick("jenis", "type"),
        lang.pick("keterangan jenis", "type label"),
        lang.pick("tingkat", "severity"),
        lang.pick("data", "field"),
        lang.pick("nilai", "values"),
        lang.pick("baris", "rows"),
        lang.pick("penjelasan", "detail"),
    ]
}

/// Formats shared by the sheets.
struct Styles {
    header: Format,
    title: Format,
    section: Format,
    probability: Format,
    high: Format,
    medium: Format,
    low: Format,
}

impl Styles {
    fn new() -> Styles {
        let fill = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            section: Format::new().set_bold(),
            probability: Format::new().set_num_format("0.000"),
            // Excel's own "bad / neutral / good"-style fills, which analysts recognise.
            high: fill(0xFFC7CE, 0x9C0006),
            medium: fill(0xFFEB9C, 0x9C5700),
            low: fill(0xDDEBF7, 0x1F3864),
        }
    }

    /// Every format, in the order their workbook indices are assigned.
    fn all(&self) -> [&Format; 7] {
        [
            &self.header,
            &self.title,
            &self.section,
            &self.probability,
            &self.high,
            &self.medium,
            &self.low,
        ]
    }

    fn severity(&self, s: Severity) -> &Format {
        match s {
            Severity::High => &self.high,
            Severity::Medium => &self.medium,
            Severity::Low => &self.low,
        }
    }
}

/// A text cell as written: neutralised, and cut to what Excel accepts.
fn cell_text(value: &str) -> Cow<'_, str> {
    let safe = neutralise(value);
    if safe.len() <= CELL_MAX_CHARS || safe.chars().count() <= CELL_MAX_CHARS {
        return safe;
    }
    let mut cut: String = safe.chars().take(CELL_MAX_CHARS - 1).collect();
    cut.push('…');
    Cow::Owned(cut)
}

fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: Option<&Format>,
) -> anyhow::Result<()> {
    let value = cell_text(value);
    match format {
        Some(f) => ws.write_string_with_format(row, col, value.as_ref(), f)?,
        None => ws.write_string(row, col, value.as_ref())?,
    };
    Ok(())
}

fn number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: f64,
    format: Option<&Format>,
) -> anyhow::Result<()> {
    match format {
        Some(f) => ws.write_number_with_format(row, col, value, f)?,
        None => ws.write_number(row, col, value)?,
    };
    Ok(())
}

/// Writes a header row with column widths, freezes it, and puts an autofilter over `rows` data
/// rows below it.
fn table_header(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[(&str, f64)],
    rows: usize,
) -> anyhow::Result<()> {
    for (col, (name, width)) in columns.iter().enumerate() {
        let col = u16::try_from(col)?;
        text(ws, 0, col, name, Some(&styles.header))?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = u16::try_from(columns.len().saturating_sub(1))?;
    let last_row = u32::try_from(rows)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// How many of `total` data rows a sheet shows when it holds at most `max_rows` below its header:
/// all of them, or one fewer than fit, to leave the last row for the note that says so.
fn shown_rows(total: usize, max_rows: usize) -> usize {
    if total <= max_rows {
        total
    } else {
        max_rows.saturating_sub(1)
    }
}

/// Row number in the sheet of data row `i` (below the header), or `None` past the rows shown.
fn sheet_row(i: usize, shown: usize) -> Option<u32> {
    if i >= shown {
        return None;
    }
    u32::try_from(i + 1).ok()
}

/// The last row of a cut sheet: how many rows are missing and where they all are.
fn cut_note(
    ws: &mut Worksheet,
    styles: &Styles,
    total: usize,
    shown: usize,
    csv: &str,
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    if shown >= total {
        return Ok(());
    }
    let left = total - shown;
    let note = match opts.lang {
        Lang::Id => {
            format!("… {left} baris lagi tidak dimuat (batas baris Excel); semuanya ada di {csv}.")
        }
        Lang::En => {
            format!("… {left} more rows are not shown (Excel's row limit); {csv} holds them all.")
        }
    };
    note_below(ws, styles, shown, &note)
}

/// The review queue's last row when it holds only the most likely pairs.
fn review_cut_note(
    ws: &mut Worksheet,
    styles: &Styles,
    total: usize,
    shown: usize,
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    let note = review_cut_text(opts.lang, total, shown);
    note_below(ws, styles, shown, &note)
}

fn review_cut_text(lang: Lang, total: usize, shown: usize) -> String {
    let left = total.saturating_sub(shown);
    match lang {
        Lang::Id => format!(
            "… {left} pasangan lagi tidak dimuat: lembar ini memuat {shown} pasangan yang paling mungkin sama; semuanya ada di pairs.csv."
        ),
        Lang::En => format!(
            "… {left} more pairs are not shown: this sheet lists the {shown} most likely pairs; pairs.csv holds them all."
        ),
    }
}

/// A note in the first cell of the row below `shown` data rows.
fn note_below(ws: &mut Worksheet, styles: &Styles, shown: usize, note: &str) -> anyhow::Result<()> {
    let row = u32::try_from(shown + 1)?;
    text(ws, row, 0, note, Some(&styles.section))
}

/// A record's field as text, borrowed when the source gave text (most cells of the big sheets).
fn field_text(r: &Record, f: Field) -> Cow<'_, str> {
    match r.get(f) {
        Some(Value::Text(t)) => Cow::Borrowed(t.as_str()),
        Some(v) => Cow::Owned(v.to_text()),
        None => Cow::Borrowed(""),
    }
}

/// A record's name as the source wrote it (given and family names joined when split).
fn record_name(r: &Record) -> Cow<'_, str> {
    match r.get(Field::Name) {
        Some(_) => field_text(r, Field::Name),
        None => {
            let g = field_text(r, Field::GivenName);
            let f = field_text(r, Field::FamilyName);
            Cow::Owned(format!("{g} {f}").trim().to_string())
        }
    }
}

/// Writes `report.xlsx` into `out`, streaming the zip straight into the atomic output file; the
/// big sheets' rows wait in temporary files in the output folder meanwhile.
pub fn write_workbook(
    out: &OutputDir,
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    let jobs = WorkbookJobs::new(run, conflicts, opts, Some(&out.dir))?;
    jobs.fill_all()?;
    jobs.save(out)
}

/// The workbook's bytes (for tests and callers that want it in memory).
pub fn workbook_bytes(
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    Ok(build_workbook(run, conflicts, opts, None, RowLimits::REPORT)?.save_to_buffer()?)
}

/// Fills every sheet. `spool` is where the constant-memory sheets keep their rows until saving
/// (the system temporary folder when `None`); `limits` says how many data rows a sheet may hold.
fn build_workbook(
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
    spool: Option<&Path>,
    limits: RowLimits,
) -> anyhow::Result<Workbook> {
    let jobs = WorkbookJobs::with_limits(run, conflicts, opts, spool, limits)?;
    jobs.fill_all()?;
    jobs.finish()
}

/// The workbook's table sheets, each filled by its own job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableSheet {
    Conflicts,
    Persons,
    Records,
    Review,
    Rejected,
}

impl TableSheet {
    /// The longest first, the order to start them in: the Records sheet and then the save are the
    /// longest chain of a big run's outputs, so it starts before everything else.
    pub const LONGEST_FIRST: [TableSheet; 5] = [
        TableSheet::Records,
        TableSheet::Review,
        TableSheet::Persons,
        TableSheet::Conflicts,
        TableSheet::Rejected,
    ];

    /// Position among the table sheets (the workbook's order, after the summary).
    fn index(self) -> usize {
        match self {
            TableSheet::Conflicts => 0,
            TableSheet::Persons => 1,
            TableSheet::Records => 2,
            TableSheet::Review => 3,
            TableSheet::Rejected => 4,
        }
    }
}

/// The workbook in jobs that other outputs' jobs can run between: each table sheet is filled
/// on its own (in any order, on any thread; each spools its rows to its own temporary file), and
/// the workbook is saved once all are filled. The summary sheet and every format are made first,
/// in a fixed order, so the bytes do not depend on the threads.
pub struct WorkbookJobs<'a> {
    run: &'a RunOutput,
    conflicts: &'a [Conflict],
    opts: &'a ReportOptions,
    limits: RowLimits,
    styles: Styles,
    review_pairs: Vec<&'a crate::link::pipeline::ScoredPair>,
    rejected_rows: Vec<RejectedRow<'a>>,
    /// The workbook with its summary sheet; the table sheets are out of it while being filled.
    workbook: Mutex<Option<Workbook>>,
    sheets: [Mutex<Option<Worksheet>>; 5],
    left: AtomicUsize,
}

impl<'a> WorkbookJobs<'a> {
    /// Makes the workbook, its formats and its summary sheet, and the empty table sheets.
    pub fn new(
        run: &'a RunOutput,
        conflicts: &'a [Conflict],
        opts: &'a ReportOptions,
        spool: Option<&Path>,
    ) -> anyhow::Result<Self> {
        Self::with_limits(run, conflicts, opts, spool, RowLimits::REPORT)
    }

    fn with_limits(
        run: &'a RunOutput,
        conflicts: &'a [Conflict],
        opts: &'a ReportOptions,
        spool: Option<&Path>,
        limits: RowLimits,
    ) -> anyhow::Result<Self> {
        let styles = Styles::new();
        let [summary, konflik, persons, records, review, rejected] = sheet_names(opts.lang);
        let mut wb = Workbook::new();
        // Deflate level 1 instead of 6: about twice as fast to write for a file ~20% larger; the
        // workbook is the longest output of a big run and is opened locally, not mailed around.
        wb.set_zip_compression_level(1);
        if let Some(dir) = spool {
            wb.set_tempdir(dir)?;
        }
        let counts = ConflictCounts::of_run(conflicts, run);
        let review_pairs = review_pairs(run, opts, limits.review);
        let rejected_rows = rejected_rows(run);
        let cut = [
            counts.total,
            run.persons.len(),
            run.records.len(),
            review_pairs.len(),
            rejected_rows.len(),
        ]
        .iter()
        .any(|&n| n > limits.sheet);
        let (review_shown, review_capped) = limits.review_shown(review_pairs.len());
        let review_cut =
            review_capped.then(|| review_cut_text(opts.lang, review_pairs.len(), review_shown));
        // Every format gets its workbook-wide index now, in this fixed order: the sheets are
        // filled on several threads, and a format first met on one of them would otherwise get
        // whichever index that thread reached first, and the bytes would differ from run to run.
        for format in styles.all() {
            wb.register_format(format);
        }
        write_summary_sheet(
            wb.add_worksheet().set_name(summary)?,
            &styles,
            run,
            &counts,
            opts,
            cut,
            review_cut.as_deref(),
        )?;
        for name in [konflik, persons, records] {
            wb.add_worksheet_with_constant_memory()?.set_name(name)?;
        }
        // The review sheet repeats a dozen comparison labels on every row: in the shared strings
        // table each becomes a short index, which made the sheet's XML (and the time to zip it)
        // a fraction of the inline form at a million pairs. Its other cells (row addresses,
        // names) are fewer than the Records sheet's, so the table stays small.
        wb.add_worksheet_with_low_memory()?.set_name(review)?;
        wb.add_worksheet_with_constant_memory()?
            .set_name(rejected)?;
        // The table sheets leave the workbook while they are filled (each by its own job) and
        // come back in the same order before saving.
        let mut table_sheets = wb.worksheets_mut().drain(1..);
        let sheets = std::array::from_fn(|_| Mutex::new(table_sheets.next()));
        drop(table_sheets);
        Ok(WorkbookJobs {
            run,
            conflicts,
            opts,
            limits,
            styles,
            review_pairs,
            rejected_rows,
            workbook: Mutex::new(Some(wb)),
            sheets,
            left: AtomicUsize::new(TableSheet::LONGEST_FIRST.len()),
        })
    }

    /// Fills one table sheet. Returns whether it was the last one, so the workbook can be saved.
    pub fn fill(&self, sheet: TableSheet) -> anyhow::Result<bool> {
        let slot = self
            .sheets
            .get(sheet.index())
            .ok_or_else(|| anyhow::anyhow!("the workbook has no sheet {sheet:?}"))?;
        let mut guard = slot
            .lock()
            .map_err(|_| anyhow::anyhow!("another sheet's writer failed"))?;
        let ws = guard
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("the sheet {sheet:?} is missing"))?;
        let (run, styles, opts, max_rows) = (self.run, &self.styles, self.opts, self.limits.sheet);
        match sheet {
            TableSheet::Conflicts => {
                write_conflicts_sheet(ws, styles, run, self.conflicts, opts, max_rows)
            }
            TableSheet::Persons => {
                write_persons_sheet(ws, styles, run, self.conflicts, opts, max_rows)
            }
            TableSheet::Records => write_records_sheet(ws, styles, run, opts, max_rows),
            TableSheet::Review => {
                write_review_sheet(ws, styles, run, &self.review_pairs, opts, self.limits)
            }
            TableSheet::Rejected => {
                write_rejected_sheet(ws, styles, &self.rejected_rows, opts, max_rows)
            }
        }?;
        Ok(self.left.fetch_sub(1, Ordering::AcqRel) == 1)
    }

    /// Fills every table sheet, side by side on the rayon pool.
    pub fn fill_all(&self) -> anyhow::Result<()> {
        let results: Vec<anyhow::Result<bool>> = TableSheet::LONGEST_FIRST
            .par_iter()
            .map(|&sheet| self.fill(sheet))
            .collect();
        for result in results {
            result?;
        }
        Ok(())
    }

    /// The whole workbook, once every table sheet is filled.
    fn finish(&self) -> anyhow::Result<Workbook> {
        let failed = || anyhow::anyhow!("a sheet's writer failed before the workbook was saved");
        if self.left.load(Ordering::Acquire) != 0 {
            anyhow::bail!("the workbook was saved before all its sheets were filled");
        }
        let mut wb = self
            .workbook
            .lock()
            .map_err(|_| failed())?
            .take()
            .ok_or_else(failed)?;
        for slot in &self.sheets {
            let ws = slot
                .lock()
                .map_err(|_| failed())?
                .take()
                .ok_or_else(failed)?;
            wb.push_worksheet(ws);
        }
        let opts = self.opts;
        // A fixed creation time (the reference date) keeps the bytes the same for the same input.
        let created = ExcelDateTime::from_ymd(
            u16::try_from(opts.as_of.year()).unwrap_or(2000),
            u8::try_from(opts.as_of.month()).unwrap_or(1),
            u8::try_from(opts.as_of.day()).unwrap_or(1),
        )
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
        let props = DocProperties::new()
            .set_title(opts.lang.pick(
                "Rekonsiliasi data orang asing (TIMPORA)",
                "Foreigner records reconciliation (TIMPORA)",
            ))
            .set_author("reconcile")
            .set_creation_datetime(&created);
        wb.set_properties(&props);
        Ok(wb)
    }

    /// Saves `report.xlsx` into `out`, once every table sheet is filled.
    pub fn save(&self, out: &OutputDir) -> anyhow::Result<()> {
        let mut wb = self.finish()?;
        out.write("report.xlsx", |w| Ok(wb.save_to_writer(w)?))?;
        Ok(())
    }
}

fn write_summary_sheet(
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

fn write_conflicts_sheet(
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

fn write_persons_sheet(
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
const RECORD_FIELDS: [Field; 15] = [
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

fn write_records_sheet(
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
fn review_pairs<'a>(
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

fn write_review_sheet(
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
type RejectedRow<'a> = (&'a str, &'a str, u32, &'a str, &'a str);

fn rejected_rows(run: &RunOutput) -> Vec<RejectedRow<'_>> {
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

fn write_rejected_sheet(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{conflicts_for, messy_run};
    use calamine::{Data, Reader, Xlsx};
    use chrono::NaiveDate;

    fn opts(lang: Lang, redact: bool) -> ReportOptions {
        ReportOptions::new(lang, redact, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap())
    }

    /// The sheets of a workbook as rows of text cells.
    fn read_back(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let names = wb.sheet_names().to_vec();
        names
            .into_iter()
            .map(|name| {
                let range = wb.worksheet_range(&name).unwrap();
                let rows = range
                    .rows()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::Empty => String::new(),
                                Data::Float(f) => format!("{f}"),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect();
                (name, rows)
            })
            .collect()
    }

    fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a Vec<Vec<String>> {
        &book.iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn sheets_headers_cells_and_counts() {
        let run = messy_run();
        let conflicts = conflicts_for(&run);
        assert!(conflicts.len() >= 4, "the fixture gives several persons");
        for lang in [Lang::Id, Lang::En] {
            let bytes = workbook_bytes(&run, &conflicts, &opts(lang, false)).unwrap();
            let book = read_back(&bytes);
            let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, sheet_names(lang));

            let konflik = sheet(&book, sheet_names(lang)[1]);
            assert_eq!(konflik.len(), conflicts.len() + 1);
            let header: Vec<&str> = konflik[0].iter().map(String::as_str).collect();
            assert_eq!(header, conflict_header(lang));
            // Highest severity first, labels in the language asked for.
            let first = &konflik[1];
            assert_eq!(first[3], "permit_expired");
            assert_eq!(first[4], lang.type_label(ConflictType::PermitExpired));
            assert_eq!(first[5], lang.severity_label(Severity::High));
            let c = conflicts.iter().find(|c| c.id == first[0]).unwrap();
            assert_eq!(first[1], c.person_id);
            assert_eq!(first[8], rows_text(c));
            assert_eq!(first[9], lang.detail(c));
            // A value that looks like a formula is written as text.
            assert!(first[7].starts_with("'=value 0"), "{}", first[7]);

            let summary = sheet(&book, sheet_names(lang)[0]);
            let find = |label: &str| {
                summary
                    .iter()
                    .find(|r| r.first().map(String::as_str) == Some(label))
                    .and_then(|r| r.get(1).cloned())
            };
            assert_eq!(
                find(lang.pick("Konflik", "Conflicts")),
                Some(conflicts.len().to_string())
            );
            assert_eq!(
                find(lang.pick("Orang", "Persons")),
                Some(run.persons.len().to_string())
            );
            assert_eq!(
                find(lang.pick("Tanggal acuan", "Reference date")).as_deref(),
                Some("2025-06-01")
            );
        }
        let book = read_back(&workbook_bytes(&run, &conflicts, &opts(Lang::En, false)).unwrap());
        let persons = sheet(&book, "Persons");
        assert_eq!(persons.len(), run.persons.len() + 1);
        assert_eq!(persons[0][0], "person_id");
        assert_eq!(persons[1][0], run.persons[0].id);
        // Person 0 has one conflict (passport_mismatch, medium).
        assert_eq!(persons[1][7], "1");
        assert_eq!(persons[1][8], "medium");

        let records = sheet(&book, "Records");
        assert_eq!(records.len(), run.records.len() + 1);
        assert_eq!(
            &records[0][..6],
            &["person_id", "source", "sheet", "row", "agency", "name"]
        );
        let r0 = &run.records[0];
        assert_eq!(records[1][1], r0.provenance.source);
        assert_eq!(records[1][3], r0.provenance.row.to_string());

        let rejected = sheet(&book, "Rejected");
        let n_rejected: usize = run.sources.iter().map(|s| s.rejected_count()).sum();
        assert!(n_rejected > 0, "the messy fixture has rejected rows");
        assert_eq!(rejected.len(), n_rejected + 1);
        assert_eq!(rejected[0], ["source", "sheet", "row", "reason", "content"]);
        assert!(rejected.iter().skip(1).all(|r| !r[3].is_empty()));
    }

    #[test]
    fn review_lists_pairs_between_floor_and_threshold() {
        let run = messy_run();
        assert!(!run.link.pairs.is_empty());
        let cases = [
            (1.01, run.link.pairs.len()),
            (0.0, 0),
            (
                0.9,
                run.link
                    .pairs
                    .iter()
                    .filter(|p| p.probability < 0.9)
                    .count(),
            ),
        ];
        for (threshold, want) in cases {
            let mut o = opts(Lang::En, false);
            o.review_threshold = threshold;
            let book = read_back(&workbook_bytes(&run, &[], &o).unwrap());
            let review = sheet(&book, "Review");
            // calamine's range starts at the header, so an empty sheet is the header alone.
            assert_eq!(review.len(), want + 1, "threshold {threshold}");
            assert_eq!(review[0][6], "match_probability");
            let probs: Vec<f64> = review
                .iter()
                .skip(1)
                .map(|r| r[6].parse().unwrap())
                .collect();
            assert!(probs.windows(2).all(|w| w[0] >= w[1]), "sorted: {probs:?}");
        }
    }

    #[test]
    fn review_queue_holds_the_most_likely_pairs_and_says_where_the_rest_are() {
        let run = messy_run();
        let mut o = opts(Lang::En, false);
        o.review_threshold = 1.01;
        let total = run.link.pairs.len();
        assert!(total > 3, "{total}");
        let limits = RowLimits {
            sheet: SHEET_MAX_ROWS,
            review: 2,
        };
        let bytes = build_workbook(&run, &[], &o, None, limits)
            .unwrap()
            .save_to_buffer()
            .unwrap();
        let book = read_back(&bytes);
        let review = sheet(&book, "Review");
        // Header, the two most likely pairs, the note.
        assert_eq!(review.len(), 4);
        let best = run
            .link
            .pairs
            .iter()
            .map(|p| p.probability)
            .fold(f64::MIN, f64::max);
        assert_eq!(review[1][6].parse::<f64>().unwrap(), best);
        let note = &review[3][0];
        assert!(
            note.contains(&format!("{} more pairs", total - 2)) && note.contains("pairs.csv"),
            "{note}"
        );
        let summary = sheet(&book, "Summary");
        assert!(
            summary
                .iter()
                .any(|r| r[0].contains("lists the 2 most likely pairs")),
            "the summary says the queue is cut"
        );
        // Other sheets keep Excel's limit.
        assert_eq!(sheet(&book, "Records").len(), run.records.len() + 1);
    }

    #[test]
    fn redaction_masks_passports_everywhere() {
        let run = messy_run();
        let conflicts = conflicts_for(&run);
        let plain = read_back(&workbook_bytes(&run, &conflicts, &opts(Lang::Id, false)).unwrap());
        let masked = read_back(&workbook_bytes(&run, &conflicts, &opts(Lang::Id, true)).unwrap());
        let passports: Vec<String> = run
            .records
            .iter()
            .filter_map(|r| r.text(Field::Passport))
            .filter(|p| p.chars().count() > 4)
            .chain(conflicts.iter().flat_map(|c| {
                c.values
                    .iter()
                    .filter(|_| c.field == "passport")
                    .map(|v| v.value.clone())
            }))
            .collect();
        assert!(!passports.is_empty());
        let all = |book: &[(String, Vec<Vec<String>>)]| -> Vec<String> {
            book.iter()
                .flat_map(|(_, rows)| rows.iter().flatten().cloned())
                .collect()
        };
        let plain_cells = all(&plain);
        let masked_cells = all(&masked);
        for p in &passports {
            assert!(plain_cells.iter().any(|c| c.contains(p.as_str())), "{p}");
            assert!(!masked_cells.iter().any(|c| c.contains(p.as_str())), "{p}");
        }
        // Free text (rejected rows' content, sentences) is masked too.
        let rejected = sheet(&masked, "Rejected");
        assert!(rejected
            .iter()
            .skip(1)
            .all(|r| crate::report::options::redact_text(&r[4]) == r[4].as_str()));
        let mut with_number = conflicts.clone();
        if let Some(c) = with_number.first_mut() {
            c.detail_id = "Paspor E98765432 tercatat ganda.".into();
        }
        let book = read_back(&workbook_bytes(&run, &with_number, &opts(Lang::Id, true)).unwrap());
        let cells = all(&book);
        assert!(!cells.iter().any(|c| c.contains("E98765432")));
        assert!(cells.iter().any(|c| c.contains("*****5432")));
        let konflik = sheet(&masked, "Konflik");
        let row = konflik
            .iter()
            .find(|r| r[3] == "passport_mismatch")
            .unwrap();
        assert!(row[7].starts_with("*****567"), "{}", row[7]);
    }

    #[test]
    fn same_input_same_bytes() {
        let run = messy_run();
        let conflicts = conflicts_for(&run);
        let o = opts(Lang::Id, false);
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), false).unwrap();
        write_workbook(&out, &run, &conflicts, &o).unwrap();
        let first = std::fs::read(dir.path().join("report.xlsx")).unwrap();
        write_workbook(&out, &run, &conflicts, &o).unwrap();
        let second = std::fs::read(dir.path().join("report.xlsx")).unwrap();
        assert_eq!(first, second);
        assert_eq!(first, workbook_bytes(&run, &conflicts, &o).unwrap());
        // A different reference date is a different document.
        let mut later = o.clone();
        later.as_of = NaiveDate::from_ymd_opt(2025, 6, 8).unwrap();
        assert_ne!(first, workbook_bytes(&run, &conflicts, &later).unwrap());
    }

    #[test]
    fn sheets_filled_in_any_order_give_the_same_bytes() {
        let run = messy_run();
        let conflicts = conflicts_for(&run);
        let o = opts(Lang::En, false);
        let bytes_in = |order: &[TableSheet]| {
            let jobs = WorkbookJobs::new(&run, &conflicts, &o, None).unwrap();
            let last: Vec<bool> = order.iter().map(|&s| jobs.fill(s).unwrap()).collect();
            // Only the last sheet filled says the workbook is ready.
            assert_eq!(last.iter().filter(|&&l| l).count(), 1);
            assert_eq!(last.last(), Some(&true));
            jobs.finish().unwrap().save_to_buffer().unwrap()
        };
        let mut reversed = TableSheet::LONGEST_FIRST;
        reversed.reverse();
        let first = bytes_in(&TableSheet::LONGEST_FIRST);
        assert_eq!(first, bytes_in(&reversed));
        assert_eq!(first, workbook_bytes(&run, &conflicts, &o).unwrap());
        // A workbook saved before its sheets are filled is refused, not written half empty.
        let jobs = WorkbookJobs::new(&run, &conflicts, &o, None).unwrap();
        assert!(!jobs.fill(TableSheet::Records).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), false).unwrap();
        assert!(jobs.save(&out).is_err());
        assert!(!dir.path().join("report.xlsx").exists());
    }

    #[test]
    fn lotim_workbook_holds_every_record_and_person() {
        let run = crate::report::test_support::run_fixture("lotim");
        let conflicts = conflicts_for(&run);
        let book = read_back(&workbook_bytes(&run, &conflicts, &opts(Lang::En, true)).unwrap());
        let cases = [
            ("Records", run.records.len() + 1),
            ("Persons", run.persons.len() + 1),
            ("Conflicts", conflicts.len() + 1),
        ];
        for (name, rows) in cases {
            assert_eq!(sheet(&book, name).len(), rows, "{name}");
        }
        assert!(run.records.len() > 500, "{}", run.records.len());
    }

    #[test]
    fn sheets_past_the_row_limit_end_with_a_note() {
        let run = messy_run();
        let conflicts = conflicts_for(&run);
        let max_rows = 3;
        assert!(run.records.len() > max_rows && run.persons.len() > max_rows);
        let o = opts(Lang::En, false);
        let bytes = build_workbook(
            &run,
            &conflicts,
            &o,
            None,
            RowLimits {
                sheet: max_rows,
                review: max_rows,
            },
        )
        .unwrap()
        .save_to_buffer()
        .unwrap();
        let book = read_back(&bytes);
        for (name, total, csv) in [
            ("Records", run.records.len(), "records.csv"),
            ("Persons", run.persons.len(), "persons.csv"),
        ] {
            let rows = sheet(&book, name);
            // Header, two data rows, the note: never more than the limit.
            assert_eq!(rows.len(), max_rows + 1, "{name}");
            let note = &rows[max_rows][0];
            assert!(note.contains(&format!("{} more rows", total - 2)), "{note}");
            assert!(note.contains(csv), "{note}");
        }
        assert_eq!(
            sheet(&book, "Records")[1][1],
            run.records[0].provenance.source
        );
        let summary = sheet(&book, "Summary");
        assert!(summary
            .iter()
            .any(|r| r[0].starts_with("Note: sheets with more than")));
        // Within the limit nothing is cut and no note is written.
        let whole = read_back(&workbook_bytes(&run, &conflicts, &o).unwrap());
        assert_eq!(sheet(&whole, "Records").len(), run.records.len() + 1);
        assert!(!sheet(&whole, "Summary")
            .iter()
            .any(|r| r[0].starts_with("Note: sheets with more than")));
    }

    #[test]
    fn cells_are_safe_and_fit() {
        let huge = "x".repeat(40_000);
        let cases: [(&str, usize, &str); 5] = [
            ("=1+1", 5, "'=1+1"),
            ("@SUM(A1)", 9, "'@SUM(A1)"),
            ("WANG WEI", 8, "WANG WEI"),
            ("", 0, ""),
            (huge.as_str(), CELL_MAX_CHARS, "xxxx"),
        ];
        for (input, chars, starts) in cases {
            let got = cell_text(input);
            assert_eq!(got.chars().count(), chars, "{}", input.len());
            assert!(got.starts_with(starts));
        }
        // A huge cell does not make the workbook fail.
        let run = messy_run();
        let mut conflicts = conflicts_for(&run);
        if let Some(c) = conflicts.first_mut() {
            c.detail_id = "é".repeat(50_000);
        }
        assert!(workbook_bytes(&run, &conflicts, &opts(Lang::Id, false)).is_ok());
    }
}
