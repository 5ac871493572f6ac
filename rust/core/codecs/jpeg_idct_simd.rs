//! libjpeg-turbo is built here without its SIMD code (that needs nasm), so its
//! accurate integer IDCT ("islow", jidctint.c) runs as plain C: a third of the
//! time of a grey frame. This is the same algorithm with AVX2, eight columns and
//! then eight rows at a time, put in libjpeg's place for the frame being decoded.
//!
//! Every output equals libjpeg's C output: the arithmetic is the same, and in
//! 32 bits it cannot overflow while every dequantized coefficient is within
//! +/-`LIMIT` (the transform's gain bounds every intermediate below 2^31; data a
//! real encoder writes stays below about 1,030). Blocks beyond that, from
//! corrupt data, go to libjpeg's own function, which computes in 64 bits.

use mozjpeg_sys::{jpeg_component_info, jpeg_decompress_struct, JSAMPARRAY};

/// The largest dequantized coefficient the 32-bit transform takes.
pub const LIMIT: i32 = 1024;

type IdctMethod = unsafe extern "C" fn(
    *mut jpeg_decompress_struct,
    *mut jpeg_component_info,
    *mut i16,
    JSAMPARRAY,
    u32,
);

/// libjpeg's `struct jpeg_inverse_dct` (jpegint.h): the IDCT of each component.
#[repr(C)]
struct InverseDct {
    start_pass: Option<unsafe extern "C" fn(*mut jpeg_decompress_struct)>,
    inverse_dct: [Option<IdctMethod>; 10],
}

extern "C" {
    /// libjpeg's C islow IDCT (jidctint.c), for the blocks the AVX2 one leaves.
    fn jpeg_idct_islow(
        cinfo: *mut jpeg_decompress_struct,
        compptr: *mut jpeg_component_info,
        coef_block: *mut i16,
        output_buf: JSAMPARRAY,
        output_col: u32,
    );
}

/// Put the AVX2 IDCT in place of libjpeg's C islow IDCT for the frame `cinfo`
/// decodes, when the CPU has AVX2. Call after `jpeg_start_decompress` (which
/// chooses each component's method).
///
/// # Safety
/// `cinfo` must be a decompressor that `jpeg_start_decompress` has set up.
pub unsafe fn install(cinfo: *mut jpeg_decompress_struct) {
    if !available() {
        return;
    }
    // The binding keeps the `idct` field private: it is the fourth of the
    // pointers that end the struct (idct, upsample, cconvert, cquantize).
    let size = std::mem::size_of::<jpeg_decompress_struct>();
    let field = (cinfo as *mut u8).add(size - 4 * std::mem::size_of::<usize>());
    let idct = *(field as *const *mut InverseDct);
    if idct.is_null() {
        return;
    }
    let islow = jpeg_idct_islow as IdctMethod as usize;
    // Only slots holding libjpeg's islow function are replaced: a wrong guess of
    // the field would find no such slot and change nothing.
    for slot in (*idct).inverse_dct.iter_mut() {
        if slot.is_some_and(|f| f as usize == islow) {
            *slot = Some(idct_islow);
        }
    }
}

/// Whether this CPU runs the AVX2 transform.
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The IDCT libjpeg calls for each block (same contract as `jpeg_idct_islow`).
unsafe extern "C" fn idct_islow(
    cinfo: *mut jpeg_decompress_struct,
    compptr: *mut jpeg_component_info,
    coef_block: *mut i16,
    output_buf: JSAMPARRAY,
    output_col: u32,
) {
    // The islow method's multipliers are the quantization table itself, in
    // natural order (jddctmgr.c copies quantval into dct_table unchanged). A
    // component without a table yet (a progressive frame missing its scans) has
    // zeroed multipliers that only libjpeg's function knows of.
    let table = (*compptr).quant_table;
    let coefficients = &*(coef_block as *const [i16; 64]);
    let mut block = [[0u8; 8]; 8];
    if !table.is_null() && avx2::transform(coefficients, &(*table).quantval, &mut block) {
        for (row, samples) in block.iter().enumerate() {
            let out = (*output_buf.add(row)).add(output_col as usize) as *mut u8;
            std::ptr::copy_nonoverlapping(samples.as_ptr(), out, 8);
        }
    } else {
        jpeg_idct_islow(cinfo, compptr, coef_block, output_buf, output_col);
    }
}

/// The transform of one block into 8x8 samples; false (nothing written) when a
/// dequantized coefficient is beyond `LIMIT` or the CPU lacks AVX2.
#[cfg_attr(not(test), allow(dead_code))]
pub fn transform(coefficients: &[i16; 64], quant: &[u16; 64], out: &mut [[u8; 8]; 8]) -> bool {
    available() && avx2::transform(coefficients, quant, out)
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::LIMIT;

    /// Callers have checked that the CPU has AVX2 (`super::available`).
    pub fn transform(coefficients: &[i16; 64], quant: &[u16; 64], out: &mut [[u8; 8]; 8]) -> bool {
        // SAFETY: only reached once AVX2 has been detected; every load and store
        // is of 16 or 8 bytes within the arrays above.
        unsafe { block(coefficients, quant, out) }
    }

    #[target_feature(enable = "avx2")]
    unsafe fn block(coefficients: &[i16; 64], quant: &[u16; 64], out: &mut [[u8; 8]; 8]) -> bool {
        // Row r of the block, one column per lane, dequantized.
        let mut x = [_mm256_setzero_si256(); 8];
        let mut beyond = _mm256_setzero_si256();
        let limit = _mm256_set1_epi32(LIMIT);
        for (r, lane) in x.iter_mut().enumerate() {
            let c = _mm256_cvtepi16_epi32(_mm_loadu_si128(coefficients.as_ptr().add(8 * r).cast()));
            let q = _mm256_cvtepu16_epi32(_mm_loadu_si128(quant.as_ptr().add(8 * r).cast()));
            *lane = _mm256_mullo_epi32(c, q);
            beyond = _mm256_or_si256(beyond, _mm256_cmpgt_epi32(_mm256_abs_epi32(*lane), limit));
        }
        if _mm256_movemask_epi8(beyond) != 0 {
            return false;
        }
        // Pass 1 down the columns (kept scaled by 2^2), pass 2 along the rows
        // (removing that and the transform's factor 8), as jidctint.c.
        let work = transpose(pass::<11>(x));
        let samples = transpose(pass::<18>(work));
        for (row, v) in out.iter_mut().zip(samples) {
            // libjpeg's range-limit table: wrap modulo 1024 into [-512, 511],
            // shift by 128, clamp to [0, 255] (the saturating packs).
            let wrapped = _mm256_sub_epi32(
                _mm256_and_si256(
                    _mm256_add_epi32(v, _mm256_set1_epi32(512)),
                    _mm256_set1_epi32(1023),
                ),
                _mm256_set1_epi32(512 - 128),
            );
            let words = _mm_packs_epi32(
                _mm256_castsi256_si128(wrapped),
                _mm256_extracti128_si256::<1>(wrapped),
            );
            _mm_storel_epi64(row.as_mut_ptr().cast(), _mm_packus_epi16(words, words));
        }
        true
    }

    /// One 1-D pass of the islow transform over eight vectors (input k of each
    /// lane's transform in vector k), outputs descaled by SHIFT bits with rounding.
    #[target_feature(enable = "avx2")]
    unsafe fn pass<const SHIFT: i32>(x: [__m256i; 8]) -> [__m256i; 8] {
        let mul = |v: __m256i, k: i32| _mm256_mullo_epi32(v, _mm256_set1_epi32(k));
        let add = |a: __m256i, b: __m256i| _mm256_add_epi32(a, b);
        let sub = |a: __m256i, b: __m256i| _mm256_sub_epi32(a, b);
        // Even part: the rotator is sqrt(2) * c(-6).
        let z1 = mul(add(x[2], x[6]), 4433);
        let tmp2 = sub(z1, mul(x[6], 15137));
        let tmp3 = add(z1, mul(x[2], 6270));
        let tmp0 = _mm256_slli_epi32::<13>(add(x[0], x[4]));
        let tmp1 = _mm256_slli_epi32::<13>(sub(x[0], x[4]));
        let even = [
            add(tmp0, tmp3),
            add(tmp1, tmp2),
            sub(tmp1, tmp2),
            sub(tmp0, tmp3),
        ];
        // Odd part.
        let (t0, t1, t2, t3) = (x[7], x[5], x[3], x[1]);
        let z5 = mul(add(add(t0, t2), add(t1, t3)), 9633);
        let z1 = mul(add(t0, t3), -7373);
        let z2 = mul(add(t1, t2), -20995);
        let z3 = add(mul(add(t0, t2), -16069), z5);
        let z4 = add(mul(add(t1, t3), -3196), z5);
        let odd = [
            add(add(mul(t3, 12299), z1), z4),
            add(add(mul(t2, 25172), z2), z3),
            add(add(mul(t1, 16819), z2), z4),
            add(add(mul(t0, 2446), z1), z3),
        ];
        let round = _mm256_set1_epi32(1 << (SHIFT - 1));
        let descale = |v: __m256i| _mm256_srai_epi32::<SHIFT>(add(v, round));
        let mut out = [_mm256_setzero_si256(); 8];
        for k in 0..4 {
            out[k] = descale(add(even[k], odd[k]));
            out[7 - k] = descale(sub(even[k], odd[k]));
        }
        out
    }

    /// The 8x8 matrix of 32-bit lanes transposed: lane c of vector r becomes lane r
    /// of vector c.
    #[target_feature(enable = "avx2")]
    unsafe fn transpose(r: [__m256i; 8]) -> [__m256i; 8] {
        let t0 = _mm256_unpacklo_epi32(r[0], r[1]);
        let t1 = _mm256_unpackhi_epi32(r[0], r[1]);
        let t2 = _mm256_unpacklo_epi32(r[2], r[3]);
        let t3 = _mm256_unpackhi_epi32(r[2], r[3]);
        let t4 = _mm256_unpacklo_epi32(r[4], r[5]);
        let t5 = _mm256_unpackhi_epi32(r[4], r[5]);
        let t6 = _mm256_unpacklo_epi32(r[6], r[7]);
        let t7 = _mm256_unpackhi_epi32(r[6], r[7]);
        // Columns (c, c + 4) of rows 0-3 in u0..u3, of rows 4-7 in u4..u7.
        let u0 = _mm256_unpacklo_epi64(t0, t2);
        let u1 = _mm256_unpackhi_epi64(t0, t2);
        let u2 = _mm256_unpacklo_epi64(t1, t3);
        let u3 = _mm256_unpackhi_epi64(t1, t3);
        let u4 = _mm256_unpacklo_epi64(t4, t6);
        let u5 = _mm256_unpackhi_epi64(t4, t6);
        let u6 = _mm256_unpacklo_epi64(t5, t7);
        let u7 = _mm256_unpackhi_epi64(t5, t7);
        [
            _mm256_permute2x128_si256::<0x20>(u0, u4),
            _mm256_permute2x128_si256::<0x20>(u1, u5),
            _mm256_permute2x128_si256::<0x20>(u2, u6),
            _mm256_permute2x128_si256::<0x20>(u3, u7),
            _mm256_permute2x128_si256::<0x31>(u0, u4),
            _mm256_permute2x128_si256::<0x31>(u1, u5),
            _mm256_permute2x128_si256::<0x31>(u2, u6),
            _mm256_permute2x128_si256::<0x31>(u3, u7),
        ]
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod avx2 {
    /// Never reached: `available` is false off x86-64.
    pub fn transform(_: &[i16; 64], _: &[u16; 64], _: &mut [[u8; 8]; 8]) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::jpeg_idct::{inverse_dct, SampleRange};
    use super::*;
    use crate::test_numbers::xorshift;

    fn libjpeg_c(coefficients: &[i16; 64], quant: &[u16; 64]) -> Vec<u16> {
        let mut out = vec![0u16; 64];
        inverse_dct(coefficients, quant, SampleRange::new(8), &mut out, 0, 8);
        out
    }

    #[test]
    fn equals_libjpegs_arithmetic_on_every_block_within_the_limit() {
        if !available() {
            return; // nothing to compare: libjpeg's own function decodes everything
        }
        let mut next = xorshift(0x1234_5678_9abc_def1);
        for trial in 0..20_000 {
            let quant: [u16; 64] = std::array::from_fn(|_| 1 + (next() % 40) as u16);
            // Sparse like real blocks, dense, or at the limit (where the
            // range-limit table's wrap-around is reached).
            let kind = trial % 3;
            let coefficients: [i16; 64] = std::array::from_fn(|i| {
                let q = quant[i] as i64;
                let most = LIMIT as i64 / q;
                let value = match kind {
                    0 if i > 10 && next() % 4 != 0 => 0,
                    2 => {
                        if next() % 2 == 0 {
                            most
                        } else {
                            -most
                        }
                    }
                    _ => (next() % (2 * most as u64 + 1)) as i64 - most,
                };
                value as i16
            });
            let mut block = [[0u8; 8]; 8];
            assert!(transform(&coefficients, &quant, &mut block));
            let ours: Vec<u16> = block.iter().flatten().map(|&s| s as u16).collect();
            assert_eq!(
                ours,
                libjpeg_c(&coefficients, &quant),
                "block {coefficients:?} quant {quant:?}"
            );
        }
    }

    #[test]
    fn leaves_blocks_beyond_the_limit_to_libjpeg() {
        if !available() {
            return;
        }
        let quant = [2u16; 64];
        let mut coefficients = [0i16; 64];
        coefficients[37] = (LIMIT / 2 + 1) as i16;
        let mut block = [[7u8; 8]; 8];
        assert!(!transform(&coefficients, &quant, &mut block));
        assert_eq!(block, [[7u8; 8]; 8]);
        coefficients[37] = -(LIMIT / 2) as i16;
        assert!(transform(&coefficients, &quant, &mut block));
    }
}
