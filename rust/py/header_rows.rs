//! `header_rows`: every attribute of each file's header, for whole-header
//! tables. Files are read up to their pixel data and walked on native threads
//! with the GIL released (`rapidicom_core::header`); Python gets each file's
//! attributes as named objects, values it must decode itself marked.

use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;

use super::errors::{FileError, Raise};
use super::gil::without_gil;
use super::read_types::ReadOptions;
use super::table::values_object;
use rapidicom_core::header::file::{read_header, FileHeader};
use rapidicom_core::header::{Attribute, Cell, Options};
use rapidicom_core::read_file::pixel_layout::PixelLayout;

/// A file's header.
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct HeaderRow {
    pub size: u64,
    pub transfer_syntax: Option<String>,
    /// The top-level attributes, in tag order.
    pub attributes: Py<PyList>,
    /// Where the pixel data lies, if the file has any.
    pub pixels: Option<Py<PixelLocation>>,
}

/// One attribute: its column name, tag, VR (where certain) and value: None,
/// a value or list of values, `BulkData`, a list of items (each a list of
/// `HeaderAttribute`) for a sequence, or the `python` marker where Python must
/// decode it.
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct HeaderAttribute {
    pub name: String,
    pub tag: u32,
    pub vr: Option<&'static str>,
    pub value: Py<PyAny>,
}

/// A binary value left in the file: `length` bytes at `offset` (None for a
/// deflated file).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct BulkData {
    pub offset: Option<u64>,
    pub length: u64,
}

/// Where a file's pixel data lies: its value's offset and length, and for
/// encapsulated data each frame's fragments as (offset, length), with what
/// pydicom would say about the frames (or why they are unknown).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct PixelLocation {
    pub tag: u32,
    pub offset: u64,
    pub length: u64,
    pub frames: Option<Vec<Vec<(u64, u64)>>>,
    pub note: Option<String>,
}

/// For each path, in order: its `HeaderRow`, or the exception reading it raised.
/// Binary values longer than `bulk_threshold` bytes become `BulkData`.
#[pyfunction]
pub fn header_rows(
    py: Python<'_>,
    paths: Vec<String>,
    threads: usize,
    options: ReadOptions,
    bulk_threshold: usize,
    python: Bound<'_, PyAny>,
) -> PyResult<Vec<Py<PyAny>>> {
    let read = options.0;
    let opts = Options {
        bulk_threshold,
        ..Options::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let headers: Vec<Result<FileHeader, FileError>> = without_gil(py, || {
        pool.install(|| {
            paths
                .par_iter()
                .map(|p| {
                    read_header(std::path::Path::new(p), &read, &opts)
                        .map_err(|e| FileError::new(e, p))
                })
                .collect()
        })
    });
    headers
        .into_iter()
        .map(|header| match header {
            Ok(header) => Ok(Py::new(py, row(py, header, &python)?)?.into_any()),
            Err(e) => Ok(e.raise().into_value(py).into_any()),
        })
        .collect()
}

fn row(py: Python<'_>, header: FileHeader, python: &Bound<'_, PyAny>) -> PyResult<HeaderRow> {
    let pixels = header
        .pixels
        .map(|p: PixelLayout| {
            Py::new(
                py,
                PixelLocation {
                    tag: p.tag,
                    offset: p.offset,
                    length: p.length,
                    frames: p.frames,
                    note: p.note,
                },
            )
        })
        .transpose()?;
    Ok(HeaderRow {
        size: header.size,
        transfer_syntax: header.transfer_syntax,
        attributes: attribute_list(py, header.attributes, python)?,
        pixels,
    })
}

fn attribute_list(
    py: Python<'_>,
    attributes: Vec<Attribute>,
    python: &Bound<'_, PyAny>,
) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    for attr in attributes {
        let value = match attr.cell {
            Cell::Null => py.None(),
            Cell::Python => python.clone().unbind(),
            Cell::Value(values) => values_object(py, values)?.unbind(),
            Cell::Bulk { offset, length } => Py::new(py, BulkData { offset, length })?.into_any(),
            Cell::Items(items) => {
                let out = PyList::empty(py);
                for item in items {
                    out.append(attribute_list(py, item, python)?)?;
                }
                out.into_any().unbind()
            }
        };
        let made = HeaderAttribute {
            name: attr.name,
            tag: attr.tag,
            vr: attr.vr.map(|vr| vr.as_str()),
            value,
        };
        list.append(Py::new(py, made)?)?;
    }
    Ok(list.unbind())
}
