//! `duplicate_in_source` — What: the same person appears more than once in one agency's file
//! (one sheet of it: a manpower office's monthly sheets repeat its workers, which is not a
//! duplicate). Why: double counting inflates the agency's figures, and the two rows often
//! disagree with each other. Example: two rows for WANG WEI (E12345678) in
//! `dukcapil_wna_lotim.csv`, rows 5 and 17.

use super::detect::{agencies_text, Context, Finding, FoundValue, PersonView};
use super::types::ConflictType;
use crate::record::Field;
use std::collections::BTreeMap;

pub(crate) fn check(ctx: &Context<'_>, view: &PersonView<'_>, out: &mut Vec<Finding>) {
    if !ctx.wants(ConflictType::DuplicateInSource) {
        return;
    }
    let mut by_group: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, m) in view.members.iter().enumerate() {
        by_group.entry(m.group).or_default().push(i);
    }
    for members in by_group.values() {
        if members.len() < 2 {
            continue;
        }
        let ms: Vec<_> = members
            .iter()
            .filter_map(|&i| view.members.get(i))
            .collect();
        let Some(first) = ms.first() else { continue };
        let p = &first.record.provenance;
        let place = if p.sheet.is_empty() {
            p.source.clone()
        } else {
            format!("{} ({})", p.source, p.sheet)
        };
        let key = format!("source:{}:{}", p.source, p.sheet);
        let mut rows: Vec<u32> = ms.iter().map(|m| m.record.provenance.row).collect();
        rows.sort_unstable();
        let rows_text = rows
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let values: Vec<FoundValue> = ms
            .iter()
            .map(|m| {
                let name = m.raw(Field::Name).unwrap_or_else(|| "?".into());
                FoundValue::new(name, key.clone()).with(&[m])
            })
            .collect();
        let who = [first.agency()];
        out.push(Finding {
            kind: ConflictType::DuplicateInSource,
            field: "source",
            detail_id: format!(
                "{} mencatat orang ini {} kali dalam {place} (baris {rows_text}).",
                agencies_text(&who, false),
                ms.len()
            ),
            detail_en: format!(
                "{} lists the person {} times in {place} (rows {rows_text}).",
                super::detect::capitalise(&agencies_text(&who, true)),
                ms.len()
            ),
            values,
        });
    }
}
