//! Per-record comparison keys: what the compare loop reads about a record, as small numbers in
//! one cache line.
//!
//! ```text
//! [NormalizedRecord] ──record_keys──▶ [RecordKeys] (64 bytes each) + Numbering
//! ```
//!
//! A normalised record is several hundred bytes with its values in separate heap strings, so
//! comparing two records read a dozen scattered cache lines. At a million rows the candidate
//! pairs reach records all over memory, and those reads, not the comparisons, were most of the
//! compare stage. Here each text value the comparisons test for equality becomes an interned
//! number (the same number exactly when the texts are equal), and a single passport keeps its
//! folded characters inline for the one-edit test. Records this does not fit (several
//! passports, a long number) say so, and their comparison reads the record as before.

use crate::normalize::company::CompanyKey;
use crate::normalize::date::DateValue;
use crate::normalize::stage::NormalizedRecord;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};

/// The number of a missing value: no real value gets it.
pub const NONE: u32 = u32::MAX;

/// Longest folded passport kept inline: the machine-readable zone holds 9 characters, and 11
/// makes the slot 16 bytes and the keys 64.
pub const PASSPORT_INLINE: usize = 11;

/// A record's passports as the compare loop needs them, packed: a tag in the length byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassportSlot {
    key: u32,
    len: u8,
    folded: [u8; PASSPORT_INLINE],
}

/// [`PassportSlot`] unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passport<'k> {
    /// No passport.
    Missing,
    /// Exactly one passport: its key's number and its folded text.
    One { key: u32, folded: &'k [u8] },
    /// Several passports, or a folded text too long to keep inline: compare the records.
    Record,
}

impl PassportSlot {
    const MISSING: u8 = u8::MAX;
    const RECORD: u8 = u8::MAX - 1;

    fn tagged(len: u8) -> PassportSlot {
        PassportSlot {
            key: NONE,
            len,
            folded: [0; PASSPORT_INLINE],
        }
    }

    pub fn get(&self) -> Passport<'_> {
        match self.len {
            Self::MISSING => Passport::Missing,
            Self::RECORD => Passport::Record,
            len => match self.folded.get(..usize::from(len)) {
                Some(folded) => Passport::One {
                    key: self.key,
                    folded,
                },
                None => Passport::Record,
            },
        }
    }
}

/// One record's comparison inputs. Every `u32` is an interned value ([`NONE`] when missing):
/// two records hold the same number exactly when their texts are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordKeys {
    /// Name number from [`super::comparison::intern_names`].
    pub name: u32,
    pub nik: u32,
    pub id_number: u32,
    pub permit_number: u32,
    pub desa: u32,
    pub kecamatan: u32,
    pub postcode: u32,
    /// Employer and sponsor, numbered in the [`Numbering`].
    pub employer: u32,
    pub sponsor: u32,
    /// A u16 keeps the keys in 64 bytes (there are some 250 nationalities).
    pub nationality: u16,
    pub dob: Option<DateValue>,
    pub sex: Option<crate::normalize::sex::Sex>,
    pub passport: PassportSlot,
}

impl RecordKeys {
    /// Whether the record has a desa, kecamatan or postcode (the locality comparison's input).
    pub fn has_locality(&self) -> bool {
        self.desa != NONE || self.kecamatan != NONE || self.postcode != NONE
    }

    /// Employer and sponsor numbers that are present.
    pub fn companies(&self) -> impl Iterator<Item = u32> + '_ {
        [self.employer, self.sponsor]
            .into_iter()
            .filter(|&c| c != NONE)
    }
}

/// Which numbering a set of keys belongs to, and the companies (employers and sponsors) behind
/// its company numbers. Every call of [`record_keys`] is a new numbering: the compare loop's
/// caches live as long as their threads, and keyed by numbers alone they would answer one run's
/// pairs with another run's (two runs in one process, as in the library's tests).
#[derive(Debug)]
pub struct Numbering<'a> {
    id: u64,
    companies: Vec<&'a CompanyKey>,
}

/// The next numbering's id.
static NEXT_NUMBERING: AtomicU64 = AtomicU64::new(0);

impl<'a> Numbering<'a> {
    fn new() -> Self {
        Numbering {
            id: NEXT_NUMBERING.fetch_add(1, Ordering::Relaxed),
            companies: Vec::new(),
        }
    }

    /// This numbering's id, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The company a company number stands for.
    pub fn company(&self, number: u32) -> Option<&'a CompanyKey> {
        self.companies.get(number as usize).copied()
    }
}

/// Numbers values in first-seen order. The std hasher (keyed per process), not a fast fixed
/// one: the texts come from the agencies' files, and a file crafted so that its values collide
/// under a fixed hash would make numbering them quadratic.
struct Interner<K> {
    ids: HashMap<K, u32>,
}

impl<K: Hash + Eq> Interner<K> {
    fn new() -> Self {
        Interner {
            ids: HashMap::new(),
        }
    }

    fn id(&mut self, key: Option<K>) -> u32 {
        let Some(key) = key else { return NONE };
        let next = u32::try_from(self.ids.len()).unwrap_or(NONE - 1);
        *self.ids.entry(key).or_insert(next)
    }
}

/// Numbers one text field of every record.
fn intern_field<'a>(
    records: &'a [NormalizedRecord],
    value: impl Fn(&'a NormalizedRecord) -> Option<&'a str>,
) -> Vec<u32> {
    let mut interner = Interner::new();
    records.iter().map(|r| interner.id(value(r))).collect()
}

type CompanyId<'a> = (Option<&'static str>, &'a str, &'a str);

fn company_id(c: &CompanyKey) -> CompanyId<'_> {
    (c.legal_form, c.name.as_str(), c.sorted_key.as_str())
}

/// Employer and sponsor numbers of every record, and the companies behind the numbers.
fn intern_companies<'a>(records: &'a [NormalizedRecord]) -> (Vec<[u32; 2]>, Vec<&'a CompanyKey>) {
    let mut ids: HashMap<CompanyId<'a>, u32> = HashMap::new();
    let mut table = Vec::new();
    let mut number = |c: Option<&'a CompanyKey>| -> u32 {
        let Some(c) = c else { return NONE };
        let next = u32::try_from(table.len()).unwrap_or(NONE - 1);
        *ids.entry(company_id(c)).or_insert_with(|| {
            table.push(c);
            next
        })
    };
    let numbers = records
        .iter()
        .map(|r| [number(r.employer.as_ref()), number(r.sponsor.as_ref())])
        .collect();
    (numbers, table)
}

fn passport_slot(r: &NormalizedRecord, key: u32) -> PassportSlot {
    match r.passports.as_slice() {
        [] => PassportSlot::tagged(PassportSlot::MISSING),
        [p] if p.folded.len() <= PASSPORT_INLINE => {
            let mut slot = PassportSlot::tagged(u8::try_from(p.folded.len()).unwrap_or(0));
            slot.key = key;
            if let Some(inline) = slot.folded.get_mut(..p.folded.len()) {
                inline.copy_from_slice(p.folded.as_bytes());
            }
            slot
        }
        _ => PassportSlot::tagged(PassportSlot::RECORD),
    }
}

/// The comparison keys of every record, with the numbering they belong to.
/// The fields are numbered side by side on all cores; each field's numbering is sequential, so
/// it is the same on every run (the numbers only ever meet each other, never the output).
pub fn record_keys(records: &[NormalizedRecord]) -> (Vec<RecordKeys>, Numbering<'_>) {
    type Field = for<'r> fn(&'r NormalizedRecord) -> Option<&'r str>;
    let fields: [Field; 8] = [
        |r| r.nik.as_ref().map(|n| n.match_key()),
        |r| r.id_number.as_deref(),
        |r| r.permit_number.as_deref(),
        |r| r.address.desa.as_deref(),
        |r| r.address.kecamatan.as_deref(),
        |r| r.address.postcode.as_deref(),
        |r| r.nationality,
        |r| match r.passports.as_slice() {
            [p] => Some(p.key.as_str()),
            _ => None,
        },
    ];
    let mut numbered: Vec<Vec<u32>> = Vec::new();
    let mut names = Vec::new();
    let mut companies = (Vec::new(), Vec::new());
    rayon::scope(|s| {
        s.spawn(|_| names = super::comparison::intern_names(records));
        s.spawn(|_| companies = intern_companies(records));
        s.spawn(|_| {
            numbered = fields
                .par_iter()
                .map(|f| intern_field(records, f))
                .collect();
        });
    });
    let (company_ids, table) = companies;
    let mut numbering = Numbering::new();
    numbering.companies = table;
    let column = |f: usize, i: usize| {
        numbered
            .get(f)
            .and_then(|c| c.get(i))
            .copied()
            .unwrap_or(NONE)
    };
    let keys = records
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let [employer, sponsor] = company_ids.get(i).copied().unwrap_or([NONE, NONE]);
            RecordKeys {
                name: names.get(i).copied().unwrap_or(NONE),
                nik: column(0, i),
                id_number: column(1, i),
                permit_number: column(2, i),
                desa: column(3, i),
                kecamatan: column(4, i),
                postcode: column(5, i),
                employer,
                sponsor,
                nationality: match column(6, i) {
                    NONE => u16::MAX,
                    n => u16::try_from(n).unwrap_or(u16::MAX - 1),
                },
                dob: r.dob.map(|d| d.value),
                sex: r.sex,
                passport: passport_slot(r, column(7, i)),
            }
        })
        .collect();
    (keys, numbering)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Field;

    fn rec(fields: &[(Field, &str)]) -> NormalizedRecord {
        crate::normalize::stage::test_normalized(fields)
    }

    #[test]
    fn keys_fit_one_cache_line() {
        assert_eq!(std::mem::size_of::<PassportSlot>(), 16);
        assert!(std::mem::size_of::<RecordKeys>() <= 64);
    }

    #[test]
    fn equal_texts_get_equal_numbers_and_missing_values_none() {
        let records = [
            rec(&[
                (Field::Passport, "E12345678"),
                (Field::Employer, "PT Maju Jaya"),
            ]),
            rec(&[
                (Field::Passport, "E 1234-5678"),
                (Field::Employer, "PT. MAJU JAYA"),
            ]),
            rec(&[(Field::Passport, "A1234567 / E7654321")]),
            rec(&[(Field::Passport, "E1234567O")]),
            rec(&[(Field::Name, "WANG WEI")]),
        ];
        let (keys, table) = record_keys(&records);
        assert_eq!(keys[0].employer, keys[1].employer);
        assert_eq!(keys[0].sponsor, NONE);
        assert_eq!(keys[2].employer, NONE);
        assert_eq!(
            table.company(keys[0].employer).map(|c| c.name.as_str()),
            Some("MAJU JAYA")
        );
        let (Passport::One { key: k0, .. }, Passport::One { key: k1, .. }) =
            (keys[0].passport.get(), keys[1].passport.get())
        else {
            panic!("single passports are inline: {:?}", keys[0].passport);
        };
        assert_eq!(k0, k1);
        assert_eq!(
            keys[0].passport.get(),
            Passport::One {
                key: k0,
                folded: b"E12345678"
            }
        );
        assert_eq!(keys[2].passport.get(), Passport::Record);
        assert_eq!(keys[4].passport.get(), Passport::Missing);
        assert!(matches!(
            keys[3].passport.get(),
            Passport::One {
                folded: b"E12345670",
                ..
            }
        ));
        assert_ne!(keys[3].passport, keys[0].passport);
    }
}
