//! JPEG lossless (ITU T.81 process 14, any predictor, 2-16 bits) by jpeg-decoder.
//! DCT frames (baseline, extended) are refused: the crate cannot decode 12-bit
//! DCT, and its output without colour conversion differs from libjpeg's.

use jpeg_decoder::{ColorTransform, Decoder, PixelFormat};

use super::{markers, CodecError, Decoded};

const LOSSLESS_HUFFMAN: u8 = 0xC3;

pub fn decode(src: &[u8]) -> Result<Decoded, CodecError> {
    let found = markers::jpeg_parameters(src);
    if found.frame_marker.is_some_and(|m| m != LOSSLESS_HUFFMAN) {
        return Err(CodecError(format!(
            "JPEG: only lossless (process 14) frames are decoded here, not SOF{}",
            found.frame_marker.unwrap_or(0) & 0x0F
        )));
    }
    let mut decoder = Decoder::new(src);
    // The components as coded: pydicom converts YBR to RGB itself.
    decoder.set_color_transform(ColorTransform::None);
    let data = decoder
        .decode()
        .map_err(|e| CodecError(format!("JPEG: {e}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| CodecError("JPEG: no frame header".into()))?;
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
    Ok(Decoded {
        bytes_per_sample: data.len() / pixels,
        data,
        width: info.width as u32,
        height: info.height as u32,
        components: components as u32,
        precision,
        signed: false,
    })
}
