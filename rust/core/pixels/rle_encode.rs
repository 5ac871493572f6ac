//! RLE Lossless encoding (PS3.5 Annex G), one frame at a time.
//!
//! Runs never cross a row (Annex G.3.1). The choice between literal and replicate
//! runs follows pydicom's encoder exactly (a run of two equal bytes is replicated),
//! so a frame encodes to the same bytes and the same size as pydicom's.

use super::{byte_planes, fail, Result};

/// Encode a frame given pixel interleaved and little endian: `rows * columns`
/// pixels of `samples_per_pixel` samples of `bytes_per_sample` bytes.
pub fn encode_frame(
    src: &[u8],
    rows: usize,
    columns: usize,
    samples_per_pixel: usize,
    bytes_per_sample: usize,
) -> Result<Vec<u8>> {
    let segments = samples_per_pixel * bytes_per_sample;
    if segments > 15 {
        return fail(
            "Unable to encode as the DICOM standard only allows a maximum of 15 segments \
             in RLE encoded data",
        );
    }
    let pixels = rows * columns;
    if segments == 0 || src.len() < pixels * segments {
        return fail(format!(
            "The frame is {} bytes long, {} bytes are needed for {rows} rows, {columns} \
             columns and {segments} bytes per pixel",
            src.len(),
            pixels * segments
        ));
    }
    // Worst case: every 128 bytes need one header byte, plus a run split at each row end.
    let mut out = Vec::with_capacity(64 + pixels * segments * 130 / 128 + rows * segments * 2 + 2);
    out.resize(64, 0);
    out[0..4].copy_from_slice(&(segments as u32).to_le_bytes());
    let mut encode_planes = |planes: &[u8]| {
        for segment_number in 0..segments {
            // Most significant byte first: segment `rank` of a sample is the byte
            // `rank` places from the end of each little-endian sample.
            let (sample, rank) = (
                segment_number / bytes_per_sample,
                segment_number % bytes_per_sample,
            );
            let index = sample * bytes_per_sample + bytes_per_sample - 1 - rank;
            let slot = 4 + 4 * segment_number;
            let offset = out.len() as u32;
            out[slot..slot + 4].copy_from_slice(&offset.to_le_bytes());
            let start = out.len();
            let plane = &planes[index * pixels..(index + 1) * pixels];
            for row in plane.chunks_exact(columns.max(1)).take(rows) {
                encode_row(row, &mut out);
            }
            if (out.len() - start) % 2 == 1 {
                out.push(0);
            }
        }
    };
    let src = &src[..pixels * segments];
    if segments == 1 {
        encode_planes(src);
    } else {
        byte_planes::with_scratch(src.len(), |planes| {
            split_planes(src, segments, planes);
            encode_planes(planes);
        });
    }
    Ok(out)
}

/// The bytes of each position within a pixel gathered into planes, one after
/// the other, in `planes` (as long as `src`).
fn split_planes(src: &[u8], segments: usize, planes: &mut [u8]) {
    let pixels = src.len() / segments;
    if segments == 2 {
        let (low, high) = planes.split_at_mut(pixels);
        byte_planes::split_pairs(src, low, high);
        return;
    }
    for (p, pixel) in src.chunks_exact(segments).enumerate() {
        for (s, &value) in pixel.iter().enumerate() {
            planes[s * pixels + p] = value;
        }
    }
}

/// One segment (a byte plane): its rows of `columns` bytes encoded in turn (the
/// last may be shorter), padded to even length. pydicom's `_encode_segment`.
pub fn encode_segment(src: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len() + src.len() / 64 + 4);
    for row in src.chunks(columns.max(1)) {
        encode_row(row, &mut out);
    }
    if out.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// PackBits one row onto `out`: bytes equal to the next one start a replicate
/// run, the others go into literal runs.
pub fn encode_row(row: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < row.len() {
        let pair = next_pair(row, i);
        if pair > i {
            flush_literal(&row[i..pair], out);
            i = pair;
            continue;
        }
        let value = row[i];
        let end = run_end(row, i + 1, value);
        let mut left = end - i;
        while left >= 128 {
            out.extend_from_slice(&[129, value]);
            left -= 128;
        }
        match left {
            0 => {}
            1 => out.extend_from_slice(&[0, value]),
            n => out.extend_from_slice(&[(257 - n) as u8, value]),
        }
        i = end;
    }
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The first position from `from` whose byte equals the next byte, or the row's
/// length; eight positions at a time.
fn next_pair(row: &[u8], from: usize) -> usize {
    let mut j = from;
    while j + 9 <= row.len() {
        let x = word(row, j) ^ word(row, j + 1);
        // A flag at each zero byte of x; the lowest flag is always a true one.
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return j + (zero.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while j + 1 < row.len() {
        if row[j] == row[j + 1] {
            return j;
        }
        j += 1;
    }
    row.len()
}

/// The first position from `from` whose byte is not `value`, or the row's length;
/// eight positions at a time.
fn run_end(row: &[u8], from: usize, value: u8) -> usize {
    let splat = ONES * value as u64;
    let mut k = from;
    while k + 8 <= row.len() {
        let x = word(row, k) ^ splat;
        if x != 0 {
            return k + (x.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    k + row[k..].iter().take_while(|&&b| b == value).count()
}

/// Literal runs of at most 128 bytes.
fn flush_literal(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.chunks(128) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
}

/// Encode `count` frames laid end to end in `src`, in parallel.
pub fn encode_frames(
    src: &[u8],
    count: usize,
    rows: usize,
    columns: usize,
    samples_per_pixel: usize,
    bytes_per_sample: usize,
) -> Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    let size = rows * columns * samples_per_pixel * bytes_per_sample;
    if size == 0 || src.len() < size * count {
        return fail(format!(
            "The length of the uncompressed pixel data doesn't match the expected length - \
             {} bytes actual vs. {} expected",
            src.len(),
            size * count
        ));
    }
    src.par_chunks(size)
        .take(count)
        .map(|frame| encode_frame(frame, rows, columns, samples_per_pixel, bytes_per_sample))
        .collect()
}
