//! `metadata_rows`: the cells of a metadata table, files read and decoded on
//! native threads with the GIL released; Python gets plain values per cell.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use pyo3::BoundObject;
use rayon::prelude::*;

use super::errors::{FileError, Raise};
use super::gil::without_gil;
use super::read_types::ReadOptions;
use super::reader::read_path;
use super::values::fast_vr;
use rapidicom_core::table::{self, Cell, Row, Values};

type Outcome = Result<(u64, Row), FileError>;

/// A file's row of a metadata table.
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct MetadataRow {
    /// The file's size in bytes.
    pub size: u64,
    pub transfer_syntax: Option<String>,
    /// One per tag asked for: None (no element or an empty value), a value or
    /// list of values (str, int, float, bytes), or `python` where the full path
    /// must decode it.
    pub cells: Py<PyList>,
}

/// For each path, in order: its row, or the exception reading it raised.
#[pyfunction]
pub fn metadata_rows(
    py: Python<'_>,
    paths: Vec<String>,
    tags: Vec<u32>,
    threads: usize,
    options: ReadOptions,
    python: Bound<'_, PyAny>,
) -> PyResult<Vec<Py<PyAny>>> {
    let opts = options.0;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let outcomes: Vec<Outcome> = without_gil(py, || {
        pool.install(|| paths.par_iter().map(|p| row_of(p, &tags, &opts)).collect())
    });
    outcomes
        .into_iter()
        .map(|outcome| match outcome {
            Ok((size, row)) => {
                let cells = PyList::empty(py);
                for c in row.cells {
                    cells.append(cell(py, c, &python)?)?;
                }
                let made = MetadataRow {
                    size,
                    transfer_syntax: row.transfer_syntax,
                    cells: cells.unbind(),
                };
                Ok(Py::new(py, made)?.into_any())
            }
            Err(e) => Ok(e.raise().into_value(py).into_any()),
        })
        .collect()
}

fn row_of(path: &str, tags: &[u32], opts: &rapidicom_core::parse::ReadOptions) -> Outcome {
    let size = std::fs::metadata(path)
        .map_err(|e| FileError::io(e, path))?
        .len();
    let (data, parsed, _) = read_path(path, opts)?;
    Ok((
        size,
        table::row(&data, &parsed, tags, |rec| fast_vr(rec, None)),
    ))
}

fn cell<'py>(py: Python<'py>, c: Cell, python: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    match c {
        Cell::Null => Ok(py.None().into_bound(py)),
        Cell::Python => Ok(python.clone()),
        Cell::Value(values) => values_object(py, values),
    }
}

/// Decoded values as a table cell holds them: one value, or a list of several;
/// binary values as bytes.
pub(super) fn values_object(py: Python<'_>, values: Values) -> PyResult<Bound<'_, PyAny>> {
    fn one_or_list<'py, T: IntoPyObject<'py>>(
        py: Python<'py>,
        mut items: Vec<T>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if items.len() == 1 {
            let one = items.pop().expect("one");
            return Ok(one
                .into_pyobject(py)
                .map_err(Into::into)?
                .into_any()
                .into_bound());
        }
        Ok(PyList::new(py, items)?.into_any())
    }
    match values {
        Values::Text(items) => one_or_list(py, items),
        Values::Float(items) => one_or_list(py, items),
        Values::Int(items) => one_or_list(py, items),
        Values::UInt(items) => one_or_list(py, items),
        Values::Bytes(bytes) => Ok(PyBytes::new(py, &bytes).into_any()),
    }
}
