//! Large files whose Pixel Data runs to the end of the file (most images): the
//! header is read and parsed on its own, and the pixel data is left for the caller
//! to read straight into the object that will hold it (Python's `bytes`), instead
//! of into the file's buffer and copied from there when the value is used.

use std::fs::File;

use super::{fill_raw, read_new, ReadFileError};
use crate::index::ValueRef;
use crate::parse::{self, ParsedFile, ReadOptions};
use crate::tags::PIXEL_DATA;

/// Files smaller than this are read whole: the copy saved is small.
pub const SPLIT_MIN: u64 = 256 * 1024;
/// The first read; a longer header costs a read or two more.
const FIRST_READ: u64 = 16 * 1024;

/// A file read up to its pixel data: `data` holds every byte before the pixel
/// value, `parsed` indexes it with the pixel data element as `Deferred`, and the
/// value itself (`pixel_len` bytes from `pixel_start`, to the end of the file) is
/// still to be read from the file.
pub struct HeaderRead {
    pub data: Vec<u8>,
    pub parsed: ParsedFile,
    pub pixel_start: u64,
    pub pixel_len: usize,
}

/// The header of `file` (`size` bytes) read and parsed as `opts` ask, when the
/// file qualifies (see the module); None to read the whole file instead.
pub fn read_header_apart(
    file: &mut File,
    size: u64,
    opts: &ReadOptions,
) -> Result<Option<HeaderRead>, ReadFileError> {
    if size < SPLIT_MIN
        || opts.defer_size.is_some()
        || opts.stop_before_pixels
        || opts.specific_tags.is_some()
    {
        return Ok(None);
    }
    // Two tries at most: a header cut inside something other than a long plain
    // value (a sequence, say) is long, and parsing ever longer prefixes of it
    // would cost more than the copy saved.
    for want in [FIRST_READ, FIRST_READ * 8] {
        if want >= size {
            break;
        }
        let mut data = read_new(file, want as usize, 0).map_err(ReadFileError::Io)?;
        if (data.len() as u64) < want {
            return Ok(None); // the file shrank: let the whole read deal with it
        }
        // The last element parsed is the pixel data, cut short by the end of
        // what was read: everything before it is complete.
        let Ok(mut parsed) = parse::parse_file(&data, opts) else {
            break;
        };
        if let Some((start, len)) = pixel_value(&parsed, size) {
            let record = parsed.dataset.elements.last_mut().expect("pixel data");
            record.value = ValueRef::Deferred {
                start: start as u64,
            };
            parsed.dataset_end = size as usize;
            data.truncate(start);
            let end = start as u64 + len as u64;
            if end < size && !read_tail(file, &mut data, &mut parsed, end, size, opts)? {
                return Ok(None);
            }
            return Ok(Some(HeaderRead {
                data,
                parsed,
                pixel_start: start as u64,
                pixel_len: len,
            }));
        }
        if !ends_in_cut_value(&parsed) {
            break;
        }
    }
    Ok(None)
}

/// Where the pixel value starts and its length, when the parse of a prefix of a
/// `size`-byte file ended in a long defined-length Pixel Data element cut short,
/// with nothing unusual read on the way.
fn pixel_value(parsed: &ParsedFile, size: u64) -> Option<(usize, usize)> {
    if parsed.inflated.is_some() || !parsed.warnings.is_empty() || !parsed.dataset.sorted() {
        return None;
    }
    let last = parsed.dataset.elements.last()?;
    let ValueRef::Bytes { start, len } = last.value else {
        return None;
    };
    let fits = start
        .checked_add(u64::from(last.length))
        .is_some_and(|end| end <= size);
    let long = u64::from(last.length) >= SPLIT_MIN / 2;
    (last.tag == PIXEL_DATA && last.length != u32::MAX && len < last.length && fits && long)
        .then_some((start as usize, last.length as usize))
}

/// The parse of a prefix ended in a plain defined-length value cut short (a long
/// value before the pixel data): a longer prefix may reach the pixel data.
fn ends_in_cut_value(parsed: &ParsedFile) -> bool {
    parsed.warnings.is_empty()
        && parsed.dataset.elements.last().is_some_and(|last| {
            matches!(last.value, ValueRef::Bytes { len, .. } if len < last.length)
                && last.length != u32::MAX
        })
}

/// Elements after the pixel data (trailing padding, ...), up to this size, are
/// read and indexed after the header; a longer tail means reading whole.
const MAX_TAIL: u64 = 64 * 1024;

/// Read the elements from `end` to `size` (after the pixel value) onto the end
/// of `data` and `parsed`, as the whole-file parse would have found them; false
/// when they are not plain elements (then the file is read whole).
fn read_tail(
    file: &mut File,
    data: &mut Vec<u8>,
    parsed: &mut ParsedFile,
    end: u64,
    size: u64,
    opts: &ReadOptions,
) -> Result<bool, ReadFileError> {
    if size - end > MAX_TAIL {
        return Ok(false);
    }
    let tail = read_new(file, (size - end) as usize, end).map_err(ReadFileError::Io)?;
    if (tail.len() as u64) < size - end {
        return Ok(false);
    }
    let dataset = &parsed.dataset;
    let Ok((more, warnings)) =
        parse::parse_continuation(&tail, dataset.implicit_vr, dataset.little_endian, opts)
    else {
        return Ok(false);
    };
    if !warnings.is_empty() {
        return Ok(false);
    }
    // In `data`, the tail follows the header directly: its values sit where the
    // pixel value would have started, `end - at` bytes before their place in
    // the file (the index records that gap for value_tell).
    let at = data.len() as u64;
    for mut record in more.elements {
        record.value = match record.value {
            ValueRef::Bytes { start, len } => ValueRef::Bytes {
                start: start + at,
                len,
            },
            ValueRef::Empty { start } => ValueRef::Empty { start: start + at },
            _ => return Ok(false),
        };
        parsed.dataset.push(record);
    }
    parsed.dataset.set_gap(at, end - at);
    data.extend_from_slice(&tail);
    Ok(true)
}

/// Fill the `read.pixel_len` bytes at `dest` with the pixel value from `file`;
/// false if the file is shorter now.
///
/// # Safety
/// As `fill_raw`: `dest` must be valid for writes of `read.pixel_len` bytes.
pub unsafe fn read_pixels_into(
    file: &mut File,
    read: &HeaderRead,
    dest: *mut u8,
) -> std::io::Result<bool> {
    // SAFETY: the caller vouches for `dest`.
    Ok(unsafe { fill_raw(file, dest, read.pixel_len, read.pixel_start) }? == read.pixel_len)
}
