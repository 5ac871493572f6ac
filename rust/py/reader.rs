//! `read` and `parse_sequence`: stage 1 for Python, with the GIL released while
//! the file is read and parsed.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyString};

use super::buffer::Source;

use super::errors::to_py;
use super::store::{ElementStore, SequenceItems};
use crate::core::parse::{self, ParseWarning, ReadOptions};


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

#[allow(clippy::too_many_arguments)]
fn options(
    force: bool,
    stop_before_pixels: bool,
    specific_tags: Option<Vec<u32>>,
    defer_size: Option<u64>,
    strict: bool,
    infer_sq_for_un_vr: bool,
    replace_un_with_known_vr: bool,
    assume_implicit_vr_switch: bool,
    private_syntaxes: Vec<(String, bool, bool)>,
) -> ReadOptions {
    let specific_tags = specific_tags.map(|mut t| {
        t.sort_unstable();
        t
    });
    ReadOptions {
        force,
        stop_before_pixels,
        specific_tags,
        defer_size,
        strict,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        private_syntaxes,
    }
}

type ReadResult =
    (Option<Py<PyBytes>>, Py<ElementStore>, Py<ElementStore>, Py<ElementStore>, (bool, bool, bool), Option<f64>, Warnings);

/// Read a DICOM file from a path (str) or from bytes. Returns (preamble, file meta,
/// command set, dataset, (implicit VR, little endian, deflated), file mtime,
/// warnings); the
/// three element stores are the `_dict`s of the datasets.
#[pyfunction]
#[pyo3(signature = (source, force=false, stop_before_pixels=false, specific_tags=None, defer_size=None,
                    strict=false, infer_sq_for_un_vr=true, replace_un_with_known_vr=true,
                    assume_implicit_vr_switch=true, private_syntaxes=Vec::new()))]
#[allow(clippy::too_many_arguments)]
pub fn read(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    force: bool,
    stop_before_pixels: bool,
    specific_tags: Option<Vec<u32>>,
    defer_size: Option<u64>,
    strict: bool,
    infer_sq_for_un_vr: bool,
    replace_un_with_known_vr: bool,
    assume_implicit_vr_switch: bool,
    private_syntaxes: Vec<(String, bool, bool)>,
) -> PyResult<ReadResult> {
    let opts = options(
        force,
        stop_before_pixels,
        specific_tags,
        defer_size,
        strict,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        private_syntaxes,
    );
    let path: Option<String> = source.cast::<PyString>().ok().map(|s| s.to_string());
    let bytes: Option<PyBackedBytes> = match &path {
        Some(_) => None,
        None => Some(source.extract::<PyBackedBytes>()?),
    };
    let (data, parsed, mtime) = py.detach(move || -> Result<_, PyErr> {
        let (data, parsed, mtime) = match (path, bytes) {
            (Some(p), _) if opts.stop_before_pixels => {
                let (data, parsed, mtime) = read_header(&p, &opts)?;
                (Source::Owned(data), parsed, mtime)
            }
            (Some(p), _) => {
                let (data, mtime) = read_with_mtime(&p, None).map_err(PyErr::from)?;
                let parsed = parse::parse_file(&data, &opts).map_err(to_py)?;
                (Source::Owned(data), parsed, mtime)
            }
            (None, Some(b)) => {
                let parsed = parse::parse_file(&b, &opts).map_err(to_py)?;
                (Source::Python(b), parsed, None)
            }
            (None, None) => unreachable!(),
        };
        // Keep only the header: nothing after where reading stopped is used.
        let data = if opts.stop_before_pixels && parsed.inflated.is_none() {
            data.truncate(parsed.dataset_end)
        } else {
            data
        };
        Ok((data, parsed, mtime))
    })?;
    let preamble = parsed.preamble.clone().map(|r| PyBytes::new(py, &data[r]).unbind());
    let deflated = parsed.inflated.is_some();
    let source = Arc::new(data);
    let dataset_buf = match parsed.inflated {
        Some(inflated) => Arc::new(Source::Owned(inflated)),
        None => source.clone(),
    };
    let meta = Py::new(py, ElementStore::new(source.clone(), Arc::new(parsed.meta)))?;
    let command = Py::new(py, ElementStore::new(source, Arc::new(parsed.command)))?;
    let dataset = Py::new(py, ElementStore::new(dataset_buf, Arc::new(parsed.dataset)))?;
    let flags = (parsed.implicit_vr, parsed.little_endian, deflated);
    Ok((preamble, meta, command, dataset, flags, mtime, warnings(&parsed.warnings)))
}

/// The file's bytes (the first `limit` of them, if given) and its modification time
/// as Python's `os.stat().st_mtime` computes it (so later comparisons are exact).
fn read_with_mtime(path: &str, limit: Option<u64>) -> std::io::Result<(Vec<u8>, Option<f64>)> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mtime = meta.modified().ok().and_then(|t| {
        let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(d.as_secs() as f64 + d.subsec_nanos() as f64 * 1e-9)
    });
    let size = limit.map_or(meta.len(), |l| l.min(meta.len())) as usize;
    // One read of the known size (read_to_end would probe in growing chunks).
    let mut data = vec![0u8; size];
    let mut filled = 0;
    let mut file = file;
    while filled < size {
        match file.read(&mut data[filled..])? {
            0 => break, // the file shrank since it was measured
            n => filled += n,
        }
    }
    data.truncate(filled);
    Ok((data, mtime))
}

/// For `stop_before_pixels`: read a growing prefix of the file until the header
/// parses to a stop inside it (pydicom, too, reads only up to the pixel data).
fn read_header(path: &str, opts: &ReadOptions) -> PyResult<(Vec<u8>, parse::ParsedFile, Option<f64>)> {
    let mut want: u64 = 256 * 1024;
    loop {
        let (data, mtime) = read_with_mtime(path, Some(want)).map_err(PyErr::from)?;
        let whole = (data.len() as u64) < want;
        match parse::parse_file(&data, opts) {
            Ok(parsed)
                if whole
                    || parsed.inflated.is_none()
                        && parsed.dataset_end < data.len()
                        && !parsed.warnings.contains(&ParseWarning::MissingDelimiter) =>
            {
                return Ok((data, parsed, mtime));
            }
            Err(e) if whole => return Err(to_py(e)),
            _ => want = want.saturating_mul(4),
        }
    }
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
    let opts = options(
        false,
        false,
        None,
        None,
        strict,
        infer_sq_for_un_vr,
        replace_un_with_known_vr,
        assume_implicit_vr_switch,
        Vec::new(),
    );
    let (value, seq, found) = py.detach(move || {
        let range = 0..value.len();
        parse::parse_sequence_value(&value, range, value_tell, implicit_vr, little_endian, &opts, depth)
            .map(|(seq, warnings)| (value, seq, warnings))
            .map_err(to_py)
    })?;
    Ok((SequenceItems::parsed(Arc::new(Source::Owned(value)), seq), warnings(&found)))
}
