//! The one place where core errors become Python exceptions.

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::PyErr;

use crate::core::error::Error;

pub fn to_py(err: Error) -> PyErr {
    let msg = err.to_string();
    match err {
        Error::UnknownPrivateCreator { .. } | Error::PrivateTagNotFound { .. } => {
            PyKeyError::new_err(msg)
        }
        Error::PrivateTagInPublicDictionary { .. }
        | Error::PublicTagInPrivateDictionary { .. } => PyValueError::new_err(msg),
    }
}
