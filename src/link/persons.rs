//! Persons: the records the clustering put together, summarised for reports.
//!
//! A person's best name comes from the most authoritative agency that names it (immigration, then
//! civil registry, police, manpower, other); passports are all distinct numbers seen; nationality and
//! date of birth are the most frequent normalised values (ties broken by that same agency order).

use super::cluster::{ClusterFlag, Clustering};
use crate::normalize::stage::NormalizedRecord;
use crate::record::{Agency, Field, Record};
use std::collections::BTreeMap;

/// One person and what its records say.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    /// Indices of its records, in record order.
    pub records: Vec<u32>,
    pub name: String,
    pub passports: Vec<String>,
    pub nationality: String,
    pub dob: String,
    pub agencies: Vec<Agency>,
    /// Review flags from clustering ("weak link", "split from an oversized group", …).
    pub flags: Vec<String>,
}

/// The stable id of person `index` (numbered by its first record).
pub fn person_id(index: u32) -> String {
    let mut id = String::with_capacity(7);
    push_person_id(&mut id, index);
    id
}

/// Appends [`person_id`] to `out`, for writers that reuse one buffer across millions of rows.
pub fn push_person_id(out: &mut String, index: u32) {
    use std::fmt::Write as _;
    let _ = write!(out, "P{:06}", u64::from(index) + 1);
}

fn agency_rank(a: Agency) -> u8 {
    match a {
        Agency::Imigrasi => 0,
        Agency::Dukcapil => 1,
        Agency::Polri => 2,
        Agency::Disnaker => 3,
        Agency::Other => 4,
    }
}

fn display_name(r: &Record) -> Option<String> {
    r.text(Field::Name).or_else(|| {
        let g = r.text(Field::GivenName).unwrap_or_default();
        let f = r.text(Field::FamilyName).unwrap_or_default();
        let joined = format!("{g} {f}").trim().to_string();
        (!joined.is_empty()).then_some(joined)
    })
}

/// The most frequent value, ties broken by the best agency rank then the value itself.
fn most_common(values: &[(String, u8)]) -> String {
    let mut counts: BTreeMap<&str, (usize, u8)> = BTreeMap::new();
    for (v, rank) in values {
        let e = counts.entry(v.as_str()).or_insert((0, u8::MAX));
        e.0 += 1;
        e.1 = e.1.min(*rank);
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            a.1 .0
                .cmp(&b.1 .0)
                .then(b.1 .1.cmp(&a.1 .1))
                .then(b.0.cmp(a.0))
        })
        .map(|(v, _)| v.to_string())
        .unwrap_or_default()
}

/// Builds the persons of a clustering.
pub fn build_persons(
    records: &[&Record],
    normalized: &[NormalizedRecord],
    clustering: &Clustering,
) -> Vec<Person> {
    let members = clustering.members();
    let mut flags: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for f in &clustering.flags {
        match f {
            ClusterFlag::WeakLink {
                person,
                probability,
                ..
            } => flags.entry(*person).or_default().push(format!(
                "held together by one weak link (p={probability:.3})"
            )),
            ClusterFlag::SplitOversized {
                persons,
                component_size,
            } => {
                for p in persons {
                    flags
                        .entry(*p)
                        .or_default()
                        .push(format!("split from a group of {component_size} records linked only by weak evidence"));
                }
            }
            ClusterFlag::Oversized { person, size } => flags
                .entry(*person)
                .or_default()
                .push(format!("unusually large person ({size} records)")),
            ClusterFlag::CannotLink {
                person_a, person_b, ..
            } => {
                for p in [person_a, person_b] {
                    flags
                        .entry(*p)
                        .or_default()
                        .push("not merged with a similar record of the same sheet that has another passport".into());
                }
            }
        }
    }
    members
        .into_iter()
        .enumerate()
        .map(|(i, recs)| {
            let mut by_rank: Vec<u32> = recs.clone();
            by_rank.sort_by_key(|&r| {
                (
                    records
                        .get(r as usize)
                        .map(|x| agency_rank(x.agency))
                        .unwrap_or(9),
                    r,
                )
            });
            let name = by_rank
                .iter()
                .find_map(|&r| records.get(r as usize).and_then(|x| display_name(x)))
                .unwrap_or_default();
            let mut passports: Vec<String> = recs
                .iter()
                .filter_map(|&r| normalized.get(r as usize))
                .flat_map(|n| n.passports.iter().map(|p| p.key.clone()))
                .collect();
            passports.sort();
            passports.dedup();
            let rank = |r: u32| {
                records
                    .get(r as usize)
                    .map(|x| agency_rank(x.agency))
                    .unwrap_or(9)
            };
            let nats: Vec<(String, u8)> = recs
                .iter()
                .filter_map(|&r| {
                    normalized
                        .get(r as usize)
                        .and_then(|n| n.nationality)
                        .map(|v| (v.to_string(), rank(r)))
                })
                .collect();
            let dobs: Vec<(String, u8)> = recs
                .iter()
                .filter_map(|&r| {
                    normalized
                        .get(r as usize)
                        .and_then(|n| n.dob)
                        .map(|d| (d.value.to_iso(), rank(r)))
                })
                .collect();
            let mut agencies: Vec<Agency> = recs
                .iter()
                .filter_map(|&r| records.get(r as usize).map(|x| x.agency))
                .collect();
            agencies.sort();
            agencies.dedup();
            let mut f = flags.remove(&(i as u32)).unwrap_or_default();
            f.dedup();
            Person {
                id: person_id(i as u32),
                records: recs,
                name,
                passports,
                nationality: most_common(&nats),
                dob: most_common(&dobs),
                agencies,
                flags: f,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_common_breaks_ties_by_agency_then_value() {
        let v = |xs: &[(&str, u8)]| {
            xs.iter()
                .map(|(s, r)| (s.to_string(), *r))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            most_common(&v(&[("CHN", 3), ("TWN", 0), ("CHN", 2)])),
            "CHN"
        );
        assert_eq!(most_common(&v(&[("CHN", 3), ("TWN", 0)])), "TWN");
        assert_eq!(most_common(&v(&[("B", 1), ("A", 1)])), "A");
        assert_eq!(most_common(&[]), "");
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(person_id(0), "P000001");
        assert_eq!(person_id(41), "P000042");
    }
}
