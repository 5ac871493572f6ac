//! RLE Lossless encoding (PS3.5 Annex G), one frame at a time.
//!
//! Runs never cross a row (Annex G.3.1). The choice between literal and replicate
//! runs follows pydicom's encoder exactly (a run of two equal bytes is replicated),
//! so a frame encodes to the same bytes and the same size as pydicom's.

use super::{fail, Result};

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
    let mut out = vec![0u8; 64];
    out[0..4].copy_from_slice(&(segments as u32).to_le_bytes());
    let mut row = vec![0u8; columns];
    let mut segment_number = 0;
    for sample in 0..samples_per_pixel {
        // Most significant byte first: the last byte of each little-endian sample.
        for byte in (0..bytes_per_sample).rev() {
            let offset = out.len() as u32;
            let slot = 4 + 4 * segment_number;
            out[slot..slot + 4].copy_from_slice(&offset.to_le_bytes());
            segment_number += 1;
            let first = sample * bytes_per_sample + byte;
            let start = out.len();
            for r in 0..rows {
                let base = r * columns * segments + first;
                if segments == 1 {
                    row.copy_from_slice(&src[base..base + columns]);
                } else {
                    for (c, value) in row.iter_mut().enumerate() {
                        *value = src[base + c * segments];
                    }
                }
                encode_row(&row, &mut out);
            }
            if (out.len() - start) % 2 == 1 {
                out.push(0);
            }
        }
    }
    Ok(out)
}

/// PackBits one row onto `out`.
pub fn encode_row(row: &[u8], out: &mut Vec<u8>) {
    let mut literal_start = 0;
    let mut literal_len = 0;
    let mut i = 0;
    while i < row.len() {
        let value = row[i];
        let mut run = 1;
        while i + run < row.len() && row[i + run] == value {
            run += 1;
        }
        if run == 1 {
            if literal_len == 0 {
                literal_start = i;
            }
            literal_len += 1;
        } else {
            flush_literal(&row[literal_start..literal_start + literal_len], out);
            literal_len = 0;
            let mut left = run;
            while left >= 128 {
                out.extend_from_slice(&[129, value]);
                left -= 128;
            }
            match left {
                0 => {}
                1 => out.extend_from_slice(&[0, value]),
                n => out.extend_from_slice(&[(257 - n) as u8, value]),
            }
        }
        i += run;
    }
    flush_literal(&row[literal_start..literal_start + literal_len], out);
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
