//! The bytes an element index points into: read from a file (owned), or a Python
//! `bytes` object borrowed as it is (no copy; bytes are immutable and stay put).

use std::ops::Deref;
use std::sync::Arc;

use pyo3::pybacked::PyBackedBytes;

pub enum Source {
    Owned(Vec<u8>),
    Python(PyBackedBytes),
}

impl Deref for Source {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Source::Owned(v) => v,
            Source::Python(b) => b,
        }
    }
}

impl Source {
    /// Only the first `len` bytes are needed any more: let go of the rest (a
    /// borrowed Python object is copied down to them).
    pub fn truncate(self, len: usize) -> Source {
        match self {
            Source::Owned(mut v) => {
                v.truncate(len);
                v.shrink_to_fit();
                Source::Owned(v)
            }
            Source::Python(b) if len < b.len() => Source::Owned(b[..len].to_vec()),
            kept => kept,
        }
    }
}

/// Shared by every element store of one read.
pub type Buffer = Arc<Source>;
