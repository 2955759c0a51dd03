//! Indonesian addresses (domain.md §5): free text → [`AddressParts`], place cells → folded names,
//! and a [`Gazetteer`] of known kecamatan (and some desa) with their spelling variants.
//!
//! ```text
//! "Dsn. Sungkun, Ds. Ekas Buana, Kec. Jerowaru, Lotim"
//!     │ tokenise: upper case, punctuation → space, abbreviations expanded (Dsn.→DUSUN, Lotim→LOMBOK TIMUR)
//!     │ walk tokens: markers (DUSUN, DESA, KECAMATAN, KABUPATEN, RT, RW, JALAN, …) open fields,
//!     │ commas close them; unmarked segments are looked up in the Gazetteer
//!     ▼
//! AddressParts { dusun: SUNGKUN, desa: EKAS BUANA, kecamatan: JEROWARU, kabupaten: LOMBOK TIMUR, … }
//! ```
//!
//! Why: the agencies write the same address as one free-text cell (Imigrasi, Polri) or as separate
//! DUSUN / RT/RW / DESA / KECAMATAN cells (Disdukcapil). The conflict stage compares kecamatan
//! first (strong evidence), then desa; street text is weak evidence, so the street is only
//! cleaned, never interpreted. Unknown names are kept folded rather than dropped: the gazetteer
//! makes names canonical, it never rejects an address (places outside Lombok Timur are normal).

use std::collections::HashMap;

use anyhow::{bail, Context};

use super::name::FnvBuild;
use super::passport::ascii_upper;

/// An address split into its administrative parts. Every name is upper case, abbreviations
/// expanded, punctuation removed; `None` when the address does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressParts {
    /// Street, lane, housing estate and house number: `JALAN TGH M MUTAWALLI NO 12`.
    pub street: Option<String>,
    pub rt: Option<u16>,
    pub rw: Option<u16>,
    /// Dusun (rural) or lingkungan (urban), without the marker word.
    pub dusun: Option<String>,
    /// Desa or kelurahan, canonical when the gazetteer knows it.
    pub desa: Option<String>,
    /// Canonical kecamatan name when the gazetteer knows it, else the folded text. Filled from a
    /// known desa when the address names no kecamatan (and no other kabupaten).
    pub kecamatan: Option<String>,
    /// `LOMBOK TIMUR`; a city keeps its `KOTA` (`KOTA MATARAM`, since Kota and Kabupaten Bima differ).
    pub kabupaten: Option<String>,
    pub province: Option<String>,
    /// Five-digit postcode (Lombok Timur: 83611–83674).
    pub postcode: Option<String>,
    /// The whole address folded: abbreviations expanded, punctuation → space, upper case.
    pub folded: String,
}

// ---------------------------------------------------------------------------------------------
// Tokenising and folding
// ---------------------------------------------------------------------------------------------

/// One word of an address after folding.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    /// A comma, semicolon or line break came before this token: a new segment starts.
    brk: bool,
    /// A slash came directly before this token (`002/005`).
    slash: bool,
}

/// Abbreviations and their expansion (domain.md §5.1). `None` leaves the word as it is.
fn expand(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "JL" | "JLN" | "JLAN" | "JALAN" => &["JALAN"],
        "GG" | "GANG" => &["GANG"],
        "DS" | "DESA" => &["DESA"],
        "KEL" | "KELURAHAN" => &["KELURAHAN"],
        "KEC" | "KECAMATAN" => &["KECAMATAN"],
        "KAB" | "KABUPATEN" => &["KABUPATEN"],
        "DSN" | "DUSUN" => &["DUSUN"],
        "LING" | "LINGK" | "LINGKUNGAN" => &["LINGKUNGAN"],
        "PERUM" | "PERUMAHAN" => &["PERUMAHAN"],
        "BLK" | "BLOK" => &["BLOK"],
        "NO" | "NOMOR" | "NOMER" => &["NO"],
        "PROV" | "PROP" | "PROPINSI" | "PROVINSI" => &["PROVINSI"],
        "NTB" => &["NUSA", "TENGGARA", "BARAT"],
        "LOTIM" => &["LOMBOK", "TIMUR"],
        "LOTENG" => &["LOMBOK", "TENGAH"],
        "LOBAR" => &["LOMBOK", "BARAT"],
        "KLU" => &["LOMBOK", "UTARA"],
        "BRT" => &["BARAT"],
        "TMR" => &["TIMUR"],
        "UTR" => &["UTARA"],
        "LAB" => &["LABUHAN"],
        _ => return None,
    })
}

/// Splits `upper` (ASCII upper case) into expanded tokens, pushing them onto `out`.
/// Glued labels such as `RT002`, `RW01`, `NO12` become two tokens.
fn tokenize<'a>(upper: &'a str, out: &mut Vec<Tok<'a>>) {
    let mut brk = false;
    let mut rest = upper;
    while !rest.is_empty() {
        let sep_len = rest
            .bytes()
            .take_while(|b| !b.is_ascii_alphanumeric())
            .count();
        let (sep, after) = rest.split_at(sep_len);
        if sep
            .bytes()
            .any(|b| matches!(b, b',' | b';' | b'\n' | b'\r'))
        {
            brk = true;
        }
        let mut slash = sep.contains('/');
        let word_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let (word, tail) = after.split_at(word_len);
        rest = tail;
        if word.is_empty() {
            continue;
        }
        let mut push = |text: &'a str, out: &mut Vec<Tok<'a>>| {
            out.push(Tok { text, brk, slash });
            brk = false;
            slash = false;
        };
        if is_glued_labels(word) {
            // `RT002`, `NO12`, `RT02RW03`: alternate letter and digit runs.
            let mut w = word;
            while !w.is_empty() {
                let alpha = w.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
                let n = w
                    .bytes()
                    .take_while(|b| b.is_ascii_alphabetic() == alpha)
                    .count();
                let (run, tail) = w.split_at(n);
                if run == "RTRW" {
                    push("RT", out);
                    push("RW", out);
                } else {
                    push(run, out);
                }
                w = tail;
            }
        } else if word == "RTRW" {
            push("RT", out);
            push("RW", out);
        } else if let Some(exp) = expand(word) {
            for e in exp {
                push(e, out);
            }
        } else {
            push(word, out);
        }
    }
}

/// True for a word made of the labels RT / RW / RTRW / NO, each followed by digits.
fn is_glued_labels(word: &str) -> bool {
    let mut w = word;
    let mut parts = 0;
    while !w.is_empty() {
        let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (label, rest) = w.split_at(letters);
        if !matches!(label, "RT" | "RW" | "RTRW" | "NO") {
            return false;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        w = rest.get(digits..).unwrap_or("");
        parts += 1;
    }
    parts > 0
}

/// Marker words that say which part of the address follows.
fn is_place_marker(t: &str) -> bool {
    matches!(
        t,
        "KECAMATAN" | "DESA" | "KELURAHAN" | "KABUPATEN" | "DUSUN" | "LINGKUNGAN" | "PROVINSI"
    )
}

/// True for the tokens agencies write instead of leaving a cell empty.
fn is_missing(folded: &str) -> bool {
    super::is_missing_word(folded.as_bytes())
}

fn join_tokens<'a>(toks: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

/// Folds a single place cell (desa, kecamatan, kabupaten): upper case, punctuation → space,
/// abbreviations expanded, leading marker words dropped. `KEC. SAKRA BRT.` → `SAKRA BARAT`,
/// `Lab. Haji` → `LABUHAN HAJI`, `-` → empty. Idempotent.
pub fn normalize_place(raw: &str) -> String {
    let upper = ascii_upper(raw);
    let mut toks = Vec::new();
    tokenize(&upper, &mut toks);
    let start = toks.iter().take_while(|t| is_place_marker(t.text)).count();
    let s = join_tokens(toks.iter().skip(start).map(|t| t.text));
    if is_missing(&s) {
        String::new()
    } else {
        s
    }
}

/// True when `a` and `b` are at most one edit apart: equal, one substitution, one insertion or
/// deletion, or one swap of adjacent characters (Damerau distance ≤ 1).
///
/// Why not `strsim::damerau_levenshtein`: this runs for every unmarked address segment against
/// every kecamatan key, and strsim's general algorithm allocates a matrix and a map per call.
/// Distance ≤ 1 only needs the common prefix and suffix cut off and the small rest compared,
/// without allocating. Keys are ASCII (they come from [`normalize_place`]); other text falls back
/// to strsim.
fn within_one_edit(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return strsim::damerau_levenshtein(a, b) <= 1;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a = a.get(..a.len() - suffix).unwrap_or(&[]);
    let b = b.get(..b.len() - suffix).unwrap_or(&[]);
    match (a, b) {
        ([], []) | ([_], [_]) | ([_], []) | ([], [_]) => true,
        ([a0, a1], [b0, b1]) => a0 == b1 && a1 == b0,
        _ => false,
    }
}

/// Lookup key: the folded place with spaces removed, so `MONTONGGADING` = `MONTONG GADING`.
///
/// Text that is already folded (as every part [`parse_address`] collects is) skips
/// [`normalize_place`]: the gazetteer is asked several times per address, and folding again
/// would tokenise and allocate each time for nothing.
fn lookup_key(raw: &str) -> String {
    if is_already_folded(raw) {
        return raw.chars().filter(|&c| c != ' ').collect();
    }
    lookup_key_folding(raw)
}

fn lookup_key_folding(raw: &str) -> String {
    let mut s = normalize_place(raw);
    s.retain(|c| c != ' ');
    s
}

/// True when [`normalize_place`] would return `raw` unchanged: upper-case ASCII words of letters
/// and digits separated by single spaces, none an abbreviation or glued label, not starting with
/// a marker word, and not a missing-value marker.
fn is_already_folded(raw: &str) -> bool {
    if raw.is_empty() {
        return false;
    }
    for (i, w) in raw.split(' ').enumerate() {
        if w.is_empty()
            || !w
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            || (i == 0 && is_place_marker(w))
            || w == "RTRW"
            || is_glued_labels(w)
            || expand(w).is_some_and(|e| e != [w])
        {
            return false;
        }
    }
    !is_missing(raw)
}

// ---------------------------------------------------------------------------------------------
// RT / RW
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Rt,
    Rw,
}

/// Assigns numbers to RT and RW in the order labels and numbers appear: labels queue up
/// (`RT/RW 002/005`), a bare second number after RT is the RW (`RT 02/01`), and unlabelled
/// numbers are RT then RW (`002/005`).
#[derive(Debug, Default)]
struct RtRw {
    rt: Option<u16>,
    rw: Option<u16>,
    pending: [Option<Slot>; 2],
    last: Option<Slot>,
}

impl RtRw {
    fn label(&mut self, s: Slot) {
        match self.pending {
            [None, _] => self.pending[0] = Some(s),
            [Some(_), None] => self.pending[1] = Some(s),
            _ => {}
        }
    }

    fn done(&self) -> bool {
        self.rt.is_some() && self.rw.is_some()
    }

    /// Takes a digit token. Returns false when both slots are already decided.
    fn number(&mut self, tok: &str) -> bool {
        let slot = if let Some(s) = self.pending[0].take() {
            self.pending[0] = self.pending[1].take();
            s
        } else if self.last == Some(Slot::Rt) && self.rw.is_none() {
            Slot::Rw
        } else if self.rt.is_none() && self.last.is_none() {
            Slot::Rt
        } else if self.rw.is_none() {
            Slot::Rw
        } else {
            return false;
        };
        // RT/RW are small numbers; 0 means "not given". Over-long digit runs are not RT/RW.
        let value = if tok.len() <= 4 {
            tok.parse::<u16>().ok().filter(|&v| v > 0)
        } else {
            None
        };
        match slot {
            Slot::Rt if self.rt.is_none() => self.rt = value,
            Slot::Rw if self.rw.is_none() => self.rw = value,
            _ => {}
        }
        self.last = Some(slot);
        true
    }
}

fn is_digits(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Reads an RT/RW cell: `RT 002/RW 005`, `RT.2 RW.5`, `002/005`, `RT 02/01`, `RT/RW: 2/5`.
/// A zero or missing value gives `None` for that part.
pub fn parse_rt_rw(raw: &str) -> (Option<u16>, Option<u16>) {
    let upper = ascii_upper(raw);
    let mut toks = Vec::new();
    tokenize(&upper, &mut toks);
    let mut st = RtRw::default();
    for t in &toks {
        match t.text {
            "RT" => st.label(Slot::Rt),
            "RW" => st.label(Slot::Rw),
            d if is_digits(d) && !st.number(d) => break,
            _ => {}
        }
        if st.done() {
            break;
        }
    }
    (st.rt, st.rw)
}

// ---------------------------------------------------------------------------------------------
// Gazetteer
// ---------------------------------------------------------------------------------------------

/// Known kecamatan (and optionally desa) of a regency, with spelling variants.
///
/// Names are matched on their [`normalize_place`] form with spaces removed, so abbreviations
/// (`LAB. HAJI`, `SAKRA BRT`) and joined spellings (`MONTONGGADING`) need no variant entry.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Regency the gazetteer describes (`LOMBOK TIMUR`), used to decide whether a known desa may
    /// fill in a missing kecamatan.
    regency: Option<String>,
    /// Canonical kecamatan names, folded.
    kecamatan: Vec<String>,
    kec_lookup: HashMap<String, usize, FnvBuild>,
    /// Canonical desa names with their kecamatan (`None` when the name exists in several).
    desa: Vec<(String, Option<usize>)>,
    desa_lookup: HashMap<String, usize, FnvBuild>,
    /// Kecamatan pairs that were one before a split: records older than the split may use either.
    compatible: Vec<(usize, usize)>,
}

/// The 21 kecamatan of Lombok Timur (domain.md §5.2 ✔).
const LOTIM_KECAMATAN: [&str; 21] = [
    "KERUAK",
    "JEROWARU",
    "SAKRA",
    "SAKRA BARAT",
    "SAKRA TIMUR",
    "TERARA",
    "MONTONG GADING",
    "SIKUR",
    "MASBAGIK",
    "PRINGGASELA",
    "SUKAMULIA",
    "SURALAGA",
    "SELONG",
    "LABUHAN HAJI",
    "PRINGGABAYA",
    "SUELA",
    "AIKMEL",
    "WANASABA",
    "SEMBALUN",
    "SAMBELIA",
    "LENEK",
];

/// Spelling variants not already covered by folding (○: seen in informal writing).
const LOTIM_KEC_VARIANTS: [(&str, &str); 3] = [
    ("SUKAMULYA", "SUKAMULIA"),
    ("SUWELA", "SUELA"),
    ("SEMBALOEN", "SEMBALUN"),
];

/// Well-known desa (○ general knowledge; domain.md §5.3), as (desa, kecamatan).
const LOTIM_DESA: [(&str, &str); 17] = [
    ("EKAS BUANA", "JEROWARU"),
    ("SEKAROH", "JEROWARU"),
    ("PEMONGKONG", "JEROWARU"),
    ("SEMBALUN LAWANG", "SEMBALUN"),
    ("SEMBALUN BUMBUNG", "SEMBALUN"),
    ("SEMBALUN TIMBA GADING", "SEMBALUN"),
    ("SAJANG", "SEMBALUN"),
    ("PANCOR", "SELONG"),
    ("TETEBATU", "SIKUR"),
    ("KEMBANG KUNING", "SIKUR"),
    ("KOTARAJA", "SIKUR"),
    ("TANJUNG LUAR", "KERUAK"),
    ("LENEK DAYA", "LENEK"),
    ("LENEK LAUQ", "LENEK"),
    ("LABUHAN LOMBOK", "PRINGGABAYA"),
    ("BELANTING", "SAMBELIA"),
    ("MASBAGIK UTARA", "MASBAGIK"),
];

const LOTIM_DESA_VARIANTS: [(&str, &str); 2] = [
    ("LENEK LAUK", "LENEK LAUQ"),
    ("TANJUNGLUAR", "TANJUNG LUAR"),
];

impl Gazetteer {
    /// Kabupaten Lombok Timur: its 21 kecamatan, a few variants, well-known desa, and LENEK ≈ AIKMEL.
    pub fn lombok_timur() -> Gazetteer {
        let mut g = Gazetteer {
            regency: Some("LOMBOK TIMUR".to_owned()),
            ..Gazetteer::default()
        };
        for k in LOTIM_KECAMATAN {
            g.add_kecamatan(k);
        }
        for (variant, canon) in LOTIM_KEC_VARIANTS {
            if let Some(i) = g.kec_index_exact(canon) {
                g.kec_lookup.insert(lookup_key(variant), i);
            }
        }
        for (desa, kec) in LOTIM_DESA {
            if let Some(i) = g.kec_index_exact(kec) {
                g.add_desa(desa, i);
            }
        }
        for (variant, canon) in LOTIM_DESA_VARIANTS {
            if let Some(&d) = g.desa_lookup.get(&lookup_key(canon)) {
                g.desa_lookup.insert(lookup_key(variant), d);
            }
        }
        // Lenek was split from Aikmel (Perda 9/2017, inaugurated April 2018): records made before
        // may say AIKMEL for a place now in LENEK. Sakra's 2000 split is too old to matter.
        if let (Some(a), Some(b)) = (g.kec_index_exact("LENEK"), g.kec_index_exact("AIKMEL")) {
            g.compatible.push((a, b));
        }
        g
    }

    /// Builds a gazetteer from CSV text.
    ///
    /// Format: columns `kecamatan,desa,variant_of`; a header row starting with `kecamatan` is
    /// optional, `#` starts a comment line, cells are trimmed, `desa` and `variant_of` may be
    /// omitted.
    /// * `SELONG` — a kecamatan.
    /// * `SELONG,PANCOR` — a kecamatan and one of its desa (repeat the kecamatan for each desa).
    /// * `MONTONG GDG,,MONTONG GADING` — a spelling variant of a kecamatan (desa cell empty).
    /// * `SELONG,PANCOR BARU,PANCOR` — a spelling variant of a desa of that kecamatan.
    ///
    /// Rows may come in any order; a variant naming an unknown kecamatan or desa is an error.
    pub fn from_csv_text(text: &str) -> anyhow::Result<Gazetteer> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut rows: Vec<(usize, [String; 3])> = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 1;
            let rec = rec.with_context(|| format!("reading gazetteer CSV record {line}"))?;
            let cell = |n: usize| rec.get(n).unwrap_or("").to_owned();
            let row = [cell(0), cell(1), cell(2)];
            if row.iter().all(String::is_empty) {
                continue;
            }
            if rows.is_empty() && row[0].eq_ignore_ascii_case("kecamatan") {
                continue;
            }
            rows.push((line, row));
        }
        let mut g = Gazetteer::default();
        for (line, [kec, desa, variant_of]) in &rows {
            if !variant_of.is_empty() {
                continue;
            }
            if lookup_key(kec).is_empty() {
                bail!("gazetteer CSV record {line}: empty kecamatan");
            }
            let k = g.add_kecamatan(kec);
            if !lookup_key(desa).is_empty() {
                g.add_desa(desa, k);
            }
        }
        for (line, [kec, desa, variant_of]) in &rows {
            if variant_of.is_empty() {
                continue;
            }
            if lookup_key(desa).is_empty() {
                let Some(k) = g.kec_index_exact(variant_of) else {
                    bail!(
                        "gazetteer CSV record {line}: {kec:?} is a variant of \
                         unknown kecamatan {variant_of:?}"
                    );
                };
                g.kec_lookup.insert(lookup_key(kec), k);
            } else {
                let Some(&d) = g.desa_lookup.get(&lookup_key(variant_of)) else {
                    bail!(
                        "gazetteer CSV record {line}: {desa:?} is a variant of \
                         unknown desa {variant_of:?}"
                    );
                };
                g.desa_lookup.insert(lookup_key(desa), d);
            }
        }
        if g.kecamatan.is_empty() {
            bail!("gazetteer CSV names no kecamatan");
        }
        Ok(g)
    }

    /// Declares two kecamatan compatible (one was split from the other), e.g. after
    /// [`Gazetteer::from_csv_text`]. Unknown names are an error.
    pub fn with_compatible(mut self, a: &str, b: &str) -> anyhow::Result<Gazetteer> {
        let (Some(x), Some(y)) = (self.kec_index_exact(a), self.kec_index_exact(b)) else {
            bail!("cannot mark {a:?} and {b:?} compatible: not both known kecamatan");
        };
        self.compatible.push((x, y));
        Ok(self)
    }

    fn add_kecamatan(&mut self, name: &str) -> usize {
        let key = lookup_key(name);
        if let Some(&i) = self.kec_lookup.get(&key) {
            return i;
        }
        let i = self.kecamatan.len();
        self.kecamatan.push(normalize_place(name));
        self.kec_lookup.insert(key, i);
        i
    }

    fn add_desa(&mut self, name: &str, kec: usize) {
        let key = lookup_key(name);
        if let Some(&d) = self.desa_lookup.get(&key) {
            // Same desa name in two kecamatan: the name alone no longer tells the kecamatan.
            if let Some(entry) = self.desa.get_mut(d) {
                if entry.1 != Some(kec) {
                    entry.1 = None;
                }
            }
            return;
        }
        self.desa_lookup.insert(key, self.desa.len());
        self.desa.push((normalize_place(name), Some(kec)));
    }

    fn kec_index_exact(&self, raw: &str) -> Option<usize> {
        self.kec_lookup.get(&lookup_key(raw)).copied()
    }

    fn kec_index(&self, raw: &str) -> Option<usize> {
        let key = lookup_key(raw);
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.kec_lookup.get(&key) {
            return Some(i);
        }
        // One typo away, from a single kecamatan only; short keys would match too much.
        if key.len() < 4 {
            return None;
        }
        let mut found: Option<usize> = None;
        for (k, &i) in &self.kec_lookup {
            if k.len().abs_diff(key.len()) > 1 || !within_one_edit(k, &key) {
                continue;
            }
            match found {
                Some(f) if f != i => return None,
                _ => found = Some(i),
            }
        }
        found
    }

    /// Canonical kecamatan for a raw name: exact after [`normalize_place`], a known variant, or
    /// an edit distance ≤ 1 to exactly one kecamatan. `None` when unknown or ambiguous.
    pub fn canonical_kecamatan(&self, raw: &str) -> Option<&str> {
        self.kec_index(raw)
            .and_then(|i| self.kecamatan.get(i))
            .map(String::as_str)
    }

    /// Canonical desa for a raw name (exact after folding, or a known variant; no fuzzy match:
    /// desa names are many and close to each other).
    pub fn canonical_desa(&self, raw: &str) -> Option<&str> {
        let d = *self.desa_lookup.get(&lookup_key(raw))?;
        self.desa.get(d).map(|(n, _)| n.as_str())
    }

    /// The kecamatan of a known desa, when the name belongs to only one.
    pub fn kecamatan_of_desa(&self, raw: &str) -> Option<&str> {
        let d = *self.desa_lookup.get(&lookup_key(raw))?;
        let k = self.desa.get(d)?.1?;
        self.kecamatan.get(k).map(String::as_str)
    }

    /// The canonical kecamatan names, in the order they were added.
    pub fn kecamatan_names(&self) -> impl Iterator<Item = &str> {
        self.kecamatan.iter().map(String::as_str)
    }

    /// True when two kecamatan values may name the same place: equal (after canonicalising, or
    /// folded when unknown), or a documented split pair such as LENEK / AIKMEL (Lenek split from
    /// Aikmel in 2018, so older records may carry either). False when either is empty: a missing
    /// value neither agrees nor conflicts, so callers should skip the comparison.
    pub fn kecamatan_compatible(&self, a: &str, b: &str) -> bool {
        match (self.kec_index(a), self.kec_index(b)) {
            (Some(x), Some(y)) => {
                x == y
                    || self
                        .compatible
                        .iter()
                        .any(|&(p, q)| (p, q) == (x, y) || (p, q) == (y, x))
            }
            (None, None) => {
                let (ka, kb) = (lookup_key(a), lookup_key(b));
                !ka.is_empty() && ka == kb
            }
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Free-text parsing
// ---------------------------------------------------------------------------------------------

/// Which part of the address the current tokens belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// Start of a segment, no marker seen yet.
    Unmarked,
    Street,
    Dusun,
    Desa,
    Kecamatan,
    Kabupaten,
    Province,
    /// A field that was already filled: later tokens are ignored (kept in `folded` only).
    Ignore,
}

/// Collects the words of each field.
#[derive(Default)]
struct Buffers {
    street: String,
    dusun: String,
    desa: String,
    kecamatan: String,
    kabupaten: String,
    province: String,
    /// Unmarked segments: (segment index, text).
    unmarked: Vec<(usize, String)>,
    /// Segment index where the kecamatan was written.
    kec_segment: Option<usize>,
}

impl Buffers {
    fn buf(&mut self, f: Field) -> Option<&mut String> {
        match f {
            Field::Street => Some(&mut self.street),
            Field::Dusun => Some(&mut self.dusun),
            Field::Desa => Some(&mut self.desa),
            Field::Kecamatan => Some(&mut self.kecamatan),
            Field::Kabupaten => Some(&mut self.kabupaten),
            Field::Province => Some(&mut self.province),
            Field::Unmarked | Field::Ignore => None,
        }
    }

    fn push(&mut self, f: Field, word: &str) {
        if let Some(b) = self.buf(f) {
            if !b.is_empty() {
                b.push(' ');
            }
            b.push_str(word);
        }
    }

    /// Opens `f` unless it already holds text (the first mention wins).
    fn open(&mut self, f: Field) -> Field {
        match self.buf(f) {
            Some(b) if b.is_empty() => f,
            Some(_) => Field::Ignore,
            None => f,
        }
    }
}

fn marker_field(t: &str) -> Option<Field> {
    Some(match t {
        "DUSUN" | "LINGKUNGAN" => Field::Dusun,
        "DESA" | "KELURAHAN" => Field::Desa,
        "KECAMATAN" => Field::Kecamatan,
        "KABUPATEN" => Field::Kabupaten,
        "PROVINSI" => Field::Province,
        _ => return None,
    })
}

/// Street words are kept as part of the street text.
fn is_street_word(t: &str) -> bool {
    matches!(
        t,
        "JALAN" | "GANG" | "PERUMAHAN" | "BTN" | "BLOK" | "KOMPLEK" | "KOMPLEKS"
    )
}

fn is_direction(t: &str) -> bool {
    matches!(t, "TIMUR" | "TENGAH" | "BARAT" | "UTARA")
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() || is_missing(&s) {
        None
    } else {
        Some(s)
    }
}

/// Splits a free-text address into parts, using `gazetteer` to recognise kecamatan and desa
/// written without a marker (`Desa Sembalun Lawang, Sembalun`) and to make names canonical.
///
/// Rules: a marker (`Dsn.`, `Ds.`, `Kel.`, `Kec.`, `Kab.`, `Prov.`, `Jl.`, `Gg.`, `RT`, `RW`, `No.`)
/// opens a field that runs to the next marker or comma; `LOMBOK TIMUR` (or `Lotim`, …) and
/// `NUSA TENGGARA BARAT` are recognised without a marker; a 5-digit number is the postcode.
/// An unmarked segment is a kecamatan or desa when the gazetteer knows it, the desa when it comes
/// just before the kecamatan segment (addresses run from small to large), the street when it is
/// the first segment; otherwise it stays in `folded` only.
pub fn parse_address(raw: &str, gazetteer: &Gazetteer) -> AddressParts {
    let upper = ascii_upper(raw);
    let mut toks = Vec::new();
    tokenize(&upper, &mut toks);
    let folded = join_tokens(toks.iter().map(|t| t.text));
    if is_missing(&folded) {
        return AddressParts::default();
    }

    let mut b = Buffers::default();
    let mut rtrw = RtRw::default();
    let mut postcode: Option<String> = None;
    let mut field = Field::Unmarked;
    let mut in_rtrw: Option<Field> = None; // field to return to after RT/RW numbers
    let mut segment = 0usize;
    let mut unmarked = String::new();
    let mut prev: &str = "";

    let flush_unmarked = |b: &mut Buffers, unmarked: &mut String, segment: usize| {
        if !unmarked.is_empty() {
            b.unmarked.push((segment, std::mem::take(unmarked)));
        }
    };

    let mut i = 0usize;
    while let Some(t) = toks.get(i).copied() {
        i += 1;
        if t.brk {
            flush_unmarked(&mut b, &mut unmarked, segment);
            segment += 1;
            field = Field::Unmarked;
            in_rtrw = None;
        }
        let w = t.text;
        let next = toks.get(i).map(|n| n.text).unwrap_or("");
        // RT / RW labels and their numbers.
        if w == "RT" || w == "RW" {
            rtrw.label(if w == "RT" { Slot::Rt } else { Slot::Rw });
            if in_rtrw.is_none() {
                in_rtrw = Some(field);
            }
            prev = w;
            continue;
        }
        if is_digits(w) {
            if in_rtrw.is_some() && w.len() <= 4 && !rtrw.done() && rtrw.number(w) {
                prev = w;
                continue;
            }
            // A bare `002/005` outside the street number.
            if in_rtrw.is_none()
                && rtrw.rt.is_none()
                && prev != "NO"
                && w.len() <= 3
                && toks
                    .get(i)
                    .is_some_and(|n| n.slash && is_digits(n.text) && n.text.len() <= 3)
                && field != Field::Street
            {
                rtrw.number(w);
                in_rtrw = Some(field);
                prev = w;
                continue;
            }
            if w.len() == 5 && postcode.is_none() && prev != "NO" && !w.starts_with('0') {
                postcode = Some(w.to_owned());
                prev = w;
                continue;
            }
        }
        if let Some(back) = in_rtrw.take() {
            field = back;
        }
        // Markers.
        if let Some(f) = marker_field(w) {
            flush_unmarked(&mut b, &mut unmarked, segment);
            field = b.open(f);
            if f == Field::Kecamatan {
                b.kec_segment = Some(segment);
            }
            prev = w;
            continue;
        }
        if w == "KOTA" && matches!(next, "MATARAM" | "BIMA") {
            flush_unmarked(&mut b, &mut unmarked, segment);
            field = b.open(Field::Kabupaten);
            b.push(field, w);
            prev = w;
            continue;
        }
        if w == "LOMBOK"
            && is_direction(next)
            && field != Field::Kabupaten
            && field != Field::Street
        {
            flush_unmarked(&mut b, &mut unmarked, segment);
            field = b.open(Field::Kabupaten);
        }
        if w == "NUSA" && next == "TENGGARA" && field != Field::Province && field != Field::Street {
            flush_unmarked(&mut b, &mut unmarked, segment);
            field = b.open(Field::Province);
        }
        if (is_street_word(w) || w == "NO") && field != Field::Street {
            flush_unmarked(&mut b, &mut unmarked, segment);
            // A house number continues the street already written; a second street is ignored.
            field = if w == "NO" && !b.street.is_empty() {
                Field::Street
            } else {
                b.open(Field::Street)
            };
        }
        if field == Field::Unmarked {
            if !unmarked.is_empty() {
                unmarked.push(' ');
            }
            unmarked.push_str(w);
        } else {
            b.push(field, w);
        }
        prev = w;
    }
    flush_unmarked(&mut b, &mut unmarked, segment);

    resolve_unmarked(&mut b, gazetteer);

    let mut parts = AddressParts {
        street: non_empty(std::mem::take(&mut b.street)),
        rt: rtrw.rt,
        rw: rtrw.rw,
        dusun: non_empty(std::mem::take(&mut b.dusun)),
        desa: non_empty(std::mem::take(&mut b.desa)),
        kecamatan: non_empty(std::mem::take(&mut b.kecamatan)),
        kabupaten: non_empty(std::mem::take(&mut b.kabupaten)),
        province: non_empty(std::mem::take(&mut b.province)),
        postcode,
        folded,
    };
    if let Some(k) = parts
        .kecamatan
        .as_deref()
        .and_then(|k| gazetteer.canonical_kecamatan(k))
    {
        parts.kecamatan = Some(k.to_owned());
    }
    if let Some(d) = parts
        .desa
        .as_deref()
        .and_then(|d| gazetteer.canonical_desa(d))
    {
        parts.desa = Some(d.to_owned());
    }
    let same_regency = match (&parts.kabupaten, &gazetteer.regency) {
        (None, _) => true,
        (Some(k), Some(r)) => k == r,
        (Some(_), None) => false,
    };
    if parts.kecamatan.is_none() && same_regency {
        if let Some(k) = parts
            .desa
            .as_deref()
            .and_then(|d| gazetteer.kecamatan_of_desa(d))
        {
            parts.kecamatan = Some(k.to_owned());
        }
    }
    parts
}

/// Assigns unmarked segments (see [`parse_address`]).
fn resolve_unmarked(b: &mut Buffers, g: &Gazetteer) {
    let mut rest: Vec<(usize, String)> = Vec::new();
    for (seg, text) in std::mem::take(&mut b.unmarked) {
        if b.kecamatan.is_empty() && g.canonical_kecamatan(&text).is_some() {
            b.kecamatan = text;
            b.kec_segment = Some(seg);
        } else if b.desa.is_empty() && g.canonical_desa(&text).is_some() {
            b.desa = text;
        } else {
            rest.push((seg, text));
        }
    }
    if b.desa.is_empty() {
        if let Some(k) = b.kec_segment.filter(|&k| k > 0) {
            if let Some(pos) = rest.iter().position(|(s, _)| *s + 1 == k) {
                let (_, text) = rest.swap_remove(pos);
                b.desa = text;
            }
        }
    }
    if b.street.is_empty() {
        if let Some(pos) = rest.iter().position(|(s, _)| *s == 0) {
            let (_, text) = rest.swap_remove(pos);
            b.street = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_key_fast_path_agrees_with_folding() {
        let cases = [
            "SELONG",
            "MONTONG GADING",
            "MONTONGGADING",
            "LAB HAJI",
            "LABUHAN HAJI",
            "SAKRA BRT",
            "KEC SELONG",
            "KECAMATAN SELONG",
            "DESA EKAS BUANA",
            "EKAS BUANA",
            "LOTIM",
            "NTB",
            "RT02RW01",
            "RTRW",
            "NO12",
            "JALAN RAYA",
            "JL RAYA",
            "0",
            "NIHIL",
            "TDK ADA",
            "",
            " SELONG",
            "SELONG ",
            "SELONG  TIMUR",
            "Selong",
            "SELONG, TIMUR",
            "SÉLONG",
            "83611",
            "LENEK LAUQ",
        ];
        for raw in cases {
            assert_eq!(lookup_key(raw), lookup_key_folding(raw), "{raw:?}");
        }
        assert!(is_already_folded("MONTONG GADING"));
        assert!(!is_already_folded("LAB HAJI"));
    }

    #[test]
    fn within_one_edit_agrees_with_damerau() {
        let cases = [
            ("SELONG", "SELONG", true),
            ("SELONG", "SELONK", true),
            ("SELONG", "SELOG", true),
            ("SELONG", "SELONGG", true),
            ("SELONG", "ESLONG", true),
            ("SELONG", "SELNOG", true),
            ("SELONG", "SLEONGX", false),
            ("SELONG", "SOLENG", false),
            ("AIKMEL", "LENEK", false),
            ("AB", "BA", true),
            ("ABA", "BAA", true),
            ("AA", "A", true),
            ("", "", true),
            ("", "A", true),
            ("", "AB", false),
            ("ABC", "CBA", false),
            ("SAKRABARAT", "SAKRATIMUR", false),
            ("SUKAMULIA", "SUKAMULYA", true),
            ("ÄB", "AB", true),
        ];
        for (a, b, expected) in cases {
            assert_eq!(within_one_edit(a, b), expected, "{a} {b}");
            assert_eq!(within_one_edit(b, a), expected, "{b} {a}");
            assert_eq!(
                strsim::damerau_levenshtein(a, b) <= 1,
                expected,
                "case {a} {b} disagrees with strsim"
            );
        }
    }

    /// Expected parts, `""` meaning `None`.
    struct Want {
        street: &'static str,
        rt: Option<u16>,
        rw: Option<u16>,
        dusun: &'static str,
        desa: &'static str,
        kec: &'static str,
        kab: &'static str,
        prov: &'static str,
        post: &'static str,
    }

    const W: Want = Want {
        street: "",
        rt: None,
        rw: None,
        dusun: "",
        desa: "",
        kec: "",
        kab: "",
        prov: "",
        post: "",
    };

    fn opt(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_owned())
    }

    #[test]
    fn parses_free_text_addresses() {
        let g = Gazetteer::lombok_timur();
        let cases: &[(&str, Want)] = &[
            (
                "Dsn. Sungkun, Ds. Ekas Buana, Kec. Jerowaru, Lotim",
                Want { dusun: "SUNGKUN", desa: "EKAS BUANA", kec: "JEROWARU", kab: "LOMBOK TIMUR", ..W },
            ),
            (
                "JL. TGH M. MUTAWALLI NO.12 RT.002/RW.001 KEL. PANCOR KEC. SELONG KAB. LOMBOK TIMUR",
                Want {
                    street: "JALAN TGH M MUTAWALLI NO 12",
                    rt: Some(2),
                    rw: Some(1),
                    desa: "PANCOR",
                    kec: "SELONG",
                    kab: "LOMBOK TIMUR",
                    ..W
                },
            ),
            ("Desa Sembalun Lawang, Sembalun", Want { desa: "SEMBALUN LAWANG", kec: "SEMBALUN", ..W }),
            ("Ds. Sembalun Lawang", Want { desa: "SEMBALUN LAWANG", kec: "SEMBALUN", ..W }),
            ("Ekas Buana, Jerowaru", Want { desa: "EKAS BUANA", kec: "JEROWARU", ..W }),
            ("Sungkun, Ekas, Jerowaru", Want { street: "SUNGKUN", desa: "EKAS", kec: "JEROWARU", ..W }),
            ("Tetebatu", Want { desa: "TETEBATU", kec: "SIKUR", ..W }),
            ("Kec. Montonggading", Want { kec: "MONTONG GADING", ..W }),
            ("Kec. Lab. Haji, Lotim 83664", Want { kec: "LABUHAN HAJI", kab: "LOMBOK TIMUR", post: "83664", ..W }),
            ("Kec. Sakra Brt.", Want { kec: "SAKRA BARAT", ..W }),
            ("KEC SAKRA TMR", Want { kec: "SAKRA TIMUR", ..W }),
            ("Kecamatan Masbagek", Want { kec: "MASBAGIK", ..W }),
            ("Kec. Atlantis", Want { kec: "ATLANTIS", ..W }),
            (
                "Dusun Lendang Bajur RT 02 RW 03 Desa Lenek Daya Kec. Lenek",
                Want { dusun: "LENDANG BAJUR", rt: Some(2), rw: Some(3), desa: "LENEK DAYA", kec: "LENEK", ..W },
            ),
            ("Ds. Lenek Lauk", Want { desa: "LENEK LAUQ", kec: "LENEK", ..W }),
            (
                "Gg. Melati No. 5, Kel. Pancor, Selong",
                Want { street: "GANG MELATI NO 5", desa: "PANCOR", kec: "SELONG", ..W },
            ),
            (
                "BTN Griya Pancor Blok C No 7, Selong, Lombok Timur, NTB 83611",
                Want {
                    street: "BTN GRIYA PANCOR BLOK C NO 7",
                    kec: "SELONG",
                    kab: "LOMBOK TIMUR",
                    prov: "NUSA TENGGARA BARAT",
                    post: "83611",
                    ..W
                },
            ),
            (
                "Perum. Selong Permai, Kec. Selong, Kab. Lotim, Prov. NTB",
                Want {
                    street: "PERUMAHAN SELONG PERMAI",
                    kec: "SELONG",
                    kab: "LOMBOK TIMUR",
                    prov: "NUSA TENGGARA BARAT",
                    ..W
                },
            ),
            (
                "Ling. Kampung Baru, Kel. Pancor",
                Want { dusun: "KAMPUNG BARU", desa: "PANCOR", kec: "SELONG", ..W },
            ),
            ("Gili Trawangan, KLU", Want { street: "GILI TRAWANGAN", kab: "LOMBOK UTARA", ..W }),
            (
                "Kuta Mandalika, Kec. Pujut, Loteng",
                Want { desa: "KUTA MANDALIKA", kec: "PUJUT", kab: "LOMBOK TENGAH", ..W },
            ),
            ("Senggigi, Lobar", Want { street: "SENGGIGI", kab: "LOMBOK BARAT", ..W }),
            (
                "Jl. Pejanggik No. 10, Kota Mataram",
                Want { street: "JALAN PEJANGGIK NO 10", kab: "KOTA MATARAM", ..W },
            ),
            ("Ds. Kotaraja, Kec. Sikur", Want { desa: "KOTARAJA", kec: "SIKUR", ..W }),
            ("Ds. Kota Raja", Want { desa: "KOTARAJA", kec: "SIKUR", ..W }),
            (
                "Dsn. Sungkun RT 002/005 Ds. Ekas Buana",
                Want { dusun: "SUNGKUN", rt: Some(2), rw: Some(5), desa: "EKAS BUANA", kec: "JEROWARU", ..W },
            ),
            (
                "Sungkun 002/005, Ekas Buana",
                Want {
                    street: "SUNGKUN",
                    rt: Some(2),
                    rw: Some(5),
                    desa: "EKAS BUANA",
                    kec: "JEROWARU",
                    ..W
                },
            ),
            ("Ds Tanjung Luar Kec Keruak", Want { desa: "TANJUNG LUAR", kec: "KERUAK", ..W }),
            (
                "Ds. Pancor, Kab. Lombok Barat",
                Want { desa: "PANCOR", kab: "LOMBOK BARAT", ..W },
            ),
            (
                "DSN.SUNGKUN,DS.EKAS BUANA,KEC.JEROWARU",
                Want { dusun: "SUNGKUN", desa: "EKAS BUANA", kec: "JEROWARU", ..W },
            ),
            ("Kec. Aikmel\nKab. Lombok Timur", Want { kec: "AIKMEL", kab: "LOMBOK TIMUR", ..W }),
            (
                "Desa Sembalun Bumbung, Kecamatan Sembalun, Kabupaten Lombok Timur, Provinsi Nusa Tenggara Barat",
                Want {
                    desa: "SEMBALUN BUMBUNG",
                    kec: "SEMBALUN",
                    kab: "LOMBOK TIMUR",
                    prov: "NUSA TENGGARA BARAT",
                    ..W
                },
            ),
            ("Jl. Raya Labuhan Lombok", Want { street: "JALAN RAYA LABUHAN LOMBOK", ..W }),
            ("Jl. Nusa Tenggara No. 3", Want { street: "JALAN NUSA TENGGARA NO 3", ..W }),
            ("Jl. Lombok Timur 4, Selong", Want { street: "JALAN LOMBOK TIMUR 4", kec: "SELONG", ..W }),
            ("Pancor", Want { desa: "PANCOR", kec: "SELONG", ..W }),
            ("SELONG", Want { kec: "SELONG", ..W }),
            ("Dsn Sungkun RT02RW03", Want { dusun: "SUNGKUN", rt: Some(2), rw: Some(3), ..W }),
            ("Ds. Belanting", Want { desa: "BELANTING", kec: "SAMBELIA", ..W }),
            ("RT.03 RW.04", Want { rt: Some(3), rw: Some(4), ..W }),
            ("Jl. Mawar No. 12/3", Want { street: "JALAN MAWAR NO 12 3", ..W }),
            ("-", W),
            ("", W),
            ("NIHIL", W),
        ];
        for (raw, want) in cases {
            let p = parse_address(raw, &g);
            let got = (
                p.street.clone(),
                p.rt,
                p.rw,
                p.dusun.clone(),
                p.desa.clone(),
                p.kecamatan.clone(),
                p.kabupaten.clone(),
                p.province.clone(),
                p.postcode.clone(),
            );
            let exp = (
                opt(want.street),
                want.rt,
                want.rw,
                opt(want.dusun),
                opt(want.desa),
                opt(want.kec),
                opt(want.kab),
                opt(want.prov),
                opt(want.post),
            );
            assert_eq!(got, exp, "input {raw:?} → {p:?}");
        }
    }

    #[test]
    fn folded_address() {
        let g = Gazetteer::lombok_timur();
        let cases: &[(&str, &str)] = &[
            (
                "Dsn. Sungkun, Ds. Ekas Buana, Kec. Jerowaru, Lotim",
                "DUSUN SUNGKUN DESA EKAS BUANA KECAMATAN JEROWARU LOMBOK TIMUR",
            ),
            (
                "JL. TGH M. MUTAWALLI NO.12 RT.002/RW.001",
                "JALAN TGH M MUTAWALLI NO 12 RT 002 RW 001",
            ),
            ("jln  melati   gg. 3", "JALAN MELATI GANG 3"),
            ("Kec. Sakra Brt.", "KECAMATAN SAKRA BARAT"),
            ("Müllerstraße 5", "MULLERSTRASSE 5"),
            ("-", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_address(raw, &g).folded, *want, "input {raw:?}");
        }
    }

    #[test]
    fn normalize_place_cases() {
        let cases: &[(&str, &str)] = &[
            ("KEC. SAKRA BRT.", "SAKRA BARAT"),
            ("Kec. Sakra Tmr", "SAKRA TIMUR"),
            ("Lab. Haji", "LABUHAN HAJI"),
            ("LAB HAJI", "LABUHAN HAJI"),
            ("Kecamatan Montong Gading", "MONTONG GADING"),
            ("MONTONGGADING", "MONTONGGADING"),
            ("Ds. Ekas Buana", "EKAS BUANA"),
            ("Desa Ekas-Buana", "EKAS BUANA"),
            ("Kel. Pancor", "PANCOR"),
            ("Kab. Lotim", "LOMBOK TIMUR"),
            ("Kabupaten Lombok Timur", "LOMBOK TIMUR"),
            ("  selong  ", "SELONG"),
            ("Kota Mataram", "KOTA MATARAM"),
            ("Dsn. Sungkun", "SUNGKUN"),
            ("Prov. NTB", "NUSA TENGGARA BARAT"),
            ("KEC.", ""),
            ("-", ""),
            ("NIHIL", ""),
            ("", ""),
            ("\0\0", ""),
            ("Désa Sèmbalun", "SEMBALUN"),
            ("Sembalun\u{a0}Lawang", "SEMBALUN LAWANG"),
        ];
        for (raw, want) in cases {
            let got = normalize_place(raw);
            assert_eq!(got, *want, "input {raw:?}");
            assert_eq!(normalize_place(&got), got, "idempotence for {raw:?}");
        }
    }

    #[test]
    fn rt_rw_cases() {
        type RtRwPair = (Option<u16>, Option<u16>);
        let cases: &[(&str, RtRwPair)] = &[
            ("RT 002/RW 005", (Some(2), Some(5))),
            ("RT.2 RW.5", (Some(2), Some(5))),
            ("002/005", (Some(2), Some(5))),
            ("RT 02/01", (Some(2), Some(1))),
            ("RT.002/RW.001", (Some(2), Some(1))),
            ("RT/RW 002/005", (Some(2), Some(5))),
            ("RT/RW: 3/4", (Some(3), Some(4))),
            ("RW 05 RT 02", (Some(2), Some(5))),
            ("RW 05", (None, Some(5))),
            ("RT 3", (Some(3), None)),
            ("rt02rw03", (Some(2), Some(3))),
            ("RT002 RW003", (Some(2), Some(3))),
            ("2/5", (Some(2), Some(5))),
            ("02 / 05", (Some(2), Some(5))),
            ("000/000", (None, None)),
            ("RT 000/RW 003", (None, Some(3))),
            ("-", (None, None)),
            ("", (None, None)),
            ("RW.2/RT.7", (Some(7), Some(2))),
            ("RT 99999999/RW 1", (None, Some(1))),
            ("1/2/3", (Some(1), Some(2))),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_rt_rw(raw), *want, "input {raw:?}");
        }
    }

    #[test]
    fn kecamatan_variants() {
        let g = Gazetteer::lombok_timur();
        let cases: &[(&str, Option<&str>)] = &[
            ("Keruak", Some("KERUAK")),
            ("Jerowaru", Some("JEROWARU")),
            ("SAKRA", Some("SAKRA")),
            ("Sakra Barat", Some("SAKRA BARAT")),
            ("SAKRA BRT", Some("SAKRA BARAT")),
            ("sakra brt.", Some("SAKRA BARAT")),
            ("SAKRA TMR", Some("SAKRA TIMUR")),
            ("SAKRABARAT", Some("SAKRA BARAT")),
            ("Terara", Some("TERARA")),
            ("MONTONGGADING", Some("MONTONG GADING")),
            ("Montong Gading", Some("MONTONG GADING")),
            ("Sikur", Some("SIKUR")),
            ("Masbagik", Some("MASBAGIK")),
            ("MASBAGEK", Some("MASBAGIK")),
            ("Pringgasela", Some("PRINGGASELA")),
            ("Pringga Sela", Some("PRINGGASELA")),
            ("Sukamulia", Some("SUKAMULIA")),
            ("Sukamulya", Some("SUKAMULIA")),
            ("Suralaga", Some("SURALAGA")),
            ("Selong", Some("SELONG")),
            ("KEC. SELONG", Some("SELONG")),
            ("LAB. HAJI", Some("LABUHAN HAJI")),
            ("Labuhanhaji", Some("LABUHAN HAJI")),
            ("Pringgabaya", Some("PRINGGABAYA")),
            ("Suela", Some("SUELA")),
            ("Suwela", Some("SUELA")),
            ("Aikmel", Some("AIKMEL")),
            ("AIKMAL", Some("AIKMEL")),
            ("Wanasaba", Some("WANASABA")),
            ("Sembalun", Some("SEMBALUN")),
            ("SEMBALUM", Some("SEMBALUN")),
            ("Sambelia", Some("SAMBELIA")),
            ("SAMBELIE", Some("SAMBELIA")),
            ("Lenek", Some("LENEK")),
            ("KRUAK", Some("KERUAK")),
            ("Jerowaur", Some("JEROWARU")),
            ("Pujut", None),
            ("Mataram", None),
            ("", None),
            ("-", None),
            ("SAK", None),
            ("Sakra Selatan", None),
        ];
        for (raw, want) in cases {
            assert_eq!(g.canonical_kecamatan(raw), *want, "input {raw:?}");
        }
        assert_eq!(g.kecamatan_names().count(), 21);
    }

    #[test]
    fn kecamatan_compatibility() {
        let g = Gazetteer::lombok_timur();
        let cases: &[(&str, &str, bool)] = &[
            ("Selong", "SELONG", true),
            ("Lenek", "Aikmel", true),
            ("AIKMEL", "LENEK", true),
            ("Kec. Lenek", "aikmel", true),
            ("Sakra", "Sakra Barat", false),
            ("Selong", "Sikur", false),
            ("MONTONGGADING", "Montong Gading", true),
            ("Pujut", "Pujut", true),
            ("Pujut", "Praya", false),
            ("Pujut", "Selong", false),
            ("", "", false),
            ("-", "Selong", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(g.kecamatan_compatible(a, b), *want, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn desa_lookup() {
        let g = Gazetteer::lombok_timur();
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Ekas Buana", Some("EKAS BUANA"), Some("JEROWARU")),
            ("Ds. Tetebatu", Some("TETEBATU"), Some("SIKUR")),
            ("Lenek Lauk", Some("LENEK LAUQ"), Some("LENEK")),
            ("TanjungLuar", Some("TANJUNG LUAR"), Some("KERUAK")),
            ("Kel. Pancor", Some("PANCOR"), Some("SELONG")),
            ("Kuta", None, None),
            ("", None, None),
        ];
        for (raw, desa, kec) in cases {
            assert_eq!(g.canonical_desa(raw), *desa, "desa {raw:?}");
            assert_eq!(g.kecamatan_of_desa(raw), *kec, "kecamatan of {raw:?}");
        }
    }

    #[test]
    fn gazetteer_from_csv() {
        let text = "kecamatan,desa,variant_of\n\
                    # Lombok Tengah, partial\n\
                    Pujut,Kuta\n\
                    Pujut,Sengkol\n\
                    Praya\n\
                    Praya Barat,Selong Belanak\n\
                    \n\
                    PUJUD,,Pujut\n\
                    Pujut,Kute,Kuta\n\
                    Batukliang,Kuta\n";
        let g = match Gazetteer::from_csv_text(text) {
            Ok(g) => g,
            Err(e) => panic!("valid CSV rejected: {e:#}"),
        };
        let kec_cases: &[(&str, Option<&str>)] = &[
            ("Pujut", Some("PUJUT")),
            ("PUJUD", Some("PUJUT")),
            ("Praya", Some("PRAYA")),
            ("Praya Brt", Some("PRAYA BARAT")),
            ("Batukliang", Some("BATUKLIANG")),
            ("Selong", None),
        ];
        for (raw, want) in kec_cases {
            assert_eq!(g.canonical_kecamatan(raw), *want, "kecamatan {raw:?}");
        }
        let desa_cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Sengkol", Some("SENGKOL"), Some("PUJUT")),
            ("Kute", Some("KUTA"), None),
            ("Kuta", Some("KUTA"), None),
            (
                "Selong Belanak",
                Some("SELONG BELANAK"),
                Some("PRAYA BARAT"),
            ),
        ];
        for (raw, desa, kec) in desa_cases {
            assert_eq!(g.canonical_desa(raw), *desa, "desa {raw:?}");
            assert_eq!(g.kecamatan_of_desa(raw), *kec, "kecamatan of {raw:?}");
        }
        assert_eq!(g.kecamatan_names().count(), 4);
        assert!(!g.kecamatan_compatible("Pujut", "Praya"));
        let g = match g.with_compatible("Pujut", "Praya") {
            Ok(g) => g,
            Err(e) => panic!("known names rejected: {e:#}"),
        };
        assert!(g.kecamatan_compatible("Praya", "pujut"));
        // Parsing with a CSV gazetteer: no regency, so a desa fills the kecamatan only when
        // the address names no kabupaten.
        let p = parse_address("Ds. Sengkol", &g);
        assert_eq!(p.kecamatan.as_deref(), Some("PUJUT"));
        let p = parse_address("Ds. Sengkol, Lombok Tengah", &g);
        assert_eq!(p.kecamatan, None);
    }

    #[test]
    fn gazetteer_csv_errors() {
        let cases: &[(&str, &str)] = &[
            ("", "no kecamatan"),
            ("kecamatan,desa\n", "no kecamatan"),
            ("# only a comment\n", "no kecamatan"),
            ("Pujut\nPUJUD,,Pujot\n", "unknown kecamatan"),
            ("Pujut,Kuta\nPujut,Kute,Kota\n", "unknown desa"),
            (",Kuta\n", "empty kecamatan"),
        ];
        for (text, want) in cases {
            match Gazetteer::from_csv_text(text) {
                Ok(_) => panic!("CSV {text:?} accepted"),
                Err(e) => assert!(format!("{e:#}").contains(want), "CSV {text:?}: {e:#}"),
            }
        }
        assert!(Gazetteer::lombok_timur()
            .with_compatible("Selong", "Atlantis")
            .is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let g = Gazetteer::lombok_timur();
        let huge = "Dsn. Sungkun, RT 1/2 ".repeat(5_000);
        let odd = [
            "\0",
            "////",
            ",,,,",
            "RT",
            "RW RW RW 1",
            "NO",
            "KEC",
            "LOMBOK",
            "NUSA",
            "KOTA",
            "🙂",
            "Ω≈ç√",
            "99999999999999999999",
            "RT 1 RW 2 RT 3 RW 4",
            "\u{202e}Selong",
            "83611 83612",
        ];
        for raw in odd.iter().copied().chain(std::iter::once(huge.as_str())) {
            let p = parse_address(raw, &g);
            assert_eq!(
                normalize_place(&p.folded),
                normalize_place(&normalize_place(&p.folded))
            );
            let _ = parse_rt_rw(raw);
            let _ = g.canonical_kecamatan(raw);
        }
    }
}
