//! Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item and the
//! fragment items after it, found without copying any fragment.

use super::{fail, PixelError, Result};
use crate::tags::{ITEM, SEQUENCE_DELIMITATION_ITEM};

/// Where one fragment's bytes are, relative to the start of the data given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragment {
    /// Offset of the item header.
    pub item: usize,
    /// Offset of the fragment's first byte.
    pub start: usize,
    /// The fragment's length (shorter than declared when the data ends early).
    pub len: usize,
}

fn read_u32(buf: &[u8], at: usize, little: bool) -> Option<u32> {
    let b: [u8; 4] = buf.get(at..at + 4)?.try_into().ok()?;
    Some(if little {
        u32::from_le_bytes(b)
    } else {
        u32::from_be_bytes(b)
    })
}

fn read_tag(buf: &[u8], at: usize, little: bool) -> Option<u32> {
    let group = buf.get(at..at + 2)?;
    let element = buf.get(at + 2..at + 4)?;
    let word = |b: &[u8]| {
        if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        }
    };
    Some((word(group) as u32) << 16 | word(element) as u32)
}

fn tag_text(tag: u32) -> String {
    format!("({:04X},{:04X})", tag >> 16, tag & 0xFFFF)
}

/// The offsets in the Basic Offset Table item at the start of `buf`, and where the
/// first fragment item starts.
pub fn basic_offsets(buf: &[u8], little: bool) -> Result<(Vec<u32>, usize)> {
    let tag = match read_tag(buf, 0, little) {
        Some(tag) => tag,
        None => return fail("The Basic Offset Table item is missing: the data ends first"),
    };
    if tag != ITEM {
        return fail(format!(
            "Found unexpected tag {} instead of (FFFE,E000) when parsing the Basic Offset \
             Table item",
            tag_text(tag)
        ));
    }
    let length = match read_u32(buf, 4, little) {
        Some(length) => length as usize,
        None => return fail("The Basic Offset Table item's length is missing"),
    };
    if length % 4 != 0 {
        return fail("The length of the Basic Offset Table item is not a multiple of 4");
    }
    let end = 8usize.saturating_add(length);
    if end > buf.len() {
        return fail(format!(
            "The Basic Offset Table item is {length} bytes long but only {} bytes follow",
            buf.len() - 8
        ));
    }
    let offsets = (8..end)
        .step_by(4)
        .map(|at| read_u32(buf, at, little).unwrap_or(0))
        .collect();
    Ok((offsets, end))
}

/// The fragment items from `start` up to the end of the data or a sequence
/// delimiter.
pub fn fragments(buf: &[u8], start: usize, little: bool) -> Result<Vec<Fragment>> {
    let (found, error) = fragments_until_error(buf, start, little);
    error.map_or(Ok(found), Err)
}

/// As `fragments`, but the items before a bad one are kept: (the items found,
/// the error that ended the scan, if any), for readers that hand out each
/// fragment before looking at the next.
pub fn fragments_until_error(
    buf: &[u8],
    start: usize,
    little: bool,
) -> (Vec<Fragment>, Option<PixelError>) {
    let mut found = Vec::new();
    let mut at = start;
    while let Some(tag) = read_tag(buf, at, little) {
        match tag {
            ITEM => {
                let Some(length) = read_u32(buf, at + 4, little) else {
                    let error = fail::<()>(format!(
                        "Unable to determine the length of the item at offset {at} as \
                         the end of the data has been reached - the encapsulated pixel \
                         data may be invalid"
                    ));
                    return (found, error.err());
                };
                if length == u32::MAX {
                    let error = fail::<()>(format!(
                        "Undefined item length at offset {} when parsing the encapsulated \
                         pixel data fragments",
                        at + 4
                    ));
                    return (found, error.err());
                }
                let begin = at + 8;
                let len = (length as usize).min(buf.len() - begin);
                found.push(Fragment {
                    item: at,
                    start: begin,
                    len,
                });
                at = begin + length as usize;
            }
            SEQUENCE_DELIMITATION_ITEM => break,
            other => {
                let error = fail::<()>(format!(
                    "Unexpected tag '{}' at offset {at} when parsing the encapsulated pixel \
                     data fragment items",
                    tag_text(other)
                ));
                return (found, error.err());
            }
        }
    }
    (found, None)
}

/// Items for frames: a Basic Offset Table (offsets of each frame's first item,
/// or empty) followed by each frame as one fragment, padded to even length.
pub fn encapsulate(frames: &[&[u8]], with_offsets: bool) -> Result<Vec<u8>> {
    let total: usize = frames.iter().map(|f| f.len() + f.len() % 2 + 8).sum();
    let table = if with_offsets { 4 * frames.len() } else { 0 };
    let mut out = Vec::with_capacity(8 + table + total);
    out.extend_from_slice(&[0xFE, 0xFF, 0x00, 0xE0]);
    out.extend_from_slice(&(table as u32).to_le_bytes());
    let mut offset = 0usize;
    for frame in frames {
        if with_offsets {
            let value = match u32::try_from(offset) {
                Ok(value) => value,
                Err(_) => {
                    return fail(format!(
                        "The total length of the encapsulated frame data ({offset} bytes) \
                         will be greater than the maximum allowed by the Basic Offset Table \
                         ({} bytes), it's recommended that you use the Extended Offset \
                         Table instead (see the 'encapsulate_extended' function for more \
                         information)",
                        u32::MAX
                    ))
                }
            };
            out.extend_from_slice(&value.to_le_bytes());
        }
        offset += frame.len() + frame.len() % 2 + 8;
    }
    for frame in frames {
        let padded = frame.len() + frame.len() % 2;
        let length = u32::try_from(padded)
            .map_err(|_| super::PixelError("A frame is longer than an item can hold".into()))?;
        out.extend_from_slice(&[0xFE, 0xFF, 0x00, 0xE0]);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(frame);
        if frame.len() % 2 == 1 {
            out.push(0);
        }
    }
    Ok(out)
}
