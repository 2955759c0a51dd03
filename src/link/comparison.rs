//! Comparisons: for a pair of normalised records, one comparison level per field.
//!
//! ```text
//! (NormalizedRecord, NormalizedRecord) ──compare──▶ ComparisonVector [passport, nik, id_number, name, dob,
//!                                                   nationality, sex, locality, employer, permit_number]
//! ```
//!
//! Each comparison's levels run from strongest agreement to "different", and end with a null level
//! ("missing": one side has no value) that adds no weight. The fixed m/u values are the fallbacks
//! used when EM cannot be trusted (too few pairs, no convergence); EM replaces them otherwise.
//! The compare loop allocates nothing: everything it needs was computed once per record.

use super::keys::{self, Numbering, Passport, RecordKeys};
use super::model::{ComparisonSpec, ComparisonVector, LevelSpec};
use crate::normalize::date::DateValue;
use crate::normalize::name::{compare_names, NameRelation};
use crate::normalize::stage::NormalizedRecord;
use std::collections::HashMap;

/// Indices of the comparisons in every vector.
pub mod idx {
    pub const PASSPORT: usize = 0;
    pub const NIK: usize = 1;
    pub const ID_NUMBER: usize = 2;
    pub const NAME: usize = 3;
    pub const DOB: usize = 4;
    pub const NATIONALITY: usize = 5;
    pub const SEX: usize = 6;
    pub const LOCALITY: usize = 7;
    pub const EMPLOYER: usize = 8;
    pub const PERMIT: usize = 9;
}

/// Name levels (shared with term-frequency adjustment, which applies to the first two).
pub mod name_level {
    pub const EXACT: u8 = 0;
    pub const REORDERED: u8 = 1;
    pub const CONTAINED: u8 = 2;
    pub const JW_092: u8 = 3;
    pub const JW_085: u8 = 4;
    pub const DIFFERENT: u8 = 5;
    pub const NULL: u8 = 6;
}

fn spec(name: &str, levels: &[(&str, f64, f64)]) -> ComparisonSpec {
    let mut v: Vec<LevelSpec> = levels
        .iter()
        .map(|(l, m, u)| LevelSpec::new(l, *m, *u))
        .collect();
    v.push(LevelSpec::null("missing"));
    ComparisonSpec {
        name: name.to_string(),
        levels: v,
    }
}

/// The comparisons and their levels, with fallback m and u.
pub fn comparison_specs() -> Vec<ComparisonSpec> {
    vec![
        spec(
            "passport",
            &[
                ("exact", 0.80, 0.0001),
                ("equal after OCR folding", 0.05, 0.00005),
                ("one edit apart", 0.05, 0.0005),
                ("different", 0.10, 0.9994),
            ],
        ),
        spec(
            "nik",
            &[("exact", 0.95, 0.0001), ("different", 0.05, 0.9999)],
        ),
        spec(
            "id_number",
            &[
                ("exact", 0.85, 0.0001),
                ("one edit apart", 0.10, 0.001),
                ("different", 0.05, 0.9989),
            ],
        ),
        spec(
            "name",
            &[
                ("exact", 0.60, 0.001),
                ("same tokens reordered", 0.10, 0.0005),
                ("one contained in the other", 0.12, 0.005),
                ("Jaro-Winkler >= 0.92", 0.10, 0.01),
                ("Jaro-Winkler >= 0.85", 0.04, 0.05),
                ("different", 0.04, 0.9335),
            ],
        ),
        spec(
            "dob",
            &[
                ("exact", 0.85, 0.0005),
                ("day and month swapped", 0.03, 0.0001),
                ("one component off", 0.06, 0.01),
                ("year +/- 1", 0.02, 0.02),
                ("different", 0.04, 0.9694),
            ],
        ),
        spec(
            "nationality",
            &[("exact", 0.97, 0.15), ("different", 0.03, 0.85)],
        ),
        spec("sex", &[("exact", 0.97, 0.5), ("different", 0.03, 0.5)]),
        spec(
            "locality",
            &[
                ("same desa", 0.6, 0.02),
                ("same kecamatan or postcode", 0.2, 0.08),
                ("different", 0.2, 0.9),
            ],
        ),
        spec(
            "employer",
            &[("similar", 0.7, 0.05), ("different", 0.3, 0.95)],
        ),
        spec(
            "permit_number",
            &[("exact", 0.85, 0.0001), ("different", 0.15, 0.9999)],
        ),
    ]
}

fn passport_level(a: &NormalizedRecord, b: &NormalizedRecord) -> u8 {
    if a.passports.is_empty() || b.passports.is_empty() {
        return 4;
    }
    let mut best = 3u8;
    for x in &a.passports {
        for y in &b.passports {
            let level = if x.key == y.key {
                0
            } else if x.folded == y.folded {
                1
            } else if x.folded.len() >= 6
                && y.folded.len() >= 6
                && within_one_edit(x.folded.as_bytes(), y.folded.as_bytes())
            {
                2
            } else {
                3
            };
            best = best.min(level);
        }
    }
    best
}

/// Whether two strings are at most one Damerau edit apart (one substitution, insertion, deletion,
/// or swap of adjacent characters), without allocating: the same answer as
/// `damerau_levenshtein(a, b) <= 1`, in one pass.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let mut first = None;
            let mut count = 0;
            for (i, (x, y)) in short.iter().zip(long).enumerate() {
                if x != y {
                    count += 1;
                    if count == 1 {
                        first = Some(i);
                    } else if count > 2 {
                        return false;
                    }
                }
            }
            match (count, first) {
                (0, _) | (1, _) => true,
                (2, Some(i)) => {
                    // Only an adjacent transposition is one edit.
                    short.get(i) == long.get(i + 1) && short.get(i + 1) == long.get(i)
                }
                _ => false,
            }
        }
        1 => {
            let mut i = 0;
            while i < short.len() && short.get(i) == long.get(i) {
                i += 1;
            }
            short.get(i..) == long.get(i + 1..)
        }
        _ => false,
    }
}

fn exact_level<T: PartialEq>(a: Option<T>, b: Option<T>, levels_before_null: u8) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 0,
        (Some(_), Some(_)) => levels_before_null - 1,
        _ => levels_before_null,
    }
}

fn id_level(a: Option<&str>, b: Option<&str>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 0,
        (Some(x), Some(y)) if within_one_edit(x.as_bytes(), y.as_bytes()) => 1,
        (Some(_), Some(_)) => 2,
        _ => 3,
    }
}

fn name_level(a: &NormalizedRecord, b: &NormalizedRecord) -> u8 {
    use name_level::*;
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => match compare_names(x, y) {
            NameRelation::Exact => EXACT,
            NameRelation::SameTokensReordered => REORDERED,
            NameRelation::Contained => CONTAINED,
            NameRelation::Similar(s) if s >= 0.92 => JW_092,
            NameRelation::Similar(s) if s >= 0.85 => JW_085,
            NameRelation::Similar(_) => DIFFERENT,
        },
        _ => NULL,
    }
}

/// Date of birth: exact / day-month swapped / one component off / year ±1 / different / missing.
/// A partial date agrees at the precision both sides have ("one component off" at best).
pub fn dob_level(a: Option<DateValue>, b: Option<DateValue>) -> u8 {
    let (Some(x), Some(y)) = (a, b) else { return 5 };
    match (x.month, x.day, y.month, y.day) {
        (Some(m1), Some(d1), Some(m2), Some(d2)) => {
            if x == y {
                0
            } else if x.year == y.year && m1 == d2 && d1 == m2 {
                1
            } else if (x.year == y.year && (m1 == m2 || d1 == d2))
                || (m1 == m2 && d1 == d2 && (x.year - y.year).abs() != 1)
            {
                if m1 == m2 && d1 == d2 && (x.year - y.year).abs() > 10 {
                    // Same day and month, years far apart: a different person or a wrong century.
                    4
                } else {
                    2
                }
            } else if (x.year - y.year).abs() == 1 && m1 == m2 && d1 == d2 {
                3
            } else {
                4
            }
        }
        _ => {
            let months_agree = match (x.month, y.month) {
                (Some(m1), Some(m2)) => m1 == m2,
                _ => true,
            };
            if x.year == y.year && months_agree {
                2
            } else if (x.year - y.year).abs() == 1 {
                3
            } else {
                4
            }
        }
    }
}

fn locality_level(a: &NormalizedRecord, b: &NormalizedRecord) -> u8 {
    let (x, y) = (&a.address, &b.address);
    let has = |p: &crate::normalize::address::AddressParts| {
        p.desa.is_some() || p.kecamatan.is_some() || p.postcode.is_some()
    };
    if !has(x) || !has(y) {
        return 3;
    }
    if let (Some(d1), Some(d2)) = (&x.desa, &y.desa) {
        if d1 == d2 {
            return 0;
        }
    }
    let same_kec = matches!((&x.kecamatan, &y.kecamatan), (Some(k1), Some(k2)) if k1 == k2);
    let same_post = matches!((&x.postcode, &y.postcode), (Some(p1), Some(p2)) if p1 == p2);
    if same_kec || same_post {
        1
    } else {
        2
    }
}

fn employer_level(a: &NormalizedRecord, b: &NormalizedRecord) -> u8 {
    let xs = || a.employer.iter().chain(a.sponsor.iter());
    let ys = || b.employer.iter().chain(b.sponsor.iter());
    if xs().next().is_none() || ys().next().is_none() {
        return 2;
    }
    let similar =
        xs().any(|x| ys().any(|y| crate::normalize::company::company_similarity(x, y) >= 0.9));
    if similar {
        0
    } else {
        1
    }
}

/// Compares two records. Symmetric: `compare(a, b) == compare(b, a)`.
pub fn compare(a: &NormalizedRecord, b: &NormalizedRecord) -> ComparisonVector {
    compare_with_name_level(a, b, name_level(a, b))
}

/// Each record's name as a number: records whose names have the same tokens and units (so the
/// same sorted and joined keys) get the same id, and compare the same way with any other name.
/// `u32::MAX` for a record without a name.
pub fn intern_names(records: &[NormalizedRecord]) -> Vec<u32> {
    let mut ids: HashMap<(&[String], &[String]), u32> = HashMap::new();
    records
        .iter()
        .map(|r| match &r.name {
            Some(n) => {
                let next = u32::try_from(ids.len()).unwrap_or(u32::MAX - 1);
                *ids.entry((n.units.as_slice(), n.tokens.as_slice()))
                    .or_insert(next)
            }
            None => u32::MAX,
        })
        .collect()
}

/// Pair results already computed on this thread, keyed by a pair of interned numbers. The same
/// two names (a common name against its spelling variants) and the same two employers meet
/// again and again at a million rows, in block after block, and comparing two different ones
/// (token cover, Jaro-Winkler, Monge-Elkan) was most of the compare loop's work. A cache only
/// remembers a pure, symmetric function, so results do not depend on which thread saw a pair
/// first; it is emptied when it grows past [`PAIR_CACHE_LIMIT`].
const PAIR_CACHE_LIMIT: usize = 1 << 21;

/// The numbering the cached results belong to, and the results.
type PairCache = std::cell::RefCell<(u64, rustc_hash::FxHashMap<u64, u8>)>;

thread_local! {
    /// Name levels by pair of name numbers. rustc-hash's multiply hasher: the std SipHash was a
    /// tenth of the compare loop's time for an 8-byte key no outsider chooses.
    static NAME_CACHE: PairCache = PairCache::default();
    /// Whether two employers are similar, by pair of company numbers.
    static COMPANY_CACHE: PairCache = PairCache::default();
}

/// The cached result for a pair of numbers of `numbering`; a cache holding another numbering's
/// results is emptied first.
fn cached(
    cache: &'static std::thread::LocalKey<PairCache>,
    numbering: u64,
    x: u32,
    y: u32,
    compute: impl FnOnce() -> u8,
) -> u8 {
    let key = (u64::from(x.min(y)) << 32) | u64::from(x.max(y));
    cache.with(|cache| {
        {
            let (of, results) = &*cache.borrow();
            if *of == numbering {
                if let Some(&value) = results.get(&key) {
                    return value;
                }
            }
        }
        let value = compute();
        let (of, results) = &mut *cache.borrow_mut();
        if *of != numbering || results.len() >= PAIR_CACHE_LIMIT {
            results.clear();
            *of = numbering;
        }
        results.insert(key, value);
        value
    })
}

fn present(id: u32) -> Option<u32> {
    (id != keys::NONE).then_some(id)
}

/// [`compare`] from the records' [`RecordKeys`] (built by [`keys::record_keys`]): the same
/// levels, read from the keys' cache line. The records themselves are read only where the keys
/// cannot answer: a name or employer pair not seen before on this thread, two different id
/// numbers, a record with several passports.
pub fn compare_keyed(
    a: &RecordKeys,
    b: &RecordKeys,
    ra: &NormalizedRecord,
    rb: &NormalizedRecord,
    numbering: &Numbering<'_>,
) -> ComparisonVector {
    let name = match (present(a.name), present(b.name)) {
        // The same name (same units, so `compare_names` says Exact unless it has no tokens):
        // a common pair (name blocking), decided without comparing the strings again.
        (Some(x), Some(y)) if x == y => match &ra.name {
            Some(n) if !n.tokens.is_empty() => name_level::EXACT,
            _ => name_level(ra, rb),
        },
        (Some(x), Some(y)) => cached(&NAME_CACHE, numbering.id(), x, y, || name_level(ra, rb)),
        _ => name_level(ra, rb),
    };
    let id_number = match (present(a.id_number), present(b.id_number)) {
        (Some(x), Some(y)) if x == y => 0,
        (Some(_), Some(_)) => id_level(ra.id_number.as_deref(), rb.id_number.as_deref()),
        _ => 3,
    };
    let levels = [
        keyed_passport_level(a, b, ra, rb),
        exact_level(present(a.nik), present(b.nik), 2),
        id_number,
        name,
        dob_level(a.dob, b.dob),
        exact_level(
            (a.nationality != u16::MAX).then_some(a.nationality),
            (b.nationality != u16::MAX).then_some(b.nationality),
            2,
        ),
        exact_level(a.sex, b.sex, 2),
        keyed_locality_level(a, b),
        keyed_employer_level(a, b, numbering),
        exact_level(present(a.permit_number), present(b.permit_number), 2),
    ];
    ComparisonVector::new(&levels).unwrap_or_default()
}

/// [`passport_level`] for single inline passports; the records for the rest.
fn keyed_passport_level(
    a: &RecordKeys,
    b: &RecordKeys,
    ra: &NormalizedRecord,
    rb: &NormalizedRecord,
) -> u8 {
    match (a.passport.get(), b.passport.get()) {
        (Passport::Missing, _) | (_, Passport::Missing) => 4,
        (Passport::One { key: x, folded: fx }, Passport::One { key: y, folded: fy }) => {
            if x == y {
                0
            } else if fx == fy {
                1
            } else if fx.len() >= 6 && fy.len() >= 6 && within_one_edit(fx, fy) {
                2
            } else {
                3
            }
        }
        _ => passport_level(ra, rb),
    }
}

/// [`locality_level`] on the numbers of the desa, kecamatan and postcode.
fn keyed_locality_level(a: &RecordKeys, b: &RecordKeys) -> u8 {
    if !a.has_locality() || !b.has_locality() {
        return 3;
    }
    let same = |x: u32, y: u32| x != keys::NONE && x == y;
    if same(a.desa, b.desa) {
        0
    } else if same(a.kecamatan, b.kecamatan) || same(a.postcode, b.postcode) {
        1
    } else {
        2
    }
}

/// [`employer_level`] on company numbers, each pair's similarity computed once per thread.
fn keyed_employer_level(a: &RecordKeys, b: &RecordKeys, numbering: &Numbering<'_>) -> u8 {
    if a.companies().next().is_none() || b.companies().next().is_none() {
        return 2;
    }
    let similar = |x: u32, y: u32| {
        cached(&COMPANY_CACHE, numbering.id(), x, y, || {
            match (numbering.company(x), numbering.company(y)) {
                (Some(cx), Some(cy)) => {
                    u8::from(crate::normalize::company::company_similarity(cx, cy) >= 0.9)
                }
                _ => 0,
            }
        }) == 1
    };
    if a.companies().any(|x| b.companies().any(|y| similar(x, y))) {
        0
    } else {
        1
    }
}

fn compare_with_name_level(
    a: &NormalizedRecord,
    b: &NormalizedRecord,
    name: u8,
) -> ComparisonVector {
    let nik_a = a.nik.as_ref().map(|n| n.match_key());
    let nik_b = b.nik.as_ref().map(|n| n.match_key());
    let levels = [
        passport_level(a, b),
        exact_level(nik_a, nik_b, 2),
        id_level(a.id_number.as_deref(), b.id_number.as_deref()),
        name,
        dob_level(a.dob.map(|d| d.value), b.dob.map(|d| d.value)),
        exact_level(a.nationality, b.nationality, 2),
        exact_level(a.sex.map(|s| s.code()), b.sex.map(|s| s.code()), 2),
        locality_level(a, b),
        employer_level(a, b),
        exact_level(a.permit_number.as_deref(), b.permit_number.as_deref(), 2),
    ];
    ComparisonVector::new(&levels).unwrap_or_default()
}

/// Whether the pair shares a strong identifier (passport or NIK equal): such edges may hold a
/// person together past the cluster size guard.
pub fn strong_id(v: &ComparisonVector) -> bool {
    v.level(idx::PASSPORT) == Some(0) || v.level(idx::NIK) == Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Field;

    fn rec(fields: &[(Field, &str)]) -> NormalizedRecord {
        crate::normalize::stage::test_normalized(fields)
    }

    fn level(a: &[(Field, &str)], b: &[(Field, &str)], i: usize) -> u8 {
        let (x, y) = (rec(a), rec(b));
        let v = compare(&x, &y);
        assert_eq!(v, compare(&y, &x), "compare must be symmetric");
        v.level(i).unwrap()
    }

    #[test]
    fn passport_levels() {
        let p = |s: &'static str| vec![(Field::Passport, s)];
        let cases: &[(&str, &str, u8)] = &[
            ("E12345678", "E 1234-5678", 0),
            ("E1234567O", "E12345670", 1),
            ("E12345678", "E12345679", 2),
            ("E12345678", "G87654321", 3),
            ("A1234567 / E7654321", "E7654321", 0),
            ("E12345678", "-", 4),
        ];
        for (a, b, want) in cases {
            assert_eq!(level(&p(a), &p(b), idx::PASSPORT), *want, "{a} vs {b}");
        }
    }

    #[test]
    fn name_levels() {
        let n = |s: &'static str| vec![(Field::Name, s)];
        let cases: &[(&str, &str, u8)] = &[
            ("WANG XIAOMING", "Wang Xiaoming", name_level::EXACT),
            ("ZHANG WEI", "WEI ZHANG", name_level::REORDERED),
            ("JOHN PAUL SMITH", "JOHN SMITH", name_level::CONTAINED),
            ("J. SMITH", "JOHN SMITH", name_level::CONTAINED),
            ("KATHERINE JOHNSON", "KATHERINE JOHNSEN", name_level::JW_092),
            ("JOHN SMITH", "MARIA GARCIA", name_level::DIFFERENT),
            ("JOHN SMITH", "-", name_level::NULL),
        ];
        for (a, b, want) in cases {
            assert_eq!(level(&n(a), &n(b), idx::NAME), *want, "{a} vs {b}");
        }
    }

    #[test]
    fn dob_levels() {
        let d = |s: &'static str| vec![(Field::Dob, s)];
        let cases: &[(&str, &str, u8)] = &[
            ("12-03-1980", "1980-03-12", 0),
            ("12-03-1980", "03-12-1980", 1),
            ("12-03-1980", "13-03-1980", 2),
            ("12-03-1980", "12-04-1980", 2),
            ("12-03-1980", "12-03-1981", 3),
            ("12-03-1980", "12-03-1982", 2),
            ("12-03-1980", "12-03-1950", 4),
            ("12-03-1980", "01-07-1975", 4),
            ("1980", "12-03-1980", 2),
            ("1980", "1981", 3),
            ("12-03-1980", "", 5),
        ];
        for (a, b, want) in cases {
            assert_eq!(level(&d(a), &d(b), idx::DOB), *want, "{a} vs {b}");
        }
    }

    #[test]
    fn other_levels() {
        assert_eq!(
            level(
                &[(Field::Nationality, "RRT")],
                &[(Field::Nationality, "CHINA")],
                idx::NATIONALITY
            ),
            0
        );
        assert_eq!(
            level(
                &[(Field::Nationality, "TAIWAN")],
                &[(Field::Nationality, "CHINA")],
                idx::NATIONALITY
            ),
            1
        );
        assert_eq!(
            level(&[(Field::Sex, "L")], &[(Field::Sex, "PEREMPUAN")], idx::SEX),
            1
        );
        assert_eq!(level(&[(Field::Sex, "L")], &[], idx::SEX), 2);
        assert_eq!(
            level(
                &[(Field::Nik, "5203154105850001")],
                &[(Field::Nik, "5203154105850001")],
                idx::NIK
            ),
            0
        );
        assert_eq!(
            level(
                &[(Field::IdNumber, "5304218")],
                &[(Field::IdNumber, "5304217")],
                idx::ID_NUMBER
            ),
            1
        );
        assert_eq!(
            level(
                &[(Field::Desa, "Ekas Buana")],
                &[(Field::Desa, "EKAS BUANA")],
                idx::LOCALITY
            ),
            0
        );
        assert_eq!(
            level(
                &[(Field::Kecamatan, "Selong")],
                &[(Field::Address, "Kel. Pancor, Kec. Selong")],
                idx::LOCALITY
            ),
            1
        );
        assert_eq!(
            level(
                &[(Field::Kecamatan, "Selong")],
                &[(Field::Kecamatan, "Sikur")],
                idx::LOCALITY
            ),
            2
        );
        assert_eq!(
            level(
                &[(Field::Employer, "PT. Lombok Indah")],
                &[(Field::Sponsor, "LOMBOK INDAH, PT")],
                idx::EMPLOYER
            ),
            0
        );
        assert_eq!(
            level(
                &[(Field::PermitNumber, "2C11AB1234-A")],
                &[(Field::PermitNumber, "2C11AB1234A")],
                idx::PERMIT
            ),
            0
        );
    }

    #[test]
    fn one_edit_agrees_with_damerau() {
        let words = [
            "",
            "A",
            "AB",
            "BA",
            "ABC",
            "ACB",
            "E12345678",
            "E12345679",
            "E1234567",
            "E123456789",
            "E21345678",
            "X12345678",
            "E12354678",
            "E13245687",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    within_one_edit(a.as_bytes(), b.as_bytes()),
                    strsim::damerau_levenshtein(a, b) <= 1,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn keyed_comparison_agrees_with_comparing_the_records() {
        let names = [
            "WANG XIAOMING",
            "Wang Xiaoming",
            "XIAOMING WANG",
            "WANG XIAO MING",
            "WANG XIAOMIN",
            "VAN DER BERG, Johannes",
            "JOHANNES VANDERBERG",
            "MUHAMMAD ALI BIN HASSAN",
            "MOHAMMED ALI",
            "",
        ];
        let passports = [
            "E12345678",
            "E 1234-5678",
            "E1234567O",
            "E12345679",
            "A1234567 / E7654321",
            "E7654321",
            "X123456789012345678",
            "X123456789012345679",
            "-",
            "E123",
        ];
        let employers = [
            "PT Maju Jaya",
            "PT. MAJU JAYA",
            "CV Maju Jaya",
            "PT Sinar Abadi",
            "",
        ];
        let addresses = [
            "Desa Selong, Kec. Selong",
            "Kel. Pancor, Kecamatan Selong 83612",
            "Jl. Merdeka 5, Masbagik",
            "83612",
            "",
        ];
        let mut records = Vec::new();
        for (i, name) in names.iter().enumerate() {
            for (j, passport) in passports.iter().enumerate() {
                let mut fields = vec![
                    (Field::Name, *name),
                    (Field::Passport, *passport),
                    (Field::Employer, employers[(i + j) % employers.len()]),
                    (Field::Sponsor, employers[(i * 3 + j) % employers.len()]),
                    (Field::Address, addresses[(i + 2 * j) % addresses.len()]),
                    (Field::Nationality, ["CHN", "RRT", "AUS", ""][(i + j) % 4]),
                    (Field::Sex, ["L", "P", ""][(i * j) % 3]),
                    (Field::Dob, ["12-03-1980", "03-12-1980", "1981", ""][j % 4]),
                ];
                if (i + j) % 3 == 0 {
                    fields.push((Field::Nik, "5203014501800001"));
                    fields.push((Field::PermitNumber, ["2C21JE1234", "2C21JE9999"][i % 2]));
                }
                records.push(rec(&fields));
            }
        }
        let (keys, numbering) = keys::record_keys(&records);
        // Twice over: the second round answers from the caches.
        for _ in 0..2 {
            for (i, a) in records.iter().enumerate() {
                for (j, b) in records.iter().enumerate() {
                    assert_eq!(
                        compare_keyed(&keys[i], &keys[j], a, b, &numbering),
                        compare(a, b),
                        "records {i} / {j}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_caches_do_not_answer_one_numbering_with_another() {
        // Both runs number their two employers and names 0 and 1; the first pair is similar,
        // the second is not, and the second run must not get the first run's answers.
        let check = |employers: [&str; 2], names: [&str; 2]| {
            let records: Vec<NormalizedRecord> = employers
                .iter()
                .zip(names)
                .map(|(e, n)| rec(&[(Field::Employer, e), (Field::Name, n)]))
                .collect();
            let (keys, numbering) = keys::record_keys(&records);
            assert_eq!((keys[0].employer, keys[1].employer), (0, 1));
            let keyed = compare_keyed(&keys[0], &keys[1], &records[0], &records[1], &numbering);
            assert_eq!(keyed, compare(&records[0], &records[1]), "{employers:?}");
            keyed
        };
        let first = check(
            ["PT Maju Jaya", "PT Maju Jaya Abadi"],
            ["WANG WEI", "WANG WEI MING"],
        );
        let second = check(
            ["PT Sinar Abadi", "CV Bumi Lestari"],
            ["JOHN SMITH", "MARIA GARCIA"],
        );
        assert_ne!(first.level(idx::EMPLOYER), second.level(idx::EMPLOYER));
        assert_ne!(first.level(idx::NAME), second.level(idx::NAME));
    }

    #[test]
    fn specs_match_vectors() {
        let specs = comparison_specs();
        let v = compare(&rec(&[(Field::Name, "A B")]), &rec(&[(Field::Name, "A B")]));
        assert_eq!(v.len(), specs.len());
        for (i, s) in specs.iter().enumerate() {
            let l = v.level(i).unwrap();
            assert!(
                (l as usize) < s.levels.len(),
                "{} level {l} out of range",
                s.name
            );
        }
        // Everything missing but the name: nulls are the last level of each comparison.
        assert_eq!(v.level(idx::PASSPORT), Some(4));
    }
}
