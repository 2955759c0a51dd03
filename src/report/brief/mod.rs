//! `brief.html` and `brief.md`: the TIMPORA meeting brief. A self-contained, printable (A4) page
//! set in Indonesian by default (English with `--lang en`) that a team member can print or mail
//! before the meeting: headline figures, four charts, the most severe cases and a method note.
//!
//! ```text
//! RunOutput + [Conflict] + ReportOptions ──Brief::build──▶ Brief (figures, chart rows, cases)
//!                                   ├──Brief::to_html──▶ brief.html (inline CSS, inline SVG from charts)
//!                                   └──Brief::to_markdown──▶ brief.md (charts as tables of numbers)
//! ```
//!
//! Main types: [`Brief`] (everything the brief shows, computed once so both formats say the same),
//! [`BriefMethod`] (linking settings quoted in the method note), [`Labels`] (the fixed text in
//! each language) and [`Masker`] (redaction of passport numbers and NIKs in free text).
//!
//! Every value from the data is escaped for its format (HTML or Markdown); nothing depends on the
//! clock or on hash order, so the same run gives the same bytes (a cron job can diff them).

use super::atomic::OutputDir;
use super::charts::{bars, stacked_bars, BarRow, StackedRow};
use super::options::{Lang, ReportOptions};
use crate::conflicts::{Conflict, Severity};
use crate::link::pipeline::LinkOptions;
use crate::normalize::nationality::{country_name_en, country_name_id};
use crate::pipeline::RunOutput;
use crate::record::Agency;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

mod format;
mod labels;
mod mask;

use format::css;
pub use format::{esc, md};
use labels::{agency_short, severity_index, title_case};
pub use labels::{long_date, number, Labels, EN, ID};
pub use mask::Masker;

/// How many of the most severe cases the brief lists.
pub const TOP_CASES: usize = 15;
/// How many kecamatan or nationalities a chart shows before grouping the rest as "other".
pub const TOP_CATEGORIES: usize = 12;
/// How many source rows a case lists before "+N".
const MAX_ROWS_SHOWN: usize = 3;

/// The linking settings the method note quotes. [`RunOutput`] does not carry them, so the caller
/// that parsed `--threshold` / `--review-floor` passes them; [`Default`] gives the tool's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BriefMethod {
    pub threshold: f64,
    pub review_floor: f64,
}

impl Default for BriefMethod {
    fn default() -> Self {
        let d = LinkOptions::default();
        BriefMethod {
            threshold: d.threshold,
            review_floor: d.review_floor,
        }
    }
}

/// Writes `brief.html` and `brief.md` into `out`, quoting the default linking settings in the
/// method note (use [`write_brief_with`] when the run used other ones).
pub fn write_brief(
    out: &OutputDir,
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    write_brief_with(out, run, conflicts, opts, &BriefMethod::default())
}

/// Writes `brief.html` and `brief.md` into `out` (each atomically).
pub fn write_brief_with(
    out: &OutputDir,
    run: &RunOutput,
    conflicts: &[Conflict],
    opts: &ReportOptions,
    method: &BriefMethod,
) -> anyhow::Result<()> {
    let brief = Brief::build(run, conflicts, opts, method);
    let html = brief.to_html()?;
    let md = brief.to_markdown();
    out.write("brief.html", |w| Ok(w.write_all(html.as_bytes())?))?;
    out.write("brief.md", |w| Ok(w.write_all(md.as_bytes())?))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Content

/// One agency's line in the records table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyRow {
    pub agency: Agency,
    pub files: usize,
    pub unreadable: usize,
    pub data_rows: usize,
    pub records: usize,
    pub rejected: usize,
}

/// One line of the most-severe-cases table, already masked when redaction is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    pub person_id: String,
    pub name: String,
    pub nationality: String,
    pub severity: Severity,
    pub kind_label: String,
    pub detail: String,
    /// `source:sheet:row` of the first few rows, then `+N` for the rest.
    pub rows: Vec<String>,
}

/// Everything the brief shows, computed once for both formats.
pub struct Brief {
    pub lang: Lang,
    pub as_of: NaiveDate,
    pub redact: bool,
    pub method: BriefMethod,
    pub agencies: Vec<AgencyRow>,
    pub records: usize,
    pub persons: usize,
    pub persons_several_agencies: usize,
    pub persons_with_conflicts: usize,
    /// Conflicts by severity (high, medium, low).
    pub by_severity: [usize; 3],
    pub by_type: Vec<StackedRow>,
    pub by_kecamatan: Vec<StackedRow>,
    pub by_nationality: Vec<StackedRow>,
    pub agency_combinations: Vec<BarRow>,
    pub cases: Vec<CaseRow>,
    pub total_conflicts: usize,
    pub source_files: usize,
}

/// The most common non-empty value, ties broken by the smallest value (deterministic).
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values.filter(|v| !v.trim().is_empty()) {
        *counts.entry(v).or_insert(0) += 1;
    }
    // `max_by_key` keeps the last maximum; iterate in reverse so ties go to the smallest value.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(v, _)| v)
}

/// Groups per-category severity counts into chart rows: the `TOP_CATEGORIES` largest (ties by
/// label), then the rest as one "other" row, then the unknown row.
fn top_rows(
    counts: BTreeMap<String, [usize; 3]>,
    unknown: [usize; 3],
    labels: &Labels,
) -> Vec<StackedRow> {
    let mut rows: Vec<StackedRow> = counts
        .into_iter()
        .map(|(label, counts)| StackedRow { label, counts })
        .collect();
    rows.sort_by(|a, b| {
        b.total()
            .cmp(&a.total())
            .then_with(|| a.label.cmp(&b.label))
    });
    let rest: Vec<StackedRow> = if rows.len() > TOP_CATEGORIES + 1 {
        rows.split_off(TOP_CATEGORIES)
    } else {
        Vec::new()
    };
    if !rest.is_empty() {
        let mut sum = [0usize; 3];
        for r in &rest {
            for (s, c) in sum.iter_mut().zip(r.counts.iter()) {
                *s += c;
            }
        }
        rows.push(StackedRow {
            label: format!("{} ({})", labels.other, rest.len()),
            counts: sum,
        });
    }
    if unknown.iter().any(|&c| c > 0) {
        rows.push(StackedRow {
            label: labels.unknown.to_string(),
            counts: unknown,
        });
    }
    rows
}

impl Brief {
    /// Computes the brief's content.
    pub fn build(
        run: &RunOutput,
        conflicts: &[Conflict],
        opts: &ReportOptions,
        method: &BriefMethod,
    ) -> Brief {
        let lang = opts.lang;
        let labels = lang.labels();

        // Records per agency.
        let mut per_agency: BTreeMap<Agency, AgencyRow> = BTreeMap::new();
        for s in &run.sources {
            let row = per_agency.entry(s.agency).or_insert(AgencyRow {
                agency: s.agency,
                files: 0,
                unreadable: 0,
                data_rows: 0,
                records: 0,
                rejected: 0,
            });
            row.files += 1;
            if s.result.is_err() {
                row.unreadable += 1;
            }
            row.data_rows += s.data_rows();
            row.records += s.record_count();
            row.rejected += s.rejected_count();
        }
        let agencies: Vec<AgencyRow> = per_agency.into_values().collect();

        // Persons and which agencies know them.
        let mut combos: BTreeMap<String, usize> = BTreeMap::new();
        let mut several = 0;
        for p in &run.persons {
            let mut list: Vec<Agency> = p.agencies.clone();
            list.sort();
            list.dedup();
            if list.len() >= 2 {
                several += 1;
            }
            let label = if list.is_empty() {
                labels.unknown.to_string()
            } else {
                list.iter()
                    .map(|a| agency_short(*a, labels))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            *combos.entry(label).or_insert(0) += 1;
        }
        let mut agency_combinations: Vec<BarRow> = combos
            .into_iter()
            .map(|(label, count)| BarRow { label, count })
            .collect();
        agency_combinations
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));

        // Conflicts by severity, type, kecamatan and nationality.
        let mut by_severity = [0usize; 3];
        let mut by_type: BTreeMap<crate::conflicts::ConflictType, [usize; 3]> = BTreeMap::new();
        let mut by_kec: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        let mut kec_unknown = [0usize; 3];
        let mut by_nat: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        let mut nat_unknown = [0usize; 3];
        let mut kec_cache: BTreeMap<u32, Option<String>> = BTreeMap::new();
        let mut with_conflicts: BTreeSet<u32> = BTreeSet::new();
        for c in conflicts {
            let s = severity_index(c.severity);
            if let Some(slot) = by_severity.get_mut(s) {
                *slot += 1;
            }
            if let Some(slot) = by_type.entry(c.kind).or_insert([0; 3]).get_mut(s) {
                *slot += 1;
            }
            with_conflicts.insert(c.person);
            let person = run.persons.get(c.person as usize);
            let kec = kec_cache
                .entry(c.person)
                .or_insert_with(|| {
                    person.and_then(|p| {
                        most_common(p.records.iter().filter_map(|&r| {
                            run.normalized
                                .get(r as usize)
                                .and_then(|n| n.address.kecamatan.as_deref())
                        }))
                        .map(title_case)
                    })
                })
                .clone();
            let kec_slot = match kec {
                Some(k) => by_kec.entry(k).or_insert([0; 3]),
                None => &mut kec_unknown,
            };
            if let Some(slot) = kec_slot.get_mut(s) {
                *slot += 1;
            }
            let nat = person
                .map(|p| p.nationality.as_str())
                .filter(|n| !n.is_empty())
                .map(|iso| nationality_name(iso, lang));
            let nat_slot = match nat {
                Some(n) => by_nat.entry(n).or_insert([0; 3]),
                None => &mut nat_unknown,
            };
            if let Some(slot) = nat_slot.get_mut(s) {
                *slot += 1;
            }
        }
        let by_type: Vec<StackedRow> = by_type
            .into_iter()
            .map(|(kind, counts)| StackedRow {
                label: lang.pick(kind.label_id(), kind.label_en()).to_string(),
                counts,
            })
            .collect();

        // The most severe cases.
        let masker = opts.redact.then(|| Masker::from_run(run));
        let mut order: Vec<&Conflict> = conflicts.iter().collect();
        order.sort_by(|a, b| {
            a.severity
                .cmp(&b.severity)
                .then(a.kind.cmp(&b.kind))
                .then_with(|| a.person_id.cmp(&b.person_id))
                .then_with(|| a.id.cmp(&b.id))
        });
        let cases = order
            .into_iter()
            .take(TOP_CASES)
            .map(|c| {
                let person = run.persons.get(c.person as usize);
                let detail = match lang {
                    Lang::Id if !c.detail_id.is_empty() => &c.detail_id,
                    Lang::En if !c.detail_en.is_empty() => &c.detail_en,
                    Lang::Id => &c.detail_en,
                    Lang::En => &c.detail_id,
                };
                let detail = match &masker {
                    Some(m) => m.mask(detail),
                    None => detail.clone(),
                };
                let all_rows = c.rows();
                let mut rows: Vec<String> = all_rows
                    .iter()
                    .take(MAX_ROWS_SHOWN)
                    .map(|r| r.to_string())
                    .collect();
                if all_rows.len() > MAX_ROWS_SHOWN {
                    rows.push(format!("+{}", all_rows.len() - MAX_ROWS_SHOWN));
                }
                CaseRow {
                    person_id: c.person_id.clone(),
                    name: person.map(|p| p.name.clone()).unwrap_or_default(),
                    nationality: person
                        .map(|p| p.nationality.as_str())
                        .filter(|n| !n.is_empty())
                        .map(|iso| nationality_name(iso, lang))
                        .unwrap_or_else(|| labels.unknown.to_string()),
                    severity: c.severity,
                    kind_label: lang.pick(c.kind.label_id(), c.kind.label_en()).to_string(),
                    detail,
                    rows,
                }
            })
            .collect();

        Brief {
            lang,
            as_of: opts.as_of,
            redact: opts.redact,
            method: *method,
            records: run.records.len(),
            source_files: run.sources.len(),
            agencies,
            persons: run.persons.len(),
            persons_several_agencies: several,
            persons_with_conflicts: with_conflicts.len(),
            by_severity,
            by_type,
            by_kecamatan: top_rows(by_kec, kec_unknown, labels),
            by_nationality: top_rows(by_nat, nat_unknown, labels),
            agency_combinations,
            cases,
            total_conflicts: conflicts.len(),
        }
    }

    fn labels(&self) -> &'static Labels {
        self.lang.labels()
    }

    fn severity_label(&self, s: Severity) -> &'static str {
        self.labels()
            .severities
            .get(severity_index(s))
            .copied()
            .unwrap_or("")
    }

    /// The method note, one paragraph per item.
    pub fn method_paragraphs(&self) -> Vec<String> {
        let n = |v| number(v, self.lang);
        // Indonesian writes a decimal comma: 0,90.
        let decimal = |v: f64| {
            let text = format!("{v:.2}");
            match self.lang {
                Lang::Id => text.replace('.', ","),
                Lang::En => text,
            }
        };
        let t = decimal(self.method.threshold);
        let f = decimal(self.method.review_floor);
        let as_of = long_date(self.as_of, self.labels());
        let mut out = match self.lang {
            Lang::Id => vec![
                format!(
                    "Pembacaan: {} file dari instansi dibaca apa adanya (CSV dan Excel); baris judul dikenali otomatis dan kolom dipetakan ke bidang baku. Nama, tanggal, nomor paspor, NIK, kewarganegaraan dan alamat dinormalkan; {} baris ditolak (daftar di rejected.csv).",
                    n(self.source_files),
                    n(self.agencies.iter().map(|a| a.rejected).sum())
                ),
                format!(
                    "Pencocokan: pasangan catatan dibandingkan dengan model probabilistik Fellegi–Sunter (peluang m dan u diperkirakan dengan EM, gaya Splink). Pasangan dengan peluang cocok ≥ {t} digabung menjadi satu orang; pasangan antara {f} dan {t} didaftar untuk diperiksa (lembar Review)."
                ),
                format!(
                    "Konflik: untuk tiap orang, data antarinstansi dibandingkan; izin tinggal diperiksa terhadap tanggal {as_of}. Perbedaan ejaan nama atau penulisan tanggal tidak dihitung sebagai konflik."
                ),
                "Tingkat: tinggi = bekerja atau berada tanpa izin tinggal yang sah, dideportasi tetapi masih tercatat, atau tidak dikenal Imigrasi; sedang = data identitas atau izin berbeda antarinstansi; rendah = perbedaan pencatatan (alamat, catatan ganda, tanggal dan bulan tertukar).".to_string(),
            ],
            Lang::En => vec![
                format!(
                    "Reading: {} agency files were read as delivered (CSV and Excel); header rows were detected and columns mapped to canonical fields. Names, dates, passport numbers, NIKs, nationalities and addresses were normalised; {} rows were rejected (listed in rejected.csv).",
                    n(self.source_files),
                    n(self.agencies.iter().map(|a| a.rejected).sum())
                ),
                format!(
                    "Matching: record pairs were compared with a Fellegi–Sunter probabilistic model (m and u probabilities estimated by EM, Splink-style). Pairs with a match probability ≥ {t} were joined into one person; pairs between {f} and {t} are listed for review (Review sheet)."
                ),
                format!(
                    "Conflicts: for each person the agencies' records were compared; stay permits were checked against {as_of}. Two spellings of one name, or one date written two ways, are not conflicts."
                ),
                "Severity: high = working or present without a valid stay permit, deported but still recorded, or unknown to immigration; medium = identity or permit data differ between agencies; low = record-keeping differences (address, duplicate records, day and month swapped).".to_string(),
            ],
        };
        if self.redact {
            out.push(self.labels().redacted_note.to_string());
        }
        out
    }

    fn headline(&self) -> Vec<(&'static str, String, Option<usize>)> {
        let l = self.labels();
        let n = |v| number(v, self.lang);
        vec![
            (l.records_read, n(self.records), None),
            (l.persons, n(self.persons), None),
            (l.persons_several, n(self.persons_several_agencies), None),
            (l.persons_conflict, n(self.persons_with_conflicts), None),
            (l.conflicts, n(self.total_conflicts), None),
            (l.severities[0], n(self.by_severity[0]), Some(0)),
            (l.severities[1], n(self.by_severity[1]), Some(1)),
            (l.severities[2], n(self.by_severity[2]), Some(2)),
        ]
    }

    // -----------------------------------------------------------------------------------------
    // HTML

    /// The brief as one self-contained HTML page (inline CSS and SVG, nothing fetched).
    pub fn to_html(&self) -> anyhow::Result<String> {
        let l = self.labels();
        let sev = self.labels().severities;
        let mut h = String::with_capacity(64 * 1024);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
            l.html_lang,
            esc(l.title),
            esc(&long_date(self.as_of, l)),
            css()
        );

        // Page 1: masthead, figures, records per agency, conflicts by type.
        h.push_str("<section class=\"sheet\">\n<header class=\"masthead\">\n");
        let _ = writeln!(h, "<p class=\"restricted\">{}</p>", esc(l.restricted));
        let _ = writeln!(h, "<p class=\"kicker\">{}</p>", esc(l.kicker));
        let _ = writeln!(h, "<h1>{}</h1>", esc(l.title));
        let _ = write!(
            h,
            "<p class=\"asof\">{} <strong>{}</strong>",
            esc(l.as_of),
            esc(&long_date(self.as_of, l))
        );
        if self.redact {
            let _ = write!(h, " · {}", esc(l.redacted_note));
        }
        h.push_str("</p>\n</header>\n");

        let _ = writeln!(h, "<h2>{}</h2>\n<div class=\"figures\">", esc(l.figures));
        for (label, value, severity) in self.headline() {
            let class = match severity {
                Some(0) => " sev-high",
                Some(1) => " sev-medium",
                Some(_) => " sev-low",
                None => "",
            };
            let label = match severity {
                Some(_) => format!("{} {}", l.conflicts, label),
                None => label.to_string(),
            };
            let _ = writeln!(
                h,
                "<div class=\"figure{class}\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
                esc(&value),
                esc(&label)
            );
        }
        h.push_str("</div>\n");

        let _ = writeln!(h, "<h2>{}</h2>", esc(l.per_agency));
        let _ = writeln!(
            h,
            "<table class=\"numbers\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            esc(l.agency),
            esc(l.files),
            esc(l.rows_read),
            esc(l.records),
            esc(l.rejected)
        );
        let n = |v| number(v, self.lang);
        for a in &self.agencies {
            let files = if a.unreadable > 0 {
                format!("{} ({} {})", n(a.files), n(a.unreadable), l.unreadable)
            } else {
                n(a.files)
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(agency_short(a.agency, l)),
                esc(&files),
                esc(&n(a.data_rows)),
                esc(&n(a.records)),
                esc(&n(a.rejected))
            );
        }
        let _ = writeln!(
            h,
            "</tbody>\n<tfoot><tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></tfoot>\n</table>",
            esc(l.total),
            esc(&n(self.agencies.iter().map(|a| a.files).sum())),
            esc(&n(self.agencies.iter().map(|a| a.data_rows).sum())),
            esc(&n(self.agencies.iter().map(|a| a.records).sum())),
            esc(&n(self.agencies.iter().map(|a| a.rejected).sum()))
        );

        self.html_chart(
            &mut h,
            l.chart_type,
            None,
            stacked_bars(&self.by_type, sev, l.axis_conflicts)?,
            l.no_conflicts,
        );
        h.push_str("</section>\n");

        // Page 2: who knows whom, where, which nationalities.
        h.push_str("<section class=\"sheet break\">\n");
        self.html_chart(
            &mut h,
            l.chart_agencies,
            Some(l.chart_agencies_note),
            bars(&self.agency_combinations, l.axis_persons)?,
            l.no_persons,
        );
        self.html_chart(
            &mut h,
            l.chart_kecamatan,
            None,
            stacked_bars(&self.by_kecamatan, sev, l.axis_conflicts)?,
            l.no_conflicts,
        );
        self.html_chart(
            &mut h,
            l.chart_nationality,
            None,
            stacked_bars(&self.by_nationality, sev, l.axis_conflicts)?,
            l.no_conflicts,
        );
        h.push_str("</section>\n");

        // Page 3: the cases and the method.
        h.push_str("<section class=\"sheet break\">\n");
        let _ = writeln!(h, "<h2>{}</h2>", esc(l.top_cases));
        if self.cases.is_empty() {
            let _ = writeln!(h, "<p class=\"empty\">{}</p>", esc(l.no_conflicts));
        } else {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(l.top_cases_note));
            let _ = writeln!(
                h,
                "<table class=\"cases\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
                esc(l.no),
                esc(l.person),
                esc(l.nationality),
                esc(l.kind),
                esc(l.detail),
                esc(l.rows)
            );
            for (i, c) in self.cases.iter().enumerate() {
                let class = match c.severity {
                    Severity::High => "sev-high",
                    Severity::Medium => "sev-medium",
                    Severity::Low => "sev-low",
                };
                let _ = writeln!(
                    h,
                    "<tr class=\"{class}\"><td>{}</td><td><strong>{}</strong><br><span class=\"pid\">{}</span></td><td>{}</td><td><span class=\"badge {class}\">{}</span> {}</td><td>{}</td><td class=\"rows\">{}</td></tr>",
                    i + 1,
                    esc(&c.name),
                    esc(&c.person_id),
                    esc(&c.nationality),
                    esc(self.severity_label(c.severity)),
                    esc(&c.kind_label),
                    esc(&c.detail),
                    c.rows.iter().map(|r| esc(r)).collect::<Vec<_>>().join("<br>")
                );
            }
            h.push_str("</tbody>\n</table>\n");
        }
        let _ = writeln!(h, "<div class=\"method\">\n<h2>{}</h2>", esc(l.method));
        for p in self.method_paragraphs() {
            let _ = writeln!(h, "<p>{}</p>", esc(&p));
        }
        h.push_str("</div>\n");
        let _ = writeln!(
            h,
            "<footer>{} {} · {}</footer>",
            esc(l.footer),
            esc(env!("CARGO_PKG_VERSION")),
            esc(l.restricted)
        );
        h.push_str("</section>\n</body>\n</html>\n");
        Ok(h)
    }

    fn html_chart(
        &self,
        h: &mut String,
        title: &str,
        note: Option<&str>,
        svg: Option<String>,
        empty: &str,
    ) {
        let _ = writeln!(h, "<figure class=\"chart\">\n<h2>{}</h2>", esc(title));
        if let Some(note) = note {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
        }
        match svg {
            Some(svg) => {
                // plotters escapes the text it writes; the SVG is our own output, not data.
                h.push_str(&svg);
                h.push('\n');
            }
            None => {
                let _ = writeln!(h, "<p class=\"empty\">{}</p>", esc(empty));
            }
        }
        h.push_str("</figure>\n");
    }

    // -----------------------------------------------------------------------------------------
    // Markdown

    /// The same content as Markdown; charts become tables of their numbers.
    pub fn to_markdown(&self) -> String {
        let l = self.labels();
        let sev = l.severities;
        let n = |v| number(v, self.lang);
        let mut m = String::with_capacity(16 * 1024);
        let _ = writeln!(m, "# {}\n", md(l.title));
        let _ = writeln!(m, "*{}*\n", md(l.restricted));
        let _ = writeln!(m, "{} **{}**\n", md(l.as_of), md(&long_date(self.as_of, l)));
        if self.redact {
            let _ = writeln!(m, "{}\n", md(l.redacted_note));
        }

        let _ = writeln!(m, "## {}\n", md(l.figures));
        for (label, value, severity) in self.headline() {
            let label = match severity {
                Some(_) => format!("{} {}", l.conflicts, label),
                None => label.to_string(),
            };
            let _ = writeln!(m, "- {}: **{}**", md(&label), md(&value));
        }
        m.push('\n');

        let _ = writeln!(m, "## {}\n", md(l.per_agency));
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
            md(l.agency),
            md(l.files),
            md(l.rows_read),
            md(l.records),
            md(l.rejected)
        );
        for a in &self.agencies {
            let files = if a.unreadable > 0 {
                format!("{} ({} {})", n(a.files), n(a.unreadable), l.unreadable)
            } else {
                n(a.files)
            };
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |",
                md(agency_short(a.agency, l)),
                md(&files),
                n(a.data_rows),
                n(a.records),
                n(a.rejected)
            );
        }
        let _ = writeln!(
            m,
            "| **{}** | **{}** | **{}** | **{}** | **{}** |",
            md(l.total),
            n(self.agencies.iter().map(|a| a.files).sum()),
            n(self.agencies.iter().map(|a| a.data_rows).sum()),
            n(self.agencies.iter().map(|a| a.records).sum()),
            n(self.agencies.iter().map(|a| a.rejected).sum())
        );
        m.push('\n');

        for (title, rows, first) in [
            (l.chart_type, &self.by_type, l.kind),
            (l.chart_kecamatan, &self.by_kecamatan, l.kecamatan),
            (l.chart_nationality, &self.by_nationality, l.nationality),
        ] {
            let _ = writeln!(m, "## {}\n", md(title));
            if rows.is_empty() {
                let _ = writeln!(m, "{}\n", md(l.no_conflicts));
                continue;
            }
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|",
                md(first),
                md(sev[0]),
                md(sev[1]),
                md(sev[2]),
                md(l.total)
            );
            for r in rows.iter() {
                let _ = writeln!(
                    m,
                    "| {} | {} | {} | {} | {} |",
                    md(&r.label),
                    n(r.counts[0]),
                    n(r.counts[1]),
                    n(r.counts[2]),
                    n(r.total())
                );
            }
            m.push('\n');
        }

        let _ = writeln!(m, "## {}\n", md(l.chart_agencies));
        let _ = writeln!(m, "{}\n", md(l.chart_agencies_note));
        if self.agency_combinations.is_empty() {
            let _ = writeln!(m, "{}\n", md(l.no_persons));
        } else {
            let _ = writeln!(
                m,
                "| {} | {} |\n|---|---:|",
                md(l.combination),
                md(l.axis_persons)
            );
            for r in &self.agency_combinations {
                let _ = writeln!(m, "| {} | {} |", md(&r.label), n(r.count));
            }
            m.push('\n');
        }

        let _ = writeln!(m, "## {}\n", md(l.top_cases));
        if self.cases.is_empty() {
            let _ = writeln!(m, "{}\n", md(l.no_conflicts));
        } else {
            let _ = writeln!(m, "{}\n", md(l.top_cases_note));
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} | {} |\n|---:|---|---|---|---|---|---|",
                md(l.no),
                md(l.person),
                md(l.nationality),
                md(l.severity),
                md(l.kind),
                md(l.detail),
                md(l.rows)
            );
            for (i, c) in self.cases.iter().enumerate() {
                let _ = writeln!(
                    m,
                    "| {} | {} ({}) | {} | {} | {} | {} | {} |",
                    i + 1,
                    md(&c.name),
                    md(&c.person_id),
                    md(&c.nationality),
                    md(self.severity_label(c.severity)),
                    md(&c.kind_label),
                    md(&c.detail),
                    md(&c.rows.join("; "))
                );
            }
            m.push('\n');
        }

        let _ = writeln!(m, "## {}\n", md(l.method));
        for p in self.method_paragraphs() {
            let _ = writeln!(m, "{}\n", md(&p));
        }
        let _ = writeln!(
            m,
            "---\n\n{} {}",
            md(l.footer),
            md(env!("CARGO_PKG_VERSION"))
        );
        m
    }
}

fn nationality_name(iso3: &str, lang: Lang) -> String {
    let name = match lang {
        Lang::Id => country_name_id(iso3),
        Lang::En => country_name_en(iso3),
    };
    name.map(str::to_string).unwrap_or_else(|| iso3.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflicts::{ConflictType, ConflictValue};
    use crate::pipeline::{link_sources, read, PipelineOptions};
    use crate::record::Provenance;

    const HOSTILE: &str = "<script>alert(1)</script>";
    const PASSPORTS: [&str; 4] = ["E45453108", "554477804", "C01X00T47", "EA7734121"];
    const NIKS: [&str; 2] = ["5203176904910001", "5203070501780001"];

    /// A small run: a civil-registry file and a police file about four people, one of whom
    /// has a hostile name.
    fn tiny_run() -> (tempfile::TempDir, RunOutput) {
        let dir = tempfile::tempdir().unwrap();
        let capil = dir.path().join("dukcapil_wna.csv");
        let polri = dir.path().join("polres_stm.csv");
        std::fs::write(
            &capil,
            format!(
                "NIK,NAMA LENGKAP,JK,TGL LAHIR,KEWARGANEGARAAN,NO PASPOR,DESA/KELURAHAN,KECAMATAN\n\
                 {},HU LANNA,P,29-04-1991,CHN,{},LABUHAN HAJI,LABUHAN HAJI\n\
                 {},THOMAS LEE MURPHY,L,05-01-1978,GBR,{},RAKAM,SELONG\n\
                 ,\"{HOSTILE}\",L,01-02-1980,AUS,{},PRINGGABAYA,PRINGGABAYA\n",
                NIKS[0], PASSPORTS[0], NIKS[1], PASSPORTS[1], PASSPORTS[2]
            ),
        )
        .unwrap();
        std::fs::write(
            &polri,
            format!(
                "NO;NAMA;JENIS KELAMIN;TGL LAHIR;KEBANGSAAN;NO. PASPOR;ALAMAT\n\
                 1;LANNA HU;PEREMPUAN;29/04/1991;CHINESE;{};DS. LABUHAN HAJI, KEC. LABUHAN HAJI\n\
                 2;THOMAS LEE MURPHY;LAKI-LAKI;05/01/1978;BRITISH;{};DS. RAKAM, KEC. SELONG\n\
                 3;KENJI SATO;LAKI-LAKI;11/11/1985;JAPANESE;{};KEC. SAKRA\n",
                PASSPORTS[0], PASSPORTS[1], PASSPORTS[3]
            ),
        )
        .unwrap();
        let inputs = vec![
            format!("dukcapil={}", capil.display()),
            format!("polri={}", polri.display()),
        ];
        let specs = crate::config::resolve_sources(&inputs, None).unwrap();
        let opts = PipelineOptions::default();
        let sources = read(&specs, &opts, &|_| {});
        let run = link_sources(sources, &opts, std::time::Duration::ZERO).unwrap();
        (dir, run)
    }

    fn person_named(run: &RunOutput, needle: &str) -> u32 {
        run.persons
            .iter()
            .position(|p| p.name.contains(needle))
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or_else(|| panic!("no person named {needle}: {:?}", run.persons))
    }

    fn conflict(
        run: &RunOutput,
        person: u32,
        kind: ConflictType,
        detail_id: &str,
        detail_en: &str,
    ) -> Conflict {
        let p = &run.persons[person as usize];
        let rows: Vec<Provenance> = p
            .records
            .iter()
            .map(|&r| run.records[r as usize].provenance.clone())
            .collect();
        Conflict {
            id: format!("{}-{}", kind.code(), p.id),
            person,
            person_id: p.id.clone(),
            kind,
            severity: kind.default_severity(),
            field: "passport".into(),
            values: vec![ConflictValue {
                value: PASSPORTS[0].into(),
                rows,
            }],
            detail_id: detail_id.into(),
            detail_en: detail_en.into(),
        }
    }

    fn conflicts(run: &RunOutput) -> Vec<Conflict> {
        let hu = person_named(run, "HU LANNA");
        let tom = person_named(run, "THOMAS");
        let bad = person_named(run, "script");
        vec![
            conflict(
                run,
                hu,
                ConflictType::MissingImmigration,
                &format!("Paspor {} tidak ada di file Imigrasi.", PASSPORTS[0]),
                &format!("Passport {} is not in the immigration file.", PASSPORTS[0]),
            ),
            conflict(
                run,
                tom,
                ConflictType::NikInconsistent,
                &format!("NIK {} menyatakan lahir 1978-01-05.", NIKS[1]),
                &format!("NIK {} says born 1978-01-05.", NIKS[1]),
            ),
            conflict(
                run,
                bad,
                ConflictType::AddressMismatch,
                &format!("Alamat berbeda untuk {HOSTILE} (paspor {}).", PASSPORTS[2]),
                &format!(
                    "Different address for {HOSTILE} (passport {}).",
                    PASSPORTS[2]
                ),
            ),
            conflict(
                run,
                tom,
                ConflictType::PassportMismatch,
                "",
                "Passport differs.",
            ),
        ]
    }

    fn options(lang: Lang, redact: bool) -> ReportOptions {
        ReportOptions::new(lang, redact, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap())
    }

    fn render(run: &RunOutput, cs: &[Conflict], lang: Lang, redact: bool) -> (String, String) {
        let b = Brief::build(run, cs, &options(lang, redact), &BriefMethod::default());
        (b.to_html().unwrap(), b.to_markdown())
    }

    #[test]
    fn both_languages_have_their_labels() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        let cases = [
            (
                Lang::Id,
                [
                    "Ringkasan Rekonsiliasi Data Orang Asing — TIMPORA",
                    "1 Juni 2025",
                    "Konflik menurut jenis dan tingkat",
                    "Instansi mana mengenal siapa",
                    "Konflik menurut kecamatan",
                    "Konflik menurut kewarganegaraan",
                    "Kasus dengan tingkat tertinggi",
                    "Tidak tercatat di Imigrasi",
                    "Fellegi–Sunter",
                    "Tiongkok",
                    "Disdukcapil + Polri",
                    "≥ 0,90",
                ],
                "lang=\"id\"",
            ),
            (
                Lang::En,
                [
                    "Foreigner Data Reconciliation Brief — TIMPORA",
                    "1 June 2025",
                    "Conflicts by type and severity",
                    "Which agencies know whom",
                    "Conflicts by kecamatan",
                    "Conflicts by nationality",
                    "Highest-severity cases",
                    "Unknown to immigration",
                    "Fellegi–Sunter",
                    "China",
                    "Disdukcapil + Polri",
                    "≥ 0.90",
                ],
                "lang=\"en\"",
            ),
        ];
        for (lang, wants, html_lang) in cases {
            let (html, md) = render(&run, &cs, lang, false);
            assert!(html.contains(html_lang), "{lang:?}");
            for want in wants {
                assert!(html.contains(want), "{lang:?} html lacks {want}");
                assert!(md.contains(want), "{lang:?} markdown lacks {want}");
            }
        }
        // The other language's labels do not leak in.
        let (html_id, _) = render(&run, &cs, Lang::Id, false);
        assert!(!html_id.contains("Highest-severity cases"));
        let (html_en, _) = render(&run, &cs, Lang::En, false);
        assert!(!html_en.contains("Kasus dengan tingkat tertinggi"));
        // A missing sentence falls back to the other language.
        assert!(html_id.contains("Passport differs."));
    }

    #[test]
    fn redaction_leaves_no_full_identity_number() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        for lang in [Lang::Id, Lang::En] {
            let (html, md) = render(&run, &cs, lang, true);
            for id in PASSPORTS.iter().chain(NIKS.iter()) {
                assert!(!html.contains(id), "{lang:?}: {id} in the html");
                assert!(!md.contains(id), "{lang:?}: {id} in the markdown");
            }
            assert!(
                html.contains("*****3108"),
                "masked passport keeps its last four"
            );
            assert!(html.contains(&esc(ID.redacted_note)) || html.contains(&esc(EN.redacted_note)));
            // Names are kept.
            assert!(html.contains("HU LANNA"));
        }
        // Without --redact the numbers are shown.
        let (html, _) = render(&run, &cs, Lang::Id, false);
        assert!(html.contains(PASSPORTS[0]));
    }

    #[test]
    fn hostile_values_are_escaped() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        let (html, md) = render(&run, &cs, Lang::Id, false);
        assert!(!html.contains(HOSTILE), "raw script tag in the html");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!md.contains("<script>"), "raw script tag in the markdown");
        assert!(md.contains("&lt;script&gt;"));
        // The only <script> is none at all: the brief runs no code.
        assert!(!html.to_ascii_lowercase().contains("<script"));
    }

    #[test]
    fn html_is_self_contained_printable_and_has_svg_charts() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        let (html, md) = render(&run, &cs, Lang::Id, false);
        for want in [
            "<svg",
            "</svg>",
            "@page",
            "size: A4",
            "break-before: page",
            "<style>",
        ] {
            assert!(html.contains(want), "{want} missing");
        }
        assert_eq!(html.matches("<svg").count(), 4, "four charts");
        for external in ["http://", "https://", "<link", "src=", "@import", "url("] {
            let without_xmlns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(
                !without_xmlns.contains(external),
                "{external} fetches from outside"
            );
        }
        // Markdown carries the charts' numbers as tables.
        assert!(md.contains("| Jenis konflik | tinggi | sedang | rendah | Jumlah |"));
        assert!(!md.contains("<svg"));
    }

    #[test]
    fn output_is_byte_identical_twice_and_written_atomically() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), false).unwrap();
        let read_both = || {
            (
                std::fs::read(dir.path().join("brief.html")).unwrap(),
                std::fs::read(dir.path().join("brief.md")).unwrap(),
            )
        };
        write_brief(&out, &run, &cs, &options(Lang::Id, false)).unwrap();
        let first = read_both();
        write_brief(&out, &run, &cs, &options(Lang::Id, false)).unwrap();
        assert_eq!(first, read_both());
        // The order conflicts arrive in does not matter.
        let mut reversed = cs.clone();
        reversed.reverse();
        write_brief(&out, &run, &reversed, &options(Lang::Id, false)).unwrap();
        assert_eq!(first, read_both());
    }

    #[test]
    fn headline_figures_and_chart_rows() {
        let (_d, run) = tiny_run();
        let cs = conflicts(&run);
        let b = Brief::build(
            &run,
            &cs,
            &options(Lang::Id, false),
            &BriefMethod::default(),
        );
        assert_eq!(b.records, 6);
        assert_eq!(b.total_conflicts, 4);
        assert_eq!(b.by_severity, [1, 2, 1]);
        assert_eq!(b.persons_with_conflicts, 3);
        assert_eq!(b.persons, run.persons.len());
        assert_eq!(b.persons_several_agencies, 2, "{:?}", run.persons);
        // Cases come most severe first.
        assert_eq!(b.cases.first().map(|c| c.severity), Some(Severity::High));
        assert_eq!(b.cases.last().map(|c| c.severity), Some(Severity::Low));
        // Kecamatan are the persons' canonical kecamatan, title-cased.
        let kec: Vec<&str> = b.by_kecamatan.iter().map(|r| r.label.as_str()).collect();
        assert!(kec.contains(&"Selong"), "{kec:?}");
        assert!(kec.contains(&"Labuhan Haji"), "{kec:?}");
        let combos: usize = b.agency_combinations.iter().map(|r| r.count).sum();
        assert_eq!(combos, run.persons.len());
    }

    #[test]
    fn no_conflicts_still_makes_a_brief() {
        let (_d, run) = tiny_run();
        let (html, md) = render(&run, &[], Lang::En, true);
        assert!(html.contains("No conflicts were found."));
        assert!(md.contains("No conflicts were found."));
        assert_eq!(html.matches("<svg").count(), 1, "only the agencies chart");
    }

    #[test]
    fn masking_free_text() {
        let known = Masker {
            known: ["AB12", "X1234Y"].iter().map(|s| s.to_string()).collect(),
        };
        let cases = [
            (
                "Paspor E45453108 dan A1234567",
                "Paspor *****3108 dan ****4567",
            ),
            ("NIK 5203176904910001.", "NIK ************0001."),
            (
                "lahir 1978-01-05, 29/04/1991",
                "lahir 1978-01-05, 29/04/1991",
            ),
            ("x1234y berbeda", "**234y berbeda"),
            ("AB12 (pendek)", "**** (pendek)"),
            ("HU LANNA", "HU LANNA"),
            ("", ""),
            ("\u{0}<>\u{1F600}", "\u{0}<>\u{1F600}"),
            ("ＡＢ１２３４５６", "****３４５６"),
        ];
        for (raw, want) in cases {
            assert_eq!(known.mask(raw), want, "{raw:?}");
        }
        assert_eq!(Masker::heuristic().mask("AB12 x"), "AB12 x");
    }

    #[test]
    fn formatting_helpers() {
        let numbers = [
            (0, "0", "0"),
            (999, "999", "999"),
            (1000, "1.000", "1,000"),
            (1234567, "1.234.567", "1,234,567"),
        ];
        for (n, id, en) in numbers {
            assert_eq!(number(n, Lang::Id), id);
            assert_eq!(number(n, Lang::En), en);
        }
        let dates = [
            ((2025, 6, 1), "1 Juni 2025", "1 June 2025"),
            ((2024, 12, 31), "31 Desember 2024", "31 December 2024"),
        ];
        for ((y, m, d), id, en) in dates {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(long_date(date, &ID), id);
            assert_eq!(long_date(date, &EN), en);
        }
        let titles = [
            ("SAKRA TIMUR", "Sakra Timur"),
            ("", ""),
            ("LABUHAN-HAJI", "Labuhan-Haji"),
        ];
        for (raw, want) in titles {
            assert_eq!(title_case(raw), want);
        }
        let escapes = [
            ("a & b", "a &amp; b", "a &amp; b"),
            ("x|y*z_", "x|y*z_", "x\\|y\\*z\\_"),
            ("\"'", "&quot;&#39;", "\"'"),
            ("line\nbreak", "line break", "line break"),
        ];
        for (raw, html, markdown) in escapes {
            assert_eq!(esc(raw), html);
            assert_eq!(md(raw), markdown);
        }
        let common = [
            (vec!["B", "A", "B"], Some("B")),
            (vec!["B", "A"], Some("A")),
            (vec!["", " "], None),
        ];
        for (values, want) in common {
            assert_eq!(most_common(values.into_iter()), want);
        }
    }

    #[test]
    fn long_category_lists_are_grouped() {
        let mut counts = BTreeMap::new();
        for i in 0..20 {
            counts.insert(format!("K{i:02}"), [i, 0, 1]);
        }
        let rows = top_rows(counts, [0, 0, 2], &ID);
        assert_eq!(rows.len(), TOP_CATEGORIES + 2);
        assert_eq!(rows.first().map(|r| r.label.as_str()), Some("K19"));
        assert_eq!(
            rows.get(TOP_CATEGORIES).map(|r| r.label.as_str()),
            Some("Lainnya (8)")
        );
        assert_eq!(
            rows.last().map(|r| r.label.as_str()),
            Some("(tidak diketahui)")
        );
        let total: usize = rows.iter().map(StackedRow::total).sum();
        assert_eq!(total, (0..20).sum::<usize>() + 20 + 2);
    }
}
