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
use rayon::iter::{IndexedParallelIterator, IntoParallelRefIterator, ParallelIterator};
use rayon::slice::ParallelSliceMut;
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

    /// Largest block of this rule expanded as it is; a larger block is split by
    /// [`BlockingRule::refining_keys`]. Only the rules keyed on a name and little else have a
    /// limit below `max_block`: a block of hundreds of WANG WEI of one nationality (or of one
    /// village) costs tens of thousands of comparisons per block, and the name alone cannot decide
    /// between them anyway (its weight is cut by the name's term frequency), so only pairs that
    /// share something else are worth comparing. At a million rows the village rule alone made
    /// 4.7 million pairs before it was split.
    pub fn refine_above(self) -> Option<usize> {
        match self {
            BlockingRule::SortedNameNationality | BlockingRule::NameTokenLocality => {
                Some(NAME_BLOCK_LIMIT)
            }
            _ => None,
        }
    }

    /// The second keys that split a large block of this rule: records of one common name pair
    /// when they also share a birth year, an employer or sponsor, or the first or second half of
    /// a passport number (a one-edit typo leaves one of the two intact). Manpower rows have no
    /// date of birth, so the employer is what pairs them. A place is not used: a kecamatan holds
    /// thousands of workers, and the rows that share only a place with one of their person's rows
    /// share a date or an employer with another.
    pub fn refining_keys(self, r: &NormalizedRecord) -> Vec<String> {
        let mut out = Vec::new();
        if self.refine_above().is_none() {
            return out;
        }
        if let Some(dob) = &r.dob {
            out.push(format!("y:{}", dob.value.year));
        }
        for c in r.employer.iter().chain(r.sponsor.iter()) {
            if !c.sorted_key.is_empty() {
                out.push(format!("e:{}", c.sorted_key));
            }
        }
        for p in &r.passports {
            let f = p.folded.as_bytes();
            if f.len() >= 6 {
                let half = f.len() / 2;
                out.push(format!("a:{}", String::from_utf8_lossy(&f[..half])));
                out.push(format!("z:{}", String::from_utf8_lossy(&f[half..])));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
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
                        // Two initials (in any order) rather than one: with one, a date of
                        // birth shared by hundreds of rows at a million rows made blocks of
                        // everyone whose name has a W or a Z; a typo rarely hits a first letter.
                        let mut initials: Vec<char> = name
                            .tokens
                            .iter()
                            .filter_map(|t| t.chars().next())
                            .collect();
                        initials.sort_unstable();
                        let dob = dob.value.to_iso();
                        if initials.len() == 1 {
                            out.extend(initials.first().map(|c| format!("{dob}|{c}")));
                        }
                        for (i, a) in initials.iter().enumerate() {
                            for b in initials.iter().skip(i + 1) {
                                out.push(format!("{dob}|{a}{b}"));
                            }
                        }
                        out.sort_unstable();
                        out.dedup();
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

/// Above this many records a `sorted_name_nationality` block is split by second keys (see
/// [`BlockingRule::refine_above`]). A person has up to seven rows, so a block of 16 holds at most a
/// few people; the blocks of the common Chinese and Korean names reach several hundred rows at a
/// million rows (at this limit, 1M rows give about 1M pairs from small blocks instead of 13M).
pub const NAME_BLOCK_LIMIT: usize = 16;

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
        // Keys are built and hashed on all cores; sorting afterwards makes the order of the
        // blocks (and so of everything below) independent of how the work was split.
        let mut keyed: Vec<(u64, u32)> = records
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, r)| {
                rule.keys(r)
                    .into_iter()
                    .map(move |k| (hash_key(rule, &k), i as u32))
            })
            .collect();
        keyed.par_sort_unstable();
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
            if rule.refine_above().is_some_and(|limit| block.len() > limit) {
                generated += expand_refined(records, rule, block, max_block, &mut all, &mut out);
            } else if block.len() > max_block {
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
                generated += expand_block(block, &mut all);
            }
            start = end;
        }
        out.per_rule.push((rule.name(), generated));
    }
    all.par_sort_unstable();
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

/// Every pair of a block, as `a << 32 | b` with `a < b`. Returns how many were added.
fn expand_block(block: &[(u64, u32)], all: &mut Vec<u64>) -> usize {
    let before = all.len();
    for (x, &(_, a)) in block.iter().enumerate() {
        for &(_, b) in block.iter().skip(x + 1) {
            all.push(((a.min(b) as u64) << 32) | b.max(a) as u64);
        }
    }
    all.len() - before
}

/// Splits a large block by the rule's second keys and expands the sub-blocks; a sub-block above
/// `max_block` is reported like any oversized block. Returns how many pairs were added.
fn expand_refined(
    records: &[NormalizedRecord],
    rule: BlockingRule,
    block: &[(u64, u32)],
    max_block: usize,
    all: &mut Vec<u64>,
    out: &mut Candidates,
) -> usize {
    let mut sub: Vec<(u64, u32)> = Vec::new();
    for &(_, i) in block {
        if let Some(r) = records.get(i as usize) {
            for k in rule.refining_keys(r) {
                sub.push((hash_key(rule, &k), i));
            }
        }
    }
    sub.sort_unstable();
    sub.dedup();
    let mut added = 0;
    for part in sub.chunk_by(|x, y| x.0 == y.0) {
        if part.len() > max_block {
            let example = part
                .first()
                .and_then(|&(h, i)| {
                    let r = records.get(i as usize)?;
                    let name = rule.keys(r).into_iter().next()?;
                    let second = rule
                        .refining_keys(r)
                        .into_iter()
                        .find(|k| hash_key(rule, k) == h)?;
                    Some(format!("{name}|{second}"))
                })
                .unwrap_or_default();
            out.oversized.push(OversizedBlock {
                rule: rule.name().to_string(),
                example_key: example,
                size: part.len(),
            });
        } else {
            added += expand_block(part, all);
        }
    }
    added
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

    /// One record per `(kecamatan, birth year, employer)`, all with one common name and nationality.
    fn common_name_block(rows: &[(&str, Option<&str>, Option<&str>)]) -> Vec<NormalizedRecord> {
        rows.iter()
            .map(|(desa, year, employer)| {
                let mut fields = vec![
                    (Field::Name, "ZHANG XIAOMING"),
                    (Field::Nationality, "TIONGKOK"),
                    (Field::Kecamatan, *desa),
                ];
                let dob = year.map(|y| format!("05-06-{y}"));
                if let Some(d) = &dob {
                    fields.push((Field::Dob, d.as_str()));
                }
                if let Some(e) = employer {
                    fields.push((Field::Employer, e));
                }
                rec(&fields)
            })
            .collect()
    }

    fn pairs_of(records: &[NormalizedRecord], rule: BlockingRule) -> Vec<(u32, u32)> {
        let c = candidate_pairs(records, &[rule], 1000);
        assert!(c.oversized.is_empty(), "{:?}", c.oversized);
        c.pairs
    }

    #[test]
    fn a_small_name_block_is_expanded_whole() {
        let rows = vec![("SELONG", None, None); NAME_BLOCK_LIMIT];
        let records = common_name_block(&rows);
        let n = NAME_BLOCK_LIMIT * (NAME_BLOCK_LIMIT - 1) / 2;
        assert_eq!(
            pairs_of(&records, BlockingRule::SortedNameNationality).len(),
            n
        );
    }

    #[test]
    fn a_large_name_block_pairs_only_rows_that_share_a_year_or_an_employer() {
        // 20 ZHANG XIAOMING of one nationality and kecamatan: 8 born in 1980, 8 in 1990 (two of them at PT ALPHA,
        // like two 1980 ones), 4 with neither a date nor an employer.
        let mut rows = Vec::new();
        rows.extend([("SELONG", Some("1980"), None); 6]);
        rows.extend([("SELONG", Some("1980"), Some("PT ALPHA")); 2]);
        rows.extend([("SELONG", Some("1990"), None); 6]);
        rows.extend([("SELONG", Some("1990"), Some("PT ALPHA")); 2]);
        rows.extend([("SELONG", None, None); 4]);
        let records = common_name_block(&rows);
        assert!(records.len() > NAME_BLOCK_LIMIT);
        for rule in [
            BlockingRule::SortedNameNationality,
            BlockingRule::NameTokenLocality,
        ] {
            let pairs = pairs_of(&records, rule);
            // Within each year, every pair (28 + 28); across years, the four PT ALPHA rows pair
            // (2 × 2 new pairs); rows with nothing else in common pair with nobody.
            assert_eq!(pairs.len(), 28 + 28 + 4, "{rule:?}");
            assert!(pairs.contains(&(0, 1)) && pairs.contains(&(8, 9)));
            assert!(pairs.contains(&(6, 14)) && pairs.contains(&(7, 15)));
            assert!(!pairs.contains(&(0, 8)), "different years, no employer");
            assert!(pairs.iter().all(|&(a, b)| a < 16 && b < 16), "{pairs:?}");
        }
    }

    #[test]
    fn only_the_name_rules_are_split() {
        assert_eq!(
            BlockingRule::SortedNameNationality.refine_above(),
            Some(NAME_BLOCK_LIMIT)
        );
        assert_eq!(
            BlockingRule::NameTokenLocality.refine_above(),
            Some(NAME_BLOCK_LIMIT)
        );
        for rule in BlockingRule::ALL {
            if rule.refine_above().is_none() {
                let r = &common_name_block(&[("SELONG", Some("1980"), Some("PT A"))])[0];
                assert!(rule.refining_keys(r).is_empty(), "{rule:?}");
            }
        }
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
