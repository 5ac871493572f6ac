//! JPEG (ITU T.81): lossless frames (process 14, any predictor, 2-16 bits) by
//! jpeg-decoder; 8-bit DCT frames by libjpeg-turbo (`jpeg_dct`); 12-bit
//! sequential DCT frames (process 4) by `jpeg_sequential`.

use jpeg_decoder::{CodingProcess, Decoder, PixelFormat};

use super::{markers, CodecError, DecodeOptions, Decoded};

const LOSSLESS_HUFFMAN: u8 = 0xC3;

pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    let found = markers::jpeg_parameters(src);
    // Lossless frames to jpeg-decoder; everything else (DCT, or markers that
    // cannot be read) to libjpeg-turbo, which reports what is wrong.
    if found.frame_marker != Some(LOSSLESS_HUFFMAN) {
        if found.precision.is_some_and(|p| p != 8) {
            // libjpeg-turbo is built for 8 bits; the Rust decoder reads the rest
            // (or says which frames it cannot).
            return super::jpeg_sequential::decode(src, options);
        }
        return super::jpeg_dct::decode(src, options);
    }
    let mut decoder = Decoder::new(src);
    // Samples of up to 16 bits: two bytes each at most.
    decoder.set_max_decoding_buffer_size(
        usize::try_from(options.max_samples.saturating_mul(2)).unwrap_or(usize::MAX),
    );
    let data = decoder
        .decode()
        .map_err(|e| CodecError(format!("JPEG: {e}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| CodecError("JPEG: no frame header".into()))?;
    if info.coding_process != CodingProcess::Lossless {
        return Err(CodecError(
            "JPEG: the frame is not lossless after all".into(),
        ));
    }
    let components = match info.pixel_format {
        PixelFormat::L8 | PixelFormat::L16 => 1,
        PixelFormat::RGB24 => 3,
        PixelFormat::CMYK32 => 4,
    };
    let pixels = info.width as usize * info.height as usize * components;
    if pixels == 0 || data.len() % pixels != 0 {
        return Err(CodecError(
            "JPEG: the decoded size does not match the frame".into(),
        ));
    }
    let precision = found.precision.unwrap_or(8);
    let mut bytes_per_sample = data.len() / pixels;
    // jpeg-decoder gives 16-bit samples for every precision but 8; samples of
    // fewer bits take one byte, as the other decoders give them.
    let data = if bytes_per_sample == 2 && precision < 8 {
        bytes_per_sample = 1;
        data.chunks_exact(2)
            .map(|s| u16::from_ne_bytes([s[0], s[1]]) as u8)
            .collect()
    } else {
        data
    };
    Ok(Decoded {
        bytes_per_sample,
        data,
        width: info.width as u32,
        height: info.height as u32,
        components: components as u32,
        precision,
        signed: false,
        rgb: false,
    })
}
