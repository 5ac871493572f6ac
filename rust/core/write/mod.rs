//! The encoder (stage 4): datasets back to bytes, with pydicom's rules.
//!
//! `emit` writes element headers, items and delimiters; `numbers` and `text` encode
//! values; `index` writes elements that were read and never changed straight from
//! the bytes they were read from (the byte-for-byte round trip).

pub mod deflate;
pub mod emit;
pub mod index;
pub mod numbers;
pub mod same_bytes;
pub mod text;

#[cfg(test)]
mod tests;

pub use emit::{Emitter, Encoding};

/// pydicom does not write group lengths of groups above 6 (retired, PS3.5 7.2).
pub fn is_skipped_group_length(tag: u32) -> bool {
    tag & 0xFFFF == 0 && (tag >> 16) > 6
}
