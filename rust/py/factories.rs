//! Python callables the native objects build values with, registered once by
//! `rapidicom` at import (`_native.register_factories`).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

pub struct Factories {
    /// `tag._intern(int) -> BaseTag`
    pub tag: Py<PyAny>,
    /// `dataelem.RawDataElement`
    pub raw_element: Py<PyAny>,
    /// `dataelem.empty_value_for_VR(vr, raw=True)` as `f(vr)`
    pub empty_raw_value: Py<PyAny>,
}

static FACTORIES: PyOnceLock<Factories> = PyOnceLock::new();

pub fn get(py: Python<'_>) -> PyResult<&'static Factories> {
    FACTORIES
        .get(py)
        .ok_or_else(|| PyRuntimeError::new_err("rapidicom._native used before rapidicom registered its types"))
}

#[pyfunction]
pub fn register_factories(py: Python<'_>, tag: Py<PyAny>, raw_element: Py<PyAny>, empty_raw_value: Py<PyAny>) {
    let _ = FACTORIES.set(py, Factories { tag, raw_element, empty_raw_value });
}
