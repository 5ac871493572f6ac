//! Stage 1: DICOM bytes -> element index, following pydicom's `dcmread`:
//! preamble and 'DICM', file meta (group 0002), command set (group 0000), the
//! encoding from the transfer syntax (or from the data when it is missing), then
//! the dataset. Nothing is decoded here.

mod cursor;
mod dataset;
mod scratch;

use std::ops::Range;

pub use dataset::{parse_sequence_value, Stop, MAX_DEPTH};
use dataset::{Reader, TopLevel};

use crate::error::{Error, Result};
use crate::index::DatasetIndex;
use crate::tags::TRANSFER_SYNTAX_UID;
use crate::vr::Vr;

/// Reading options (pydicom's `dcmread` arguments and the config flags that
/// affect stage 1).
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub force: bool,
    pub stop_before_pixels: bool,
    /// Sorted; only these top-level tags (and the character set) are kept.
    pub specific_tags: Option<Vec<u32>>,
    pub defer_size: Option<u64>,
    /// `reading_validation_mode == RAISE`: problems are errors, not warnings.
    pub strict: bool,
    pub infer_sq_for_un_vr: bool,
    pub replace_un_with_known_vr: bool,
    pub assume_implicit_vr_switch: bool,
    /// Registered private transfer syntaxes: (UID, implicit VR, little endian).
    pub private_syntaxes: Vec<(String, bool, bool)>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            force: false,
            stop_before_pixels: false,
            specific_tags: None,
            defer_size: None,
            strict: false,
            infer_sq_for_un_vr: true,
            replace_un_with_known_vr: true,
            assume_implicit_vr_switch: true,
            private_syntaxes: Vec::new(),
        }
    }
}

/// Things pydicom reports with a warning while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseWarning {
    /// The data used the other VR encoding than expected.
    VrEncodingSwitch {
        expected: &'static str,
        found: &'static str,
    },
    /// An undefined-length value had no sequence delimiter before the end.
    MissingDelimiter,
}

/// A parsed file. Ranges in `meta` and `command` index the input bytes; ranges in
/// `dataset` index `inflated` when the transfer syntax is deflated, else the input.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub preamble: Option<Range<usize>>,
    pub meta: DatasetIndex,
    pub command: DatasetIndex,
    pub dataset: DatasetIndex,
    /// The encoding the transfer syntax names (pydicom's FileDataset flags).
    pub implicit_vr: bool,
    pub little_endian: bool,
    pub inflated: Option<Vec<u8>>,
    pub warnings: Vec<ParseWarning>,
    /// Where the dataset (after file meta and command set) starts in the input.
    pub dataset_offset: usize,
    /// Where reading the dataset stopped (in the input, or in `inflated`).
    pub dataset_end: usize,
}

/// Parse a whole DICOM file (or stream) held in `data`.
pub fn parse_file(data: &[u8], opts: &ReadOptions) -> Result<ParsedFile> {
    let mut pos = 0usize;
    let preamble = if data.len() >= 132 && &data[128..132] == b"DICM" {
        pos = 132;
        Some(0..128)
    } else if opts.force {
        None
    } else {
        return Err(Error::NotDicom);
    };
    let mut reader = Reader::new(data, opts);
    let meta = read_file_meta(&mut reader, &mut pos)?;
    let top_group = |stop| TopLevel {
        stop,
        specific_tags: None,
        defer_size: None,
    };
    let command = reader.read_dataset(
        &mut pos,
        data.len(),
        0,
        true,
        true,
        None,
        top_group(Stop::OutsideGroup(0)),
        false,
        0,
    )?;
    let (implicit_vr, little_endian, deflated) = dataset_encoding(data, pos, &meta, opts);
    let top = TopLevel {
        stop: if opts.stop_before_pixels {
            Stop::PixelData
        } else {
            Stop::Never
        },
        specific_tags: opts.specific_tags.as_deref(),
        defer_size: opts.defer_size,
    };
    let dataset_offset = pos;
    let mut warnings = reader.warnings;
    let (dataset, inflated, dataset_end) = if deflated {
        let inflated = inflate(&data[pos..])?;
        let mut p = 0;
        let (ds, found) = top_level(&inflated, &mut p, implicit_vr, little_endian, top, opts)?;
        warnings.extend(found);
        (ds, Some(inflated), p)
    } else {
        let (ds, found) = top_level(data, &mut pos, implicit_vr, little_endian, top, opts)?;
        warnings.extend(found);
        (ds, None, pos)
    };
    Ok(ParsedFile {
        preamble,
        meta,
        command,
        dataset,
        implicit_vr,
        little_endian,
        inflated,
        warnings,
        dataset_offset,
        dataset_end,
    })
}

/// One dataset read from `data[start..]` as pydicom's `read_dataset` reads it from
/// a file-like positioned at `start`: the encoding checked against the first
/// element (`is_sequence`: the dataset is a sequence item), then elements up to
/// `bytelength` bytes, an item delimiter, `stop` or the end. Offsets in the
/// index are offsets in `data`.
pub struct DatasetRead {
    pub dataset: DatasetIndex,
    /// Where reading ended (the position the file-like is left at).
    pub end: usize,
    pub warnings: Vec<ParseWarning>,
}

#[allow(clippy::too_many_arguments)]
pub fn parse_dataset_at(
    data: &[u8],
    start: usize,
    implicit_vr: bool,
    little_endian: bool,
    bytelength: Option<u32>,
    stop: Stop,
    is_sequence: bool,
    opts: &ReadOptions,
) -> Result<DatasetRead> {
    let top = TopLevel {
        stop,
        specific_tags: opts.specific_tags.as_deref(),
        defer_size: opts.defer_size,
    };
    let mut reader = Reader::new(data, opts);
    let mut pos = start.min(data.len());
    let dataset = reader.read_dataset(
        &mut pos,
        data.len(),
        0,
        implicit_vr,
        little_endian,
        bytelength,
        top,
        is_sequence,
        0,
    )?;
    Ok(DatasetRead {
        dataset,
        end: pos,
        warnings: reader.warnings,
    })
}

/// The top-level elements in `data`, which follow a dataset read in the given
/// encoding (the bytes after a value read apart, see `read_file::split`).
pub fn parse_continuation(
    data: &[u8],
    implicit_vr: bool,
    little_endian: bool,
    opts: &ReadOptions,
) -> Result<(DatasetIndex, Vec<ParseWarning>)> {
    let top = TopLevel {
        stop: Stop::Never,
        specific_tags: None,
        defer_size: None,
    };
    top_level(data, &mut 0, implicit_vr, little_endian, top, opts)
}

/// The top-level dataset from `pos` to the end of `data`, and the warnings.
fn top_level(
    data: &[u8],
    pos: &mut usize,
    implicit_vr: bool,
    little_endian: bool,
    top: TopLevel<'_>,
    opts: &ReadOptions,
) -> Result<(DatasetIndex, Vec<ParseWarning>)> {
    let mut reader = Reader::new(data, opts);
    let ds = reader.read_dataset(
        pos,
        data.len(),
        0,
        implicit_vr,
        little_endian,
        None,
        top,
        false,
        0,
    )?;
    Ok((ds, reader.warnings))
}

/// Group 0002: explicit VR little endian; read as implicit VR instead when its first
/// element's VR is not one (pydicom retries the same way).
fn read_file_meta(reader: &mut Reader<'_>, pos: &mut usize) -> Result<DatasetIndex> {
    let start = *pos;
    let top = TopLevel {
        stop: Stop::OutsideGroup(2),
        specific_tags: None,
        defer_size: None,
    };
    let end = reader.data.len();
    let meta = reader.read_dataset(pos, end, 0, false, true, None, top, false, 0)?;
    let first_vr_unknown = meta
        .elements
        .first()
        .is_some_and(|e| e.vr.is_some_and(|v| Vr::from_bytes(v).is_none()));
    if first_vr_unknown {
        *pos = start;
        return reader.read_dataset(pos, end, 0, true, true, None, top, false, 0);
    }
    Ok(meta)
}

/// The dataset's (implicit VR, little endian, deflated) from the transfer syntax,
/// or guessed from the first element when there is none.
fn dataset_encoding(
    data: &[u8],
    pos: usize,
    meta: &DatasetIndex,
    opts: &ReadOptions,
) -> (bool, bool, bool) {
    let syntax = meta
        .get(TRANSFER_SYNTAX_UID)
        .map(|e| match e.value.range() {
            Some(r) => String::from_utf8_lossy(&data[r])
                .trim_end_matches(['\0', ' '])
                .to_string(),
            None => String::new(),
        });
    if pos >= data.len() {
        return (true, true, false);
    }
    let Some(uid) = syntax else {
        // No transfer syntax: a known VR after the tag means explicit VR, and a
        // group >= 0x0400 read little endian means the data is big endian.
        let Some(head) = data.get(pos..pos + 6) else {
            return (true, true, false);
        };
        if Vr::from_bytes([head[4], head[5]]).is_some() {
            let group = u16::from_le_bytes([head[0], head[1]]);
            return (false, group < 1024, false);
        }
        return (true, true, false);
    };
    match uid.as_str() {
        "1.2.840.10008.1.2" => (true, true, false),
        "1.2.840.10008.1.2.1" => (false, true, false),
        "1.2.840.10008.1.2.2" => (false, false, false),
        "1.2.840.10008.1.2.1.99" => (false, true, true),
        other => match opts.private_syntaxes.iter().find(|(u, ..)| u == other) {
            Some((_, implicit, little)) => (*implicit, *little, false),
            None => (false, true, false),
        },
    }
}

fn inflate(data: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(data.len().saturating_mul(3));
    flate2::read::DeflateDecoder::new(data)
        .read_to_end(&mut out)
        .map_err(|e| Error::Inflate {
            message: e.to_string(),
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests;
