//! Python callables the native objects build values with, registered once by
//! `rapidicom` at import (`_native.register_factories`).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

pub struct Factories {
    /// `tag._intern(int) -> BaseTag`
    pub tag: Py<PyAny>,
    /// `tag._interned`, the dict `_intern` keeps (read directly: no Python call)
    pub interned: Py<pyo3::types::PyDict>,
    /// `dataelem.RawDataElement`
    pub raw_element: Py<PyAny>,
    /// `dataelem.empty_value_for_VR(vr, raw=True)` as `f(vr)`
    pub empty_raw_value: Py<PyAny>,
}

static FACTORIES: PyOnceLock<Factories> = PyOnceLock::new();

pub fn get(py: Python<'_>) -> PyResult<&'static Factories> {
    FACTORIES.get(py).ok_or_else(|| {
        PyRuntimeError::new_err("rapidicom._native used before rapidicom registered its types")
    })
}

#[pyfunction]
pub fn register_factories(
    py: Python<'_>,
    tag: Py<PyAny>,
    interned: Py<pyo3::types::PyDict>,
    raw_element: Py<PyAny>,
    empty_raw_value: Py<PyAny>,
) {
    let _ = FACTORIES.set(
        py,
        Factories {
            tag,
            interned,
            raw_element,
            empty_raw_value,
        },
    );
}

impl Factories {
    /// The BaseTag for `tag`: the interned one if there is one, else made (and
    /// interned) by Python.
    pub fn tag_object(&self, py: Python<'_>, tag: u32) -> PyResult<Py<PyAny>> {
        if let Some(found) = self.interned.bind(py).get_item(tag)? {
            return Ok(found.unbind());
        }
        self.tag.call1(py, (tag,))
    }
}
