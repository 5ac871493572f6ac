//! Instances of a `float` subclass with `__slots__` (`DSfloat`), made the way
//! `float.__new__(cls, x)` makes them (the type's `tp_alloc`, then the C double)
//! with their slots filled by pointer stores: a DS value costs about as much as a
//! plain float instead of a type call and two attribute stores.
//!
//! The slot offsets come from the class's own member descriptors when the class
//! is registered; a class whose attributes are not plain object slots is not
//! accepted, and its values are made through Python as before.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyType;

pub struct FloatWithSlots {
    ty: Py<PyType>,
    /// Byte offset of each slot, in the order the names were given.
    offsets: Vec<ffi::Py_ssize_t>,
}

impl FloatWithSlots {
    /// The maker for `ty`'s slots `names`, or None if `ty` is not a float subclass
    /// whose `names` are object slots.
    pub fn new(ty: &Bound<'_, PyType>, names: &[&str]) -> PyResult<Option<Self>> {
        let py = ty.py();
        let float_type = py.get_type::<pyo3::types::PyFloat>();
        if !ty.is_subclass(&float_type)? || ty.is(&float_type) {
            return Ok(None);
        }
        let mut offsets = Vec::with_capacity(names.len());
        for name in names {
            let Ok(descr) = ty.getattr(*name) else {
                return Ok(None);
            };
            // SAFETY: the descriptor's type is checked before it is read as a
            // member descriptor; the class keeps it (and its PyMemberDef) alive.
            let offset = unsafe {
                let raw = descr.as_ptr();
                if ffi::Py_TYPE(raw) != &raw mut ffi::PyMemberDescr_Type {
                    return Ok(None);
                }
                // CPython's `d_member` is a PyMemberDef* on every version; pyo3-ffi
                // declares it a PyGetSetDef* before 3.11, hence the cast.
                let member = &*((*(raw as *mut ffi::PyMemberDescrObject)).d_member
                    as *const ffi::PyMemberDef);
                if member.type_code != ffi::Py_T_OBJECT_EX
                    || member.flags & ffi::Py_READONLY != 0
                    || (member.offset as usize) < size_of::<ffi::PyFloatObject>()
                {
                    return Ok(None);
                }
                member.offset
            };
            offsets.push(offset);
        }
        Ok(Some(FloatWithSlots {
            ty: ty.clone().unbind(),
            offsets,
        }))
    }

    /// A new instance holding `value`, with each slot set to the matching item of
    /// `slots` (given in the order of the names).
    pub fn make<const N: usize>(
        &self,
        py: Python<'_>,
        value: f64,
        slots: [Py<PyAny>; N],
    ) -> PyResult<Py<PyAny>> {
        debug_assert_eq!(N, self.offsets.len());
        // SAFETY: tp_alloc returns a zeroed instance of the class (or NULL with an
        // exception set), whose layout starts with a PyFloatObject; each offset
        // was read from the class's own member descriptor for an object slot, so
        // the stores are in bounds and each takes over one owned reference.
        unsafe {
            let tp = self.ty.as_ptr() as *mut ffi::PyTypeObject;
            let alloc = (*tp).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
            let obj = alloc(tp, 0);
            if obj.is_null() {
                return Err(PyErr::fetch(py));
            }
            (*(obj as *mut ffi::PyFloatObject)).ob_fval = value;
            for (offset, item) in self.offsets.iter().zip(slots) {
                let place = (obj as *mut u8).offset(*offset) as *mut *mut ffi::PyObject;
                *place = item.into_ptr();
            }
            Ok(Bound::from_owned_ptr(py, obj).unbind())
        }
    }
}
