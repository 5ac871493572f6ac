//! `ElementFields`: the native base of `rapidicom.dataelem.DataElement`.
//!
//! A DataElement's seven attributes (`tag`, `VR`, `validation_mode`, `_value`,
//! `file_tell`, `is_undefined_length`, `private_creator`) live in fixed slots of
//! this type instead of the instance dict, so that the reader makes an element
//! with one allocation and seven pointer stores (setting them one by one through
//! Python cost about half of reading a header and touching every value). Python sees them as ordinary member attributes
//! (read and written like `__slots__`); `DataElement` itself stays a Python class
//! with a `__dict__` for anything else.
//!
//! The type is built with the limited API (`PyType_FromSpec` + `PyMemberDef`), so
//! the layout is this module's own: no CPython internals are assumed.

use std::ffi::{c_int, c_void};
use std::mem::offset_of;
use std::ptr;

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

use super::python_names as names;

/// The instance layout: the object header, then one owned reference (or NULL,
/// "not set") per field.
#[repr(C)]
struct ElementObject {
    ob_base: ffi::PyObject,
    fields: [*mut ffi::PyObject; FIELD_COUNT],
}

/// The fields in slot order; `Fields` is written in the same order.
const FIELD_NAMES: [&std::ffi::CStr; FIELD_COUNT] = [
    c"tag",
    c"VR",
    c"validation_mode",
    c"_value",
    c"file_tell",
    c"is_undefined_length",
    c"private_creator",
];
const FIELD_COUNT: usize = 7;

/// The values of a new element, each an owned reference.
pub struct Fields {
    pub tag: Py<PyAny>,
    pub vr: Py<PyAny>,
    pub validation_mode: Py<PyAny>,
    pub value: Py<PyAny>,
    pub file_tell: Py<PyAny>,
    pub is_undefined_length: Py<PyAny>,
    pub private_creator: Py<PyAny>,
}

static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `ElementFields` type, made on first use.
pub fn element_fields_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    TYPE.get_or_try_init(py, || make_type(py))
        .map(|t| t.bind(py))
}

/// The member table: one `Py_T_OBJECT_EX` member per field (unset reads raise
/// AttributeError, as an unset instance attribute does), then the end marker.
struct MemberTable([ffi::PyMemberDef; FIELD_COUNT + 1]);

// SAFETY: never written; its pointers are to 'static C strings.
unsafe impl Sync for MemberTable {}

const fn member(i: usize) -> ffi::PyMemberDef {
    ffi::PyMemberDef {
        name: FIELD_NAMES[i].as_ptr(),
        type_code: ffi::Py_T_OBJECT_EX,
        offset: (offset_of!(ElementObject, fields) + i * size_of::<*mut ffi::PyObject>())
            as ffi::Py_ssize_t,
        flags: 0,
        doc: ptr::null(),
    }
}

static MEMBERS: MemberTable = MemberTable([
    member(0),
    member(1),
    member(2),
    member(3),
    member(4),
    member(5),
    member(6),
    ffi::PyMemberDef {
        name: ptr::null(),
        type_code: 0,
        offset: 0,
        flags: 0,
        doc: ptr::null(),
    },
]);

/// `value`: read natively (it is `_value`), set through the class's
/// `_set_value`, which converts the value for the VR.
struct GetSetTable([ffi::PyGetSetDef; 2]);

// SAFETY: never written; its pointers are to 'static C strings and functions.
unsafe impl Sync for GetSetTable {}

static GETSETS: GetSetTable = GetSetTable([
    ffi::PyGetSetDef {
        name: c"value".as_ptr(),
        get: Some(value_get),
        set: Some(value_set),
        doc: c"The element's value (converted for its VR as it was set).".as_ptr(),
        closure: ptr::null_mut(),
    },
    ffi::PyGetSetDef {
        name: ptr::null(),
        get: None,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
]);

const VALUE: usize = 3;

unsafe extern "C" fn value_get(obj: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    let value = (*obj.cast::<ElementObject>()).fields[VALUE];
    if value.is_null() {
        ffi::PyErr_SetString(
            ffi::PyExc_AttributeError,
            c"'DataElement' object has no attribute '_value'".as_ptr(),
        );
        return ptr::null_mut();
    }
    ffi::Py_INCREF(value);
    value
}

unsafe extern "C" fn value_set(
    obj: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    _: *mut c_void,
) -> c_int {
    if value.is_null() {
        ffi::PyErr_SetString(
            ffi::PyExc_AttributeError,
            c"property 'value' of 'DataElement' object has no deleter".as_ptr(),
        );
        return -1;
    }
    // SAFETY: CPython calls setters with the GIL held.
    let py = Python::assume_attached();
    let name = pyo3::intern!(py, names::SET_VALUE).as_ptr();
    let done = ffi::PyObject_CallMethodObjArgs(obj, name, value, ptr::null_mut::<ffi::PyObject>());
    if done.is_null() {
        return -1;
    }
    ffi::Py_DECREF(done);
    0
}

fn make_type(py: Python<'_>) -> PyResult<Py<PyType>> {
    let mut slots = [
        ffi::PyType_Slot {
            slot: ffi::Py_tp_members,
            // CPython only reads the table (and keeps pointing into it).
            pfunc: MEMBERS.0.as_ptr() as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_getset,
            // CPython only reads the table (and keeps pointing into it).
            pfunc: GETSETS.0.as_ptr() as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_traverse,
            pfunc: traverse as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_clear,
            pfunc: clear as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_dealloc,
            pfunc: dealloc as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        },
    ];
    let mut spec = ffi::PyType_Spec {
        name: c"rapidicom._native.ElementFields".as_ptr(),
        basicsize: size_of::<ElementObject>() as c_int,
        itemsize: 0,
        flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_BASETYPE | ffi::Py_TPFLAGS_HAVE_GC)
            as std::ffi::c_uint,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: the spec and its slots are valid for the call; the type copies them
    // (the member table is 'static).
    unsafe {
        let made = ffi::PyType_FromSpec(&mut spec);
        Ok(Bound::from_owned_ptr_or_err(py, made)?
            .cast_into::<PyType>()?
            .unbind())
    }
}

unsafe extern "C" fn traverse(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // A heap type's instances refer to it, and the base-most heap type in the
    // hierarchy is the one that reports that reference.
    let ty = ffi::Py_TYPE(obj);
    let found = visit(ty.cast(), arg);
    if found != 0 {
        return found;
    }
    let element = obj.cast::<ElementObject>();
    for field in (*element).fields {
        if !field.is_null() {
            let found = visit(field, arg);
            if found != 0 {
                return found;
            }
        }
    }
    0
}

unsafe extern "C" fn clear(obj: *mut ffi::PyObject) -> c_int {
    let element = obj.cast::<ElementObject>();
    for i in 0..FIELD_COUNT {
        let field = std::mem::replace(&mut (*element).fields[i], ptr::null_mut());
        if !field.is_null() {
            ffi::Py_DECREF(field);
        }
    }
    0
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    let ty = ffi::Py_TYPE(obj);
    ffi::PyObject_GC_UnTrack(obj.cast());
    clear(obj);
    let free: ffi::freefunc = std::mem::transmute(ffi::PyType_GetSlot(ty, ffi::Py_tp_free));
    free(obj.cast());
    // Instances of heap types own a reference to their type.
    ffi::Py_DECREF(ty.cast());
}

/// True if `obj`, a DataElement exactly (see `registry::is_data_element`), has the
/// VR `vr` (compared by identity first: the reader's VR strings are interned).
pub fn has_vr(obj: &Bound<'_, PyAny>, vr: &Bound<'_, PyString>) -> bool {
    // SAFETY: DataElement subclasses ElementFields, so `obj` has its layout.
    let field = unsafe { (*obj.as_ptr().cast::<ElementObject>()).fields[1] };
    if field.is_null() {
        return false;
    }
    if ptr::eq(field, vr.as_ptr()) {
        return true;
    }
    // SAFETY: a non-null field is a live object owned by `obj`.
    let field = unsafe { Borrowed::from_ptr(obj.py(), field) };
    let wanted = vr.to_str().ok();
    field
        .cast::<PyString>()
        .is_ok_and(|s| s.to_str().ok() == wanted)
}

/// Checks that `cls` can hold elements made by `new_element` (it subclasses
/// `ElementFields`).
pub fn check_element_class(py: Python<'_>, cls: &Bound<'_, PyAny>) -> PyResult<()> {
    let base = element_fields_type(py)?;
    match cls.cast::<PyType>() {
        Ok(t) if t.is_subclass(base)? => Ok(()),
        _ => Err(PyTypeError::new_err(
            "the element class must subclass rapidicom._native.ElementFields",
        )),
    }
}

/// A new instance of `cls` (a subclass of `ElementFields`, see
/// `check_element_class`) with its fields set; its `__dict__` starts empty.
pub fn new_element(py: Python<'_>, cls: &Bound<'_, PyType>, fields: Fields) -> PyResult<Py<PyAny>> {
    let Fields {
        tag,
        vr,
        validation_mode,
        value,
        file_tell,
        is_undefined_length,
        private_creator,
    } = fields;
    // SAFETY: `cls` subclasses ElementFields, so its instances start with
    // ElementObject's layout; the allocator zeroes them (every field NULL) and
    // each field then takes over one owned reference.
    unsafe {
        let obj = ffi::PyType_GenericAlloc(cls.as_type_ptr(), 0);
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        let element = obj.cast::<ElementObject>();
        (*element).fields = [
            tag.into_ptr(),
            vr.into_ptr(),
            validation_mode.into_ptr(),
            value.into_ptr(),
            file_tell.into_ptr(),
            is_undefined_length.into_ptr(),
            private_creator.into_ptr(),
        ];
        Ok(Bound::from_owned_ptr(py, obj).unbind())
    }
}
