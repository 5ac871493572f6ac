//! JPEG-LS (ITU T.87) lossless and near-lossless, by CharLS.

use charls_sys as charls;

use super::{bytes_for, check_size, interleave, markers, CodecError, DecodeOptions, Decoded};

/// Frees the CharLS decoder however decoding ends.
struct Decoder(*mut charls::charls_jpegls_decoder);

impl Drop for Decoder {
    fn drop(&mut self) {
        // SAFETY: created by charls_jpegls_decoder_create, destroyed once.
        unsafe { charls::charls_jpegls_decoder_destroy(self.0) }
    }
}

fn check(code: charls::charls_jpegls_errc, step: &str) -> Result<(), CodecError> {
    if code == 0 {
        return Ok(());
    }
    // SAFETY: CharLS returns a static, NUL-terminated message for every code.
    let message = unsafe { std::ffi::CStr::from_ptr(charls::charls_get_error_message(code)) };
    Err(CodecError(format!(
        "JPEG-LS: {step}: {} (CharLS error {code})",
        message.to_string_lossy()
    )))
}

/// The most zero bytes between a scan's data and the end-of-image marker that
/// are taken for padding.
const MAX_PADDING: usize = 8;

pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    let first = match decode_once(src, options) {
        Err((
            charls::charls_jpegls_errc_jpeg_marker_start_byte_not_found
            | charls::charls_jpegls_errc_too_much_encoded_data,
            error,
        )) => error,
        other => return other.map_err(|(_, e)| e),
    };
    // Some encoders leave zero bytes between the scan's data and EOI (the DICOM
    // WG04 MR1_JLSL sample has one), which CharLS since 2.3 refuses and libjpeg
    // reads past. Take them away one by one, nearest the data last.
    let Some(eoi) = end_of_image(src) else {
        return Err(first);
    };
    let mut trimmed = src[..eoi + 2].to_vec();
    for _ in 0..MAX_PADDING {
        let at = trimmed.len() - 2;
        if at == 0 || trimmed[at - 1] != 0 {
            break;
        }
        trimmed.remove(at - 1);
        if let Ok(decoded) = decode_once(&trimmed, options) {
            return Ok(decoded);
        }
    }
    Err(first)
}

/// Where the EOI marker is, when it ends the frame (zero bytes may follow it:
/// the padding to an even length).
fn end_of_image(src: &[u8]) -> Option<usize> {
    let end = src.len()
        - src
            .iter()
            .rev()
            .take_while(|&&b| b == 0)
            .count()
            .min(MAX_PADDING);
    (end >= 2 && src[end - 2..end] == [0xFF, 0xD9]).then(|| end - 2)
}

fn decode_once(
    src: &[u8],
    options: DecodeOptions,
) -> Result<Decoded, (charls::charls_jpegls_errc, CodecError)> {
    let check = |code, step| check(code, step).map_err(|e| (code, e));
    // SAFETY: every call below gets the decoder created here (non-null, checked)
    // and buffers whose sizes are passed with them; CharLS checks its input.
    unsafe {
        let decoder = Decoder(charls::charls_jpegls_decoder_create());
        if decoder.0.is_null() {
            return Err((0, CodecError("JPEG-LS: out of memory".into())));
        }
        check(
            charls::charls_jpegls_decoder_set_source_buffer(
                decoder.0,
                src.as_ptr().cast(),
                src.len(),
            ),
            "source",
        )?;
        check(
            charls::charls_jpegls_decoder_read_header(decoder.0),
            "header",
        )?;
        let mut frame = charls::charls_frame_info {
            width: 0,
            height: 0,
            bits_per_sample: 0,
            component_count: 0,
        };
        check(
            charls::charls_jpegls_decoder_get_frame_info(decoder.0, &mut frame),
            "frame info",
        )?;
        check_size(
            "JPEG-LS",
            frame.width as u64,
            frame.height as u64,
            frame.component_count.max(0) as u64,
            options,
        )
        .map_err(|e| (0, e))?;
        let mut size = 0usize;
        check(
            charls::charls_jpegls_decoder_get_destination_size(decoder.0, 0, &mut size),
            "size",
        )?;
        let mut data = vec![0u8; size];
        check(
            charls::charls_jpegls_decoder_decode_to_buffer(
                decoder.0,
                data.as_mut_ptr().cast(),
                size,
                0,
            ),
            "decode",
        )?;
        let precision = frame.bits_per_sample as u8;
        let bytes_per_sample = bytes_for(precision);
        let components = frame.component_count as usize;
        // Interleave mode "none" comes out plane by plane.
        if components > 1 && markers::jpeg_parameters(src).interleave_mode == Some(0) {
            data = interleave(&data, components, bytes_per_sample);
        }
        Ok(Decoded {
            data,
            width: frame.width,
            height: frame.height,
            components: components as u32,
            bytes_per_sample,
            precision,
            signed: false,
            rgb: false,
        })
    }
}

/// Frees the CharLS encoder however encoding ends.
struct Encoder(*mut charls::charls_jpegls_encoder);

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: created by charls_jpegls_encoder_create, destroyed once.
        unsafe { charls::charls_jpegls_encoder_destroy(self.0) }
    }
}

/// What to encode: samples of 1 byte each up to 8 bits, else 2, laid out as the
/// interleave mode says (0: plane by plane, 1: line by line, 2: pixel by pixel).
pub struct Frame<'a> {
    pub samples: &'a [u8],
    pub width: u32,
    pub height: u32,
    pub components: u32,
    pub bits: u8,
    pub interleave: u8,
}

/// Encode one frame; `near` 0 is lossless.
pub fn encode(frame: &Frame<'_>, near: i32) -> Result<Vec<u8>, CodecError> {
    // CharLS's size estimate can be short for noise-like data (as pyjpegls finds
    // too); then try again with room for twice the raw samples.
    match encode_into(frame, near, None) {
        Err((charls::charls_jpegls_errc_destination_buffer_too_small, _)) => {
            encode_into(frame, near, Some(frame.samples.len() * 2 + 4096)).map_err(|(_, e)| e)
        }
        other => other.map_err(|(_, e)| e),
    }
}

/// Encode into a buffer of `size` bytes (CharLS's estimate when None); errors
/// carry CharLS's code.
fn encode_into(
    frame: &Frame<'_>,
    near: i32,
    size: Option<usize>,
) -> Result<Vec<u8>, (charls::charls_jpegls_errc, CodecError)> {
    let info = charls::charls_frame_info {
        width: frame.width,
        height: frame.height,
        bits_per_sample: frame.bits as i32,
        component_count: frame.components as i32,
    };
    let step = |code, what| check(code, what).map_err(|e| (code, e));
    // SAFETY: the encoder is created here and checked; buffers are passed with
    // their sizes, and CharLS checks the frame against them.
    unsafe {
        let encoder = Encoder(charls::charls_jpegls_encoder_create());
        if encoder.0.is_null() {
            return Err((0, CodecError("JPEG-LS: out of memory".into())));
        }
        step(
            charls::charls_jpegls_encoder_set_frame_info(encoder.0, &info),
            "frame info",
        )?;
        step(
            charls::charls_jpegls_encoder_set_near_lossless(encoder.0, near),
            "NEAR",
        )?;
        if frame.components > 1 {
            let mode = match frame.interleave {
                0 => charls::charls_interleave_mode_none,
                1 => charls::charls_interleave_mode_line,
                _ => charls::charls_interleave_mode_sample,
            };
            step(
                charls::charls_jpegls_encoder_set_interleave_mode(encoder.0, mode),
                "interleave mode",
            )?;
        }
        let mut estimate = 0usize;
        step(
            charls::charls_jpegls_encoder_get_estimated_destination_size(encoder.0, &mut estimate),
            "size",
        )?;
        let size = size.unwrap_or(estimate);
        let mut out = vec![0u8; size];
        step(
            charls::charls_jpegls_encoder_set_destination_buffer(
                encoder.0,
                out.as_mut_ptr().cast(),
                size,
            ),
            "destination",
        )?;
        step(
            charls::charls_jpegls_encoder_encode_from_buffer(
                encoder.0,
                frame.samples.as_ptr().cast(),
                frame.samples.len(),
                0,
            ),
            "encode",
        )?;
        let mut written = 0usize;
        step(
            charls::charls_jpegls_encoder_get_bytes_written(encoder.0, &mut written),
            "size",
        )?;
        out.truncate(written);
        Ok(out)
    }
}
