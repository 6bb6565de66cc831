//! Copies of one dataset: files that hold largely the same people.
//!
//! Each file keeps a bottom-k sketch of its values about people (the 1024 smallest hashes,
//! see `Evidence`). Two sketches estimate the Jaccard similarity of the two sets (Broder's
//! estimator: of the k smallest hashes of their union, the share found in both), and with the
//! sizes of the sets, how much of the smaller one lies in the larger: an export and the
//! spreadsheet made from it, a dump and its copy on a desktop. Files whose containment is at
//! least `MIN_CONTAINMENT`, with at least `MIN_SHARED` values in common, are one group.
//! Candidate pairs come from an index of each sketch's smallest hashes, so a share of
//! thousands of files is not compared pair by pair.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// At least this share of the smaller file's people are in the larger one.
const MIN_CONTAINMENT: f64 = 0.8;
/// And at least this many of them: two files naming the same two people are not one dataset.
const MIN_SHARED: f64 = 5.0;
/// Files with fewer distinct values than this are not grouped.
const MIN_VALUES: u64 = 5;
/// Hashes of each sketch put in the index of candidates.
const INDEXED: usize = 32;

/// One group of copies.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Group {
    /// 1-based, in the order groups were found.
    pub id: usize,
    /// Paths, sorted.
    pub members: Vec<String>,
    /// Estimated number of people the members have in common (pairwise, at least).
    pub shared: u64,
}

/// Collects files as they finish, then groups them.
#[derive(Default)]
pub struct Copies {
    files: Vec<(String, u64, BTreeSet<u64>)>,
}

impl Copies {
    /// Remembers a file with `distinct` values about people and their sketch.
    pub fn add(&mut self, path: &str, distinct: u64, sketch: &BTreeSet<u64>) {
        if distinct >= MIN_VALUES {
            self.files
                .push((path.to_string(), distinct, sketch.clone()));
        }
    }

    /// The groups of two or more files.
    pub fn groups(&self) -> Vec<Group> {
        let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, (_, _, sketch)) in self.files.iter().enumerate() {
            for &h in sketch.iter().take(INDEXED) {
                index.entry(h).or_default().push(i);
            }
        }
        let mut parent: Vec<usize> = (0..self.files.len()).collect();
        let mut shared = vec![u64::MAX; self.files.len()];
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for files in index.values() {
            for (n, &a) in files.iter().enumerate() {
                for &b in &files[n + 1..] {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
        for (a, b) in pairs {
            let (fa, fb) = (&self.files[a], &self.files[b]);
            if let Some(common) = same_dataset(fa.1, &fa.2, fb.1, &fb.2) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
                let r = ra.min(rb);
                shared[r] = shared[r].min(shared[ra.max(rb)]).min(common);
            }
        }
        let mut by_root: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for i in 0..self.files.len() {
            let r = root(&mut parent, i);
            by_root.entry(r).or_default().push(self.files[i].0.clone());
        }
        by_root
            .into_iter()
            .filter(|(_, members)| members.len() > 1)
            .enumerate()
            .map(|(n, (r, mut members))| {
                members.sort();
                Group {
                    id: n + 1,
                    members,
                    shared: shared[r],
                }
            })
            .collect()
    }
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The estimated number of values two files share, when one is largely a copy of the other.
fn same_dataset(na: u64, a: &BTreeSet<u64>, nb: u64, b: &BTreeSet<u64>) -> Option<u64> {
    let k = crate::report::Evidence::SKETCH.min(a.len() + b.len());
    let union: Vec<u64> = a.union(b).copied().take(k).collect();
    if union.is_empty() {
        return None;
    }
    let both = union
        .iter()
        .filter(|h| a.contains(h) && b.contains(h))
        .count();
    let jaccard = both as f64 / union.len() as f64;
    let (na, nb) = (na as f64, nb as f64);
    let common = jaccard * (na + nb) / (1.0 + jaccard);
    let containment = common / na.min(nb);
    (containment >= MIN_CONTAINMENT && common >= MIN_SHARED).then(|| common.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(values: std::ops::Range<u64>) -> BTreeSet<u64> {
        use std::hash::{Hash, Hasher};
        let mut s: BTreeSet<u64> = values
            .map(|v| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                ("be_national_number", v.to_string()).hash(&mut h);
                h.finish()
            })
            .collect();
        while s.len() > crate::report::Evidence::SKETCH {
            s.pop_last();
        }
        s
    }

    #[test]
    fn an_export_and_the_sheet_made_from_it_are_one_group() {
        let mut copies = Copies::default();
        copies.add("export.csv", 5000, &sketch(0..5000));
        copies.add("Desktop/selectie.xlsx", 300, &sketch(100..400));
        copies.add("ander.csv", 5000, &sketch(10_000..15_000));
        copies.add("klein.txt", 3, &sketch(0..3));
        let groups = copies.groups();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].members, ["Desktop/selectie.xlsx", "export.csv"]);
        assert!(
            (250..=350).contains(&groups[0].shared),
            "{}",
            groups[0].shared
        );
    }

    #[test]
    fn identical_copies_are_grouped_and_strangers_are_not() {
        let mut copies = Copies::default();
        copies.add("a.sql", 40, &sketch(0..40));
        copies.add("b.sql", 40, &sketch(0..40));
        copies.add("c.sql", 40, &sketch(20..60));
        let groups = copies.groups();
        assert_eq!(groups.len(), 1);
        assert_eq!(
            groups[0].members,
            ["a.sql", "b.sql"],
            "half shared is not a copy"
        );
        assert_eq!(groups[0].shared, 40);
    }
}
