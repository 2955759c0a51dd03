//! Place and employer rules.
//!
//! * `address_mismatch` — What: the agencies give different kecamatan, or (same kecamatan)
//!   different known desa/kelurahan. Kecamatan are compared through the gazetteer, so spelling
//!   variants (`MONTONGGADING`, `LAB. HAJI`) and the Lenek/Aikmel split agree. Why: the person
//!   moved without reporting it (Pasal 71 UU 6/2011) or one agency recorded it wrongly.
//!   Example: Imigrasi Kec. Selong, Disdukcapil Kec. Jerowaru.
//! * `employer_mismatch` — What: the manpower office's employer is another company than
//!   immigration's sponsor (penjamin), after removing legal forms, punctuation and word order.
//!   Why: working for a company other than the sponsor is permit misuse. Example: Imigrasi
//!   PT. HUADIAN LOMBOK POWER, Disnaker PT SINAR TIMUR KONSTRUKSI. Non-work permit holders are
//!   left to `work_on_non_work_permit`.

use super::detect::{classes, differing, Context, Finding, FoundValue, Member, PersonView};
use super::permit_groups::PermitGroup;
use super::permits::{current_immigration, group_of};
use super::types::ConflictType;
use crate::normalize::company::{company_similarity, CompanyKey};
use crate::record::{Agency, Field};

/// At or above this similarity two company names are one company written two ways. The noise
/// between agencies is punctuation, legal-form spelling, case, spacing and word order, which
/// score 0.98–1; distinct companies that share words (SELONG MITRA KONSTRUKSI / SINAR TIMUR
/// KONSTRUKSI) can score above 0.85, so the bar is high.
const SAME_COMPANY: f64 = 0.95;

pub(crate) fn check(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if ctx.wants(ConflictType::AddressMismatch) {
        address(ctx, view, out);
    }
    if ctx.wants(ConflictType::EmployerMismatch) {
        employer(view, out);
    }
}

fn raw_place(members: &[&Member<'_>], field: Field, fallback: &str) -> String {
    members
        .iter()
        .find_map(|m| m.raw(field))
        .unwrap_or_else(|| fallback.to_string())
}

fn address(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    let kec = classes(
        &view.members,
        |m| {
            m.norm
                .address
                .kecamatan
                .as_deref()
                .filter(|k| !k.is_empty())
        },
        |a, b| ctx.gazetteer.kecamatan_compatible(a, b),
    );
    if kec.len() >= 2 {
        let values = kec
            .iter()
            .map(|c| {
                let canonical = ctx
                    .gazetteer
                    .canonical_kecamatan(c.key)
                    .unwrap_or(c.key)
                    .to_string();
                FoundValue::new(canonical.clone(), format!("kecamatan:{canonical}"))
                    .with(&c.members)
            })
            .collect();
        out.push(differing(
            ConflictType::AddressMismatch,
            "kecamatan",
            values,
            "kecamatan",
            "kecamatan (district)",
        ));
        return;
    }
    // Same kecamatan: compare desa, but only names the gazetteer knows (desa names are many and
    // close to each other, so unknown spellings are not compared).
    let desa = classes(
        &view.members,
        |m| {
            m.norm
                .address
                .desa
                .as_deref()
                .filter(|d| ctx.gazetteer.canonical_desa(d) == Some(*d))
        },
        |a, b| a == b,
    );
    if desa.len() >= 2 {
        let values = desa
            .iter()
            .map(|c| FoundValue::new(c.key.to_string(), format!("desa:{}", c.key)).with(&c.members))
            .collect();
        out.push(differing(
            ConflictType::AddressMismatch,
            "desa",
            values,
            "desa/kelurahan",
            "desa/kelurahan (village)",
        ));
    }
}

fn employer(view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if current_immigration(view).and_then(group_of) == Some(PermitGroup::NonWork) {
        return;
    }
    // Immigration's penjamin; when its cell is empty, the sponsor another agency copied from the
    // sponsor letter (the police STM asks for it).
    let mut sponsors: Vec<(&CompanyKey, &Member<'_>)> = view
        .of(Agency::Imigrasi)
        .filter_map(|m| m.norm.sponsor.as_ref().map(|s| (s, m)))
        .collect();
    if sponsors.is_empty() {
        sponsors = view
            .members
            .iter()
            .filter(|m| m.agency() != Agency::Disnaker)
            .filter_map(|m| m.norm.sponsor.as_ref().map(|s| (s, m)))
            .collect();
    }
    let Some(&(sponsor, _)) = sponsors.first() else {
        return;
    };
    let employers = classes(
        &view.members,
        |m| {
            (m.agency() == Agency::Disnaker)
                .then_some(m.norm.employer.as_ref())
                .flatten()
        },
        |a, b| company_similarity(a, b) >= SAME_COMPANY,
    );
    let differing_employers: Vec<_> = employers
        .iter()
        .filter(|c| {
            sponsors
                .iter()
                .all(|(s, _)| company_similarity(s, c.key) < SAME_COMPANY)
        })
        .collect();
    if differing_employers.is_empty() {
        return;
    }
    let holders: Vec<&Member<'_>> = sponsors
        .iter()
        .filter(|(s, _)| company_similarity(s, sponsor) >= SAME_COMPANY)
        .map(|(_, m)| *m)
        .collect();
    let mut values = vec![FoundValue::new(
        raw_place(&holders, Field::Sponsor, &sponsor.name),
        format!("sponsor:{}", sponsor.sorted_key),
    )
    .with(&holders)];
    for c in differing_employers {
        values.push(
            FoundValue::new(
                raw_place(&c.members, Field::Employer, &c.key.name),
                format!("employer:{}", c.key.sorted_key),
            )
            .with(&c.members),
        );
    }
    let who: Vec<Agency> = values
        .first()
        .map(|v| v.agencies.clone())
        .unwrap_or_default();
    let (detail_id, detail_en) = {
        let first = values.first().map(|v| v.value.clone()).unwrap_or_default();
        let rest: Vec<String> = values.iter().skip(1).map(|v| v.value.clone()).collect();
        (
            format!(
                "{} mencatat penjamin {first}, Disnaker mencatat pemberi kerja {}.",
                super::detect::agencies_text(&who, false),
                rest.join(", ")
            ),
            format!(
                "{} records the sponsor {first}, the manpower office the employer {}.",
                super::detect::capitalise(&super::detect::agencies_text(&who, true)),
                rest.join(", ")
            ),
        )
    };
    out.push(Finding {
        kind: ConflictType::EmployerMismatch,
        field: "employer",
        values,
        detail_id,
        detail_en,
    });
}
