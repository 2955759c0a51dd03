//! Clustering records into persons from scored pairs, guarded against chaining.
//!
//! ```text
//! [ScoredEdge] ──filter (p ≥ threshold) ──sort (p desc, a, b)──▶ greedy merge (Kruskal order)
//!      │                                                           │  refuse: size guard, cannot-link
//!      └──────────────────────────────────────────────────────────▶ Clustering { person_of, flags, largest }
//! ```
//!
//! Plain "threshold + connected components" fails at scale: many different people share a name,
//! a birth year and a kecamatan, and a few borderline pairs chain them into one giant cluster.
//! Here edges are processed strongest first, as in Kruskal's maximum-spanning-forest algorithm
//! (single linkage), and a merge is **refused** when
//!
//! * the merged person would exceed `max_cluster_size` records, unless the edge is a strong
//!   identifier (same passport/NIK) and `strong_id_overrides_size_guard` is set; or
//! * the optional cannot-link hook says two records of the two clusters must stay apart
//!   (e.g. two rows of one agency file with different passports).
//!
//! Because the strongest edges are merged first, the tight groups inside an oversized component
//! form first and the weaker links between them are the ones refused: the component is cut
//! between its strongly linked parts, not inside them, and the cut is reported
//! ([`ClusterFlag::SplitOversized`]). Persons held together by one borderline edge are reported
//! too ([`ClusterFlag::WeakLink`]).
//!
//! Output is deterministic and independent of edge order: edges are sorted by a total order
//! (probability desc, a, b, strong first, weight desc) and person ids are dense, numbered by the
//! smallest record index of each person.
//!
//! Main types: [`ScoredEdge`], [`ClusterOptions`], [`Clustering`], [`ClusterFlag`].

use std::cmp::Ordering;
use std::collections::VecDeque;

/// A scored candidate pair between records `a` and `b` (record indices, any order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredEdge {
    pub a: u32,
    pub b: u32,
    pub probability: f64,
    pub weight: f64,
    /// The pair shares a strong identifier (same passport / NIK).
    pub strong_id: bool,
}

/// Clustering settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterOptions {
    /// Edges with `probability >= threshold` link records (exactly at the threshold counts).
    /// Default 0.9.
    pub threshold: f64,
    /// Size guard: a merge that would create a person with more records is refused.
    /// Default 50; `usize::MAX` disables the guard.
    pub max_cluster_size: usize,
    /// Let strong-identifier edges merge past the size guard (the result is flagged
    /// [`ClusterFlag::Oversized`]). Cannot-link still applies. Default true.
    pub strong_id_overrides_size_guard: bool,
    /// An edge with `probability < threshold + weak_link_margin` that is the only link holding
    /// two parts of a person together is flagged [`ClusterFlag::WeakLink`]. Default 0.05.
    pub weak_link_margin: f64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            threshold: 0.9,
            max_cluster_size: 50,
            strong_id_overrides_size_guard: true,
            weak_link_margin: 0.05,
        }
    }
}

/// Something a reviewer should look at.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterFlag {
    /// The person is held together by a single edge just above the threshold (a bridge):
    /// removing edge `a`–`b` would split it.
    WeakLink {
        person: u32,
        a: u32,
        b: u32,
        probability: f64,
    },
    /// Records connected above the threshold (`component_size` of them, more than the size
    /// guard) were split into these persons at their weakest links.
    SplitOversized {
        component_size: usize,
        persons: Vec<u32>,
    },
    /// A person larger than the size guard, held together by strong-identifier edges.
    Oversized { person: u32, size: usize },
    /// A merge between two persons was refused because records `a` and `b` cannot link;
    /// the edge is the strongest such refused edge between the two persons.
    CannotLink {
        person_a: u32,
        person_b: u32,
        a: u32,
        b: u32,
        probability: f64,
    },
}

/// Result of [`cluster`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Clustering {
    /// Person index of each record (dense, numbered by each person's smallest record index).
    pub person_of: Vec<u32>,
    /// Number of persons.
    pub n_persons: usize,
    /// Flags, grouped by kind (weak links, splits, oversized, cannot-link), each sorted.
    pub flags: Vec<ClusterFlag>,
    /// Records in the largest person (0 when there are no records).
    pub largest: usize,
    /// Edges ignored as malformed: an index out of range, a self-pair, or a non-finite
    /// probability.
    pub ignored_edges: usize,
}

impl Clustering {
    /// Records of each person, in record order.
    pub fn members(&self) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); self.n_persons];
        for (r, &p) in self.person_of.iter().enumerate() {
            if let (Some(list), Ok(r)) = (out.get_mut(p as usize), u32::try_from(r)) {
                list.push(r);
            }
        }
        out
    }
}

/// Cluster without a cannot-link constraint.
pub fn cluster(n_records: usize, edges: &[ScoredEdge], opts: &ClusterOptions) -> Clustering {
    cluster_impl(n_records, edges, opts, None)
}

/// Cluster, refusing any merge that would put `x` and `y` in one person when
/// `cannot_link(x, y)` is true. The hook is called with `x < y`. Cost: a merge of clusters of
/// sizes p and q calls it p·q times (bounded by the size guard).
pub fn cluster_with_cannot_link<F>(
    n_records: usize,
    edges: &[ScoredEdge],
    opts: &ClusterOptions,
    cannot_link: F,
) -> Clustering
where
    F: Fn(u32, u32) -> bool,
{
    cluster_impl(n_records, edges, opts, Some(&cannot_link))
}

/// Union–find with sizes and a circular member list (`next`), so members can be walked without
/// a per-cluster allocation.
struct Forest {
    parent: Vec<u32>,
    size: Vec<u32>,
    next: Vec<u32>,
}

impl Forest {
    fn new(n: usize) -> Self {
        let ids: Vec<u32> = (0..n)
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        Forest {
            parent: ids.clone(),
            size: vec![1; n],
            next: ids,
        }
    }

    fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while let Some(&p) = self.parent.get(root as usize) {
            if p == root {
                break;
            }
            root = p;
        }
        // path compression
        let mut cur = x;
        while let Some(&p) = self.parent.get(cur as usize) {
            if p == root {
                break;
            }
            if let Some(slot) = self.parent.get_mut(cur as usize) {
                *slot = root;
            }
            cur = p;
        }
        root
    }

    fn size_of(&self, root: u32) -> usize {
        self.size.get(root as usize).map_or(0, |s| *s as usize)
    }

    /// Merge two distinct roots (union by size).
    fn union_roots(&mut self, ra: u32, rb: u32) {
        if ra == rb {
            return;
        }
        let (big, small) = if self.size_of(ra) >= self.size_of(rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        if let Some(p) = self.parent.get_mut(small as usize) {
            *p = big;
        }
        let s = self.size_of(small);
        if let Some(b) = self.size.get_mut(big as usize) {
            *b = b.saturating_add(u32::try_from(s).unwrap_or(u32::MAX));
        }
        // splice the two circular member lists
        let nb = self.next.get(big as usize).copied();
        let ns = self.next.get(small as usize).copied();
        if let (Some(nb), Some(ns)) = (nb, ns) {
            if let Some(x) = self.next.get_mut(big as usize) {
                *x = ns;
            }
            if let Some(x) = self.next.get_mut(small as usize) {
                *x = nb;
            }
        }
    }

    /// Members of the cluster containing `start`.
    fn members(&self, start: u32) -> Members<'_> {
        Members {
            next: &self.next,
            start,
            cur: Some(start),
        }
    }
}

struct Members<'a> {
    next: &'a [u32],
    start: u32,
    cur: Option<u32>,
}

impl Iterator for Members<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let cur = self.cur?;
        let n = self.next.get(cur as usize).copied();
        self.cur = n.filter(|n| *n != self.start);
        Some(cur)
    }
}

/// Total order on edges: probability desc, then a, b, strong first, weight desc.
fn edge_order(x: &ScoredEdge, y: &ScoredEdge) -> Ordering {
    y.probability
        .total_cmp(&x.probability)
        .then(x.a.cmp(&y.a))
        .then(x.b.cmp(&y.b))
        .then(y.strong_id.cmp(&x.strong_id))
        .then(y.weight.total_cmp(&x.weight))
}

fn cluster_impl(
    n_records: usize,
    edges: &[ScoredEdge],
    opts: &ClusterOptions,
    cannot_link: Option<&dyn Fn(u32, u32) -> bool>,
) -> Clustering {
    let mut ignored_edges = 0usize;
    let mut sorted: Vec<ScoredEdge> = Vec::with_capacity(edges.len());
    for e in edges {
        let (a, b) = (e.a.min(e.b), e.a.max(e.b));
        if a == b || b as usize >= n_records || !e.probability.is_finite() {
            ignored_edges += 1;
            continue;
        }
        if e.probability >= opts.threshold {
            sorted.push(ScoredEdge { a, b, ..*e });
        }
    }
    sorted.sort_unstable_by(edge_order);

    let mut forest = Forest::new(n_records);
    let mut plain = Forest::new(n_records); // what plain connected components would give
    let mut accepted: Vec<usize> = Vec::new(); // indices into `sorted` of spanning-forest edges
    let mut size_refused: Vec<usize> = Vec::new();
    let mut cannot_refused: Vec<usize> = Vec::new();

    for (idx, e) in sorted.iter().enumerate() {
        let (pa, pb) = (plain.find(e.a), plain.find(e.b));
        plain.union_roots(pa, pb);
        let (ra, rb) = (forest.find(e.a), forest.find(e.b));
        if ra == rb {
            continue;
        }
        let merged = forest.size_of(ra).saturating_add(forest.size_of(rb));
        let guard_ok =
            merged <= opts.max_cluster_size || (e.strong_id && opts.strong_id_overrides_size_guard);
        if !guard_ok {
            size_refused.push(idx);
            continue;
        }
        if let Some(hook) = cannot_link {
            let violates = forest
                .members(ra)
                .any(|x| forest.members(rb).any(|y| hook(x.min(y), x.max(y))));
            if violates {
                cannot_refused.push(idx);
                continue;
            }
        }
        forest.union_roots(ra, rb);
        accepted.push(idx);
    }

    // Dense person ids, numbered by smallest record index.
    let mut label: Vec<u32> = vec![u32::MAX; n_records];
    let mut person_of: Vec<u32> = Vec::with_capacity(n_records);
    let mut person_size: Vec<usize> = Vec::new();
    for r in 0..n_records {
        let root = forest.find(u32::try_from(r).unwrap_or(u32::MAX));
        let slot = label.get_mut(root as usize);
        let p = match slot {
            Some(l) if *l != u32::MAX => *l,
            Some(l) => {
                let id = u32::try_from(person_size.len()).unwrap_or(u32::MAX);
                *l = id;
                person_size.push(0);
                id
            }
            None => u32::MAX,
        };
        if let Some(s) = person_size.get_mut(p as usize) {
            *s += 1;
        }
        person_of.push(p);
    }
    let person = |r: u32| person_of.get(r as usize).copied().unwrap_or(u32::MAX);

    let mut flags = Vec::new();
    weak_link_flags(n_records, &sorted, &accepted, &person_of, opts, &mut flags);

    // Oversized components that the size guard split.
    let mut split_roots: Vec<u32> = size_refused
        .iter()
        .filter_map(|&i| sorted.get(i))
        .map(|e| plain.find(e.a))
        .collect();
    split_roots.sort_unstable();
    split_roots.dedup();
    let mut splits: Vec<ClusterFlag> = split_roots
        .iter()
        .map(|&root| {
            let mut persons: Vec<u32> = plain.members(root).map(person).collect();
            persons.sort_unstable();
            persons.dedup();
            ClusterFlag::SplitOversized {
                component_size: plain.size_of(root),
                persons,
            }
        })
        .collect();
    splits.sort_by_key(|f| match f {
        ClusterFlag::SplitOversized { persons, .. } => persons.first().copied(),
        _ => None,
    });
    flags.extend(splits);

    for (p, &size) in person_size.iter().enumerate() {
        if size > opts.max_cluster_size {
            flags.push(ClusterFlag::Oversized {
                person: u32::try_from(p).unwrap_or(u32::MAX),
                size,
            });
        }
    }

    let mut cl: Vec<ClusterFlag> = Vec::new();
    // A set, not a list: at a million rows tens of thousands of edges are refused, and a linear
    // search per edge made this loop most of the cluster stage.
    let mut seen: rustc_hash::FxHashSet<(u32, u32)> = rustc_hash::FxHashSet::default();
    for e in cannot_refused.iter().filter_map(|&i| sorted.get(i)) {
        let (x, y) = (person(e.a), person(e.b));
        let key = (x.min(y), x.max(y));
        if x == y || !seen.insert(key) {
            continue;
        }
        cl.push(ClusterFlag::CannotLink {
            person_a: key.0,
            person_b: key.1,
            a: e.a,
            b: e.b,
            probability: e.probability,
        });
    }
    cl.sort_by_key(|f| match f {
        ClusterFlag::CannotLink {
            person_a, person_b, ..
        } => (*person_a, *person_b),
        _ => (u32::MAX, u32::MAX),
    });
    flags.extend(cl);

    Clustering {
        largest: person_size.iter().copied().max().unwrap_or(0),
        n_persons: person_size.len(),
        person_of,
        flags,
        ignored_edges,
    }
}

/// Flag weak spanning-forest edges that are bridges of their person's graph of above-threshold
/// edges (removing them would split the person). Each candidate is checked with a BFS limited
/// to its own person, so the cost is bounded by person size × weak edges.
fn weak_link_flags(
    n_records: usize,
    sorted: &[ScoredEdge],
    accepted: &[usize],
    person_of: &[u32],
    opts: &ClusterOptions,
    flags: &mut Vec<ClusterFlag>,
) {
    let weak_below = opts.threshold + opts.weak_link_margin;
    let candidates: Vec<usize> = accepted
        .iter()
        .copied()
        .filter(|&i| sorted.get(i).is_some_and(|e| e.probability < weak_below))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let person = |r: u32| person_of.get(r as usize).copied();
    // Adjacency (CSR) over intra-person edges; each entry is (neighbour, edge index).
    let intra: Vec<usize> = (0..sorted.len())
        .filter(|&i| {
            sorted
                .get(i)
                .is_some_and(|e| person(e.a).is_some() && person(e.a) == person(e.b))
        })
        .collect();
    let mut degree = vec![0usize; n_records + 1];
    for e in intra.iter().filter_map(|&i| sorted.get(i)) {
        for r in [e.a, e.b] {
            if let Some(d) = degree.get_mut(r as usize + 1) {
                *d += 1;
            }
        }
    }
    for i in 1..degree.len() {
        let prev = degree.get(i - 1).copied().unwrap_or(0);
        if let Some(d) = degree.get_mut(i) {
            *d += prev;
        }
    }
    let offsets = degree; // offsets[r]..offsets[r+1]
    let mut fill = offsets.clone();
    let mut adj: Vec<(u32, usize)> = vec![(0, 0); offsets.last().copied().unwrap_or(0)];
    for &i in &intra {
        if let Some(e) = sorted.get(i) {
            for (from, to) in [(e.a, e.b), (e.b, e.a)] {
                if let Some(pos) = fill.get_mut(from as usize) {
                    if let Some(slot) = adj.get_mut(*pos) {
                        *slot = (to, i);
                    }
                    *pos += 1;
                }
            }
        }
    }
    let mut visited: Vec<usize> = vec![usize::MAX; n_records];
    let mut queue: VecDeque<u32> = VecDeque::new();
    let mut weak: Vec<ClusterFlag> = Vec::new();
    for (stamp, &ci) in candidates.iter().enumerate() {
        let Some(e) = sorted.get(ci) else { continue };
        // Is there a path a → b that avoids edge ci (or any parallel copy of it)?
        queue.clear();
        queue.push_back(e.a);
        if let Some(v) = visited.get_mut(e.a as usize) {
            *v = stamp;
        }
        let mut reached = false;
        while let Some(x) = queue.pop_front() {
            let lo = offsets.get(x as usize).copied().unwrap_or(0);
            let hi = offsets.get(x as usize + 1).copied().unwrap_or(lo);
            for &(y, ei) in adj.get(lo..hi).unwrap_or(&[]) {
                let same_pair = sorted.get(ei).is_some_and(|o| o.a == e.a && o.b == e.b);
                if same_pair {
                    continue;
                }
                if y == e.b {
                    reached = true;
                    break;
                }
                if let Some(v) = visited.get_mut(y as usize) {
                    if *v != stamp {
                        *v = stamp;
                        queue.push_back(y);
                    }
                }
            }
            if reached {
                break;
            }
        }
        if !reached {
            weak.push(ClusterFlag::WeakLink {
                person: person(e.a).unwrap_or(u32::MAX),
                a: e.a,
                b: e.b,
                probability: e.probability,
            });
        }
    }
    weak.sort_by_key(|f| match f {
        ClusterFlag::WeakLink { person, a, b, .. } => (*person, *a, *b),
        _ => (u32::MAX, u32::MAX, u32::MAX),
    });
    flags.extend(weak);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn e(a: u32, b: u32, p: f64) -> ScoredEdge {
        ScoredEdge {
            a,
            b,
            probability: p,
            weight: (p / (1.0 - p)).log2(),
            strong_id: false,
        }
    }

    fn strong(a: u32, b: u32, p: f64) -> ScoredEdge {
        ScoredEdge {
            strong_id: true,
            ..e(a, b, p)
        }
    }

    fn chain(n: u32, p: f64) -> Vec<ScoredEdge> {
        (1..n).map(|i| e(i - 1, i, p)).collect()
    }

    fn count_flags(c: &Clustering, kind: &str) -> usize {
        c.flags
            .iter()
            .filter(|f| {
                matches!(
                    (kind, f),
                    ("weak", ClusterFlag::WeakLink { .. })
                        | ("split", ClusterFlag::SplitOversized { .. })
                        | ("oversized", ClusterFlag::Oversized { .. })
                        | ("cannot", ClusterFlag::CannotLink { .. })
                )
            })
            .count()
    }

    #[test]
    fn empty_input_and_singletons() {
        let opts = ClusterOptions::default();
        let empty = cluster(0, &[], &opts);
        assert_eq!(empty, Clustering::default());
        let cases: [(usize, Vec<ScoredEdge>, Vec<u32>); 5] = [
            (3, vec![], vec![0, 1, 2]),
            (5, vec![e(1, 3, 0.99)], vec![0, 1, 2, 1, 3]),
            (5, vec![e(3, 1, 0.99)], vec![0, 1, 2, 1, 3]), // endpoints in any order
            (4, vec![e(2, 3, 0.95), e(0, 3, 0.97)], vec![0, 1, 0, 0]),
            (4, vec![e(0, 1, 0.5), e(2, 3, 0.2)], vec![0, 1, 2, 3]), // all below threshold
        ];
        for (n, edges, expected) in cases {
            let c = cluster(n, &edges, &opts);
            assert_eq!(c.person_of, expected, "{edges:?}");
            assert_eq!(
                c.n_persons,
                expected.iter().max().map_or(0, |m| *m as usize + 1)
            );
        }
        let c = cluster(5, &[e(1, 3, 0.99)], &opts);
        assert_eq!(c.members(), vec![vec![0], vec![1, 3], vec![2], vec![4]]);
        assert_eq!(c.largest, 2);
    }

    #[test]
    fn threshold_edge_cases() {
        let opts = ClusterOptions::default();
        let cases = [
            (0.9, true), // exactly at the threshold counts as a match
            (0.9 - 1e-12, false),
            (0.900_000_1, true),
            (1.0, true),
            (0.0, false),
        ];
        for (p, linked) in cases {
            let c = cluster(2, &[e(0, 1, p)], &opts);
            assert_eq!(c.person_of == vec![0, 0], linked, "p = {p}");
        }
    }

    #[test]
    fn malformed_edges_are_ignored() {
        let opts = ClusterOptions::default();
        let edges = [
            e(0, 5, 0.99), // out of range
            e(2, 2, 0.99), // self pair
            e(0, 1, f64::NAN),
            e(0, 1, f64::INFINITY),
            e(1, 2, 0.99),
        ];
        let c = cluster(3, &edges, &opts);
        assert_eq!(c.ignored_edges, 4);
        assert_eq!(c.person_of, vec![0, 1, 1]);
    }

    #[test]
    fn result_is_independent_of_edge_order() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let n = 300u32;
        let mut edges: Vec<ScoredEdge> = (0..1500)
            .map(|_| {
                let a = rng.random_range(0..n);
                let b = rng.random_range(0..n);
                // coarse probabilities so that ties are common
                let p = f64::from(rng.random_range(85..=100u32)) / 100.0;
                ScoredEdge {
                    strong_id: rng.random_bool(0.05),
                    ..e(a, b, p)
                }
            })
            .collect();
        // duplicate edges in both orientations
        edges.extend(
            edges
                .clone()
                .iter()
                .take(100)
                .map(|x| e(x.b, x.a, x.probability)),
        );
        let opts = ClusterOptions {
            max_cluster_size: 12,
            ..ClusterOptions::default()
        };
        let cannot = |x: u32, y: u32| (x + y) % 17 == 0;
        let base = cluster_with_cannot_link(n as usize, &edges, &opts, cannot);
        assert!(base.n_persons > 1 && base.largest > 1);
        for _ in 0..10 {
            edges.shuffle(&mut rng);
            let again = cluster_with_cannot_link(n as usize, &edges, &opts, cannot);
            assert_eq!(again, base);
        }
    }

    #[test]
    fn chain_under_the_guard_stays_one_person_with_weak_links() {
        let opts = ClusterOptions::default();
        let c = cluster(10, &chain(10, 0.92), &opts);
        assert_eq!(c.person_of, vec![0; 10]);
        assert_eq!(c.largest, 10);
        // every link of a chain is a bridge just above the threshold
        assert_eq!(count_flags(&c, "weak"), 9);
        assert_eq!(count_flags(&c, "split"), 0);
        // a strong chain is not flagged
        let c = cluster(10, &chain(10, 0.99), &opts);
        assert_eq!(count_flags(&c, "weak"), 0);
    }

    #[test]
    fn chain_over_the_guard_is_split_and_flagged() {
        let opts = ClusterOptions::default();
        let n = 120u32;
        let c = cluster(n as usize, &chain(n, 0.92), &opts);
        assert!(c.largest <= 50, "largest {}", c.largest);
        assert!(c.n_persons >= 3);
        // persons stay contiguous pieces of the chain
        assert!(c
            .person_of
            .windows(2)
            .all(|w| w[1] == w[0] || w[1] == w[0] + 1));
        let split: Vec<&ClusterFlag> = c
            .flags
            .iter()
            .filter(|f| matches!(f, ClusterFlag::SplitOversized { .. }))
            .collect();
        assert_eq!(split.len(), 1);
        if let Some(ClusterFlag::SplitOversized {
            component_size,
            persons,
        }) = split.first()
        {
            assert_eq!(*component_size, 120);
            assert_eq!(persons.len(), c.n_persons);
        }
        // with the guard disabled, plain connected components chain everything
        let off = ClusterOptions {
            max_cluster_size: usize::MAX,
            ..ClusterOptions::default()
        };
        assert_eq!(cluster(n as usize, &chain(n, 0.92), &off).largest, 120);
    }

    #[test]
    fn oversized_component_is_cut_at_its_weakest_bridge() {
        // Two tight groups of 30 (all pairs 0.99) joined by one borderline pair: 60 > 50.
        let mut edges = Vec::new();
        for g in 0..2u32 {
            for i in 0..30u32 {
                for j in (i + 1)..30 {
                    edges.push(e(g * 30 + i, g * 30 + j, 0.99));
                }
            }
        }
        edges.push(e(29, 30, 0.91));
        let c = cluster(60, &edges, &ClusterOptions::default());
        let expected: Vec<u32> = (0..60).map(|r| u32::from(r >= 30)).collect();
        assert_eq!(c.person_of, expected);
        assert_eq!(count_flags(&c, "split"), 1);
        // under a bigger guard the bridge holds and is flagged as a weak link
        let big = ClusterOptions {
            max_cluster_size: 100,
            ..ClusterOptions::default()
        };
        let c = cluster(60, &edges, &big);
        assert_eq!(c.n_persons, 1);
        assert_eq!(
            c.flags,
            vec![ClusterFlag::WeakLink {
                person: 0,
                a: 29,
                b: 30,
                probability: 0.91
            }]
        );
    }

    #[test]
    fn weak_edge_in_a_cycle_is_not_flagged() {
        let cases: [(Vec<ScoredEdge>, usize); 4] = [
            // triangle: the weak edge has an alternative path
            (vec![e(0, 1, 0.99), e(1, 2, 0.99), e(0, 2, 0.91)], 0),
            // path with one weak bridge
            (vec![e(0, 1, 0.99), e(1, 2, 0.91)], 1),
            // the same weak pair scored twice is still one link
            (vec![e(0, 1, 0.99), e(1, 2, 0.91), e(2, 1, 0.92)], 1),
            // 0.96 is not "just above" 0.9 with the default margin 0.05
            (vec![e(0, 1, 0.96)], 0),
        ];
        for (edges, weak) in cases {
            let c = cluster(3, &edges, &ClusterOptions::default());
            assert_eq!(count_flags(&c, "weak"), weak, "{edges:?}");
        }
    }

    #[test]
    fn strong_identifiers_override_the_size_guard() {
        let edges: Vec<ScoredEdge> = (1..60u32).map(|i| strong(i - 1, i, 0.99)).collect();
        let c = cluster(60, &edges, &ClusterOptions::default());
        assert_eq!(c.n_persons, 1);
        assert_eq!(
            c.flags,
            vec![ClusterFlag::Oversized {
                person: 0,
                size: 60
            }]
        );
        let no_override = ClusterOptions {
            strong_id_overrides_size_guard: false,
            ..ClusterOptions::default()
        };
        let c = cluster(60, &edges, &no_override);
        assert!(c.largest <= 50 && c.n_persons == 2);
        assert_eq!(count_flags(&c, "split"), 1);
        assert_eq!(count_flags(&c, "oversized"), 0);
    }

    #[test]
    fn cannot_link_is_respected() {
        let opts = ClusterOptions::default();
        // 0-1 strong, 1-2 strong, but 0 and 2 are two rows of one file with different passports.
        let edges = [e(0, 1, 0.99), e(1, 2, 0.98), e(2, 3, 0.97)];
        let cannot = |x: u32, y: u32| (x, y) == (0, 2);
        let c = cluster_with_cannot_link(4, &edges, &opts, cannot);
        assert_eq!(c.person_of, vec![0, 0, 1, 1]);
        assert_eq!(
            c.flags,
            vec![ClusterFlag::CannotLink {
                person_a: 0,
                person_b: 1,
                a: 1,
                b: 2,
                probability: 0.98
            }]
        );
        // the hook is called with x < y
        let seen = std::cell::RefCell::new(Vec::new());
        let _ = cluster_with_cannot_link(4, &[e(3, 0, 0.99), e(2, 1, 0.99)], &opts, |x, y| {
            seen.borrow_mut().push((x, y));
            false
        });
        assert!(seen.borrow().iter().all(|(x, y)| x < y));
        // without the hook the three records merge
        assert_eq!(cluster(4, &edges, &opts).n_persons, 1);
    }

    #[test]
    fn many_namesakes_do_not_form_a_giant_cluster() {
        // 400 records of different people sharing a common name: 200 true pairs at 0.99 and
        // a random sprinkle of 0.9–0.93 namesake links that would chain them together.
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut edges: Vec<ScoredEdge> = (0..200u32).map(|i| e(2 * i, 2 * i + 1, 0.99)).collect();
        for _ in 0..600 {
            let a = rng.random_range(0..400u32);
            let b = rng.random_range(0..400u32);
            edges.push(e(a, b, rng.random_range(0.90..0.93)));
        }
        let c = cluster(400, &edges, &ClusterOptions::default());
        assert!(c.largest <= 50, "largest {}", c.largest);
        // every true pair survives
        assert!((0..200usize).all(|i| c.person_of.get(2 * i) == c.person_of.get(2 * i + 1)));
        assert!(count_flags(&c, "split") >= 1);
        let plain = cluster(
            400,
            &edges,
            &ClusterOptions {
                max_cluster_size: usize::MAX,
                ..ClusterOptions::default()
            },
        );
        assert!(
            plain.largest > 300,
            "plain components chain: {}",
            plain.largest
        );
    }
}
