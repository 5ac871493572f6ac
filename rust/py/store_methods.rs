//! `ElementStore`'s Python API (a mapping like the dict pydicom keeps) and the
//! elements it makes natively on use: values the core decodes, sequences parsed
//! while reading, private elements with their creator.

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use super::buffer::ValueBytes;
use super::element_store::{key_error, key_of, CreatorMemo, ElementStore, Entry, Slot};
use super::iteration::ElementIter;
use super::python_names as names;
use super::raw_elements::raw_element;
use super::{registry, sequences, values};
use rapidicom_core::index::{ElementRecord, ValueRef};
use rapidicom_core::tags::SPECIFIC_CHARACTER_SET;
use rapidicom_core::vr::Vr;

impl ElementStore {
    pub(super) fn slot_value(&mut self, py: Python<'_>, i: usize) -> PyResult<Option<Py<PyAny>>> {
        match self.slots.get(i) {
            Slot::Value(v) => Ok(Some(v.clone_ref(py))),
            Slot::Removed => Ok(None),
            Slot::Unread => {
                let obj = raw_element(py, &self.buf, &self.index, i, self.detached_value(i))?;
                self.settle_slot(i, obj.clone_ref(py));
                Ok(Some(obj))
            }
        }
    }

    pub(super) fn lookup(&mut self, py: Python<'_>, tag: u32) -> PyResult<Option<Py<PyAny>>> {
        if let Some(i) = self.index.position(tag) {
            return self.slot_value(py, i);
        }
        Ok(self
            .extra
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.clone_ref(py)))
    }

    pub(super) fn remove(&mut self, py: Python<'_>, tag: u32) -> PyResult<Option<Py<PyAny>>> {
        if let Some(i) = self.index.position(tag) {
            let value = self.slot_value(py, i)?;
            if value.is_some() {
                self.slots.remove(i);
                self.len -= 1;
            }
            return Ok(value);
        }
        if let Some(pos) = self.extra.iter().position(|(t, _)| *t == tag) {
            self.len -= 1;
            return Ok(Some(self.extra.remove(pos).1));
        }
        Ok(None)
    }

    /// A plain dict of every element (materialising raw ones).
    pub(super) fn as_dict<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let tag_factory = registry::get(py)?;
        let dict = PyDict::new(py);
        for tag in self.present_tags() {
            if let Some(value) = self.lookup(py, tag)? {
                dict.set_item(tag_factory.tag_object(py, tag)?, value)?;
            }
        }
        Ok(dict)
    }

    /// The private creator value that Dataset.__setitem__ would attach to the private
    /// element `tag`: from the (gggg,00bb) element. None when only the Python path
    /// can tell (a creator set by the user to something other than a str, ...).
    pub(super) fn creator_of(
        &mut self,
        py: Python<'_>,
        tag: u32,
    ) -> PyResult<Option<values::Creator>> {
        let creator_tag = (tag & 0xFFFF_0000) | ((tag & 0xFFFF) >> 8);
        if creator_tag == tag {
            return Ok(Some(values::Creator::Absent));
        }
        let Some(i) = self.index.position(creator_tag) else {
            let set_by_user = self.extra.iter().any(|(t, _)| *t == creator_tag);
            return Ok((!set_by_user).then_some(values::Creator::Absent));
        };
        match self.slots.get(i) {
            Slot::Removed => Ok(Some(values::Creator::Absent)),
            Slot::Value(obj) => {
                // A DataElement's `value` property is `_value`; read it without
                // running the property (subclasses may differ: ask them).
                let obj = obj.bind(py);
                let value = if registry::is_data_element(py, obj) {
                    obj.getattr(pyo3::intern!(py, names::RAW_VALUE)).ok()
                } else {
                    obj.getattr(pyo3::intern!(py, names::VALUE)).ok()
                };
                Ok(value.and_then(|v| {
                    let text = v.cast_into::<PyString>().ok()?;
                    Some(values::Creator::Value(
                        text.to_str().ok()?.to_owned(),
                        text.unbind(),
                    ))
                }))
            }
            Slot::Unread => {
                let rec = &self.index.elements[i];
                let bytes = match &rec.value {
                    ValueRef::Bytes { .. } => &self.buf[rec.value.range().expect("bytes")],
                    ValueRef::Empty { .. } => &[][..],
                    _ => return Ok(None),
                };
                if rec.vr.is_some_and(|v| v != *b"LO") {
                    return Ok(None);
                }
                if bytes.is_empty() {
                    return Ok(Some(values::Creator::Value(
                        String::new(),
                        PyString::new(py, "").unbind(),
                    )));
                }
                let little = self.index.little_endian;
                match rapidicom_core::values::decode(
                    rapidicom_core::vr::Vr::LO,
                    bytes,
                    little,
                    Default::default(),
                ) {
                    Some(rapidicom_core::values::Decoded::Text(_, items)) if items.len() == 1 => {
                        Ok(Some(values::Creator::Value(
                            items[0].to_string(),
                            PyString::new(py, items[0]).unbind(),
                        )))
                    }
                    _ => Ok(None),
                }
            }
        }
    }

    /// The element at index position `i` made natively (see `element`) and kept in
    /// its slot, when it was not used yet and the fast path can make it.
    pub(super) fn make_unread(
        &mut self,
        py: Python<'_>,
        i: usize,
        encodings: &Bound<'_, PyAny>,
        config: u32,
        creators: &mut CreatorMemo,
        adopt: Option<&mut Vec<Py<PyAny>>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        if !matches!(self.slots.get(i), Slot::Unread) {
            return Ok(None);
        }
        let tag = self.index.elements[i].tag;
        let private = (tag >> 16) % 2 == 1;
        // Sequences, when the caller can have the dataset adopt them afterwards.
        if let Some(adopt) = adopt.filter(|_| !private) {
            let made =
                sequences::sequence_element(py, &self.buf, &self.index, i, encodings, config)?;
            if let Some((elem, needs_adoption)) = made {
                self.slots.set(i, elem.clone_ref(py));
                if needs_adoption {
                    adopt.push(elem.clone_ref(py));
                }
                return Ok(Some(elem));
            }
        }
        let absent = values::Creator::Absent;
        let creator = if private {
            let creator_tag = (tag & 0xFFFF_0000) | ((tag & 0xFFFF) >> 8);
            if creators
                .last
                .as_ref()
                .is_none_or(|(t, _)| *t != creator_tag)
            {
                creators.last = Some((creator_tag, self.creator_of(py, tag)?));
            }
            creators.last.as_ref().and_then(|(_, c)| c.as_ref())
        } else {
            Some(&absent)
        };
        let Some(creator) = creator else {
            return Ok(None);
        };
        let rec = &self.index.elements[i];
        let made = values::fast_element(
            py,
            rec,
            &self.buf,
            self.index.little_endian,
            encodings,
            config,
            registry::get(py)?,
            private.then_some(creator),
            self.index.value_tell(rec),
            self.detached_value(i),
        )?;
        if let Some(elem) = &made {
            self.settle_slot(i, elem.clone_ref(py));
        }
        Ok(made)
    }
}

#[pymethods]
impl ElementStore {
    fn __len__(&self) -> usize {
        self.len
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        let Some(tag) = key_of(key) else { return false };
        match self.index.position(tag) {
            Some(i) => !matches!(self.slots.get(i), Slot::Removed),
            None => self.extra.iter().any(|(t, _)| *t == tag),
        }
    }

    /// The element for `key`: as stored, or for an element not used yet, a
    /// DataElement made directly when possible (see `values`), else the
    /// RawDataElement for the Python path. `encodings` are the dataset's codecs and
    /// `config` rapidicom.config's `_fast_flags`.
    #[pyo3(signature = (key, encodings, config, default=None))]
    fn element(
        &mut self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        encodings: &Bound<'_, PyAny>,
        config: u32,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        // Without `default`, a missing key is a KeyError; with it, the default.
        let missing = |key: &Bound<'_, PyAny>, default: Option<Py<PyAny>>| {
            default.ok_or_else(|| key_error(key))
        };
        let Some(tag) = key_of(key) else {
            return missing(key, default);
        };
        let Some(i) = self.index.position(tag) else {
            return match self.lookup(py, tag)? {
                Some(v) => Ok(v),
                None => missing(key, default),
            };
        };
        if let Some(elem) =
            self.make_unread(py, i, encodings, config, &mut CreatorMemo::default(), None)?
        {
            return Ok(elem);
        }
        match self.slot_value(py, i)? {
            Some(v) => Ok(v),
            None => missing(key, default),
        }
    }

    /// `iter(dataset)` for `dataset`, whose `_dict` this is: every element the fast
    /// path can make is made first (see `materialize`).
    fn iterate(
        mut slf: PyRefMut<'_, Self>,
        dataset: Py<PyAny>,
        encodings: &Bound<'_, PyAny>,
        config: u32,
    ) -> PyResult<ElementIter> {
        let py = slf.py();
        let mut creators = CreatorMemo::default();
        let mut adopt = Vec::new();
        for i in 0..slf.index.elements.len() {
            slf.make_unread(py, i, encodings, config, &mut creators, Some(&mut adopt))?;
        }
        let order = slf.iteration_order();
        let store: Py<ElementStore> = slf.into();
        // The store is not borrowed any more: the dataset may look things up.
        sequences::adopt(py, &dataset, adopt)?;
        Ok(ElementIter::new(store, dataset, order))
    }

    /// Make every element not used yet that the fast path can make (see `element`),
    /// and return all tags as BaseTags in ascending order.
    fn materialize<'py>(
        &mut self,
        py: Python<'py>,
        encodings: &Bound<'py, PyAny>,
        config: u32,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut creators = CreatorMemo::default();
        for i in 0..self.index.elements.len() {
            self.make_unread(py, i, encodings, config, &mut creators, None)?;
        }
        self.sorted_tags(py)
    }

    fn __getitem__(&mut self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Some(tag) = key_of(key) else {
            return Err(key_error(key));
        };
        self.lookup(py, tag)?.ok_or_else(|| key_error(key))
    }

    #[pyo3(signature = (key, default=None))]
    fn get(
        &mut self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let found = match key_of(key) {
            Some(tag) => self.lookup(py, tag)?,
            None => None,
        };
        Ok(found.or(default).unwrap_or_else(|| py.None()))
    }

    fn __setitem__(&mut self, key: &Bound<'_, PyAny>, value: Py<PyAny>) -> PyResult<()> {
        let Some(tag) = key_of(key) else {
            return Err(PyTypeError::new_err(
                "the keys of a dataset are element tags",
            ));
        };
        if let Some(i) = self.index.position(tag) {
            if matches!(self.slots.get(i), Slot::Removed) {
                self.len += 1;
            }
            self.slots.set(i, value);
        } else if let Some(entry) = self.extra.iter_mut().find(|(t, _)| *t == tag) {
            entry.1 = value;
        } else {
            self.extra.push((tag, value));
            self.len += 1;
        }
        Ok(())
    }

    fn __delitem__(&mut self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(tag) = key_of(key) else {
            return Err(key_error(key));
        };
        self.remove(py, tag)?
            .map(|_| ())
            .ok_or_else(|| key_error(key))
    }

    #[pyo3(signature = (key, *default))]
    fn pop(
        &mut self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        let found = match key_of(key) {
            Some(tag) => self.remove(py, tag)?,
            None => None,
        };
        match (found, default.len()) {
            (Some(v), _) => Ok(v),
            (None, 0) => Err(key_error(key)),
            (None, _) => Ok(default.get_item(0)?.unbind()),
        }
    }

    fn popitem(&mut self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        let Some(&tag) = self.present_tags().last() else {
            return Err(PyKeyError::new_err("popitem(): dictionary is empty"));
        };
        let value = self.remove(py, tag)?.expect("a present tag has a value");
        Ok((registry::get(py)?.tag_object(py, tag)?, value))
    }

    fn clear(&mut self) {
        (0..self.slots.values.len()).for_each(|i| self.slots.remove(i));
        self.extra.clear();
        self.len = 0;
    }

    /// The tags present (as BaseTags, ascending) whose element may have one of
    /// `vrs`: its object's `VR` is one of them, or it has not been used yet (the
    /// caller looks at those itself).
    fn tags_with_vr<'py>(&self, py: Python<'py>, vrs: Vec<String>) -> PyResult<Bound<'py, PyList>> {
        let f = registry::get(py)?;
        let mut found = Vec::new();
        for (tag, entry) in self.entries_sorted(py) {
            let keep = match entry {
                Entry::Unread(i) => read_vr_may_be(&self.index.elements[i], &vrs),
                Entry::Object(obj) => {
                    let vr = obj.bind(py).getattr(pyo3::intern!(py, names::VR))?;
                    match vr.extract::<Option<String>>() {
                        Ok(Some(vr)) => vrs.contains(&vr),
                        _ => true,
                    }
                }
            };
            if keep {
                found.push(f.tag_object(py, tag)?);
            }
        }
        PyList::new(py, found)
    }

    /// The tags present, as plain ints (in file order, then additions).
    fn tags(&self) -> Vec<u32> {
        self.present_tags()
    }

    /// The tags present as BaseTags, in ascending order.
    fn sorted_tags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let mut tags = self.present_tags();
        tags.sort_unstable();
        let f = registry::get(py)?;
        PyList::new(
            py,
            tags.into_iter()
                .map(|t| f.tag_object(py, t))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let tag_factory = registry::get(py)?;
        let dict = PyDict::new(py);
        for tag in self.present_tags() {
            dict.set_item(tag_factory.tag_object(py, tag)?, py.None())?;
        }
        dict.call_method0("keys")
    }

    fn values<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_dict(py)?.call_method0("values")
    }

    fn items<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_dict(py)?.call_method0("items")
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let tag_factory = registry::get(py)?;
        let tags = self
            .present_tags()
            .into_iter()
            .map(|t| tag_factory.tag_object(py, t))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, tags)?.try_iter().map(|it| it.into_any())
    }

    /// A plain dict with the same elements.
    fn copy<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.as_dict(py)
    }

    /// Pickled (and deep-copied) as the plain dict it stands for.
    fn __reduce__<'py>(
        &mut self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        Ok((py.get_type::<PyDict>().into_any(), (self.as_dict(py)?,)))
    }

    /// The bytes of an element not used yet, as a read-only view of the file buffer
    /// (pixel data reaches numpy this way with one copy); None once it is used.
    fn unread_bytes(&self, py: Python<'_>, tag: u32) -> PyResult<Option<Py<PyAny>>> {
        let Some(i) = self.index.position(tag) else {
            return Ok(None);
        };
        if !matches!(self.slots.get(i), Slot::Unread) {
            return Ok(None);
        }
        match self.index.elements[i].value.range() {
            Some(range) => {
                let view = ValueBytes::new(self.buf.clone(), range.start, range.len());
                Ok(Some(Py::new(py, view)?.into_any()))
            }
            None => Ok(self.detached_value(i).map(|v| v.clone_ref(py).into_any())),
        }
    }

    /// The VR an element not used yet was read with (explicit VR data only).
    fn vr_as_read(&self, tag: u32) -> Option<String> {
        let i = self.index.position(tag)?;
        if !matches!(self.slots.get(i), Slot::Unread) {
            return None;
        }
        let vr = self.index.elements[i].vr?;
        Some(vr.iter().map(|&b| b as char).collect())
    }

    /// The Specific Character Set as read, when it is one plain term: that term;
    /// "" when the element is absent; None for anything else (several terms, an
    /// unusual value, an element used already), which Python works out itself.
    fn charset_term(&self) -> Option<String> {
        let Some(i) = self.index.position(SPECIFIC_CHARACTER_SET) else {
            return (!self.extra.iter().any(|(t, _)| *t == SPECIFIC_CHARACTER_SET))
                .then(String::new);
        };
        if !matches!(self.slots.get(i), Slot::Unread) {
            return None;
        }
        let rec = &self.index.elements[i];
        let bytes = &self.buf[rec.value.range()?];
        match rapidicom_core::values::decode(Vr::CS, bytes, true, Default::default()) {
            Some(rapidicom_core::values::Decoded::Text(_, terms))
                if terms.len() == 1 && !terms[0].is_empty() =>
            {
                Some(terms[0].to_string())
            }
            _ => None,
        }
    }

    /// Whether the element `tag` is present and still as read (not used yet).
    fn is_unread(&self, tag: u32) -> bool {
        self.index
            .position(tag)
            .is_some_and(|i| matches!(self.slots.get(i), Slot::Unread))
    }

    /// All the bytes the index points into (for a deflated file: the inflated data).
    fn buffer_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.buf)
    }

    /// How many bytes of the source are kept: for a read with
    /// `stop_before_pixels`, the offset where reading stopped.
    fn buffer_len(&self) -> usize {
        self.buf.len()
    }

    /// The encoding the elements were read with: (implicit VR, little endian).
    #[getter]
    fn encoding(&self) -> (bool, bool) {
        (self.index.implicit_vr, self.index.little_endian)
    }
}

/// Whether an element not used yet may have one of `vrs`: from its VR as read,
/// the one settled while reading, or the dictionary's (implicit VR); private
/// implicit elements may have any.
fn read_vr_may_be(rec: &ElementRecord, vrs: &[String]) -> bool {
    let known = |vr: &str| vrs.iter().any(|v| v == vr);
    if let Some(vr) = rec.resolved_vr() {
        return known(vr);
    }
    match rec.vr {
        Some(vr) => known(std::str::from_utf8(&vr).unwrap_or("")),
        None if (rec.tag >> 16) % 2 == 1 => true,
        None => match rapidicom_core::dict::element_or_repeater(rec.tag) {
            Some(entry) => known(&entry.vr),
            None => false,
        },
    }
}
