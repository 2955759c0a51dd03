//! The `normalize` stage: raw cell text → comparable keys, raw value kept beside them.
//!
//! One module per kind of value. Every normaliser is a pure function: it never panics, it
//! flags what it cannot understand instead of guessing, and normalising its own output again
//! gives the same result (idempotence).

pub mod address;
pub mod company;
pub mod date;
pub mod name;
pub mod nationality;
pub mod nik;
pub mod passport;
pub mod sex;
pub mod show;
pub mod stage;

/// Words agencies write instead of leaving a cell empty (domain.md §1.1), folded (upper case,
/// words separated by one space). The one list every normaliser uses; `""` and `"0"` count too.
pub(crate) const MISSING_WORDS: &[&str] = &[
    "",
    "0",
    "NIHIL",
    "NIL",
    "NULL",
    "NONE",
    "KOSONG",
    "TDK ADA",
    "TIDAK ADA",
    "BLM ADA",
    "BELUM ADA",
    "N A",
    "NA",
    "TDK",
    "TIDAK",
    "TDK DIKETAHUI",
    "TIDAK DIKETAHUI",
];

/// Whether a folded cell (upper case, single spaces) is a missing-value word.
pub(crate) fn is_missing_word(folded: &[u8]) -> bool {
    MISSING_WORDS.iter().any(|w| w.as_bytes() == folded)
}

/// Whether a compact cell (letters and digits only, upper case) is a missing-value word.
pub(crate) fn is_missing_compact(compact: &[u8]) -> bool {
    MISSING_WORDS
        .iter()
        .any(|w| w.bytes().filter(|b| *b != b' ').eq(compact.iter().copied()))
}
