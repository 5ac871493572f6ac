//! 16-bit samples split into a plane of low bytes and a plane of high bytes, and
//! joined back: RLE keeps each byte of a sample in its own segment. The compiler
//! does not vectorise these byte shuffles, so on x86-64 they use SSE2 (part of
//! every x86-64 CPU), 16 samples at a time.

use std::cell::RefCell;
use std::mem::MaybeUninit;

/// Scratch buffers larger than this are not kept between frames.
const KEPT_SCRATCH: usize = 16 << 20;

thread_local! {
    /// Each thread's scratch planes, reused from frame to frame.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Run `f` on a scratch buffer of `len` bytes holding whatever the thread's last
/// frame left there: callers overwrite it whole before reading it.
pub fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [u8]) -> R) -> R {
    if len > KEPT_SCRATCH {
        return f(&mut vec![0u8; len]);
    }
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        if scratch.len() < len {
            scratch.resize(len, 0);
        }
        f(&mut scratch[..len])
    })
}

/// Split little-endian byte pairs: `low[i] = pairs[2i]`, `high[i] = pairs[2i + 1]`.
pub fn split_pairs(pairs: &[u8], low: &mut [u8], high: &mut [u8]) {
    let count = (pairs.len() / 2).min(low.len()).min(high.len());
    let done = simd::split_pairs(&pairs[..2 * count], &mut low[..count], &mut high[..count]);
    for i in done..count {
        low[i] = pairs[2 * i];
        high[i] = pairs[2 * i + 1];
    }
}

/// Join planes into little-endian byte pairs: `out[2i] = low[i]`, `out[2i + 1] = high[i]`.
pub fn join_pairs(low: &[u8], high: &[u8], out: &mut [MaybeUninit<u8>]) {
    let count = (out.len() / 2).min(low.len()).min(high.len());
    let done = simd::join_pairs(&low[..count], &high[..count], &mut out[..2 * count]);
    for i in done..count {
        out[2 * i].write(low[i]);
        out[2 * i + 1].write(high[i]);
    }
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::*;
    use std::mem::MaybeUninit;

    /// The whole blocks of 16 pairs; returns how many pairs were done.
    pub fn split_pairs(pairs: &[u8], low: &mut [u8], high: &mut [u8]) -> usize {
        let blocks = low.len() / 16;
        // SAFETY: SSE2 is part of x86-64; block b reads pairs[32b..32b+32] and writes
        // low/high[16b..16b+16], all within the slices (checked lengths above).
        unsafe {
            let mask = _mm_set1_epi16(0x00ff);
            for b in 0..blocks {
                let src = pairs.as_ptr().add(32 * b) as *const __m128i;
                let (first, second) = (_mm_loadu_si128(src), _mm_loadu_si128(src.add(1)));
                let lows =
                    _mm_packus_epi16(_mm_and_si128(first, mask), _mm_and_si128(second, mask));
                let highs = _mm_packus_epi16(_mm_srli_epi16(first, 8), _mm_srli_epi16(second, 8));
                _mm_storeu_si128(low.as_mut_ptr().add(16 * b) as *mut __m128i, lows);
                _mm_storeu_si128(high.as_mut_ptr().add(16 * b) as *mut __m128i, highs);
            }
        }
        blocks * 16
    }

    /// The whole blocks of 16 pairs; returns how many pairs were done.
    pub fn join_pairs(low: &[u8], high: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
        let blocks = low.len() / 16;
        // SAFETY: SSE2 is part of x86-64; block b reads low/high[16b..16b+16] and
        // writes out[32b..32b+32], all within the slices.
        unsafe {
            for b in 0..blocks {
                let lows = _mm_loadu_si128(low.as_ptr().add(16 * b) as *const __m128i);
                let highs = _mm_loadu_si128(high.as_ptr().add(16 * b) as *const __m128i);
                let dst = out.as_mut_ptr().add(32 * b) as *mut __m128i;
                _mm_storeu_si128(dst, _mm_unpacklo_epi8(lows, highs));
                _mm_storeu_si128(dst.add(1), _mm_unpackhi_epi8(lows, highs));
            }
        }
        blocks * 16
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod simd {
    use std::mem::MaybeUninit;

    /// Elsewhere the plain loops of the callers do all the pairs.
    pub fn split_pairs(_: &[u8], _: &mut [u8], _: &mut [u8]) -> usize {
        0
    }

    pub fn join_pairs(_: &[u8], _: &[u8], _: &mut [MaybeUninit<u8>]) -> usize {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_join_are_inverse_at_every_length() {
        for count in [0, 1, 15, 16, 17, 31, 32, 33, 100] {
            let pairs: Vec<u8> = (0..2 * count).map(|i| (i * 7 + 3) as u8).collect();
            let (mut low, mut high) = (vec![0; count], vec![0; count]);
            split_pairs(&pairs, &mut low, &mut high);
            for i in 0..count {
                assert_eq!((low[i], high[i]), (pairs[2 * i], pairs[2 * i + 1]));
            }
            let mut joined = vec![MaybeUninit::new(0u8); 2 * count];
            join_pairs(&low, &high, &mut joined);
            // SAFETY: every element was initialised above.
            let joined: Vec<u8> = joined.iter().map(|b| unsafe { b.assume_init() }).collect();
            assert_eq!(joined, pairs);
        }
    }
}
