//! rapidicom-core: DICOM parsing, values, writing, JSON, pixel data and codecs in
//! pure Rust. No Python here; the bindings crate (rust/py) wraps it, and
//! `cargo test -p rapidicom-core` tests it alone.

pub mod codecs;
pub mod dicomdir;
pub mod dict;
pub mod error;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod header;
pub mod index;
pub mod json;
pub mod parse;
pub mod pixels;
pub mod read_file;
pub mod table;
pub mod tag;
#[rustfmt::skip]
pub mod tags;
#[cfg(test)]
pub mod test_files;
#[cfg(test)]
pub mod test_numbers;
pub mod to_rle;
pub mod values;
pub mod vr;
pub mod write;
