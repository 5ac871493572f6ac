//! RLE Lossless decoding (PS3.5 Annex G), one frame at a time.
//!
//! A frame is a 64-byte header (segment count, then up to 15 segment offsets) and
//! PackBits segments, one per byte of each sample, most significant byte first.
//! Each segment is decoded into its byte plane in a per-thread scratch buffer
//! (runs are contiguous there), and the planes are then interleaved into the
//! output (pixel interleaved, little endian), which is never zeroed first.

use std::mem::MaybeUninit;

use super::{byte_planes, fail, Result};

/// Which segment holds the most significant byte of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentOrder {
    /// The standard's order: the first segment is the most significant byte.
    MostSignificantFirst,
    /// Non-conformant data with the least significant byte first.
    LeastSignificantFirst,
}

/// What a frame looks like once decoded.
#[derive(Debug, Clone, Copy)]
pub struct FrameShape {
    pub rows: usize,
    pub columns: usize,
    pub samples_per_pixel: usize,
    pub bits_allocated: usize,
}

impl FrameShape {
    pub fn pixels(&self) -> usize {
        self.rows * self.columns
    }

    pub fn bytes_per_sample(&self) -> usize {
        self.bits_allocated / 8
    }

    /// The decoded frame's length in bytes.
    pub fn frame_bytes(&self) -> usize {
        self.pixels() * self.samples_per_pixel * self.bytes_per_sample()
    }
}

/// Something to tell the user about that does not stop decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Padding {
    pub decoded: usize,
    pub expected: usize,
}

impl Padding {
    pub fn message(&self) -> String {
        format!(
            "The decoded RLE segment contains non-conformant padding - {} vs. {} bytes expected",
            self.decoded, self.expected
        )
    }
}

/// The segment offsets of a frame's header.
pub fn parse_header(src: &[u8]) -> Result<Vec<usize>> {
    if src.len() < 64 {
        return fail("The RLE header can only be 64 bytes long");
    }
    let word = |i: usize| u32::from_le_bytes([src[i], src[i + 1], src[i + 2], src[i + 3]]);
    let count = word(0);
    if count > 15 {
        return fail(format!(
            "The RLE header specifies an invalid number of segments ({count})"
        ));
    }
    Ok((1..=count as usize).map(|i| word(4 * i) as usize).collect())
}

/// Decode one frame into `out` (`shape.frame_bytes()` long, or this panics), pixel
/// interleaved and little endian. Returns the segments that decoded to more bytes
/// than a plane has.
pub fn decode_frame(
    src: &[u8],
    shape: FrameShape,
    order: SegmentOrder,
    out: &mut [u8],
) -> Result<Vec<Padding>> {
    // SAFETY: the same memory seen as possibly uninitialised; only initialised
    // bytes are ever written through it.
    let view = unsafe { &mut *(out as *mut [u8] as *mut [MaybeUninit<u8>]) };
    decode_frame_uninit(src, shape, order, view)
}

/// `decode_frame` into memory that may be uninitialised: when it returns `Ok`,
/// every byte of `out` has been written.
fn decode_frame_uninit(
    src: &[u8],
    shape: FrameShape,
    order: SegmentOrder,
    out: &mut [MaybeUninit<u8>],
) -> Result<Vec<Padding>> {
    if shape.bits_allocated % 8 != 0 || shape.bits_allocated == 0 {
        return Err(super::PixelError(format!(
            "Unable to decode RLE encoded pixel data with {} bits allocated",
            shape.bits_allocated
        )));
    }
    let mut offsets = parse_header(src)?;
    let bytes_per_sample = shape.bytes_per_sample();
    let expected_segments = shape.samples_per_pixel * bytes_per_sample;
    if offsets.len() != expected_segments {
        return fail(format!(
            "The number of RLE segments in the pixel data doesn't match the expected \
             amount ({} vs. {} segments)",
            offsets.len(),
            expected_segments
        ));
    }
    assert_eq!(out.len(), shape.frame_bytes());
    offsets.push(src.len());
    let plane = shape.pixels();
    let needed = plane * bytes_per_sample;
    let decode = |planes: &mut [u8]| -> Result<Vec<Padding>> {
        let mut padding = Vec::new();
        for sample in 0..shape.samples_per_pixel {
            // The order pydicom visits segments in, so the first problem reported
            // is the same one.
            let visit: Vec<usize> = match order {
                SegmentOrder::MostSignificantFirst => (0..bytes_per_sample).rev().collect(),
                SegmentOrder::LeastSignificantFirst => (0..bytes_per_sample).collect(),
            };
            for byte in visit {
                let segment_index = sample * bytes_per_sample + byte;
                let start = offsets[segment_index].min(src.len());
                let end = offsets[segment_index + 1].min(src.len());
                let segment = if start < end {
                    &src[start..end]
                } else {
                    &[][..]
                };
                // Segment `byte` holds the byte of significance `byte` counted from
                // the top (standard order); in the little-endian output that byte
                // sits at position bytes_per_sample - 1 - byte within the sample.
                let position = match order {
                    SegmentOrder::MostSignificantFirst => bytes_per_sample - 1 - byte,
                    SegmentOrder::LeastSignificantFirst => byte,
                };
                // Runs are filled and copied contiguously into the byte's plane;
                // the planes are interleaved afterwards in one pass.
                let dest = &mut planes[position * plane..(position + 1) * plane];
                let decoded = decode_segment(segment, dest, plane);
                if decoded < plane {
                    return fail(format!(
                        "The amount of decoded RLE segment data doesn't match the expected \
                         amount ({decoded} vs. {plane} bytes)"
                    ));
                }
                if decoded != plane {
                    padding.push(Padding {
                        decoded,
                        expected: plane,
                    });
                }
            }
            interleave(
                planes,
                plane,
                bytes_per_sample,
                sample,
                expected_segments,
                out,
            );
        }
        Ok(padding)
    };
    // A decoded segment always covers its whole plane, so the scratch planes
    // need no clearing.
    byte_planes::with_scratch(needed, decode)
}

/// Put one sample's byte planes (little-endian order) in their places in `out`.
fn interleave(
    planes: &[u8],
    plane: usize,
    bytes_per_sample: usize,
    sample: usize,
    stride: usize,
    out: &mut [MaybeUninit<u8>],
) {
    if stride == 1 {
        for (to, &from) in out.iter_mut().zip(&planes[..plane]) {
            to.write(from);
        }
        return;
    }
    if stride == 2 && bytes_per_sample == 2 {
        // The common case (16-bit monochrome).
        let (low, high) = planes.split_at(plane);
        byte_planes::join_pairs(low, high, out);
        return;
    }
    let first = sample * bytes_per_sample;
    for (i, pixel) in out.chunks_exact_mut(stride).enumerate().take(plane) {
        for byte in 0..bytes_per_sample {
            pixel[first + byte].write(planes[byte * plane + i]);
        }
    }
}

/// Bytes a run may write past its end in the fast paths below (the longest run).
const MAX_RUN: usize = 128;

/// Decode a PackBits segment into `out`, keeping at most `limit` bytes. Returns how
/// many bytes the segment decodes to in all (which may exceed `limit`: the excess
/// is counted, never stored).
pub fn decode_segment(src: &[u8], out: &mut [u8], limit: usize) -> usize {
    let limit = limit.min(out.len());
    let mut pos = 0;
    let mut produced = 0usize;
    while pos < src.len() {
        let header = src[pos];
        pos += 1;
        // Runs are mostly short: far from either end, whole 16-byte blocks are
        // written (the overshoot is overwritten by the next runs), which avoids a
        // variable-length memcpy or memset per run.
        let far_from_end = produced + MAX_RUN <= limit;
        if header < 128 {
            // A literal run of header + 1 bytes (fewer when the data ends early).
            let n = header as usize + 1;
            if far_from_end && pos + MAX_RUN <= src.len() {
                copy_blocks(
                    &src[pos..pos + MAX_RUN],
                    &mut out[produced..produced + MAX_RUN],
                    n,
                );
            } else {
                let n = n.min(src.len() - pos);
                let room = limit.saturating_sub(produced).min(n);
                // Past `limit` (room 0) the excess is only counted: `produced` may
                // be beyond the end of `out` by then.
                if room > 0 {
                    out[produced..produced + room].copy_from_slice(&src[pos..pos + room]);
                }
                produced += n;
                pos += n;
                continue;
            }
            produced += n;
            pos += n;
        } else if header > 128 {
            // The next byte repeated 257 - header times.
            if pos < src.len() {
                let n = 257 - header as usize;
                if far_from_end {
                    fill_blocks(src[pos], &mut out[produced..produced + MAX_RUN], n);
                } else {
                    let room = limit.saturating_sub(produced).min(n);
                    if room > 0 {
                        out[produced..produced + room].fill(src[pos]);
                    }
                }
                produced += n;
            }
            pos += 1;
        }
        // 128 is a no-op.
    }
    produced
}

/// A whole PackBits segment decoded, however long (pydicom's
/// `_rle_decode_segment`): measured first, so the output is allocated once.
pub fn decode_whole_segment(src: &[u8]) -> Vec<u8> {
    let len = decode_segment(src, &mut [], 0);
    let mut out = vec![0u8; len];
    decode_segment(src, &mut out, len);
    out
}

/// Copy the first `n` bytes of `src` to `out` (both `MAX_RUN` long) in 16-byte blocks.
fn copy_blocks(src: &[u8], out: &mut [u8], n: usize) {
    for (to, from) in out
        .chunks_exact_mut(16)
        .zip(src.chunks_exact(16))
        .take(n.div_ceil(16))
    {
        to.copy_from_slice(from);
    }
}

/// Fill the first `n` bytes of `out` (`MAX_RUN` long) with `value` in 16-byte blocks.
fn fill_blocks(value: u8, out: &mut [u8], n: usize) {
    // Opaque to the optimiser: seen as a repeated byte, the loop can be compiled
    // into a call to memset per run (depending on what gets inlined where), which
    // made decoding half as fast again.
    let block = std::hint::black_box([value; 16]);
    for to in out.chunks_exact_mut(16).take(n.div_ceil(16)) {
        to.copy_from_slice(&block);
    }
}

/// PackBits turns 2 bytes into at most 128: a frame needing more than this many
/// bytes per byte of its data cannot decode, whatever it holds.
const MAX_EXPANSION: usize = 64;

/// Decode frames (each given as its fragments) in parallel into one buffer, frame
/// after frame. Returns the buffer and each frame's padding reports, in frame order.
pub fn decode_frames(
    frames: &[Vec<&[u8]>],
    shape: FrameShape,
    order: SegmentOrder,
) -> Result<(Vec<u8>, Vec<Vec<Padding>>)> {
    use rayon::prelude::*;
    let size = shape.frame_bytes();
    if size == 0 {
        return fail("The decoded frames would be empty");
    }
    // Checked before allocating, so a small file cannot ask for a huge buffer.
    for (i, fragments) in frames.iter().enumerate() {
        let available: usize = fragments.iter().map(|f| f.len()).sum();
        if size / MAX_EXPANSION > available {
            return fail(format!(
                "Frame {i} has {available} bytes of RLE data, too few for the {size} \
                 bytes of a decoded frame"
            ));
        }
    }
    let total = size
        .checked_mul(frames.len())
        .ok_or_else(|| super::PixelError("The decoded pixel data would be too large".into()))?;
    let mut out = Vec::with_capacity(total);
    let padding = out.spare_capacity_mut()[..total]
        .par_chunks_mut(size)
        .zip(frames.par_iter())
        .map(|(dest, fragments)| {
            if fragments.len() == 1 {
                decode_frame_uninit(fragments[0], shape, order, dest)
            } else {
                decode_frame_uninit(&fragments.concat(), shape, order, dest)
            }
        })
        .collect::<Result<Vec<_>>>()?;
    // SAFETY: every frame decoded, and a decoded frame has written all its bytes.
    unsafe { out.set_len(total) };
    Ok((out, padding))
}
