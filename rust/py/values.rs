//! Raw element -> DataElement without the Python conversion path, for elements
//! where `rapidicom_core::values::decode` gives the answer (see there). The objects built are
//! the ones pydicom's converters build, attribute for attribute.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use rapidicom_core::index::{ElementRecord, ValueRef};
use rapidicom_core::values::{self, Context, Decoded, Items, TextKind};
use rapidicom_core::vr::Vr;

use super::modes::{flags, RAISE};
use super::python_names as names;
use super::registry::{self, Registry};

/// The VR names as Python strings, made once (`Vr as usize` indexes them).
static VR_NAMES: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

pub fn vr_name<'py>(py: Python<'py>, vr: Vr) -> &'py Bound<'py, PyString> {
    let names = VR_NAMES.get_or_init(py, || {
        Vr::ALL
            .iter()
            .map(|v| PyString::intern(py, v.as_str()).unbind())
            .collect()
    });
    names[vr as usize].bind(py)
}

/// Python codecs that decode printable ASCII as ASCII (all DICOM character sets).
fn ascii_compatible(codec: &str) -> bool {
    matches!(
        codec,
        "iso8859"
            | "latin_1"
            | "iso8859_2"
            | "iso8859_3"
            | "iso8859_4"
            | "iso_ir_126"
            | "iso_ir_127"
            | "iso_ir_138"
            | "iso_ir_144"
            | "iso_ir_148"
            | "iso_ir_166"
            | "shift_jis"
            | "iso2022_jp"
            | "iso2022_jp_2"
            | "euc_kr"
            | "iso_ir_58"
            | "UTF8"
            | "GB18030"
            | "GBK"
            | "GB2312"
    )
}

pub fn first_codec_ascii_compatible(encodings: &Bound<'_, PyAny>) -> bool {
    let first = match encodings.cast::<PyString>() {
        Ok(s) => s.clone(),
        Err(_) => match encodings
            .get_item(0)
            .ok()
            .and_then(|f| f.cast_into::<PyString>().ok())
        {
            Some(s) => s,
            None => return false,
        },
    };
    first.to_str().is_ok_and(ascii_compatible)
}

pub use rapidicom_core::values::{fast_vr, LUT_DESCRIPTORS};

/// How a private element's block creator stands, as Dataset.__setitem__ sees it.
pub enum Creator {
    /// No creator element: `private_creator` stays None.
    Absent,
    /// The creator's value, and the same as a Python string (shared by the block).
    Value(String, Py<PyString>),
}

/// The DataElement for `rec`, or None when the Python path must make it. `creator`
/// is given for private elements.
pub fn fast_element(
    py: Python<'_>,
    rec: &ElementRecord,
    data: &[u8],
    little: bool,
    encodings: &Bound<'_, PyAny>,
    config: u32,
    tag_factory: &Registry,
    creator: Option<&Creator>,
    value_tell: u64,
    detached: Option<&Py<PyBytes>>,
) -> PyResult<Option<Py<PyAny>>> {
    // Pixel data comes through too: only its implicit-VR form ("OB or OW") needs
    // Python's ambiguity rules, and that form falls back below.
    if config & flags::OFF != 0 || LUT_DESCRIPTORS.contains(&rec.tag) {
        return Ok(None);
    }
    let creator_text = match creator {
        Some(Creator::Value(s, _)) => Some(s.as_str()),
        _ => None,
    };
    let Some(vr) = fast_vr(rec, creator_text) else {
        return Ok(None);
    };
    let Some(types) = registry::try_get(py) else {
        return Ok(None);
    };
    if matches!(vr, Vr::DA | Vr::DT | Vr::TM) && config & flags::DATETIME != 0
        || vr == Vr::DS && config & flags::DS_SPECIAL != 0
        || vr == Vr::IS && config & flags::IS_NUMPY != 0
    {
        return Ok(None);
    }
    let charset_text = matches!(
        vr,
        Vr::LO | Vr::SH | Vr::UC | Vr::LT | Vr::ST | Vr::UT | Vr::PN
    );
    if charset_text && !first_codec_ascii_compatible(encodings) {
        return Ok(None);
    }
    let mode = config & flags::MODE_MASK;
    let value: Py<PyAny> = match &rec.value {
        ValueRef::Empty { .. } => {
            if config & flags::NONE_EMPTY != 0 {
                return Ok(None);
            }
            match vr {
                Vr::PN => empty_person_name(py, types, mode)?,
                Vr::AE
                | Vr::AS
                | Vr::CS
                | Vr::DA
                | Vr::DT
                | Vr::TM
                | Vr::UI
                | Vr::UR
                | Vr::LO
                | Vr::LT
                | Vr::SH
                | Vr::ST
                | Vr::UC
                | Vr::UT => PyString::new(py, "").into_any().unbind(),
                _ => py.None(),
            }
        }
        ValueRef::Bytes { .. } => {
            let ctx = Context {
                strict: mode == RAISE,
            };
            let range = rec.value.range().expect("bytes");
            let Some(decoded) = values::decode(vr, &data[range], little, ctx) else {
                return Ok(None);
            };
            match build_value(py, types, decoded, encodings, mode)? {
                Some(v) => v,
                None => return Ok(None),
            }
        }
        // A value read apart (large pixel data): the bytes as they are.
        ValueRef::Deferred { .. } => match detached {
            Some(value) if matches!(vr, Vr::OB | Vr::OW) => value.clone_ref(py).into_any(),
            _ => return Ok(None),
        },
        ValueRef::Sequence(_) => return Ok(None),
    };
    let elem = super::element_type::new_element(
        py,
        types.data_element.bind(py).cast::<PyType>()?,
        super::element_type::Fields {
            tag: tag_factory.tag_object(py, rec.tag)?,
            vr: vr_name(py, vr).clone().into_any().unbind(),
            validation_mode: mode.into_pyobject(py)?.into_any().unbind(),
            value,
            file_tell: value_tell.into_pyobject(py)?.into_any().unbind(),
            is_undefined_length: false.into_pyobject(py)?.to_owned().into_any().unbind(),
            private_creator: match creator {
                Some(Creator::Value(_, c)) => c.clone_ref(py).into_any(),
                _ => py.None(),
            },
        },
    )?;
    Ok(Some(elem))
}

/// `PersonName("")`, as an empty PN element's value is made (by `empty_value_for_VR`:
/// no original string and no encodings, whatever the dataset's character set).
fn empty_person_name(py: Python<'_>, types: &Registry, mode: u32) -> PyResult<Py<PyAny>> {
    let name = types.object_new.call1(py, (&types.person_name,))?;
    let n = name.bind(py);
    // PersonName.__init__'s order of assignment.
    n.setattr(intern!(py, names::COMPONENTS), PyTuple::empty(py))?;
    n.setattr(intern!(py, names::VALIDATION_MODE), mode)?;
    n.setattr(intern!(py, names::ORIGINAL_STRING), py.None())?;
    n.setattr(intern!(py, names::ENCODINGS), py.None())?;
    Ok(name)
}

fn multi_value(
    py: Python<'_>,
    types: &Registry,
    ctor: &Bound<'_, PyAny>,
    items: Bound<'_, PyList>,
) -> PyResult<Py<PyAny>> {
    let mv = types.object_new.call1(py, (&types.multi_value,))?;
    let mv_ref = mv.bind(py);
    mv_ref.setattr(intern!(py, names::CONSTRUCTOR), ctor)?;
    mv_ref.setattr(intern!(py, names::LIST), items)?;
    Ok(mv)
}

/// The items made by `make`: the one item itself, or a list of them.
fn one_or_list<'py, T>(
    py: Python<'py>,
    values: Items<T>,
    make: impl Fn(T) -> PyResult<Py<PyAny>>,
) -> PyResult<Result<Py<PyAny>, Bound<'py, PyList>>> {
    if values.len() == 1 {
        let only = values.into_iter().next().expect("one item");
        return Ok(Ok(make(only)?));
    }
    let list = PyList::empty(py);
    for v in values {
        list.append(make(v)?)?;
    }
    Ok(Err(list))
}

/// One value, or a MultiValue of them.
fn one_or_many<T>(
    py: Python<'_>,
    types: &Registry,
    ctor: &Bound<'_, PyAny>,
    values: Items<T>,
    make: impl Fn(T) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    match one_or_list(py, values, make)? {
        Ok(one) => Ok(one),
        Err(list) => multi_value(py, types, ctor, list),
    }
}

/// One number, or a plain list of them.
fn numbers<T>(
    py: Python<'_>,
    values: Items<T>,
    make: impl Fn(T) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    Ok(match one_or_list(py, values, make)? {
        Ok(one) => one,
        Err(list) => list.into_any().unbind(),
    })
}

fn build_value(
    py: Python<'_>,
    types: &Registry,
    decoded: Decoded<'_>,
    encodings: &Bound<'_, PyAny>,
    mode: u32,
) -> PyResult<Option<Py<PyAny>>> {
    let str_type = py.get_type::<PyString>();
    Ok(Some(match decoded {
        Decoded::Text(TextKind::Plain | TextKind::Single, items) => {
            one_or_many(py, types, str_type.as_any(), items, |s| {
                Ok(PyString::new(py, s).into_any().unbind())
            })?
        }
        Decoded::Text(TextKind::Uid, items) => {
            let uid = types.uid.bind(py);
            one_or_many(py, types, uid, items, |s| types.str_new.call1(py, (uid, s)))?
        }
        Decoded::Text(TextKind::PersonName, items) => {
            let text = items[0];
            let groups = values::person_name_groups(text);
            let name = types.object_new.call1(py, (&types.person_name,))?;
            let n = name.bind(py);
            let codecs = if encodings.is_instance_of::<PyString>() {
                PyTuple::new(py, [encodings])?
            } else {
                PyTuple::new(py, encodings.try_iter()?.collect::<PyResult<Vec<_>>>()?)?
            };
            // PersonName.__init__'s order of assignment.
            n.setattr(intern!(py, names::COMPONENTS), PyTuple::new(py, &groups)?)?;
            n.setattr(intern!(py, names::VALIDATION_MODE), mode)?;
            n.setattr(
                intern!(py, names::ORIGINAL_STRING),
                PyBytes::new(py, groups.join("=").as_bytes()),
            )?;
            n.setattr(intern!(py, names::ENCODINGS), codecs)?;
            name
        }
        Decoded::Decimal(items) => {
            let ds = types.ds_float.bind(py);
            one_or_many(py, types, ds, items, |(text, value)| {
                Ok(match value {
                    None => PyString::new(py, text).into_any().unbind(),
                    Some(v) if types.ds_float_maker.is_some() => {
                        let maker = types.ds_float_maker.as_ref().expect("checked");
                        let text = PyString::new(py, text).into_any().unbind();
                        maker.make(
                            py,
                            v,
                            [
                                text,
                                false.into_pyobject(py)?.to_owned().into_any().unbind(),
                            ],
                        )?
                    }
                    Some(v) => {
                        let obj = types.float_new.call1(py, (ds, PyFloat::new(py, v)))?;
                        let obj_ref = obj.bind(py);
                        obj_ref.setattr(intern!(py, names::ORIGINAL_STRING), text)?;
                        obj_ref.setattr(intern!(py, names::AUTO_FORMAT), false)?;
                        obj
                    }
                })
            })?
        }
        Decoded::Integer(items) => {
            let is_ = types.is_.bind(py);
            one_or_many(py, types, is_, items, |(text, value)| {
                Ok(match value {
                    None => PyString::new(py, text).into_any().unbind(),
                    Some(v) => {
                        let obj = types.int_new.call1(py, (is_, PyInt::new(py, v)))?;
                        obj.bind(py)
                            .setattr(intern!(py, names::ORIGINAL_STRING), text)?;
                        obj
                    }
                })
            })?
        }
        Decoded::Unsigned(v) => numbers(py, v, |n| Ok(PyInt::new(py, n).into_any().unbind()))?,
        Decoded::Signed(v) => numbers(py, v, |n| Ok(PyInt::new(py, n).into_any().unbind()))?,
        Decoded::Float(v) => numbers(py, v, |n| Ok(PyFloat::new(py, n).into_any().unbind()))?,
        Decoded::Bytes(b) => PyBytes::new(py, b).into_any().unbind(),
    }))
}
