//! RawDataElements made from the parsed index, as pydicom's reader yields them.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::buffer::Buffer;
use super::registry;
use super::sequence_items::SequenceItems;
use rapidicom_core::index::{DatasetIndex, ElementRecord, ValueRef};

/// The RawDataElement for element `i` of `index`, as pydicom's reader yields it.
pub fn raw_element(
    py: Python<'_>,
    buf: &Buffer,
    index: &Arc<DatasetIndex>,
    i: usize,
    detached: Option<&Py<PyBytes>>,
) -> PyResult<Py<PyAny>> {
    let f = registry::get(py)?;
    let rec: &ElementRecord = &index.elements[i];
    let vr: Option<String> = rec
        .resolved_vr()
        .map(String::from)
        .or_else(|| rec.vr.map(|v| v.iter().map(|&b| b as char).collect()));
    let value: Py<PyAny> = match &rec.value {
        ValueRef::Bytes { .. } => PyBytes::new(py, &buf[rec.value.range().expect("bytes")])
            .into_any()
            .unbind(),
        ValueRef::Empty { .. } => f.empty_raw_value.call1(py, (vr.clone(),))?,
        ValueRef::Deferred { .. } => match detached {
            Some(value) => value.clone_ref(py).into_any(),
            None => py.None(),
        },
        ValueRef::Sequence(_) => {
            Py::new(py, SequenceItems::of_element(buf.clone(), index.clone(), i))?.into_any()
        }
    };
    let tag = f.tag_object(py, rec.tag)?;
    let args = (
        tag,
        vr,
        rec.length,
        value,
        index.value_tell(rec),
        index.implicit_vr,
        index.little_endian,
    );
    f.raw_element.call1(py, args)
}
