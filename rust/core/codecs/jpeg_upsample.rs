//! Subsampled JPEG components brought to full size as libjpeg does it with
//! "fancy" upsampling (jdsample.c): triangle filters for factors of two,
//! replication for other integral factors, and the same edge handling.

/// One component's decoded samples.
pub struct Plane<'a> {
    pub samples: &'a [u16],
    /// Distance between rows in `samples`.
    pub stride: usize,
    /// The component's own size (`downsampled_width` / `_height`).
    pub width: usize,
    pub height: usize,
}

impl Plane<'_> {
    fn row(&self, y: usize) -> &[u16] {
        // Rows past either edge repeat the edge row (libjpeg's context rows).
        let y = y.min(self.height - 1);
        &self.samples[y * self.stride..y * self.stride + self.width]
    }
}

/// Write `plane` upsampled by (`h`, `v`) into component `component` of the
/// interleaved `out`, `width` x `height` pixels of `components` samples each.
pub fn upsample_into(
    plane: &Plane,
    (h, v): (usize, usize),
    out: &mut [u16],
    (width, height, components, component): (usize, usize, usize, usize),
) {
    let mut line = vec![0u16; plane.width * h];
    for y in 0..height {
        let (source_row, phase) = (y / v, y % v);
        match (h, v) {
            (1, 1) => line.copy_from_slice(plane.row(source_row)),
            (2, 1) if plane.width > 2 => h2v1_fancy(plane.row(source_row), &mut line),
            (1, 2) => v2_fancy(plane, source_row, phase, &mut line),
            (2, 2) if plane.width > 2 => h2v2_fancy(plane, source_row, phase, &mut line),
            _ => replicate(plane.row(source_row), h, &mut line),
        }
        let pixels =
            out[y * width * components..(y + 1) * width * components].chunks_exact_mut(components);
        for (pixel, &sample) in pixels.zip(&line) {
            pixel[component] = sample;
        }
    }
}

fn replicate(row: &[u16], h: usize, line: &mut [u16]) {
    for (chunk, &sample) in line.chunks_exact_mut(h).zip(row) {
        chunk.fill(sample);
    }
}

/// 3/4 of the nearer sample and 1/4 of the further one, rounding alternately
/// down and up (h2v1_fancy_upsample).
fn h2v1_fancy(row: &[u16], line: &mut [u16]) {
    let n = row.len();
    let s = |i: usize| row[i] as u32;
    line[0] = row[0];
    line[1] = ((s(0) * 3 + s(1) + 2) >> 2) as u16;
    for i in 1..n - 1 {
        line[2 * i] = ((s(i) * 3 + s(i - 1) + 1) >> 2) as u16;
        line[2 * i + 1] = ((s(i) * 3 + s(i + 1) + 2) >> 2) as u16;
    }
    line[2 * n - 2] = ((s(n - 1) * 3 + s(n - 2) + 1) >> 2) as u16;
    line[2 * n - 1] = row[n - 1];
}

/// The nearer and further input rows for output row `phase` of `source_row`.
fn nearer_and_further<'p>(
    plane: &'p Plane,
    source_row: usize,
    phase: usize,
) -> (&'p [u16], &'p [u16]) {
    let further = if phase == 0 {
        source_row.saturating_sub(1)
    } else {
        source_row + 1
    };
    (plane.row(source_row), plane.row(further))
}

/// Vertical triangle filter alone (h1v2_fancy_upsample).
fn v2_fancy(plane: &Plane, source_row: usize, phase: usize, line: &mut [u16]) {
    let (near, far) = nearer_and_further(plane, source_row, phase);
    let bias = if phase == 0 { 1 } else { 2 };
    for ((out, &a), &b) in line.iter_mut().zip(near).zip(far) {
        *out = ((a as u32 * 3 + b as u32 + bias) >> 2) as u16;
    }
}

/// Both directions: column sums of 3/4 and 1/4 of the rows, then the same
/// across (h2v2_fancy_upsample).
fn h2v2_fancy(plane: &Plane, source_row: usize, phase: usize, line: &mut [u16]) {
    let (near, far) = nearer_and_further(plane, source_row, phase);
    let n = near.len();
    let sum = |i: usize| near[i] as u32 * 3 + far[i] as u32;
    line[0] = ((sum(0) * 4 + 8) >> 4) as u16;
    line[1] = ((sum(0) * 3 + sum(1) + 7) >> 4) as u16;
    for i in 1..n - 1 {
        line[2 * i] = ((sum(i) * 3 + sum(i - 1) + 8) >> 4) as u16;
        line[2 * i + 1] = ((sum(i) * 3 + sum(i + 1) + 7) >> 4) as u16;
    }
    line[2 * n - 2] = ((sum(n - 1) * 3 + sum(n - 2) + 8) >> 4) as u16;
    line[2 * n - 1] = ((sum(n - 1) * 4 + 7) >> 4) as u16;
}
