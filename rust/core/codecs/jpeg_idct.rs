//! The inverse DCT of one 8x8 block, with libjpeg's accurate integer method
//! ("islow", jidctint.c: the Loeffler-Ligtenberg-Moschytz algorithm in 13-bit
//! fixed point), so samples come out exactly as libjpeg gives them, 8 or 12 bits.

const CONST_BITS: u32 = 13;

// The multipliers, rounded to CONST_BITS fractional bits.
const FIX_0_298631336: i64 = 2446;
const FIX_0_390180644: i64 = 3196;
const FIX_0_541196100: i64 = 4433;
const FIX_0_765366865: i64 = 6270;
const FIX_0_899976223: i64 = 7373;
const FIX_1_175875602: i64 = 9633;
const FIX_1_501321110: i64 = 12299;
const FIX_1_847759065: i64 = 15137;
const FIX_1_961570560: i64 = 16069;
const FIX_2_053119869: i64 = 16819;
const FIX_2_562915447: i64 = 20995;
const FIX_3_072711026: i64 = 25172;

/// The sample range of a precision and the limiting libjpeg applies after the
/// transform (its range-limit table, wrap-around of absurd values included).
#[derive(Debug, Clone, Copy)]
pub struct SampleRange {
    max: i32,
    center: i32,
    /// Extra bits kept between the passes: 2 for 8-bit samples, 1 for 12-bit.
    pass1_bits: u32,
}

impl SampleRange {
    pub fn new(precision: u8) -> Self {
        let max = (1i32 << precision) - 1;
        SampleRange {
            max,
            center: 1 << (precision - 1),
            pass1_bits: if precision <= 8 { 2 } else { 1 },
        }
    }

    /// The level-shifted sample for a transform output (libjpeg's
    /// `range_limit[x & RANGE_MASK]`).
    fn limit(&self, value: i64) -> u16 {
        let span = (self.max + 1) as i64;
        let x = value & (4 * span - 1);
        let center = self.center as i64;
        let sample = if x < span - center {
            x + center
        } else if x < 2 * span {
            self.max as i64
        } else if x < 4 * span - center {
            0
        } else {
            x - 4 * span + center
        };
        sample as u16
    }
}

fn descale(value: i64, bits: u32) -> i64 {
    (value + (1 << (bits - 1))) >> bits
}

/// The even and odd halves of the 1-D transform of eight inputs, as sums
/// scaled by 2^CONST_BITS: outputs k and 7-k are even[k] +/- odd[k].
fn butterfly(x: [i64; 8]) -> ([i64; 4], [i64; 4]) {
    // Even part: the rotator is sqrt(2) * c(-6).
    let z1 = (x[2] + x[6]) * FIX_0_541196100;
    let tmp2 = z1 - x[6] * FIX_1_847759065;
    let tmp3 = z1 + x[2] * FIX_0_765366865;
    let tmp0 = (x[0] + x[4]) << CONST_BITS;
    let tmp1 = (x[0] - x[4]) << CONST_BITS;
    let even = [tmp0 + tmp3, tmp1 + tmp2, tmp1 - tmp2, tmp0 - tmp3];

    // Odd part, per figure 8 of the paper with c(i) = cos(i*pi/16).
    let (t0, t1, t2, t3) = (x[7], x[5], x[3], x[1]);
    let z5 = (t0 + t2 + t1 + t3) * FIX_1_175875602;
    let z1 = (t0 + t3) * -FIX_0_899976223;
    let z2 = (t1 + t2) * -FIX_2_562915447;
    let z3 = (t0 + t2) * -FIX_1_961570560 + z5;
    let z4 = (t1 + t3) * -FIX_0_390180644 + z5;
    let odd = [
        t3 * FIX_1_501321110 + z1 + z4,
        t2 * FIX_3_072711026 + z2 + z3,
        t1 * FIX_2_053119869 + z2 + z4,
        t0 * FIX_0_298631336 + z1 + z3,
    ];
    (even, odd)
}

/// Dequantize `coefficients` (natural order) with `quant` and write the 8x8
/// samples to `out` at `offset`, rows `stride` apart.
pub fn inverse_dct(
    coefficients: &[i16; 64],
    quant: &[u16; 64],
    range: SampleRange,
    out: &mut [u16],
    offset: usize,
    stride: usize,
) {
    let pass1 = range.pass1_bits;
    let mut work = [0i32; 64];
    // Pass 1: columns, results scaled up by 2^pass1.
    for column in 0..8 {
        let x: [i64; 8] = std::array::from_fn(|row| {
            coefficients[row * 8 + column] as i64 * quant[row * 8 + column] as i64
        });
        let (even, odd) = butterfly(x);
        for k in 0..4 {
            work[k * 8 + column] = descale(even[k] + odd[k], CONST_BITS - pass1) as i32;
            work[(7 - k) * 8 + column] = descale(even[k] - odd[k], CONST_BITS - pass1) as i32;
        }
    }
    // Pass 2: rows, removing the scaling and the factor 8 of the transform.
    let shift = CONST_BITS + pass1 + 3;
    for row in 0..8 {
        let x: [i64; 8] = std::array::from_fn(|i| work[row * 8 + i] as i64);
        let (even, odd) = butterfly(x);
        let line = &mut out[offset + row * stride..offset + row * stride + 8];
        for k in 0..4 {
            line[k] = range.limit(descale(even[k] + odd[k], shift));
            line[7 - k] = range.limit(descale(even[k] - odd[k], shift));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dc_only_block_is_flat_at_the_level_shifted_mean() {
        let mut coefficients = [0i16; 64];
        coefficients[0] = 80; // x 1 quant: mean 80 / 8 = 10 above the centre
        let quant = [1u16; 64];
        let mut out = vec![0u16; 64];
        inverse_dct(&coefficients, &quant, SampleRange::new(8), &mut out, 0, 8);
        assert!(out.iter().all(|&s| s == 138));
        inverse_dct(&coefficients, &quant, SampleRange::new(12), &mut out, 0, 8);
        assert!(out.iter().all(|&s| s == 2058));
    }

    #[test]
    fn out_of_range_values_are_limited_as_libjpeg_limits_them() {
        let range = SampleRange::new(8);
        assert_eq!(range.limit(-128), 0);
        assert_eq!(range.limit(-129), 0);
        assert_eq!(range.limit(127), 255);
        assert_eq!(range.limit(500), 255);
        // Past twice the range the table wraps (only corrupt data gets there).
        assert_eq!(range.limit(1024 - 1), 127);
        let range = SampleRange::new(12);
        assert_eq!(range.limit(-2048), 0);
        assert_eq!(range.limit(2047), 4095);
        assert_eq!(range.limit(0), 2048);
    }
}
