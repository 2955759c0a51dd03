//! What each fuzz target does with its input, kept apart from libFuzzer so that
//! `tests/fuzz_corpus.rs` replays the committed corpora through exactly the same code under
//! `cargo test` (it includes this file with `#[path]`). Each function must never panic; the
//! assertions in it are invariants the pipeline promises (no row disappears).

use reconcile::ingest::derive::derive_fields;
use reconcile::ingest::header::{find_header, HeaderOverrides};
use reconcile::ingest::rows::extract;
use reconcile::ingest::source::read_bytes;
use reconcile::normalize::address::{normalize_place, parse_address, parse_rt_rw, Gazetteer};
use reconcile::normalize::company::{company_similarity, normalize_company};
use reconcile::normalize::date::{
    excel_serial_to_date, is_missing_token, parse_date, parse_validity, split_place_and_date,
};
use reconcile::normalize::name::{
    compare_names, normalize_name, normalize_name_parts, phonetic_key,
};
use reconcile::normalize::nationality::{country_name_en, country_name_id, parse_nationality};
use reconcile::normalize::nik::{parse_nik, parse_nik_from_number};
use reconcile::normalize::passport::{
    country_candidate, fold_confusables, is_scientific_notation, normalize_id_number,
    normalize_passports, passport_edit_distance, passport_plausibility,
};
use reconcile::normalize::sex::parse_sex;
use reconcile::normalize::show;
use reconcile::normalize::stage::{normalize_record, NormalizeContext};
use reconcile::record::{Agency, Field, Provenance, Record, Value};
use std::sync::LazyLock;

/// A fixed pivot year, so a finding reproduces whatever the day it is replayed.
pub const PIVOT_YEAR: i32 = 2025;

static CONTEXT: LazyLock<NormalizeContext> = LazyLock::new(|| NormalizeContext {
    pivot_year: PIVOT_YEAR,
    gazetteer: Gazetteer::lombok_timur(),
});

/// Bytes as a normaliser sees a cell: invalid UTF-8 replaced, as the readers do.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The file stages after reading: header → column mapping → rows → derived fields → normalised
/// records, on every sheet, checking that every row below the header is accounted for.
pub fn read_file(name: &str, data: &[u8]) {
    let Ok(sheets) = read_bytes(name, data) else {
        return;
    };
    for sheet in &sheets {
        let Ok(header) = find_header(sheet, &HeaderOverrides::default()) else {
            continue;
        };
        let mut rows = extract(sheet, &header, name, Agency::Other);
        assert_eq!(
            rows.data_rows,
            rows.records.len() + rows.rejected.len(),
            "a data row became neither a record nor a rejected row"
        );
        let below = sheet.rows.len().saturating_sub(header.data_start);
        assert_eq!(
            below,
            rows.data_rows + rows.skipped.len(),
            "a row below the header is neither data nor skipped"
        );
        for record in &mut rows.records {
            derive_fields(record, PIVOT_YEAR);
            let n = normalize_record(record, &CONTEXT);
            for &field in Field::ALL {
                let _ = show::describe_field(field, &n);
            }
        }
    }
}

/// A delimited text export (`read_csv`).
pub fn csv(data: &[u8]) {
    read_file("fuzz.csv", data);
}

/// A workbook (`read_workbook`): the name follows the magic bytes, as a user's file would, so
/// zip input reaches the xlsx/ods readers and OLE input the xls reader.
pub fn workbook(data: &[u8]) {
    let name = if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "fuzz.xls"
    } else {
        "fuzz.xlsx"
    };
    read_file(name, data);
}

/// An `.xlsb` workbook (the `read_xlsb` target). calamine's `.xlsb` parser indexes its records
/// without length checks, so a damaged file often panics inside it; the reader's guard turns that
/// into a "damaged file" error, as it does in the binary. This target therefore runs with the
/// binary's quiet panic hook and looks for what the guard cannot catch: unbounded memory or time,
/// a panic in our own code, and a data row that disappears.
pub fn xlsb(data: &[u8]) {
    read_file("fuzz.xlsb", data);
}

pub fn name(data: &[u8]) {
    let s = text(data);
    let key = normalize_name(&s);
    for t in &key.tokens {
        let _ = phonetic_key(t);
    }
    let (given, family) = s.split_once('\t').unwrap_or((&s, ""));
    let parts = normalize_name_parts(given, family);
    let _ = compare_names(&key, &parts);
    let _ = show::describe_name(&key);
}

pub fn company(data: &[u8]) {
    let s = text(data);
    let (a, b) = s.split_once('\t').unwrap_or((&s, ""));
    let (a, b) = (normalize_company(a), normalize_company(b));
    let sim = company_similarity(&a, &b);
    assert!(
        (0.0..=1.0).contains(&sim),
        "company similarity {sim} out of [0, 1]"
    );
    let _ = show::describe_company(&a);
}

pub fn passport(data: &[u8]) {
    let s = text(data);
    let _ = is_scientific_notation(&s);
    let _ = normalize_id_number(&s);
    let _ = fold_confusables(&s);
    for iso3 in [
        None,
        Some("CHN"),
        Some("AUS"),
        Some("KOR"),
        Some("IDN"),
        Some("XXX"),
    ] {
        let keys = normalize_passports(&s, iso3);
        for k in &keys {
            let _ = passport_plausibility(&k.key, iso3.unwrap_or("USA"));
            let _ = country_candidate(&k.key, iso3.unwrap_or("USA"));
        }
        let _ = show::describe_passports(&keys);
    }
    let (a, b) = s.split_once('\t').unwrap_or((&s, ""));
    let _ = passport_edit_distance(a, b);
}

/// Eight bytes as a float, for the readers' numeric cells (NaN, infinities and subnormals too).
fn float(data: &[u8]) -> Option<f64> {
    let bytes: [u8; 8] = data.get(..8)?.try_into().ok()?;
    Some(f64::from_le_bytes(bytes))
}

pub fn nik(data: &[u8]) {
    let s = text(data);
    if let Ok(nik) = parse_nik(&s) {
        let _ = nik.birth_date(PIVOT_YEAR);
        let _ = nik.match_key();
        let _ = show::describe_nik(&nik);
    }
    for f in [s.trim().parse::<f64>().ok(), float(data)]
        .into_iter()
        .flatten()
    {
        if let Ok(nik) = parse_nik_from_number(f) {
            let _ = nik.birth_date(PIVOT_YEAR);
            let _ = show::describe_nik(&nik);
        }
    }
}

pub fn date(data: &[u8]) {
    let s = text(data);
    let _ = is_missing_token(&s);
    if let Ok(p) = parse_date(&s, PIVOT_YEAR) {
        let _ = p.value.to_iso();
        let _ = p.value.full();
        let _ = show::describe_date_value(&p.value);
    }
    let _ = parse_validity(&s, PIVOT_YEAR);
    if let Some(f) = float(data) {
        let _ = excel_serial_to_date(f, false);
        let _ = excel_serial_to_date(f, true);
    }
}

pub fn nationality(data: &[u8]) {
    if let Some(n) = parse_nationality(&text(data)) {
        assert!(
            country_name_en(n.iso3).is_some() && country_name_id(n.iso3).is_some(),
            "parse_nationality gave {} which has no country name",
            n.iso3
        );
    }
}

pub fn sex(data: &[u8]) {
    if let Some(sex) = parse_sex(&text(data)) {
        let _ = sex.code();
        let _ = show::describe_sex(sex);
    }
}

pub fn address(data: &[u8]) {
    let s = text(data);
    let _ = normalize_place(&s);
    let _ = parse_rt_rw(&s);
    let parts = parse_address(&s, &CONTEXT.gazetteer);
    let _ = show::describe_address(&parts);
    let _ = show::describe_address_text(&s, &CONTEXT.gazetteer);
    let _ = CONTEXT.gazetteer.canonical_kecamatan(&s);
    let _ = CONTEXT.gazetteer.canonical_desa(&s);
}

fn empty_record() -> Record {
    Record {
        provenance: Provenance {
            source: "fuzz.csv".into(),
            sheet: String::new(),
            row: 2,
        },
        agency: Agency::Other,
        record_id: String::new(),
        fields: Vec::new(),
        extra: Vec::new(),
    }
}

/// The combined "Tempat/Tgl Lahir" cell, split on its own and through `derive_fields`.
pub fn place_date(data: &[u8]) {
    let s = text(data);
    let _ = split_place_and_date(&s, PIVOT_YEAR);
    let mut record = empty_record();
    record.set(Field::PlaceDateOfBirth, Value::Text(s.clone()));
    record.set(Field::PassportExpiry, Value::Text(s));
    derive_fields(&mut record, PIVOT_YEAR);
}

/// A whole record: each line is one cell, its first byte choosing the field; a cell that reads
/// as an ISO date is given as a real spreadsheet date.
pub fn record(data: &[u8]) {
    let mut record = empty_record();
    for line in data.split(|&b| b == b'\n') {
        let Some((&first, rest)) = line.split_first() else {
            continue;
        };
        let Some(&field) = Field::ALL.get(usize::from(first) % Field::ALL.len()) else {
            continue;
        };
        let value = text(rest);
        match chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(d) => record.set(field, Value::Date(d)),
            Err(_) => record.set(field, Value::Text(value)),
        }
    }
    derive_fields(&mut record, PIVOT_YEAR);
    let n = normalize_record(&record, &CONTEXT);
    for &field in Field::ALL {
        let _ = show::describe_field(field, &n);
    }
}
