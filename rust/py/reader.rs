//! `read` and `parse_sequence`: stage 1 for Python, with the GIL released while
//! the file is read and parsed.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyString};

use super::buffer::Source;

use super::element_store::ElementStore;
use super::errors::{FileError, OrRaise, Raise};
use super::gil::{try_without_gil, without_gil};
use super::read_types::{warning_objects, DatasetRead, ParseWarning, ReadOptions, ReadResult};
use super::sequence_items::SequenceItems;
use rapidicom_core::parse::{self, Stop};
use rapidicom_core::read_file::{read_file, read_file_parts, split, Parts};

/// Read a DICOM file from a path (str) or from bytes.
#[pyfunction]
pub fn read(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options: ReadOptions,
) -> PyResult<ReadResult> {
    let opts = options.0;
    let path: Option<String> = source.cast::<PyString>().ok().map(|s| s.to_string());
    let bytes: Option<PyBackedBytes> = match &path {
        Some(_) => None,
        None => Some(source.extract::<PyBackedBytes>()?),
    };
    if let Some(path) = path {
        return read_path_apart(py, &path, &opts);
    }
    let bytes = bytes.expect("bytes when not a path");
    let read = try_without_gil(py, move || {
        parse::parse_file(&bytes, &opts)
            .map(|parsed| finish(Source::Python(bytes), parsed, None, &opts))
    })?;
    to_python(py, read, None)
}

/// `read` of a path: large pixel data is read straight into its `bytes` (see
/// `rapidicom_core::read_file::split`), the rest as `read_path` reads it.
fn read_path_apart(py: Python<'_>, path: &str, opts: &parse::ReadOptions) -> PyResult<ReadResult> {
    let parts = try_without_gil(py, || {
        read_file_parts(std::path::Path::new(path), opts).map_err(|e| FileError::new(e, path))
    })?;
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
    let complete = without_gil(py, || {
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
            let read = try_without_gil(py, || read_path(path, opts))?;
            to_python(py, read, None)
        }
        Err(e) => Err(FileError::io(e, path).raise()),
    }
}

pub(super) type Read = (Source, parse::ParsedFile, Option<f64>);

/// Read and parse one file (no Python involved: runs on any thread).
pub(super) fn read_path(path: &str, opts: &parse::ReadOptions) -> Result<Read, FileError> {
    let read = read_file(std::path::Path::new(path), opts).map_err(|e| FileError::new(e, path))?;
    Ok(finish(
        Source::Owned(read.data),
        read.parsed,
        read.mtime,
        opts,
    ))
}

/// With `stop_before_pixels`, keep only the header: nothing after is used.
fn finish(
    data: Source,
    parsed: parse::ParsedFile,
    mtime: Option<f64>,
    opts: &parse::ReadOptions,
) -> Read {
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
    let pixel_data = parsed.dataset.position(rapidicom_core::tags::PIXEL_DATA);
    let mut dataset = ElementStore::new(dataset_buf, Arc::new(parsed.dataset));
    if let (Some(value), Some(i)) = (detached, pixel_data) {
        dataset = dataset.with_detached(i, value);
    }
    let dataset = Py::new(py, dataset)?;
    Ok(ReadResult {
        preamble,
        meta,
        command,
        dataset,
        implicit_vr: parsed.implicit_vr,
        little_endian: parsed.little_endian,
        deflated,
        mtime,
        warnings: warning_objects(py, &parsed.warnings)?,
        dataset_end: parsed.dataset_end,
    })
}

/// pydicom's `read_dataset` over `source[start..]` (the rest of a file-like). `stop_group` stops at the first element outside that group;
/// `stop_at_pixels` at Pixel Data (pydicom's `_at_pixel_data`).
#[pyfunction]
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
    options: ReadOptions,
) -> PyResult<DatasetRead> {
    let opts = options.0;
    let stop = match (stop_group, stop_at_pixels) {
        (Some(group), _) => Stop::OutsideGroup(group),
        (None, true) => Stop::PixelData,
        (None, false) => Stop::Never,
    };
    let (source, read) = without_gil(py, move || {
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
    let read = read.or_raise()?;
    let implicit = read.dataset.implicit_vr;
    let store = ElementStore::new(Arc::new(Source::Python(source)), Arc::new(read.dataset));
    Ok(DatasetRead {
        store: Py::new(py, store)?,
        implicit_vr: implicit,
        end: read.end,
        warnings: warning_objects(py, &read.warnings)?,
    })
}

/// Read many files: parsed in parallel on `threads` threads (0: one per core) with
/// the GIL released, then returned in order, each as `read`'s result or, where
/// that file failed, as the exception instance.
#[pyfunction]
pub fn read_many(
    py: Python<'_>,
    paths: Vec<String>,
    threads: usize,
    options: ReadOptions,
) -> PyResult<Vec<Py<PyAny>>> {
    let opts = options.0;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if threads == 0 { cores } else { threads }.clamp(1, paths.len().max(1));
    let results: Vec<Result<Read, FileError>> = without_gil(py, || {
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
                        (0..len).map(|_| Err(FileError::io(failed(), ""))).collect()
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
            Err(e) => Ok(e.raise().into_value(py).into_any()),
        })
        .collect()
}

/// Parse the items of a defined-length sequence value (pydicom's `convert_SQ`).
#[pyfunction]
#[pyo3(signature = (value, value_tell, implicit_vr, little_endian, depth=1, strict=false,
                    infer_sq_for_un_vr=true, replace_un_with_known_vr=true, assume_implicit_vr_switch=true))]
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
) -> PyResult<(SequenceItems, Vec<Py<ParseWarning>>)> {
    let opts = parse::ReadOptions {
        strict,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        ..parse::ReadOptions::default()
    };
    let (value, seq, found) = try_without_gil(py, move || {
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
    })?;
    Ok((
        SequenceItems::parsed(Arc::new(Source::Owned(value)), seq),
        warning_objects(py, &found)?,
    ))
}
