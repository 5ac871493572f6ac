//! The element index: what stage 1 (parse) hands to stage 2 (values) and to Python.
//!
//! Values are not decoded here: an element records where its bytes are. Undefined
//! length sequences are parsed while reading (their end is only found that way);
//! defined-length ones stay as byte ranges and are parsed when first used, which is
//! also where pydicom parses each.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Where an element's value is. Offsets are u64 and lengths u32 (a value's length
/// field is 32 bits), which keeps records small: a header keeps one per element.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef {
    /// `len` bytes at `start` in the source buffer. Shorter than the declared
    /// length when the data ends early (pydicom keeps such values as they are).
    Bytes { start: u64, len: u32 },
    /// Declared length 0; `start` is where the value would begin.
    Empty { start: u64 },
    /// Not loaded: larger than `defer_size`.
    Deferred { start: u64 },
    /// An undefined-length sequence, parsed while reading (boxed: records stay small).
    Sequence(Box<SequenceIndex>),
}

impl ValueRef {
    pub fn bytes(start: usize, end: usize) -> ValueRef {
        ValueRef::Bytes {
            start: start as u64,
            len: (end - start) as u32,
        }
    }

    /// The byte range of a loaded value.
    pub fn range(&self) -> Option<Range<usize>> {
        match *self {
            ValueRef::Bytes { start, len } => Some(start as usize..start as usize + len as usize),
            _ => None,
        }
    }

    /// Where the value starts.
    pub fn start(&self) -> u64 {
        match self {
            ValueRef::Bytes { start, .. }
            | ValueRef::Empty { start }
            | ValueRef::Deferred { start } => *start,
            ValueRef::Sequence(seq) => seq.value_start,
        }
    }
}

/// The VR pydicom settles on while reading an undefined-length element (from the
/// dictionary, or SQ by inference), as a code; the text is `resolved_vr()`.
pub const RESOLVED_NONE: u8 = 0;
const RESOLVED_NAMES: [&str; 7] = [
    "",
    "SQ",
    "OB or OW",
    "US or SS or OW",
    "US or SS",
    "US or OW",
    "NONE",
];

pub fn resolved_code(vr: &str) -> Option<u8> {
    if let Some(i) = RESOLVED_NAMES.iter().position(|n| *n == vr) {
        return Some(i as u8);
    }
    crate::vr::Vr::ALL
        .iter()
        .position(|v| v.as_str() == vr)
        .map(|i| (RESOLVED_NAMES.len() + i) as u8)
}

fn resolved_name(code: u8) -> Option<&'static str> {
    let code = code as usize;
    match code {
        0 => None,
        c if c < RESOLVED_NAMES.len() => Some(RESOLVED_NAMES[c]),
        c => crate::vr::Vr::ALL
            .get(c - RESOLVED_NAMES.len())
            .map(|v| v.as_str()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ElementRecord {
    pub tag: u32,
    /// The length field (0xFFFF_FFFF for undefined length).
    pub length: u32,
    /// The VR as found: two bytes for explicit VR, None for implicit VR (and for
    /// elements read as implicit after an explicit-VR stream switched).
    pub vr: Option<[u8; 2]>,
    /// See `resolved_code`; RESOLVED_NONE for defined-length elements.
    pub resolved: u8,
    pub value: ValueRef,
}

impl ElementRecord {
    /// The VR pydicom settled on while reading, for undefined-length elements.
    pub fn resolved_vr(&self) -> Option<&'static str> {
        resolved_name(self.resolved)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatasetIndex {
    /// Elements in the order found; a repeated tag replaces the earlier element.
    pub elements: Vec<ElementRecord>,
    pub implicit_vr: bool,
    pub little_endian: bool,
    /// Offset that pydicom's `value_tell` counts from: the start of the innermost
    /// enclosing defined-length sequence value (0 at top level).
    pub base: u64,
    /// Tag -> position, built only when the tags are not in ascending order (then
    /// lookups cannot bisect, and scanning would make hostile files quadratic).
    unordered: Option<HashMap<u32, usize>>,
    /// (at, len): the source holds no bytes for the `len` bytes of file after
    /// offset `at` (a value read apart, see `read_file::split`), so values after
    /// `at` sit `len` bytes later in the file than in the source.
    gap: Option<(u64, u64)>,
}

impl DatasetIndex {
    pub fn new(implicit_vr: bool, little_endian: bool, base: u64) -> Self {
        DatasetIndex {
            elements: Vec::new(),
            implicit_vr,
            little_endian,
            base,
            unordered: None,
            gap: None,
        }
    }

    /// pydicom's `value_tell` of an element of this dataset.
    pub fn value_tell(&self, rec: &ElementRecord) -> u64 {
        let start = rec.value.start();
        match self.gap {
            Some((at, len)) if start > at => start + len - self.base,
            _ => start - self.base,
        }
    }

    /// See `gap`: (at, len) when a value was read apart.
    pub fn gap(&self) -> Option<(u64, u64)> {
        self.gap
    }

    /// See `gap`.
    pub fn set_gap(&mut self, at: u64, len: u64) {
        self.gap = Some((at, len));
    }

    /// True when the tags are in ascending order.
    pub fn sorted(&self) -> bool {
        self.unordered.is_none()
    }

    /// Add an element, replacing one with the same tag (the later one wins).
    /// Inlined: the parser's record is then written straight into place (called
    /// through, each push stalled on reloading the record the caller had just
    /// stored).
    #[inline(always)]
    pub fn push(&mut self, rec: ElementRecord) {
        if self.unordered.is_none() && self.elements.last().is_none_or(|last| rec.tag > last.tag) {
            self.elements.push(rec);
            return;
        }
        self.push_out_of_order(rec);
    }

    #[cold]
    fn push_out_of_order(&mut self, rec: ElementRecord) {
        if let Some(existing) = self.position(rec.tag) {
            self.elements[existing] = rec;
            return;
        }
        let positions = self.unordered.get_or_insert_with(|| {
            self.elements
                .iter()
                .enumerate()
                .map(|(i, e)| (e.tag, i))
                .collect()
        });
        positions.insert(rec.tag, self.elements.len());
        self.elements.push(rec);
    }

    pub fn position(&self, tag: u32) -> Option<usize> {
        match &self.unordered {
            None => self.elements.binary_search_by_key(&tag, |e| e.tag).ok(),
            Some(positions) => positions.get(&tag).copied(),
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
    /// Where the sequence's value starts.
    pub value_start: u64,
}
