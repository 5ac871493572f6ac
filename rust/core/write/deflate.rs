//! Deflated Explicit VR Little Endian (PS3.5 A.5): the dataset after the file meta
//! is deflated as a whole.

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::Compression;

/// Raw deflate (no zlib header) at zlib's default level, padded to even length.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(6));
    enc.write_all(data).expect("writing to a Vec cannot fail");
    let mut out = enc.finish().expect("writing to a Vec cannot fail");
    if out.len() % 2 == 1 {
        out.push(0);
    }
    out
}
