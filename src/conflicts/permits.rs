//! Permit rules: whether the stay permit immigration records fits what the other agencies see.
//!
//! * `permit_mismatch` — What: permit number, type (ITAS/ITAP/ITK) or expiry date differ between
//!   agencies. Why: the SKTT and the STM follow the KITAS, so a different number or type means
//!   one agency holds stale or wrong papers. Example: Imigrasi KITAS 2C25JJ2147-Z, Disdukcapil
//!   2C21AB0001-X; or Imigrasi ITAS, Disdukcapil ITAP.
//! * `permit_expired` — What: immigration's latest stay permit expired before the reference date
//!   (status not EPO or deportation), yet another agency still records the person as present or
//!   working: the civil registry lists them, the manpower office lists them with a contract
//!   (RPTKA) not itself ended before that date, or the police registered them after the expiry.
//!   Why: overstay (Pasal 78 UU 6/2011). Example: BERLAKU S/D 2025-03-01, STM dated 2025-04-11,
//!   as of 2025-06-01.
//! * `work_on_non_work_permit` — What: recorded as working (on the manpower list, or with an
//!   employer in another source) while immigration's permit is of a non-work type (visit, VOA,
//!   family, retirement, second home; see `permit_groups`). Why: permit misuse, the most common
//!   deportation cause. Example: E31 (family) holder listed by Disnaker at PT SEMBALUN TOUR.
//! * `deported_but_present` — What: immigration records a deportation or entry ban (STATUS
//!   DEPORTASI / TANGKAL), yet another agency has a later record of the person (or any record,
//!   when immigration gives no date). Example: DEPORTASI, STM dated 2025-05-20.

use super::detect::{
    agencies_text, classes, differing, Context, Finding, FoundValue, Member, PersonView,
};
use super::permit_groups::{permit_group, permit_kind, PermitGroup};
use super::types::ConflictType;
use crate::normalize::date::{parse_date, parse_validity};
use crate::normalize::passport::fold_confusables;
use crate::record::{Agency, Field, Value};
use chrono::{Datelike, NaiveDate};

/// Immigration status words meaning the person was deported or banned.
pub(crate) fn is_deported(status: &str) -> bool {
    let s = status.to_ascii_uppercase();
    s.contains("DEPORT") || s.contains("TANGKAL") || s.contains("NANGKAL") || s.contains("BANNED")
}

/// Status words meaning the permit no longer holds the person here (exit permit only, deported).
pub(crate) fn is_inactive(status: &str) -> bool {
    let s = status.to_ascii_uppercase();
    is_deported(&s)
        || s.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "EPO")
        || s.contains("EXIT PERMIT")
        || s.contains("BATAL")
}

/// Immigration's current record: the one with the latest permit expiry, else the first.
pub(crate) fn current_immigration<'v, 'a>(view: &'v PersonView<'a>) -> Option<&'v Member<'a>> {
    let imm: Vec<&Member<'a>> = view.of(Agency::Imigrasi).collect();
    imm.iter()
        .filter_map(|m| m.norm.permit_expiry.map(|e| (e, *m)))
        .max_by_key(|(e, m)| (*e, std::cmp::Reverse(m.index)))
        .map(|(_, m)| m)
        .or_else(|| imm.first().copied())
}

/// The group of a member's permit.
pub(crate) fn group_of(m: &Member<'_>) -> Option<PermitGroup> {
    permit_group(
        m.norm.permit_index.as_deref(),
        m.norm.permit_type.as_deref(),
    )
}

/// A date field as a calendar date (a real date cell, or text read day-first).
pub(crate) fn date_of(m: &Member<'_>, field: Field, pivot_year: i32) -> Option<NaiveDate> {
    match m.record.get(field)? {
        Value::Date(d) => Some(*d),
        Value::Text(t) => parse_date(t, pivot_year).ok()?.value.full(),
    }
}

/// The latest date an agency's record was made or confirmed (STM, SKTT, event), if it says.
pub(crate) fn record_date(m: &Member<'_>, pivot_year: i32) -> Option<NaiveDate> {
    [Field::StmDate, Field::SkttDate, Field::EventDate]
        .iter()
        .filter_map(|&f| date_of(m, f, pivot_year))
        .max()
}

/// The end of a manpower record's contract (RPTKA validity), if it gives one.
fn contract_end(m: &Member<'_>, pivot_year: i32) -> Option<NaiveDate> {
    match m.record.get(Field::RptkaValidity)? {
        Value::Date(d) => Some(*d),
        Value::Text(t) => parse_validity(t, pivot_year).1?.value.full(),
    }
}

/// A short description of what an agency's record shows, for a conflict value.
fn evidence(m: &Member<'_>) -> String {
    let labelled = [
        (Field::StmNumber, "STM"),
        (Field::SkttNumber, "SKTT"),
        (Field::RptkaNumber, "RPTKA"),
        (Field::WorkPermitNumber, "IMTA/notifikasi"),
        (Field::Employer, ""),
    ];
    for (f, label) in labelled {
        if let Some(v) = m.raw(f) {
            return if label.is_empty() {
                v
            } else {
                format!("{label} {v}")
            };
        }
    }
    m.raw(Field::Name)
        .unwrap_or_else(|| m.record.provenance.to_string())
}

pub(crate) fn check(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if ctx.wants(ConflictType::PermitMismatch) {
        mismatch(view, out);
    }
    if ctx.wants(ConflictType::PermitExpired) {
        expired(ctx, view, out);
    }
    if ctx.wants(ConflictType::WorkOnNonWorkPermit) {
        work_on_non_work(view, out);
    }
    if ctx.wants(ConflictType::DeportedButPresent) {
        deported(ctx, view, out);
    }
}

fn mismatch(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let numbers = classes(
        &view.members,
        |m| m.norm.permit_number.as_deref().filter(|n| n.len() >= 4),
        |a, b| a == b || fold_confusables(a) == fold_confusables(b),
    );
    if numbers.len() >= 2 {
        let values = numbers
            .iter()
            .map(|c| {
                let raw = c
                    .members
                    .iter()
                    .find_map(|m| m.raw(Field::PermitNumber))
                    .unwrap_or_else(|| c.key.to_string());
                FoundValue::new(raw, format!("number:{}", fold_confusables(c.key))).with(&c.members)
            })
            .collect();
        out.push(differing(
            ConflictType::PermitMismatch,
            "permit_number",
            values,
            "nomor izin tinggal",
            "stay permit number",
        ));
    }
    let kinds = classes(
        &view.members,
        |m| {
            m.norm
                .permit_type
                .as_deref()
                .map(permit_kind)
                .filter(|k| matches!(k.as_str(), "ITAS" | "ITAP" | "ITK"))
        },
        |a, b| a == b,
    );
    if kinds.len() >= 2 {
        let values = kinds
            .iter()
            .map(|c| FoundValue::new(c.key.clone(), format!("type:{}", c.key)).with(&c.members))
            .collect();
        out.push(differing(
            ConflictType::PermitMismatch,
            "permit_type",
            values,
            "jenis izin tinggal",
            "stay permit type",
        ));
    }
    let expiries = classes(
        &view.members,
        |m| m.norm.permit_expiry.filter(|d| d.day.is_some()),
        |a, b| a == b,
    );
    if expiries.len() >= 2 {
        let values = expiries
            .iter()
            .map(|c| {
                let iso = c.key.to_iso();
                FoundValue::new(iso.clone(), format!("expiry:{iso}")).with(&c.members)
            })
            .collect();
        out.push(differing(
            ConflictType::PermitMismatch,
            "permit_expiry",
            values,
            "masa berlaku izin tinggal",
            "stay permit expiry",
        ));
    }
}

fn expired(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let imm: Vec<&Member<'_>> = view.of(Agency::Imigrasi).collect();
    if imm
        .iter()
        .any(|m| m.norm.status.as_deref().is_some_and(is_inactive))
    {
        return;
    }
    let Some((expiry, holder)) = imm
        .iter()
        .filter_map(|m| m.norm.permit_expiry.and_then(|d| d.full()).map(|d| (d, *m)))
        .max_by_key(|(d, m)| (*d, std::cmp::Reverse(m.index)))
    else {
        return;
    };
    if expiry >= ctx.as_of {
        return;
    }
    let year = ctx.as_of.year();
    let present: Vec<&Member<'_>> = view
        .members
        .iter()
        .filter(|m| match m.agency() {
            Agency::Imigrasi => false,
            Agency::Disnaker => contract_end(m, year).is_none_or(|end| end >= ctx.as_of),
            Agency::Polri => record_date(m, year).is_none_or(|d| d > expiry),
            Agency::Dukcapil | Agency::Other => true,
        })
        .collect();
    if present.is_empty() {
        return;
    }
    let iso = expiry.format("%Y-%m-%d").to_string();
    let mut values = vec![FoundValue::new(iso.clone(), format!("expiry:{iso}")).with(&[holder])];
    for m in &present {
        match values
            .iter_mut()
            .skip(1)
            .find(|v| v.agencies.first() == Some(&m.agency()))
        {
            Some(v) => v.add(m),
            None => values.push(
                FoundValue::new(evidence(m), format!("present:{}", m.agency().code())).with(&[m]),
            ),
        }
    }
    let agencies: Vec<Agency> = values
        .iter()
        .skip(1)
        .flat_map(|v| v.agencies.clone())
        .collect();
    let as_of = ctx.as_of.format("%Y-%m-%d");
    out.push(Finding {
        kind: ConflictType::PermitExpired,
        field: "permit_expiry",
        detail_id: format!(
            "Izin tinggal menurut Imigrasi berakhir {iso}, sebelum tanggal acuan {as_of}, tetapi {} masih mencatat orang ini.",
            agencies_text(&agencies, false)
        ),
        detail_en: format!(
            "Immigration's stay permit expired on {iso}, before the reference date {as_of}, yet {} still record{} the person.",
            agencies_text(&agencies, true),
            if agencies.len() == 1 { "s" } else { "" }
        ),
        values,
    });
}

/// The permit as shown to people: `E31 (ITAS)`.
fn permit_text(m: &Member<'_>) -> String {
    let index = m.raw(Field::PermitIndex);
    let kind = m.raw(Field::PermitType);
    match (index, kind) {
        (Some(i), Some(k)) => format!("{i} ({k})"),
        (Some(i), None) => i,
        (None, Some(k)) => k,
        (None, None) => "?".into(),
    }
}

fn work_on_non_work(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let Some(holder) = current_immigration(view) else {
        return;
    };
    if group_of(holder) != Some(PermitGroup::NonWork) {
        return;
    }
    let working: Vec<&Member<'_>> = view
        .members
        .iter()
        .filter(|m| match m.agency() {
            Agency::Imigrasi => false,
            Agency::Disnaker => true,
            _ => m.raw(Field::Employer).is_some(),
        })
        .collect();
    if working.is_empty() {
        return;
    }
    let permit = permit_text(holder);
    let key = holder
        .norm
        .permit_index
        .clone()
        .or_else(|| holder.norm.permit_type.clone())
        .unwrap_or_default();
    let mut values = vec![FoundValue::new(permit.clone(), format!("permit:{key}")).with(&[holder])];
    let mut employers: Vec<String> = Vec::new();
    for m in &working {
        let employer = m.raw(Field::Employer);
        if let Some(e) = &employer {
            if !employers.contains(e) {
                employers.push(e.clone());
            }
        }
        let shown = employer.unwrap_or_else(|| evidence(m));
        match values.iter_mut().skip(1).find(|v| v.value == shown) {
            Some(v) => v.add(m),
            None => values
                .push(FoundValue::new(shown, format!("work:{}", m.agency().code())).with(&[m])),
        }
    }
    let agencies: Vec<Agency> = {
        let mut a: Vec<Agency> = working.iter().map(|m| m.agency()).collect();
        a.sort_by_key(|&x| super::detect::agency_rank(x));
        a.dedup();
        a
    };
    let at_id = if employers.is_empty() {
        String::new()
    } else {
        format!(" di {}", employers.join(", "))
    };
    let at_en = if employers.is_empty() {
        String::new()
    } else {
        format!(" at {}", employers.join(", "))
    };
    out.push(Finding {
        kind: ConflictType::WorkOnNonWorkPermit,
        field: "permit_type",
        detail_id: format!(
            "Imigrasi mencatat izin tinggal non-kerja {permit}, tetapi {} mencatat orang ini bekerja{at_id}.",
            agencies_text(&agencies, false)
        ),
        detail_en: format!(
            "Immigration records a non-work stay permit {permit}, but {} record{} the person as working{at_en}.",
            agencies_text(&agencies, true),
            if agencies.len() == 1 { "s" } else { "" }
        ),
        values,
    });
}

fn deported(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let year = ctx.as_of.year();
    let Some(holder) = view
        .of(Agency::Imigrasi)
        .find(|m| m.norm.status.as_deref().is_some_and(is_deported))
    else {
        return;
    };
    let since = date_of(holder, Field::EventDate, year);
    let later: Vec<&Member<'_>> = view
        .members
        .iter()
        .filter(|m| m.agency() != Agency::Imigrasi)
        .filter(|m| match (since, record_date(m, year)) {
            (Some(s), Some(d)) => d > s,
            _ => true,
        })
        .collect();
    if later.is_empty() {
        return;
    }
    let status = holder
        .raw(Field::Status)
        .unwrap_or_else(|| "DEPORTASI".into());
    let mut values =
        vec![FoundValue::new(status.clone(), "status:deported".into()).with(&[holder])];
    for m in &later {
        let shown = match record_date(m, year) {
            Some(d) => format!("{} {}", evidence(m), d.format("%Y-%m-%d")),
            None => evidence(m),
        };
        values.push(FoundValue::new(shown, format!("later:{}", m.agency().code())).with(&[m]));
    }
    let mut agencies: Vec<Agency> = later.iter().map(|m| m.agency()).collect();
    agencies.sort_by_key(|&x| super::detect::agency_rank(x));
    agencies.dedup();
    out.push(Finding {
        kind: ConflictType::DeportedButPresent,
        field: "status",
        detail_id: format!(
            "Imigrasi mencatat status {status}, tetapi {} masih mempunyai catatan orang ini sesudahnya.",
            agencies_text(&agencies, false)
        ),
        detail_en: format!(
            "Immigration records the status {status}, yet {} still {} a later record of the person.",
            agencies_text(&agencies, true),
            if agencies.len() == 1 { "has" } else { "have" }
        ),
        values,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        let cases = [
            ("DEPORTASI", true, true),
            ("deportasi", true, true),
            ("PENANGKALAN", true, true),
            ("EPO", false, true),
            ("EPO (EXIT PERMIT ONLY)", false, true),
            ("AKTIF", false, false),
            ("ALIH STATUS", false, false),
            ("REPORT", false, false),
            ("", false, false),
        ];
        for (s, dep, inactive) in cases {
            assert_eq!(is_deported(s), dep, "{s}");
            assert_eq!(is_inactive(s), inactive, "{s}");
        }
    }
}
