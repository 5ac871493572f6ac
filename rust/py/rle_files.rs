//! `rle_files`: batch conversion's fast path to RLE Lossless, whole files read,
//! encoded and re-written in Rust with the GIL released (`rapidicom_core::to_rle`).

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::gil::without_gil;
use super::read_types::ReadOptions;
use super::reader::read_path;
use rapidicom_core::to_rle::to_rle;

/// For each path, in order: the bytes of the file converted to RLE Lossless
/// with the matching SOP Instance UID, or None where the fast path does not
/// apply or reading failed (the caller then takes the Python path, which
/// raises or warns as dcmread and compress do).
#[pyfunction]
pub fn rle_files(
    py: Python<'_>,
    paths: Vec<String>,
    instance_uids: Vec<String>,
    options: ReadOptions,
) -> PyResult<Vec<Option<Py<PyBytes>>>> {
    if paths.len() != instance_uids.len() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "one SOP Instance UID is needed per path",
        ));
    }
    let opts = options.0;
    let converted: Vec<Option<Vec<u8>>> = without_gil(py, || {
        paths
            .iter()
            .zip(&instance_uids)
            .map(|(path, uid)| {
                let (data, parsed, _) = read_path(path, &opts).ok()?;
                to_rle(&data, &parsed, uid)
            })
            .collect()
    });
    Ok(converted
        .into_iter()
        .map(|c| c.map(|bytes| PyBytes::new(py, &bytes).unbind()))
        .collect())
}
