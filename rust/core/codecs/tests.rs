use super::*;

/// 16x8 samples, `components` interleaved, ramping with position and component.
fn ramp(components: usize, bits: u8) -> Vec<u8> {
    let bytes = bytes_for(bits);
    let mask = (1u32 << bits) - 1;
    let mut out = Vec::new();
    for p in 0..16 * 8 {
        for c in 0..components {
            let v = ((p * 7 + c * 50) as u32) & mask;
            out.extend(&v.to_ne_bytes()[..bytes]);
        }
    }
    out
}

/// A 16x8 frame of `samples` to encode, sample interleaved.
fn frame16x8(samples: &[u8], components: u32, bits: u8) -> jpegls::Frame<'_> {
    jpegls::Frame {
        samples,
        width: 16,
        height: 8,
        components,
        bits,
        interleave: 2,
    }
}

#[test]
fn jpeg_ls_round_trips_grey_and_colour_at_each_precision() {
    for (components, bits) in [(1, 8), (1, 12), (1, 16), (3, 8), (1, 2)] {
        let samples = ramp(components, bits);
        let frame = frame16x8(&samples, components as u32, bits);
        let encoded = jpegls::encode(&frame, 0).unwrap();
        let decoded = decode(Codec::JpegLs, &encoded).unwrap();
        assert_eq!(decoded.data, samples, "{components} x {bits} bits");
        assert_eq!((decoded.width, decoded.height), (16, 8));
        assert_eq!(decoded.components, components as u32);
        assert_eq!(decoded.precision, bits);
        assert_eq!(decoded.bytes_per_sample, bytes_for(bits));
        let found = markers::jpeg_parameters(&encoded);
        assert_eq!(found.frame_marker, Some(0xF7));
        assert_eq!(found.precision, Some(bits));
        assert_eq!(found.component_ids.len(), components);
        assert_eq!(
            found.interleave_mode,
            Some(if components > 1 { 2 } else { 0 })
        );
    }
}

#[test]
fn zero_padding_before_the_end_of_a_16_bit_jpeg_ls_image_is_read_past() {
    // The traits of the DICOM WG04 MR1_JLSL frame: 16 bits (so an LSE preset
    // parameters segment follows SOF55) and a zero byte between scan and EOI.
    let samples = ramp(1, 16);
    let encoded = jpegls::encode(&frame16x8(&samples, 1, 16), 0).unwrap();
    assert_eq!(&encoded[..4], &[0xFF, 0xD8, 0xFF, 0xF7]);
    assert!(
        encoded.windows(2).any(|w| w == [0xFF, 0xF8]),
        "an LSE segment"
    );
    for (zeros, after) in [(1, 0), (1, 1), (2, 0), (3, 1)] {
        // `after`: the zero that pads an odd-length frame to even length.
        let mut padded = encoded[..encoded.len() - 2].to_vec();
        padded.extend(std::iter::repeat_n(0u8, zeros));
        padded.extend([0xFF, 0xD9]);
        padded.extend(std::iter::repeat_n(0u8, after));
        let decoded = decode(Codec::JpegLs, &padded).unwrap();
        assert_eq!(decoded.data, samples, "{zeros} zero bytes");
    }
    // Anything else before EOI is still an error.
    let mut garbage = encoded[..encoded.len() - 2].to_vec();
    garbage.extend([0x12, 0xFF, 0xD9]);
    assert!(decode(Codec::JpegLs, &garbage).is_err());
}

#[test]
fn near_lossless_stays_within_near() {
    let samples = ramp(1, 8);
    let frame = frame16x8(&samples, 1, 8);
    let decoded = decode(Codec::JpegLs, &jpegls::encode(&frame, 3).unwrap()).unwrap();
    for (a, b) in decoded.data.iter().zip(&samples) {
        assert!((*a as i32 - *b as i32).abs() <= 3);
    }
}

#[test]
fn planes_are_interleaved() {
    let planar = [1u8, 2, 10, 20, 100, 200];
    assert_eq!(interleave(&planar, 3, 1), [1, 10, 100, 2, 20, 200]);
    let planar16 = [1u8, 0, 2, 0, 3, 0, 4, 0];
    assert_eq!(interleave(&planar16, 2, 2), [1, 0, 3, 0, 2, 0, 4, 0]);
}

#[test]
fn markers_give_precision_ids_and_jfif() {
    let mut src = vec![0xFF, 0xD8];
    src.extend([0xFF, 0xE0, 0x00, 0x07]);
    src.extend(b"JFIF\0");
    // SOF0: length 17, P 8, Y 2, X 2, Nf 3, (id, HV, Tq) x 3: 'R' 'G' 'B'.
    src.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 2, 3]);
    src.extend([b'R', 0x11, 0, b'G', 0x11, 0, b'B', 0x11, 0]);
    let found = markers::jpeg_parameters(&src);
    assert_eq!(found.precision, Some(8));
    assert_eq!(found.component_ids, b"RGB");
    assert!(found.jfif);
    assert_eq!(
        markers::jpeg_parameters(b"not a jpeg"),
        markers::JpegParameters::default()
    );
    // Cut inside a segment: what came before is kept.
    assert!(markers::jpeg_parameters(&src[..12]).jfif);
}

#[test]
fn corrupt_or_truncated_frames_are_errors_not_crashes() {
    let samples = ramp(3, 8);
    let frame = frame16x8(&samples, 3, 8);
    let jls = jpegls::encode(&frame, 0).unwrap();
    let j2k_header = [0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00];
    let jpeg_header = [
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 8, 0, 16, 1, 1, 0x11, 0,
    ];
    for codec in [Codec::Jpeg, Codec::JpegLs, Codec::Jpeg2000] {
        for data in [
            &b""[..],
            b"garbage",
            &j2k_header,
            &jpeg_header,
            &jls[..jls.len() / 2],
        ] {
            assert!(
                decode(codec, data).is_err(),
                "{codec:?} on {} bytes",
                data.len()
            );
        }
        let mut flipped = jls.clone();
        for i in (2..flipped.len()).step_by(7) {
            flipped[i] ^= 0x5A;
        }
        let _ = decode(codec, &flipped); // any result but a crash
    }
}

#[test]
fn frames_declaring_more_samples_than_allowed_are_refused_before_decoding() {
    let samples = ramp(1, 8);
    let frame = frame16x8(&samples, 1, 8);
    let encoded = jpegls::encode(&frame, 0).unwrap();
    let tight = DecodeOptions {
        threads: 1,
        max_samples: 100,
        ycbcr_to_rgb: false,
    };
    let err = decode_with(Codec::JpegLs, &encoded, tight).unwrap_err();
    assert!(
        err.0
            .contains("16 x 8 with 1 components, more than the 100 samples"),
        "{err}"
    );
    assert!(decode_with(
        Codec::JpegLs,
        &encoded,
        DecodeOptions {
            max_samples: 128,
            ..tight
        }
    )
    .is_ok());
    // A JPEG 2000 header declaring a 3.9 M x 64 x 3 image (found by the fuzzer,
    // which ran out of memory) is refused without allocating it.
    let huge = std::fs::read(crate::test_files::repo_path(
        "testdata/fuzz/j2k_decode/oom-9aa3dc2b1d478f7d3cbabd4bdc8b342139b1f1c3",
    ))
    .unwrap();
    let err = decode(Codec::Jpeg2000, &huge).unwrap_err();
    assert!(err.0.contains("more than the"), "{err}");
}

#[test]
fn jpeg_2000_lossless_round_trips_and_lossy_stays_close() {
    // 64x32: OpenJPEG's six resolution levels need at least 32 samples a side.
    let (width, height) = (64u32, 32u32);
    for (components, bits, mct) in [
        (1u32, 12u8, false),
        (3, 8, true),
        (3, 8, false),
        (1, 16, false),
    ] {
        let bytes = bytes_for(bits);
        let mut samples = Vec::new();
        for p in 0..(width * height * components) {
            let v = p * 7 % (1 << bits);
            samples.extend(&v.to_le_bytes()[..bytes]);
        }
        let frame = j2k_encode::Frame {
            samples: &samples,
            width,
            height,
            components,
            bits,
            signed: false,
            mct,
            ratios: &[],
            psnr: &[],
        };
        let encoded = j2k_encode::encode(&frame).unwrap();
        let decoded = decode(Codec::Jpeg2000, &encoded).unwrap();
        assert_eq!(
            decoded.data, samples,
            "{components} x {bits} bits, mct {mct}"
        );
        assert_eq!(decoded.precision, bits);
        let lossy = j2k_encode::encode(&j2k_encode::Frame {
            ratios: &[4.0],
            ..frame
        })
        .unwrap();
        assert!(
            lossy.len() <= samples.len() / 4 + 300,
            "ratio 4 kept: {}",
            lossy.len()
        );
        assert_eq!(
            decode(Codec::Jpeg2000, &lossy).unwrap().data.len(),
            samples.len()
        );
    }
    let short = j2k_encode::Frame {
        samples: &[0u8; 10],
        width: 4,
        height: 4,
        components: 1,
        bits: 8,
        signed: false,
        mct: false,
        ratios: &[],
        psnr: &[],
    };
    assert!(
        j2k_encode::encode(&short).is_err(),
        "samples shorter than the frame"
    );
}

#[test]
fn deflated_frames_round_trip_and_stop_inflating_past_the_frame() {
    let frame: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let encoded = deflate::encode(&frame);
    assert!(encoded.len() < frame.len());
    assert_eq!(decode(Codec::Deflate, &encoded).unwrap().data, frame);
    // A stream inflating far past what the frame can hold stops just past it.
    let bomb = deflate::encode(&vec![0u8; 10_000_000]);
    let small = DecodeOptions {
        max_samples: 100,
        ..DecodeOptions::default()
    };
    assert_eq!(
        decode_with(Codec::Deflate, &bomb, small)
            .unwrap()
            .data
            .len(),
        801
    );
    assert!(decode(Codec::Deflate, b"\xff\xff not deflate").is_err());
}

#[test]
fn deflated_frames_cut_short_are_errors() {
    let encoded = deflate::encode(&(0..5000u32).map(|i| (i % 7) as u8).collect::<Vec<_>>());
    for end in [1, encoded.len() / 2, encoded.len() - 1] {
        let error = decode(Codec::Deflate, &encoded[..end]).unwrap_err();
        assert!(
            error.0.contains("ends early") || error.0.starts_with("Deflate"),
            "{error}"
        );
    }
}

#[test]
fn frames_decoded_in_parallel_land_end_to_end_and_odd_ones_are_named() {
    use super::batch::{decode_frames, BatchError};
    let options = DecodeOptions {
        threads: 1,
        max_samples: 1 << 20,
        ycbcr_to_rgb: false,
    };
    let encoded: Vec<(Vec<u8>, Vec<u8>)> = (0..9u8)
        .map(|i| {
            let samples: Vec<u8> = ramp(1, 12).iter().map(|b| b.wrapping_add(i)).collect();
            let encoded = jpegls::encode(&frame16x8(&samples, 1, 12), 0).unwrap();
            (samples, encoded)
        })
        .collect();
    let frames: Vec<Vec<&[u8]>> = encoded.iter().map(|(_, e)| vec![e.as_slice()]).collect();
    let (data, layout) = decode_frames(Codec::JpegLs, &frames, options).unwrap();
    let expected: Vec<u8> = encoded.iter().flat_map(|(s, _)| s.clone()).collect();
    assert_eq!(data, expected);
    assert_eq!((layout.width, layout.height, layout.precision), (16, 8, 12));
    // A frame split into two fragments is decoded from their concatenation.
    let (head, tail) = encoded[3].1.split_at(10);
    let mut split = frames.clone();
    split[3] = vec![head, tail];
    assert_eq!(
        decode_frames(Codec::JpegLs, &split, options).unwrap().0,
        expected
    );

    // Frames of another size are named against frame 0, whichever finished first.
    let grey8 = ramp(1, 8);
    let other = jpegls::encode(&frame16x8(&grey8, 1, 8), 0).unwrap();
    for odd in [0, 4, 8] {
        let mut mixed = frames.clone();
        mixed[odd] = vec![other.as_slice()];
        let expected_index = if odd == 0 { 1 } else { odd };
        assert_eq!(
            decode_frames(Codec::JpegLs, &mixed, options),
            Err(BatchError::Layout(expected_index))
        );
    }
    // Of two corrupt frames, the first is reported.
    let mut corrupt = frames.clone();
    let garbage = [0u8; 40];
    corrupt[2] = vec![&garbage[..]];
    corrupt[6] = vec![&garbage[..]];
    assert!(matches!(
        decode_frames(Codec::JpegLs, &corrupt, options),
        Err(BatchError::Frame(2, _))
    ));
}
