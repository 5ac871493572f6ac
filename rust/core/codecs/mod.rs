//! Decoders for the JPEG family of transfer syntaxes: one encoded frame in, its
//! samples out, pixel interleaved and in native byte order (1, 2 or 4 bytes per
//! sample, by precision), with no colour conversion: what pydicom's plugins hand
//! back before pydicom's own corrections, which stay in Python as in pydicom.

pub mod batch;
pub mod deflate;
mod j2k;
pub mod j2k_encode;
mod jpeg;
mod jpeg_dct;
mod jpeg_huffman;
mod jpeg_idct;
mod jpeg_idct_simd;
mod jpeg_sequential;
mod jpeg_upsample;
pub mod jpegls;
pub mod markers;

#[cfg(test)]
mod jpeg_sequential_tests;
#[cfg(test)]
mod tests;

/// Which decoder a transfer syntax needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// JPEG baseline, extended (8 and 12-bit) and lossless (processes 1, 2/4, 14).
    Jpeg,
    JpegLs,
    /// JPEG 2000 and High-Throughput JPEG 2000.
    Jpeg2000,
    /// Deflated Image Frame Compression: the frame's bytes, not samples.
    Deflate,
}

impl Codec {
    pub fn from_name(name: &str) -> Option<Codec> {
        match name {
            "jpeg" => Some(Codec::Jpeg),
            "jpegls" => Some(Codec::JpegLs),
            "j2k" => Some(Codec::Jpeg2000),
            "deflate" => Some(Codec::Deflate),
            _ => None,
        }
    }
}

/// A decoded frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub components: u32,
    pub bytes_per_sample: usize,
    /// Bits per sample in the codestream.
    pub precision: u8,
    /// Samples are signed (JPEG 2000 only; the others have no sign).
    pub signed: bool,
    /// YCbCr samples were converted to RGB (see `DecodeOptions::ycbcr_to_rgb`).
    pub rgb: bool,
}

/// Why a frame could not be decoded (the codec's own words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a frame may be decoded.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Threads the decoder may use within the frame (OpenJPEG only).
    pub threads: usize,
    /// Frames whose header declares more samples (width x height x components)
    /// are refused before anything is allocated for them.
    pub max_samples: u64,
    /// JPEG DCT frames coded as YCbCr come out as RGB (libjpeg's conversion),
    /// which saves converting them afterwards; `Decoded::rgb` says if it did.
    pub ycbcr_to_rgb: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            threads: 1,
            max_samples: 1 << 28,
            ycbcr_to_rgb: false,
        }
    }
}

/// Decode one frame with the default options.
pub fn decode(codec: Codec, src: &[u8]) -> Result<Decoded, CodecError> {
    decode_with(codec, src, DecodeOptions::default())
}

/// Decode one frame. A panic inside a decoder is turned into an error: a corrupt
/// frame must never take the process down.
pub fn decode_with(
    codec: Codec,
    src: &[u8],
    options: DecodeOptions,
) -> Result<Decoded, CodecError> {
    let run = || match codec {
        Codec::Jpeg => jpeg::decode(src, options),
        Codec::JpegLs => jpegls::decode(src, options),
        Codec::Jpeg2000 => j2k::decode(src, options),
        Codec::Deflate => deflate::decode(src, options),
    };
    std::panic::catch_unwind(run)
        .unwrap_or_else(|_| Err(CodecError("the decoder failed on corrupt data".into())))
}

/// The error for a frame declaring more samples than `options` allow.
fn check_size(
    name: &str,
    width: u64,
    height: u64,
    components: u64,
    options: DecodeOptions,
) -> Result<(), CodecError> {
    let samples = width.saturating_mul(height).saturating_mul(components);
    if samples > options.max_samples {
        return Err(CodecError(format!(
            "{name}: the frame is {width} x {height} with {components} components, more than \
             the {} samples expected",
            options.max_samples
        )));
    }
    Ok(())
}

/// Bytes per sample for a precision: the smallest of 1, 2 or 4 that holds it.
fn bytes_for(precision: u8) -> usize {
    match precision {
        0..=8 => 1,
        9..=16 => 2,
        _ => 4,
    }
}

/// Planar samples (all of component 0, then 1, ...) made pixel interleaved.
fn interleave(planar: &[u8], components: usize, bytes_per_sample: usize) -> Vec<u8> {
    let plane = planar.len() / components;
    let pixels = plane / bytes_per_sample;
    let mut out = vec![0u8; planar.len()];
    for c in 0..components {
        let src = &planar[c * plane..(c + 1) * plane];
        for p in 0..pixels {
            let to = (p * components + c) * bytes_per_sample;
            out[to..to + bytes_per_sample]
                .copy_from_slice(&src[p * bytes_per_sample..(p + 1) * bytes_per_sample]);
        }
    }
    out
}
