//! Presence rules: who is known to one agency but absent from another that should know them.
//! A check runs only when the agency it needs is among the inputs: without a manpower file,
//! nobody is "missing from the manpower file".
//!
//! * `missing_immigration` — What: in the manpower, police or civil-registry file but absent
//!   from the immigration file. Why: immigration must know every foreigner; an unknown one may
//!   have entered or stayed irregularly. Example: a Polri STM for JOHN SMITH, no Imigrasi row.
//! * `missing_manpower` — What: holds an active work-type stay permit (C311, C312, E23*), lives
//!   in Lombok Timur, but is on no manpower sheet. Why: every foreign worker needs an RPTKA and
//!   a notification. Example: Imigrasi E23 (ITAS), sponsor PT HUADIAN, not in Disnaker.
//! * `missing_civil_registry` — What: holds an active ITAS or ITAP, lives in Lombok Timur, but
//!   is absent from the civil registry. Why: ITAS holders must get an SKTT within 14 days, ITAP
//!   holders a KK and KTP-el (UU 23/2006). Example: Imigrasi ITAS, no Disdukcapil row.
//!
//! Persons living outside Lombok Timur are not expected on the regency's lists, and neither
//! are persons whose status is EPO or deportation.

use super::detect::{agencies_text, Context, Finding, FoundValue, Member, PersonView};
use super::permit_groups::{permit_kind, PermitGroup};
use super::permits::{current_immigration, group_of, is_inactive};
use super::types::ConflictType;
use crate::record::{Agency, Field};
use rayon::prelude::*;
use std::collections::HashMap;

pub(crate) fn check(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if ctx.wants(ConflictType::MissingImmigration) && ctx.agencies.contains(&Agency::Imigrasi) {
        missing_immigration(view, out);
    }
    let Some(holder) = current_immigration(view) else {
        return;
    };
    if holder.norm.status.as_deref().is_some_and(is_inactive) || !in_lombok_timur(ctx, holder) {
        return;
    }
    if ctx.wants(ConflictType::MissingManpower)
        && ctx.agencies.contains(&Agency::Disnaker)
        && !view.has(Agency::Disnaker)
        && group_of(holder) == Some(PermitGroup::Work)
    {
        out.push(missing(
            ConflictType::MissingManpower,
            "manpower",
            holder,
            Agency::Disnaker,
            "izin tinggal kerja",
            "a work stay permit",
        ));
    }
    if ctx.wants(ConflictType::MissingCivilRegistry)
        && ctx.agencies.contains(&Agency::Dukcapil)
        && !view.has(Agency::Dukcapil)
        && holds_stay_permit(holder)
    {
        out.push(missing(
            ConflictType::MissingCivilRegistry,
            "civil_registry",
            holder,
            Agency::Dukcapil,
            "ITAS/ITAP",
            "an ITAS/ITAP",
        ));
    }
}

/// Whether the immigration record's address lies in Lombok Timur: a kecamatan of the
/// gazetteer, or, without a kecamatan, the regency named in the address.
pub(crate) fn in_lombok_timur(ctx: &Context<'_>, m: &Member<'_>) -> bool {
    let a = &m.norm.address;
    if let Some(k) = &a.kecamatan {
        return ctx.gazetteer.canonical_kecamatan(k).is_some();
    }
    let mentions = |s: &str| {
        let u = s.to_ascii_uppercase();
        u.contains("LOMBOK TIMUR") || u.contains("LOTIM")
    };
    a.kabupaten.as_deref().is_some_and(mentions) || mentions(&a.folded)
}

/// A limited or permanent stay permit (not a visit): the type says ITAS/ITAP, or, without a
/// type, the index is a known limited-stay one.
fn holds_stay_permit(m: &Member<'_>) -> bool {
    match m.norm.permit_type.as_deref().map(permit_kind) {
        Some(k) => k == "ITAS" || k == "ITAP",
        None => matches!(group_of(m), Some(PermitGroup::Work | PermitGroup::Investor)),
    }
}

fn missing(
    kind: ConflictType,
    field: &'static str,
    holder: &Member<'_>,
    absent: Agency,
    permit_id: &str,
    permit_en: &str,
) -> Finding {
    let index = holder.raw(Field::PermitIndex);
    let permit_type = holder.raw(Field::PermitType);
    let shown = match (&index, &permit_type) {
        (Some(i), Some(t)) => format!("{i} ({t})"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => "?".into(),
    };
    let values = vec![
        FoundValue::new(shown.clone(), format!("permit:{}", kind.code())).with(&[holder]),
        FoundValue::new(
            format!("— [{}]", absent.code()),
            format!("absent:{}", absent.code()),
        ),
    ];
    Finding {
        kind,
        field,
        detail_id: format!(
            "Imigrasi mencatat {permit_id} {shown}, tetapi orang ini tidak ada dalam data {}.",
            agencies_text(&[absent], false)
        ),
        detail_en: format!(
            "Immigration records {permit_en} {shown}, but the person is absent from {}'s file.",
            agencies_text(&[absent], true)
        ),
        values,
    }
}

fn missing_immigration(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if view.has(Agency::Imigrasi) {
        return;
    }
    let mut values: Vec<FoundValue> = Vec::new();
    for m in &view.members {
        if !matches!(
            m.agency(),
            Agency::Disnaker | Agency::Polri | Agency::Dukcapil
        ) {
            continue;
        }
        match values
            .iter_mut()
            .find(|v| v.agencies.first() == Some(&m.agency()))
        {
            Some(v) => v.add(m),
            None => {
                let name = m.raw(Field::Name).unwrap_or_else(|| "?".into());
                values.push(
                    FoundValue::new(name, format!("present:{}", m.agency().code())).with(&[m]),
                );
            }
        }
    }
    if values.is_empty() {
        return;
    }
    let agencies: Vec<Agency> = values.iter().flat_map(|v| v.agencies.clone()).collect();
    values.push(FoundValue::new(
        "— [imigrasi]".into(),
        "absent:imigrasi".into(),
    ));
    out.push(Finding {
        kind: ConflictType::MissingImmigration,
        field: "immigration",
        detail_id: format!(
            "{} mencatat orang ini, tetapi Imigrasi tidak.",
            agencies_text(&agencies, false)
        ),
        detail_en: format!(
            "{} record{} the person, but immigration does not.",
            super::detect::capitalise(&agencies_text(&agencies, true)),
            if agencies.len() == 1 { "s" } else { "" }
        ),
        values,
    });
}

/// Names close enough to say "the same person" when documents differ: same tokens in any order,
/// one contained in the other, or nearly equal.
/// 2 = same name tokens (any order), 1 = contained or nearly equal, 0 = not close.
fn name_closeness(view_a: &PersonView<'_>, view_b: &PersonView<'_>) -> u8 {
    use crate::normalize::name::{compare_names, NameRelation};
    let mut best = 0;
    for a in view_a.members.iter().filter_map(|m| m.norm.name.as_ref()) {
        for b in view_b.members.iter().filter_map(|m| m.norm.name.as_ref()) {
            let level = match compare_names(a, b) {
                NameRelation::Exact | NameRelation::SameTokensReordered => 2,
                NameRelation::Contained => 1,
                NameRelation::Similar(s) if s >= 0.88 => 1,
                NameRelation::Similar(_) => 0,
            };
            best = best.max(level);
        }
    }
    best
}

/// Whether nothing the two persons record contradicts them being one: nationality, birth date
/// and sex agree wherever both give one, and the manpower employer matches the sponsor.
fn compatible(view_a: &PersonView<'_>, view_b: &PersonView<'_>) -> bool {
    use super::identity::dates_agree;
    use crate::normalize::company::company_similarity;
    let pairs = || {
        view_a
            .members
            .iter()
            .flat_map(move |a| view_b.members.iter().map(move |b| (a, b)))
    };
    let nat = pairs().all(|(a, b)| match (a.norm.nationality, b.norm.nationality) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    });
    let dob = pairs().all(|(a, b)| match (a.norm.dob, b.norm.dob) {
        (Some(x), Some(y)) => dates_agree(&x.value, &y.value),
        _ => true,
    });
    let sex = pairs().all(|(a, b)| match (a.norm.sex, b.norm.sex) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    });
    let company = pairs().all(|(a, b)| match (&a.norm.sponsor, &b.norm.employer) {
        (Some(s), Some(e)) if a.agency() == Agency::Imigrasi => company_similarity(s, e) >= 0.85,
        _ => true,
    });
    nat && dob && sex && company
}

fn passports_disjoint(view_a: &PersonView<'_>, view_b: &PersonView<'_>) -> bool {
    use super::identity::passports_agree;
    let a: Vec<_> = view_a
        .members
        .iter()
        .flat_map(|m| m.norm.passports.iter())
        .collect();
    let b: Vec<_> = view_b
        .members
        .iter()
        .flat_map(|m| m.norm.passports.iter())
        .collect();
    !a.is_empty() && !b.is_empty() && !a.iter().any(|p| b.iter().any(|q| passports_agree(p, q)))
}

/// A renewed passport known to one agency only often keeps the linker from joining that
/// agency's record to the person (the manpower office gives no birth date to link on). Such a
/// record is left as a person unknown to immigration, and the immigration person looks absent
/// from that agency. When exactly one immigration person lacking the agency has a close name
/// and nothing contradicting, this pass reports one `passport_mismatch` on the immigration
/// person instead of the `missing_immigration` / `missing_manpower` / `missing_civil_registry`
/// pair the split caused.
pub(crate) fn renewed_passports(
    ctx: &Context<'_>,
    views: &[PersonView<'_>],
    findings: &mut [Vec<Finding>],
) {
    use super::detect::differing;
    if !ctx.agencies.contains(&Agency::Imigrasi) {
        return;
    }
    let orphans: Vec<usize> = views
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.members.is_empty() && !v.has(Agency::Imigrasi))
        .map(|(i, _)| i)
        .collect();
    if orphans.is_empty() {
        return;
    }
    // Immigration persons by pairs of phonetic name tokens, so an orphan is compared only with
    // persons sharing two name sounds (not with every WANG of a million-record run). Keys held by
    // more than MAX_SOUND_GROUP persons say too little to pick one holder and are passed over.
    const MAX_SOUND_GROUP: usize = 200;
    let phonetic = |v: &PersonView<'_>| -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for n in v.members.iter().filter_map(|m| m.norm.name.as_ref()) {
            let mut ph: Vec<&str> = n.phonetic.iter().map(String::as_str).collect();
            ph.sort_unstable();
            ph.dedup();
            if ph.len() == 1 {
                keys.push(ph[0].to_string());
            }
            for i in 0..ph.len() {
                for j in i + 1..ph.len() {
                    keys.push(format!("{} {}", ph[i], ph[j]));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let mut by_sound: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if v.has(Agency::Imigrasi) {
            for k in phonetic(v) {
                by_sound.entry(k).or_default().push(i);
            }
        }
    }
    // The search for each orphan's holder only reads, so it runs on every core; the holders are
    // then claimed in orphan order, as before, so the result does not depend on the threads.
    let sole_holder = |o: usize| -> Option<usize> {
        let orphan = views.get(o)?;
        let agencies: Vec<Agency> = orphan.members.iter().map(|m| m.agency()).collect();
        let worker = agencies.contains(&Agency::Disnaker);
        let mut nearby: Vec<usize> = phonetic(orphan)
            .iter()
            .filter_map(|k| by_sound.get(k))
            .filter(|group| group.len() <= MAX_SOUND_GROUP)
            .flatten()
            .copied()
            .collect();
        nearby.sort_unstable();
        nearby.dedup();
        let candidates: Vec<(u8, usize)> = nearby
            .into_iter()
            .filter_map(|i| views.get(i).map(|v| (i, v)))
            .filter(|(_, v)| v.has(Agency::Imigrasi) && agencies.iter().all(|&a| !v.has(a)))
            .filter(|(_, v)| {
                !worker
                    || current_immigration(v)
                        .and_then(group_of)
                        .is_none_or(|g| g == PermitGroup::Work)
            })
            .map(|(i, v)| (name_closeness(orphan, v), i))
            .filter(|&(level, i)| {
                level > 0
                    && views
                        .get(i)
                        .is_some_and(|v| passports_disjoint(orphan, v) && compatible(orphan, v))
            })
            .collect();
        let top = candidates.iter().map(|&(l, _)| l).max().unwrap_or(0);
        let best: Vec<usize> = candidates
            .iter()
            .filter(|&&(l, _)| l == top)
            .map(|&(_, i)| i)
            .collect();
        match best.as_slice() {
            [h] => Some(*h),
            _ => None,
        }
    };
    let picks: Vec<(usize, Option<usize>)> =
        orphans.par_iter().map(|&o| (o, sole_holder(o))).collect();
    let mut used: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for (o, pick) in picks {
        let (Some(orphan), Some(h)) = (views.get(o), pick) else {
            continue;
        };
        let agencies: Vec<Agency> = orphan.members.iter().map(|m| m.agency()).collect();
        if !used.insert(h) {
            continue;
        }
        let Some(holder) = views.get(h) else { continue };
        if let Some(f) = findings.get_mut(o) {
            f.retain(|x| x.kind != ConflictType::MissingImmigration);
        }
        let Some(f) = findings.get_mut(h) else {
            continue;
        };
        f.retain(|x| {
            !matches!(
                (
                    x.kind,
                    agencies.contains(&Agency::Disnaker),
                    agencies.contains(&Agency::Dukcapil)
                ),
                (ConflictType::MissingManpower, true, _)
                    | (ConflictType::MissingCivilRegistry, _, true)
            )
        });
        if !ctx.wants(ConflictType::PassportMismatch) {
            continue;
        }
        let value = |v: &PersonView<'_>| {
            let members: Vec<&Member<'_>> = v
                .members
                .iter()
                .filter(|m| !m.norm.passports.is_empty())
                .collect();
            let mut keys: Vec<&str> = members
                .iter()
                .flat_map(|m| m.norm.passports.iter().map(|p| p.key.as_str()))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let raw = members
                .iter()
                .find_map(|m| m.raw(Field::Passport))
                .unwrap_or_else(|| keys.join(" "));
            FoundValue::new(raw, keys.join("+")).with(&members)
        };
        let values = vec![value(holder), value(orphan)];
        f.push(differing(
            ConflictType::PassportMismatch,
            "passport",
            values,
            "nomor paspor",
            "passport number",
        ));
    }
}
