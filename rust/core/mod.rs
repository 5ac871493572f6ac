//! The pure-Rust core: no PyO3 here, tested with `cargo test`.

pub mod dict;
pub mod error;
pub mod tag;
pub mod vr;
