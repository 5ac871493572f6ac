//! The DICOM JSON Model (PS3.18 Annex F) as pydicom 3.0 writes and reads it.
//!
//! `text` writes JSON exactly as Python's `json.dumps(..., sort_keys=True)` does
//! (`", "` and `": "` separators, ASCII only, floats as `repr`), `element` writes
//! one element from its decoded value, and `model` parses JSON text into the
//! elements `Dataset.from_json` builds, declining anything irregular so that the
//! Python path can raise pydicom's errors.

pub mod element;
pub mod model;
pub mod text;
pub mod tree;

#[cfg(test)]
mod tests;
