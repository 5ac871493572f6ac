//! JPEG 2000 (Part 1) and High-Throughput JPEG 2000 (Part 15) by OpenJPEG 2.5,
//! reading from memory. The inverse multiple-component transform is OpenJPEG's,
//! as with pylibjpeg-openjpeg.

use std::ffi::{c_char, c_void, CStr};

use openjpeg_sys as opj;

use super::{bytes_for, check_size, CodecError, DecodeOptions, Decoded};

/// The codestream being read: OpenJPEG pulls from it through the callbacks.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

unsafe extern "C" fn read(buffer: *mut c_void, count: usize, user: *mut c_void) -> usize {
    let reader = &mut *(user as *mut Reader<'_>);
    let left = reader.data.len() - reader.pos;
    if left == 0 {
        return usize::MAX; // OpenJPEG's end of stream: (OPJ_SIZE_T)-1
    }
    let n = count.min(left);
    std::ptr::copy_nonoverlapping(reader.data.as_ptr().add(reader.pos), buffer as *mut u8, n);
    reader.pos += n;
    n
}

unsafe extern "C" fn skip(count: i64, user: *mut c_void) -> i64 {
    let reader = &mut *(user as *mut Reader<'_>);
    let target = (reader.pos as i64)
        .saturating_add(count)
        .clamp(0, reader.data.len() as i64);
    let moved = target - reader.pos as i64;
    reader.pos = target as usize;
    moved
}

unsafe extern "C" fn seek(to: i64, user: *mut c_void) -> i32 {
    let reader = &mut *(user as *mut Reader<'_>);
    if to < 0 || to as u64 > reader.data.len() as u64 {
        return 0;
    }
    reader.pos = to as usize;
    1
}

/// The error for a failed OpenJPEG step, with its last message if it gave one.
pub(super) fn fail(step: &str, last: &str) -> CodecError {
    if last.is_empty() {
        CodecError(format!("JPEG 2000: {step} failed"))
    } else {
        CodecError(format!("JPEG 2000: {step} failed: {last}"))
    }
}

/// Keeps OpenJPEG's last error message (it reports through a callback).
pub(super) unsafe extern "C" fn on_error(message: *const c_char, user: *mut c_void) {
    let last = &mut *(user as *mut String);
    *last = CStr::from_ptr(message)
        .to_string_lossy()
        .trim_end()
        .to_string();
}

/// Everything OpenJPEG allocated for one decode or encode, freed however it ends.
pub(super) struct Session {
    pub(super) codec: *mut opj::opj_codec_t,
    pub(super) stream: *mut opj::opj_stream_t,
    pub(super) image: *mut opj::opj_image_t,
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: each pointer is null or was created by OpenJPEG for this session.
        unsafe {
            if !self.image.is_null() {
                opj::opj_image_destroy(self.image);
            }
            if !self.stream.is_null() {
                opj::opj_stream_destroy(self.stream);
            }
            if !self.codec.is_null() {
                opj::opj_destroy_codec(self.codec);
            }
        }
    }
}

const J2K_SIGNATURE: [u8; 4] = [0xFF, 0x4F, 0xFF, 0x51];

pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    // DICOM holds a bare codestream; some writers wrap it in a JP2 file.
    let format = if src.starts_with(&J2K_SIGNATURE) {
        opj::CODEC_FORMAT::OPJ_CODEC_J2K
    } else {
        opj::CODEC_FORMAT::OPJ_CODEC_JP2
    };
    let mut reader = Reader { data: src, pos: 0 };
    let mut last_error = String::new();
    // SAFETY: the codec, stream and image live in `session` and are freed by it;
    // the callbacks get `reader` and `last_error`, which outlive the session.
    unsafe {
        let mut session = Session {
            codec: opj::opj_create_decompress(format),
            stream: opj::opj_stream_create(64 * 1024, 1),
            image: std::ptr::null_mut(),
        };
        if session.codec.is_null() || session.stream.is_null() {
            return Err(CodecError("JPEG 2000: out of memory".into()));
        }
        let user = &mut last_error as *mut String as *mut c_void;
        opj::opj_set_error_handler(session.codec, Some(on_error), user);
        let mut params: opj::opj_dparameters_t = std::mem::zeroed();
        opj::opj_set_default_decoder_parameters(&mut params);
        if opj::opj_setup_decoder(session.codec, &mut params) == 0 {
            return Err(fail("setup", &last_error));
        }
        // HTJ2K frames decode faster on one thread than with the thread pool
        // OpenJPEG starts for each frame (measured on 512x512 frames).
        if options.threads > 1 && !high_throughput(src) {
            // Best effort: without thread support OpenJPEG decodes on one.
            opj::opj_codec_set_threads(session.codec, options.threads.min(64) as i32);
        }
        opj::opj_stream_set_read_function(session.stream, Some(read));
        opj::opj_stream_set_skip_function(session.stream, Some(skip));
        opj::opj_stream_set_seek_function(session.stream, Some(seek));
        opj::opj_stream_set_user_data(
            session.stream,
            &mut reader as *mut Reader<'_> as *mut c_void,
            None,
        );
        opj::opj_stream_set_user_data_length(session.stream, src.len() as u64);
        if opj::opj_read_header(session.stream, session.codec, &mut session.image) == 0 {
            return Err(fail("reading the header", &last_error));
        }
        let image = &*session.image;
        check_size(
            "JPEG 2000",
            image.x1.saturating_sub(image.x0) as u64,
            image.y1.saturating_sub(image.y0) as u64,
            image.numcomps as u64,
            options,
        )?;
        if opj::opj_decode(session.codec, session.stream, session.image) == 0 {
            return Err(fail("decoding", &last_error));
        }
        if opj::opj_end_decompress(session.codec, session.stream) == 0 {
            return Err(fail("finishing", &last_error));
        }
        samples(&*session.image)
    }
}

/// Whether a bare codestream is High-Throughput JPEG 2000: its main header (the
/// marker segments before the first tile part) has a CAP segment (Part 15).
fn high_throughput(src: &[u8]) -> bool {
    const CAP: u16 = 0xFF50;
    const SOT: u16 = 0xFF90;
    if !src.starts_with(&J2K_SIGNATURE) {
        return false;
    }
    let mut pos = 2;
    while let Some(header) = src.get(pos..pos + 4) {
        let marker = u16::from_be_bytes([header[0], header[1]]);
        if marker == CAP {
            return true;
        }
        if marker == SOT || header[0] != 0xFF {
            return false;
        }
        pos += 2 + u16::from_be_bytes([header[2], header[3]]) as usize;
    }
    false
}

/// The components' samples, pixel interleaved, each written in the width its
/// precision needs (two's complement when signed, as OpenJPEG gives them).
///
/// SAFETY: `image` was filled by a successful `opj_decode`.
unsafe fn samples(image: &opj::opj_image_t) -> Result<Decoded, CodecError> {
    let count = image.numcomps as usize;
    if count == 0 || image.comps.is_null() {
        return Err(CodecError("JPEG 2000: no components".into()));
    }
    let comps = std::slice::from_raw_parts(image.comps, count);
    let (width, height) = (comps[0].w, comps[0].h);
    if comps
        .iter()
        .any(|c| c.w != width || c.h != height || c.data.is_null())
    {
        return Err(CodecError(
            "JPEG 2000: components of different sizes (subsampled) are not supported".into(),
        ));
    }
    let precision = comps.iter().map(|c| c.prec).max().unwrap_or(0).min(32) as u8;
    let bytes = bytes_for(precision);
    let pixels = width as usize * height as usize;
    let planes: Vec<&[i32]> = comps
        .iter()
        .map(|c| std::slice::from_raw_parts(c.data, pixels))
        .collect();
    let mut data = vec![0u8; pixels * count * bytes];
    match bytes {
        1 => interleave_as(&planes, &mut data, |v| (v as u8).to_ne_bytes()),
        2 => interleave_as(&planes, &mut data, |v| (v as u16).to_ne_bytes()),
        _ => interleave_as(&planes, &mut data, |v| v.to_ne_bytes()),
    }
    Ok(Decoded {
        data,
        width,
        height,
        components: count as u32,
        bytes_per_sample: bytes,
        precision,
        signed: comps[0].sgnd != 0,
        rgb: false,
    })
}

/// Component planes of i32 samples into `out`, pixel interleaved, each sample
/// truncated to the width `to_bytes` gives (two's complement, as OpenJPEG's
/// own writers truncate).
fn interleave_as<const N: usize>(
    planes: &[&[i32]],
    out: &mut [u8],
    to_bytes: impl Fn(i32) -> [u8; N],
) {
    let count = planes.len();
    if count == 1 {
        for (o, &v) in out.chunks_exact_mut(N).zip(planes[0]) {
            o.copy_from_slice(&to_bytes(v));
        }
        return;
    }
    for (p, pixel) in out.chunks_exact_mut(count * N).enumerate() {
        for (o, plane) in pixel.chunks_exact_mut(N).zip(planes) {
            o.copy_from_slice(&to_bytes(plane[p]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::j2k_encode;
    use super::high_throughput;

    #[test]
    fn high_throughput_codestreams_are_told_by_their_cap_segment() {
        // SOC, SIZ (length 4), CAP (length 4), SOT: Part 15.
        let ht = [
            0xFF, 0x4F, 0xFF, 0x51, 0, 4, 1, 2, 0xFF, 0x50, 0, 4, 3, 4, 0xFF, 0x90, 0, 10,
        ];
        assert!(high_throughput(&ht));
        // The same without CAP, CAP only after the first tile part, cut short,
        // a wrapped (JP2) or absent codestream: Part 1 or not told.
        let mut part1 = ht;
        part1[9] = 0x52; // COD
        assert!(!high_throughput(&part1));
        let late = [0xFF, 0x4F, 0xFF, 0x90, 0, 4, 0, 0, 0xFF, 0x50, 0, 4, 0, 0];
        assert!(!high_throughput(&late));
        assert!(!high_throughput(&ht[..9]));
        assert!(!high_throughput(b"\0\0\0\x0cjP  \r\n\x87\n"));
        assert!(!high_throughput(&[]));
        let samples = [7u8; 64 * 32];
        let frame = j2k_encode::Frame {
            samples: &samples,
            width: 64,
            height: 32,
            components: 1,
            bits: 8,
            signed: false,
            mct: false,
            ratios: &[],
            psnr: &[],
        };
        assert!(!high_throughput(&j2k_encode::encode(&frame).unwrap()));
    }
}
