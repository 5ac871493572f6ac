//! Stage 3: pixel bytes. RLE Lossless (PS3.5 Annex G), encapsulated fragments, and
//! the one copy of native pixel data on its way into an array (bit unpacking,
//! unused-bit correction, byte swaps, YBR_FULL_422 expansion).

pub mod byte_planes;
pub mod fragments;
pub mod frame_ranges;
pub mod native;
pub mod rle_decode;
pub mod rle_encode;

#[cfg(test)]
mod tests;

use std::fmt;

/// A pixel-data problem, with the message pydicom gives for the same input; the
/// glue raises it as `ValueError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PixelError(pub String);

impl fmt::Display for PixelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PixelError {}

pub type Result<T> = std::result::Result<T, PixelError>;

pub(crate) fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(PixelError(msg.into()))
}
