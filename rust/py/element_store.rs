//! `ElementStore`: the `_dict` of a dataset read from a file.
//!
//! A mapping of tag -> element like the dict pydicom keeps, but over the parsed
//! index: an element becomes a Python object (a RawDataElement) only when it is
//! looked up, and stays that object afterwards. Elements the user sets or deletes
//! are recorded on top of the index. This file holds the store's state and the
//! lookups; `store_methods` its Python API and the elements made natively.

use std::sync::Arc;

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::buffer::Buffer;
use super::{registry, values};
use rapidicom_core::dicomdir::fields::Lookup;
use rapidicom_core::index::{DatasetIndex, ValueRef};
use rapidicom_core::vr::Vr;

/// Per element: the Python object once made (None: not made yet). Removals are a
/// bit each, so that a kept header costs 8 bytes per element here.
pub(super) struct Slots {
    pub(super) values: Vec<Option<Py<PyAny>>>,
    pub(super) removed: Vec<u64>,
}

pub(super) enum Slot<'a> {
    Unread,
    Value(&'a Py<PyAny>),
    Removed,
}

impl Slots {
    pub(super) fn new(n: usize) -> Self {
        Slots {
            values: (0..n).map(|_| None).collect(),
            removed: vec![0; n.div_ceil(64)],
        }
    }

    pub(super) fn get(&self, i: usize) -> Slot<'_> {
        if self.removed[i / 64] & (1 << (i % 64)) != 0 {
            return Slot::Removed;
        }
        match &self.values[i] {
            Some(v) => Slot::Value(v),
            None => Slot::Unread,
        }
    }

    pub(super) fn set(&mut self, i: usize, value: Py<PyAny>) {
        self.removed[i / 64] &= !(1 << (i % 64));
        self.values[i] = Some(value);
    }

    pub(super) fn remove(&mut self, i: usize) {
        self.removed[i / 64] |= 1 << (i % 64);
        self.values[i] = None;
    }
}

/// The private creator found last while making elements in one call: private
/// elements come in blocks, so it is usually the one the next element needs.
/// Kept for one call only (the creator element may change between calls).
#[derive(Default)]
pub(super) struct CreatorMemo {
    pub(super) last: Option<(u32, Option<values::Creator>)>,
}

#[pyclass(module = "rapidicom._native", mapping)]
pub struct ElementStore {
    pub(super) buf: Buffer,
    pub(super) index: Arc<DatasetIndex>,
    pub(super) slots: Slots,
    /// Elements set that are not in the index, in the order they were added.
    pub(super) extra: Vec<(u32, Py<PyAny>)>,
    pub(super) len: usize,
    /// The value of a `Deferred` element read apart from the buffer (large pixel
    /// data, see `rapidicom_core::read_file::split`), by index position, until it is used.
    pub(super) detached: Option<(usize, Py<PyBytes>)>,
}

/// A present element, for the writer: not used yet (its position in the index),
/// or the Python object stored for it.
pub enum Entry {
    Unread(usize),
    Object(Py<PyAny>),
}

impl ElementStore {
    /// Every present element in tag order.
    pub fn entries_sorted(&self, py: Python<'_>) -> Vec<(u32, Entry)> {
        let mut entries: Vec<(u32, Entry)> = self
            .index
            .elements
            .iter()
            .enumerate()
            .filter_map(|(i, rec)| match self.slots.get(i) {
                Slot::Removed => None,
                Slot::Unread => Some((rec.tag, Entry::Unread(i))),
                Slot::Value(v) => Some((rec.tag, Entry::Object(v.clone_ref(py)))),
            })
            .collect();
        entries.extend(
            self.extra
                .iter()
                .map(|(t, v)| (*t, Entry::Object(v.clone_ref(py)))),
        );
        if !self.index.sorted() || !self.extra.is_empty() {
            entries.sort_by_key(|(t, _)| *t);
        }
        entries
    }

    pub fn buffer(&self) -> Buffer {
        self.buf.clone()
    }

    /// `tag` as read, for native readers of a few elements (the DICOMDIR walk):
    /// the value's bytes while untouched, `Elsewhere` once Python holds it.
    pub fn lookup_as_read(&self, tag: u32) -> Lookup<'_> {
        if self.extra.iter().any(|(t, _)| *t == tag) {
            return Lookup::Elsewhere;
        }
        let Some(i) = self.index.position(tag) else {
            return Lookup::Absent;
        };
        match self.slots.get(i) {
            Slot::Removed => Lookup::Absent,
            Slot::Value(_) => Lookup::Elsewhere,
            Slot::Unread => {
                let rec = &self.index.elements[i];
                let vr = rec
                    .resolved_vr()
                    .and_then(|v| <[u8; 2]>::try_from(v.as_bytes()).ok())
                    .or(rec.vr)
                    .and_then(Vr::from_bytes);
                let little = self.index.little_endian;
                match (vr, &rec.value) {
                    (Some(vr), ValueRef::Bytes { .. }) => Lookup::Read {
                        vr,
                        bytes: &self.buf[rec.value.range().expect("loaded value")],
                        little,
                    },
                    (Some(vr), ValueRef::Empty { .. }) => Lookup::Read {
                        vr,
                        bytes: &[],
                        little,
                    },
                    _ => Lookup::Elsewhere,
                }
            }
        }
    }

    pub fn index(&self) -> Arc<DatasetIndex> {
        self.index.clone()
    }

    pub fn new(buf: Buffer, index: Arc<DatasetIndex>) -> Self {
        let n = index.elements.len();
        ElementStore {
            buf,
            index,
            slots: Slots::new(n),
            extra: Vec::new(),
            len: n,
            detached: None,
        }
    }

    /// The store, with the value of the element at index position `i` (read as
    /// `Deferred`) given apart.
    pub fn with_detached(mut self, i: usize, value: Py<PyBytes>) -> Self {
        self.detached = Some((i, value));
        self
    }

    pub(super) fn detached_value(&self, i: usize) -> Option<&Py<PyBytes>> {
        self.detached
            .as_ref()
            .filter(|(at, _)| *at == i)
            .map(|(_, v)| v)
    }

    /// The slot of element `i` is set: a value given apart is held there now.
    pub(super) fn settle_slot(&mut self, i: usize, value: Py<PyAny>) {
        self.slots.set(i, value);
        if self.detached.as_ref().is_some_and(|(at, _)| *at == i) {
            self.detached = None;
        }
    }

    /// What iterating gives for `tag` (at index position `at`, if any) when it
    /// is a DataElement made already; None for anything else.
    pub(super) fn made_element(
        &self,
        py: Python<'_>,
        tag: u32,
        at: Option<usize>,
    ) -> Option<Py<PyAny>> {
        let found = match at {
            Some(i) => match self.slots.get(i) {
                Slot::Value(v) => Some(v),
                _ => None,
            },
            None => self.extra.iter().find(|(t, _)| *t == tag).map(|(_, v)| v),
        }?;
        registry::is_data_element(py, found.bind(py)).then(|| found.clone_ref(py))
    }

    /// The present tags in ascending order, each with its index position.
    pub(super) fn iteration_order(&self) -> Vec<(u32, Option<usize>)> {
        let mut order: Vec<(u32, Option<usize>)> = self
            .index
            .elements
            .iter()
            .enumerate()
            .filter(|(i, _)| !matches!(self.slots.get(*i), Slot::Removed))
            .map(|(i, e)| (e.tag, Some(i)))
            .collect();
        order.extend(self.extra.iter().map(|(t, _)| (*t, None)));
        order.sort_unstable_by_key(|&(tag, _)| tag);
        order
    }

    pub(super) fn present_tags(&self) -> Vec<u32> {
        let mut tags: Vec<u32> = self
            .index
            .elements
            .iter()
            .enumerate()
            .filter(|(i, _)| !matches!(self.slots.get(*i), Slot::Removed))
            .map(|(_, e)| e.tag)
            .collect();
        tags.extend(self.extra.iter().map(|(t, _)| *t));
        tags
    }
}

pub(super) fn key_of(key: &Bound<'_, PyAny>) -> Option<u32> {
    key.extract::<u32>().ok()
}

pub(super) fn key_error(key: &Bound<'_, PyAny>) -> PyErr {
    PyKeyError::new_err(key.clone().unbind())
}
