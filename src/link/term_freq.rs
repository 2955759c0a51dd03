//! Term-frequency adjustment (as in Splink) for exact-match levels on skewed fields.
//!
//! Two records agreeing exactly on `WANG` or `MUHAMMAD` is weak evidence; agreeing on
//! `ZWENGEL` is strong. The model's u for "exact" is an average over all values; the
//! adjustment replaces it by the frequency of the value actually shared:
//!
//! ```text
//! TermFrequencies::from_values(all values of the field)   value → count, total
//! frequency(v)  = count(v) / total
//! adjustment(v, u_exact) = log2(u_exact / max(frequency(v), floor))   clamped to ±cap bits
//! ```
//!
//! The adjustment (in bits) is *added* to the comparison's weight for that pair: positive for
//! values rarer than average, negative for common ones. Only apply it when the pair is at the
//! exact-match level of that comparison.
//!
//! * **Floor**: frequencies below `max(floor, 1/total)` are raised to it. A value seen once in a
//!   huge file (often a typo) would otherwise earn an enormous bonus; and a value never seen
//!   cannot be rarer than "seen once". Default floor: [`DEFAULT_TF_FLOOR`].
//! * **Cap**: the adjustment is clamped to `[-cap, +cap]` bits (default [`DEFAULT_TF_CAP_BITS`]),
//!   so a term-frequency table built on a small or odd file can never dominate the identifiers.
//!
//! Main type: [`TermFrequencies`]. Values are counted as given: the caller passes normalised
//! keys (e.g. the name-token key), and empty strings are skipped as missing.

use std::collections::HashMap;

/// Default lowest frequency used in the adjustment (1 in a million values).
pub const DEFAULT_TF_FLOOR: f64 = 1e-6;

/// Default largest absolute adjustment, in bits (a factor of 1024 either way).
pub const DEFAULT_TF_CAP_BITS: f64 = 10.0;

/// Value counts of one field, for term-frequency adjustments.
#[derive(Debug, Clone, PartialEq)]
pub struct TermFrequencies {
    /// Each distinct value stored once (boxed, no spare capacity); looked up by `&str`.
    counts: HashMap<Box<str>, u64>,
    total: u64,
    floor: f64,
    cap_bits: f64,
}

impl Default for TermFrequencies {
    fn default() -> Self {
        TermFrequencies {
            counts: HashMap::new(),
            total: 0,
            floor: DEFAULT_TF_FLOOR,
            cap_bits: DEFAULT_TF_CAP_BITS,
        }
    }
}

impl TermFrequencies {
    /// Count the values (empty strings are skipped as missing values). Allocates once per
    /// distinct value, not per value.
    pub fn from_values<'a, I>(values: I) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut tf = TermFrequencies::default();
        for v in values {
            tf.add(v);
        }
        tf
    }

    /// Count one more value.
    pub fn add(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        match self.counts.get_mut(value) {
            Some(c) => *c = c.saturating_add(1),
            None => {
                self.counts.insert(Box::from(value), 1);
            }
        }
        self.total = self.total.saturating_add(1);
    }

    /// Set the frequency floor (non-finite or non-positive values are ignored).
    pub fn with_floor(mut self, floor: f64) -> Self {
        if floor.is_finite() && floor > 0.0 {
            self.floor = floor.min(1.0);
        }
        self
    }

    /// Set the cap in bits (non-finite or negative values are ignored).
    pub fn with_cap_bits(mut self, cap_bits: f64) -> Self {
        if cap_bits.is_finite() && cap_bits >= 0.0 {
            self.cap_bits = cap_bits;
        }
        self
    }

    /// Number of (non-empty) values counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of distinct values.
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// How many times `value` was seen.
    pub fn count(&self, value: &str) -> u64 {
        self.counts.get(value).copied().unwrap_or(0)
    }

    /// Share of the values equal to `value` (0 for unseen values or an empty table).
    pub fn frequency(&self, value: &str) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        self.count(value) as f64 / self.total as f64
    }

    /// The floor actually applied: `max(floor, 1/total)`.
    pub fn effective_floor(&self) -> f64 {
        if self.total == 0 {
            return self.floor;
        }
        self.floor.max(1.0 / self.total as f64)
    }

    /// Term-frequency adjustment in bits for an exact match on `value`:
    /// `log2(u_exact / max(frequency(value), effective_floor))`, clamped to ±cap.
    /// Returns 0 (no adjustment) for an empty table, an empty value, or a u_exact that is not
    /// a probability in (0, 1].
    pub fn adjustment(&self, value: &str, u_exact: f64) -> f64 {
        if self.total == 0 || value.is_empty() || !(u_exact > 0.0 && u_exact <= 1.0) {
            return 0.0;
        }
        let f = self.frequency(value).max(self.effective_floor());
        let bits = (u_exact / f).log2();
        if bits.is_finite() {
            bits.clamp(-self.cap_bits, self.cap_bits)
        } else {
            0.0
        }
    }

    /// The `n` most common values with their counts, most common first (ties by value), for
    /// reports on skewed fields.
    pub fn most_common(&self, n: usize) -> Vec<(&str, u64)> {
        let mut rows: Vec<(&str, u64)> = self.counts.iter().map(|(k, c)| (&**k, *c)).collect();
        rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        rows.truncate(n);
        rows
    }

    /// u for the exact-match level implied by this table: the probability that two random
    /// values agree, Σ f(v)². Useful as the `u_exact` of a field that has no u estimate.
    pub fn u_exact(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let t = self.total as f64;
        let mut rows: Vec<u64> = self.counts.values().copied().collect();
        rows.sort_unstable(); // fixed summation order: the result does not depend on hashing
        rows.iter().map(|c| (*c as f64 / t).powi(2)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1000 surnames: WANG 200, MUHAMMAD 100, SMITH 50, 650 others each seen once.
    fn names() -> Vec<String> {
        let mut v = Vec::new();
        v.extend(std::iter::repeat_n("WANG".to_string(), 200));
        v.extend(std::iter::repeat_n("MUHAMMAD".to_string(), 100));
        v.extend(std::iter::repeat_n("SMITH".to_string(), 50));
        v.extend((0..650).map(|i| format!("RARE{i}")));
        v
    }

    fn table() -> TermFrequencies {
        let n = names();
        TermFrequencies::from_values(n.iter().map(String::as_str))
    }

    #[test]
    fn counts_and_frequencies() {
        let tf = table();
        assert_eq!(tf.total(), 1000);
        assert_eq!(tf.distinct(), 653);
        let cases = [
            ("WANG", 200, 0.2),
            ("MUHAMMAD", 100, 0.1),
            ("SMITH", 50, 0.05),
            ("RARE7", 1, 0.001),
            ("NEVER", 0, 0.0),
            ("", 0, 0.0),
            ("wang", 0, 0.0), // values are taken as given (already normalised)
        ];
        for (v, count, freq) in cases {
            assert_eq!(tf.count(v), count, "{v}");
            assert!((tf.frequency(v) - freq).abs() < 1e-12, "{v}");
        }
        assert_eq!(tf.most_common(2), vec![("WANG", 200), ("MUHAMMAD", 100)]);
        let skipped = TermFrequencies::from_values(["", "A", "", "A"]);
        assert_eq!((skipped.total(), skipped.count("A")), (2, 2));
    }

    #[test]
    fn adjustment_sign_and_magnitude() {
        let tf = table();
        let u_exact = 0.01;
        let cases = [
            // common values: negative
            ("WANG", (0.01f64 / 0.2).log2()),     // ≈ -4.32 bits
            ("MUHAMMAD", (0.01f64 / 0.1).log2()), // ≈ -3.32
            ("SMITH", (0.01f64 / 0.05).log2()),   // ≈ -2.32
            // rare value: positive
            ("RARE3", (0.01f64 / 0.001).log2()), // ≈ +3.32
            // unseen: floored at 1/total
            ("NEVER", (0.01f64 / 0.001).log2()),
        ];
        for (v, expected) in cases {
            let got = tf.adjustment(v, u_exact);
            assert!((got - expected).abs() < 1e-9, "{v}: {got} vs {expected}");
        }
        assert!(tf.adjustment("WANG", u_exact) < 0.0);
        assert!(tf.adjustment("RARE1", u_exact) > 0.0);
        assert!(tf.adjustment("WANG", u_exact) < tf.adjustment("SMITH", u_exact));
        // a value exactly at the average frequency gets no adjustment
        assert!(tf.adjustment("SMITH", 0.05).abs() < 1e-12);
    }

    #[test]
    fn floor_and_cap() {
        // Large table: one value seen once in 10 million would be +23 bits without floor/cap.
        let mut tf = TermFrequencies::default();
        tf.add("ONCE");
        tf.total = 10_000_000; // simulate a large file without building it
        let u = 0.01;
        let floored = (u / DEFAULT_TF_FLOOR).log2(); // ≈ 13.3 bits → capped at 10
        assert!(floored > DEFAULT_TF_CAP_BITS);
        assert_eq!(tf.adjustment("ONCE", u), DEFAULT_TF_CAP_BITS);
        let uncapped = tf.clone().with_cap_bits(100.0);
        assert!((uncapped.adjustment("ONCE", u) - floored).abs() < 1e-9);
        let high_floor = tf.clone().with_floor(0.001);
        assert!((high_floor.adjustment("ONCE", u) - (u / 0.001f64).log2()).abs() < 1e-9);
        // negative side capped as well
        let common = TermFrequencies::from_values(["A"; 10]).with_cap_bits(3.0);
        assert_eq!(common.adjustment("A", 1e-6), -3.0);
        // invalid settings are ignored
        let same = table().with_floor(f64::NAN).with_cap_bits(-1.0);
        assert_eq!(same.effective_floor(), 0.001);
        assert_eq!(same.adjustment("RARE1", 1.0), (1.0f64 / 0.001).log2());
    }

    #[test]
    fn degenerate_inputs_give_no_adjustment() {
        let empty = TermFrequencies::from_values(std::iter::empty());
        let tf = table();
        let cases: [(&TermFrequencies, &str, f64); 7] = [
            (&empty, "WANG", 0.01),
            (&tf, "", 0.01),
            (&tf, "WANG", 0.0),
            (&tf, "WANG", -0.5),
            (&tf, "WANG", 1.5),
            (&tf, "WANG", f64::NAN),
            (&tf, "WANG", f64::INFINITY),
        ];
        for (t, v, u) in cases {
            assert_eq!(t.adjustment(v, u), 0.0, "{v} {u}");
        }
        assert_eq!(empty.frequency("X"), 0.0);
        assert_eq!(empty.u_exact(), 0.0);
        // odd strings are just keys
        let odd = TermFrequencies::from_values(["\0", "名字", "\u{200B}", "\0"]);
        assert_eq!(odd.count("\0"), 2);
        assert!(odd.adjustment("名字", 0.3) > 0.0);
    }

    #[test]
    fn u_exact_is_sum_of_squared_frequencies() {
        let tf = table();
        let expected = 0.2f64.powi(2) + 0.1f64.powi(2) + 0.05f64.powi(2) + 650.0 * 0.001f64.powi(2);
        assert!((tf.u_exact() - expected).abs() < 1e-12);
        // Against the table's own average, common values lose and rare values gain.
        let u = tf.u_exact();
        assert!(tf.adjustment("WANG", u) < 0.0 && tf.adjustment("RARE0", u) > 0.0);
    }
}
