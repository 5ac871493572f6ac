//! Building the record tree from the records' offsets, as pydicom's FileSet does:
//! the top-level records are the chain from the first record's offset; each
//! record's children the chain from its lower-level offset. A record with no
//! children and no Referenced File ID is dropped, and so are the records left
//! with no children by that. Records the walk never reaches are orphans.

use std::collections::HashMap;
use std::fmt;

/// What the walk needs of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Where the record's item starts in the file.
    pub offset: u64,
    pub next: u64,
    pub lower: u64,
    pub has_file_id: bool,
    /// The record's key: dropping a record drops its siblings with the same key.
    pub key: String,
}

/// Where an offset was found: the DICOMDIR's first-record offset, or a
/// record's next or lower-level offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum From {
    First,
    Next(u64),
    Lower(u64),
}

impl fmt::Display for From {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            From::First => write!(f, "first record of the root directory"),
            From::Next(at) => write!(f, "next record after offset {at}"),
            From::Lower(at) => write!(f, "lower-level record of offset {at}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkError {
    /// An offset where no record starts.
    NoRecord { offset: u64, from: From },
    /// A record reached a second time: a loop, or a record with two parents.
    Loop { offset: u64, from: From },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NoRecord { offset, from } => write!(
                f,
                "The DICOMDIR's {from} is offset {offset}, where no directory record starts"
            ),
            LinkError::Loop { offset, from } => write!(
                f,
                "The DICOMDIR's directory records form a loop: the record at offset {offset} \
                 is reached again as the {from}"
            ),
        }
    }
}

impl std::error::Error for LinkError {}

/// A node's parent: the root, or another record (by position).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parent {
    Root,
    Record(usize),
}

/// The record tree. A dropped record keeps its parent but is in no list of
/// children; a record the walk never reached has no parent.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tree {
    pub top: Vec<usize>,
    pub children: Vec<Vec<usize>>,
    pub parent: Vec<Option<Parent>>,
    /// The records walked that have a Referenced File ID, in walk order.
    pub with_file_id: Vec<usize>,
}

impl Tree {
    fn siblings(&mut self, parent: Parent) -> &mut Vec<usize> {
        match parent {
            Parent::Root => &mut self.top,
            Parent::Record(p) => &mut self.children[p],
        }
    }

    /// Every record reachable from the root, depth first.
    pub fn reachable(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut pending: Vec<usize> = self.top.iter().rev().copied().collect();
        while let Some(i) = pending.pop() {
            out.push(i);
            pending.extend(self.children[i].iter().rev());
        }
        out
    }
}

struct Walk<'a> {
    records: &'a [Link],
    at: HashMap<u64, usize>,
    placed: Vec<bool>,
    tree: Tree,
}

impl Walk<'_> {
    /// Place the chain of records from `offset` under `parent`.
    fn chain(&mut self, mut offset: u64, parent: Parent, mut from: From) -> Result<(), LinkError> {
        while offset != 0 {
            let i = *self
                .at
                .get(&offset)
                .ok_or(LinkError::NoRecord { offset, from })?;
            if self.placed[i] {
                return Err(LinkError::Loop { offset, from });
            }
            self.placed[i] = true;
            self.tree.parent[i] = Some(parent);
            self.tree.siblings(parent).push(i);
            from = From::Next(offset);
            offset = self.records[i].next;
        }
        Ok(())
    }

    /// Drop `i` (and its siblings with the same key) from its parent's children;
    /// a parent left with none is dropped from its own parent in turn.
    fn drop_record(&mut self, mut i: usize) {
        let records = self.records;
        loop {
            let key = &records[i].key;
            match self.tree.parent[i] {
                Some(Parent::Record(p)) => {
                    self.tree.children[p].retain(|&c| records[c].key != *key);
                    if !self.tree.children[p].is_empty() {
                        return;
                    }
                    i = p;
                }
                Some(Parent::Root) => {
                    self.tree.top.retain(|&c| records[c].key != *key);
                    return;
                }
                None => return,
            }
        }
    }
}

/// The tree of `records` (in sequence order) from the DICOMDIR's first-record
/// offset `first` (0 or ignored when there are no records).
pub fn link(records: &[Link], first: u64) -> Result<Tree, LinkError> {
    let n = records.len();
    let mut walk = Walk {
        records,
        at: records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.offset, i))
            .collect(),
        placed: vec![false; n],
        tree: Tree {
            children: vec![Vec::new(); n],
            parent: vec![None; n],
            ..Tree::default()
        },
    };
    if n == 0 {
        return Ok(walk.tree);
    }
    if first == 0 {
        return Err(LinkError::NoRecord {
            offset: 0,
            from: From::First,
        });
    }
    walk.chain(first, Parent::Root, From::First)?;
    let mut pending: Vec<usize> = walk.tree.top.iter().rev().copied().collect();
    while let Some(i) = pending.pop() {
        let record = &records[i];
        if record.lower != 0 {
            walk.chain(record.lower, Parent::Record(i), From::Lower(record.offset))?;
        } else if !record.has_file_id {
            walk.drop_record(i);
        }
        if record.has_file_id {
            walk.tree.with_file_id.push(i);
        }
        pending.extend(walk.tree.children[i].iter().rev());
    }
    Ok(walk.tree)
}
