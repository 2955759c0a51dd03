//! Passport numbers, other identity numbers (KITAS, STM, …) and the Indonesian NIK.
//!
//! Main types:
//!
//! ```text
//! cell text ──normalize_passports──▶ Vec<PassportKey { key, folded, tag, plausibility }>
//!                                         │            │
//!            passport_plausibility ◀──────┘            └──▶ passports_equal_after_folding
//!            country_candidate (re-padded / OCR-repaired value)   passport_edit_distance
//! cell text ──normalize_id_number──▶ Option<String>      (KITAS, STM, social-security ids)
//! cell text ──parse_nik / parse_nik_from_number──▶ Result<Nik, NikProblem>
//! ```
//!
//! Why the shape: the agencies type passport numbers by hand, often from photocopies, into
//! spreadsheets that damage them (lost leading zeros, `.0` float suffixes, apostrophe prefixes).
//! We therefore keep two keys per number: `key` is the number *as written* (only cosmetic
//! cleaning), `folded` maps OCR-confusable characters onto one symbol so that `E1234567O` and
//! `E12345670` compare equal. Country patterns (domain.md §2.2) only *adjust confidence*: an
//! implausible number is never rejected, because real documents (diplomatic, emergency, newer
//! series) do not always follow the published tables.
//!
//! The NIK (domain.md §2.1) is parsed into its parts so that the encoded sex and birth date can be
//! compared with the other sources. A NIK that went through an Excel number cell lost its 16th
//! digit; [`parse_nik_from_number`] marks it `truncated` and [`Nik::match_key`] then compares only
//! the first 15 digits.

use std::borrow::Cow;

/// Marks such as `(LAMA)` / `(BARU)` written beside a number when a person renewed a passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassportTag {
    /// `LAMA` / `OLD`: the previous passport.
    Old,
    /// `BARU` / `NEW`: the current passport.
    New,
}

/// How well a number fits its nationality's known passport pattern (domain.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plausibility {
    /// Fits one of the country's patterns (after documented repairs such as zero re-padding).
    Plausible,
    /// The country is known but the number fits none of its patterns: lower the confidence.
    Implausible,
    /// No nationality given, or no pattern known for it.
    UnknownCountry,
}

/// One passport number from a cell, cleaned for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassportKey {
    /// Upper case, spaces and `- . /` removed, prefixes (`NO`, `PASPOR`, …) stripped. Otherwise as
    /// written: no zero padding, no OCR repair, so it can be shown to users and cited.
    pub key: String,
    /// `key` with OCR-confusable characters folded (O Q D→0, I L→1, Z→2, S→5, G→6, B→8), for
    /// comparing numbers whose letters and digits were misread.
    pub folded: String,
    /// `(LAMA)` / `(BARU)` mark found next to the number.
    pub tag: Option<PassportTag>,
    /// Fit against the nationality's pattern, when a nationality was given.
    pub plausibility: Plausibility,
}

// ---------------------------------------------------------------------------------------------
// Cell cleaning shared by passports, id numbers and NIK
// ---------------------------------------------------------------------------------------------

/// Turns any string into ASCII upper case: line breaks become `\n`, other whitespace of every
/// kind (NBSP, tabs) and NUL become a plain space, other non-ASCII characters are transliterated
/// (`Ｅ１２` → `E12`, Cyrillic look-alikes → Latin). Shared with `address`. Borrowed when the
/// input is already plain ASCII upper case, the usual case.
pub(crate) fn ascii_upper(raw: &str) -> Cow<'_, str> {
    let clean = raw.bytes().all(|b| {
        b.is_ascii() && !b.is_ascii_lowercase() && (b == b' ' || !b.is_ascii_whitespace()) && b != 0
    });
    if clean {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            // Line breaks inside a cell separate values; keep them distinct from spaces.
            out.push('\n');
        } else if c.is_ascii() {
            if c.is_ascii_whitespace() || c == '\0' {
                out.push(' ');
            } else {
                out.push(c.to_ascii_uppercase());
            }
        } else if c.is_whitespace() {
            out.push(' ');
        } else if let Some(t) = deunicode::deunicode_char(c) {
            for tc in t.chars() {
                out.push(tc.to_ascii_uppercase());
            }
        }
    }
    Cow::Owned(out)
}

/// Removes surrounding spaces and the apostrophe prefix Excel users type to force text cells.
pub(crate) fn trim_cell(s: &str) -> &str {
    s.trim().trim_start_matches(['\'', '`']).trim()
}

/// True for the tokens agencies write instead of leaving a cell empty (domain.md §1.1).
///
/// Compares a compact form (letters and digits only) so `TDK. ADA`, `N/A` and `-` are caught.
pub(crate) fn is_missing_token(s: &str) -> bool {
    let mut buf = [0u8; 24];
    let mut n = 0usize;
    for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
        match buf.get_mut(n) {
            Some(slot) => *slot = b.to_ascii_uppercase(),
            None => return false,
        }
        n += 1;
    }
    let compact = buf.get(..n).unwrap_or(&[]);
    if !compact.is_empty() && compact.iter().all(|&b| b == b'0') {
        return true;
    }
    super::is_missing_compact(compact)
}

/// True when `s` is a number in Excel's scientific notation (`5.20315E+15`, `1.23457e+08`): the
/// digits beyond the mantissa are lost and cannot be recovered, so callers should report it.
pub fn is_scientific_notation(s: &str) -> bool {
    let s = s.trim();
    let Some(epos) = s.find(['E', 'e']) else {
        return false;
    };
    let (mantissa, exp) = s.split_at(epos);
    let exp = exp.get(1..).unwrap_or("");
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let mut dots = 0;
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.bytes().all(|b| {
            if b == b'.' || b == b',' {
                dots += 1;
                true
            } else {
                b.is_ascii_digit()
            }
        })
        && dots <= 1
        && mantissa.bytes().any(|b| b.is_ascii_digit());
    mantissa_ok && !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit())
}

/// Drops the `.0` (or `.00`) an Excel number cell adds when exported as text (`123456789.0`).
/// Only applies to an all-digit value, so `A123.0` is left alone.
pub(crate) fn strip_float_suffix(s: &str) -> &str {
    if let Some(dot) = s.rfind('.') {
        let (int, frac) = s.split_at(dot);
        let frac = frac.get(1..).unwrap_or("");
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && !frac.is_empty()
            && frac.bytes().all(|b| b == b'0')
        {
            return int;
        }
    }
    s
}

/// Words written before a number that are not part of it.
fn is_prefix_word(w: &str) -> bool {
    matches!(
        w,
        "NO" | "NOMOR"
            | "NOMER"
            | "NR"
            | "NUMBER"
            | "PASPOR"
            | "PASPORT"
            | "PASSPORT"
            | "PASPOT"
            | "PSP"
            | "PASP"
            | "DAN"
            | "AND"
    )
}

/// Extra prefix words for permit / registration numbers ([`normalize_id_number`]).
fn is_id_prefix_word(w: &str) -> bool {
    is_prefix_word(w)
        || matches!(
            w,
            "KITAS"
                | "KITAP"
                | "ITAS"
                | "ITAP"
                | "STM"
                | "SKTT"
                | "REG"
                | "REGISTER"
                | "NIK"
                | "KTP"
        )
}

fn tag_word(w: &str) -> Option<PassportTag> {
    match w {
        "LAMA" | "OLD" => Some(PassportTag::Old),
        "BARU" | "NEW" => Some(PassportTag::New),
        _ => None,
    }
}

/// Strips a prefix glued to the number: `NO.A1234567`, `PASPOR:A1234567`, `PASSPORTA1234567`.
/// A bare `NO` glued without punctuation is kept: it could be the start of a real number.
fn strip_glued_prefix(word: &str) -> &str {
    for p in ["PASSPORT", "PASPORT", "PASPOR"] {
        if let Some(rest) = word.strip_prefix(p) {
            if rest.bytes().any(|b| b.is_ascii_alphanumeric()) {
                return rest.trim_start_matches(['.', ':', '-', '#']);
            }
        }
    }
    for p in ["NO.", "NO:", "NO#", "NR.", "PSP.", "PSP:"] {
        if let Some(rest) = word.strip_prefix(p) {
            return rest;
        }
    }
    word
}

fn alnum_len(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_alphanumeric).count()
}

fn push_alnum(dst: &mut String, s: &str) {
    dst.extend(s.chars().filter(char::is_ascii_alphanumeric));
}

/// Piece of a cell after tokenising: a number fragment, a tag, or a boundary.
enum Atom<'a> {
    Fragment(&'a str),
    /// The next fragment continues the previous one whatever its length (slash-joined parts).
    Glue,
    Tag(PassportTag),
    Boundary,
}

/// Removes spaces around slashes (`A1234567 / E7654321` → `A1234567/E7654321`) so the slash rule
/// in [`atoms`] sees both sides. Borrowed when there is nothing to remove.
fn squeeze_slash_spaces(cell: &str) -> Cow<'_, str> {
    if !cell.contains(" /") && !cell.contains("/ ") {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len());
    let mut parts = cell.split('/').peekable();
    while let Some(p) = parts.next() {
        out.push_str(p.trim());
        if parts.peek().is_some() {
            out.push('/');
        }
    }
    Cow::Owned(out)
}

/// Splits a cleaned (ASCII upper-case, slash-squeezed) cell into atoms. Hard separators
/// (`, ; | & + ( ) [ ] :` and line breaks) end a number; a slash ends one only when both sides are
/// full numbers (≥ 6 alphanumerics), since `75/1234567` is one Russian number but
/// `A1234567/E7654321` two.
fn atoms<'a>(cell: &'a str, out: &mut Vec<Atom<'a>>) {
    let hard = |c: char| {
        matches!(
            c,
            ',' | ';' | '|' | '&' | '+' | '(' | ')' | '[' | ']' | ':' | '\n' | '\r' | '\t'
        )
    };
    for segment in cell.split(hard) {
        out.push(Atom::Boundary);
        for word in segment.split(' ') {
            // Slash parts: split only between two full numbers.
            let mut cur_len = 0usize;
            for part in word.split('/') {
                let part = part.trim_matches(['.', '-', '#', '\'', '"']);
                if part.is_empty() {
                    continue;
                }
                let bare = part.trim_end_matches('.');
                if let Some(tag) = tag_word(bare) {
                    out.push(Atom::Tag(tag));
                    cur_len = 0;
                    continue;
                }
                if is_prefix_word(bare) {
                    out.push(Atom::Boundary);
                    cur_len = 0;
                    continue;
                }
                let part = strip_glued_prefix(part);
                let plen = alnum_len(part);
                if plen == 0 {
                    continue;
                }
                if cur_len >= 6 && plen >= 6 {
                    out.push(Atom::Boundary);
                    cur_len = 0;
                }
                if cur_len > 0 {
                    out.push(Atom::Glue);
                }
                cur_len += plen;
                out.push(Atom::Fragment(strip_float_suffix(part)));
            }
        }
    }
    out.push(Atom::Boundary);
}

/// Collapses atoms into (key, tag) groups. Whitespace-separated fragments join while the group is
/// shorter than a full number (`75 1234567`, `A 1234567`) or the fragment is a short run of digits
/// (`E12345 678`); two full numbers side by side stay apart (`E12345678 E87654321`).
fn group_atoms(atoms: &[Atom<'_>]) -> Vec<(String, Option<PassportTag>)> {
    let mut groups: Vec<(String, Option<PassportTag>)> = Vec::new();
    let mut open = false; // the last group can still take fragments
    let mut pending_tag: Option<PassportTag> = None;
    let mut last_closed_untagged = false; // a tag written after a number applies to it
    let mut glue = false;
    for atom in atoms {
        match atom {
            Atom::Glue => glue = true,
            Atom::Boundary => {
                glue = false;
                if open {
                    last_closed_untagged = groups.last().is_some_and(|g| g.1.is_none());
                }
                open = false;
            }
            Atom::Tag(t) => {
                let prev_untagged = groups.last_mut().filter(|g| g.1.is_none());
                match prev_untagged {
                    Some(g) if open || last_closed_untagged => g.1 = Some(*t),
                    _ => pending_tag = Some(*t),
                }
                last_closed_untagged = false;
                open = false;
            }
            Atom::Fragment(f) => {
                let flen = alnum_len(f);
                let short_digits = flen < 6
                    && f.bytes()
                        .all(|b| b.is_ascii_digit() || !b.is_ascii_alphanumeric());
                let join = open
                    && (std::mem::take(&mut glue)
                        || groups.last().is_some_and(|g| g.0.len() < 6 || short_digits));
                if join {
                    if let Some(g) = groups.last_mut() {
                        push_alnum(&mut g.0, f);
                    }
                } else {
                    let mut k = String::with_capacity(flen);
                    push_alnum(&mut k, f);
                    groups.push((k, pending_tag.take()));
                    last_closed_untagged = false;
                }
                open = true;
            }
        }
    }
    groups
}

/// Folds OCR-confusable characters onto one symbol: O Q D→0, I L→1, Z→2, S→5, G→6, B→8.
pub fn fold_confusables(key: &str) -> String {
    key.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'Z' => '2',
        'S' => '5',
        'G' => '6',
        'B' => '8',
        other => other,
    }
}

/// Shortest key kept: anything shorter is noise (a stray letter, a row counter), not a document.
const MIN_KEY_LEN: usize = 3;

/// Splits a passport cell into cleaned numbers.
///
/// Handles several numbers in one cell (`A1234567 / E7654321`, `A1234567, E7654321`,
/// `E12345678 (LAMA) E87654321 (BARU)`), missing-value tokens (`-`, `0`, `NIHIL`, `TDK ADA`,
/// `BLM ADA`, `N/A` → empty Vec), apostrophe prefixes and Excel's `.0` float suffix.
/// A value in scientific notation (`1.23457E+08`) has lost digits: it gives an empty Vec
/// (check [`is_scientific_notation`] to report it). The same number twice in a cell is kept once.
pub fn normalize_passports(raw: &str, nationality_iso3: Option<&str>) -> Vec<PassportKey> {
    let upper = ascii_upper(raw);
    let cell = trim_cell(&upper);
    if is_missing_token(cell) || is_scientific_notation(cell) {
        return Vec::new();
    }
    let prepared = squeeze_slash_spaces(cell);
    let mut at = Vec::new();
    atoms(&prepared, &mut at);
    let mut out: Vec<PassportKey> = Vec::new();
    for (key, tag) in group_atoms(&at) {
        // A part shaped like scientific notation (`0E0` from `/0E0`) is dropped like a whole
        // cell of it, so every key reads back as itself (found by the idempotence property).
        if key.len() < MIN_KEY_LEN
            || is_missing_token(&key)
            || is_scientific_notation(&key)
            || out.iter().any(|k| k.key == key)
        {
            continue;
        }
        let plausibility = match nationality_iso3 {
            Some(iso) => passport_plausibility(&key, iso),
            None => Plausibility::UnknownCountry,
        };
        out.push(PassportKey {
            folded: fold_confusables(&key),
            key,
            tag,
            plausibility,
        });
    }
    out
}

/// Cleans a generic identity number (KITAS/KITAP and permit numbers, STM, social-security ids):
/// the passport cleaning (upper case, `- . /` and spaces removed, prefixes such as `NO`, `KITAS`
/// stripped, apostrophe prefix and `.0` suffix dropped) without splitting or country rules.
/// `None` for missing tokens, scientific notation, or nothing left.
pub fn normalize_id_number(raw: &str) -> Option<String> {
    let upper = ascii_upper(raw);
    let cell = trim_cell(&upper);
    if is_missing_token(cell) || is_scientific_notation(cell) {
        return None;
    }
    let cell = strip_float_suffix(cell);
    let mut out = String::with_capacity(cell.len());
    let mut leading = true;
    for word in cell
        .split([' ', ':', ',', ';', '/', '.', '-', '#', '\n', '\r', '\t'])
        .filter(|w| !w.is_empty())
    {
        if leading && is_id_prefix_word(word) {
            continue;
        }
        leading = false;
        push_alnum(&mut out, word);
    }
    if out.is_empty() || is_missing_token(&out) {
        None
    } else {
        Some(out)
    }
}

/// True when two numbers are the same once OCR-confusable characters are folded. A near match,
/// not an exact one (domain.md §2.3): score it below `a.key == b.key`.
pub fn passports_equal_after_folding(a: &PassportKey, b: &PassportKey) -> bool {
    !a.folded.is_empty() && a.folded == b.folded
}

/// Damerau–Levenshtein distance between two keys (a transposition costs 1, as typists swap
/// neighbours). Distance ≤ 1 plus the same birth date and nationality is a strong candidate.
///
/// The exact distance costs O(len(a) · len(b)); no travel document is longer than
/// [`MAX_EDIT_LEN`] characters, so beyond that (a whole paragraph pasted into the cell) the
/// longer length is returned as an upper bound, or 0 when the strings are equal.
pub fn passport_edit_distance(a: &str, b: &str) -> usize {
    if a.len() > MAX_EDIT_LEN || b.len() > MAX_EDIT_LEN {
        return if a == b {
            0
        } else {
            a.chars().count().max(b.chars().count())
        };
    }
    strsim::damerau_levenshtein(a, b)
}

/// Longest key for which [`passport_edit_distance`] computes the exact distance.
pub const MAX_EDIT_LEN: usize = 64;

// ---------------------------------------------------------------------------------------------
// Country patterns (domain.md §2.2), hand-written matchers
// ---------------------------------------------------------------------------------------------

/// One character class of a pattern.
#[derive(Clone, Copy)]
enum Cls {
    /// `0-9`
    D,
    /// `A-Z`
    L,
    /// `A-Z0-9`
    A,
    /// One of these bytes.
    Of(&'static [u8]),
    /// A letter not among these bytes.
    LNot(&'static [u8]),
}

impl Cls {
    fn accepts(self, b: u8) -> bool {
        match self {
            Cls::D => b.is_ascii_digit(),
            Cls::L => b.is_ascii_uppercase(),
            Cls::A => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Cls::Of(set) => set.contains(&b),
            Cls::LNot(set) => b.is_ascii_uppercase() && !set.contains(&b),
        }
    }
}

/// A pattern: runs of (class, count). A run with count 0 is not allowed.
type Pattern = &'static [(Cls, u8)];

fn pattern_len(p: Pattern) -> usize {
    p.iter().map(|&(_, n)| usize::from(n)).sum()
}

fn matches_pattern(key: &[u8], p: Pattern) -> bool {
    if key.len() != pattern_len(p) {
        return false;
    }
    let mut bytes = key.iter();
    p.iter()
        .all(|&(cls, n)| (0..n).all(|_| bytes.next().is_some_and(|&b| cls.accepts(b))))
}

/// German passports use `CFGHJKLMNPRTVWXYZ0-9` only.
const DEU_SET: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";

const P_AUS: &[Pattern] = &[&[(Cls::L, 1), (Cls::D, 7)], &[(Cls::L, 2), (Cls::D, 7)]];
const P_CHN: &[Pattern] = &[
    &[(Cls::Of(b"E"), 1), (Cls::D, 8)],
    &[(Cls::Of(b"E"), 1), (Cls::LNot(b"IO"), 1), (Cls::D, 7)],
    &[(Cls::Of(b"G"), 1), (Cls::D, 8)],
];
const P_MYS: &[Pattern] = &[&[(Cls::Of(b"AHK"), 1), (Cls::D, 8)]];
const P_NLD: &[Pattern] = &[&[
    (Cls::LNot(b"O"), 2),
    (Cls::Of(b"ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789"), 6),
    (Cls::D, 1),
]];
const P_DEU: &[Pattern] = &[&[(Cls::Of(DEU_SET), 9)]];
const P_DIGITS9: &[Pattern] = &[&[(Cls::D, 9)]];
const P_USA: &[Pattern] = &[&[(Cls::D, 9)], &[(Cls::L, 1), (Cls::D, 8)]];
const P_FRA: &[Pattern] = &[&[(Cls::D, 2), (Cls::L, 2), (Cls::D, 5)]];
const P_KOR: &[Pattern] = &[
    &[(Cls::Of(b"MS"), 1), (Cls::D, 8)],
    &[(Cls::Of(b"M"), 1), (Cls::D, 3), (Cls::L, 1), (Cls::D, 4)],
];
const P_JPN: &[Pattern] = &[&[(Cls::L, 2), (Cls::D, 7)]];
const P_L1D7: &[Pattern] = &[&[(Cls::L, 1), (Cls::D, 7)]];
const P_ITA: &[Pattern] = &[&[(Cls::A, 2), (Cls::D, 7)]];
const P_NZL: &[Pattern] = &[
    &[(Cls::Of(b"LE"), 1), (Cls::Of(b"ADFHP"), 1), (Cls::D, 6)],
    &[(Cls::Of(b"N"), 1), (Cls::D, 6)],
];
const P_TLS: &[Pattern] = &[
    &[(Cls::A, 6)],
    &[(Cls::A, 7)],
    &[(Cls::A, 8)],
    &[(Cls::A, 9)],
];

/// Countries whose all-digit numbers have a fixed length, so lost leading zeros can be re-padded.
fn fixed_digit_len(iso3: &str) -> Option<usize> {
    match iso3 {
        "GBR" | "RUS" | "USA" => Some(9),
        _ => None,
    }
}

/// Canonical ISO3 code for a pattern lookup (`D`, the ICAO code of Germany, is DEU), or `None`.
fn pattern_country(iso3: &str) -> Option<(&'static str, &'static [Pattern])> {
    const TABLE: &[(&str, &[Pattern])] = &[
        ("AUS", P_AUS),
        ("CHN", P_CHN),
        ("MYS", P_MYS),
        ("NLD", P_NLD),
        ("DEU", P_DEU),
        ("D", P_DEU),
        ("GBR", P_DIGITS9),
        ("RUS", P_DIGITS9),
        ("USA", P_USA),
        ("FRA", P_FRA),
        ("KOR", P_KOR),
        ("JPN", P_JPN),
        ("IND", P_L1D7),
        ("ITA", P_ITA),
        ("CHE", P_L1D7),
        ("NZL", P_NZL),
        ("TLS", P_TLS),
    ];
    let iso3 = iso3.trim();
    TABLE
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(iso3))
        .map(|&(code, p)| (if code == "D" { "DEU" } else { code }, p))
}

/// German numbers never contain O, I, S or B: read them as 0, 1, 5 and 8 (domain.md §2.3).
fn deu_reading(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            'O' => '0',
            'I' => '1',
            'S' => '5',
            'B' => '8',
            other => other,
        })
        .collect()
}

/// Zero-padded form of an all-digit key shorter than the country's fixed length (Excel dropped
/// the leading zeros). Only for keys of at least 6 digits: shorter ones are not damaged numbers.
fn zero_padded(key: &str, len: usize) -> Option<String> {
    if key.len() >= 6 && key.len() < len && key.bytes().all(|b| b.is_ascii_digit()) {
        let mut s = "0".repeat(len - key.len());
        s.push_str(key);
        Some(s)
    } else {
        None
    }
}

fn any_match(key: &str, pats: &[Pattern]) -> bool {
    pats.iter().any(|p| matches_pattern(key.as_bytes(), p))
}

/// Judges `key` (a [`PassportKey::key`]) against the patterns of `iso3` (ISO alpha-3, or `D`).
///
/// Two documented repairs count as plausible, because the damage is systematic, not a sign of
/// a wrong number: an all-digit GBR/RUS/USA key shorter than 9 digits is judged after re-padding
/// the leading zeros Excel dropped; a DEU key is judged after reading O I S B as 0 1 5 8.
/// Other OCR confusions are *not* forgiven here; see [`country_candidate`].
pub fn passport_plausibility(key: &str, iso3: &str) -> Plausibility {
    let Some((code, pats)) = pattern_country(iso3) else {
        return Plausibility::UnknownCountry;
    };
    let ok = if code == "DEU" {
        any_match(&deu_reading(key), pats)
    } else {
        any_match(key, pats)
            || fixed_digit_len(code)
                .and_then(|n| zero_padded(key, n))
                .is_some_and(|p| any_match(&p, pats))
    };
    if ok {
        Plausibility::Plausible
    } else {
        Plausibility::Implausible
    }
}

/// A *candidate* reading of `key` for its country, when `key` as written does not fit but a
/// repair does: leading zeros re-padded (GBR, RUS, USA), German O I S B read as 0 1 5 8, or
/// confusable letters read as digits where the pattern expects a digit (`E1234567O` → `E12345670`
/// for CHN). `None` when `key` already fits, nothing fits, or the country is unknown.
/// Use the candidate as an extra blocking / comparison key; never overwrite `key` with it.
pub fn country_candidate(key: &str, iso3: &str) -> Option<String> {
    let (code, pats) = pattern_country(iso3)?;
    if any_match(key, pats) {
        return None;
    }
    if let Some(p) = fixed_digit_len(code).and_then(|n| zero_padded(key, n)) {
        if any_match(&p, pats) {
            return Some(p);
        }
    }
    let read = if code == "DEU" {
        deu_reading(key)
    } else {
        key.to_owned()
    };
    if read != key && any_match(&read, pats) {
        return Some(read);
    }
    // Letters at digit positions read as digits.
    for p in pats {
        if read.len() != pattern_len(p) {
            continue;
        }
        let mut out = String::with_capacity(read.len());
        let mut bytes = read.bytes();
        let mut ok = true;
        'runs: for &(cls, n) in p.iter() {
            for _ in 0..n {
                let Some(b) = bytes.next() else {
                    ok = false;
                    break 'runs;
                };
                if cls.accepts(b) {
                    out.push(char::from(b));
                    continue;
                }
                let folded = fold_char(char::from(b));
                if matches!(cls, Cls::D) && folded.is_ascii_digit() {
                    out.push(folded);
                } else {
                    ok = false;
                    break 'runs;
                }
            }
        }
        if ok && out != key {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the idempotence property: `/0E0` gave the key `0E0`, which read back as nothing.
    #[test]
    fn a_part_in_scientific_notation_is_no_key() {
        for cell in ["/0E0", "0E0", "A1234567/1E5"] {
            for key in normalize_passports(cell, None) {
                assert!(
                    !is_scientific_notation(&key.key),
                    "{cell:?} gave {:?}",
                    key.key
                );
                assert_eq!(normalize_passports(&key.key, None).len(), 1, "{cell:?}");
            }
        }
        assert!(normalize_passports("/0E0", None).is_empty());
    }

    fn keys(raw: &str) -> Vec<String> {
        normalize_passports(raw, None)
            .into_iter()
            .map(|k| k.key)
            .collect()
    }

    #[test]
    fn cleans_single_numbers() {
        let cases: &[(&str, &str)] = &[
            ("A1234567", "A1234567"),
            ("a1234567", "A1234567"),
            ("  E12345678  ", "E12345678"),
            ("E 1234 5678", "E12345678"),
            ("E-12345678", "E12345678"),
            ("E.123.456.78", "E12345678"),
            ("'012345678", "012345678"),
            ("`012345678", "012345678"),
            ("123456789.0", "123456789"),
            ("12345678.00", "12345678"),
            ("NO. A1234567", "A1234567"),
            ("No A1234567", "A1234567"),
            ("NO.A1234567", "A1234567"),
            ("PASPOR A1234567", "A1234567"),
            ("PASPOR: A1234567", "A1234567"),
            ("PASSPORT NO. A1234567", "A1234567"),
            ("Paspor No: A1234567", "A1234567"),
            ("PSP. A1234567", "A1234567"),
            ("PASPORA1234567", "A1234567"),
            ("75 1234567", "751234567"),
            ("75/1234567", "751234567"),
            ("A 1234567", "A1234567"),
            ("E12345 678", "E12345678"),
            ("NP4K7R2B8", "NP4K7R2B8"),
            ("E1234567\u{a0}", "E1234567"),
            ("Ｅ１２３４５６７８", "E12345678"),
            ("C01X00T47", "C01X00T47"),
            ("#E12345678", "E12345678"),
        ];
        for (raw, want) in cases {
            assert_eq!(keys(raw), vec![want.to_string()], "input {raw:?}");
        }
    }

    #[test]
    fn missing_tokens_give_nothing() {
        let cases = [
            "",
            " ",
            "-",
            "--",
            "0",
            "000",
            "NIHIL",
            "nihil",
            "TDK ADA",
            "TDK. ADA",
            "TIDAK ADA",
            "BLM ADA",
            "BELUM ADA",
            "N/A",
            "n/a",
            "NA",
            "'-",
            "1.23457E+08",
            "1,23457E+08",
        ];
        for raw in cases {
            assert!(keys(raw).is_empty(), "input {raw:?} gave {:?}", keys(raw));
        }
    }

    #[test]
    fn splits_cells_with_several_numbers() {
        let cases: &[(&str, &[&str])] = &[
            ("A1234567 / E7654321", &["A1234567", "E7654321"]),
            ("A1234567/E7654321", &["A1234567", "E7654321"]),
            ("A1234567, E7654321", &["A1234567", "E7654321"]),
            ("A1234567; E7654321", &["A1234567", "E7654321"]),
            ("A1234567\nE7654321", &["A1234567", "E7654321"]),
            ("A123\r\nE7654321", &["A123", "E7654321"]),
            ("E12345678 E87654321", &["E12345678", "E87654321"]),
            (
                "E12345678 (LAMA) E87654321 (BARU)",
                &["E12345678", "E87654321"],
            ),
            ("E12345678 dan E87654321", &["E12345678", "E87654321"]),
            ("A1234567 & A7654321", &["A1234567", "A7654321"]),
            ("A1234567, A1234567", &["A1234567"]),
            ("A1234567 / -", &["A1234567"]),
            ("A12/3456", &["A123456"]),
            ("X1234567 A 7654321", &["X1234567", "A7654321"]),
        ];
        for (raw, want) in cases {
            assert_eq!(keys(raw), want.to_vec(), "input {raw:?}");
        }
    }

    #[test]
    fn tags_follow_or_precede_their_number() {
        type Case<'a> = (&'a str, &'a [(&'a str, Option<PassportTag>)]);
        let cases: &[Case] = &[
            (
                "E12345678 (LAMA) E87654321 (BARU)",
                &[
                    ("E12345678", Some(PassportTag::Old)),
                    ("E87654321", Some(PassportTag::New)),
                ],
            ),
            (
                "LAMA: E12345678, BARU: E87654321",
                &[
                    ("E12345678", Some(PassportTag::Old)),
                    ("E87654321", Some(PassportTag::New)),
                ],
            ),
            (
                "Paspor lama E12345678 / paspor baru E87654321",
                &[
                    ("E12345678", Some(PassportTag::Old)),
                    ("E87654321", Some(PassportTag::New)),
                ],
            ),
            ("E12345678 (BARU)", &[("E12345678", Some(PassportTag::New))]),
            (
                "LAMA E12345678 BARU E87654321",
                &[
                    ("E12345678", Some(PassportTag::Old)),
                    ("E87654321", Some(PassportTag::New)),
                ],
            ),
            ("E12345678 old", &[("E12345678", Some(PassportTag::Old))]),
            ("E12345678", &[("E12345678", None)]),
            (
                "E12345678, E87654321 (BARU)",
                &[("E12345678", None), ("E87654321", Some(PassportTag::New))],
            ),
        ];
        for (raw, want) in cases {
            let got: Vec<(String, Option<PassportTag>)> = normalize_passports(raw, None)
                .into_iter()
                .map(|k| (k.key, k.tag))
                .collect();
            let want: Vec<(String, Option<PassportTag>)> =
                want.iter().map(|(k, t)| (k.to_string(), *t)).collect();
            assert_eq!(got, want, "input {raw:?}");
        }
    }

    #[test]
    fn folding_makes_ocr_confusions_equal() {
        let cases: &[(&str, &str, bool)] = &[
            ("E1234567O", "E12345670", true),
            ("E12345678", "E123456 78", true),
            ("EI2345678", "E12345678", true),
            ("EL2345678", "E12345678", true),
            ("E1Z345678", "E12345678", true),
            ("E12345S78", "E12345578", true),
            ("E1234G678", "E12346678", true),
            ("E1234567B", "E12345678", true),
            ("EQ2345678", "E02345678", true),
            ("ED2345678", "E02345678", true),
            ("E12345678", "E12345679", false),
            ("E12345678", "E87654321", false),
            ("A1234567", "A12345678", false),
        ];
        for (a, b, want) in cases {
            let ka = normalize_passports(a, None);
            let kb = normalize_passports(b, None);
            let (Some(ka), Some(kb)) = (ka.first(), kb.first()) else {
                panic!("no key for {a:?} or {b:?}");
            };
            assert_eq!(
                passports_equal_after_folding(ka, kb),
                *want,
                "{a:?} vs {b:?}"
            );
        }
        assert_eq!(fold_confusables("OQDILZSGB"), "000112568");
    }

    #[test]
    fn edit_distance_is_damerau() {
        let cases: &[(&str, &str, usize)] = &[
            ("E12345678", "E12345678", 0),
            ("E12345678", "E12345679", 1),
            ("E12345678", "E12345687", 1),
            ("E12345678", "E1234567", 1),
            ("E12345678", "E21345687", 2),
            ("", "A1", 2),
            ("A1234567", "A1234567", 0),
        ];
        for (a, b, want) in cases {
            assert_eq!(passport_edit_distance(a, b), *want, "{a:?} vs {b:?}");
        }
        let long_a = "A".repeat(100_000);
        let long_b = "B".repeat(100_001);
        assert_eq!(passport_edit_distance(&long_a, &long_b), 100_001);
        assert_eq!(passport_edit_distance(&long_a, &long_a), 0);
    }

    #[test]
    fn plausibility_per_country() {
        use Plausibility::*;
        let cases: &[(&str, &str, Plausibility)] = &[
            ("PA1234567", "AUS", Plausible),
            ("N1234567", "AUS", Plausible),
            ("1234567", "AUS", Implausible),
            ("E12345678", "CHN", Plausible),
            ("EA1234567", "CHN", Plausible),
            ("EO1234567", "CHN", Implausible),
            ("EI1234567", "CHN", Implausible),
            ("G12345678", "CHN", Plausible),
            ("E1234567", "CHN", Implausible),
            ("E1234567O", "CHN", Implausible),
            ("A12345678", "MYS", Plausible),
            ("H12345678", "MYS", Plausible),
            ("B12345678", "MYS", Implausible),
            ("NP4K7R2B8", "NLD", Plausible),
            ("NO4K7R2B8", "NLD", Implausible),
            ("NP4K7R2BX", "NLD", Implausible),
            ("C01X00T47", "DEU", Plausible),
            ("C01X00T47", "D", Plausible),
            ("CO1XOOT47", "DEU", Plausible),
            ("C01X00TA7", "DEU", Implausible),
            ("123456789", "GBR", Plausible),
            ("23456789", "GBR", Plausible),
            ("12345", "GBR", Implausible),
            ("A23456789", "GBR", Implausible),
            ("751234567", "RUS", Plausible),
            ("123456789", "USA", Plausible),
            ("A12345678", "USA", Plausible),
            ("AB1234567", "USA", Implausible),
            ("12AB34567", "FRA", Plausible),
            ("1AB234567", "FRA", Implausible),
            ("M12345678", "KOR", Plausible),
            ("S12345678", "KOR", Plausible),
            ("M123A4567", "KOR", Plausible),
            ("K12345678", "KOR", Implausible),
            ("TK1234567", "JPN", Plausible),
            ("T1234567", "JPN", Implausible),
            ("J1234567", "IND", Plausible),
            ("YA1234567", "ITA", Plausible),
            ("123456789", "ITA", Plausible),
            ("X1234567", "CHE", Plausible),
            ("LA123456", "NZL", Plausible),
            ("EP123456", "NZL", Plausible),
            ("N123456", "NZL", Plausible),
            ("LB123456", "NZL", Implausible),
            ("AB1234", "TLS", Plausible),
            ("AB12", "TLS", Implausible),
            ("E12345678", "XXX", UnknownCountry),
            ("E12345678", "", UnknownCountry),
            ("E12345678", "chn", Plausible),
            ("E12345678", " CHN ", Plausible),
        ];
        for (key, iso, want) in cases {
            assert_eq!(
                passport_plausibility(key, iso),
                *want,
                "{key:?} for {iso:?}"
            );
        }
    }

    #[test]
    fn plausibility_is_set_on_keys_and_key_stays_as_written() {
        let k = normalize_passports("23456789.0", Some("GBR"));
        assert_eq!(k.len(), 1);
        assert_eq!(k.first().map(|k| k.key.as_str()), Some("23456789"));
        assert_eq!(
            k.first().map(|k| k.plausibility),
            Some(Plausibility::Plausible)
        );
        let k = normalize_passports("E12345678", None);
        assert_eq!(
            k.first().map(|k| k.plausibility),
            Some(Plausibility::UnknownCountry)
        );
        let k = normalize_passports("CO1XOOT47", Some("DEU"));
        assert_eq!(k.first().map(|k| k.key.as_str()), Some("CO1XOOT47"));
    }

    #[test]
    fn country_candidates() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("23456789", "GBR", Some("023456789")),
            ("3456789", "RUS", Some("003456789")),
            ("123456789", "GBR", None),
            ("CO1XOOT47", "DEU", Some("C01X00T47")),
            ("E1234567O", "CHN", Some("E12345670")),
            ("EI234S678", "CHN", Some("E12345678")),
            ("M1234S67B", "KOR", Some("M12345678")),
            ("E12345678", "CHN", None),
            ("E123", "CHN", None),
            ("E12345678", "XXX", None),
        ];
        for (key, iso, want) in cases {
            assert_eq!(
                country_candidate(key, iso).as_deref(),
                *want,
                "{key:?} for {iso:?}"
            );
        }
    }

    #[test]
    fn id_numbers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2C21JD1234-V", Some("2C21JD1234V")),
            ("KITAS 2C21JD1234-V", Some("2C21JD1234V")),
            ("No. KITAS: 2C21 JD 1234-V", Some("2C21JD1234V")),
            ("STM/123/V/2025", Some("123V2025")),
            ("'0001234567", Some("0001234567")),
            ("1234567.0", Some("1234567")),
            ("stm.123/iv/2025/intelkam", Some("123IV2025INTELKAM")),
            ("-", None),
            ("NIHIL", None),
            ("", None),
            ("1.2345E+10", None),
            ("NO.", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_id_number(raw).as_deref(), *want, "input {raw:?}");
        }
    }

    #[test]
    fn scientific_notation_detection() {
        let cases: &[(&str, bool)] = &[
            ("5.20315E+15", true),
            ("5.20315e+15", true),
            ("5,20315E+15", true),
            ("1E5", true),
            ("E12345678", false),
            ("5203154105850001", false),
            ("1.2E", false),
            ("E+15", false),
            ("", false),
        ];
        for (raw, want) in cases {
            assert_eq!(is_scientific_notation(raw), *want, "input {raw:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let huge = "A1234567 / ".repeat(10_000);
        let odd = [
            "\0",
            "\0\0A1234567",
            "////",
            "(((",
            ")",
            "LAMA",
            "BARU BARU",
            "ß",
            "🙂🙂",
            "\u{202e}E12345678",
            "NO",
            "PASPOR",
            ":::",
            "'",
            "..",
            "0.0",
            ".0",
            "E",
            "/ /",
            "A1234567 /",
            "/ A1234567",
        ];
        for raw in odd.iter().copied().chain(std::iter::once(huge.as_str())) {
            let keys = normalize_passports(raw, Some("CHN"));
            for k in &keys {
                // Idempotence: normalising a key again gives the same key.
                assert_eq!(
                    normalize_passports(&k.key, None)
                        .first()
                        .map(|x| x.key.clone()),
                    Some(k.key.clone())
                );
            }
            let _ = normalize_id_number(raw);
            let _ = crate::normalize::nik::parse_nik(raw);
        }
        assert_eq!(normalize_passports(&huge, None).len(), 1);
    }
}
