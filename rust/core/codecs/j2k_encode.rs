//! JPEG 2000 encoding by OpenJPEG with the parameters pylibjpeg-openjpeg uses
//! for pydicom: OpenJPEG's defaults (6 resolutions, 64x64 code blocks, LRCP, one
//! reversible layer), a bare codestream, the colour transform only for RGB
//! samples marked as such, and for lossy data the 9-7 wavelet with a layer per
//! compression ratio or PSNR.

use std::ffi::c_void;

use openjpeg_sys as opj;

use super::j2k::{fail, Session};
use super::CodecError;

/// One frame to encode: pixel-interleaved samples of 1 byte (up to 8 bits),
/// 2 (up to 16) or 4 (up to 24), little endian.
pub struct Frame<'a> {
    pub samples: &'a [u8],
    pub width: u32,
    pub height: u32,
    pub components: u32,
    pub bits: u8,
    pub signed: bool,
    /// The samples are RGB to be stored with the multiple-component transform
    /// (Photometric Interpretation YBR_RCT / YBR_ICT).
    pub mct: bool,
    /// Lossy: a compression ratio per quality layer ...
    pub ratios: &'a [f32],
    /// ... or a peak signal-to-noise ratio per layer. Both empty: lossless.
    pub psnr: &'a [f32],
}

/// The codestream being written: OpenJPEG pushes into it through callbacks.
struct Writer {
    out: Vec<u8>,
    pos: usize,
}

unsafe extern "C" fn write(buffer: *mut c_void, count: usize, user: *mut c_void) -> usize {
    let writer = &mut *(user as *mut Writer);
    let bytes = std::slice::from_raw_parts(buffer as *const u8, count);
    let end = writer.pos + count;
    if writer.out.len() < end {
        writer.out.resize(end, 0);
    }
    writer.out[writer.pos..end].copy_from_slice(bytes);
    writer.pos = end;
    count
}

unsafe extern "C" fn skip(count: i64, user: *mut c_void) -> i64 {
    let writer = &mut *(user as *mut Writer);
    let Ok(to) = usize::try_from(writer.pos as i64 + count) else {
        return -1;
    };
    if writer.out.len() < to {
        writer.out.resize(to, 0);
    }
    writer.pos = to;
    count
}

unsafe extern "C" fn seek(to: i64, user: *mut c_void) -> i32 {
    let writer = &mut *(user as *mut Writer);
    match usize::try_from(to) {
        Ok(to) => {
            if writer.out.len() < to {
                writer.out.resize(to, 0);
            }
            writer.pos = to;
            1
        }
        Err(_) => 0,
    }
}

pub fn encode(frame: &Frame<'_>) -> Result<Vec<u8>, CodecError> {
    let bytes = match frame.bits {
        1..=8 => 1,
        9..=16 => 2,
        17..=24 => 4,
        _ => {
            return Err(CodecError(format!(
                "JPEG 2000: {} bits per sample are not supported",
                frame.bits
            )))
        }
    };
    let (w, h, n) = (
        frame.width as usize,
        frame.height as usize,
        frame.components as usize,
    );
    if !matches!(n, 1 | 3 | 4) || w == 0 || h == 0 || frame.samples.len() != w * h * n * bytes {
        return Err(CodecError(
            "JPEG 2000: the samples do not match the frame's size".into(),
        ));
    }
    if frame.ratios.len() > 100 || frame.psnr.len() > 100 {
        return Err(CodecError("JPEG 2000: at most 100 quality layers".into()));
    }
    let mut writer = Writer {
        out: Vec::new(),
        pos: 0,
    };
    let mut last_error = String::new();
    // SAFETY: the codec, stream and image live in `session` and are freed by it;
    // component data is written within w x h per component; the callbacks get
    // `writer` and `last_error`, which outlive the session.
    unsafe {
        let mut params: opj::opj_cparameters_t = std::mem::zeroed();
        opj::opj_set_default_encoder_parameters(&mut params);
        params.tcp_mct = (frame.mct && n == 3) as _;
        params.cod_format = 0;
        if !frame.ratios.is_empty() {
            params.irreversible = 1;
            params.cp_disto_alloc = 1;
            params.tcp_numlayers = frame.ratios.len() as i32;
            params.tcp_rates[..frame.ratios.len()].copy_from_slice(frame.ratios);
            if frame.ratios == [1.0] {
                params.irreversible = 0;
            }
        } else if !frame.psnr.is_empty() {
            params.irreversible = 1;
            params.cp_fixed_quality = 1;
            params.tcp_numlayers = frame.psnr.len() as i32;
            params.tcp_distoratio[..frame.psnr.len()].copy_from_slice(frame.psnr);
            if frame.psnr == [0.0] {
                params.irreversible = 0;
            }
        }
        let mut parts: Vec<opj::opj_image_cmptparm_t> = (0..n)
            .map(|_| {
                let mut p: opj::opj_image_cmptparm_t = std::mem::zeroed();
                p.prec = frame.bits as u32;
                p.sgnd = frame.signed as u32;
                p.dx = 1;
                p.dy = 1;
                p.w = frame.width;
                p.h = frame.height;
                p
            })
            .collect();
        let space = if frame.mct {
            opj::COLOR_SPACE::OPJ_CLRSPC_SRGB
        } else {
            opj::COLOR_SPACE::OPJ_CLRSPC_UNSPECIFIED
        };
        let mut session = Session {
            codec: std::ptr::null_mut(),
            stream: std::ptr::null_mut(),
            image: opj::opj_image_create(n as u32, parts.as_mut_ptr(), space),
        };
        if session.image.is_null() {
            return Err(CodecError("JPEG 2000: out of memory".into()));
        }
        let image = &mut *session.image;
        image.x0 = 0;
        image.y0 = 0;
        image.x1 = frame.width;
        image.y1 = frame.height;
        let comps = std::slice::from_raw_parts_mut(image.comps, n);
        for (c, comp) in comps.iter_mut().enumerate() {
            let data = std::slice::from_raw_parts_mut(comp.data, w * h);
            for (p, value) in data.iter_mut().enumerate() {
                let at = (p * n + c) * bytes;
                let s = &frame.samples[at..at + bytes];
                *value = match (bytes, frame.signed) {
                    (1, false) => s[0] as i32,
                    (1, true) => s[0] as i8 as i32,
                    (2, false) => u16::from_le_bytes([s[0], s[1]]) as i32,
                    (2, true) => i16::from_le_bytes([s[0], s[1]]) as i32,
                    _ => i32::from_le_bytes([s[0], s[1], s[2], s[3]]),
                };
            }
        }
        session.codec = opj::opj_create_compress(opj::CODEC_FORMAT::OPJ_CODEC_J2K);
        if session.codec.is_null() {
            return Err(CodecError("JPEG 2000: out of memory".into()));
        }
        let user = &mut last_error as *mut String as *mut c_void;
        opj::opj_set_error_handler(session.codec, Some(super::j2k::on_error), user);
        if opj::opj_setup_encoder(session.codec, &mut params, session.image) == 0 {
            return Err(fail("setting up the encoder", &last_error));
        }
        session.stream = opj::opj_stream_create(1 << 20, 0);
        if session.stream.is_null() {
            return Err(CodecError("JPEG 2000: out of memory".into()));
        }
        opj::opj_stream_set_write_function(session.stream, Some(write));
        opj::opj_stream_set_skip_function(session.stream, Some(skip));
        opj::opj_stream_set_seek_function(session.stream, Some(seek));
        opj::opj_stream_set_user_data(
            session.stream,
            &mut writer as *mut Writer as *mut c_void,
            None,
        );
        if opj::opj_start_compress(session.codec, session.image, session.stream) == 0 {
            return Err(fail("starting", &last_error));
        }
        if opj::opj_encode(session.codec, session.stream) == 0 {
            return Err(fail("encoding", &last_error));
        }
        if opj::opj_end_compress(session.codec, session.stream) == 0 {
            return Err(fail("finishing", &last_error));
        }
        drop(session); // flushes the stream into `writer`
    }
    Ok(writer.out)
}
