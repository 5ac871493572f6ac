//! Sequence elements made natively while a dataset is iterated: the items parsed
//! in the file's buffer (no copy of the value), the `Sequence` built by
//! `sequence.sequence_from_items` as the Python path builds it, and the SQ
//! `DataElement` made like the others. What the Python path then does as the
//! element is stored (`Dataset.__setitem__`: the sequence learns its parent, and
//! Pixel Representation is passed down to the items) is done by the registered
//! `adopt` hook once the store is free to be used again.
//!
//! Anything unusual (a private or empty sequence, hooks or non-default parsing
//! options, a value that parses with warnings or errors) is left to Python.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyType;

use super::buffer::Buffer;
use super::element_type::{new_element, Fields};
use super::modes::{flags, RAISE};
use super::registry;
use super::sequence_items::SequenceItems;
use super::values::vr_name;
use rapidicom_core::dict;
use rapidicom_core::index::{DatasetIndex, ElementRecord, ValueRef};
use rapidicom_core::parse::{parse_sequence_value, ReadOptions};
use rapidicom_core::vr::Vr;

const UNDEFINED: u32 = 0xFFFF_FFFF;

/// Whether the Python path reads `rec` as a sequence with its value converter: an
/// SQ as read or as settled while reading, or a public implicit-VR element the
/// dictionary names SQ.
fn is_sequence(rec: &ElementRecord) -> bool {
    match (rec.resolved_vr(), rec.vr) {
        (Some(resolved), _) => resolved == "SQ",
        (None, Some(vr)) => &vr == b"SQ",
        (None, None) => {
            (rec.tag >> 16) % 2 == 0
                && dict::element_or_repeater(rec.tag).is_some_and(|e| e.vr == "SQ")
        }
    }
}

/// The SQ element for element `i` of `index` (not private), and whether it must
/// be adopted by its dataset (see `adopt`); None when Python must make it.
pub fn sequence_element(
    py: Python<'_>,
    buf: &Buffer,
    index: &Arc<DatasetIndex>,
    i: usize,
    encodings: &Bound<'_, PyAny>,
    config: u32,
) -> PyResult<Option<(Py<PyAny>, bool)>> {
    let rec = &index.elements[i];
    if config & flags::OFF != 0
        || config & flags::SEQUENCE_DEFAULTS == 0
        || rec.length == 0
        || !is_sequence(rec)
    {
        return Ok(None);
    }
    let Some(types) = registry::try_get(py) else {
        return Ok(None);
    };
    let mode = config & flags::MODE_MASK;
    let value_tell = index.value_tell(rec);
    // Undefined-length sequences were parsed while reading and are stored as they
    // are; defined-length ones are parsed now and stored through __setitem__.
    let (items, adopt) = match &rec.value {
        ValueRef::Sequence(_) => (
            SequenceItems::of_element(buf.clone(), index.clone(), i),
            false,
        ),
        ValueRef::Bytes { .. } => {
            let range = rec.value.range().expect("bytes");
            let opts = ReadOptions {
                strict: mode == RAISE,
                ..ReadOptions::default()
            };
            let parsed = parse_sequence_value(
                buf,
                range,
                value_tell,
                index.implicit_vr,
                index.little_endian,
                &opts,
                1,
            );
            match parsed {
                Ok((seq, warnings)) if warnings.is_empty() => {
                    (SequenceItems::parsed(buf.clone(), seq), true)
                }
                _ => return Ok(None),
            }
        }
        ValueRef::Empty { .. } | ValueRef::Deferred { .. } => return Ok(None),
    };
    let sequence = types
        .read_sequence
        .call1(py, (Py::new(py, items)?, encodings))?;
    let elem = new_element(
        py,
        types.data_element.bind(py).cast::<PyType>()?,
        Fields {
            tag: registry::get(py)?.tag_object(py, rec.tag)?,
            vr: vr_name(py, Vr::SQ).clone().into_any().unbind(),
            validation_mode: mode.into_pyobject(py)?.into_any().unbind(),
            value: sequence,
            file_tell: value_tell.into_pyobject(py)?.into_any().unbind(),
            is_undefined_length: (rec.length == UNDEFINED)
                .into_pyobject(py)?
                .to_owned()
                .into_any()
                .unbind(),
            private_creator: py.None(),
        },
    )?;
    Ok(Some((elem, adopt)))
}

/// Let `dataset` adopt the sequence elements made for it, as storing them through
/// `Dataset.__setitem__` would have.
pub fn adopt(py: Python<'_>, dataset: &Py<PyAny>, elements: Vec<Py<PyAny>>) -> PyResult<()> {
    let Some(registry) = registry::try_get(py) else {
        return Ok(());
    };
    for elem in elements {
        registry.adopt_sequence.call1(py, (dataset, elem))?;
    }
    Ok(())
}
