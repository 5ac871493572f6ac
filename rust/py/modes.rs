//! Flags and modes shared with Python, defined here once and exported to Python
//! as named constants (`_native.FLAG_*`, `_native.WRITE_*`, `_native.RAISE`);
//! `rapidicom.config`, `dataset` and `filewriter` use those names, never the
//! numbers.

use pyo3::prelude::*;

/// The fast-path flags (`config._fast_flags`, recomputed by `rapidicom.config` on
/// every change of a setting they summarise): the native reader makes elements
/// itself only where pydicom's Python path would make the same.
pub mod flags {
    /// The reading validation mode (`config.IGNORE`, `WARN`, `RAISE`).
    pub const MODE_MASK: u32 = 0b11;
    /// A data element callback or custom raw-element hooks are set: every
    /// element goes through Python.
    pub const OFF: u32 = 1 << 2;
    /// `config.datetime_conversion`
    pub const DATETIME: u32 = 1 << 3;
    /// `config.use_DS_decimal` or `config.use_DS_numpy`
    pub const DS_SPECIAL: u32 = 1 << 4;
    /// `config.use_IS_numpy`
    pub const IS_NUMPY: u32 = 1 << 5;
    /// `config.use_none_as_empty_text_VR_value`
    pub const NONE_EMPTY: u32 = 1 << 6;
    /// The sequence parsing options are pydicom's defaults.
    pub const SEQUENCE_DEFAULTS: u32 = 1 << 7;
    /// The settings that change what a value decodes to.
    pub const CHANGES_VALUES: u32 = OFF | DATETIME | DS_SPECIAL | IS_NUMPY | NONE_EMPTY;
}

/// `config.RAISE`, the validation mode in the low bits of the flags.
pub const RAISE: u32 = 2;

/// How `filewriter._prepare_dataset` says a dataset is written.
pub mod write {
    /// As read: elements still as read are copied.
    pub const AS_READ: u8 = 0;
    /// In another encoding or character set: every element decoded and encoded.
    pub const CONVERT: u8 = 1;
    /// Only the VR encoding changes: values that would come back unchanged are
    /// copied under a new header, the others converted.
    pub const TRANSCODE: u8 = 2;
}

pub fn export(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("FLAG_MODE_MASK", flags::MODE_MASK)?;
    m.add("FLAG_OFF", flags::OFF)?;
    m.add("FLAG_DATETIME", flags::DATETIME)?;
    m.add("FLAG_DS_SPECIAL", flags::DS_SPECIAL)?;
    m.add("FLAG_IS_NUMPY", flags::IS_NUMPY)?;
    m.add("FLAG_NONE_EMPTY", flags::NONE_EMPTY)?;
    m.add("FLAG_SEQUENCE_DEFAULTS", flags::SEQUENCE_DEFAULTS)?;
    m.add("FLAG_CHANGES_VALUES", flags::CHANGES_VALUES)?;
    m.add("RAISE", RAISE)?;
    m.add("WRITE_AS_READ", write::AS_READ)?;
    m.add("WRITE_CONVERT", write::CONVERT)?;
    m.add("WRITE_TRANSCODE", write::TRANSCODE)?;
    Ok(())
}
