//! Deflated Image Frame Compression (PS3.5 8.2.16, 1.2.840.10008.1.2.8.1): each
//! frame's native little-endian bytes (packed per frame when Bits Allocated is
//! 1) as one raw Deflate stream (RFC 1951), by flate2.

use std::io::Write;

use flate2::{write::DeflateEncoder, Compression, Decompress, FlushDecompress, Status};

use super::{CodecError, DecodeOptions, Decoded};

/// The frame's bytes. Inflating stops past what `max_samples` samples of up to
/// 8 bytes can fill, so a deflate bomb costs no more than a real frame; the
/// caller checks the length against the Image Pixel module.
pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    let limit = usize::try_from(options.max_samples.saturating_mul(8).saturating_add(1))
        .unwrap_or(usize::MAX);
    let mut inflater = Decompress::new(false);
    let mut data = Vec::with_capacity(limit.min(src.len().saturating_mul(4)).min(1 << 26));
    loop {
        if data.len() == data.capacity() {
            if data.len() >= limit {
                break; // past what the frame can hold: the caller reports the size
            }
            data.reserve((data.len().max(1 << 16)).min(limit - data.len()));
        }
        let read = inflater.total_in() as usize;
        let status = inflater
            .decompress_vec(
                &src[read.min(src.len())..],
                &mut data,
                FlushDecompress::Finish,
            )
            .map_err(|e| CodecError(format!("Deflate: {e}")))?;
        match status {
            Status::StreamEnd => break,
            Status::Ok => {}
            // No progress with room to spare: the input ended before the stream did.
            Status::BufError if data.len() < data.capacity() => {
                return Err(CodecError(format!(
                    "Deflate: the stream ends early (after {} bytes in, {} out)",
                    inflater.total_in(),
                    data.len()
                )));
            }
            Status::BufError => {}
        }
    }
    data.truncate(limit);
    Ok(Decoded {
        // No samples to describe: the byte count stands as the width, so frames
        // of different lengths are refused like frames of different sizes.
        width: u32::try_from(data.len()).unwrap_or(u32::MAX),
        data,
        height: 0,
        components: 0,
        bytes_per_sample: 1,
        precision: 0,
        signed: false,
        rgb: false,
    })
}

/// One frame as a raw Deflate stream (zlib's default level).
pub fn encode(frame: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(frame)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}
