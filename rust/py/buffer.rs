//! Bytes shared between Python and Rust: the bytes an element index points into
//! (`Source`, `Buffer`), their read-only views handed to Python (`ValueBytes`),
//! and buffers Python hands in to be read with the GIL released (`Borrowed`).

use std::ops::Deref;
use std::os::raw::c_int;
use std::sync::Arc;

use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::{PyBufferError, PyIndexError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PySlice};

/// The bytes of a read: from a file (owned), or a Python `bytes` object borrowed
/// as it is (no copy; bytes are immutable and stay put).
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

/// A read-only view of an element's bytes in the file buffer, without a copy
/// (supports the buffer protocol: `memoryview`, `numpy.frombuffer`, slicing).
#[pyclass(module = "rapidicom._native", frozen)]
pub struct ValueBytes {
    buf: Buffer,
    start: usize,
    len: usize,
}

impl ValueBytes {
    pub fn new(buf: Buffer, start: usize, len: usize) -> Self {
        ValueBytes { buf, start, len }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[self.start..self.start + self.len]
    }
}

#[pymethods]
impl ValueBytes {
    fn __len__(&self) -> usize {
        self.len
    }

    /// A byte (an int) or a slice (bytes), as `bytes` gives them.
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let data = self.bytes();
        if let Ok(slice) = key.cast::<PySlice>() {
            let indices = slice.indices(data.len() as isize)?;
            let (start, step, count) = (indices.start, indices.step, indices.slicelength);
            let out: Vec<u8> = if step == 1 {
                data[start as usize..start as usize + count].to_vec()
            } else {
                (0..count as isize)
                    .map(|i| data[(start + i * step) as usize])
                    .collect()
            };
            return Ok(PyBytes::new(py, &out).into_any());
        }
        let index: isize = key.extract()?;
        let position = if index < 0 {
            index + data.len() as isize
        } else {
            index
        };
        if position < 0 || position >= data.len() as isize {
            return Err(PyIndexError::new_err("index out of range"));
        }
        Ok(data[position as usize].into_pyobject(py)?.into_any())
    }

    unsafe fn __getbuffer__(
        slf: Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        if flags & ffi::PyBUF_WRITABLE == ffi::PyBUF_WRITABLE {
            return Err(PyBufferError::new_err("the value's bytes are read-only"));
        }
        let this = slf.get();
        let data = this.bytes();
        // SAFETY: the bytes live in an Arc kept alive by the object the view holds
        // a reference to (FillInfo takes one), and are never written.
        let status = unsafe {
            ffi::PyBuffer_FillInfo(
                view,
                slf.as_ptr(),
                data.as_ptr() as *mut std::ffi::c_void,
                data.len() as ffi::Py_ssize_t,
                1,
                flags,
            )
        };
        if status == -1 {
            return Err(PyErr::fetch(slf.py()));
        }
        Ok(())
    }
}

/// A C-contiguous byte buffer handed in by Python (any object with the buffer
/// protocol), borrowed without a copy.
///
/// The rule: while the GIL is released another thread may run Python code, so
/// bytes read then must not change meanwhile. Immutable exporters (`bytes`, our
/// `ValueBytes`, a numpy array or read-only memoryview whose memory a `bytes`
/// owns) are read with the GIL released; anything else (a `bytearray`, a numpy
/// array of its own memory, a writable memoryview) is read with the GIL held.
/// `gil::reading` applies the rule; nothing else reads a `Borrowed` without the GIL.
pub(super) struct Borrowed {
    _owner: PyUntypedBuffer,
    ptr: *const u8,
    len: usize,
    immutable: bool,
}

// SAFETY: the exporter keeps the memory alive while `_owner` holds the view, and
// the bytes are only read: without the GIL only when immutable (see above).
unsafe impl Send for Borrowed {}
unsafe impl Sync for Borrowed {}

impl Borrowed {
    pub(super) fn get(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let view = PyUntypedBuffer::get(obj)?;
        if !view.is_c_contiguous() {
            return Err(PyBufferError::new_err("a C-contiguous buffer is needed"));
        }
        Ok(Borrowed {
            ptr: view.buf_ptr() as *const u8,
            len: view.len_bytes(),
            immutable: is_immutable(obj)?,
            _owner: view,
        })
    }

    /// The bytes cannot change while they are read (see the rule above).
    pub(super) fn is_immutable(&self) -> bool {
        self.immutable
    }

    pub(super) fn slice(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: see the Send/Sync note above.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

/// `bytes`, `ValueBytes`, or a read-only memoryview of one of them.
fn is_immutable(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if obj.is_exact_instance_of::<PyBytes>() || obj.is_instance_of::<ValueBytes>() {
        return Ok(true);
    }
    if obj.is_instance_of::<PyByteArray>() {
        return Ok(false);
    }
    if let Ok(view) = obj.cast::<PyMemoryView>() {
        let readonly: bool = view
            .getattr(pyo3::intern!(obj.py(), "readonly"))?
            .extract()?;
        let base = view.getattr(pyo3::intern!(obj.py(), "obj"))?;
        return Ok(readonly
            && (base.is_exact_instance_of::<PyBytes>() || base.is_instance_of::<ValueBytes>()));
    }
    Ok(false)
}
