//! Every attribute of a file's header, as a whole-header table holds it: each
//! element named (its keyword; a private one by group, creator and offset),
//! its value decoded where `values::decode` is certain of it, sequences as
//! their items' attributes, and bulk data (pixel data, long binary values) as
//! where it lies in the file instead of its bytes.

pub mod columns;
pub mod file;
pub mod file_table;
pub mod form;
#[cfg(test)]
mod tests;

use crate::dict;
use crate::index::{DatasetIndex, ElementRecord, SequenceIndex, ValueRef};
use crate::parse::{parse_sequence_value, ParsedFile, ReadOptions};
use crate::table::{ascii_character_set_of, cell, Cell as TableCell, Values};
use crate::tag::Tag;
use crate::values::fast_vr;
use crate::vr::{Kind, Vr};
pub use form::column_name;
use form::{column_of, Form};
use std::borrow::Cow;

/// One element of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub tag: u32,
    /// The column it belongs in (see `column_name`).
    pub name: Cow<'static, str>,
    /// The VR its value was decoded with, where certain.
    pub vr: Option<Vr>,
    /// Its column's type (see `form::form_of`).
    pub form: Form,
    pub cell: Cell,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An empty value.
    Null,
    Value(Values),
    /// The full (Python) path must decode it: a value `values::decode` is not
    /// certain of (non-ASCII text, an ambiguous VR, a value pydicom warns about).
    Python,
    /// A binary value left in the file: `length` bytes at `offset` of the file
    /// (None for a deflated file, whose dataset is not in the file as read).
    Bulk {
        offset: Option<u64>,
        length: u64,
    },
    /// A sequence: each item's attributes.
    Items(Vec<Vec<Attribute>>),
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Binary values (OB, OW, OD, OF, OL, OV, UN) longer than this are `Bulk`.
    pub bulk_threshold: usize,
    /// Sequences nested deeper than this are left to Python.
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bulk_threshold: 1024,
            max_depth: 32,
        }
    }
}

/// The top-level attributes of a parsed file's dataset, in tag order. `data`
/// is what `parsed` indexes (the file as read).
pub fn attributes(data: &[u8], parsed: &ParsedFile, opts: &Options) -> Vec<Attribute> {
    let walk = Walk {
        data: parsed.inflated.as_deref().unwrap_or(data),
        in_file: parsed.inflated.is_none(),
        gap: parsed.dataset.gap(),
        opts,
    };
    let ascii = ascii_character_set_of(walk.data, &parsed.dataset).unwrap_or(true);
    walk.dataset(&parsed.dataset, ascii, 0)
}

struct Walk<'a> {
    data: &'a [u8],
    in_file: bool,
    /// See `DatasetIndex::gap`: values after `at` lie `len` bytes later in the file.
    gap: Option<(u64, u64)>,
    opts: &'a Options,
}

impl Walk<'_> {
    fn dataset(&self, index: &DatasetIndex, ascii: bool, depth: usize) -> Vec<Attribute> {
        let ascii = ascii_character_set_of(self.data, index).unwrap_or(ascii);
        let mut order: Vec<&ElementRecord> = index.elements.iter().collect();
        if !index.sorted() {
            order.sort_by_key(|rec| rec.tag);
        }
        order
            .into_iter()
            .filter(|rec| !is_group_length(rec.tag) && !Tag(rec.tag).is_private_creator())
            .map(|rec| {
                let creator = private_creator(self.data, index, rec.tag);
                let vr = fast_vr(rec, creator.as_deref());
                let cell = self.cell(index, rec, vr, ascii, depth);
                let read_vr = rec.vr.and_then(Vr::from_bytes).or(vr);
                let (name, form) = column_of(rec.tag, creator.as_deref(), read_vr);
                Attribute {
                    tag: rec.tag,
                    name,
                    form,
                    vr: if matches!(cell, Cell::Items(_)) {
                        Some(Vr::SQ)
                    } else {
                        vr
                    },
                    cell,
                }
            })
            .collect()
    }

    fn cell(
        &self,
        index: &DatasetIndex,
        rec: &ElementRecord,
        vr: Option<Vr>,
        ascii: bool,
        depth: usize,
    ) -> Cell {
        if let Some(items) = self.items(index, rec, ascii, depth) {
            return items;
        }
        let binary = vr.is_none_or(|vr| vr.kind() == Kind::Bytes) || rec.resolved_vr().is_some();
        if binary {
            if let Some(bulk) = self.bulk(rec) {
                return bulk;
            }
        }
        match vr {
            Some(vr) => match cell(vr, rec, self.data, index.little_endian, ascii) {
                TableCell::Null => Cell::Null,
                TableCell::Value(v) => Cell::Value(v),
                TableCell::Python => Cell::Python,
            },
            None if matches!(rec.value, ValueRef::Empty { .. }) => Cell::Null,
            None => Cell::Python,
        }
    }

    /// A sequence's items, parsed now when the sequence has a defined length.
    fn items(
        &self,
        index: &DatasetIndex,
        rec: &ElementRecord,
        ascii: bool,
        depth: usize,
    ) -> Option<Cell> {
        let seq_owned;
        let seq: &SequenceIndex = match &rec.value {
            ValueRef::Sequence(seq) => seq,
            ValueRef::Bytes { .. } if is_sequence(rec) => {
                let range = rec.value.range()?;
                let tell = index.value_tell(rec);
                let opts = ReadOptions::default();
                let (seq, warnings) = parse_sequence_value(
                    self.data,
                    range,
                    tell,
                    index.implicit_vr,
                    index.little_endian,
                    &opts,
                    depth + 1,
                )
                .ok()?;
                if !warnings.is_empty() {
                    return Some(Cell::Python);
                }
                seq_owned = seq;
                &seq_owned
            }
            ValueRef::Empty { .. } if is_sequence(rec) => return Some(Cell::Items(Vec::new())),
            _ => return None,
        };
        if depth >= self.opts.max_depth {
            return Some(Cell::Python);
        }
        Some(Cell::Items(
            seq.items
                .iter()
                .map(|item| self.dataset(&item.dataset, ascii, depth + 1))
                .collect(),
        ))
    }

    fn bulk(&self, rec: &ElementRecord) -> Option<Cell> {
        let length = match &rec.value {
            ValueRef::Bytes { len, .. } if *len as usize > self.opts.bulk_threshold => {
                u64::from(*len)
            }
            // A deferred value was not read: it is long.
            ValueRef::Deferred { .. } => u64::from(rec.length),
            _ => return None,
        };
        let start = rec.value.start();
        let offset = self.in_file.then(|| match self.gap {
            Some((at, len)) if start > at => start + len,
            _ => start,
        });
        Some(Cell::Bulk { offset, length })
    }
}

/// An SQ element as read, as settled while reading, or named SQ by the
/// dictionary (implicit VR).
fn is_sequence(rec: &ElementRecord) -> bool {
    match (rec.resolved_vr(), rec.vr) {
        (Some(resolved), _) => resolved == "SQ",
        (None, Some(vr)) => &vr == b"SQ",
        (None, None) => {
            !Tag(rec.tag).is_private()
                && dict::element_or_repeater(rec.tag).is_some_and(|e| e.vr == "SQ")
        }
    }
}

fn is_group_length(tag: u32) -> bool {
    tag & 0xFFFF == 0
}

/// The value of the private creator of a private element's block, trimmed.
fn private_creator(data: &[u8], index: &DatasetIndex, tag: u32) -> Option<String> {
    let tag = Tag(tag);
    if !tag.is_private() || tag.element() < 0x1000 {
        return None;
    }
    let rec = index.get(tag.private_creator().0)?;
    let text = std::str::from_utf8(&data[rec.value.range()?]).ok()?;
    Some(text.trim_matches([' ', '\0']).to_owned())
}
