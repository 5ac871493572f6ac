//! The named types a read crosses the seam in: the options Python passes
//! (`ReadOptions`), what a read returns (`ReadResult`, `DatasetRead`) and the
//! warnings the parser collected (`ParseWarning`), worded and issued by Python.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use rapidicom_core::parse::{self, ParseWarning as CoreWarning};

use super::element_store::ElementStore;

/// How to read: dcmread's arguments and the configuration they depend on, made
/// by `rapidicom.filereader._read_options`.
#[pyclass(
    module = "rapidicom._native",
    name = "ReadOptions",
    frozen,
    from_py_object
)]
#[derive(Clone)]
pub struct ReadOptions(pub parse::ReadOptions);

#[pymethods]
impl ReadOptions {
    #[new]
    #[pyo3(signature = (*, force=false, stop_before_pixels=false, specific_tags=None, defer_size=None,
                        strict=false, infer_sq_for_un_vr=true, replace_un_with_known_vr=true,
                        assume_implicit_vr_switch=true, private_syntaxes=Vec::new()))]
    fn new(
        force: bool,
        stop_before_pixels: bool,
        specific_tags: Option<Vec<u32>>,
        defer_size: Option<u64>,
        strict: bool,
        infer_sq_for_un_vr: bool,
        replace_un_with_known_vr: bool,
        assume_implicit_vr_switch: bool,
        private_syntaxes: Vec<(String, bool, bool)>,
    ) -> Self {
        let specific_tags = specific_tags.map(|mut t| {
            t.sort_unstable();
            t
        });
        ReadOptions(parse::ReadOptions {
            force,
            stop_before_pixels,
            specific_tags,
            defer_size,
            strict,
            infer_sq_for_un_vr,
            replace_un_with_known_vr,
            assume_implicit_vr_switch,
            private_syntaxes,
        })
    }
}

/// A warning the parser collected: `kind` is "vr_switch" (with the VR encoding
/// `expected` and the one `found`) or "missing_delimiter".
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct ParseWarning {
    pub kind: &'static str,
    pub expected: &'static str,
    pub found: &'static str,
}

pub fn warnings(list: &[CoreWarning]) -> Vec<ParseWarning> {
    list.iter()
        .map(|w| match w {
            CoreWarning::VrEncodingSwitch { expected, found } => ParseWarning {
                kind: "vr_switch",
                expected,
                found,
            },
            CoreWarning::MissingDelimiter => ParseWarning {
                kind: "missing_delimiter",
                expected: "",
                found: "",
            },
        })
        .collect()
}

/// A file read: its parts as element stores (the `_dict`s of the datasets).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct ReadResult {
    pub preamble: Option<Py<PyBytes>>,
    pub meta: Py<ElementStore>,
    pub command: Py<ElementStore>,
    pub dataset: Py<ElementStore>,
    pub implicit_vr: bool,
    pub little_endian: bool,
    pub deflated: bool,
    /// The file's modification time (`os.stat().st_mtime`), for a path.
    pub mtime: Option<f64>,
    pub warnings: Vec<Py<ParseWarning>>,
    /// Where reading the dataset ended (pixel data, or a value without its
    /// delimiter, when reading stopped there).
    pub dataset_end: usize,
}

/// A dataset read from the middle of a file-like (`read_dataset`).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct DatasetRead {
    pub store: Py<ElementStore>,
    /// The VR encoding found (it may differ from the one expected).
    pub implicit_vr: bool,
    /// Where reading ended.
    pub end: usize,
    pub warnings: Vec<Py<ParseWarning>>,
}

/// The warnings as Python objects.
pub fn warning_objects(py: Python<'_>, list: &[CoreWarning]) -> PyResult<Vec<Py<ParseWarning>>> {
    warnings(list).into_iter().map(|w| Py::new(py, w)).collect()
}
