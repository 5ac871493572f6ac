//! The Rust sequential decoder against libjpeg-turbo on 8-bit frames that
//! libjpeg-turbo itself encodes: every sample must be equal, across sampling
//! factors, odd sizes, restart intervals and non-interleaved scans.

use mozjpeg_sys::*;

use super::{jpeg_dct, jpeg_sequential, DecodeOptions};
use crate::test_numbers::xorshift;

struct Layout {
    width: u32,
    height: u32,
    /// (h, v) per component; one entry is greyscale.
    sampling: &'static [(i32, i32)],
    restart_interval: u32,
    quality: i32,
    /// One scan per component instead of one interleaved scan.
    separate_scans: bool,
}

/// Samples that vary smoothly, with edges, differently per component.
fn image(layout: &Layout) -> Vec<u8> {
    let components = layout.sampling.len() as u32;
    let mut out = Vec::new();
    for y in 0..layout.height {
        for x in 0..layout.width {
            for c in 0..components {
                let wave = ((x * 13 + y * 7 + c * 40) % 256) as i32;
                let edge = if (x / 5 + y / 3) % 2 == 0 { 60 } else { -60 };
                out.push((wave + edge).clamp(0, 255) as u8);
            }
        }
    }
    out
}

extern "C" {
    fn free(pointer: *mut std::ffi::c_void);
}

/// `samples` encoded by libjpeg-turbo (mozjpeg set to libjpeg's defaults):
/// baseline sequential, components as given (no colour conversion).
fn libjpeg_encode(samples: &[u8], layout: &Layout) -> Vec<u8> {
    let components = layout.sampling.len();
    // SAFETY: the compressor is created, used and destroyed here; its rows are
    // read from `samples`, which holds height rows of width x components.
    unsafe {
        let mut err: jpeg_error_mgr = std::mem::zeroed();
        jpeg_std_error(&mut err);
        let mut cinfo: jpeg_compress_struct = std::mem::zeroed();
        cinfo.common.err = &mut err;
        jpeg_CreateCompress(
            &mut cinfo,
            JPEG_LIB_VERSION,
            std::mem::size_of::<jpeg_compress_struct>(),
        );
        let mut buffer: *mut u8 = std::ptr::null_mut();
        let mut size: std::ffi::c_ulong = 0;
        jpeg_mem_dest(&mut cinfo, &mut buffer, &mut size);
        cinfo.image_width = layout.width;
        cinfo.image_height = layout.height;
        cinfo.input_components = components as i32;
        let space = if components == 1 {
            J_COLOR_SPACE::JCS_GRAYSCALE
        } else {
            J_COLOR_SPACE::JCS_YCbCr
        };
        cinfo.in_color_space = space;
        jpeg_c_set_int_param(
            &mut cinfo,
            J_INT_PARAM::JINT_COMPRESS_PROFILE,
            JCP_FASTEST as i32,
        );
        jpeg_set_defaults(&mut cinfo);
        jpeg_set_colorspace(&mut cinfo, space);
        jpeg_set_quality(&mut cinfo, layout.quality, 1);
        for (i, &(h, v)) in layout.sampling.iter().enumerate() {
            (*cinfo.comp_info.add(i)).h_samp_factor = h;
            (*cinfo.comp_info.add(i)).v_samp_factor = v;
        }
        cinfo.restart_interval = layout.restart_interval;
        let scans: Vec<jpeg_scan_info> = (0..components as i32)
            .map(|c| jpeg_scan_info {
                comps_in_scan: 1,
                component_index: [c, 0, 0, 0],
                Ss: 0,
                Se: 63,
                Ah: 0,
                Al: 0,
            })
            .collect();
        if layout.separate_scans {
            cinfo.num_scans = components as i32;
            cinfo.scan_info = scans.as_ptr();
        }
        jpeg_start_compress(&mut cinfo, 1);
        let stride = layout.width as usize * components;
        for row in samples.chunks(stride) {
            let pointer = row.as_ptr();
            jpeg_write_scanlines(&mut cinfo, &pointer, 1);
        }
        jpeg_finish_compress(&mut cinfo);
        let encoded = std::slice::from_raw_parts(buffer, size as usize).to_vec();
        jpeg_destroy_compress(&mut cinfo);
        free(buffer.cast());
        encoded
    }
}

const LAYOUTS: &[Layout] = &[
    Layout {
        width: 64,
        height: 48,
        sampling: &[(1, 1)],
        restart_interval: 0,
        quality: 75,
        separate_scans: false,
    },
    Layout {
        width: 37,
        height: 23,
        sampling: &[(1, 1)],
        restart_interval: 3,
        quality: 100,
        separate_scans: false,
    },
    Layout {
        width: 37,
        height: 23,
        sampling: &[(2, 2), (1, 1), (1, 1)],
        restart_interval: 0,
        quality: 90,
        separate_scans: false,
    },
    Layout {
        width: 50,
        height: 35,
        sampling: &[(2, 1), (1, 1), (1, 1)],
        restart_interval: 2,
        quality: 60,
        separate_scans: false,
    },
    Layout {
        width: 33,
        height: 41,
        sampling: &[(1, 2), (1, 1), (1, 1)],
        restart_interval: 0,
        quality: 95,
        separate_scans: false,
    },
    Layout {
        width: 45,
        height: 17,
        sampling: &[(4, 1), (1, 1), (1, 1)],
        restart_interval: 0,
        quality: 80,
        separate_scans: false,
    },
    Layout {
        width: 40,
        height: 24,
        sampling: &[(1, 1), (1, 1), (1, 1)],
        restart_interval: 5,
        quality: 20,
        separate_scans: true,
    },
    Layout {
        width: 29,
        height: 30,
        sampling: &[(2, 2), (1, 1), (1, 1)],
        restart_interval: 1,
        quality: 70,
        separate_scans: true,
    },
    // Chroma two samples wide: libjpeg replicates instead of filtering.
    Layout {
        width: 3,
        height: 9,
        sampling: &[(2, 2), (1, 1), (1, 1)],
        restart_interval: 0,
        quality: 90,
        separate_scans: false,
    },
    Layout {
        width: 1,
        height: 1,
        sampling: &[(1, 1)],
        restart_interval: 0,
        quality: 50,
        separate_scans: false,
    },
];

#[test]
fn eight_bit_frames_decode_exactly_as_libjpeg_turbo_decodes_them() {
    for (i, layout) in LAYOUTS.iter().enumerate() {
        let encoded = libjpeg_encode(&image(layout), layout);
        let theirs = jpeg_dct::decode(&encoded, DecodeOptions::default()).unwrap();
        let ours = jpeg_sequential::decode(&encoded, DecodeOptions::default()).unwrap();
        assert_eq!(
            (
                ours.width,
                ours.height,
                ours.components,
                ours.precision,
                ours.bytes_per_sample
            ),
            (theirs.width, theirs.height, theirs.components, 8, 1),
            "layout {i}"
        );
        assert!(ours.data == theirs.data, "layout {i}: samples differ");
    }
}

/// A libjpeg-made frame relabelled as 12-bit: still a valid 12-bit stream.
fn twelve_bit_frame() -> Vec<u8> {
    let layout = &LAYOUTS[3];
    let mut encoded = libjpeg_encode(&image(layout), layout);
    let sof = encoded.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    encoded[sof + 1] = 0xC1;
    encoded[sof + 4] = 12;
    encoded
}

#[test]
fn twelve_bit_frames_come_out_as_two_byte_samples_level_shifted_by_2048() {
    let decoded = jpeg_sequential::decode(&twelve_bit_frame(), DecodeOptions::default()).unwrap();
    assert_eq!(
        (
            decoded.precision,
            decoded.bytes_per_sample,
            decoded.components
        ),
        (12, 2, 3)
    );
    let samples: Vec<u16> = decoded
        .data
        .chunks(2)
        .map(|b| u16::from_ne_bytes([b[0], b[1]]))
        .collect();
    // 8-bit coefficients (+/- 128 and some overshoot) around the 12-bit centre.
    let (low, high) = (samples.iter().min().unwrap(), samples.iter().max().unwrap());
    assert!(*low >= 2048 - 256 && *high < 2048 + 256, "{low}..{high}");
    // Through the JPEG codec entry point, which routes 12-bit frames here.
    let routed = super::decode(super::Codec::Jpeg, &twelve_bit_frame()).unwrap();
    assert_eq!(routed, decoded);
}

#[test]
fn corrupt_twelve_bit_frames_are_errors_or_samples_never_panics() {
    let frame = twelve_bit_frame();
    for end in 0..frame.len() {
        let _ = jpeg_sequential::decode(&frame[..end], DecodeOptions::default());
    }
    for at in 0..frame.len() {
        let mut flipped = frame.clone();
        flipped[at] ^= 0x5A;
        let _ = jpeg_sequential::decode(&flipped, DecodeOptions::default());
    }
    assert!(jpeg_sequential::decode(&frame[..frame.len() / 3], DecodeOptions::default()).is_err());
    let small = DecodeOptions {
        max_samples: 100,
        ..DecodeOptions::default()
    };
    let refused = jpeg_sequential::decode(&frame, small).unwrap_err();
    assert!(refused.0.contains("more than the 100 samples"), "{refused}");
}

/// Samples with no structure: large coefficients at every frequency.
fn noise(layout: &Layout, seed: u64) -> Vec<u8> {
    let mut next = xorshift(seed);
    let count = (layout.width * layout.height) as usize * layout.sampling.len();
    (0..count).map(|_| next() as u8).collect()
}

#[test]
fn the_avx2_idct_decodes_exactly_as_libjpegs_c_idct() {
    use jpeg_dct::Idct;
    let decode = |frame: &[u8], idct| jpeg_dct::decode_with(frame, DecodeOptions::default(), idct);
    for (i, layout) in LAYOUTS.iter().enumerate() {
        for samples in [image(layout), noise(layout, 0x9e37_79b9 + i as u64)] {
            let mut frame = libjpeg_encode(
                &samples,
                &Layout {
                    quality: 100,
                    ..*layout
                },
            );
            let fast = decode(&frame, Idct::Fastest).unwrap();
            assert!(
                fast == decode(&frame, Idct::LibjpegC).unwrap(),
                "layout {i}"
            );
            // Corrupt data: coefficients anywhere up to the format's limits, the
            // blocks beyond the AVX2 range go to libjpeg's function.
            for at in (frame.len() / 3..frame.len() - 2).step_by(7) {
                frame[at] ^= 0xA5;
                let (fast, c) = (
                    decode(&frame, Idct::Fastest),
                    decode(&frame, Idct::LibjpegC),
                );
                assert_eq!(fast.is_ok(), c.is_ok(), "layout {i}, byte {at}");
                assert!(fast.ok() == c.ok(), "layout {i}, byte {at}: samples differ");
            }
        }
    }
}
