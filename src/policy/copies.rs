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
//!
//! Files with identical content are copies too, whether or not anything could be read in them:
//! a password-protected export and its copy on a desktop. Like fclones and fdupes, only files of
//! the same size are read again and hashed (SHA-256), after the scan; most files have a size of
//! their own and are never read twice. Only files worth grouping are considered: those with
//! personal data or a violation, and those nothing could be checked in.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

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
    /// 1-based, in the order of the groups' first members.
    pub id: usize,
    /// Paths, sorted.
    pub members: Vec<String>,
    /// Every member has the same content (the same SHA-256).
    pub identical: bool,
    /// Estimated number of people the members have in common (pairwise, at least); absent when
    /// nothing could be read in them (identical protected files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<u64>,
}

impl Group {
    /// `identical copies, about 312 people`, `about 40 people in common`.
    pub fn describe(&self) -> String {
        match (self.identical, self.shared) {
            (true, Some(n)) => format!("identical copies, {n} people"),
            (true, None) => "identical copies".to_string(),
            (false, Some(n)) => format!("about {n} people in common"),
            (false, None) => "copies".to_string(),
        }
    }
}

/// A file that may belong to a group.
struct Candidate {
    path: String,
    /// Distinct values about people.
    people: u64,
    sketch: BTreeSet<u64>,
    /// Where to read it again for its content hash (top-level files only), and its size.
    disk: Option<(PathBuf, u64)>,
    digest: Option<[u8; 32]>,
}

/// Collects files as they finish, then groups them.
#[derive(Default)]
pub struct Copies {
    files: Vec<Candidate>,
}

impl Copies {
    /// Remembers a file with `people` distinct values about people and their sketch; `disk` is
    /// where it lies and its size, for a top-level file whose content may be compared.
    pub fn add(
        &mut self,
        path: &str,
        people: u64,
        sketch: &BTreeSet<u64>,
        disk: Option<(&Path, u64)>,
    ) {
        let disk = disk
            .filter(|(_, size)| *size > 0)
            .map(|(p, size)| (p.to_path_buf(), size));
        if people < MIN_VALUES && disk.is_none() {
            return;
        }
        self.files.push(Candidate {
            path: path.to_string(),
            people,
            sketch: match people >= MIN_VALUES {
                true => sketch.clone(),
                false => BTreeSet::new(),
            },
            disk,
            digest: None,
        });
    }

    /// Hashes the content of every file that has the size of another (in parallel, on the
    /// current rayon pool). A file that cannot be read again is left out of content groups.
    pub fn hash_same_sizes(&mut self) {
        let mut sizes: HashMap<u64, usize> = HashMap::new();
        for (_, size) in self.files.iter().filter_map(|f| f.disk.as_ref()) {
            *sizes.entry(*size).or_default() += 1;
        }
        self.files
            .par_iter_mut()
            .filter(|f| f.disk.as_ref().is_some_and(|(_, size)| sizes[size] > 1))
            .for_each(|f| {
                if let Some((path, size)) = &f.disk {
                    f.digest = content_hash(path, *size).ok();
                }
            });
    }

    /// The groups of two or more files.
    pub fn groups(&self) -> Vec<Group> {
        let mut sets = DisjointSets::new(self.files.len());
        for (a, b, common) in self.same_people() {
            sets.join(a, b, Some(common));
        }
        let mut by_digest: HashMap<[u8; 32], usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if let Some(digest) = f.digest {
                match by_digest.get(&digest) {
                    Some(&first) => {
                        // The same bytes: the same people, all of them.
                        let people = (f.people >= MIN_VALUES).then_some(f.people);
                        sets.join(first, i, people);
                    }
                    None => {
                        by_digest.insert(digest, i);
                    }
                }
            }
        }
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.files.len() {
            by_root.entry(sets.root(i)).or_default().push(i);
        }
        let mut groups: Vec<Group> = by_root
            .into_iter()
            .filter(|(_, members)| members.len() > 1)
            .map(|(r, members)| {
                let first = self.files[members[0]].digest;
                let identical =
                    first.is_some() && members.iter().all(|&m| self.files[m].digest == first);
                let mut paths: Vec<String> = members
                    .iter()
                    .map(|&m| self.files[m].path.clone())
                    .collect();
                paths.sort();
                Group {
                    id: 0,
                    members: paths,
                    identical,
                    shared: sets.shared[r],
                }
            })
            .collect();
        groups.sort_by(|a, b| a.members.cmp(&b.members));
        for (n, g) in groups.iter_mut().enumerate() {
            g.id = n + 1;
        }
        groups
    }

    /// Pairs of files that hold largely the same people, with the estimated number shared.
    fn same_people(&self) -> Vec<(usize, usize, u64)> {
        let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            for &h in f.sketch.iter().take(INDEXED) {
                index.entry(h).or_default().push(i);
            }
        }
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for files in index.values() {
            for (n, &a) in files.iter().enumerate() {
                for &b in &files[n + 1..] {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
        pairs
            .into_iter()
            .filter_map(|(a, b)| {
                let (fa, fb) = (&self.files[a], &self.files[b]);
                same_dataset(fa.people, &fa.sketch, fb.people, &fb.sketch).map(|c| (a, b, c))
            })
            .collect()
    }
}

/// SHA-256 of a file's first `size` bytes (its size when it was scanned), read without
/// touching its access time.
fn content_hash(path: &Path, size: u64) -> std::io::Result<[u8; 32]> {
    let file = crate::extract::open_file(path)?;
    let mut hasher = Sha256::new();
    let mut reader = file.take(size);
    // No bigger than the file: most are small, and a 256 KiB buffer for each is a fresh
    // mapping of zeroed pages from the allocator.
    let mut buf = vec![0u8; size.clamp(1, 256 * 1024) as usize];
    loop {
        match reader.read(&mut buf)? {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    Ok(hasher.finalize().into())
}

/// Union-find over the candidates, keeping per group the least number of people any joining
/// pair shares.
struct DisjointSets {
    parent: Vec<usize>,
    shared: Vec<Option<u64>>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            shared: vec![None; n],
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize, shared: Option<u64>) {
        let (ra, rb) = (self.root(a), self.root(b));
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let least = [self.shared[keep], self.shared[gone], shared]
            .into_iter()
            .flatten()
            .min();
        self.shared[keep] = least;
    }
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
        copies.add("export.csv", 5000, &sketch(0..5000), None);
        copies.add("Desktop/selectie.xlsx", 300, &sketch(100..400), None);
        copies.add("ander.csv", 5000, &sketch(10_000..15_000), None);
        copies.add("klein.txt", 3, &sketch(0..3), None);
        let groups = copies.groups();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].members, ["Desktop/selectie.xlsx", "export.csv"]);
        assert!(
            (250..=350).contains(&groups[0].shared.unwrap()),
            "{:?}",
            groups[0].shared
        );
    }

    #[test]
    fn identical_copies_are_grouped_and_strangers_are_not() {
        let mut copies = Copies::default();
        copies.add("a.sql", 40, &sketch(0..40), None);
        copies.add("b.sql", 40, &sketch(0..40), None);
        copies.add("c.sql", 40, &sketch(20..60), None);
        let groups = copies.groups();
        assert_eq!(groups.len(), 1);
        assert_eq!(
            groups[0].members,
            ["a.sql", "b.sql"],
            "half shared is not a copy"
        );
        assert_eq!(groups[0].shared, Some(40));
        assert!(!groups[0].identical, "nothing was compared byte for byte");
    }

    #[test]
    fn identical_files_are_grouped_even_when_nothing_could_be_read_in_them() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let a = write("beveiligd.ods", b"ciphertext 1");
        let b = write("kopie.ods", b"ciphertext 1");
        let c = write("ander.ods", b"ciphertext 2");
        let d = write("langer.ods", b"ciphertext 1 and more");
        let mut copies = Copies::default();
        for (name, path) in [("a", &a), ("b", &b), ("c", &c), ("d", &d)] {
            let size = std::fs::metadata(path).unwrap().len();
            copies.add(name, 0, &BTreeSet::new(), Some((path.as_path(), size)));
        }
        copies.hash_same_sizes();
        let groups = copies.groups();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].members, ["a", "b"]);
        assert!(groups[0].identical);
        assert_eq!(groups[0].shared, None, "nothing was read in them");
    }

    #[test]
    fn an_identical_copy_joins_the_group_of_its_original() {
        let dir = tempfile::tempdir().unwrap();
        let export = dir.path().join("export.csv");
        std::fs::write(&export, "same bytes").unwrap();
        let copy = dir.path().join("kopie.csv");
        std::fs::write(&copy, "same bytes").unwrap();
        let mut copies = Copies::default();
        copies.add(
            "export.csv",
            100,
            &sketch(0..100),
            Some((export.as_path(), 10)),
        );
        copies.add(
            "kopie.csv",
            100,
            &sketch(0..100),
            Some((copy.as_path(), 10)),
        );
        copies.add(
            "selectie.csv",
            30,
            &sketch(10..40),
            Some((copy.as_path(), 5)),
        );
        copies.hash_same_sizes();
        let groups = copies.groups();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(
            groups[0].members,
            ["export.csv", "kopie.csv", "selectie.csv"]
        );
        assert!(
            !groups[0].identical,
            "the selection is not byte for byte the same"
        );
        assert_eq!(groups[0].shared, Some(30));
    }
}
