//! `read` and `parse_sequence`: stage 1 for Python, with the GIL released while
//! the file is read and parsed.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyString};

use super::buffer::Source;

use super::errors::to_py;
use super::store::{ElementStore, SequenceItems};
use crate::core::parse::{self, ParseWarning, ReadOptions, Stop};
use crate::core::read_file::{read_file, read_file_parts, split, Parts, ReadFileError};

/// (kind, expected, found) for each warning; Python words and issues them.
type Warnings = Vec<(&'static str, &'static str, &'static str)>;

fn warnings(list: &[ParseWarning]) -> Warnings {
    list.iter()
        .map(|w| match w {
            ParseWarning::VrEncodingSwitch { expected, found } => ("vr_switch", *expected, *found),
            ParseWarning::MissingDelimiter => ("missing_delimiter", "", ""),
        })
        .collect()
}

/// The reading options as Python passes them: one tuple, in this order (see
/// `rapidicom.filereader._read_arguments`).
#[derive(FromPyObject)]
pub struct Options(
    bool,                      // force
    bool,                      // stop_before_pixels
    Option<Vec<u32>>,          // specific_tags
    Option<u64>,               // defer_size
    bool,                      // strict (reading_validation_mode == RAISE)
    bool,                      // infer_sq_for_un_vr
    bool,                      // replace_un_with_known_vr
    bool,                      // assume_implicit_vr_switch
    Vec<(String, bool, bool)>, // registered private transfer syntaxes
);

impl From<Options> for ReadOptions {
    fn from(o: Options) -> Self {
        let specific_tags = o.2.map(|mut t| {
            t.sort_unstable();
            t
        });
        ReadOptions {
            force: o.0,
            stop_before_pixels: o.1,
            specific_tags,
            defer_size: o.3,
            strict: o.4,
            infer_sq_for_un_vr: o.5,
            replace_un_with_known_vr: o.6,
            assume_implicit_vr_switch: o.7,
            private_syntaxes: o.8,
        }
    }
}

type ReadResult = (
    Option<Py<PyBytes>>,
    Py<ElementStore>,
    Py<ElementStore>,
    Py<ElementStore>,
    (bool, bool, bool),
    Option<f64>,
    Warnings,
    usize,
);

/// Read a DICOM file from a path (str) or from bytes. Returns (preamble, file meta,
/// command set, dataset, (implicit VR, little endian, deflated), file mtime,
/// warnings, where reading the dataset ended); the three element stores are the
/// `_dict`s of the datasets.
#[pyfunction]
pub fn read(py: Python<'_>, source: &Bound<'_, PyAny>, options: Options) -> PyResult<ReadResult> {
    let opts = ReadOptions::from(options);
    let path: Option<String> = source.cast::<PyString>().ok().map(|s| s.to_string());
    let bytes: Option<PyBackedBytes> = match &path {
        Some(_) => None,
        None => Some(source.extract::<PyBackedBytes>()?),
    };
    if let Some(path) = path {
        return read_path_apart(py, &path, &opts);
    }
    let bytes = bytes.expect("bytes when not a path");
    let read = py.detach(move || match parse::parse_file(&bytes, &opts) {
        Ok(parsed) => Ok(finish(Source::Python(bytes), parsed, None, &opts)),
        Err(e) => Err(ReadError::Parse(e)),
    });
    to_python(py, read.map_err(ReadError::into_py)?, None)
}

/// `read` of a path: large pixel data is read straight into its `bytes` (see
/// `core::read_file::split`), the rest as `read_path` reads it.
fn read_path_apart(py: Python<'_>, path: &str, opts: &ReadOptions) -> PyResult<ReadResult> {
    let parts = py
        .detach(|| read_file_parts(std::path::Path::new(path), opts))
        .map_err(|e| file_error(e, path).into_py())?;
    let (header, mut file, mtime) = match parts {
        Parts::Whole(read) => {
            let read = finish(Source::Owned(read.data), read.parsed, read.mtime, opts);
            return to_python(py, read, None);
        }
        Parts::Apart {
            header,
            file,
            mtime,
        } => (header, file, mtime),
    };
    let len = header.pixel_len;
    // SAFETY: a new bytes object with room for `len` bytes (not initialised yet);
    // NULL with an exception set on failure.
    let pixels = unsafe {
        let made = pyo3::ffi::PyBytes_FromStringAndSize(std::ptr::null(), len as isize);
        Bound::from_owned_ptr_or_err(py, made)?.cast_into_unchecked::<PyBytes>()
    };
    // The object is not shared yet, and its storage never moves: it is filled
    // while the GIL is released.
    struct Storage(*mut u8);
    // SAFETY: only this read writes through the pointer, while `pixels` is kept.
    unsafe impl Send for Storage {}
    // SAFETY: `pixels` holds `len` bytes after its header.
    let storage = Storage(unsafe { pyo3::ffi::PyBytes_AsString(pixels.as_ptr()) }.cast());
    let complete = py.detach(|| {
        let storage = storage;
        // SAFETY: `storage` points to `len` writable bytes (see above).
        unsafe { split::read_pixels_into(&mut file, &header, storage.0) }
    });
    match complete {
        Ok(true) => {
            let read = (Source::Owned(header.data), header.parsed, mtime);
            to_python(py, read, Some(pixels.unbind()))
        }
        // The file changed since it was measured: read it again, whole.
        Ok(false) => {
            let read = py.detach(|| read_path(path, opts));
            to_python(py, read.map_err(ReadError::into_py)?, None)
        }
        Err(e) => Err(ReadError::Io(e, path.into()).into_py()),
    }
}

fn file_error(e: ReadFileError, path: &str) -> ReadError {
    match e {
        ReadFileError::Io(e) => ReadError::Io(e, path.into()),
        ReadFileError::Parse(e) => ReadError::Parse(e),
    }
}

/// A failure while reading, kept free of Python until the GIL is held again.
pub(super) enum ReadError {
    /// An I/O error on the file at the path.
    Io(std::io::Error, String),
    Parse(crate::core::error::Error),
}

impl ReadError {
    pub(super) fn into_py(self) -> PyErr {
        match self {
            // OSError(errno, strerror, filename): Python picks the subclass
            // (FileNotFoundError, ...) and words it as open() would.
            ReadError::Io(e, path) => match e.raw_os_error() {
                Some(code) => Python::attach(|py| {
                    let text = py
                        .import("os")
                        .and_then(|os| os.call_method1("strerror", (code,)))
                        .and_then(|t| t.extract::<String>())
                        .unwrap_or_else(|_| e.to_string());
                    pyo3::exceptions::PyOSError::new_err((code, text, path))
                }),
                None => PyErr::from(e),
            },
            ReadError::Parse(e) => to_py(e),
        }
    }
}

pub(super) type Read = (Source, parse::ParsedFile, Option<f64>);

/// Read and parse one file (no Python involved: runs on any thread).
pub(super) fn read_path(path: &str, opts: &ReadOptions) -> Result<Read, ReadError> {
    let read = read_file(std::path::Path::new(path), opts).map_err(|e| file_error(e, path))?;
    Ok(finish(
        Source::Owned(read.data),
        read.parsed,
        read.mtime,
        opts,
    ))
}

/// With `stop_before_pixels`, keep only the header: nothing after is used.
fn finish(data: Source, parsed: parse::ParsedFile, mtime: Option<f64>, opts: &ReadOptions) -> Read {
    let data = if opts.stop_before_pixels && parsed.inflated.is_none() {
        data.truncate(parsed.dataset_end)
    } else {
        data
    };
    (data, parsed, mtime)
}

/// The Python view of a read: the tuple `read` returns. `detached` is the value of
/// the dataset's pixel data when it was read apart (see `read_path_apart`).
fn to_python(
    py: Python<'_>,
    (data, parsed, mtime): Read,
    detached: Option<Py<PyBytes>>,
) -> PyResult<ReadResult> {
    let preamble = parsed
        .preamble
        .clone()
        .map(|r| PyBytes::new(py, &data[r]).unbind());
    let deflated = parsed.inflated.is_some();
    let source = Arc::new(data);
    let dataset_buf = match parsed.inflated {
        Some(inflated) => Arc::new(Source::Owned(inflated)),
        None => source.clone(),
    };
    let meta = Py::new(py, ElementStore::new(source.clone(), Arc::new(parsed.meta)))?;
    let command = Py::new(py, ElementStore::new(source, Arc::new(parsed.command)))?;
    let pixel_data = parsed.dataset.position(split::PIXEL_DATA);
    let mut dataset = ElementStore::new(dataset_buf, Arc::new(parsed.dataset));
    if let (Some(value), Some(i)) = (detached, pixel_data) {
        dataset = dataset.with_detached(i, value);
    }
    let dataset = Py::new(py, dataset)?;
    let flags = (parsed.implicit_vr, parsed.little_endian, deflated);
    Ok((
        preamble,
        meta,
        command,
        dataset,
        flags,
        mtime,
        warnings(&parsed.warnings),
        parsed.dataset_end,
    ))
}

/// pydicom's `read_dataset` over `source[start..]` (the rest of a file-like):
/// returns (the dataset's store, implicit VR as found, where reading ended,
/// warnings). `stop_group` stops at the first element outside that group;
/// `stop_at_pixels` at Pixel Data (pydicom's `_at_pixel_data`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn read_dataset(
    py: Python<'_>,
    source: PyBackedBytes,
    start: usize,
    implicit_vr: bool,
    little_endian: bool,
    bytelength: Option<u32>,
    stop_group: Option<u16>,
    stop_at_pixels: bool,
    is_sequence: bool,
    options: Options,
) -> PyResult<(Py<ElementStore>, bool, usize, Warnings)> {
    let opts = ReadOptions::from(options);
    let stop = match (stop_group, stop_at_pixels) {
        (Some(group), _) => Stop::OutsideGroup(group),
        (None, true) => Stop::PixelData,
        (None, false) => Stop::Never,
    };
    let (source, read) = py.detach(move || {
        let read = parse::parse_dataset_at(
            &source,
            start,
            implicit_vr,
            little_endian,
            bytelength,
            stop,
            is_sequence,
            &opts,
        );
        (source, read)
    });
    let read = read.map_err(to_py)?;
    let implicit = read.dataset.implicit_vr;
    let store = ElementStore::new(Arc::new(Source::Python(source)), Arc::new(read.dataset));
    Ok((
        Py::new(py, store)?,
        implicit,
        read.end,
        warnings(&read.warnings),
    ))
}

/// Read many files: parsed in parallel on `threads` threads (0: one per core) with
/// the GIL released, then returned in order, each as `read`'s tuple or, where that
/// file failed, as the exception instance.
#[pyfunction]
pub fn read_many(
    py: Python<'_>,
    paths: Vec<String>,
    threads: usize,
    options: Options,
) -> PyResult<Vec<Py<PyAny>>> {
    let opts = ReadOptions::from(options);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if threads == 0 { cores } else { threads }.clamp(1, paths.len().max(1));
    let results: Vec<Result<Read, ReadError>> = py.detach(|| {
        let chunk = paths.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .chunks(chunk)
                .map(|part| {
                    (
                        part.len(),
                        scope
                            .spawn(|| part.iter().map(|p| read_path(p, &opts)).collect::<Vec<_>>()),
                    )
                })
                .collect();
            // Results stay aligned with `paths` even if a worker could not finish.
            workers
                .into_iter()
                .flat_map(|(len, w)| {
                    w.join().unwrap_or_else(|_| {
                        let failed = || std::io::Error::other("reader thread failed");
                        (0..len)
                            .map(|_| Err(ReadError::Io(failed(), String::new())))
                            .collect()
                    })
                })
                .collect()
        })
    });
    results
        .into_iter()
        .map(|r| match r {
            Ok(read) => to_python(py, read, None)?
                .into_pyobject(py)
                .map(|t| t.into_any().unbind()),
            Err(e) => Ok(e.into_py().into_value(py).into_any()),
        })
        .collect()
}

/// Parse the items of a defined-length sequence value (pydicom's `convert_SQ`).
#[pyfunction]
#[pyo3(signature = (value, value_tell, implicit_vr, little_endian, depth=1, strict=false,
                    infer_sq_for_un_vr=true, replace_un_with_known_vr=true, assume_implicit_vr_switch=true))]
#[allow(clippy::too_many_arguments)]
pub fn parse_sequence(
    py: Python<'_>,
    value: Vec<u8>,
    value_tell: u64,
    implicit_vr: bool,
    little_endian: bool,
    depth: usize,
    strict: bool,
    infer_sq_for_un_vr: bool,
    replace_un_with_known_vr: bool,
    assume_implicit_vr_switch: bool,
) -> PyResult<(SequenceItems, Warnings)> {
    let opts = ReadOptions {
        strict,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        ..ReadOptions::default()
    };
    let (value, seq, found) = py.detach(move || {
        let range = 0..value.len();
        parse::parse_sequence_value(
            &value,
            range,
            value_tell,
            implicit_vr,
            little_endian,
            &opts,
            depth,
        )
        .map(|(seq, warnings)| (value, seq, warnings))
        .map_err(to_py)
    })?;
    Ok((
        SequenceItems::parsed(Arc::new(Source::Owned(value)), seq),
        warnings(&found),
    ))
}
