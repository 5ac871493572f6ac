//! Many frames decoded in parallel into one buffer. Each frame is copied into
//! its place by the thread that decoded it, while it is still in that core's
//! cache, and its own buffer is freed at once: no serial pass over the whole
//! output afterwards, and no second copy of every frame held at the end.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::{decode_with, Codec, CodecError, DecodeOptions, Decoded};

/// What every frame of a batch must share with the first (all but its samples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub components: u32,
    pub bytes_per_sample: usize,
    pub precision: u8,
    pub signed: bool,
    pub rgb: bool,
}

impl Layout {
    fn of(decoded: &Decoded) -> Layout {
        Layout {
            width: decoded.width,
            height: decoded.height,
            components: decoded.components,
            bytes_per_sample: decoded.bytes_per_sample,
            precision: decoded.precision,
            signed: decoded.signed,
            rgb: decoded.rgb,
        }
    }

    /// The same frame size and sample layout (precision and sign may differ).
    fn matches(&self, other: &Layout) -> bool {
        (
            self.width,
            self.height,
            self.components,
            self.bytes_per_sample,
            self.rgb,
        ) == (
            other.width,
            other.height,
            other.components,
            other.bytes_per_sample,
            other.rgb,
        )
    }
}

#[derive(Debug, PartialEq)]
pub enum BatchError {
    /// Frame `.0` could not be decoded.
    Frame(usize, CodecError),
    /// Frame `.0` differs in size or layout from frame 0.
    Layout(usize),
}

/// The output buffer, made by the first frame to finish (which gives the size
/// of every frame). Threads write disjoint frames of it.
struct Output {
    ptr: *mut u8,
    capacity: usize,
    frame_len: usize,
}

// SAFETY: the pointer is only written through at disjoint frame offsets, and the
// buffer is taken back (and freed) by one thread after all writers are done.
unsafe impl Send for Output {}
unsafe impl Sync for Output {}

impl Output {
    fn new(frame_len: usize, frames: usize) -> Output {
        match frame_len.checked_mul(frames) {
            Some(total) => {
                let mut buffer = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(total));
                Output {
                    ptr: buffer.as_mut_ptr(),
                    capacity: buffer.capacity(),
                    frame_len,
                }
            }
            // Never reached for frames that fit in memory; then no frame is copied.
            None => Output {
                ptr: std::ptr::null_mut(),
                capacity: 0,
                frame_len: usize::MAX,
            },
        }
    }

    /// Frame `index` written to its place, when it has the batch's frame size.
    fn write(&self, index: usize, data: &[u8]) -> bool {
        if data.len() != self.frame_len || self.ptr.is_null() {
            return false;
        }
        // SAFETY: frames * frame_len bytes were allocated and index < frames;
        // frame `index` is written by this thread only.
        unsafe {
            std::ptr::copy_nonoverlapping(
                data.as_ptr(),
                self.ptr.add(index * self.frame_len),
                data.len(),
            )
        };
        true
    }

    /// The buffer back as a vector: full when every frame was written, else empty.
    fn into_vec(self, frames: usize, all_written: bool) -> Vec<u8> {
        if self.ptr.is_null() {
            return Vec::new();
        }
        let len = if all_written {
            self.frame_len * frames
        } else {
            0
        };
        // SAFETY: ptr and capacity come from a Vec<u8> that was never freed, and
        // when `all_written` its first `len` bytes were all written.
        unsafe { Vec::from_raw_parts(self.ptr, len, self.capacity) }
    }
}

/// Decode every frame (each given as its fragments) with `codec`, one core per
/// frame, into one buffer of all frames end to end; with the layout of frame 0.
pub fn decode_frames(
    codec: Codec,
    frames: &[Vec<&[u8]>],
    options: DecodeOptions,
) -> Result<(Vec<u8>, Layout), BatchError> {
    let decode = |index: usize| -> Result<Decoded, BatchError> {
        let pieces = &frames[index];
        // A frame in several fragments is decoded from their concatenation.
        let joined;
        let frame: &[u8] = if pieces.len() == 1 {
            pieces[0]
        } else {
            joined = pieces.concat();
            &joined
        };
        decode_with(codec, frame, options).map_err(|e| BatchError::Frame(index, e))
    };
    if frames.len() == 1 {
        let decoded = decode(0)?;
        let layout = Layout::of(&decoded);
        return Ok((decoded.data, layout));
    }
    let output: OnceLock<Output> = OnceLock::new();
    // Each frame's layout, length, and whether it went into the buffer.
    let results: Vec<Result<(Layout, usize, bool), BatchError>> = (0..frames.len())
        .into_par_iter()
        .map(|index| {
            let decoded = decode(index)?;
            let out = output.get_or_init(|| Output::new(decoded.data.len(), frames.len()));
            let written = out.write(index, &decoded.data);
            Ok((Layout::of(&decoded), decoded.data.len(), written))
        })
        .collect();
    let all_written = results.iter().all(|r| matches!(r, Ok((_, _, true))));
    let data = output
        .into_inner()
        .map_or_else(Vec::new, |out| out.into_vec(frames.len(), all_written));
    let mut frames_found = Vec::with_capacity(results.len());
    for result in results {
        frames_found.push(result?);
    }
    // Judged against frame 0, whichever frame sized the buffer.
    let (first, first_len, _) = frames_found[0];
    if let Some(index) = frames_found
        .iter()
        .position(|(layout, len, _)| *len != first_len || !layout.matches(&first))
    {
        return Err(BatchError::Layout(index));
    }
    if !all_written {
        // Every frame is frame 0's size, so each fitted: only an impossible size.
        return Err(BatchError::Layout(0));
    }
    Ok((data, first))
}
