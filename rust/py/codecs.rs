//! JPEG-family glue: frames decoded in parallel with the GIL released, into one
//! numpy array; marker parameters; JPEG-LS encoding.

use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::pixels::{frame_fragments, Borrowed};
use crate::core::codecs::batch::{self, BatchError};
use crate::core::codecs::{self, jpegls, markers, Codec, DecodeOptions};

/// (width, height, components, bytes per sample, precision, signed, converted
/// to RGB) of the frames.
type FrameInfo = (u32, u32, u32, usize, u8, bool, bool);

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
) -> PyResult<(Bound<'py, PyArray1<u8>>, FrameInfo)> {
    let codec = Codec::from_name(codec)
        .ok_or_else(|| PyValueError::new_err(format!("no built-in codec '{codec}'")))?;
    let data = Borrowed::get(src)?;
    let parts = frame_fragments(data.slice(), &frames)?;
    if parts.is_empty() {
        return Ok((
            PyArray1::from_vec(py, Vec::new()),
            (0, 0, 0, 1, 0, false, false),
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
    let (out, layout) = py
        .detach(|| batch::decode_frames(codec, &parts, options))
        .map_err(|e| {
            PyValueError::new_err(match e {
                BatchError::Frame(i, e) => format!("frame {i}: {e}"),
                BatchError::Layout(i) => {
                    format!("frame {i} has a different size or layout than frame 0")
                }
            })
        })?;
    let info: FrameInfo = (
        layout.width,
        layout.height,
        layout.components,
        layout.bytes_per_sample,
        layout.precision,
        layout.signed,
        layout.rgb,
    );
    Ok((PyArray1::from_vec(py, out), info))
}

/// (precision, component IDs, has a JFIF APP0 marker, JPEG-LS interleave mode).
type JpegParameters = (Option<u8>, Vec<u8>, bool, Option<u8>);

/// pydicom's `_get_jpg_parameters`, from a buffer holding the frame's start.
#[pyfunction]
pub fn jpeg_parameters(src: &Bound<'_, PyAny>) -> PyResult<JpegParameters> {
    let data = Borrowed::get(src)?;
    let found = markers::jpeg_parameters(data.slice());
    Ok((
        found.precision,
        found.component_ids,
        found.jfif,
        found.interleave_mode,
    ))
}

/// Encode one frame as JPEG-LS; `near` 0 is lossless; `interleave` is the layout
/// of `samples` (0 plane by plane, 2 pixel by pixel).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
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
    encoded(py, || jpegls::encode(&frame, near))
}

/// Encode one frame as a JPEG 2000 codestream (see `core::codecs::j2k_encode`);
/// lossless unless `ratios` or `psnr` give quality layers.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
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
    encoded(py, || codecs::j2k_encode::encode(&frame))
}

/// Run an encoder without the GIL: its output as bytes, or its error as ValueError.
/// Encode one frame's bytes as a raw Deflate stream (Deflated Image Frame
/// Compression).
#[pyfunction]
pub fn deflate_encode<'py>(
    py: Python<'py>,
    frame: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let frame = Borrowed::get(frame)?;
    encoded(py, || Ok(codecs::deflate::encode(frame.slice())))
}

fn encoded<'py>(
    py: Python<'py>,
    encode: impl FnOnce() -> Result<Vec<u8>, codecs::CodecError> + Send,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py.detach(encode).map_err(|e| PyValueError::new_err(e.0))?;
    Ok(PyBytes::new(py, &out))
}
