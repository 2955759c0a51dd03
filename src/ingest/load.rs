//! Reading every source: open the file, find each sheet's header, map the columns, decide the
//! agency, and extract the rows. Files are read in parallel; the result keeps the input order.

use super::agency::{self, AgencyBasis};
use super::header::{find_header, HeaderInfo};
use super::rows::{extract, SheetRows};
use super::source::{read_source, IngestError, RawSheet};
use crate::config::SourceSpec;
use crate::record::{Agency, Field};
use rayon::prelude::*;

/// Options for reading, resolved once per run.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions {
    /// Completes two-digit years: a year above this year's last two digits is 19yy.
    pub pivot_year: i32,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            pivot_year: chrono::Datelike::year(&chrono::Local::now().date_naive()),
        }
    }
}

/// What one sheet gave.
#[derive(Debug)]
pub struct SheetReport {
    pub sheet: String,
    pub notes: Vec<String>,
    /// Rows in the sheet, including title and header rows.
    pub total_rows: usize,
    pub header: Option<HeaderInfo>,
    /// Why the sheet gave no data (no header, unreadable), one sentence.
    pub problem: Option<String>,
    pub rows: SheetRows,
}

/// What one source gave.
#[derive(Debug)]
pub struct SourceReport {
    pub spec: SourceSpec,
    pub agency: Agency,
    pub agency_basis: AgencyBasis,
    pub result: Result<Vec<SheetReport>, IngestError>,
}

impl SourceReport {
    pub fn sheets(&self) -> &[SheetReport] {
        self.result.as_deref().unwrap_or_default()
    }

    pub fn data_rows(&self) -> usize {
        self.sheets().iter().map(|s| s.rows.data_rows).sum()
    }

    pub fn record_count(&self) -> usize {
        self.sheets().iter().map(|s| s.rows.record_count()).sum()
    }

    pub fn rejected_count(&self) -> usize {
        self.sheets().iter().map(|s| s.rows.rejected.len()).sum()
    }
}

fn analyse_sheet(raw: RawSheet, spec: &SourceSpec) -> (SheetReport, RawSheet) {
    let total_rows = raw.rows.len();
    let mut report = SheetReport {
        sheet: raw.sheet.clone(),
        notes: raw.notes.clone(),
        total_rows,
        header: None,
        problem: None,
        rows: SheetRows::default(),
    };
    if raw.rows.iter().all(|r| r.is_blank()) {
        if report.problem.is_none()
            && !report
                .notes
                .iter()
                .any(|n| n.starts_with("sheet could not"))
        {
            report.problem = Some("the sheet is empty".into());
        } else {
            report.problem = report.notes.last().cloned();
        }
        return (report, raw);
    }
    match find_header(&raw, &spec.overrides) {
        Ok(h) => report.header = Some(h),
        Err(e) => report.problem = Some(e),
    }
    (report, raw)
}

/// Reads one source completely.
pub fn load_source(spec: &SourceSpec, opts: &ReadOptions) -> SourceReport {
    let (mut agency, mut basis) = match spec.agency {
        Some(a) if spec.agency_from_cli => (Some(a), AgencyBasis::CommandLine),
        Some(a) => (Some(a), AgencyBasis::Config),
        None => (None, AgencyBasis::Unrecognised),
    };
    if agency.is_none() {
        if let Some((a, b)) = agency::from_file_name(&spec.file.name) {
            agency = Some(a);
            basis = b;
        } else if spec.file.name
            != spec
                .file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        {
            // A config renamed the source: the real file name may still tell.
            if let Some((a, b)) = spec
                .file
                .path
                .file_name()
                .and_then(|n| agency::from_file_name(&n.to_string_lossy()))
            {
                agency = Some(a);
                basis = b;
            }
        }
    }
    let raw_sheets = match read_source(&spec.file) {
        Ok(s) => s,
        Err(e) => {
            return SourceReport {
                spec: spec.clone(),
                agency: agency.unwrap_or(Agency::Other),
                agency_basis: basis,
                result: Err(e),
            }
        }
    };
    let raw_sheets: Vec<RawSheet> = match &spec.sheet {
        Some(wanted) => {
            let names: Vec<String> = raw_sheets.iter().map(|s| s.sheet.clone()).collect();
            let picked: Vec<RawSheet> = raw_sheets
                .into_iter()
                .filter(|s| &s.sheet == wanted)
                .collect();
            if picked.is_empty() {
                return SourceReport {
                    spec: spec.clone(),
                    agency: agency.unwrap_or(Agency::Other),
                    agency_basis: basis,
                    result: Err(IngestError::SheetNotFound {
                        path: spec.file.path.display().to_string(),
                        sheet: wanted.clone(),
                        available: names.join(", "),
                    }),
                };
            }
            picked
        }
        None => raw_sheets,
    };
    let analysed: Vec<(SheetReport, RawSheet)> = raw_sheets
        .into_iter()
        .map(|r| analyse_sheet(r, spec))
        .collect();

    // The agency from title rows or columns, when neither the user nor the file name said it.
    if agency.is_none() {
        let titles: Vec<String> = analysed
            .iter()
            .filter_map(|(r, _)| r.header.as_ref())
            .flat_map(|h| h.title.clone())
            .collect();
        if let Some((a, b)) = agency::from_title(&titles) {
            agency = Some(a);
            basis = b;
        } else {
            let mut fields: Vec<Field> = analysed
                .iter()
                .filter_map(|(r, _)| r.header.as_ref())
                .flat_map(|h| h.mapped().map(|(_, f)| f).collect::<Vec<_>>())
                .collect();
            fields.sort();
            fields.dedup();
            if let Some((a, b)) = agency::from_columns(&fields) {
                agency = Some(a);
                basis = b;
            }
        }
    }
    let agency = agency.unwrap_or(Agency::Other);

    let mut sheets = Vec::with_capacity(analysed.len());
    for (mut report, raw) in analysed {
        if let Some(h) = &report.header {
            report.rows = extract(&raw, h, &spec.file.name, agency);
            for r in &mut report.rows.records {
                super::derive::derive_fields(r, opts.pivot_year);
            }
        }
        sheets.push(report);
    }
    let path = spec.file.path.display().to_string();
    let result = if sheets.iter().all(|s| s.header.is_none()) {
        let reasons: Vec<String> = sheets
            .iter()
            .filter_map(|s| {
                s.problem.as_ref().map(|p| {
                    if s.sheet.is_empty() {
                        p.clone()
                    } else {
                        format!("sheet \"{}\": {p}", s.sheet)
                    }
                })
            })
            .collect();
        if sheets
            .iter()
            .all(|s| s.problem.as_deref() == Some("the sheet is empty"))
        {
            Err(IngestError::NoData { path })
        } else {
            Err(IngestError::NoHeader {
                path,
                detail: reasons.join("; "),
            })
        }
    } else {
        Ok(sheets)
    };
    SourceReport {
        spec: spec.clone(),
        agency,
        agency_basis: basis,
        result,
    }
}

/// Reads all sources, in parallel, keeping their order. `on_done` is called once per finished
/// source (for a progress bar).
pub fn load_all(
    specs: &[SourceSpec],
    opts: &ReadOptions,
    on_done: &(dyn Fn(&SourceReport) + Sync),
) -> Vec<SourceReport> {
    specs
        .par_iter()
        .map(|s| {
            let r = load_source(s, opts);
            on_done(&r);
            r
        })
        .collect()
}
