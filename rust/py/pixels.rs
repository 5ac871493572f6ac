//! Pixel glue: buffers in, numpy arrays out, the GIL released around the work.

use numpy::{PyArray1, PyArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use rapidicom_core::pixels::fragments;
use rapidicom_core::pixels::native::{self, Layout, UnusedBits};
use rapidicom_core::pixels::rle_decode as rle;
use rapidicom_core::pixels::rle_encode::{encode_frames, encode_row, encode_segment};

use super::buffer::Borrowed;
use super::errors::{OrRaise, Raise};
use super::gil::{reading, try_reading, without_gil};

/// Each frame's fragments, as slices of `bytes`, from their (offset, length).
pub(super) fn frame_fragments<'a>(
    bytes: &'a [u8],
    frames: &[Vec<(usize, usize)>],
) -> PyResult<Vec<Vec<&'a [u8]>>> {
    frames
        .iter()
        .map(|frame| {
            frame
                .iter()
                .map(|&(start, length)| Ok(&bytes[checked_range(bytes.len(), start, length)?]))
                .collect()
        })
        .collect()
}

pub(super) fn checked_range(
    len: usize,
    start: usize,
    length: usize,
) -> PyResult<std::ops::Range<usize>> {
    match start.checked_add(length) {
        Some(end) if end <= len => Ok(start..end),
        _ => Err(PyValueError::new_err(format!(
            "There is insufficient pixel data: {length} bytes from offset {start} are \
             needed but the data is {len} bytes long"
        ))),
    }
}

/// Native pixel data from `src[start:start+length]` as a new uint8 array, laid
/// out (`layout`: "plain", "swap", "bits" or "ybr422") and with unused bits
/// corrected when `bits_stored` is given.
#[pyfunction]
#[pyo3(signature = (src, start, length, layout, *, bit_offset=0, count=0, bytes_per_sample=1, bits_stored=None, signed=false, big_endian=false))]
pub fn native_pixels<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
    start: usize,
    length: usize,
    layout: &str,
    bit_offset: usize,
    count: usize,
    bytes_per_sample: usize,
    bits_stored: Option<u32>,
    signed: bool,
    big_endian: bool,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let data = Borrowed::get(src)?;
    let range = checked_range(data.slice().len(), start, length)?;
    let layout = match layout {
        "plain" => Layout::Plain,
        "swap" => Layout::SwappedPairs,
        "bits" => Layout::PackedBits { bit_offset, count },
        "ybr422" => Layout::Ybr422 { bytes_per_sample },
        other => return Err(PyValueError::new_err(format!("unknown layout '{other}'"))),
    };
    let unused = bits_stored.map(|bits_stored| UnusedBits {
        bytes_per_sample,
        bits_stored,
        signed,
        big_endian,
    });
    let out = reading(py, &[&data], || {
        native::convert(&data.slice()[range], layout, unused)
    });
    Ok(PyArray1::from_vec(py, out))
}

/// Clear or sign-extend the unused high bits of an array's samples in place.
#[pyfunction]
pub fn correct_unused_bits(
    py: Python<'_>,
    arr: &Bound<'_, PyArray1<u8>>,
    bytes_per_sample: usize,
    bits_stored: u32,
    signed: bool,
    big_endian: bool,
) -> PyResult<()> {
    let mut view = arr
        .try_readwrite()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let slice = view
        .as_slice_mut()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let bits = UnusedBits {
        bytes_per_sample,
        bits_stored,
        signed,
        big_endian,
    };
    without_gil(py, || native::correct_unused_bits(slice, bits));
    Ok(())
}

/// RLE frames, each a list of (offset, length) fragments of `src`, decoded into
/// one uint8 array in parallel. Returns the array and the padding warnings.
#[pyfunction]
#[pyo3(signature = (src, frames, rows, columns, samples_per_pixel, bits_allocated, lsb_first=false))]
pub fn rle_decode<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
    frames: Vec<Vec<(usize, usize)>>,
    rows: usize,
    columns: usize,
    samples_per_pixel: usize,
    bits_allocated: usize,
    lsb_first: bool,
) -> PyResult<(Bound<'py, PyArray1<u8>>, Vec<String>)> {
    let data = Borrowed::get(src)?;
    let parts = frame_fragments(data.slice(), &frames)?;
    let shape = rle::FrameShape {
        rows,
        columns,
        samples_per_pixel,
        bits_allocated,
    };
    let order = if lsb_first {
        rle::SegmentOrder::LeastSignificantFirst
    } else {
        rle::SegmentOrder::MostSignificantFirst
    };
    if bits_allocated % 8 != 0 || bits_allocated == 0 {
        return Err(PyValueError::new_err(format!(
            "Unable to decode RLE encoded pixel data with {bits_allocated} bits allocated"
        )));
    }
    let (out, padding) = try_reading(py, &[&data], || rle::decode_frames(&parts, shape, order))?;
    let warnings = padding
        .iter()
        .flatten()
        .map(rle::Padding::message)
        .collect();
    Ok((PyArray1::from_vec(py, out), warnings))
}

/// One RLE (PackBits) segment decoded whole.
#[pyfunction]
pub fn rle_decode_segment<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = Borrowed::get(src)?;
    let out = reading(py, &[&data], || rle::decode_whole_segment(data.slice()));
    Ok(PyBytes::new(py, &out))
}

/// `count` frames laid end to end in `src` (pixel interleaved, little endian),
/// each RLE encoded; encoded in parallel.
#[pyfunction]
pub fn rle_encode<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
    count: usize,
    rows: usize,
    columns: usize,
    samples_per_pixel: usize,
    bytes_per_sample: usize,
) -> PyResult<Bound<'py, PyList>> {
    let data = Borrowed::get(src)?;
    let frames = try_reading(py, &[&data], || {
        encode_frames(
            data.slice(),
            count,
            rows,
            columns,
            samples_per_pixel,
            bytes_per_sample,
        )
    })?;
    PyList::new(py, frames.iter().map(|f| PyBytes::new(py, f)))
}

/// One RLE segment (pydicom's `_encode_segment`): rows of `columns` bytes.
#[pyfunction]
pub fn rle_encode_segment<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
    columns: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = Borrowed::get(src)?;
    let out = reading(py, &[&data], || encode_segment(data.slice(), columns));
    Ok(PyBytes::new(py, &out))
}

/// One row PackBits encoded (pydicom's `_encode_row`).
#[pyfunction]
pub fn rle_encode_row<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = Borrowed::get(src)?;
    let mut out = Vec::with_capacity(data.slice().len() + 4);
    encode_row(data.slice(), &mut out);
    Ok(PyBytes::new(py, &out))
}

/// 0/1 values from bits packed least significant bit first.
#[pyfunction]
pub fn unpack_bits<'py>(
    py: Python<'py>,
    src: &Bound<'py, PyAny>,
    bit_offset: usize,
    count: usize,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let data = Borrowed::get(src)?;
    let out = reading(py, &[&data], || {
        native::unpack_bits(data.slice(), bit_offset, count)
    });
    Ok(PyArray1::from_vec(py, out))
}

/// Bytes of 0/1 values packed least significant bit first.
#[pyfunction]
pub fn pack_bits<'py>(py: Python<'py>, src: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let data = Borrowed::get(src)?;
    let out = reading(py, &[&data], || native::pack_bits(data.slice()));
    Ok(PyBytes::new(py, &out))
}

/// A fragment item: (item offset, data offset, length).
type FragmentItem = (usize, usize, usize);

/// The Basic Offset Table of encapsulated pixel data and its fragments as
/// (item offset, data offset, length).
#[pyfunction]
#[pyo3(signature = (src, little_endian=true, start=0))]
pub fn parse_encapsulated(
    src: &Bound<'_, PyAny>,
    little_endian: bool,
    start: usize,
) -> PyResult<(Vec<u32>, Vec<FragmentItem>)> {
    let data = Borrowed::get(src)?;
    let bytes = data.slice().get(start..).unwrap_or(&[]);
    let (offsets, first) = fragments::basic_offsets(bytes, little_endian).or_raise()?;
    let found = fragments::fragments(bytes, first, little_endian).or_raise()?;
    Ok((
        offsets,
        found
            .iter()
            .map(|f| (start + f.item, start + f.start, f.len))
            .collect(),
    ))
}

/// The fragment items after `start` (no Basic Offset Table expected there).
#[pyfunction]
#[pyo3(signature = (src, little_endian=true, start=0))]
pub fn parse_fragment_items(
    src: &Bound<'_, PyAny>,
    little_endian: bool,
    start: usize,
) -> PyResult<Vec<(usize, usize, usize)>> {
    let data = Borrowed::get(src)?;
    let found = fragments::fragments(data.slice(), start, little_endian).or_raise()?;
    Ok(found.iter().map(|f| (f.item, f.start, f.len)).collect())
}

/// The offsets in the Basic Offset Table item at `start`, and where the item ends.
#[pyfunction]
#[pyo3(signature = (src, little_endian=true, start=0))]
pub fn basic_offsets(
    src: &Bound<'_, PyAny>,
    little_endian: bool,
    start: usize,
) -> PyResult<(Vec<u32>, usize)> {
    let data = Borrowed::get(src)?;
    let bytes = data.slice().get(start..).unwrap_or(&[]);
    let (offsets, end) = fragments::basic_offsets(bytes, little_endian).or_raise()?;
    Ok((offsets, start + end))
}

/// The fragment items after `start` up to a bad one: (items, the error that
/// ended the scan or None), so that a reader can hand out the good ones first.
#[pyfunction]
#[pyo3(signature = (src, little_endian=true, start=0))]
pub fn scan_fragment_items(
    src: &Bound<'_, PyAny>,
    little_endian: bool,
    start: usize,
) -> PyResult<(Vec<FragmentItem>, Option<PyErr>)> {
    let data = Borrowed::get(src)?;
    let (found, error) = fragments::fragments_until_error(data.slice(), start, little_endian);
    let items = found.iter().map(|f| (f.item, f.start, f.len)).collect();
    Ok((items, error.map(Raise::raise)))
}

/// Frames as items, one fragment each, after a Basic Offset Table (empty unless
/// `with_offsets`).
#[pyfunction]
pub fn encapsulate<'py>(
    py: Python<'py>,
    frames: Vec<Bound<'py, PyAny>>,
    with_offsets: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let views = frames
        .iter()
        .map(Borrowed::get)
        .collect::<PyResult<Vec<_>>>()?;
    let slices: Vec<&[u8]> = views.iter().map(Borrowed::slice).collect();
    let lent: Vec<&Borrowed> = views.iter().collect();
    let out = try_reading(py, &lent, || fragments::encapsulate(&slices, with_offsets))?;
    Ok(PyBytes::new(py, &out))
}
