//! Properties that must hold for any input, not only the fixtures (issue #7): no row disappears,
//! normalisers never panic and are idempotent on their own output, pair scoring is symmetric, and
//! clustering does not depend on the order records or pairs arrive in.
//!
//! Case counts stay modest (proptest's default 256 or fewer) so `cargo test` stays fast; the fuzz
//! targets under `fuzz/` cover the same code with far more inputs.

use proptest::prelude::*;
use reconcile::ingest::header::{find_header, HeaderOverrides};
use reconcile::ingest::rows::extract;
use reconcile::ingest::source::{read_bytes, IngestError};
use reconcile::link::cluster::{cluster, ClusterOptions, ScoredEdge};
use reconcile::link::comparison::{compare, comparison_specs};
use reconcile::link::model::Model;
use reconcile::link::persons::build_persons;
use reconcile::link::pipeline::{score_pair, NameFrequencies};
use reconcile::normalize::address::{normalize_place, parse_address, parse_rt_rw, Gazetteer};
use reconcile::normalize::company::normalize_company;
use reconcile::normalize::date::{parse_date, parse_validity, split_place_and_date};
use reconcile::normalize::name::normalize_name;
use reconcile::normalize::nationality::parse_nationality;
use reconcile::normalize::nik::parse_nik;
use reconcile::normalize::passport::normalize_passports;
use reconcile::normalize::sex::parse_sex;
use reconcile::normalize::stage::{normalize_record, NormalizeContext, NormalizedRecord};
use reconcile::record::{Agency, Field, Provenance, Record, Value};
use std::collections::BTreeSet;
use std::sync::LazyLock;

const PIVOT_YEAR: i32 = 2025;

static CONTEXT: LazyLock<NormalizeContext> = LazyLock::new(|| NormalizeContext {
    pivot_year: PIVOT_YEAR,
    gazetteer: Gazetteer::lombok_timur(),
});

// ---------------------------------------------------------------------------------------------
// Row conservation

/// Header cells agencies write (synonyms of known fields), plus unknown ones.
const HEADERS: &[&str] = &[
    "NO",
    "NAMA",
    "NAMA LENGKAP",
    "Nama Orang Asing",
    "No. Paspor",
    "PASPOR",
    "Kewarganegaraan",
    "KEBANGSAAN",
    "Tgl. Lahir",
    "TEMPAT/TGL LAHIR",
    "JK",
    "L/P",
    "Alamat",
    "RT/RW",
    "Desa/Kelurahan",
    "Kecamatan",
    "NIK",
    "Sponsor",
    "No. KITAS",
    "KETERANGAN",
    "KOLOM X",
];

/// A cell of any kind an export holds: empty, a name, a date, a number, a missing-value word,
/// layout words, or arbitrary text.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        3 => "[A-Z][A-Z ]{0,20}",
        2 => "[0-3][0-9][-/.][01][0-9][-/.](19|20)?[0-9]{2}",
        2 => "[0-9]{1,17}",
        1 => prop::sample::select(vec!["-", "NIHIL", "TIDAK ADA", "0", "JUMLAH", "TOTAL", "NIP. 19700101", "KEPALA SEKSI", "1", "2", "3"]).prop_map(String::from),
        2 => "\\PC{0,24}",
        1 => any::<String>(),
    ]
}

/// A table as CSV text: title rows, a header of known synonyms, data rows. Every cell is quoted
/// (`"` doubled) so any content survives; the delimiter is one the sniffer knows.
fn table() -> impl Strategy<Value = (Vec<u8>, u8)> {
    (
        prop::collection::vec("[A-Z ]{1,30}", 0..4),
        prop::collection::vec(prop::sample::select(HEADERS), 1..9),
        prop::collection::vec(prop::collection::vec(cell(), 0..10), 0..25),
        prop::sample::select(vec![b',', b';', b'\t', b'|']),
    )
        .prop_map(|(titles, header, rows, delim)| {
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            let sep = (delim as char).to_string();
            let mut text = String::new();
            for t in &titles {
                text.push_str(&quote(t));
                text.push('\n');
            }
            let line: Vec<String> = header.iter().map(|h| quote(h)).collect();
            text.push_str(&line.join(&sep));
            text.push('\n');
            for r in &rows {
                let line: Vec<String> = r.iter().map(|c| quote(c)).collect();
                text.push_str(&line.join(&sep));
                text.push('\n');
            }
            (text.into_bytes(), delim)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every row below the header is a record, a rejected row or a skipped (layout) row, exactly
    /// once: data rows = records + rejected, and no row number is lost or counted twice.
    #[test]
    fn every_row_is_accounted_for((bytes, _delim) in table()) {
        let sheets = match read_bytes("table.csv", &bytes) {
            Ok(s) => s,
            // Control characters in the generated cells can make the text look binary; that is
            // the only reason a text table may be refused as a whole.
            Err(e) => {
                prop_assert!(matches!(e, IngestError::Binary { .. }), "{}", e);
                return Ok(());
            }
        };
        for sheet in &sheets {
            let Ok(header) = find_header(sheet, &HeaderOverrides::default()) else { continue };
            let rows = extract(sheet, &header, "table.csv", Agency::Other);
            prop_assert_eq!(rows.data_rows, rows.records.len() + rows.rejected.len());
            let below: Vec<u32> = sheet.rows.iter().skip(header.data_start).map(|r| r.number).collect();
            let mut seen: Vec<u32> = rows.records.iter().map(|r| r.provenance.row)
                .chain(rows.rejected.iter().map(|r| r.provenance.row))
                .chain(rows.skipped.iter().map(|s| s.row))
                .collect();
            seen.sort_unstable();
            let mut want = below.clone();
            want.sort_unstable();
            prop_assert_eq!(seen, want, "rows below the header and rows accounted for differ");
        }
    }
}

/// The property above on a table it must read (not only "no header found" every time): a
/// failure here means the generator no longer reaches the row stage.
#[test]
fn conservation_generator_reaches_the_row_stage() {
    let text = "\"LAPORAN WNA\"\n\"NAMA\";\"No. Paspor\";\"Kewarganegaraan\"\n\"A\";\"E1\";\"CHN\"\n\"\";\"\";\"\"\n\"JUMLAH\";\"1\";\"\"\n";
    let sheets = read_bytes("t.csv", text.as_bytes()).unwrap();
    let header = find_header(&sheets[0], &HeaderOverrides::default()).unwrap();
    let rows = extract(&sheets[0], &header, "t.csv", Agency::Other);
    assert_eq!(rows.records.len(), 1);
    // The all-empty row is blank, the JUMLAH row a total: both skipped, neither lost.
    assert_eq!(rows.skipped.len(), 2, "{:?}", rows.skipped);
}

// ---------------------------------------------------------------------------------------------
// Normalisers: never panic, idempotent on their output form

/// Any text, weighted towards what cells hold.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        "[A-Za-z .,'/()-]{0,40}",
        "[A-Z0-9 ./-]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `folded` is the name's output form: normalising it again gives the same keys.
    #[test]
    fn name_is_idempotent(s in any_text()) {
        let k = normalize_name(&s);
        let again = normalize_name(&k.folded);
        prop_assert_eq!(&again.folded, &k.folded);
        prop_assert_eq!(&again.tokens, &k.tokens);
        prop_assert_eq!(&again.joined_key, &k.joined_key);
        prop_assert_eq!(&again.sorted_key, &k.sorted_key);
    }

    /// A company's `name` has its legal form removed, so only `name` and `sorted_key` are
    /// idempotent (the legal form is not in the output text to be found again).
    #[test]
    fn company_is_idempotent(s in any_text()) {
        let k = normalize_company(&s);
        let again = normalize_company(&k.name);
        prop_assert_eq!(&again.name, &k.name);
        prop_assert_eq!(&again.sorted_key, &k.sorted_key);
    }

    /// Each passport key read back alone gives itself (prefixes, separators already removed).
    #[test]
    fn passport_is_idempotent(s in any_text(), iso in prop::sample::select(vec![None, Some("CHN"), Some("AUS"), Some("NLD")])) {
        for k in normalize_passports(&s, iso) {
            let again = normalize_passports(&k.key, iso);
            prop_assert_eq!(again.len(), 1, "{:?} re-read as {:?}", k.key, again);
            prop_assert_eq!(&again[0].key, &k.key);
            prop_assert_eq!(&again[0].folded, &k.folded);
        }
    }

    /// A valid NIK's 16 digits parse to the same NIK.
    #[test]
    fn nik_is_idempotent(s in prop_oneof!["[0-9]{16}", "[0-9 .]{14,20}", any_text()]) {
        if let Ok(n) = parse_nik(&s) {
            let again = parse_nik(&n.digits);
            prop_assert!(again.is_ok(), "{:?} not re-read", n.digits);
            prop_assert_eq!(again.map(|a| a.match_key().to_string()).ok(), Some(n.match_key().to_string()));
        }
    }

    /// A date's ISO form (`1985-05-21`, `1985-05`, `1985`) reads back as the same date.
    #[test]
    fn date_is_idempotent(s in prop_oneof![
        "[0-3]?[0-9][-/. ][01]?[0-9][-/. ](19|20)?[0-9]{2}",
        "[0-9]{1,8}",
        "[0-3]?[0-9] (Januari|Mei|Agustus|Des|Nopember|March) [0-9]{2,4}",
        any_text(),
    ]) {
        if let Ok(p) = parse_date(&s, PIVOT_YEAR) {
            let iso = p.value.to_iso();
            let again = parse_date(&iso, PIVOT_YEAR);
            prop_assert_eq!(again.as_ref().map(|a| a.value).ok(), Some(p.value), "{:?} → {} → {:?}", s, iso, again);
        }
        let _ = parse_validity(&s, PIVOT_YEAR);
    }

    /// A recognised nationality's ISO code reads back as itself.
    #[test]
    fn nationality_is_idempotent(s in prop_oneof![
        "[A-Za-z ]{2,16}",
        prop::sample::select(vec!["CHN", "Tiongkok", "KOREA", "INGGRIS", "Belanda", "AUSTRALIA", "WNA USA"]).prop_map(String::from),
        any_text(),
    ]) {
        if let Some(n) = parse_nationality(&s) {
            prop_assert_eq!(parse_nationality(n.iso3).map(|a| a.iso3), Some(n.iso3));
        }
    }

    /// A sex code (`M`/`F`) reads back as the same sex.
    #[test]
    fn sex_is_idempotent(s in prop_oneof!["[A-Za-z -]{0,12}", any_text()]) {
        if let Some(x) = parse_sex(&s) {
            prop_assert_eq!(parse_sex(x.code()), Some(x));
        }
    }

    /// A place name folded once stays the same; RT/RW written back as `RT a RW b` reads as the same
    /// pair. A whole address is parsed into parts (not text), so it has no output form to re-read;
    /// it is only checked not to panic.
    #[test]
    fn address_is_idempotent(s in prop_oneof![
        "(DSN\\.?|DUSUN|DS\\.?|DESA|KEC\\.?|RT\\.?|RW) ?[A-Z0-9 /.,]{0,30}",
        "[0-9]{1,3}/[0-9]{1,3}",
        any_text(),
    ]) {
        let place = normalize_place(&s);
        prop_assert_eq!(normalize_place(&place), place.clone());
        if let (Some(rt), Some(rw)) = parse_rt_rw(&s) {
            prop_assert_eq!(parse_rt_rw(&format!("RT {rt} RW {rw}")), (Some(rt), Some(rw)));
        }
        let _ = parse_address(&s, &CONTEXT.gazetteer);
    }

    /// The combined place/date cell: the output is two values, not one text, so idempotence
    /// means splitting `place, date` again gives the same place and the same date.
    #[test]
    fn place_date_split_is_stable(place in "[A-Z][A-Za-z ]{0,15}", day in 1u32..29, month in 1u32..13, year in 1940i32..2010, raw in any_text()) {
        let text = format!("{place}, {day:02}-{month:02}-{year}");
        let (p, d) = split_place_and_date(&text, PIVOT_YEAR);
        let p = p.unwrap_or_default();
        let d = d.and_then(Result::ok).map(|d| d.value);
        let (p2, d2) = split_place_and_date(&format!("{p}, {}", d.map(|d| d.to_iso()).unwrap_or_default()), PIVOT_YEAR);
        prop_assert_eq!(p2.unwrap_or_default(), p);
        prop_assert_eq!(d2.and_then(Result::ok).map(|d| d.value), d);
        let _ = split_place_and_date(&raw, PIVOT_YEAR);
    }

    /// A whole record of arbitrary cells normalises without panicking.
    #[test]
    fn normalize_record_never_panics(cells in prop::collection::vec((0usize..Field::ALL.len(), any_text()), 0..20)) {
        let mut r = record();
        for (i, v) in cells {
            r.set(Field::ALL[i], Value::Text(v));
        }
        reconcile::ingest::derive::derive_fields(&mut r, PIVOT_YEAR);
        let _ = normalize_record(&r, &CONTEXT);
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring symmetry

fn record() -> Record {
    Record {
        provenance: Provenance {
            source: "p.csv".into(),
            sheet: String::new(),
            row: 2,
        },
        agency: Agency::Other,
        record_id: String::new(),
        fields: Vec::new(),
        extra: Vec::new(),
    }
}

/// A record from small pools of values, so that pairs agree, nearly agree and differ.
fn person() -> impl Strategy<Value = NormalizedRecord> {
    let opt = |v: Vec<&'static str>| prop::option::of(prop::sample::select(v));
    (
        opt(vec![
            "HU LANNA",
            "LANNA HU",
            "THOMAS LEE MURPHY",
            "THOMAS MURPHY",
            "Jürgen Müller",
            "JURGEN MULLER",
            "VAN DIJK, Anna",
            "ANNA VAN DIJK",
        ]),
        opt(vec![
            "E45453108",
            "E45453l08",
            "554477804",
            "NW8K2P4R1",
            "NW8K2P4RI",
            "E45453108 / EA1234567",
        ]),
        opt(vec![
            "5203176904910001",
            "5203070501780001",
            "5203176904910002",
        ]),
        opt(vec!["CHN", "INGGRIS", "Belanda", "NLD", "KOREA"]),
        opt(vec![
            "29/04/1991",
            "1991-04-29",
            "04/29/1991",
            "05/01/1978",
            "1978",
            "05/1978",
        ]),
        opt(vec!["L", "P", "LAKI-LAKI"]),
        opt(vec![
            "DSN. GUBUK BARU, DS. LABUHAN HAJI, KEC. LABUHAN HAJI",
            "SELONG",
            "Jl. Raya Sembalun No. 7",
        ]),
        opt(vec![
            "PT HUADIAN LOMBOK POWER",
            "Huadian Lombok Power, Pt",
            "CV SINAR JAYA",
        ]),
        opt(vec!["2C25JJ2147-Z", "2C24RQ0618-B"]),
    )
        .prop_map(
            |(name, passport, nik, nat, dob, sex, address, employer, permit)| {
                let mut r = record();
                for (field, v) in [
                    (Field::Name, name),
                    (Field::Passport, passport),
                    (Field::Nik, nik),
                    (Field::Nationality, nat),
                    (Field::Dob, dob),
                    (Field::Sex, sex),
                    (Field::Address, address),
                    (Field::Employer, employer),
                    (Field::PermitNumber, permit),
                ] {
                    if let Some(v) = v {
                        r.set(field, Value::Text(v.to_string()));
                    }
                }
                normalize_record(&r, &CONTEXT)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// score(a, b) = score(b, a): the comparison vector, the model's weight and the weight with
    /// the name term-frequency adjustment.
    #[test]
    fn scoring_is_symmetric(a in person(), b in person(), others in prop::collection::vec(person(), 0..6)) {
        let ab = compare(&a, &b);
        let ba = compare(&b, &a);
        prop_assert_eq!(ab, ba);
        let model = Model::new(comparison_specs(), 0.01).expect("default comparisons make a model");
        prop_assert_eq!(model.match_weight(&ab).to_bits(), model.match_weight(&ba).to_bits());
        let mut all = others;
        all.push(a.clone());
        all.push(b.clone());
        let tf = NameFrequencies::new(&all);
        let (_, e_ab) = score_pair(&model, &tf, &a, &b);
        let (_, e_ba) = score_pair(&model, &tf, &b, &a);
        prop_assert_eq!(e_ab.total_weight.to_bits(), e_ba.total_weight.to_bits());
    }
}

// ---------------------------------------------------------------------------------------------
// Clustering order independence

/// Up to 14 records and distinct-probability edges among them (distinct so that no tie has to be
/// broken by position), some above and some below the threshold.
fn graph() -> impl Strategy<Value = (usize, Vec<ScoredEdge>)> {
    (2usize..14)
        .prop_flat_map(|n| {
            let pairs = prop::collection::btree_set((0..n as u32, 0..n as u32), 0..30);
            (Just(n), pairs, prop::collection::vec(any::<bool>(), 30))
        })
        .prop_map(|(n, pairs, strong)| {
            let pairs: Vec<(u32, u32)> = pairs.into_iter().filter(|(a, b)| a < b).collect();
            let m = pairs.len();
            let edges = pairs
                .into_iter()
                .enumerate()
                .map(|(i, (a, b))| {
                    // Spread over (0.85, 1.0): below, near and well above the 0.9 threshold. 7919 is
                    // prime and m < 30, so i ↦ i·7919 mod m is a permutation: all distinct.
                    let k = (i * 7919) % m.max(1);
                    let probability = 0.85 + 0.15 * (k + 1) as f64 / (m + 1) as f64;
                    ScoredEdge {
                        a,
                        b,
                        probability,
                        weight: probability.ln(),
                        strong_id: strong.get(i).copied().unwrap_or(false),
                    }
                })
                .collect();
            (n, edges)
        })
}

/// A partition as a set of sets of record indices (labels do not matter).
fn partition(person_of: &[u32]) -> BTreeSet<BTreeSet<usize>> {
    let mut groups: std::collections::BTreeMap<u32, BTreeSet<usize>> = Default::default();
    for (r, p) in person_of.iter().enumerate() {
        groups.entry(*p).or_default().insert(r);
    }
    groups.into_values().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Shuffling the scored pairs gives the same clustering (same numbering, same flags) and the
    /// same persons.
    #[test]
    fn clustering_ignores_pair_order(
        (n, edges) in graph(),
        seed in any::<u64>(),
        max_size in 2usize..6,
    ) {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let opts = ClusterOptions { max_cluster_size: max_size, ..ClusterOptions::default() };
        let mut shuffled = edges.clone();
        shuffled.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        for e in shuffled.iter_mut().filter(|_| seed % 2 == 0) {
            std::mem::swap(&mut e.a, &mut e.b);
        }
        let one = cluster(n, &edges, &opts);
        let two = cluster(n, &shuffled, &opts);
        prop_assert_eq!(&one, &two);

        let records: Vec<Record> = (0..n).map(|_| record()).collect();
        let refs: Vec<&Record> = records.iter().collect();
        let normalized: Vec<NormalizedRecord> = records.iter().map(|r| normalize_record(r, &CONTEXT)).collect();
        let p1 = build_persons(&refs, &normalized, &one);
        let p2 = build_persons(&refs, &normalized, &two);
        prop_assert_eq!(format!("{p1:?}"), format!("{p2:?}"));
    }

    /// Renumbering the records (the same people read in another order) gives the same partition.
    #[test]
    fn clustering_ignores_record_order(
        (n, edges) in graph(),
        seed in any::<u64>(),
        max_size in 2usize..6,
    ) {
        use rand::seq::SliceRandom;
        use rand::SeedableRng;
        let opts = ClusterOptions { max_cluster_size: max_size, ..ClusterOptions::default() };
        // new_index[old] = position of the old record in the new order.
        let mut new_index: Vec<u32> = (0..n as u32).collect();
        new_index.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        let renumbered: Vec<ScoredEdge> = edges
            .iter()
            .map(|e| ScoredEdge { a: new_index[e.a as usize], b: new_index[e.b as usize], ..*e })
            .collect();
        let one = cluster(n, &edges, &opts);
        let two = cluster(n, &renumbered, &opts);
        // Map the second clustering back to the original numbering.
        let back: Vec<u32> = (0..n).map(|old| two.person_of[new_index[old] as usize]).collect();
        prop_assert_eq!(partition(&one.person_of), partition(&back));
        prop_assert_eq!(one.n_persons, two.n_persons);
    }
}
