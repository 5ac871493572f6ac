//! The encoder's glue: walks pydicom's object model (datasets, DataElements,
//! RawDataElements, Sequences) and hands the bytes to `rapidicom_core::write`.
//!
//! The choices pydicom makes per dataset (convert or not, which character set,
//! fixing ambiguous VRs) are made by `rapidicom.filewriter._prepare_dataset`;
//! values the native encoders are not certain about go to
//! `rapidicom.filewriter._encode_value`, pydicom's writers. Elements read and not
//! touched are copied from the bytes they were read from.

use std::borrow::Cow;

use pyo3::exceptions::{PyNotImplementedError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyFloat, PyInt, PyList, PyString, PyTuple};

use super::element_store::{ElementStore, Entry};
use super::errors::{OrRaise, Raise};
use super::gil::without_gil;
use super::modes::{flags, write, RAISE};
use super::python_names as names;
use super::registry::is_data_element;
use super::registry::{self, Registry};
use super::values;
use rapidicom_core::index::{ElementRecord, ValueRef};
use rapidicom_core::tags::ITEM;
use rapidicom_core::tags::PIXEL_DATA;
use rapidicom_core::values::Context;
use rapidicom_core::vr::{Kind, Vr};
use rapidicom_core::write::emit::{header_vr, Emitter, Encoding};
use rapidicom_core::write::numbers::{put_tag, Format};
use rapidicom_core::write::same_bytes::reencodes_unchanged;
use rapidicom_core::write::text::put_joined;
use rapidicom_core::write::{index, is_skipped_group_length};

/// `_prepare_dataset`'s modes: write as read, convert, or convert where only the
/// VR encoding changes (values may then be copied, see `transcoded`).
const AMBIGUOUS: [&str; 4] = ["US or SS", "US or OW", "US or SS or OW", "OB or OW"];

/// The character sets a dataset's text is written in.
struct Charsets<'py> {
    /// As pydicom passes them on (a list of Python codec names).
    obj: Bound<'py, PyAny>,
    /// True when ASCII text encodes as itself in the first one (then the native
    /// encoder can write ASCII text; anything else goes to pydicom's encode_string).
    ascii: bool,
}

fn plain_ascii_codec(codec: &str) -> bool {
    codec.starts_with("iso8859")
        || codec.starts_with("iso_ir_1")
        || matches!(codec, "latin_1" | "UTF8" | "utf_8" | "GB18030" | "GBK")
}

impl<'py> Charsets<'py> {
    fn new(obj: Bound<'py, PyAny>) -> Self {
        let first = match obj.cast::<PyString>() {
            Ok(s) => Some(s.clone()),
            Err(_) => obj
                .get_item(0)
                .ok()
                .and_then(|f| f.cast_into::<PyString>().ok()),
        };
        let ascii = first
            .and_then(|f| f.to_str().ok().map(plain_ascii_codec))
            .unwrap_or(false);
        Charsets { obj, ascii }
    }
}

/// Values at least this long are handed on as the Python bytes they are, not
/// copied into the output (where no length before them is still to be filled in).
const PASS_THROUGH: usize = 64 * 1024;

struct Writer<'py> {
    py: Python<'py>,
    em: Emitter,
    h: &'static Registry,
    rules: index::CopyRules,
    /// reading_validation_mode is RAISE (the native decoder is stricter then).
    strict: bool,
    /// The output so far, in order: finished chunks of `em.out` and large values.
    parts: Vec<Bound<'py, PyBytes>>,
    /// Lengths (of items, defined-length sequences) still to be patched in `em.out`.
    open_lengths: usize,
}

impl<'py> Writer<'py> {
    fn new(py: Python<'py>, implicit_vr: bool, little_endian: bool) -> PyResult<Self> {
        let h = registry::get(py)?;
        let flags = h.current_flags(py)?;
        Ok(Writer {
            py,
            em: Emitter::new(Encoding {
                implicit_vr,
                little_endian,
            }),
            h,
            rules: index::CopyRules {
                empty_is_none: flags & flags::NONE_EMPTY != 0,
            },
            strict: flags & flags::MODE_MASK == RAISE,
            parts: Vec::new(),
            open_lengths: 0,
        })
    }

    /// Write an encoded value: large Python bytes are passed through as a part of
    /// their own when nothing before them waits for a length.
    fn value(&mut self, encoded: &Encoded<'py>) {
        if let Encoded::Python(b, pad) = encoded {
            let n = b.as_bytes().len();
            if n >= PASS_THROUGH && self.open_lengths == 0 {
                self.flush();
                self.parts.push(b.clone());
                if let (Some(pad), 1) = (pad, n % 2) {
                    self.em.out.push(*pad);
                }
                return;
            }
        }
        encoded.write_to(&mut self.em);
    }

    fn flush(&mut self) {
        if !self.em.out.is_empty() {
            self.parts.push(PyBytes::new(self.py, &self.em.out));
            self.em.out.clear();
        }
    }

    /// Everything written, as a list of bytes objects to write in order.
    fn finish(mut self) -> PyResult<Bound<'py, PyList>> {
        self.flush();
        PyList::new(self.py, self.parts)
    }
}

/// What `filewriter._prepare_dataset` decides for a dataset (its `_Prepared`).
#[derive(FromPyObject)]
struct Prepared<'py> {
    /// One of `modes::write`.
    #[pyo3(attribute)]
    mode: u8,
    /// The element store to write from, when the dataset has one as read...
    #[pyo3(attribute)]
    store: Option<Bound<'py, ElementStore>>,
    /// ...else its tags, sorted.
    #[pyo3(attribute)]
    tags: Option<Bound<'py, PyList>>,
    /// `ds.get_item` or `ds.__getitem__`, by mode.
    #[pyo3(attribute)]
    getter: Bound<'py, PyAny>,
    /// The character sets the text is written in (Python codec names).
    #[pyo3(attribute)]
    encodings: Bound<'py, PyAny>,
}

/// A value ready to write: bytes of a Python object (padded on write) or bytes
/// made here.
enum Encoded<'py> {
    Python(Bound<'py, PyBytes>, Option<u8>),
    Made(Vec<u8>),
}

impl Encoded<'_> {
    fn len(&self) -> usize {
        match self {
            Encoded::Python(b, pad) => {
                let n = b.as_bytes().len();
                n + usize::from(pad.is_some() && n % 2 == 1)
            }
            Encoded::Made(v) => v.len(),
        }
    }

    fn starts_with(&self, prefix: &[u8]) -> bool {
        match self {
            Encoded::Python(b, _) => b.as_bytes().starts_with(prefix),
            Encoded::Made(v) => v.starts_with(prefix),
        }
    }

    fn write_to(&self, em: &mut Emitter) {
        match self {
            Encoded::Python(b, pad) => {
                let b = b.as_bytes();
                em.bytes(b);
                if let Some(pad) = pad {
                    if b.len() % 2 == 1 {
                        em.out.push(*pad);
                    }
                }
            }
            Encoded::Made(v) => em.bytes(v),
        }
    }
}

impl<'py> Writer<'py> {
    fn encoding(&self) -> Encoding {
        self.em.enc
    }

    /// pydicom's `write_dataset`: every element in tag order, each error reported
    /// with its tag.
    fn dataset(&mut self, ds: &Bound<'py, PyAny>, parent: &Bound<'py, PyAny>) -> PyResult<()> {
        let py = self.py;
        let enc = self.encoding();
        let prepared = self
            .h
            .prepare_dataset
            .call1(py, (ds, enc.implicit_vr, enc.little_endian, parent))?;
        let Prepared {
            mode,
            store,
            tags,
            getter,
            encodings,
        } = prepared.bind(py).extract()?;
        let charsets = Charsets::new(encodings);
        if let Some(store) = store {
            return self.store(&store, mode, &getter, &charsets);
        }
        for tag in tags.into_iter().flatten() {
            let t: u32 = tag.extract()?;
            if is_skipped_group_length(t) {
                continue;
            }
            getter
                .call1((&tag,))
                .and_then(|elem| self.element(&elem, &charsets))
                .map_err(|e| self.with_tag(t, e))?;
        }
        Ok(())
    }

    /// A dataset read from a file. Written as read (mode AS_READ): untouched
    /// elements are copied, the others written from their Python objects
    /// (`get_item` loads deferred values). Converted: DataElements are written,
    /// anything else is decoded by `getter` (`__getitem__`) first, except (mode
    /// TRANSCODE) values that would come back unchanged, copied under a new header.
    fn store(
        &mut self,
        store: &Bound<'py, ElementStore>,
        mode: u8,
        getter: &Bound<'py, PyAny>,
        charsets: &Charsets<'py>,
    ) -> PyResult<()> {
        let py = self.py;
        let (entries, buf, idx) = {
            let s = store.borrow();
            (s.entries_sorted(py), s.buffer(), s.index())
        };
        let raw_type = registry::get(py)?.raw_element.bind(py);
        for (tag, entry) in entries {
            if is_skipped_group_length(tag) {
                continue;
            }
            let convert = mode != write::AS_READ;
            let result = match entry {
                Entry::Unread(i)
                    if !convert
                        && index::copyable(&self.em, &buf, &idx.elements[i], self.rules) =>
                {
                    index::write_record(&mut self.em, &buf, &idx.elements[i]).or_raise()
                }
                Entry::Unread(i)
                    if mode == write::TRANSCODE
                        && self.transcoded(&idx.elements[i], &buf, charsets) =>
                {
                    Ok(())
                }
                Entry::Object(obj) if self.write_as_stored(obj.bind(py), convert, raw_type)? => {
                    self.element(obj.bind(py), charsets)
                }
                _ => registry::get(py)?
                    .tag_object(py, tag)
                    .and_then(|t| getter.call1((t,)))
                    .and_then(|elem| self.element(&elem, charsets)),
            };
            result.map_err(|e| self.with_tag(tag, e))?;
        }
        Ok(())
    }

    /// Write a read element under its header in the new VR encoding when decoding
    /// and encoding it again (what pydicom does) would give its bytes back.
    fn transcoded(&mut self, rec: &ElementRecord, buf: &[u8], charsets: &Charsets<'py>) -> bool {
        if values::LUT_DESCRIPTORS.contains(&rec.tag) {
            return false;
        }
        // Private elements read with implicit VR need their creator for a VR:
        // those are left to the decoder.
        let Some(vr) = values::fast_vr(rec, None) else {
            return false;
        };
        if vr.kind() == Kind::CharsetText && !charsets.ascii {
            return false;
        }
        let bytes = match &rec.value {
            ValueRef::Bytes { .. } => &buf[rec.value.range().expect("bytes")],
            ValueRef::Empty { .. } => &[][..],
            _ => return false,
        };
        let enc = self.encoding();
        let ctx = Context {
            strict: self.strict,
        };
        let name = vr.as_str().as_bytes();
        if !reencodes_unchanged(vr, bytes, enc.little_endian, ctx)
            || header_vr(name, bytes.len(), false, enc) != name
        {
            return false;
        }
        self.em.header(rec.tag, name, bytes.len() as u32, false);
        self.em.bytes(bytes);
        true
    }

    /// True when a stored object is what pydicom would write: converting, a
    /// DataElement; as read, anything but a RawDataElement whose value is not
    /// bytes (deferred, or the items of a sequence).
    fn write_as_stored(
        &self,
        obj: &Bound<'py, PyAny>,
        convert: bool,
        raw_type: &Bound<'py, PyAny>,
    ) -> PyResult<bool> {
        if convert {
            return Ok(is_data_element(self.py, obj));
        }
        Ok(!obj.is_instance(raw_type)? || obj.get_item(3)?.is_instance_of::<PyBytes>())
    }

    fn with_tag(&self, tag: u32, err: PyErr) -> PyErr {
        let py = self.py;
        match self.h.with_tag.call1(py, (tag, err.value(py))) {
            Ok(wrapped) => PyErr::from_value(wrapped.into_bound(py)),
            Err(e) => e,
        }
    }

    /// pydicom's `write_data_element`.
    fn element(&mut self, elem: &Bound<'py, PyAny>, charsets: &Charsets<'py>) -> PyResult<()> {
        let py = self.py;
        let raw_type = registry::get(py)?.raw_element.bind(py);
        if elem.is_instance(raw_type)? {
            return self.raw_element(elem);
        }
        let tag: u32 = elem.getattr(intern!(py, names::TAG))?.extract()?;
        let vr_obj = elem.getattr(intern!(py, names::VR))?;
        let vr: Cow<'_, str> = vr_obj.cast::<PyString>()?.to_cow()?;
        let enc = self.encoding();
        if !enc.implicit_vr && vr.len() != 2 {
            return Err(ambiguous_vr_error(elem, &vr));
        }
        let known = vr.parse::<Vr>().ok();
        if known.is_none() && !AMBIGUOUS.contains(&&*vr) {
            return Err(PyNotImplementedError::new_err(format!(
                "write_data_element: unknown Value Representation '{vr}'"
            )));
        }
        let value = if is_data_element(py, elem) {
            elem.getattr(intern!(py, names::RAW_VALUE))?
        } else {
            elem.getattr(intern!(py, names::VALUE))?
        };
        let undefined = elem
            .getattr(intern!(py, names::IS_UNDEFINED_LENGTH))?
            .is_truthy()?;
        if known == Some(Vr::SQ) {
            return self.sequence(tag, &value, undefined, charsets);
        }
        let encoded = if self.is_empty(elem, &value)? {
            Encoded::Made(Vec::new())
        } else if let Some(done) = self.fast_value(tag, known, &value, charsets)? {
            done
        } else {
            let b = self.h.encode_value.call1(
                py,
                (elem, &charsets.obj, enc.implicit_vr, enc.little_endian),
            )?;
            Encoded::Python(b.into_bound(py).cast_into::<PyBytes>()?, None)
        };
        self.check_pixel_data(tag, undefined, |p| encoded.starts_with(p))?;
        let len = encoded.len();
        let written_vr = header_vr(vr.as_bytes(), len, undefined, enc);
        if written_vr != vr.as_bytes() {
            self.h.warn_long_value.call1(py, (tag, &*vr))?;
        }
        let len = u32::try_from(len).map_err(|_| too_long(tag))?;
        self.em.header(tag, written_vr, len, undefined);
        self.value(&encoded);
        if undefined {
            self.em.sequence_delimiter();
        }
        Ok(())
    }

    /// A RawDataElement: its value written as it is.
    fn raw_element(&mut self, raw: &Bound<'py, PyAny>) -> PyResult<()> {
        let py = self.py;
        let tag: u32 = raw.get_item(0)?.extract()?;
        let vr: Option<String> = raw.get_item(1)?.extract()?;
        let length: u32 = raw.get_item(2)?.extract()?;
        let value = raw.get_item(3)?;
        let enc = self.encoding();
        if let Some(vr) = &vr {
            if !enc.implicit_vr && !vr.is_empty() && vr.len() != 2 {
                return Err(ambiguous_vr_error(&raw.get_item(0)?, vr));
            }
        }
        let value = value.cast::<PyBytes>().map_err(|_| {
            PyTypeError::new_err(format!(
                "a bytes-like object is required, not '{}'",
                value
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let bytes = value.as_bytes();
        let undefined = length == 0xFFFF_FFFF;
        self.check_pixel_data(tag, undefined, |p| bytes.starts_with(p))?;
        let vr_bytes: &[u8] = vr.as_deref().map_or(b"", str::as_bytes);
        let written_vr = header_vr(vr_bytes, bytes.len(), undefined, enc);
        if written_vr != vr_bytes {
            self.h.warn_long_value.call1(py, (tag, vr.as_deref()))?;
        }
        if !enc.implicit_vr && vr.is_none() {
            return Err(PyTypeError::new_err("encoding without a string argument"));
        }
        let len = u32::try_from(bytes.len()).map_err(|_| too_long(tag))?;
        self.em.header(tag, written_vr, len, undefined);
        self.em.bytes(bytes);
        if undefined {
            self.em.sequence_delimiter();
        }
        Ok(())
    }

    /// Encapsulated Pixel Data must begin with an item (pydicom's #238 check).
    fn check_pixel_data(
        &self,
        tag: u32,
        undefined: bool,
        starts_with: impl Fn(&[u8]) -> bool,
    ) -> PyResult<()> {
        if !undefined || tag != PIXEL_DATA {
            return Ok(());
        }
        let mut item = Emitter::new(self.encoding());
        item.tag(ITEM);
        if starts_with(&item.out) {
            return Ok(());
        }
        Err(PyValueError::new_err(
            "The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as \
             required for a compressed transfer syntax - see pydicom.encaps.encapsulate() \
             for more information",
        ))
    }

    /// A sequence: its items, each a dataset framed as an item.
    fn sequence(
        &mut self,
        tag: u32,
        value: &Bound<'py, PyAny>,
        undefined: bool,
        charsets: &Charsets<'py>,
    ) -> PyResult<()> {
        let py = self.py;
        self.em.header(tag, b"SQ", 0, undefined);
        let length_at = self.em.out.len() - 4;
        // Items and defined-length sequences are patched in place: keep every
        // byte of them in `em.out` until then.
        self.open_lengths += 1;
        if !value.is_none() && value.is_truthy()? {
            for item in value.try_iter()? {
                let item = item?;
                let at = self.em.begin_item();
                self.dataset(&item, &charsets.obj)?;
                let undefined_item = item
                    .getattr_opt(intern!(py, names::IS_UNDEFINED_LENGTH_ITEM))?
                    .map(|v| v.is_truthy())
                    .transpose()?
                    .unwrap_or(false);
                self.em
                    .end_item(at, undefined_item)
                    .ok_or_else(|| too_long(tag))?;
            }
        }
        if undefined {
            self.em.sequence_delimiter();
        } else {
            self.em
                .patch_length(length_at)
                .ok_or_else(|| too_long(tag))?;
        }
        Ok(())
    }

    /// `DataElement.is_empty` for the common value types without calling it.
    fn is_empty(&self, elem: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<bool> {
        if value.is_none() {
            return Ok(true);
        }
        if let Ok(s) = value.cast::<PyString>() {
            return Ok(s.to_str().map(str::is_empty).unwrap_or(false));
        }
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(b.as_bytes().is_empty());
        }
        if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
            return Ok(false);
        }
        if value.is_exact_instance_of::<PyList>()
            || value.get_type().is(self.h.multi_value.bind(self.py))
        {
            return Ok(value.len()? == 0);
        }
        elem.getattr(intern!(self.py, names::IS_EMPTY))?.is_truthy()
    }

    /// The native encoders: the value's bytes when the outcome is certain, None to
    /// let pydicom's writers (and their errors) handle it.
    fn fast_value(
        &self,
        tag: u32,
        vr: Option<Vr>,
        value: &Bound<'py, PyAny>,
        charsets: &Charsets<'py>,
    ) -> PyResult<Option<Encoded<'py>>> {
        let little = self.encoding().little_endian;
        let Some(vr) = vr else {
            // Ambiguous VRs left unresolved (implicit VR only) are written as words.
            return Ok(words(value, Some(0)));
        };
        let items = self.multi(value);
        Ok(match vr.kind() {
            Kind::Bytes => words(value, (vr != Vr::UN).then_some(0)),
            Kind::Number if vr == Vr::AT => {
                let mut out = Vec::new();
                for v in items.unwrap_or_else(|| vec![value.clone()]) {
                    let Some(t) = v.cast::<PyInt>().ok().and_then(|i| i.extract::<u32>().ok())
                    else {
                        return Ok(None);
                    };
                    put_tag(&mut out, t, little);
                }
                Some(Encoded::Made(out))
            }
            Kind::Number => {
                let format = Format::for_vr(vr).expect("number VR");
                // pydicom packs values that have `append` (list, MultiValue) one by
                // one, anything else as a single number (a tuple fails there).
                let many = match items {
                    Some(items) if value.hasattr(intern!(self.py, names::APPEND))? => items,
                    Some(_) => return Ok(None),
                    None => vec![value.clone()],
                };
                let lut = vr == Vr::SS && values::LUT_DESCRIPTORS.contains(&tag) && many.len() > 1;
                let mut out = Vec::new();
                for (i, v) in many.iter().enumerate() {
                    let f = if lut && i == 0 { Format::U16 } else { format };
                    if !put_number(&mut out, f, v, little) {
                        return Ok(None);
                    }
                }
                Some(Encoded::Made(out))
            }
            Kind::Text | Kind::CharsetText => {
                // Person names and non-ASCII text go through pydicom's encoders.
                if vr == Vr::PN || (vr.kind() == Kind::CharsetText && !charsets.ascii) {
                    return Ok(None);
                }
                let numbers = matches!(vr, Vr::DS | Vr::IS);
                let mut out = Vec::new();
                let parts = items.unwrap_or_else(|| vec![value.clone()]);
                let mut texts = Vec::with_capacity(parts.len());
                for p in &parts {
                    match self.text_of(p, numbers)? {
                        Some(t) => texts.push(t),
                        None => return Ok(None),
                    }
                }
                let pad = if vr == Vr::UI { 0 } else { b' ' };
                put_joined(&mut out, texts.iter().map(|t| t.as_bytes()), pad);
                Some(Encoded::Made(out))
            }
            Kind::Sequence => None,
        })
    }

    /// The items of a multi-value (list, tuple or MultiValue), or None.
    fn multi(&self, value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
        let is_multi = value.is_instance_of::<PyList>()
            || value.is_instance_of::<PyTuple>()
            || value.get_type().is(self.h.multi_value.bind(self.py));
        if !is_multi {
            return None;
        }
        value.try_iter().ok()?.collect::<PyResult<Vec<_>>>().ok()
    }

    /// One text value as ASCII: a str (for DS/IS, the number's original text or
    /// its str()); None for anything else (dates as objects, non-ASCII, bytes).
    fn text_of(&self, v: &Bound<'py, PyAny>, number: bool) -> PyResult<Option<String>> {
        let s = if number {
            match v.getattr_opt(intern!(self.py, names::ORIGINAL_STRING))? {
                Some(orig) => orig,
                None => v.str()?.into_any(),
            }
        } else {
            v.clone()
        };
        let Ok(s) = s.cast::<PyString>() else {
            return Ok(None);
        };
        Ok(s.to_str().ok().filter(|t| t.is_ascii()).map(str::to_owned))
    }
}

/// OB/OW-like values: bytes (padded with `pad` to even length when given).
fn words<'py>(value: &Bound<'py, PyAny>, pad: Option<u8>) -> Option<Encoded<'py>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Some(Encoded::Python(b.clone(), pad));
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        let mut v = b.to_vec();
        if let Some(pad) = pad {
            if v.len() % 2 == 1 {
                v.push(pad);
            }
        }
        return Some(Encoded::Made(v));
    }
    None
}

/// One number in `format` as struct.pack would write it; false where struct
/// would raise (the Python path then raises pydicom's error).
fn put_number(out: &mut Vec<u8>, format: Format, v: &Bound<'_, PyAny>, little: bool) -> bool {
    if let Ok(i) = v.cast::<PyInt>() {
        return i
            .extract::<i128>()
            .is_ok_and(|x| format.put_int(out, x, little));
    }
    if format.is_float() {
        if let Ok(f) = v.cast::<PyFloat>() {
            return format.put_float(out, f.value(), little);
        }
    }
    false
}

fn ambiguous_vr_error(tag_owner: &Bound<'_, PyAny>, vr: &str) -> PyErr {
    let tag = tag_owner
        .getattr(intern!(tag_owner.py(), names::TAG))
        .unwrap_or_else(|_| tag_owner.clone())
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_default();
    PyValueError::new_err(format!(
        "Cannot write ambiguous VR of '{vr}' for data element with tag {tag}.\n\
         Set the correct VR before writing, or use an implicit VR transfer syntax"
    ))
}

fn too_long(tag: u32) -> PyErr {
    Raise::raise(rapidicom_core::error::Error::ValueTooLong {
        tag: rapidicom_core::tag::Tag(tag),
    })
}

/// Encode `ds` (a Dataset) as pydicom's `write_dataset` would, in the given
/// encoding; `parent_encoding` is the character set items inherit. Returns the
/// bytes as a list of parts to write in order (large values are not copied).
#[pyfunction]
pub fn encode_dataset<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    implicit_vr: bool,
    little_endian: bool,
    parent_encoding: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let mut w = Writer::new(py, implicit_vr, little_endian)?;
    w.dataset(ds, parent_encoding)?;
    w.finish()
}

/// Encode one element (a DataElement or RawDataElement) as pydicom's
/// `write_data_element` would; `encodings` are the Python codec names.
#[pyfunction]
pub fn encode_element<'py>(
    py: Python<'py>,
    elem: &Bound<'py, PyAny>,
    implicit_vr: bool,
    little_endian: bool,
    encodings: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut w = Writer::new(py, implicit_vr, little_endian)?;
    w.open_lengths = 1; // one contiguous result
    w.element(elem, &Charsets::new(encodings.clone()))?;
    Ok(PyBytes::new(py, &w.em.out))
}

/// Deflate (raw, no zlib header) as pydicom does for Deflated Explicit VR Little
/// Endian, padded to even length.
#[pyfunction]
pub fn deflate<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let out = without_gil(py, || rapidicom_core::write::deflate::deflate(data));
    Ok(PyBytes::new(py, &out))
}
