//! The element loop: datasets, sequences, items and undefined-length values, with
//! pydicom's reading rules (see the notes on each function).

use super::cursor::Bytes;
use super::scratch;
use super::{ParseWarning, ReadOptions};
use crate::dict;
use crate::error::{Error, Result};
use crate::index::{
    resolved_code, DatasetIndex, ElementRecord, ItemIndex, SequenceIndex, ValueRef, RESOLVED_NONE,
};
use crate::tags::{
    DOUBLE_FLOAT_PIXEL_DATA, FLOAT_PIXEL_DATA, ITEM, ITEM_DELIMITATION_ITEM, PIXEL_DATA,
    SEQUENCE_DELIMITATION_ITEM, SPECIFIC_CHARACTER_SET,
};
use crate::vr::Vr;

pub const UNDEFINED: u32 = 0xFFFF_FFFF;
/// Deeper nesting than this is refused (real data nests a handful of levels). A
/// level is a sequence or an item: 256 nested sequences, more than pydicom reads
/// under Python's default recursion limit (about 190).
pub const MAX_DEPTH: usize = 512;

/// Where a dataset stops being read (pydicom's `stop_when`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Never,
    /// At the first element of another group (file meta: 0002, command set: 0000).
    OutsideGroup(u16),
    /// At Pixel Data, Float Pixel Data or Double Float Pixel Data.
    PixelData,
}

impl Stop {
    fn stops(self, tag: u32) -> bool {
        match self {
            Stop::Never => false,
            Stop::OutsideGroup(g) => (tag >> 16) as u16 != g,
            Stop::PixelData => {
                matches!(tag, FLOAT_PIXEL_DATA | DOUBLE_FLOAT_PIXEL_DATA | PIXEL_DATA)
            }
        }
    }
}

/// What the top-level dataset applies that items do not.
#[derive(Clone, Copy)]
pub struct TopLevel<'o> {
    pub stop: Stop,
    pub specific_tags: Option<&'o [u32]>,
    pub defer_size: Option<u64>,
}

impl TopLevel<'_> {
    pub const ITEM: TopLevel<'static> = TopLevel {
        stop: Stop::Never,
        specific_tags: None,
        defer_size: None,
    };

    fn wanted(&self, tag: u32) -> bool {
        match self.specific_tags {
            None => true,
            Some(tags) => tag == SPECIFIC_CHARACTER_SET || tags.binary_search(&tag).is_ok(),
        }
    }
}

pub struct Reader<'a> {
    pub data: &'a [u8],
    pub opts: &'a ReadOptions,
    pub warnings: Vec<ParseWarning>,
}

/// One dataset's reading state.
struct Level {
    little: bool,
    /// Offset that `value_tell` is measured from.
    base: usize,
    /// Reads never go past this (the end of the data, or of an enclosing
    /// defined-length sequence value).
    end: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], opts: &'a ReadOptions) -> Self {
        Reader {
            data,
            opts,
            warnings: Vec::new(),
        }
    }

    /// pydicom's `_is_implicit_vr`: look at the first element's VR bytes and decide
    /// the encoding actually used (warning when it differs at top level).
    fn detect_implicit(
        &mut self,
        pos: usize,
        end: usize,
        little: bool,
        assumed_implicit: bool,
        stop: Stop,
        is_sequence: bool,
    ) -> Result<bool> {
        if is_sequence && assumed_implicit {
            return Ok(true);
        }
        let (Some(vr0), Some(vr1)) = (self.byte(pos + 4, end), self.byte(pos + 5, end)) else {
            return Ok(assumed_implicit);
        };
        let found_implicit = !((0x41..=0x5A).contains(&vr0) && (0x41..=0x5A).contains(&vr1));
        if found_implicit != assumed_implicit {
            let tag = Bytes {
                data: &self.data[..end],
                little,
            }
            .tag_at(pos)
            .unwrap_or(0);
            if stop.stops(tag) || (found_implicit && is_sequence) {
                return Ok(found_implicit);
            }
            let (expected, found) = if found_implicit {
                ("explicit", "implicit")
            } else {
                ("implicit", "explicit")
            };
            if self.opts.strict {
                return Err(Error::VrEncodingMismatch { expected, found });
            }
            self.warnings
                .push(ParseWarning::VrEncodingSwitch { expected, found });
        }
        Ok(found_implicit)
    }

    fn byte(&self, pos: usize, end: usize) -> Option<u8> {
        if pos < end {
            self.data.get(pos).copied()
        } else {
            None
        }
    }

    /// Read one dataset starting at `*pos`: to `bytelength` bytes, an item
    /// delimiter, a stop tag or the end of the data. Sets `*pos` past what was read.
    #[allow(clippy::too_many_arguments)]
    pub fn read_dataset(
        &mut self,
        pos: &mut usize,
        end: usize,
        base: usize,
        implicit: bool,
        little: bool,
        bytelength: Option<u32>,
        top: TopLevel<'_>,
        is_sequence: bool,
        depth: usize,
    ) -> Result<DatasetIndex> {
        if depth > MAX_DEPTH {
            return Err(Error::TooDeep {
                offset: *pos as u64,
                limit: MAX_DEPTH,
            });
        }
        let implicit = self.detect_implicit(*pos, end, little, implicit, top.stop, is_sequence)?;
        let level = Level {
            little,
            base,
            end,
            depth,
        };
        let mut ds = DatasetIndex::new(implicit, little, base as u64);
        if depth == 0 {
            ds.elements = scratch::take();
        }
        let start = *pos;
        loop {
            if let Some(len) = bytelength {
                if *pos - start >= len as usize {
                    break;
                }
            }
            match self.read_element(pos, &level, implicit, &top)? {
                Step::Element(rec) => ds.push(rec),
                Step::Skipped => {}
                Step::End => break,
                Step::MissingDelimiter => {
                    // pydicom keeps what was read before the broken element.
                    if self.opts.strict {
                        return Err(Error::MissingDelimiter {
                            offset: *pos as u64,
                        });
                    }
                    self.warnings.push(ParseWarning::MissingDelimiter);
                    break;
                }
            }
        }
        if depth == 0 {
            ds.elements = scratch::give_back(std::mem::take(&mut ds.elements));
        }
        // Indexes live as long as their dataset: drop large growth slack (small
        // item datasets are left alone, a reallocation each would cost more).
        else if ds.elements.capacity() > 16
            && ds.elements.capacity() > ds.elements.len() + ds.elements.len() / 4
        {
            ds.elements.shrink_to_fit();
        }
        Ok(ds)
    }

    fn read_element(
        &mut self,
        pos: &mut usize,
        level: &Level,
        implicit: bool,
        top: &TopLevel<'_>,
    ) -> Result<Step> {
        let bytes = Bytes {
            data: &self.data[..level.end],
            little: level.little,
        };
        let header = *pos;
        let (Some(tag), Some(short_len)) = (bytes.tag_at(header), bytes.u32_at(header + 4)) else {
            // A partial header is consumed, as pydicom's read(8) does: enclosing
            // items and sequences then end too.
            *pos = level.end;
            return Ok(Step::End);
        };
        let mut vr: Option<[u8; 2]> = None;
        let mut length = short_len;
        let mut value_start = header + 8;
        if !implicit {
            let raw = [self.data[header + 4], self.data[header + 5]];
            match Vr::from_bytes(raw) {
                Some(v) if v.has_long_length() => {
                    let Some(long_len) = bytes.u32_at(header + 8) else {
                        *pos = level.end;
                        return Ok(Step::End);
                    };
                    vr = Some(raw);
                    length = long_len;
                    value_start = header + 12;
                }
                Some(_) => {
                    vr = Some(raw);
                    length = bytes.u16_at(header + 6).unwrap_or(0) as u32;
                }
                // Not even letter-like: an implicit VR element inside explicit data.
                None if !(*b"AA"..=*b"ZZ").contains(&raw)
                    && self.opts.assume_implicit_vr_switch => {}
                None => {
                    vr = Some(raw);
                    length = bytes.u16_at(header + 6).unwrap_or(0) as u32;
                }
            }
        }
        if tag == ITEM_DELIMITATION_ITEM {
            *pos = value_start;
            return Ok(Step::End);
        }
        if top.stop.stops(tag) {
            *pos = header;
            return Ok(Step::End);
        }
        if length != UNDEFINED {
            let end_of_value = value_start.saturating_add(length as usize);
            *pos = end_of_value.min(level.end);
            if !top.wanted(tag) {
                return Ok(Step::Skipped);
            }
            let start = value_start.min(level.end);
            let value = if top.defer_size.is_some_and(|d| length as u64 > d)
                && tag != SPECIFIC_CHARACTER_SET
            {
                ValueRef::Deferred {
                    start: start as u64,
                }
            } else if length == 0 {
                ValueRef::Empty {
                    start: start as u64,
                }
            } else {
                ValueRef::bytes(start, end_of_value.min(level.end))
            };
            return Ok(Step::Element(ElementRecord {
                tag,
                vr,
                resolved: RESOLVED_NONE,
                length,
                value,
            }));
        }
        // Undefined length: a sequence, or a value ended by a sequence delimiter.
        let resolved_text = self.undefined_length_vr(tag, vr, value_start, &bytes);
        // A VR outside the known ones (added at run time) is left for Python to find.
        let resolved = resolved_text
            .as_deref()
            .and_then(resolved_code)
            .unwrap_or(RESOLVED_NONE);
        *pos = value_start;
        if resolved_text.as_deref() == Some("SQ") {
            let mut seq = self.read_sequence(
                pos,
                level,
                implicit,
                UNDEFINED,
                level.base as i64,
                level.depth + 1,
            )?;
            if !top.wanted(tag) {
                return Ok(Step::Skipped);
            }
            seq.value_start = value_start as u64;
            let value = ValueRef::Sequence(Box::new(seq));
            return Ok(Step::Element(ElementRecord {
                tag,
                vr,
                resolved,
                length,
                value,
            }));
        }
        let Some((value_end, next)) = self.find_sequence_delimiter(value_start, &bytes) else {
            return Ok(Step::MissingDelimiter);
        };
        *pos = next;
        if !top.wanted(tag) {
            return Ok(Step::Skipped);
        }
        let deferred = top
            .defer_size
            .is_some_and(|d| (value_end - value_start + 4) as u64 >= d);
        let value = if deferred {
            ValueRef::Deferred {
                start: value_start as u64,
            }
        } else {
            ValueRef::bytes(value_start, value_end)
        };
        Ok(Step::Element(ElementRecord {
            tag,
            vr,
            resolved,
            length,
            value,
        }))
    }

    /// The VR pydicom settles for an undefined-length element while reading.
    fn undefined_length_vr(
        &self,
        tag: u32,
        vr: Option<[u8; 2]>,
        value_start: usize,
        bytes: &Bytes<'_>,
    ) -> Option<Box<str>> {
        let mut resolved: Option<Box<str>> = vr.map(|v| String::from_utf8_lossy(&v).into());
        if resolved.as_deref() == Some("UN") && self.opts.infer_sq_for_un_vr {
            return Some("SQ".into());
        }
        if resolved.is_none()
            || (resolved.as_deref() == Some("UN") && self.opts.replace_un_with_known_vr)
        {
            match dict::element_or_repeater(tag) {
                Some(entry) => resolved = Some(entry.vr.into_owned().into()),
                None => {
                    if bytes.tag_at(value_start) == Some(ITEM) {
                        resolved = Some("SQ".into());
                    }
                }
            }
        }
        resolved
    }

    /// pydicom's `read_sequence`: items until the sequence delimiter (undefined
    /// length) or until `length` bytes are used.
    fn read_sequence(
        &mut self,
        pos: &mut usize,
        level: &Level,
        implicit: bool,
        length: u32,
        container_base: i64,
        depth: usize,
    ) -> Result<SequenceIndex> {
        if depth > MAX_DEPTH {
            return Err(Error::TooDeep {
                offset: *pos as u64,
                limit: MAX_DEPTH,
            });
        }
        let undefined = length == UNDEFINED;
        let mut seq = SequenceIndex {
            items: Vec::new(),
            undefined_length: undefined,
            value_start: *pos as u64,
        };
        if length == 0 {
            return Ok(seq);
        }
        let bytes = Bytes {
            data: &self.data[..level.end],
            little: level.little,
        };
        let start = *pos;
        loop {
            if !undefined && *pos - start >= length as usize {
                break;
            }
            let item_start = *pos;
            let (Some(tag), Some(item_length)) =
                (bytes.tag_at(item_start), bytes.u32_at(item_start + 4))
            else {
                return Err(Error::NoItemTag {
                    offset: level.end.min(item_start + 8) as u64,
                });
            };
            *pos = item_start + 8;
            if tag == SEQUENCE_DELIMITATION_ITEM {
                break;
            }
            let item_level_base = level.base;
            let bytelength = (item_length != UNDEFINED).then_some(item_length);
            let dataset = self.read_dataset(
                pos,
                level.end,
                item_level_base,
                implicit,
                level.little,
                bytelength,
                TopLevel::ITEM,
                true,
                depth + 1,
            )?;
            seq.items.push(ItemIndex {
                dataset: std::sync::Arc::new(dataset),
                item_tell: (item_start as i64 - container_base) as u64,
                undefined_length: item_length == UNDEFINED,
            });
        }
        Ok(seq)
    }

    /// The end of an undefined-length value and the position after its sequence
    /// delimiter: by walking fragments (encapsulated pixel data) or, failing that,
    /// by searching for the delimiter. None if there is no delimiter.
    fn find_sequence_delimiter(&self, start: usize, bytes: &Bytes<'_>) -> Option<(usize, usize)> {
        let mut p = start;
        loop {
            match bytes.tag_at(p) {
                Some(SEQUENCE_DELIMITATION_ITEM) => return Some((p, p + 8)),
                Some(ITEM) => match bytes.u32_at(p + 4) {
                    Some(len) => match (p + 8).checked_add(len as usize) {
                        Some(next) => p = next,
                        None => break,
                    },
                    None => break,
                },
                _ => break,
            }
        }
        let pattern: [u8; 4] = {
            let (g, e) = (0xFFFEu16, 0xE0DDu16);
            let (g, e) = if bytes.little {
                (g.to_le_bytes(), e.to_le_bytes())
            } else {
                (g.to_be_bytes(), e.to_be_bytes())
            };
            [g[0], g[1], e[0], e[1]]
        };
        let hay = &bytes.data[start.min(bytes.data.len())..];
        let at = memchr::memmem::find(hay, &pattern)?;
        Some((start + at, start + at + 8))
    }
}

enum Step {
    Element(ElementRecord),
    Skipped,
    End,
    MissingDelimiter,
}

/// Parse the items of a defined-length sequence value, `data[range]`, read with the
/// encoding of the dataset it is in. `value_tell` is the sequence element's own.
#[allow(clippy::too_many_arguments)]
pub fn parse_sequence_value(
    data: &[u8],
    range: std::ops::Range<usize>,
    value_tell: u64,
    implicit: bool,
    little: bool,
    opts: &ReadOptions,
    depth: usize,
) -> Result<(SequenceIndex, Vec<ParseWarning>)> {
    let mut reader = Reader::new(&data[..range.end], opts);
    let level = Level {
        little,
        base: range.start,
        end: range.end,
        depth,
    };
    let mut pos = range.start;
    let length = (range.end - range.start) as u32;
    // Item tells count from the sequence's container: value start minus value_tell
    // (negative when `data` holds the value alone, as pydicom's BytesIO does).
    let container_base = range.start as i64 - value_tell as i64;
    let seq = reader.read_sequence(&mut pos, &level, implicit, length, container_base, depth)?;
    Ok((seq, reader.warnings))
}
