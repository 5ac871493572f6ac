//! Native (uncompressed) pixel data on its way into an array: one copy, with what
//! must change on the way done in the same pass.

/// How the bytes of native pixel data become the array's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// As they are.
    Plain,
    /// 8-bit data written as OW in big endian: each pair of bytes is swapped.
    SwappedPairs,
    /// Bits Allocated 1: one byte per pixel from the packed bits (least
    /// significant bit first), starting `bit_offset` bits into the data.
    PackedBits { bit_offset: usize, count: usize },
    /// YBR_FULL_422: every two pixels (Y1 Y2 Cb Cr) become (Y1 Cb Cr Y2 Cb Cr).
    Ybr422 { bytes_per_sample: usize },
}

/// Bits Stored smaller than Bits Allocated: what the unused high bits become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnusedBits {
    pub bytes_per_sample: usize,
    pub bits_stored: u32,
    pub signed: bool,
    pub big_endian: bool,
}

/// Copy `src` into a new buffer laid out for the array, then clear (or sign
/// extend into) the unused bits when asked.
pub fn convert(src: &[u8], layout: Layout, unused: Option<UnusedBits>) -> Vec<u8> {
    let mut out = match layout {
        Layout::Plain => {
            if let Some(bits) = unused {
                if bits.bytes_per_sample == 2 && !bits.big_endian {
                    return copy_correct_u16_le(src, bits);
                }
            }
            src.to_vec()
        }
        Layout::SwappedPairs => swap_pairs(src),
        Layout::PackedBits { bit_offset, count } => unpack_bits(src, bit_offset, count),
        Layout::Ybr422 { bytes_per_sample } => expand_ybr422(src, bytes_per_sample),
    };
    if let Some(bits) = unused {
        correct_unused_bits(&mut out, bits);
    }
    out
}

/// Pairs of bytes swapped; an odd last byte is kept as it is.
pub fn swap_pairs(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len());
    let mut pairs = src.chunks_exact(2);
    for pair in &mut pairs {
        out.push(pair[1]);
        out.push(pair[0]);
    }
    out.extend_from_slice(pairs.remainder());
    out
}

/// `count` pixels of one byte each (0 or 1) from bits packed least significant
/// first, starting `bit_offset` bits in. Bits past the end of `src` are 0.
pub fn unpack_bits(src: &[u8], bit_offset: usize, count: usize) -> Vec<u8> {
    let available = src.len().saturating_mul(8).saturating_sub(bit_offset);
    let mut out = vec![0u8; count];
    for (i, value) in out.iter_mut().enumerate().take(available.min(count)) {
        let bit = bit_offset + i;
        *value = (src[bit / 8] >> (bit % 8)) & 1;
    }
    out
}

/// Pack 0/1 values into bytes, least significant bit first; a last partial byte is
/// filled with zero bits.
pub fn pack_bits(values: &[u8]) -> Vec<u8> {
    values
        .chunks(8)
        .map(|chunk| {
            chunk
                .iter()
                .enumerate()
                .fold(0u8, |acc, (i, &v)| acc | (((v != 0) as u8) << i))
        })
        .collect()
}

/// YBR_FULL_422 (two luminance samples sharing one pair of chroma samples) to one
/// full set of samples per pixel.
pub fn expand_ybr422(src: &[u8], bytes_per_sample: usize) -> Vec<u8> {
    let n = bytes_per_sample.max(1);
    let group = 4 * n;
    let groups = src.len() / group;
    let mut out = Vec::with_capacity(groups * 6 * n);
    for g in src.chunks_exact(group) {
        let (y1, y2, cb, cr) = (&g[..n], &g[n..2 * n], &g[2 * n..3 * n], &g[3 * n..]);
        for part in [y1, cb, cr, y2, cb, cr] {
            out.extend_from_slice(part);
        }
    }
    out
}

/// Keep the low `bits_stored` bits of every sample: the rest become 0 (unsigned)
/// or copies of the sign bit (signed).
pub fn correct_unused_bits(buf: &mut [u8], bits: UnusedBits) {
    let width = bits.bytes_per_sample;
    if width == 0 || width > 8 || bits.bits_stored as usize >= width * 8 {
        return;
    }
    if width == 2 && !bits.big_endian {
        // The common case, in a loop the compiler vectorises.
        let shift = 16 - bits.bits_stored;
        for pair in buf.chunks_exact_mut(2) {
            let v = u16::from_le_bytes([pair[0], pair[1]]);
            let fixed = if bits.signed {
                (((v << shift) as i16) >> shift) as u16
            } else {
                (v << shift) >> shift
            };
            pair.copy_from_slice(&fixed.to_le_bytes());
        }
        return;
    }
    let shift = 64 - bits.bits_stored;
    for sample in buf.chunks_exact_mut(width) {
        let mut raw = [0u8; 8];
        if bits.big_endian {
            raw[8 - width..].copy_from_slice(sample);
        } else {
            raw[..width].copy_from_slice(sample);
        }
        let value = if bits.big_endian {
            u64::from_be_bytes(raw)
        } else {
            u64::from_le_bytes(raw)
        };
        let fixed = if bits.signed {
            (((value << shift) as i64) >> shift) as u64
        } else {
            (value << shift) >> shift
        };
        if bits.big_endian {
            sample.copy_from_slice(&fixed.to_be_bytes()[8 - width..]);
        } else {
            sample.copy_from_slice(&fixed.to_le_bytes()[..width]);
        }
    }
}

/// The common case in one pass: 16-bit little-endian samples copied and corrected.
fn copy_correct_u16_le(src: &[u8], bits: UnusedBits) -> Vec<u8> {
    let shift = 16 - bits.bits_stored.min(16);
    let mut out = Vec::with_capacity(src.len());
    let mut pairs = src.chunks_exact(2);
    if bits.signed {
        for pair in &mut pairs {
            let v = i16::from_le_bytes([pair[0], pair[1]]);
            out.extend_from_slice(&((v << shift) >> shift).to_le_bytes());
        }
    } else {
        for pair in &mut pairs {
            let v = u16::from_le_bytes([pair[0], pair[1]]);
            out.extend_from_slice(&((v << shift) >> shift).to_le_bytes());
        }
    }
    out.extend_from_slice(pairs.remainder());
    out
}
