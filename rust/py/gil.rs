//! The one way the bindings release the GIL: every byte-level job (parsing,
//! decoding, encoding, file I/O) runs through here, so that other Python threads
//! run meanwhile.
//!
//! What the closure reads must not change while the GIL is released: owned Rust
//! data, `bytes`, or buffers Python lent read through `reading` (see
//! `buffer::Borrowed`).

use pyo3::marker::Ungil;
use pyo3::prelude::*;

use super::buffer::Borrowed;
use super::errors::Raise;

/// `work` run with the GIL released.
pub fn without_gil<T, F>(py: Python<'_>, work: F) -> T
where
    F: Ungil + FnOnce() -> T,
    T: Ungil,
{
    py.detach(work)
}

/// `work` run with the GIL released; its error raised as `errors` maps it.
pub fn try_without_gil<T, E, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Ungil + FnOnce() -> Result<T, E>,
    Result<T, E>: Ungil,
    E: Raise,
{
    without_gil(py, work).map_err(Raise::raise)
}

/// `work` over bytes Python lent: with the GIL released when every one of `lent`
/// is immutable, else with the GIL held, so that no Python thread can write them
/// meanwhile (`buffer::Borrowed`'s rule).
pub fn reading<T, F>(py: Python<'_>, lent: &[&Borrowed], work: F) -> T
where
    F: Ungil + FnOnce() -> T,
    T: Ungil,
{
    if lent.iter().all(|b| b.is_immutable()) {
        without_gil(py, work)
    } else {
        work()
    }
}

/// `reading`, with the work's error raised as `errors` maps it.
pub fn try_reading<T, E, F>(py: Python<'_>, lent: &[&Borrowed], work: F) -> PyResult<T>
where
    F: Ungil + FnOnce() -> Result<T, E>,
    Result<T, E>: Ungil,
    E: Raise,
{
    reading(py, lent, work).map_err(Raise::raise)
}
