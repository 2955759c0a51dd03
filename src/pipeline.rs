//! Runs the stages in order and collects what every report needs.
//!
//! ```text
//! SourceSpecs ──ingest::load_all──▶ SourceReports ──(records moved out, in input order)──▶ [Record]
//!   ──normalize (rayon)──▶ [NormalizedRecord] ──link::pipeline::link──▶ LinkResult ──▶ [Person]
//! ```
//! Records keep the order of the inputs (source, sheet, row), so person ids and every output are
//! the same for the same input and options.

use crate::config::SourceSpec;
use crate::ingest::load::{load_all, ReadOptions, SourceReport};
use crate::link::persons::{build_persons, Person};
use crate::link::pipeline::{link, LinkOptions, LinkResult};
use crate::normalize::stage::{normalize_record, NormalizeContext, NormalizedRecord};
use crate::record::Record;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Options for a whole run.
#[derive(Clone, Debug, Default)]
pub struct PipelineOptions {
    pub read: ReadOptions,
    pub normalize: NormalizeContext,
    pub link: LinkOptions,
}

/// Time per stage, for `--timings`.
#[derive(Clone, Debug, Default)]
pub struct StageTimings {
    pub read: Duration,
    pub normalize: Duration,
    pub link: crate::link::pipeline::LinkTimings,
    /// Building the person summaries from the clusters.
    pub persons: Duration,
}

/// Told where a run is, for a progress display. Every method does nothing by default, so the
/// pipeline itself never knows whether anyone is watching (cron jobs are not).
pub trait Observer: Sync {
    /// A stage starts; `steps` is its length when it can be counted.
    fn stage(&self, _name: &'static str, _steps: Option<u64>) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
}

/// The observer of runs nobody watches.
pub struct Unobserved;

impl Observer for Unobserved {}

/// Records normalised between two progress reports: large enough that counting costs nothing,
/// small enough that the bar moves smoothly.
const NORMALIZE_CHUNK: usize = 2048;

/// Everything a run produced.
#[derive(Debug)]
pub struct RunOutput {
    pub sources: Vec<SourceReport>,
    /// All records, in input order.
    pub records: Vec<Record>,
    /// `group[i]`: which source and sheet record `i` came from.
    pub groups: Vec<u32>,
    pub normalized: Vec<NormalizedRecord>,
    pub link: LinkResult,
    pub persons: Vec<Person>,
    pub timings: StageTimings,
}

/// Reads the sources (reporting each finished one to `on_read`).
pub fn read(
    specs: &[SourceSpec],
    opts: &PipelineOptions,
    on_read: &(dyn Fn(&SourceReport) + Sync),
) -> Vec<SourceReport> {
    load_all(specs, &opts.read, on_read)
}

/// Moves the records out of the sources into one list in input order, with each record's
/// source-and-sheet group. Unreadable sources contribute nothing.
pub fn collect_records(sources: &mut [SourceReport]) -> (Vec<Record>, Vec<u32>) {
    let mut records = Vec::new();
    let mut groups = Vec::new();
    let mut group = 0u32;
    for source in sources.iter_mut() {
        if let Ok(sheets) = &mut source.result {
            for sheet in sheets.iter_mut() {
                let moved = std::mem::take(&mut sheet.rows.records);
                sheet.rows.moved_records += moved.len();
                groups.extend(std::iter::repeat_n(group, moved.len()));
                records.extend(moved);
                group += 1;
            }
        }
    }
    (records, groups)
}

/// Normalises every record (in parallel, order kept).
pub fn normalize_all(records: &[Record], ctx: &NormalizeContext) -> Vec<NormalizedRecord> {
    normalize_observed(records, ctx, &Unobserved)
}

/// [`normalize_all`], telling `observer` as chunks of records are done.
pub fn normalize_observed(
    records: &[Record],
    ctx: &NormalizeContext,
    observer: &dyn Observer,
) -> Vec<NormalizedRecord> {
    records
        .par_chunks(NORMALIZE_CHUNK)
        .flat_map_iter(|chunk| {
            let done: Vec<NormalizedRecord> =
                chunk.iter().map(|r| normalize_record(r, ctx)).collect();
            observer.advance(done.len() as u64);
            done
        })
        .collect()
}

/// Normalises, links and clusters what was read. Unreadable sources contribute nothing.
pub fn link_sources(
    sources: Vec<SourceReport>,
    opts: &PipelineOptions,
    read_time: Duration,
) -> anyhow::Result<RunOutput> {
    link_observed(sources, opts, read_time, &Unobserved)
}

/// [`link_sources`], telling `observer` each stage as it starts.
pub fn link_observed(
    mut sources: Vec<SourceReport>,
    opts: &PipelineOptions,
    read_time: Duration,
    observer: &dyn Observer,
) -> anyhow::Result<RunOutput> {
    let (records, groups) = collect_records(&mut sources);
    observer.stage("normalising", Some(records.len() as u64));
    let t = Instant::now();
    let normalized = normalize_observed(&records, &opts.normalize, observer);
    let normalize_time = t.elapsed();
    observer.stage("linking: blocking, comparing, scoring, clustering", None);
    let link = link(&normalized, &groups, &opts.link)?;
    observer.stage("building persons", None);
    let t = Instant::now();
    let refs: Vec<&Record> = records.iter().collect();
    let persons = build_persons(&refs, &normalized, &link.clustering);
    drop(refs);
    let timings = StageTimings {
        read: read_time,
        normalize: normalize_time,
        link: link.timings.clone(),
        persons: t.elapsed(),
    };
    Ok(RunOutput {
        sources,
        records,
        groups,
        normalized,
        link,
        persons,
        timings,
    })
}
