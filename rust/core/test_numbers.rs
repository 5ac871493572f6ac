//! Reproducible pseudo-random numbers for the tests (xorshift64), without a
//! dependency: random blocks, segments and rows to compare against plain rules.

/// The xorshift64 sequence from `seed` (which must not be 0).
pub fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
