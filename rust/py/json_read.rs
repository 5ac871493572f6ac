//! `Dataset.from_json` for JSON text without a bulk data handler: the text is
//! parsed natively (`core::json::model`) and elements whose value is certain
//! are made here, attribute for attribute as `DataElement(tag, value, VR)`
//! makes them. Every other element is made by Python from the same JSON
//! (`add_element`, pydicom's rules, warnings and errors).

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::Value;

use super::factories;
use super::values::{flags, types, vr_name, ValueTypes, LUT_DESCRIPTORS};
use crate::core::json::model::{self, Map, Number};
use crate::core::vr::Vr;

const RAISE: u32 = 2;
/// Items nested deeper than this are made by Python (which bounds its recursion).
const MAX_DEPTH: usize = 64;

struct Builder<'py> {
    py: Python<'py>,
    types: &'static ValueTypes,
    tags: &'static factories::Factories,
    config: u32,
    cls: Bound<'py, PyAny>,
    /// `add_element(ds, cls, key, mapping, parent)`: one element by Python's
    /// rules; `parent` is the sequence's key for an item's element, else None.
    add_element: Bound<'py, PyAny>,
    /// `make_item(cls, parent, item)`: a sequence item Python must make.
    make_item: Bound<'py, PyAny>,
}

/// The dataset for `text`, or None when Python must parse it (malformed text,
/// NaN, a top level that is not an object, ...). `config` is the native
/// reader's flags (the reading validation mode and the settings that change
/// values).
#[pyfunction]
pub fn dataset_from_json<'py>(
    py: Python<'py>,
    text: &[u8],
    cls: &Bound<'py, PyAny>,
    config: u32,
    add_element: &Bound<'py, PyAny>,
    make_item: &Bound<'py, PyAny>,
) -> PyResult<Option<Py<PyAny>>> {
    let Some(Value::Object(top)) = py.detach(|| model::parse(text)) else {
        return Ok(None);
    };
    let Some(types) = types(py) else {
        return Ok(None);
    };
    let builder = Builder {
        py,
        types,
        tags: factories::get(py)?,
        config,
        cls: cls.clone(),
        add_element: add_element.clone(),
        make_item: make_item.clone(),
    };
    Ok(Some(builder.dataset(&top, None, 0)?.unbind()))
}

impl<'py> Builder<'py> {
    fn dataset(&self, map: &Map<String, Value>, parent: Option<&str>, depth: usize) -> PyResult<Bound<'py, PyAny>> {
        let ds = self.cls.call0()?;
        let elements = ds.getattr(intern!(self.py, "_dict"))?;
        let elements = elements.cast_exact::<PyDict>().ok();
        for (key, mapping) in map {
            let made = match elements {
                Some(_) => self.element(key, mapping, depth)?,
                None => None, // a dataset class with its own mapping: Python adds
            };
            if let (Some(elements), Some((tag, elem, private))) = (elements, made) {
                if private || made_sequence(&elem) {
                    // Dataset.add sets private creators and sequence parents.
                    ds.call_method1(intern!(self.py, "add"), (elem,))?;
                } else {
                    elements.set_item(tag, elem)?;
                }
                continue;
            }
            let parent = parent.map(|p| PyString::new(self.py, p).into_any());
            self.add_element.call1((&ds, &self.cls, key, self.to_python(mapping)?, parent))?;
        }
        Ok(ds)
    }

    /// (tag, element, private) when made here; None for Python to make.
    #[allow(clippy::type_complexity)]
    fn element(
        &self,
        key: &str,
        mapping: &Value,
        depth: usize,
    ) -> PyResult<Option<(Py<PyAny>, Bound<'py, PyAny>, bool)>> {
        let (Some(tag), Value::Object(fields)) = (model::tag_of_key(key), mapping) else {
            return Ok(None);
        };
        let Some(Value::String(vr_text)) = fields.get("vr") else {
            return Ok(None);
        };
        let Ok(vr) = vr_text.parse::<Vr>() else {
            return Ok(None);
        };
        let value_keys = ["Value", "InlineBinary", "BulkDataURI"];
        let mut present = value_keys.iter().filter(|k| fields.contains_key(**k));
        let (Some(&value_key), None) = (present.next(), present.next()) else {
            return Ok(None);
        };
        if LUT_DESCRIPTORS.contains(&tag) || vr == Vr::UN {
            return Ok(None);
        }
        let tag_obj = self.tags.tag_object(self.py, tag)?;
        let private = (tag >> 16) % 2 == 1;
        let value = &fields[value_key];
        if vr == Vr::SQ {
            let Some(elem) = self.sequence(tag, key, value, depth)? else {
                return Ok(None);
            };
            return Ok(Some((tag_obj, elem, private)));
        }
        let items: Vec<Bound<'py, PyAny>> = match (value_key, value) {
            ("Value", Value::Array(values)) if !values.is_empty() => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match self.item(vr, v)? {
                        Some(item) => items.push(item),
                        None => return Ok(None),
                    }
                }
                items
            }
            ("InlineBinary", Value::String(text)) if is_binary(vr) => match model::inline_binary(text) {
                Some(bytes) if !bytes.is_empty() => vec![PyBytes::new(self.py, &bytes).into_any()],
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        let elem = self.new_element(&tag_obj, vr)?;
        let value = if items.len() == 1 {
            items.into_iter().next().expect("one item")
        } else {
            // MultiValue(elem._convert, items), as the value setter builds it.
            let mv = self.types.object_new.call1(self.py, (&self.types.multi_value,))?;
            let mv = mv.into_bound(self.py);
            mv.setattr(intern!(self.py, "_constructor"), elem.getattr(intern!(self.py, "_convert"))?)?;
            mv.setattr(intern!(self.py, "_list"), PyList::new(self.py, items)?)?;
            mv
        };
        elem.setattr(intern!(self.py, "_value"), value)?;
        elem.setattr(intern!(self.py, "file_tell"), self.py.None())?;
        elem.setattr(intern!(self.py, "is_undefined_length"), false)?;
        elem.setattr(intern!(self.py, "private_creator"), self.py.None())?;
        Ok(Some((tag_obj, elem, private)))
    }

    /// A DataElement with tag, VR and validation mode set, in __init__'s order.
    fn new_element(&self, tag: &Py<PyAny>, vr: Vr) -> PyResult<Bound<'py, PyAny>> {
        let elem = self.types.object_new.call1(self.py, (&self.types.data_element,))?;
        let elem = elem.into_bound(self.py);
        elem.setattr(intern!(self.py, "tag"), tag)?;
        elem.setattr(intern!(self.py, "VR"), vr_name(self.py, vr))?;
        elem.setattr(intern!(self.py, "validation_mode"), self.config & flags::MODE_MASK)?;
        Ok(elem)
    }

    /// One value of "Value", converted as pydicom's DataElement converts it,
    /// or None when that conversion could warn, raise or differ.
    fn item(&self, vr: Vr, v: &Value) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        let datetime = self.config & flags::DATETIME != 0;
        Ok(Some(match (vr, v) {
            (Vr::CS, Value::String(s)) if model::code_string_ok(s) => PyString::new(py, s).into_any(),
            (Vr::SH, Value::String(s)) if model::short_text_ok(s, 16) => PyString::new(py, s).into_any(),
            (Vr::LO, Value::String(s)) if model::short_text_ok(s, 64) => PyString::new(py, s).into_any(),
            (Vr::DA, Value::String(s)) if !datetime && model::date_ok(s) => PyString::new(py, s).into_any(),
            (Vr::TM, Value::String(s)) if !datetime && model::time_ok(s) => PyString::new(py, s).into_any(),
            (Vr::UI, Value::String(s)) if model::uid_ok(s) => {
                self.types.str_new.call1(py, (&self.types.uid, s))?.into_bound(py)
            }
            (Vr::DS, Value::Number(n)) if self.plain_ds() => match model::float(n) {
                // DSfloat from a float: no original string; checked only when raising.
                Some(x) => {
                    let ds = self.types.float_new.call1(py, (&self.types.ds_float, x))?.into_bound(py);
                    ds.setattr(intern!(py, "auto_format"), false)?;
                    ds
                }
                None => return Ok(None),
            },
            (Vr::IS, Value::Number(n)) if self.config & flags::IS_NUMPY == 0 => match model::integer(n) {
                Some(i) if (-(1i64 << 31)..(1i64 << 31)).contains(&i) => {
                    self.types.int_new.call1(py, (&self.types.is_, i))?.into_bound(py)
                }
                _ => return Ok(None),
            },
            (Vr::US | Vr::UL | Vr::SS | Vr::SL, Value::Number(n)) => match model::integer(n) {
                Some(i) if in_range(vr, i) => PyInt::new(py, i).into_any(),
                _ => return Ok(None),
            },
            (Vr::FL | Vr::FD, Value::Number(n)) => match model::float(n) {
                Some(x) => PyFloat::new(py, x).into_any(),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }))
    }

    fn plain_ds(&self) -> bool {
        self.config & flags::DS_SPECIAL == 0 && self.config & flags::MODE_MASK != RAISE
    }

    /// A sequence element: items made here (or by Python, one by one).
    fn sequence(&self, tag: u32, key: &str, value: &Value, depth: usize) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Value::Array(values) = value else {
            return Ok(None);
        };
        if depth >= MAX_DEPTH {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(values.len());
        for v in values {
            items.push(match v {
                Value::Object(map) => self.dataset(map, Some(key), depth + 1)?,
                Value::Null => self.dataset(&Map::new(), Some(key), depth + 1)?,
                other => self.make_item.call1((&self.cls, key, self.to_python(other)?))?,
            });
        }
        let list = PyList::new(self.py, items)?;
        Ok(Some(self.types.data_element.bind(self.py).call1((tag, "SQ", list))?))
    }

    /// `value` as `json.loads` gives it.
    fn to_python(&self, value: &Value) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match value {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
            Value::Number(n) => number(py, n)?,
            Value::String(s) => PyString::new(py, s).into_any(),
            Value::Array(values) => {
                let list = PyList::empty(py);
                for v in values {
                    list.append(self.to_python(v)?)?;
                }
                list.into_any()
            }
            Value::Object(map) => {
                let dict = PyDict::new(py);
                for (k, v) in map {
                    dict.set_item(k, self.to_python(v)?)?;
                }
                dict.into_any()
            }
        })
    }
}

/// A JSON number as Python's json gives it: int for an integer literal (of any
/// size), else float.
fn number<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = model::integer(n) {
        return Ok(PyInt::new(py, i).into_any());
    }
    let text = n.as_str();
    let builtins = py.import(intern!(py, "builtins"))?;
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return builtins.getattr(intern!(py, "float"))?.call1((text,));
    }
    builtins.getattr(intern!(py, "int"))?.call1((text,))
}

fn made_sequence(elem: &Bound<'_, PyAny>) -> bool {
    elem.getattr(intern!(elem.py(), "VR"))
        .ok()
        .is_some_and(|vr| vr.extract::<&str>().ok() == Some("SQ"))
}

fn is_binary(vr: Vr) -> bool {
    matches!(vr, Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW)
}

fn in_range(vr: Vr, i: i64) -> bool {
    let range = match vr {
        Vr::US => 0..=0xFFFF,
        Vr::UL => 0..=0xFFFF_FFFF,
        Vr::SS => -0x8000..=0x7FFF,
        _ => -0x8000_0000..=0x7FFF_FFFF,
    };
    range.contains(&i)
}
