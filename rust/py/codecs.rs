//! JPEG-family glue: frames decoded in parallel with the GIL released, into one
//! numpy array; marker parameters; JPEG-LS encoding.

use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::buffer::Borrowed;
use super::gil::try_reading;
use super::pixels::frame_fragments;
use rapidicom_core::codecs::batch;
use rapidicom_core::codecs::{self, jpegls, Codec, DecodeOptions};

/// The layout of decoded frames.
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct FrameLayout {
    pub width: u32,
    pub height: u32,
    pub components: u32,
    pub bytes_per_sample: usize,
    /// Bits per sample in the codestream.
    pub precision: u8,
    /// Samples are signed (JPEG 2000 only).
    pub signed: bool,
    /// YCbCr samples were converted to RGB.
    pub rgb: bool,
}

/// Decode `frames` (each a list of (offset, length) fragments in `src`) with the
/// codec named `codec` ("jpeg", "jpegls", "j2k"); a frame declaring more than
/// `max_samples` samples is refused; `ycbcr_to_rgb` lets JPEG frames coded as
/// YCbCr come out as RGB. Returns the frames' samples end
/// to end, and their layout; every frame must have the layout of the first.
#[pyfunction]
pub fn decode_frames<'py>(
    py: Python<'py>,
    codec: &str,
    src: &Bound<'py, PyAny>,
    frames: Vec<Vec<(usize, usize)>>,
    max_samples: u64,
    ycbcr_to_rgb: bool,
) -> PyResult<(Bound<'py, PyArray1<u8>>, FrameLayout)> {
    let codec = Codec::from_name(codec)
        .ok_or_else(|| PyValueError::new_err(format!("no built-in codec '{codec}'")))?;
    let data = Borrowed::get(src)?;
    let parts = frame_fragments(data.slice(), &frames)?;
    if parts.is_empty() {
        return Ok((
            PyArray1::from_vec(py, Vec::new()),
            FrameLayout {
                width: 0,
                height: 0,
                components: 0,
                bytes_per_sample: 1,
                precision: 0,
                signed: false,
                rgb: false,
            },
        ));
    }
    // One frame: the decoder may use the cores itself; several: one core each.
    let threads = if parts.len() == 1 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    let options = DecodeOptions {
        threads,
        max_samples,
        ycbcr_to_rgb,
    };
    let (out, layout) = try_reading(py, &[&data], || {
        batch::decode_frames(codec, &parts, options)
    })?;
    let info = FrameLayout {
        width: layout.width,
        height: layout.height,
        components: layout.components,
        bytes_per_sample: layout.bytes_per_sample,
        precision: layout.precision,
        signed: layout.signed,
        rgb: layout.rgb,
    };
    Ok((PyArray1::from_vec(py, out), info))
}

/// Encode one frame as JPEG-LS; `near` 0 is lossless; `interleave` is the layout
/// of `samples` (0 plane by plane, 2 pixel by pixel).
#[pyfunction]
pub fn jpegls_encode<'py>(
    py: Python<'py>,
    samples: &Bound<'py, PyAny>,
    width: u32,
    height: u32,
    components: u32,
    bits: u8,
    near: i32,
    interleave: u8,
) -> PyResult<Bound<'py, PyBytes>> {
    let samples = Borrowed::get(samples)?;
    let frame = jpegls::Frame {
        samples: samples.slice(),
        width,
        height,
        components,
        bits,
        interleave,
    };
    encoded(py, &samples, || jpegls::encode(&frame, near))
}

/// Encode one frame as a JPEG 2000 codestream (see `rapidicom_core::codecs::j2k_encode`);
/// lossless unless `ratios` or `psnr` give quality layers.
#[pyfunction]
pub fn j2k_encode<'py>(
    py: Python<'py>,
    samples: &Bound<'py, PyAny>,
    width: u32,
    height: u32,
    components: u32,
    bits: u8,
    signed: bool,
    mct: bool,
    ratios: Vec<f32>,
    psnr: Vec<f32>,
) -> PyResult<Bound<'py, PyBytes>> {
    let samples = Borrowed::get(samples)?;
    let frame = codecs::j2k_encode::Frame {
        samples: samples.slice(),
        width,
        height,
        components,
        bits,
        signed,
        mct,
        ratios: &ratios,
        psnr: &psnr,
    };
    encoded(py, &samples, || codecs::j2k_encode::encode(&frame))
}

/// Encode one frame's bytes as a raw Deflate stream (Deflated Image Frame
/// Compression).
#[pyfunction]
pub fn deflate_encode<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let frame = Borrowed::get(frame)?;
    encoded(py, &frame, || Ok(codecs::deflate::encode(frame.slice())))
}

/// Run an encoder over `samples` (without the GIL when `gil::reading` allows):
/// its output as bytes, or its error as ValueError.
fn encoded<'py>(
    py: Python<'py>,
    samples: &Borrowed,
    encode: impl FnOnce() -> Result<Vec<u8>, codecs::CodecError> + Send,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = try_reading(py, &[samples], encode)?;
    Ok(PyBytes::new(py, &out))
}
