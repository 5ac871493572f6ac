//! The one place where core errors become Python exceptions.

use pyo3::exceptions::{PyEOFError, PyKeyError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::PyErr;

use crate::core::dicomdir::links::LinkError;
use crate::core::error::Error;

pub fn to_py(err: Error) -> PyErr {
    let msg = err.to_string();
    match err {
        Error::UnknownPrivateCreator { .. } | Error::PrivateTagNotFound { .. } => {
            PyKeyError::new_err(msg)
        }
        Error::PrivateTagInPublicDictionary { .. } | Error::PublicTagInPrivateDictionary { .. } => {
            PyValueError::new_err(msg)
        }
        Error::NotDicom | Error::VrEncodingMismatch { .. } | Error::TooDeep { .. } => {
            python_error("rapidicom.errors", "InvalidDicomError", msg)
        }
        Error::NoItemTag { .. } => PyOSError::new_err(msg),
        Error::MissingDelimiter { .. } => PyEOFError::new_err(msg),
        // pydicom lets zlib's own error through.
        Error::Inflate { .. } => python_error("zlib", "error", msg),
        Error::ValueTooLong { .. } => PyValueError::new_err(msg),
    }
}

/// An instance of a Python exception class named by module and attribute.
fn python_error(module: &str, name: &str, msg: String) -> PyErr {
    Python::attach(|py| {
        let class = py.import(module).and_then(|m| m.getattr(name));
        match class {
            Ok(class) => match class.call1((msg,)) {
                Ok(instance) => PyErr::from_value(instance),
                Err(e) => e,
            },
            Err(e) => e,
        }
    })
}

/// A DICOMDIR whose records cannot be linked (an offset to nowhere, a loop).
impl From<LinkError> for PyErr {
    fn from(err: LinkError) -> PyErr {
        PyValueError::new_err(err.to_string())
    }
}
