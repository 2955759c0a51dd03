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
