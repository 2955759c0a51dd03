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
//!
//! Here: the workbook as jobs ([`WorkbookJobs`]: make it, fill each sheet, save). The sheets'
//! contents are in `summary` and `sheets`, the cells and formats they share in `cells`.

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

mod cells;
mod sheets;
mod summary;

use cells::{review_cut_text, shown_rows, Styles};
use sheets::*;
use summary::write_summary_sheet;

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
    /// Sheets that failed, by their position in the workbook.
    failures: Mutex<Vec<(usize, anyhow::Error)>>,
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
            failures: Mutex::new(Vec::new()),
        })
    }

    /// Fills one table sheet. `None` while other sheets are still to be filled; for the last
    /// sheet to finish, `Some(Ok(()))` when every sheet was filled (the workbook can be saved)
    /// or `Some(Err(…))` with the failure of the first failed sheet in the workbook's order, so
    /// the error reported does not depend on which thread failed first.
    pub fn fill(&self, sheet: TableSheet) -> Option<anyhow::Result<()>> {
        if let Err(e) = self.fill_sheet(sheet) {
            if let Ok(mut failures) = self.failures.lock() {
                failures.push((sheet.index(), e));
            }
        }
        if self.left.fetch_sub(1, Ordering::AcqRel) != 1 {
            return None;
        }
        let failures = self.failures.lock().map(|mut f| std::mem::take(&mut *f));
        Some(match failures {
            Ok(mut failures) => {
                failures.sort_by_key(|(index, _)| *index);
                failures.into_iter().next().map_or(Ok(()), |(_, e)| Err(e))
            }
            Err(_) => Err(anyhow::anyhow!("a sheet's writer failed unexpectedly")),
        })
    }

    fn fill_sheet(&self, sheet: TableSheet) -> anyhow::Result<()> {
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
        }
    }

    /// Fills every table sheet, side by side on the rayon pool.
    pub fn fill_all(&self) -> anyhow::Result<()> {
        let results: Vec<Option<anyhow::Result<()>>> = TableSheet::LONGEST_FIRST
            .par_iter()
            .map(|&sheet| self.fill(sheet))
            .collect();
        results
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| Err(anyhow::anyhow!("the workbook's sheets were not all filled")))
    }

    /// The whole workbook, once every table sheet is filled.
    fn finish(&self) -> anyhow::Result<Workbook> {
        let failed = || anyhow::anyhow!("a sheet's writer failed before the workbook was saved");
        if self.left.load(Ordering::Acquire) != 0 {
            anyhow::bail!("the workbook was saved before all its sheets were filled");
        }
        if self.failures.lock().map_or(true, |f| !f.is_empty()) {
            anyhow::bail!("the workbook was saved although a sheet's writer failed");
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

#[cfg(test)]
mod tests {
    use super::cells::cell_text;
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
            let last: Vec<bool> = order
                .iter()
                .map(|&s| jobs.fill(s).map(|ready| ready.unwrap()).is_some())
                .collect();
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
        assert!(jobs.fill(TableSheet::Records).is_none());
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
