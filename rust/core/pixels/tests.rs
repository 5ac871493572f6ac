use super::fragments::{basic_offsets, encapsulate, fragments};
use super::native::{convert, expand_ybr422, pack_bits, unpack_bits, Layout, UnusedBits};
use super::rle_decode::{
    decode_frame, decode_frames, decode_segment, decode_whole_segment, FrameShape, SegmentOrder,
};
use super::rle_encode::{encode_frame, encode_row};
use crate::test_numbers::xorshift;

fn shape(rows: usize, columns: usize, spp: usize, bits: usize) -> FrameShape {
    FrameShape {
        rows,
        columns,
        samples_per_pixel: spp,
        bits_allocated: bits,
    }
}

#[test]
fn packbits_segment_literal_replicate_and_noop() {
    // 2 literal bytes, then 0xAA repeated 3 times (257 - 254), then a no-op (128).
    let src = [1, 7, 8, 254, 0xAA, 128];
    let mut out = [0u8; 5];
    assert_eq!(decode_segment(&src, &mut out, 5), 5);
    assert_eq!(out, [7, 8, 0xAA, 0xAA, 0xAA]);
}

#[test]
fn packbits_segment_counts_but_never_stores_excess() {
    let src = [129, 5]; // 128 copies of 5
    let mut out = [0u8; 4];
    assert_eq!(decode_segment(&src, &mut out, 4), 128);
    assert_eq!(out, [5; 4]);
}

#[test]
fn packbits_segment_truncated_literal_keeps_what_is_there() {
    let src = [4, 1, 2];
    let mut out = [0u8; 5];
    assert_eq!(decode_segment(&src, &mut out, 5), 2);
    assert_eq!(&out[..2], &[1, 2]);
}

#[test]
fn whole_segments_decode_to_their_full_length() {
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
    for _ in 0..300 {
        let src: Vec<u8> = (0..(next() % 400) as usize).map(|_| next() as u8).collect();
        let (expected, produced) = reference_segment(&src, usize::MAX);
        assert_eq!(expected.len(), produced);
        assert_eq!(decode_whole_segment(&src), expected);
    }
    assert!(decode_whole_segment(&[]).is_empty());
}

/// The PackBits rules written plainly, to check the block-writing decoder against.
fn reference_segment(src: &[u8], limit: usize) -> (Vec<u8>, usize) {
    let (mut out, mut produced, mut pos) = (Vec::new(), 0, 0);
    while pos < src.len() {
        let header = src[pos] as usize;
        pos += 1;
        let run: Vec<u8> = if header < 128 {
            let n = (header + 1).min(src.len() - pos);
            pos += n;
            src[pos - n..pos].to_vec()
        } else if header > 128 && pos < src.len() {
            pos += 1;
            vec![src[pos - 1]; 257 - header]
        } else {
            pos += (header > 128) as usize;
            Vec::new()
        };
        produced += run.len();
        out.extend(run);
    }
    out.truncate(limit);
    (out, produced)
}

#[test]
fn packbits_segment_matches_the_plain_rules_on_random_segments() {
    // Short and long runs of both kinds, near and far from both ends of the
    // source and the output, with and without excess.
    let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
    for _ in 0..2000 {
        let len = (next() % 700) as usize;
        let short_runs = next() % 2 == 0;
        let src: Vec<u8> = (0..len)
            .map(|_| {
                if short_runs {
                    (next() % 20) as u8 | ((next() % 2) as u8) << 7
                } else {
                    next() as u8
                }
            })
            .collect();
        let (expected, total) = reference_segment(&src, usize::MAX);
        let limit = match next() % 3 {
            0 => expected.len(),
            1 => (next() as usize) % (expected.len() + 1),
            _ => expected.len() + 200,
        };
        let mut out = vec![0u8; limit];
        assert_eq!(decode_segment(&src, &mut out, limit), total);
        let kept = expected.len().min(limit);
        assert_eq!(&out[..kept], &expected[..kept], "segment {src:?}");
    }
}

#[test]
fn encode_row_matches_the_reference_choices() {
    let mut out = Vec::new();
    encode_row(&[1, 2, 2, 3], &mut out);
    // literal [1], replicate 2 x2, literal [3]
    assert_eq!(out, vec![0, 1, 255, 2, 0, 3]);
    out.clear();
    encode_row(&[9; 130], &mut out);
    assert_eq!(out, vec![129, 9, 255, 9]);
    out.clear();
    let ramp: Vec<u8> = (0..=129).collect();
    encode_row(&ramp, &mut out);
    assert_eq!(out[0], 127);
    assert_eq!(out[129], 1);
    assert_eq!(out.len(), 1 + 128 + 1 + 2);
}

/// pydicom's run choices written plainly (a byte equal to the next starts a
/// replicate run), to check the word-at-a-time encoder against.
fn reference_row(row: &[u8]) -> Vec<u8> {
    let (mut out, mut literal, mut i) = (Vec::new(), Vec::new(), 0);
    let flush = |literal: &mut Vec<u8>, out: &mut Vec<u8>| {
        for chunk in literal.chunks(128) {
            out.push((chunk.len() - 1) as u8);
            out.extend_from_slice(chunk);
        }
        literal.clear();
    };
    while i < row.len() {
        let run = row[i..].iter().take_while(|&&b| b == row[i]).count();
        if run == 1 {
            literal.push(row[i]);
        } else {
            flush(&mut literal, &mut out);
            for chunk in (0..run).collect::<Vec<_>>().chunks(128) {
                let header = if chunk.len() == 1 {
                    0
                } else {
                    (257 - chunk.len()) as u8
                };
                out.extend_from_slice(&[header, row[i]]);
            }
        }
        i += run;
    }
    flush(&mut literal, &mut out);
    out
}

#[test]
fn encode_row_matches_the_plain_rules_on_random_rows() {
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
    for _ in 0..3000 {
        let len = (next() % 600) as usize;
        // From all-distinct bytes to long runs, via runs of every short length.
        let alphabet = [2, 3, 4, 16, 256][(next() % 5) as usize] as u64;
        let stretch = 1 + next() % 200;
        let mut row = Vec::with_capacity(len);
        while row.len() < len {
            let value = (next() % alphabet) as u8;
            let run = (1 + next() % stretch) as usize;
            row.extend(std::iter::repeat_n(value, run.min(len - row.len())));
        }
        let mut out = Vec::new();
        encode_row(&row, &mut out);
        assert_eq!(out, reference_row(&row), "row {row:?}");
    }
}

#[test]
fn sixteen_bit_rgb_round_trip() {
    let (rows, columns, spp) = (3, 5, 3);
    let frame: Vec<u8> = (0..rows * columns * spp * 2)
        .map(|i| (i * 37 % 251) as u8)
        .collect();
    let encoded = encode_frame(&frame, rows, columns, spp, 2).unwrap();
    assert_eq!(u32::from_le_bytes(encoded[..4].try_into().unwrap()), 6);
    let mut out = vec![0u8; frame.len()];
    let padding = decode_frame(
        &encoded,
        shape(rows, columns, spp, 16),
        SegmentOrder::MostSignificantFirst,
        &mut out,
    )
    .unwrap();
    assert!(padding.is_empty());
    assert_eq!(out, frame);
}

#[test]
fn least_significant_first_swaps_the_bytes() {
    let frame = [1u8, 2, 3, 4];
    let encoded = encode_frame(&frame, 1, 2, 1, 2).unwrap();
    let mut out = [0u8; 4];
    decode_frame(
        &encoded,
        shape(1, 2, 1, 16),
        SegmentOrder::LeastSignificantFirst,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, [2, 1, 4, 3]);
}

#[test]
fn bad_frames_give_errors_not_panics() {
    let mut out = vec![0u8; 4];
    let s = shape(2, 2, 1, 8);
    let order = SegmentOrder::MostSignificantFirst;
    let short = decode_frame(&[1, 0, 0], s, order, &mut out).unwrap_err();
    assert!(short.0.contains("64 bytes"));
    let mut header = vec![0u8; 64];
    header[0] = 16;
    assert!(decode_frame(&header, s, order, &mut out)
        .unwrap_err()
        .0
        .contains("invalid number of segments (16)"));
    header[0] = 2;
    assert!(decode_frame(&header, s, order, &mut out)
        .unwrap_err()
        .0
        .contains("(2 vs. 1 segments)"));
    // One segment whose offset points past the end: decodes to nothing.
    header[0] = 1;
    header[4] = 200;
    assert!(decode_frame(&header, s, order, &mut out)
        .unwrap_err()
        .0
        .contains("(0 vs. 4 bytes)"));
    let twelve = decode_frame(&header, shape(2, 2, 1, 12), order, &mut out).unwrap_err();
    assert!(twelve.0.contains("12 bits allocated"));
    assert!(encode_frame(&[0; 16], 1, 1, 8, 2).is_err());
    assert!(encode_frame(&[0; 3], 2, 2, 1, 1).is_err());
}

#[test]
fn padding_is_reported() {
    let mut src = vec![0u8; 64];
    src[0] = 1;
    src[4] = 64;
    src.extend_from_slice(&[252, 7]); // 5 bytes for a 4-pixel plane
    let mut out = [0u8; 4];
    let padding = decode_frame(
        &src,
        shape(2, 2, 1, 8),
        SegmentOrder::MostSignificantFirst,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, [7; 4]);
    assert_eq!(padding.len(), 1);
    assert_eq!(padding[0].decoded, 5);
}

#[test]
fn unused_bits_masked_or_sign_extended() {
    let bits = |signed, big_endian| UnusedBits {
        bytes_per_sample: 2,
        bits_stored: 12,
        signed,
        big_endian,
    };
    let src = [0xFF, 0xFF, 0x00, 0x08];
    assert_eq!(
        convert(&src, Layout::Plain, Some(bits(false, false))),
        vec![0xFF, 0x0F, 0x00, 0x08]
    );
    assert_eq!(
        convert(&src, Layout::Plain, Some(bits(true, false))),
        vec![0xFF, 0xFF, 0x00, 0xF8]
    );
    let be = [0xF8, 0x00, 0x0F, 0xFF];
    assert_eq!(
        convert(&be, Layout::Plain, Some(bits(true, true))),
        vec![0xF8, 0x00, 0xFF, 0xFF]
    );
}

#[test]
fn bits_unpack_and_pack() {
    assert_eq!(unpack_bits(&[0b0000_0101], 0, 4), vec![1, 0, 1, 0]);
    assert_eq!(
        unpack_bits(&[0b0000_0101], 2, 8),
        vec![1, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(pack_bits(&[1, 0, 1, 0, 0, 0, 0, 0, 1]), vec![5, 1]);
    assert_eq!(
        convert(&[1, 2, 3], Layout::SwappedPairs, None),
        vec![2, 1, 3]
    );
}

#[test]
fn ybr422_expands_two_pixels_to_six_samples() {
    assert_eq!(
        expand_ybr422(&[10, 11, 20, 30], 1),
        vec![10, 20, 30, 11, 20, 30]
    );
}

#[test]
fn fragments_and_offsets() {
    let frames: [&[u8]; 2] = [&[1, 2, 3], &[4, 5]];
    let data = encapsulate(&frames, true).unwrap();
    let (offsets, first) = basic_offsets(&data, true).unwrap();
    assert_eq!(offsets, vec![0, 12]);
    let found = fragments(&data, first, true).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(
        &data[found[0].start..found[0].start + found[0].len],
        &[1, 2, 3, 0]
    );
    let mut bad = data.clone();
    bad[first] = 0;
    assert!(fragments(&bad, first, true)
        .unwrap_err()
        .0
        .contains("Unexpected tag"));
    assert!(basic_offsets(&data[..2], true).is_err());
    let mut undefined = data.clone();
    undefined[first + 4..first + 8].copy_from_slice(&[0xFF; 4]);
    assert!(fragments(&undefined, first, true)
        .unwrap_err()
        .0
        .contains("Undefined"));
}

#[test]
fn frames_too_short_for_their_shape_are_refused_before_allocating() {
    // 65535 x 65535 x 3 samples x 64 bits from 66 bytes: refused by the PackBits
    // bound, not by trying to allocate 100 GB.
    let mut frame = vec![0u8; 64];
    frame[0] = 1;
    frame[4] = 64;
    frame.extend([129, 0]);
    let huge = shape(65535, 65535, 3, 64);
    let err = decode_frames(
        &[vec![&frame[..]]],
        huge,
        SegmentOrder::MostSignificantFirst,
    )
    .unwrap_err();
    assert!(
        err.0.contains("Frame 0 has 66 bytes of RLE data"),
        "{}",
        err.0
    );
}

#[test]
fn frames_decode_in_parallel_to_what_each_decodes_alone() {
    let s = shape(4, 3, 3, 16);
    let sources: Vec<Vec<u8>> = (0..7u8)
        .map(|f| {
            (0..s.frame_bytes())
                .map(|i| (i as u8).wrapping_mul(f + 3))
                .collect()
        })
        .collect();
    let encoded: Vec<Vec<u8>> = sources
        .iter()
        .map(|f| encode_frame(f, 4, 3, 3, 2).unwrap())
        .collect();
    let frames: Vec<Vec<&[u8]>> = encoded.iter().map(|e| vec![&e[..]]).collect();
    let (out, padding) = decode_frames(&frames, s, SegmentOrder::MostSignificantFirst).unwrap();
    assert_eq!(out, sources.concat());
    assert!(padding.iter().all(Vec::is_empty));
}
