//! The permit-group table (domain.md §2.4), in one place: which stay-permit indexes allow work.
//!
//! [`PermitGroup`] is what the permit and presence rules ask about; [`permit_group`] reads it from
//! a record's normalised permit index (`E23`, `C312`, `B211A`, …) or, when the index is missing,
//! from the permit type (`ITK` is a visit permit).

/// What a stay permit allows, as far as the conflict rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PermitGroup {
    /// Work permits: C311, C312, E23*.
    Work,
    /// Investors: C313, C314, E28*. Not a work permit, but not reported as misuse either.
    Investor,
    /// Visit and visa-on-arrival permits, students, family, retirement, second home.
    NonWork,
}

/// Prefixes of the permit index, longest first within a family. The table is the single source
/// of truth for every rule that needs a permit's group.
const INDEX_GROUPS: &[(&str, PermitGroup)] = &[
    ("C311", PermitGroup::Work),
    ("C312", PermitGroup::Work),
    ("E23", PermitGroup::Work),
    ("C313", PermitGroup::Investor),
    ("C314", PermitGroup::Investor),
    ("E28", PermitGroup::Investor),
    // Visits and visas on arrival.
    ("B211", PermitGroup::NonWork),
    ("B213", PermitGroup::NonWork),
    ("D212", PermitGroup::NonWork),
    ("VOA", PermitGroup::NonWork),
    ("ITK", PermitGroup::NonWork),
    ("C1", PermitGroup::NonWork),
    ("D1", PermitGroup::NonWork),
    ("B1", PermitGroup::NonWork),
    // Student, family, retirement, second home.
    ("C316", PermitGroup::NonWork),
    ("C317", PermitGroup::NonWork),
    ("E31", PermitGroup::NonWork),
    ("C319", PermitGroup::NonWork),
    ("319", PermitGroup::NonWork),
    ("E33", PermitGroup::NonWork),
];

/// The group of a permit index such as `E23`, `c312`, `B211A` or `E33F`; `None` when unknown.
pub fn index_group(index: &str) -> Option<PermitGroup> {
    let compact: String = index
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        return None;
    }
    INDEX_GROUPS
        .iter()
        .find(|(prefix, _)| compact.starts_with(prefix))
        .map(|&(_, g)| g)
}

/// The group of a permit from its index, else its type (`ITK`, `VOA`, `KUNJUNGAN` are visits).
pub fn permit_group(index: Option<&str>, permit_type: Option<&str>) -> Option<PermitGroup> {
    if let Some(g) = index.and_then(index_group) {
        return Some(g);
    }
    let t = permit_type?.to_ascii_uppercase();
    if t.contains("ITK") || t.contains("VOA") || t.contains("KUNJUNGAN") || t.contains("VISIT") {
        Some(PermitGroup::NonWork)
    } else {
        None
    }
}

/// The canonical stay-permit kind of a type cell: `ITAS` (also `KITAS`), `ITAP` (`KITAP`) or
/// `ITK`; other text is returned folded, so that two unknown spellings still compare.
pub fn permit_kind(permit_type: &str) -> String {
    let t: String = permit_type
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if t.contains("ITAP") {
        "ITAP".into()
    } else if t.contains("ITAS") {
        "ITAS".into()
    } else if t.contains("ITK") {
        "ITK".into()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_groups() {
        let cases = [
            ("E23", Some(PermitGroup::Work)),
            ("e23b", Some(PermitGroup::Work)),
            ("C312", Some(PermitGroup::Work)),
            ("C 311", Some(PermitGroup::Work)),
            ("C313", Some(PermitGroup::Investor)),
            ("E28A", Some(PermitGroup::Investor)),
            ("C314", Some(PermitGroup::Investor)),
            ("B211A", Some(PermitGroup::NonWork)),
            ("D212", Some(PermitGroup::NonWork)),
            ("VOA", Some(PermitGroup::NonWork)),
            ("C316", Some(PermitGroup::NonWork)),
            ("C317", Some(PermitGroup::NonWork)),
            ("E31A", Some(PermitGroup::NonWork)),
            ("C319", Some(PermitGroup::NonWork)),
            ("319", Some(PermitGroup::NonWork)),
            ("E33F", Some(PermitGroup::NonWork)),
            ("E33G", Some(PermitGroup::NonWork)),
            ("E32A", None),
            ("", None),
            ("-", None),
            ("ÉÉ", None),
        ];
        for (index, want) in cases {
            assert_eq!(index_group(index), want, "{index}");
        }
    }

    #[test]
    fn type_fallback_and_kinds() {
        assert_eq!(permit_group(None, Some("ITK")), Some(PermitGroup::NonWork));
        assert_eq!(
            permit_group(Some("E23"), Some("ITK")),
            Some(PermitGroup::Work)
        );
        assert_eq!(permit_group(None, Some("ITAS")), None);
        assert_eq!(permit_group(None, None), None);
        let kinds = [
            ("KITAS", "ITAS"),
            ("itas", "ITAS"),
            ("K I T A P", "ITAP"),
            ("ITAP", "ITAP"),
            ("ITK", "ITK"),
            ("other", "OTHER"),
            ("", ""),
        ];
        for (raw, want) in kinds {
            assert_eq!(permit_kind(raw), want, "{raw}");
        }
    }
}
