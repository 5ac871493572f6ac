//! `HeaderTable`: whole-header tables made in Rust and handed to pyarrow as
//! Arrow record batches (the Arrow C data interface, through the PyCapsule
//! protocol: no copy, no Python object per value). Files are read on native
//! threads without the GIL; the few values the native decoder is not certain
//! of are listed for Python to decode and given back before the rows are
//! added.

use std::ffi::CStr;
use std::path::Path;

use arrow_array::ffi::{to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::Schema;
use pyo3::exceptions::{PyIndexError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use rayon::prelude::*;

use super::errors::{FileError, Raise};
use super::gil::without_gil;
use super::read_types::ReadOptions;
use rapidicom_core::header::columns::SequencesAs;
use rapidicom_core::header::file::{read_header, FileHeader};
use rapidicom_core::header::file_table::FileTable;
use rapidicom_core::header::form::column_of;
use rapidicom_core::header::{Attribute, Cell, Options};
use rapidicom_core::table::Values;
use rapidicom_core::vr::Vr;

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

fn arrow_error(e: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(format!("Arrow: {e}"))
}

/// A file with values for Python to decode: its index, path and their places.
type WantedFile<'py> = (usize, String, Vec<Bound<'py, PyTuple>>);

/// An element of an item Python decoded: tag, VR, private creator, value.
type PythonElement = (u32, Option<String>, Option<String>, PythonCell);

/// Rows of a whole-header table, made a batch of files at a time.
#[pyclass(module = "rapidicom._native")]
pub struct HeaderTable {
    table: FileTable,
    options: Options,
    /// Files read by `read` and not yet added: path and header.
    read: Vec<(String, Result<FileHeader, FileError>)>,
}

#[pymethods]
impl HeaderTable {
    /// `sequences`: "structs" or "json"; binary values longer than
    /// `bulk_threshold` bytes are left in the file (offset and length).
    #[new]
    fn new(sequences: &str, bulk_threshold: usize) -> PyResult<Self> {
        let sequences = match sequences {
            "structs" => SequencesAs::Structs,
            "json" => SequencesAs::Json,
            other => {
                return Err(PyValueError::new_err(format!(
                    "sequences must be 'structs' or 'json', not '{other}'"
                )))
            }
        };
        Ok(HeaderTable {
            table: FileTable::new(sequences),
            options: Options {
                bulk_threshold,
                ..Options::default()
            },
            read: Vec::new(),
        })
    }

    /// Keep the columns and types of `schema` (any object with
    /// `__arrow_c_schema__`, a pyarrow Schema): a resumed dataset's.
    fn seed(&mut self, schema: &Bound<'_, PyAny>) -> PyResult<()> {
        let capsule = schema.call_method0("__arrow_c_schema__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let pointer = capsule.pointer_checked(Some(SCHEMA))?;
        // SAFETY: a capsule named "arrow_schema" holds an FFI_ArrowSchema
        // (the PyCapsule protocol); it is only read here, while the capsule lives.
        let ffi = unsafe { pointer.cast::<FFI_ArrowSchema>().as_ref() };
        let schema = Schema::try_from(ffi).map_err(arrow_error)?;
        self.table.seed(&schema);
        Ok(())
    }

    /// Read `paths` on `threads` native threads. Returns, for each file with
    /// values Python must decode, `(index, path, places)`: `index` counts the
    /// files of this call, a place is `(tag, item, tag, ..., tag)`.
    fn read<'py>(
        &mut self,
        py: Python<'py>,
        paths: Vec<String>,
        threads: usize,
        options: ReadOptions,
    ) -> PyResult<Vec<WantedFile<'py>>> {
        let read = options.0;
        let opts = self.options;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        let headers: Vec<Result<FileHeader, FileError>> = without_gil(py, || {
            pool.install(|| {
                paths
                    .par_iter()
                    .map(|p| {
                        read_header(Path::new(p), &read, &opts).map_err(|e| FileError::new(e, p))
                    })
                    .collect()
            })
        });
        self.read = paths.into_iter().zip(headers).collect();
        let mut wanted = Vec::new();
        for (index, (path, header)) in self.read.iter().enumerate() {
            let Ok(header) = header else { continue };
            let mut places = Vec::new();
            python_places(&header.attributes, &mut Vec::new(), &mut places);
            if !places.is_empty() {
                let places = places
                    .into_iter()
                    .map(|p| PyTuple::new(py, p))
                    .collect::<PyResult<Vec<_>>>()?;
                wanted.push((index, path.clone(), places));
            }
        }
        Ok(wanted)
    }

    /// Give the value at `place` of file `index` (of the last `read`): see
    /// `PythonCell` for its shape.
    fn resolve(&mut self, index: usize, place: Vec<i64>, value: PythonCell) -> PyResult<()> {
        let Some((_, Ok(header))) = self.read.get_mut(index) else {
            return Err(PyIndexError::new_err(format!("no file {index} was read")));
        };
        let attr = find_place(&mut header.attributes, &place)
            .ok_or_else(|| PyIndexError::new_err(format!("no element at {place:?}")))?;
        attr.cell = value.into_cell();
        if let Some(vr) = value_vr(&attr.cell, attr.vr) {
            attr.vr = Some(vr);
        }
        Ok(())
    }

    /// Add the files of the last `read` as rows; `errors` gives files whose
    /// values Python could not decode (index, message): their rows keep the
    /// rest and say why.
    fn add(&mut self, py: Python<'_>, errors: Vec<(usize, String)>) -> PyResult<()> {
        let start = self.table.rows();
        for (path, header) in std::mem::take(&mut self.read) {
            let header = header.map_err(|e| {
                let size = std::fs::metadata(&path).ok().map(|m| m.len());
                let err = e.raise();
                let name = err
                    .get_type(py)
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                (format!("{name}: {}", err.value(py)), size)
            });
            self.table.add(path, header);
        }
        for (index, message) in errors {
            self.table.set_error(start + index, message);
        }
        Ok(())
    }

    /// Files added but not yet taken.
    fn __len__(&self) -> usize {
        self.table.rows()
    }

    /// The rows added since the last call as an Arrow record batch (pass it
    /// to `pyarrow.record_batch`), whose schema holds every column so far.
    fn take(&mut self) -> PyResult<ArrowBatch> {
        let batch = self.table.take().map_err(arrow_error)?;
        Ok(ArrowBatch { batch: Some(batch) })
    }
}

/// A record batch for pyarrow, exported once through `__arrow_c_array__`.
#[pyclass(module = "rapidicom._native")]
pub struct ArrowBatch {
    batch: Option<RecordBatch>,
}

#[pymethods]
impl ArrowBatch {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &mut self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema; // the batch is given in its own schema
        let batch = self
            .batch
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("the batch was already exported"))?;
        let data = StructArray::from(batch).into_data();
        let (array, schema): (FFI_ArrowArray, FFI_ArrowSchema) =
            to_ffi(&data).map_err(arrow_error)?;
        Ok((
            PyCapsule::new_with_value(py, schema, SCHEMA)?,
            PyCapsule::new_with_value(py, array, ARRAY)?,
        ))
    }

    fn __len__(&self) -> usize {
        self.batch.as_ref().map_or(0, RecordBatch::num_rows)
    }
}

/// Places of the cells left to Python, as (tag, item, ..., tag).
fn python_places(attributes: &[Attribute], prefix: &mut Vec<i64>, out: &mut Vec<Vec<i64>>) {
    for attr in attributes {
        prefix.push(i64::from(attr.tag));
        match &attr.cell {
            Cell::Python => out.push(prefix.clone()),
            Cell::Items(items) => {
                for (i, item) in items.iter().enumerate() {
                    prefix.push(i as i64);
                    python_places(item, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
        prefix.pop();
    }
}

fn find_place<'a>(attributes: &'a mut [Attribute], place: &[i64]) -> Option<&'a mut Attribute> {
    let (&tag, rest) = place.split_first()?;
    let attr = attributes.iter_mut().find(|a| i64::from(a.tag) == tag)?;
    match rest.split_first() {
        None => Some(attr),
        Some((&item, rest)) => match &mut attr.cell {
            Cell::Items(items) => find_place(items.get_mut(usize::try_from(item).ok()?)?, rest),
            _ => None,
        },
    }
}

fn value_vr(cell: &Cell, vr: Option<Vr>) -> Option<Vr> {
    matches!(cell, Cell::Items(_)).then_some(Vr::SQ).or(vr)
}

/// A value Python decoded: None; `(kind, values)` with kind "t" (text), "i"
/// (integers), "u" (unsigned 64-bit), "f" (floats) and a list, or "b" and
/// bytes; or "s" and a list of items, each a list of `(tag, vr, creator,
/// value)` for its elements.
pub enum PythonCell {
    Null,
    Cell(Cell),
}

impl<'a, 'py> FromPyObject<'a, 'py> for PythonCell {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if ob.is_none() {
            return Ok(PythonCell::Null);
        }
        let (kind, values): (String, Bound<'py, PyAny>) = ob.extract()?;
        let cell = match kind.as_str() {
            "t" => Cell::Value(Values::Text(values.extract()?)),
            "i" => Cell::Value(Values::Int(values.extract()?)),
            "u" => Cell::Value(Values::UInt(values.extract()?)),
            "f" => Cell::Value(Values::Float(values.extract()?)),
            "b" => Cell::Value(Values::Bytes(values.extract()?)),
            "s" => {
                let items: Vec<Vec<PythonElement>> = values.extract()?;
                Cell::Items(
                    items
                        .into_iter()
                        .map(|item| item.into_iter().map(python_attribute).collect())
                        .collect(),
                )
            }
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown value kind '{other}'"
                )))
            }
        };
        Ok(PythonCell::Cell(cell))
    }
}

impl PythonCell {
    fn into_cell(self) -> Cell {
        match self {
            PythonCell::Null => Cell::Null,
            PythonCell::Cell(cell) => cell,
        }
    }
}

fn python_attribute((tag, vr, creator, value): PythonElement) -> Attribute {
    let vr = vr.and_then(|v| v.parse::<Vr>().ok());
    let cell = value.into_cell();
    let creator = creator.as_deref().map(|c| c.trim_matches([' ', '\0']));
    let (name, form) = column_of(tag, creator, vr);
    Attribute {
        tag,
        name,
        vr: value_vr(&cell, vr),
        form,
        cell,
    }
}
