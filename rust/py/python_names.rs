//! The attributes of rapidicom's Python objects that the bindings read, set or
//! call, named once here with the class they belong to. `PYTHON_ATTRIBUTES`
//! (exported as `_native.PYTHON_ATTRIBUTES`) lists them, and
//! `tests/test_native_seam.py` checks that an object of each class has each, so
//! that renaming one in Python fails a test rather than a read.
//!
//! `element_type` defines the element slots themselves (the names of
//! `ElementFields`); the names here are what the rest of the bindings use.

use pyo3::prelude::*;

/// `DataElement` (and `RawDataElement`, where the reader meets one): its
/// fields, value setter, value converter and value.
pub const TAG: &str = "tag";
pub const VR: &str = "VR";
pub const RAW_VALUE: &str = "_value";
pub const FILE_TELL: &str = "file_tell";
pub const IS_UNDEFINED_LENGTH: &str = "is_undefined_length";
pub const PRIVATE_CREATOR: &str = "private_creator";
pub const SET_VALUE: &str = "_set_value";
pub const CONVERT: &str = "_convert";
pub const VALUE: &str = "value";
pub const IS_EMPTY: &str = "is_empty";
/// `Dataset`
pub const ELEMENTS: &str = "_dict";
pub const INSTANCE_DICT: &str = "__dict__";
pub const PARENT_SEQ: &str = "_parent_seq";
pub const PIXEL_REP: &str = "_pixel_rep";
pub const ITERALL: &str = "iterall";
pub const ADD: &str = "add";
pub const IS_UNDEFINED_LENGTH_ITEM: &str = "is_undefined_length_sequence_item";
/// `Sequence` and `MultiValue`: the list they wrap.
pub const LIST: &str = "_list";
pub const PARENT_DATASET: &str = "_parent_dataset";
pub const APPEND: &str = "append";
/// `MultiValue`
pub const CONSTRUCTOR: &str = "_constructor";
/// `PersonName`
pub const COMPONENTS: &str = "_components";
pub const ENCODINGS: &str = "encodings";
pub const VALIDATION_MODE: &str = "validation_mode";
/// `PersonName`, `DSfloat`, `IS`
pub const ORIGINAL_STRING: &str = "original_string";
/// `DSfloat`
pub const AUTO_FORMAT: &str = "auto_format";

/// (class, attribute) for each name above.
pub const PYTHON_ATTRIBUTES: &[(&str, &str)] = &[
    ("DataElement", TAG),
    ("DataElement", VR),
    ("DataElement", RAW_VALUE),
    ("DataElement", VALIDATION_MODE),
    ("DataElement", FILE_TELL),
    ("DataElement", IS_UNDEFINED_LENGTH),
    ("DataElement", PRIVATE_CREATOR),
    ("RawDataElement", TAG),
    ("RawDataElement", VR),
    ("RawDataElement", VALUE),
    ("DataElement", SET_VALUE),
    ("DataElement", CONVERT),
    ("DataElement", VALUE),
    ("DataElement", IS_EMPTY),
    ("Dataset", ELEMENTS),
    ("Dataset", INSTANCE_DICT),
    ("Dataset", PARENT_SEQ),
    ("Dataset", PIXEL_REP),
    ("Dataset", ITERALL),
    ("Dataset", ADD),
    ("Dataset", IS_UNDEFINED_LENGTH_ITEM),
    ("Sequence", LIST),
    ("Sequence", PARENT_DATASET),
    ("Sequence", APPEND),
    ("MultiValue", LIST),
    ("MultiValue", CONSTRUCTOR),
    ("PersonName", COMPONENTS),
    ("PersonName", ENCODINGS),
    ("PersonName", VALIDATION_MODE),
    ("PersonName", ORIGINAL_STRING),
    ("DSfloat", ORIGINAL_STRING),
    ("DSfloat", AUTO_FORMAT),
    ("IS", ORIGINAL_STRING),
];

pub fn export(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("PYTHON_ATTRIBUTES", PYTHON_ATTRIBUTES.to_vec())
}
