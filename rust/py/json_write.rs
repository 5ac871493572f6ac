//! `Dataset.to_json` without a dict per element: the text is written directly
//! from the element index for elements still as read (`rapidicom_core::json::element`),
//! and through sequences of Python datasets. Any other element is asked of
//! Python (`element_text`), which gives pydicom's text and errors for it.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::buffer::Buffer;
use super::element_store::{ElementStore, Entry};
use super::modes::{flags, RAISE};
use super::python_names as names;
use super::registry::is_data_element;
use super::values::{fast_vr, first_codec_ascii_compatible, LUT_DESCRIPTORS};
use rapidicom_core::dict;
use rapidicom_core::index::{DatasetIndex, ElementRecord, SequenceIndex, ValueRef};
use rapidicom_core::json::element::{push_decoded, push_empty, push_tags};
use rapidicom_core::json::text::push_str;
use rapidicom_core::parse::{self, ReadOptions};
use rapidicom_core::tags::SPECIFIC_CHARACTER_SET;
use rapidicom_core::values::{self, Context, Decoded};
use rapidicom_core::vr::Vr;

/// Deeper than this, sequences are left to Python (which bounds its recursion).
const MAX_DEPTH: usize = 64;

struct JsonWriter<'py> {
    py: Python<'py>,
    config: u32,
    suppress: bool,
    /// `element_text(elem) -> str`: one element's JSON by pydicom's rules.
    element_text: Bound<'py, PyAny>,
    /// `report(json_key, exc, suppressed)`: logs an element that failed.
    report: Bound<'py, PyAny>,
    /// `charset(ds)`: the codecs a store-backed dataset decodes text with.
    charset: Bound<'py, PyAny>,
    /// How defined-length sequence values are parsed (pydicom's reading settings).
    parse: ReadOptions,
    out: String,
}

/// The JSON text of `ds` (the default `to_json`): `config` is the native fast
/// path's flags for this thread, `suppress` is `suppress_invalid_tags`, and
/// `reading` is (infer_sq_for_un_vr, replace_un_with_known_vr,
/// assume_implicit_vr_switch).
#[pyfunction]
pub fn dataset_to_json(
    py: Python<'_>,
    ds: &Bound<'_, PyAny>,
    config: u32,
    suppress: bool,
    element_text: &Bound<'_, PyAny>,
    report: &Bound<'_, PyAny>,
    charset: &Bound<'_, PyAny>,
    reading: (bool, bool, bool),
) -> PyResult<String> {
    let (infer_sq_for_un_vr, replace_un_with_known_vr, assume_implicit_vr_switch) = reading;
    let parse = ReadOptions {
        strict: config & flags::MODE_MASK == RAISE,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        ..ReadOptions::default()
    };
    let mut writer = JsonWriter {
        parse,
        py,
        config,
        suppress,
        element_text: element_text.clone(),
        report: report.clone(),
        charset: charset.clone(),
        out: String::new(),
    };
    writer.python_dataset(ds, 0)?;
    Ok(writer.out)
}

impl<'py> JsonWriter<'py> {
    fn strict(&self) -> bool {
        self.config & flags::MODE_MASK == RAISE
    }

    /// `{...}` for a Python dataset: its store's entries, or its dict's.
    fn python_dataset(&mut self, ds: &Bound<'py, PyAny>, depth: usize) -> PyResult<()> {
        let elements = ds.getattr(intern!(self.py, names::ELEMENTS))?;
        self.out.push('{');
        let mut first = true;
        if let Ok(store) = elements.cast::<ElementStore>() {
            let (entries, index, buf) = {
                let s = store.borrow();
                (s.entries_sorted(self.py), s.index(), s.buffer())
            };
            let ascii = first_codec_ascii_compatible(&self.charset.call1((ds,))?);
            let src = Source {
                index: &index,
                buf: &buf,
                ascii,
            };
            // A private element's VR (implicit VR data) depends on its creator:
            // read it from the index only while the creator is as read too.
            let unread = |tag: u32| {
                entries
                    .binary_search_by_key(&tag, |(t, _)| *t)
                    .is_ok_and(|k| matches!(entries[k].1, Entry::Unread(_)))
            };
            for (tag, entry) in &entries {
                let tag = *tag;
                self.element(ds, tag, depth, &mut first, |w| match entry {
                    Entry::Unread(i) => {
                        let rec = &index.elements[*i];
                        let creator_known =
                            !is_private(tag) || rec.vr.is_some() || unread(creator_tag(tag));
                        Ok(creator_known && w.unread_element(&src, rec, depth))
                    }
                    Entry::Object(obj) => w.object_element(obj.bind(w.py), depth),
                })?;
            }
        } else {
            let dict = elements.cast::<PyDict>()?;
            let keys = PyList::new(self.py, dict.keys())?;
            keys.sort()?;
            for key in keys.iter() {
                let tag: u32 = key.extract()?;
                self.element(ds, tag, depth, &mut first, |w| {
                    match dict.get_item(&key)? {
                        Some(obj) => w.object_element(&obj, depth),
                        None => Ok(false),
                    }
                })?;
            }
        }
        self.out.push('}');
        Ok(())
    }

    /// `"GGGGEEEE": {...}` (after a separator unless `first`): written by `native`
    /// if it can (true), else by Python. An element that fails while suppressed
    /// leaves nothing behind.
    fn element(
        &mut self,
        ds: &Bound<'py, PyAny>,
        tag: u32,
        depth: usize,
        first: &mut bool,
        native: impl FnOnce(&mut Self) -> PyResult<bool>,
    ) -> PyResult<()> {
        let mark = self.out.len();
        if !*first {
            self.out.push_str(", ");
        }
        push_key(&mut self.out, tag);
        let body = self.out.len();
        let written = match native(self) {
            Ok(written) => written,
            Err(err) => return self.failed(err, tag, mark, depth),
        };
        if !written {
            // Python makes the element (a sequence's items are then walked here).
            self.out.truncate(body);
            let made = ds.get_item(tag).and_then(|elem| {
                if self.object_element(&elem, depth)? {
                    return Ok(());
                }
                self.out.truncate(body);
                let text = self.element_text.call1((elem,))?;
                self.out.push_str(text.extract::<&str>()?);
                Ok(())
            });
            if let Err(err) = made {
                return self.failed(err, tag, mark, depth);
            }
        }
        *first = false;
        Ok(())
    }

    /// An element failed: logged as pydicom logs it, then dropped (top level,
    /// suppressing: the output goes back to `mark`) or raised.
    fn failed(&mut self, err: PyErr, tag: u32, mark: usize, depth: usize) -> PyResult<()> {
        let suppressed = self.suppress && depth == 0;
        let key = format!("{tag:08X}");
        self.report.call1((key, err.value(self.py), suppressed))?;
        if suppressed {
            self.out.truncate(mark);
            return Ok(());
        }
        Err(err)
    }

    /// A DataElement object: written here only if it is a sequence (its items
    /// are datasets, walked the same way). False: ask Python.
    fn object_element(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> PyResult<bool> {
        if depth >= MAX_DEPTH || !is_data_element(self.py, obj) {
            return Ok(false);
        }
        let vr = obj.getattr(intern!(self.py, names::VR))?;
        if vr.extract::<&str>().ok() != Some("SQ") {
            return Ok(false);
        }
        let items = obj.getattr(intern!(self.py, names::RAW_VALUE))?;
        self.out.push_str("{\"Value\": [");
        for (i, item) in items.try_iter()?.enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.python_dataset(&item?, depth + 1)?;
        }
        self.out.push_str("], \"vr\": \"SQ\"}");
        Ok(true)
    }

    /// An element still as read, written from its bytes; false when only the
    /// Python path can tell its value (the caller rewinds).
    fn unread_element(&mut self, src: &Source<'_>, rec: &ElementRecord, depth: usize) -> bool {
        if self.config & flags::OFF != 0 || LUT_DESCRIPTORS.contains(&rec.tag) {
            return false;
        }
        if let ValueRef::Sequence(seq) = &rec.value {
            if rec.resolved_vr() != Some("SQ") {
                return false;
            }
            return self.sequence(src, seq, depth);
        }
        if is_defined_length_sequence(rec) {
            return self.defined_length_sequence(src, rec, depth);
        }
        let creator = if is_private(rec.tag) && rec.vr.is_none() {
            match index_creator(src, rec.tag) {
                Some(c) => Some(c),
                None => return false,
            }
        } else {
            None
        };
        let Some(vr) = fast_vr(rec, creator.as_deref()) else {
            return false;
        };
        if matches!(vr, Vr::DA | Vr::DT | Vr::TM) && self.config & flags::DATETIME != 0
            || vr == Vr::DS && self.config & flags::DS_SPECIAL != 0
            || vr == Vr::IS && self.config & flags::IS_NUMPY != 0
        {
            return false;
        }
        let charset_text = matches!(
            vr,
            Vr::LO | Vr::SH | Vr::UC | Vr::LT | Vr::ST | Vr::UT | Vr::PN
        );
        if charset_text && !src.ascii {
            return false;
        }
        match &rec.value {
            ValueRef::Empty { .. } => {
                push_empty(&mut self.out, vr.as_str());
                true
            }
            ValueRef::Bytes { .. } => {
                let bytes = &src.buf[rec.value.range().expect("bytes")];
                let little = src.index.little_endian;
                if vr == Vr::AT {
                    return push_tags(&mut self.out, bytes, little);
                }
                let ctx = Context {
                    strict: self.strict(),
                };
                match values::decode(vr, bytes, little, ctx) {
                    Some(decoded) => push_decoded(&mut self.out, vr, &decoded),
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// `{"Value": [items], "vr": "SQ"}` for items still as read.
    fn sequence(&mut self, src: &Source<'_>, seq: &SequenceIndex, depth: usize) -> bool {
        if depth >= MAX_DEPTH {
            return false;
        }
        self.out.push_str("{\"Value\": [");
        for (i, item) in seq.items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            // An item with its own character set decodes differently: Python.
            if item.dataset.get(SPECIFIC_CHARACTER_SET).is_some() {
                return false;
            }
            let inner = Source {
                index: &item.dataset,
                buf: src.buf,
                ascii: src.ascii,
            };
            if !self.index_dataset(&inner, depth + 1) {
                return false;
            }
        }
        self.out.push_str("], \"vr\": \"SQ\"}");
        true
    }

    /// A defined-length sequence, parsed here as pydicom parses it on use; one
    /// that parses with warnings or errors is left to Python to report.
    fn defined_length_sequence(
        &mut self,
        src: &Source<'_>,
        rec: &ElementRecord,
        depth: usize,
    ) -> bool {
        let Some(range) = rec.value.range() else {
            self.out.push_str("{\"Value\": [], \"vr\": \"SQ\"}");
            return matches!(rec.value, ValueRef::Empty { .. });
        };
        let tell = src.index.value_tell(rec);
        let index = src.index;
        let parsed = parse::parse_sequence_value(
            src.buf,
            range,
            tell,
            index.implicit_vr,
            index.little_endian,
            &self.parse,
            depth + 1,
        );
        match parsed {
            Ok((seq, warnings)) if warnings.is_empty() => self.sequence(src, &seq, depth),
            _ => false,
        }
    }

    /// `{...}` for a dataset all of whose elements are still as read.
    fn index_dataset(&mut self, src: &Source<'_>, depth: usize) -> bool {
        let mut order: Vec<usize> = (0..src.index.elements.len()).collect();
        if !src.index.sorted() {
            order.sort_by_key(|&i| src.index.elements[i].tag);
        }
        self.out.push('{');
        for (n, &i) in order.iter().enumerate() {
            if n > 0 {
                self.out.push_str(", ");
            }
            let rec = &src.index.elements[i];
            push_key(&mut self.out, rec.tag);
            if !self.unread_element(src, rec, depth) {
                return false;
            }
        }
        self.out.push('}');
        true
    }
}

/// A dataset's index and the bytes it points into.
struct Source<'a> {
    index: &'a DatasetIndex,
    buf: &'a Buffer,
    /// Text in the dataset's character set reads as ASCII where it is ASCII.
    ascii: bool,
}

/// A sequence whose value is still bytes: SQ as read, or by the dictionary.
fn is_defined_length_sequence(rec: &ElementRecord) -> bool {
    match rec.vr {
        Some(vr) => vr == *b"SQ",
        None => {
            !is_private(rec.tag)
                && rec.resolved_vr().is_none()
                && dict::element_or_repeater(rec.tag).is_some_and(|e| e.vr == "SQ")
        }
    }
}

fn is_private(tag: u32) -> bool {
    (tag >> 16) % 2 == 1
}

fn creator_tag(tag: u32) -> u32 {
    (tag & 0xFFFF_0000) | ((tag & 0xFFFF) >> 8)
}

/// The private creator of `tag`'s block, read from the index: "" when there is
/// none (the element is then private data without a creator); None when the
/// creator's value is not plain text.
fn index_creator(src: &Source<'_>, tag: u32) -> Option<String> {
    let creator = creator_tag(tag);
    if creator == tag {
        return Some(String::new());
    }
    let Some(rec) = src.index.get(creator) else {
        return Some(String::new());
    };
    let bytes = match &rec.value {
        ValueRef::Bytes { .. } => &src.buf[rec.value.range().expect("bytes")],
        ValueRef::Empty { .. } => return Some(String::new()),
        _ => return None,
    };
    match values::decode(Vr::LO, bytes, src.index.little_endian, Context::default()) {
        Some(Decoded::Text(_, items)) if items.len() == 1 => Some(items[0].to_string()),
        _ => None,
    }
}

/// `"GGGGEEEE": ` (the keys sort as the tags do: uppercase hex, fixed width).
fn push_key(out: &mut String, tag: u32) {
    push_str(out, &format!("{tag:08X}"));
    out.push_str(": ");
}
