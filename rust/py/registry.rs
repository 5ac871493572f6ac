//! Every Python object the bindings hold or call, in one place. Python hands them
//! over once, as the dict `rapidicom._native_objects.objects()` returns (its keys
//! are the field names below); they are fetched the first time one is needed,
//! after `rapidicom` is imported. A key missing on either side fails that fetch
//! with a KeyError naming it (and `tests/test_native_seam.py` checks them all).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use super::element_type::check_element_class;
use super::float_slots::FloatWithSlots;
use super::python_names as names;

/// The objects, by the names `rapidicom._native_objects` gives them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct Objects {
    /// `tag._intern(int) -> BaseTag`
    pub tag: Py<PyAny>,
    /// `tag._interned`, the dict `_intern` keeps (read directly: no Python call)
    pub interned: Py<PyDict>,
    /// `dataelem.RawDataElement`
    pub raw_element: Py<PyAny>,
    /// `dataelem.empty_value_for_VR(vr, raw=True)` as `f(vr)`
    pub empty_raw_value: Py<PyAny>,
    /// The value types pydicom's converters make, and the constructors the
    /// native converters call instead of the classes' own `__new__`.
    pub data_element: Py<PyAny>,
    pub multi_value: Py<PyAny>,
    pub uid: Py<PyAny>,
    pub ds_float: Py<PyAny>,
    pub is_: Py<PyAny>,
    pub person_name: Py<PyAny>,
    pub object_new: Py<PyAny>,
    pub float_new: Py<PyAny>,
    pub int_new: Py<PyAny>,
    pub str_new: Py<PyAny>,
    /// `sequence.Sequence`
    pub sequence: Py<PyAny>,
    /// `dataset._read_sequence(items, charset) -> Sequence`
    pub read_sequence: Py<PyAny>,
    /// `dataset._adopt_sequence(dataset, element)`
    pub adopt_sequence: Py<PyAny>,
    /// The writer's Python side (`filewriter`): per-dataset decisions, values
    /// only Python encodes, errors naming their tag, the long-value warning.
    pub prepare_dataset: Py<PyAny>,
    pub encode_value: Py<PyAny>,
    pub with_tag: Py<PyAny>,
    pub warn_long_value: Py<PyAny>,
    /// `config._flags_now() -> int`: the fast-path flags (`FLAG_*`) in force.
    pub flags_now: Py<PyAny>,
    /// Exception classes raised for core errors (see `errors`).
    pub invalid_dicom_error: Py<PyAny>,
    pub zlib_error: Py<PyAny>,
    /// `os.strerror`: an OSError's text as `open()` words it.
    pub strerror: Py<PyAny>,
}

pub struct Registry {
    objects: Objects,
    /// Makes DSfloat values natively (None if the class has no such slots).
    pub ds_float_maker: Option<FloatWithSlots>,
    /// The tag objects handed out so far, by value: a lookup here costs no Python
    /// int (the `interned` dict is keyed by int). Capped like `tag._intern`'s dict.
    tags: Mutex<HashMap<u32, Py<PyAny>, BuildHasherDefault<TagHasher>>>,
}

impl Deref for Registry {
    type Target = Objects;

    fn deref(&self) -> &Objects {
        &self.objects
    }
}

static REGISTRY: PyOnceLock<Registry> = PyOnceLock::new();

/// The registry, fetched from Python on first use.
pub fn get(py: Python<'_>) -> PyResult<&'static Registry> {
    REGISTRY.get_or_try_init(py, || {
        let objects: Objects = py
            .import("rapidicom._native_objects")?
            .call_method0("objects")?
            .extract()?;
        check_element_class(py, objects.data_element.bind(py))?;
        let ds_float_maker = FloatWithSlots::new(
            objects.ds_float.bind(py).cast::<PyType>()?,
            &[names::ORIGINAL_STRING, names::AUTO_FORMAT],
        )?;
        Ok(Registry {
            objects,
            ds_float_maker,
            tags: Mutex::default(),
        })
    })
}

/// The registry if it can be had; None sends callers down the Python path.
pub fn try_get(py: Python<'_>) -> Option<&'static Registry> {
    get(py).ok()
}

/// True if `obj` is exactly a `DataElement` (not a subclass).
pub fn is_data_element(py: Python<'_>, obj: &Bound<'_, PyAny>) -> bool {
    try_get(py).is_some_and(|r| obj.get_type().is(r.data_element.bind(py)))
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

impl Registry {
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

    /// The fast-path flags in force now (this thread's overrides included).
    pub fn current_flags(&self, py: Python<'_>) -> PyResult<u32> {
        self.flags_now.call0(py)?.extract(py)
    }
}
