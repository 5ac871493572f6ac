//! The element index: what stage 1 (parse) hands to stage 2 (values) and to Python.
//!
//! Values are not decoded here: an element records where its bytes are. Undefined
//! length sequences are parsed while reading (their end is only found that way);
//! defined-length ones stay as byte ranges and are parsed when first used, which is
//! also where pydicom parses each.

use std::ops::Range;
use std::sync::Arc;

/// Where an element's value is.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef {
    /// Bytes in the source buffer. Shorter than the declared length when the data
    /// ends early (pydicom keeps such truncated values as they are).
    Bytes(Range<usize>),
    /// Declared length 0.
    Empty,
    /// Not loaded: larger than `defer_size`.
    Deferred,
    /// An undefined-length sequence, parsed while reading (boxed: records stay small).
    Sequence(Box<SequenceIndex>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ElementRecord {
    pub tag: u32,
    /// The VR as found: two bytes for explicit VR, None for implicit VR (and for
    /// elements read as implicit after an explicit-VR stream switched).
    pub vr: Option<[u8; 2]>,
    /// For undefined-length elements whose VR pydicom settles while reading
    /// (from the dictionary, or SQ by inference), that VR.
    pub resolved_vr: Option<Box<str>>,
    /// The length field (0xFFFF_FFFF for undefined length).
    pub length: u32,
    pub value: ValueRef,
    /// pydicom's `value_tell`: the value's offset, relative to the start of the
    /// innermost enclosing defined-length sequence value (0 at top level).
    pub value_tell: u64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatasetIndex {
    /// Elements in the order found; a repeated tag replaces the earlier element.
    pub elements: Vec<ElementRecord>,
    pub implicit_vr: bool,
    pub little_endian: bool,
    /// True when the tags are in ascending order (so lookups can bisect).
    pub sorted: bool,
}

impl DatasetIndex {
    pub fn new(implicit_vr: bool, little_endian: bool) -> Self {
        DatasetIndex { elements: Vec::new(), implicit_vr, little_endian, sorted: true }
    }

    /// Add an element, replacing one with the same tag (the later one wins).
    pub fn push(&mut self, rec: ElementRecord) {
        let in_order = self.elements.last().is_none_or(|last| rec.tag > last.tag);
        if self.sorted && in_order {
            self.elements.push(rec);
            return;
        }
        if let Some(existing) = self.position(rec.tag) {
            self.elements[existing] = rec;
            return;
        }
        if !in_order {
            self.sorted = false;
        }
        self.elements.push(rec);
    }

    pub fn position(&self, tag: u32) -> Option<usize> {
        if self.sorted {
            self.elements.binary_search_by_key(&tag, |e| e.tag).ok()
        } else {
            self.elements.iter().position(|e| e.tag == tag)
        }
    }

    pub fn get(&self, tag: u32) -> Option<&ElementRecord> {
        self.position(tag).map(|i| &self.elements[i])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemIndex {
    /// Shared, so that a Python item dataset can hold its part of the tree.
    pub dataset: Arc<DatasetIndex>,
    /// pydicom's `seq_item_tell`/`file_tell` of the item.
    pub item_tell: u64,
    pub undefined_length: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SequenceIndex {
    pub items: Vec<ItemIndex>,
    pub undefined_length: bool,
}
