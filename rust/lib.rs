//! rapidicom: DICOM with pydicom's API and a Rust core.
//!
//! `core` is pure Rust and never touches Python; `py` is the PyO3 glue, built only
//! with the "python" feature (maturin turns it on).

pub mod core;

#[cfg(feature = "python")]
mod py;
