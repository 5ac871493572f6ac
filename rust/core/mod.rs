//! The pure-Rust core: no PyO3 here, tested with `cargo test`.

pub mod codecs;
pub mod dicomdir;
pub mod dict;
pub mod error;
pub mod fuzzing;
pub mod index;
pub mod json;
pub mod parse;
pub mod pixels;
pub mod read_file;
pub mod table;
pub mod tag;
#[cfg(test)]
pub mod test_numbers;
pub mod to_rle;
pub mod values;
pub mod vr;
pub mod write;
