//! The detection driver: [`detect`] walks the persons, lets each family of rules look at one
//! [`PersonView`] (the person's records with their normalised keys) and turns their [`Finding`]s
//! into [`Conflict`]s with a stable id, the configured severity and a stable order.
//!
//! ```text
//! RunOutput.persons ─▶ PersonView { members: [Member { record, norm }] }
//!        ─▶ identity / permits / presence / places / duplicates ─▶ [Finding]
//!        ─▶ Conflict { id = hash(type, field, person key, normalised values), severity, … }
//! ```
//! Rules compare normalised values (so spelling noise is never a conflict) and report the raw
//! values as the sources wrote them, with the rows they came from.

use super::settings::ConflictSettings;
use super::types::{Conflict, ConflictType, ConflictValue};
use super::{duplicates, identity, permits, places, presence};
use crate::link::persons::{person_id, Person};
use crate::normalize::address::Gazetteer;
use crate::normalize::stage::NormalizedRecord;
use crate::pipeline::RunOutput;
use crate::record::{Agency, Field, Provenance, Record};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// What every rule may consult besides the person itself.
pub(crate) struct Context<'a> {
    /// The reference date ("per tanggal") permits are checked against.
    pub as_of: NaiveDate,
    pub gazetteer: Gazetteer,
    /// Agencies among the readable inputs: a presence check needs its agency here.
    pub agencies: BTreeSet<Agency>,
    pub settings: &'a ConflictSettings,
}

impl Context<'_> {
    /// Whether a rule producing `kind` should run at all.
    pub fn wants(&self, kind: ConflictType) -> bool {
        self.settings.enabled(kind)
    }
}

/// One record of a person.
pub(crate) struct Member<'a> {
    pub index: u32,
    /// Source-and-sheet group (`RunOutput::groups`).
    pub group: u32,
    pub record: &'a Record,
    pub norm: &'a NormalizedRecord,
}

impl Member<'_> {
    pub fn agency(&self) -> Agency {
        self.record.agency
    }

    pub fn row(&self) -> Provenance {
        self.record.provenance.clone()
    }

    /// The raw text of a field, trimmed; `None` when absent or empty.
    pub fn raw(&self, field: Field) -> Option<String> {
        self.record
            .text(field)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    }
}

/// A person's records, most authoritative agency first (immigration, civil registry, police,
/// manpower, other), then in input order.
pub(crate) struct PersonView<'a> {
    pub members: Vec<Member<'a>>,
}

/// Order in which agencies are listed and trusted.
pub(crate) fn agency_rank(a: Agency) -> u8 {
    match a {
        Agency::Imigrasi => 0,
        Agency::Dukcapil => 1,
        Agency::Polri => 2,
        Agency::Disnaker => 3,
        Agency::Other => 4,
    }
}

impl<'a> PersonView<'a> {
    fn new(run: &'a RunOutput, person: &Person) -> PersonView<'a> {
        let mut members: Vec<Member<'a>> = person
            .records
            .iter()
            .filter_map(|&i| {
                let idx = i as usize;
                Some(Member {
                    index: i,
                    group: run.groups.get(idx).copied().unwrap_or(u32::MAX),
                    record: run.records.get(idx)?,
                    norm: run.normalized.get(idx)?,
                })
            })
            .collect();
        members.sort_by_key(|m| (agency_rank(m.agency()), m.index));
        PersonView { members }
    }

    pub fn has(&self, agency: Agency) -> bool {
        self.members.iter().any(|m| m.agency() == agency)
    }

    pub fn of(&self, agency: Agency) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter().filter(move |m| m.agency() == agency)
    }
}

/// One value of a finding: what the sources wrote, a normalised key (for the conflict id), and
/// where it came from.
#[derive(Clone, Debug)]
pub(crate) struct FoundValue {
    pub value: String,
    pub key: String,
    pub agencies: Vec<Agency>,
    pub rows: Vec<Provenance>,
}

impl FoundValue {
    pub fn new(value: String, key: String) -> FoundValue {
        FoundValue {
            value,
            key,
            agencies: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a member's agency and row.
    pub fn add(&mut self, m: &Member<'_>) {
        if !self.agencies.contains(&m.agency()) {
            self.agencies.push(m.agency());
        }
        self.rows.push(m.row());
    }

    pub fn with(mut self, members: &[&Member<'_>]) -> FoundValue {
        for m in members {
            self.add(m);
        }
        self
    }
}

/// What a rule found about one person, before it becomes a [`Conflict`].
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub kind: ConflictType,
    pub field: &'static str,
    pub values: Vec<FoundValue>,
    pub detail_id: String,
    pub detail_en: String,
}

/// Values that normalise to the same thing, and the members that hold them.
pub(crate) struct Class<'m, 'a, K> {
    pub key: K,
    pub members: Vec<&'m Member<'a>>,
}

/// Splits members into classes of agreeing values: each value joins the first class whose first
/// value it agrees with. Members without a value are left out (a missing value neither agrees nor
/// conflicts).
pub(crate) fn classes<'m, 'a, K>(
    members: &'m [Member<'a>],
    value: impl Fn(&Member<'a>) -> Option<K>,
    agree: impl Fn(&K, &K) -> bool,
) -> Vec<Class<'m, 'a, K>> {
    let mut out: Vec<Class<'m, 'a, K>> = Vec::new();
    for m in members {
        let Some(k) = value(m) else { continue };
        match out.iter_mut().find(|c| agree(&c.key, &k)) {
            Some(c) => c.members.push(m),
            None => out.push(Class {
                key: k,
                members: vec![m],
            }),
        }
    }
    out
}

/// Agency names for sentences.
pub(crate) fn agency_id(a: Agency) -> &'static str {
    match a {
        Agency::Imigrasi => "Imigrasi",
        Agency::Disnaker => "Disnaker",
        Agency::Dukcapil => "Disdukcapil",
        Agency::Polri => "Polri",
        Agency::Other => "sumber lain",
    }
}

pub(crate) fn agency_en(a: Agency) -> &'static str {
    match a {
        Agency::Imigrasi => "immigration",
        Agency::Disnaker => "the manpower office",
        Agency::Dukcapil => "the civil registry",
        Agency::Polri => "the police",
        Agency::Other => "another source",
    }
}

/// "Imigrasi dan Polri" / "immigration and the police".
pub(crate) fn agencies_text(agencies: &[Agency], english: bool) -> String {
    let names: Vec<&str> = agencies
        .iter()
        .map(|&a| if english { agency_en(a) } else { agency_id(a) })
        .collect();
    let and = if english { " and " } else { " dan " };
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// Upper-cases the first letter (English sentences start with an agency name).
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The usual two sentences for "the agencies record different X":
/// "Imigrasi mencatat tanggal lahir 1980-03-12, Polri 1980-12-03." /
/// "Immigration records date of birth 1980-03-12, the police 1980-12-03."
pub(crate) fn differing_sentences(
    values: &[FoundValue],
    noun_id: &str,
    noun_en: &str,
) -> (String, String) {
    let mut id = String::new();
    let mut en = String::new();
    for (i, v) in values.iter().enumerate() {
        let who_id = agencies_text(&v.agencies, false);
        let who_en = agencies_text(&v.agencies, true);
        if i == 0 {
            id.push_str(&format!("{who_id} mencatat {noun_id} {}", v.value));
            en.push_str(&format!(
                "{} record{} {noun_en} {}",
                capitalise(&who_en),
                if v.agencies.len() == 1 { "s" } else { "" },
                v.value
            ));
        } else {
            id.push_str(&format!(", {who_id} {}", v.value));
            en.push_str(&format!(", {who_en} {}", v.value));
        }
    }
    id.push('.');
    en.push('.');
    (id, en)
}

/// A finding whose values are classes of disagreeing values, with the usual sentences.
pub(crate) fn differing(
    kind: ConflictType,
    field: &'static str,
    values: Vec<FoundValue>,
    noun_id: &str,
    noun_en: &str,
) -> Finding {
    let (detail_id, detail_en) = differing_sentences(&values, noun_id, noun_en);
    Finding {
        kind,
        field,
        values,
        detail_id,
        detail_en,
    }
}

/// 64-bit FNV-1a: tiny, and fixed forever (unlike std's hasher, whose algorithm may change
/// between Rust releases), so conflict ids stay stable across tool versions too.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The person's most stable identifying key: the passports the most authoritative agency
/// records, else the NIK, else the name key and birth date. Row numbers and person ids are
/// never used: they change when files change.
pub(crate) fn person_key(view: &PersonView<'_>) -> String {
    for agency in [
        Agency::Imigrasi,
        Agency::Dukcapil,
        Agency::Polri,
        Agency::Disnaker,
        Agency::Other,
    ] {
        let mut keys: Vec<&str> = view
            .of(agency)
            .flat_map(|m| m.norm.passports.iter().map(|p| p.key.as_str()))
            .collect();
        if !keys.is_empty() {
            keys.sort_unstable();
            keys.dedup();
            return format!("passport:{}", keys.join("+"));
        }
    }
    if let Some(nik) = view
        .members
        .iter()
        .filter_map(|m| m.norm.nik.as_ref())
        .map(|n| n.match_key())
        .min()
    {
        return format!("nik:{nik}");
    }
    let name = view
        .members
        .iter()
        .filter_map(|m| m.norm.name.as_ref())
        .map(|n| n.joined_key.as_str())
        .next()
        .unwrap_or("");
    let dob = view
        .members
        .iter()
        .filter_map(|m| m.norm.dob.map(|d| d.value.to_iso()))
        .next()
        .unwrap_or_default();
    format!("name:{name}|{dob}")
}

/// The stable id of a conflict: type, field, person key and the sorted normalised values.
pub(crate) fn conflict_id(
    kind: ConflictType,
    field: &str,
    person_key: &str,
    values: &[FoundValue],
) -> String {
    let mut keys: Vec<&str> = values.iter().map(|v| v.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let joined = keys.join("\u{1e}");
    format!("{:016x}", fnv1a(&[kind.code(), field, person_key, &joined]))
}

fn person_findings(ctx: &Context<'_>, view: &PersonView<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    identity::check(ctx, view, &mut out);
    permits::check(ctx, view, &mut out);
    presence::check(ctx, view, &mut out);
    places::check(ctx, view, &mut out);
    duplicates::check(ctx, view, &mut out);
    out.retain(|f| ctx.wants(f.kind));
    out
}

/// Finds every conflict in a run, as of the reference date. Output is sorted by severity, type,
/// person and field (then id), so the same input always gives the same bytes.
pub fn detect(run: &RunOutput, as_of: NaiveDate, settings: &ConflictSettings) -> Vec<Conflict> {
    let agencies: BTreeSet<Agency> = run
        .sources
        .iter()
        .filter(|s| s.result.is_ok())
        .map(|s| s.agency)
        .collect();
    let ctx = Context {
        as_of,
        gazetteer: Gazetteer::lombok_timur(),
        agencies,
        settings,
    };
    let views: Vec<PersonView<'_>> = run
        .persons
        .par_iter()
        .map(|p| PersonView::new(run, p))
        .collect();
    let mut findings: Vec<Vec<Finding>> = views
        .par_iter()
        .map(|v| {
            if v.members.is_empty() {
                Vec::new()
            } else {
                person_findings(&ctx, v)
            }
        })
        .collect();
    presence::renewed_passports(&ctx, &views, &mut findings);
    let mut conflicts: Vec<Conflict> = views
        .par_iter()
        .zip(findings.into_par_iter())
        .enumerate()
        .flat_map_iter(|(i, (view, findings))| {
            let key = person_key(view);
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            findings.into_iter().map(move |f| Conflict {
                id: conflict_id(f.kind, f.field, &key, &f.values),
                person: index,
                person_id: person_id(index),
                kind: f.kind,
                severity: settings.severity_of(f.kind),
                field: f.field.to_string(),
                values: f
                    .values
                    .into_iter()
                    .map(|v| {
                        let mut rows = v.rows;
                        rows.sort();
                        rows.dedup();
                        ConflictValue {
                            value: v.value,
                            rows,
                        }
                    })
                    .collect(),
                detail_id: f.detail_id,
                detail_en: f.detail_en,
            })
        })
        .collect();
    conflicts.sort_by(|a, b| {
        (a.severity, a.kind, a.person, &a.field, &a.id)
            .cmp(&(b.severity, b.kind, b.person, &b.field, &b.id))
    });
    // Two persons sharing a key (a rare split of one person) could give one id twice; keep ids
    // unique with a suffix, deterministic because the order is.
    let mut seen: HashMap<String, u32> = HashMap::new();
    for c in &mut conflicts {
        let n = seen.entry(c.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.id = format!("{}-{}", c.id, n);
        }
    }
    conflicts
}

/// The agency of every row in a run, for reports that show `value [agency]`.
pub fn row_agencies(run: &RunOutput) -> HashMap<&Provenance, Agency> {
    run.records
        .iter()
        .map(|r| (&r.provenance, r.agency))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fv(value: &str, key: &str, agencies: &[Agency]) -> FoundValue {
        let mut v = FoundValue::new(value.into(), key.into());
        v.agencies = agencies.to_vec();
        v
    }

    #[test]
    fn sentences_name_agencies_and_values() {
        let values = [
            fv("1980-03-12", "1980-03-12", &[Agency::Imigrasi]),
            fv(
                "1980-12-03",
                "1980-12-03",
                &[Agency::Polri, Agency::Dukcapil],
            ),
        ];
        let (id, en) = differing_sentences(&values, "tanggal lahir", "date of birth");
        assert_eq!(
            id,
            "Imigrasi mencatat tanggal lahir 1980-03-12, Polri dan Disdukcapil 1980-12-03."
        );
        assert_eq!(
            en,
            "Immigration records date of birth 1980-03-12, the police and the civil registry 1980-12-03."
        );
    }

    #[test]
    fn ids_ignore_value_order_but_not_content() {
        let a = [fv("x", "1", &[]), fv("y", "2", &[])];
        let b = [fv("y", "2", &[]), fv("x", "1", &[])];
        let c = [fv("x", "1", &[]), fv("y", "3", &[])];
        let k = ConflictType::DobMismatch;
        assert_eq!(
            conflict_id(k, "dob", "p", &a),
            conflict_id(k, "dob", "p", &b)
        );
        assert_ne!(
            conflict_id(k, "dob", "p", &a),
            conflict_id(k, "dob", "p", &c)
        );
        assert_ne!(
            conflict_id(k, "dob", "p", &a),
            conflict_id(k, "dob", "q", &a)
        );
        assert_ne!(
            conflict_id(k, "dob", "p", &a),
            conflict_id(ConflictType::SexMismatch, "dob", "p", &a)
        );
        assert_eq!(conflict_id(k, "dob", "p", &a).len(), 16);
    }

    #[test]
    fn fnv_is_fixed() {
        // Known FNV-1a 64 values: ids must never change between versions.
        assert_eq!(fnv1a(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn agency_lists() {
        let cases: [(&[Agency], &str, &str); 3] = [
            (&[], "", ""),
            (&[Agency::Polri], "Polri", "the police"),
            (
                &[Agency::Imigrasi, Agency::Disnaker, Agency::Polri],
                "Imigrasi, Disnaker dan Polri",
                "immigration, the manpower office and the police",
            ),
        ];
        for (list, id, en) in cases {
            assert_eq!(agencies_text(list, false), id);
            assert_eq!(agencies_text(list, true), en);
        }
        assert_eq!(capitalise("the police"), "The police");
        assert_eq!(capitalise(""), "");
    }
}
