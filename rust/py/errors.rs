//! The one place where errors of the core become Python exceptions, with the class
//! pydicom raises for the same situation.
//!
//! Rust's orphan rule keeps `impl From<core error> for PyErr` out of this crate
//! (both types are foreign here, and the core must not depend on PyO3), so each
//! core error type implements [`Raise`] once, below. Results reach Python through
//! [`OrRaise::or_raise`] or the GIL helper (`gil::try_without_gil`).

use std::convert::Infallible;

use pyo3::exceptions::{PyEOFError, PyKeyError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::PyErr;

use rapidicom_core::codecs::batch::BatchError;
use rapidicom_core::codecs::CodecError;
use rapidicom_core::dicomdir::links::LinkError;
use rapidicom_core::error::Error;
use rapidicom_core::pixels::PixelError;
use rapidicom_core::read_file::ReadFileError;

use super::registry::{self, Registry};

/// A core error raised in Python.
pub trait Raise {
    fn raise(self) -> PyErr;
}

/// `result.or_raise()?`: a core result as a `PyResult`.
pub trait OrRaise<T> {
    fn or_raise(self) -> PyResult<T>;
}

impl<T, E: Raise> OrRaise<T> for Result<T, E> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(Raise::raise)
    }
}

impl Raise for Error {
    fn raise(self) -> PyErr {
        let msg = self.to_string();
        match self {
            Error::UnknownPrivateCreator { .. } | Error::PrivateTagNotFound { .. } => {
                PyKeyError::new_err(msg)
            }
            Error::PrivateTagInPublicDictionary { .. }
            | Error::PublicTagInPrivateDictionary { .. } => PyValueError::new_err(msg),
            Error::NotDicom | Error::VrEncodingMismatch { .. } | Error::TooDeep { .. } => {
                python_error(|r| &r.invalid_dicom_error, msg)
            }
            Error::NoItemTag { .. } => PyOSError::new_err(msg),
            Error::MissingDelimiter { .. } => PyEOFError::new_err(msg),
            // pydicom lets zlib's own error through.
            Error::Inflate { .. } => python_error(|r| &r.zlib_error, msg),
            Error::ValueTooLong { .. } => PyValueError::new_err(msg),
        }
    }
}

/// A DICOMDIR whose records cannot be linked (an offset to nowhere, a loop).
impl Raise for LinkError {
    fn raise(self) -> PyErr {
        PyValueError::new_err(self.to_string())
    }
}

/// Pixel data that does not fit its description: pydicom raises ValueError.
impl Raise for PixelError {
    fn raise(self) -> PyErr {
        PyValueError::new_err(self.0)
    }
}

/// A frame a codec could not decode or encode, in the codec's words.
impl Raise for CodecError {
    fn raise(self) -> PyErr {
        PyValueError::new_err(self.0)
    }
}

/// A batch of frames that could not be decoded, naming the frame.
impl Raise for BatchError {
    fn raise(self) -> PyErr {
        PyValueError::new_err(match self {
            BatchError::Frame(i, e) => format!("frame {i}: {e}"),
            BatchError::Layout(i) => {
                format!("frame {i} has a different size or layout than frame 0")
            }
        })
    }
}

/// A file that could not be read, or its data not parsed, with the path read.
#[derive(Debug)]
pub struct FileError {
    pub error: ReadFileError,
    pub path: String,
}

impl FileError {
    pub fn new(error: ReadFileError, path: &str) -> Self {
        FileError {
            error,
            path: path.to_owned(),
        }
    }

    pub fn io(error: std::io::Error, path: &str) -> Self {
        FileError::new(ReadFileError::Io(error), path)
    }
}

impl Raise for FileError {
    fn raise(self) -> PyErr {
        match self.error {
            // OSError(errno, strerror, filename): Python picks the subclass
            // (FileNotFoundError, ...) and words it as open() would.
            ReadFileError::Io(e) => match e.raw_os_error() {
                Some(code) => Python::attach(|py| {
                    let text = registry::get(py)
                        .and_then(|r| r.strerror.call1(py, (code,)))
                        .and_then(|t| t.extract::<String>(py))
                        .unwrap_or_else(|_| e.to_string());
                    PyOSError::new_err((code, text, self.path))
                }),
                None => PyErr::from(e),
            },
            ReadFileError::Parse(e) => e.raise(),
        }
    }
}

impl Raise for Infallible {
    fn raise(self) -> PyErr {
        match self {}
    }
}

/// An instance of a Python exception class of the registry.
fn python_error(class: impl FnOnce(&Registry) -> &Py<PyAny>, msg: String) -> PyErr {
    Python::attach(|py| {
        let made = registry::get(py).and_then(|r| class(r).call1(py, (msg,)));
        match made {
            Ok(instance) => PyErr::from_value(instance.into_bound(py)),
            Err(e) => e,
        }
    })
}
