//! Python callables the native objects build values with, registered once by
//! `rapidicom` at import (`_native.register_factories`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

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
    /// The tag objects handed out so far, by value: a lookup here costs no Python
    /// int (the `interned` dict is keyed by int). Capped like `tag._intern`'s dict.
    tags: Mutex<HashMap<u32, Py<PyAny>, BuildHasherDefault<TagHasher>>>,
}

/// Same cap as `tag._INTERN_LIMIT`.
const TAG_CACHE_LIMIT: usize = 1 << 20;

/// Tags are well spread already: one multiply mixes them enough for the table.
#[derive(Default)]
struct TagHasher(u64);

impl Hasher for TagHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
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
            tags: Mutex::default(),
        },
    );
}

impl Factories {
    /// The BaseTag for `tag`: the interned one if there is one, else made (and
    /// interned) by Python.
    pub fn tag_object(&self, py: Python<'_>, tag: u32) -> PyResult<Py<PyAny>> {
        if let Some(found) = self.cached_tag(py, tag) {
            return Ok(found);
        }
        let made = match self.interned.bind(py).get_item(tag)? {
            Some(found) => found.unbind(),
            None => self.tag.call1(py, (tag,))?,
        };
        let mut tags = self.tags.lock().unwrap_or_else(|e| e.into_inner());
        if tags.len() < TAG_CACHE_LIMIT {
            tags.insert(tag, made.clone_ref(py));
        }
        Ok(made)
    }

    fn cached_tag(&self, py: Python<'_>, tag: u32) -> Option<Py<PyAny>> {
        let tags = self.tags.lock().unwrap_or_else(|e| e.into_inner());
        tags.get(&tag).map(|t| t.clone_ref(py))
    }
}
