//! `Dataset.from_json` for JSON text without a bulk data handler: the text is
//! parsed natively (`rapidicom_core::json::model`) and elements whose value is certain
//! are made here, attribute for attribute as `DataElement(tag, value, VR)`
//! makes them. Every other element is made by Python from the same JSON
//! (`add_element`, pydicom's rules, warnings and errors).

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyWeakrefReference,
};

use super::gil::without_gil;
use super::modes::{flags, RAISE};
use super::python_names as names;
use super::registry::{self, Registry};
use super::values::{vr_name, LUT_DESCRIPTORS};
use rapidicom_core::json::model;
use rapidicom_core::json::tree::{self, Json, Object};
use rapidicom_core::tags::PIXEL_REPRESENTATION;
use rapidicom_core::vr::Vr;

/// Items nested deeper than this are made by Python (which bounds its recursion).
const MAX_DEPTH: usize = 64;

struct Builder<'py> {
    py: Python<'py>,
    types: &'static Registry,
    tags: &'static Registry,
    config: u32,
    cls: Bound<'py, PyAny>,
    /// `add_element(ds, cls, key, mapping, parent)`: one element by Python's
    /// rules; `parent` is the sequence's key for an item's element, else None.
    add_element: Bound<'py, PyAny>,
    /// `make_item(cls, parent, item)`: a sequence item Python must make.
    make_item: Bound<'py, PyAny>,
    /// The `__dict__` of a new `cls()`, when `cls.__init__` is Dataset's: new
    /// datasets are made from it without calling `__init__`.
    template: Option<Bound<'py, PyDict>>,
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
    template: Option<Bound<'py, PyDict>>,
) -> PyResult<Option<Py<PyAny>>> {
    let Some(Json::Object(top)) = without_gil(py, || tree::parse(text)) else {
        return Ok(None);
    };
    let Some(types) = registry::try_get(py) else {
        return Ok(None);
    };
    let builder = Builder {
        py,
        types,
        tags: registry::get(py)?,
        config,
        cls: cls.clone(),
        add_element: add_element.clone(),
        make_item: make_item.clone(),
        template,
    };
    Ok(Some(builder.dataset(&top, None, 0)?.unbind()))
}

impl<'py> Builder<'py> {
    fn dataset(
        &self,
        map: &Object<'_>,
        parent: Option<&str>,
        depth: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ds = self.new_dataset()?;
        let elements = ds.getattr(intern!(self.py, names::ELEMENTS))?;
        let elements = elements.cast_exact::<PyDict>().ok();
        for (key, mapping) in map {
            let made = match elements {
                Some(_) => self.element(key, mapping, depth)?,
                None => None, // a dataset class with its own mapping: Python adds
            };
            if let (Some(elements), Some((tag, elem, private))) = (elements, made) {
                let creator_set = !private || self.set_private_creator(elements, &tag, &elem)?;
                let attached =
                    !made_sequence(&elem) || self.attach_sequence(&ds, elements, &elem)?;
                if !creator_set || !attached {
                    // Dataset.add sets what is left: creators, sequence parents.
                    ds.call_method1(intern!(self.py, names::ADD), (elem,))?;
                } else {
                    elements.set_item(tag, elem)?;
                }
                continue;
            }
            let parent = parent.map(|p| PyString::new(self.py, p).into_any());
            self.add_element
                .call1((&ds, &self.cls, key, self.to_python(mapping)?, parent))?;
        }
        Ok(ds)
    }

    /// `cls()`, or its equal made from the template: what `__init__` sets, with
    /// fresh copies of its mutable dicts.
    fn new_dataset(&self) -> PyResult<Bound<'py, PyAny>> {
        let Some(template) = &self.template else {
            return self.cls.call0();
        };
        let py = self.py;
        let ds = self
            .types
            .object_new
            .call1(py, (&self.cls,))?
            .into_bound(py);
        let attributes = ds.getattr(intern!(py, names::INSTANCE_DICT))?;
        let attributes = attributes.cast_exact::<PyDict>()?;
        for (name, value) in template.iter() {
            match value.cast_exact::<PyDict>() {
                Ok(mutable) => attributes.set_item(name, mutable.copy()?)?,
                Err(_) => attributes.set_item(name, value)?,
            }
        }
        Ok(ds)
    }

    /// (tag, element, private) when made here; None for Python to make.
    #[allow(clippy::type_complexity)]
    fn element(
        &self,
        key: &str,
        mapping: &Json<'_>,
        depth: usize,
    ) -> PyResult<Option<(Py<PyAny>, Bound<'py, PyAny>, bool)>> {
        let (Some(tag), Json::Object(fields)) = (model::tag_of_key(key), mapping) else {
            return Ok(None);
        };
        let Some(Json::Str(vr_text)) = tree::get(fields, "vr") else {
            return Ok(None);
        };
        let Ok(vr) = vr_text.parse::<Vr>() else {
            return Ok(None);
        };
        let value_keys = ["Value", "InlineBinary", "BulkDataURI"];
        let mut present = value_keys
            .iter()
            .filter_map(|k| tree::get(fields, k).map(|v| (*k, v)));
        let (first, second) = (present.next(), present.next());
        if second.is_some() || LUT_DESCRIPTORS.contains(&tag) || vr == Vr::UN {
            return Ok(None);
        }
        let tag_obj = self.tags.tag_object(self.py, tag)?;
        let private = (tag >> 16) % 2 == 1;
        let empty = match first {
            None => true,
            Some((k, v)) => k == "Value" && matches!(v, Json::Array(v) if v.is_empty()),
        };
        if empty && vr != Vr::SQ {
            let Some(value) = self.empty_value(vr)? else {
                return Ok(None);
            };
            let elem = self.new_element(&tag_obj, vr)?;
            self.finish_element(&elem, value)?;
            return Ok(Some((tag_obj, elem, private)));
        }
        let Some((value_key, value)) = first else {
            return Ok(None);
        };
        if vr == Vr::SQ {
            let Some(elem) = self.sequence(tag, key, value, depth)? else {
                return Ok(None);
            };
            return Ok(Some((tag_obj, elem, private)));
        }
        let items: Vec<Bound<'py, PyAny>> = match (value_key, value) {
            ("Value", Json::Array(values)) if !values.is_empty() => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match self.item(vr, v)? {
                        Some(item) => items.push(item),
                        None => return Ok(None),
                    }
                }
                items
            }
            ("InlineBinary", Json::Str(text)) if is_binary(vr) => {
                match model::inline_binary(text) {
                    Some(bytes) if !bytes.is_empty() => {
                        vec![PyBytes::new(self.py, &bytes).into_any()]
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let elem = self.new_element(&tag_obj, vr)?;
        let value = if items.len() == 1 {
            items.into_iter().next().expect("one item")
        } else {
            // MultiValue(elem._convert, items), as the value setter builds it.
            let mv = self
                .types
                .object_new
                .call1(self.py, (&self.types.multi_value,))?;
            let mv = mv.into_bound(self.py);
            mv.setattr(
                intern!(self.py, names::CONSTRUCTOR),
                elem.getattr(intern!(self.py, names::CONVERT))?,
            )?;
            mv.setattr(intern!(self.py, names::LIST), PyList::new(self.py, items)?)?;
            mv
        };
        self.finish_element(&elem, value)?;
        Ok(Some((tag_obj, elem, private)))
    }

    /// The attributes after the value, in __init__'s order.
    fn finish_element(&self, elem: &Bound<'py, PyAny>, value: Bound<'py, PyAny>) -> PyResult<()> {
        elem.setattr(intern!(self.py, names::RAW_VALUE), value)?;
        elem.setattr(intern!(self.py, names::FILE_TELL), self.py.None())?;
        elem.setattr(intern!(self.py, names::IS_UNDEFINED_LENGTH), false)?;
        elem.setattr(intern!(self.py, names::PRIVATE_CREATOR), self.py.None())
    }

    /// What `DataElement(tag, empty_value_for_VR(vr), vr)` holds: "" for text
    /// (a UID for UI), None for numbers and bytes. None for PN, for the date
    /// and time VRs when converted, and with use_none_as_empty_text_VR_value.
    fn empty_value(&self, vr: Vr) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        if self.config & flags::NONE_EMPTY != 0
            || vr == Vr::PN
            || matches!(vr, Vr::DA | Vr::DT | Vr::TM) && self.config & flags::DATETIME != 0
        {
            return Ok(None);
        }
        Ok(Some(match vr {
            Vr::UI => self
                .types
                .str_new
                .call1(py, (&self.types.uid, ""))?
                .into_bound(py),
            Vr::AE
            | Vr::AS
            | Vr::CS
            | Vr::DA
            | Vr::DT
            | Vr::LO
            | Vr::LT
            | Vr::SH
            | Vr::ST
            | Vr::TM
            | Vr::UC
            | Vr::UR
            | Vr::UT => PyString::new(py, "").into_any(),
            _ => py.None().into_bound(py),
        }))
    }

    /// `elem.private_creator` as Dataset.__setitem__ sets it: the value of its
    /// block's creator element when the dataset has one. False when that
    /// element is not a plain DataElement (Python then decides).
    fn set_private_creator(
        &self,
        elements: &Bound<'py, PyDict>,
        tag: &Py<PyAny>,
        elem: &Bound<'py, PyAny>,
    ) -> PyResult<bool> {
        let tag: u32 = tag.extract(self.py)?;
        let creator = (tag & 0xFFFF_0000) | ((tag & 0xFFFF) >> 8);
        if creator == tag {
            return Ok(true);
        }
        let creator_obj = self.tags.tag_object(self.py, creator)?;
        match elements.get_item(creator_obj)? {
            None => Ok(true),
            Some(found) if registry::is_data_element(self.py, &found) => {
                elem.setattr(
                    intern!(self.py, names::PRIVATE_CREATOR),
                    found.getattr(intern!(self.py, names::RAW_VALUE))?,
                )?;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    /// A DataElement with tag, VR and validation mode set, in __init__'s order.
    fn new_element(&self, tag: &Py<PyAny>, vr: Vr) -> PyResult<Bound<'py, PyAny>> {
        let elem = self
            .types
            .object_new
            .call1(self.py, (&self.types.data_element,))?;
        let elem = elem.into_bound(self.py);
        elem.setattr(intern!(self.py, names::TAG), tag)?;
        elem.setattr(intern!(self.py, names::VR), vr_name(self.py, vr))?;
        elem.setattr(
            intern!(self.py, names::VALIDATION_MODE),
            self.config & flags::MODE_MASK,
        )?;
        Ok(elem)
    }

    /// One value of "Value", converted as pydicom's DataElement converts it,
    /// or None when that conversion could warn, raise or differ.
    fn item(&self, vr: Vr, v: &Json<'_>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = self.py;
        let datetime = self.config & flags::DATETIME != 0;
        Ok(Some(match (vr, v) {
            (Vr::CS, Json::Str(s)) if model::code_string_ok(s) => PyString::new(py, s).into_any(),
            (Vr::SH, Json::Str(s)) if model::short_text_ok(s, 16) => {
                PyString::new(py, s).into_any()
            }
            (Vr::LO, Json::Str(s)) if model::short_text_ok(s, 64) => {
                PyString::new(py, s).into_any()
            }
            (Vr::DA, Json::Str(s)) if !datetime && model::date_ok(s) => {
                PyString::new(py, s).into_any()
            }
            (Vr::TM, Json::Str(s)) if !datetime && model::time_ok(s) => {
                PyString::new(py, s).into_any()
            }
            (Vr::AE, Json::Str(s)) if model::short_text_ok(s, 16) => {
                PyString::new(py, s).into_any()
            }
            (Vr::AS, Json::Str(s)) if model::age_ok(s) => PyString::new(py, s).into_any(),
            (Vr::ST | Vr::LT | Vr::UT, Json::Str(s)) if model::long_text_ok(vr, s) => {
                PyString::new(py, s).into_any()
            }
            (Vr::PN, Json::Object(groups)) => match model::person_name(groups) {
                Some(text) => self.person_name(&text)?,
                None => return Ok(None),
            },
            (Vr::UI, Json::Str(s)) if model::uid_ok(s) => self
                .types
                .str_new
                .call1(py, (&self.types.uid, s))?
                .into_bound(py),
            (Vr::DS, n @ (Json::Int(_) | Json::UInt(_) | Json::Float(_))) if self.plain_ds() => {
                match model::float(n) {
                    // DSfloat from a float: no original string; checked only when raising.
                    Some(x) => {
                        let ds = self
                            .types
                            .float_new
                            .call1(py, (&self.types.ds_float, x))?
                            .into_bound(py);
                        ds.setattr(intern!(py, names::AUTO_FORMAT), false)?;
                        ds
                    }
                    None => return Ok(None),
                }
            }
            (Vr::IS, n @ (Json::Int(_) | Json::UInt(_) | Json::Float(_)))
                if self.config & flags::IS_NUMPY == 0 =>
            {
                match model::integer(n) {
                    Some(i) if (-(1i64 << 31)..(1i64 << 31)).contains(&i) => self
                        .types
                        .int_new
                        .call1(py, (&self.types.is_, i))?
                        .into_bound(py),
                    _ => return Ok(None),
                }
            }
            (
                Vr::US | Vr::UL | Vr::SS | Vr::SL,
                n @ (Json::Int(_) | Json::UInt(_) | Json::Float(_)),
            ) => match model::integer(n) {
                Some(i) if in_range(vr, i) => PyInt::new(py, i).into_any(),
                _ => return Ok(None),
            },
            (Vr::FL | Vr::FD, n @ (Json::Int(_) | Json::UInt(_) | Json::Float(_))) => {
                match model::float(n) {
                    Some(x) => PyFloat::new(py, x).into_any(),
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        }))
    }

    /// `PersonName(text, validation_mode=...)` for text that passes validate_pn,
    /// attributes in `__init__`'s order.
    fn person_name(&self, text: &str) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let mut groups: Vec<&str> = text.split('=').collect();
        while groups.last() == Some(&"") {
            groups.pop();
        }
        let name = self
            .types
            .object_new
            .call1(py, (&self.types.person_name,))?
            .into_bound(py);
        name.setattr(intern!(py, names::COMPONENTS), PyTuple::new(py, groups)?)?;
        name.setattr(
            intern!(py, names::VALIDATION_MODE),
            self.config & flags::MODE_MASK,
        )?;
        name.setattr(intern!(py, names::ORIGINAL_STRING), py.None())?;
        name.setattr(intern!(py, names::ENCODINGS), py.None())?;
        Ok(name)
    }

    fn plain_ds(&self) -> bool {
        self.config & flags::DS_SPECIAL == 0 && self.config & flags::MODE_MASK != RAISE
    }

    /// A sequence element: items made here (or by Python, one by one).
    fn sequence(
        &self,
        tag: u32,
        key: &str,
        value: &Json<'_>,
        depth: usize,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Json::Array(values) = value else {
            return Ok(None);
        };
        if depth >= MAX_DEPTH {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(values.len());
        for v in values {
            items.push(match v {
                Json::Object(map) => self.dataset(map, Some(key), depth + 1)?,
                Json::Null => self.dataset(&[], Some(key), depth + 1)?,
                other => self
                    .make_item
                    .call1((&self.cls, key, self.to_python(other)?))?,
            });
        }
        // Sequence(items), as DataElement(tag, "SQ", items) makes it.
        let py = self.py;
        let seq = self
            .types
            .object_new
            .call1(py, (registry::get(py)?.sequence.bind(py),))?
            .into_bound(py);
        seq.setattr(intern!(py, names::PARENT_DATASET), py.None())?;
        let parent_seq = PyWeakrefReference::new(&seq)?;
        for item in &items {
            item.getattr(intern!(py, names::INSTANCE_DICT))?
                .set_item(intern!(py, names::PARENT_SEQ), &parent_seq)?;
        }
        seq.setattr(intern!(py, names::LIST), PyList::new(py, items)?)?;
        let elem = self.new_element(&self.tags.tag_object(py, tag)?, Vr::SQ)?;
        self.finish_element(&elem, seq)?;
        Ok(Some(elem))
    }

    /// What Dataset.__setitem__ does for a sequence, when Pixel Representation
    /// plays no part (none in `ds` or the items): the sequence's parent. False:
    /// Dataset.add must do it.
    fn attach_sequence(
        &self,
        ds: &Bound<'py, PyAny>,
        elements: &Bound<'py, PyDict>,
        elem: &Bound<'py, PyAny>,
    ) -> PyResult<bool> {
        let py = self.py;
        let pixel_rep = self.tags.tag_object(py, PIXEL_REPRESENTATION)?;
        if elements.contains(&pixel_rep)?
            || ds
                .getattr(intern!(py, names::INSTANCE_DICT))?
                .contains(intern!(py, names::PIXEL_REP))?
        {
            return Ok(false);
        }
        let seq = elem.getattr(intern!(py, names::RAW_VALUE))?;
        for item in seq.getattr(intern!(py, names::LIST))?.try_iter()? {
            if item?
                .getattr(intern!(py, names::ELEMENTS))?
                .contains(&pixel_rep)?
            {
                return Ok(false);
            }
        }
        seq.setattr(
            intern!(py, names::PARENT_DATASET),
            PyWeakrefReference::new(ds)?,
        )?;
        Ok(true)
    }

    /// `value` as `json.loads` gives it.
    fn to_python(&self, value: &Json<'_>) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match value {
            Json::Null => py.None().into_bound(py),
            Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
            Json::Int(i) => PyInt::new(py, *i).into_any(),
            Json::UInt(u) => PyInt::new(py, *u).into_any(),
            Json::Float(x) => PyFloat::new(py, *x).into_any(),
            Json::Str(s) => PyString::new(py, s).into_any(),
            Json::Array(values) => {
                let list = PyList::empty(py);
                for v in values {
                    list.append(self.to_python(v)?)?;
                }
                list.into_any()
            }
            Json::Object(map) => {
                let dict = PyDict::new(py);
                for (k, v) in map {
                    dict.set_item(k.as_ref(), self.to_python(v)?)?;
                }
                dict.into_any()
            }
        })
    }
}

fn made_sequence(elem: &Bound<'_, PyAny>) -> bool {
    elem.getattr(intern!(elem.py(), names::VR))
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
