//! Blocking: which record pairs are worth comparing.
//!
//! ```text
//! NormalizedRecord ──BlockingRule::keys──▶ (rule, key hash, record) ──sort──▶ blocks ──▶ CandidatePair set
//! ```
//!
//! Each [`BlockingRule`] turns a record into zero or more keys built from normalised fields;
//! records sharing a key under one rule form a block, and every pair inside a block is a candidate.
//! The candidate set is the union over all rules: a pair found by several rules is compared once.
//! Keys are 64-bit hashes (a collision only adds a candidate, it never loses one), sorted rather
//! than hashed into maps, so the cost grows near-linearly and the result is deterministic.
//! A block larger than the size limit is not expanded: it is reported with its rule, an example key
//! and its size, never silently dropped.

use crate::normalize::stage::NormalizedRecord;
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// The default rules. Identifier rules find most true pairs; name and date rules catch records
/// whose identifiers are missing, mistyped or renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingRule {
    /// Same passport number (any of the record's numbers).
    Passport,
    /// Same passport number after folding OCR-confusable characters (O/0, I/1, S/5, B/8 …).
    PassportFolded,
    /// Same NIK.
    Nik,
    /// Same stay-permit (KITAS/KITAP) number.
    PermitNumber,
    /// Same generic identity number (config `id_number`).
    IdNumber,
    /// Same set of phonetic name keys and the same birth year.
    NamePhoneticBirthYear,
    /// Same sorted name tokens (particles glued) and the same nationality.
    SortedNameNationality,
    /// Same full date of birth and a name token with the same initial.
    DobInitial,
    /// Two phonetic name tokens in common and the same desa, kecamatan or postcode.
    NameTokenLocality,
}

impl BlockingRule {
    pub const ALL: [BlockingRule; 9] = [
        BlockingRule::Passport,
        BlockingRule::PassportFolded,
        BlockingRule::Nik,
        BlockingRule::PermitNumber,
        BlockingRule::IdNumber,
        BlockingRule::NamePhoneticBirthYear,
        BlockingRule::SortedNameNationality,
        BlockingRule::DobInitial,
        BlockingRule::NameTokenLocality,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BlockingRule::Passport => "passport",
            BlockingRule::PassportFolded => "passport_folded",
            BlockingRule::Nik => "nik",
            BlockingRule::PermitNumber => "permit_number",
            BlockingRule::IdNumber => "id_number",
            BlockingRule::NamePhoneticBirthYear => "name_phonetic_birth_year",
            BlockingRule::SortedNameNationality => "sorted_name_nationality",
            BlockingRule::DobInitial => "dob_initial",
            BlockingRule::NameTokenLocality => "name_token_locality",
        }
    }

    pub fn from_name(name: &str) -> Option<BlockingRule> {
        BlockingRule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The readable keys of one record under this rule (hashed for blocking).
    pub fn keys(self, r: &NormalizedRecord) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            BlockingRule::Passport => out.extend(
                r.passports
                    .iter()
                    .filter(|p| !p.key.is_empty())
                    .map(|p| p.key.clone()),
            ),
            BlockingRule::PassportFolded => out.extend(
                r.passports
                    .iter()
                    .filter(|p| !p.folded.is_empty())
                    .map(|p| p.folded.clone()),
            ),
            BlockingRule::Nik => out.extend(r.nik.as_ref().map(|n| n.match_key().to_string())),
            BlockingRule::PermitNumber => out.extend(r.permit_number.clone()),
            BlockingRule::IdNumber => out.extend(r.id_number.clone()),
            BlockingRule::NamePhoneticBirthYear => {
                if let (Some(name), Some(dob)) = (&r.name, &r.dob) {
                    let mut ph: Vec<&str> = name
                        .phonetic
                        .iter()
                        .map(String::as_str)
                        .filter(|p| !p.is_empty())
                        .collect();
                    ph.sort_unstable();
                    ph.dedup();
                    if !ph.is_empty() {
                        out.push(format!("{}|{}", ph.join(" "), dob.value.year));
                    }
                }
            }
            BlockingRule::SortedNameNationality => {
                if let (Some(name), Some(nat)) = (&r.name, r.nationality) {
                    if !name.joined_key.is_empty() {
                        out.push(format!("{}|{nat}", name.joined_key));
                    }
                }
            }
            BlockingRule::DobInitial => {
                if let (Some(name), Some(dob)) = (&r.name, &r.dob) {
                    if dob.value.day.is_some() {
                        let mut initials: Vec<char> = name
                            .tokens
                            .iter()
                            .filter_map(|t| t.chars().next())
                            .collect();
                        initials.sort_unstable();
                        initials.dedup();
                        out.extend(
                            initials
                                .into_iter()
                                .map(|c| format!("{}|{c}", dob.value.to_iso())),
                        );
                    }
                }
            }
            BlockingRule::NameTokenLocality => {
                if let Some(name) = &r.name {
                    let place = r
                        .address
                        .desa
                        .clone()
                        .or_else(|| r.address.kecamatan.clone())
                        .or_else(|| r.address.postcode.clone());
                    if let Some(place) = place {
                        let mut ph: Vec<&str> = name
                            .phonetic
                            .iter()
                            .map(String::as_str)
                            .filter(|p| p.len() >= 2)
                            .collect();
                        ph.sort_unstable();
                        ph.dedup();
                        // Every pair of name tokens: two tokens must agree phonetically, so a
                        // common surname alone does not make a block of a whole village.
                        for i in 0..ph.len() {
                            for j in i + 1..ph.len() {
                                out.push(format!("{} {}|{place}", ph[i], ph[j]));
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// A block too large to expand into pairs.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct OversizedBlock {
    pub rule: String,
    pub example_key: String,
    pub size: usize,
}

/// What blocking found.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    /// Distinct pairs `(a, b)` with `a < b`, sorted.
    pub pairs: Vec<(u32, u32)>,
    /// Pairs generated per rule before de-duplication.
    pub per_rule: Vec<(&'static str, usize)>,
    pub oversized: Vec<OversizedBlock>,
}

fn hash_key(rule: BlockingRule, key: &str) -> u64 {
    // SipHash with fixed keys: deterministic across runs and platforms.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    rule.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

/// Builds the candidate pairs under `rules`. Blocks above `max_block` records are reported in
/// `oversized` instead of expanded.
pub fn candidate_pairs(
    records: &[NormalizedRecord],
    rules: &[BlockingRule],
    max_block: usize,
) -> Candidates {
    let mut out = Candidates::default();
    let mut all: Vec<u64> = Vec::new();
    for &rule in rules {
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            for k in rule.keys(r) {
                keyed.push((hash_key(rule, &k), i as u32));
            }
        }
        keyed.sort_unstable();
        keyed.dedup();
        let mut generated = 0usize;
        let mut start = 0;
        while start < keyed.len() {
            let key = keyed[start].0;
            let mut end = start + 1;
            while end < keyed.len() && keyed[end].0 == key {
                end += 1;
            }
            let block = &keyed[start..end];
            if block.len() > max_block {
                let example = records
                    .get(block[0].1 as usize)
                    .map(|r| {
                        rule.keys(r)
                            .into_iter()
                            .find(|k| hash_key(rule, k) == key)
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
                out.oversized.push(OversizedBlock {
                    rule: rule.name().to_string(),
                    example_key: example,
                    size: block.len(),
                });
            } else {
                for x in 0..block.len() {
                    for y in x + 1..block.len() {
                        let (a, b) = (block[x].1, block[y].1);
                        all.push(((a.min(b) as u64) << 32) | b.max(a) as u64);
                        generated += 1;
                    }
                }
            }
            start = end;
        }
        out.per_rule.push((rule.name(), generated));
    }
    all.sort_unstable();
    all.dedup();
    out.pairs = all
        .into_iter()
        .map(|p| ((p >> 32) as u32, (p & 0xFFFF_FFFF) as u32))
        .collect();
    out.oversized.sort_by(|a, b| {
        b.size
            .cmp(&a.size)
            .then(a.rule.cmp(&b.rule))
            .then(a.example_key.cmp(&b.example_key))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Field;

    fn rec(fields: &[(Field, &str)]) -> NormalizedRecord {
        crate::normalize::stage::test_normalized(fields)
    }

    #[test]
    fn rules_union_and_dedup() {
        let records = vec![
            rec(&[
                (Field::Name, "WANG WEI"),
                (Field::Passport, "E12345678"),
                (Field::Dob, "01-02-1980"),
            ]),
            rec(&[
                (Field::Name, "WEI WANG"),
                (Field::Passport, "E12345678"),
                (Field::Dob, "01-02-1980"),
            ]),
            rec(&[
                (Field::Name, "WANG WEI"),
                (Field::Passport, "E1234567B"),
                (Field::Dob, "01-02-1980"),
            ]),
            rec(&[
                (Field::Name, "JOHN SMITH"),
                (Field::Passport, "PA1111111"),
                (Field::Dob, "03-04-1970"),
            ]),
        ];
        let c = candidate_pairs(&records, &BlockingRule::ALL, 100);
        assert_eq!(c.pairs, vec![(0, 1), (0, 2), (1, 2)]);
        let passport = c.per_rule.iter().find(|(r, _)| *r == "passport").unwrap().1;
        assert_eq!(passport, 1);
        let folded = c
            .per_rule
            .iter()
            .find(|(r, _)| *r == "passport_folded")
            .unwrap()
            .1;
        assert_eq!(folded, 3, "E1234567B folds to E12345678");
    }

    #[test]
    fn oversized_blocks_are_reported_not_expanded() {
        let records: Vec<_> = (0..12)
            .map(|i| {
                rec(&[
                    (Field::Name, "MUHAMMAD ALI"),
                    (Field::Dob, &format!("{:02}-01-1990", i + 1)),
                ])
            })
            .collect();
        let c = candidate_pairs(&records, &[BlockingRule::NamePhoneticBirthYear], 10);
        assert!(c.pairs.is_empty());
        assert_eq!(c.oversized.len(), 1);
        assert_eq!(c.oversized[0].size, 12);
        assert!(
            c.oversized[0].example_key.ends_with("|1990"),
            "{}",
            c.oversized[0].example_key
        );
    }

    #[test]
    fn order_of_records_does_not_change_the_pair_set() {
        let a = rec(&[(Field::Name, "ANNA MEIER"), (Field::Passport, "C01X00T47")]);
        let b = rec(&[(Field::Name, "ANNA MAIER"), (Field::Passport, "C01X00T47")]);
        let c = rec(&[(Field::Name, "OTTO"), (Field::Passport, "C99")]);
        let p1 = candidate_pairs(&[a.clone(), b.clone(), c.clone()], &BlockingRule::ALL, 100).pairs;
        let p2 = candidate_pairs(&[c, b, a], &BlockingRule::ALL, 100).pairs;
        assert_eq!(p1, vec![(0, 1)]);
        assert_eq!(p2, vec![(1, 2)]);
    }
}
