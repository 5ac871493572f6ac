//! A whole file re-encoded as RLE Lossless without Python: the bytes that
//! `dcmread` + `Dataset.compress(RLELossless)` + `dcmwrite` give, for files
//! where every step is certain (batch conversion's fast path).
//!
//! Only the plain case is taken: a file with preamble and file meta, read as
//! explicit VR little endian with no warning, native pixel data of a layout the
//! RLE profile allows, and every element copyable as read. Anything else returns
//! None, and the caller takes the Python path (with its errors and warnings).

#[cfg(test)]
mod tests;

use crate::index::{DatasetIndex, ElementRecord, ValueRef};
use crate::parse::ParsedFile;
use crate::pixels::{fragments, rle_encode};
use crate::tags::{
    self, BITS_ALLOCATED, BITS_STORED, COLUMNS, FILE_META_INFORMATION_GROUP_LENGTH,
    MEDIA_STORAGE_SOP_INSTANCE_UID, NUMBER_OF_FRAMES, PHOTOMETRIC_INTERPRETATION, PIXEL_DATA,
    PIXEL_REPRESENTATION, PLANAR_CONFIGURATION, ROWS, SAMPLES_PER_PIXEL, SOP_INSTANCE_UID,
    SPECIFIC_CHARACTER_SET, TRANSFER_SYNTAX_UID,
};
use crate::values::{decode, fast_vr, Context, Decoded, LUT_DESCRIPTORS};
use crate::vr::Vr;
use crate::write::emit::{header_vr, Emitter, Encoding, UNDEFINED_LENGTH};
use crate::write::index::{copyable, sorted, write_record, CopyRules};
use crate::write::is_skipped_group_length;
use crate::write::same_bytes::reencodes_unchanged;

pub const RLE_LOSSLESS: &str = "1.2.840.10008.1.2.5";
const EXPLICIT_LITTLE: &str = "1.2.840.10008.1.2.1";
const IMPLICIT_LITTLE: &str = "1.2.840.10008.1.2";
/// Character sets whose codec writes ASCII text as itself (the writer copies
/// such text when only the VR encoding changes).
const ASCII_CHARSETS: [&str; 4] = ["", "ISO_IR 6", "ISO_IR 100", "ISO_IR 192"];

/// Extended Offset Table (and Lengths), Float and Double Float Pixel Data.
const OTHER_PIXEL_TAGS: [u32; 4] = [
    tags::EXTENDED_OFFSET_TABLE,
    tags::EXTENDED_OFFSET_TABLE_LENGTHS,
    tags::FLOAT_PIXEL_DATA,
    tags::DOUBLE_FLOAT_PIXEL_DATA,
];

/// The Image Pixel elements `compress` reads (and so turns into Python values,
/// which the writer then encodes afresh).
const IMAGE_PIXEL: [u32; 9] = [
    SAMPLES_PER_PIXEL,
    PHOTOMETRIC_INTERPRETATION,
    PLANAR_CONFIGURATION,
    NUMBER_OF_FRAMES,
    ROWS,
    COLUMNS,
    BITS_ALLOCATED,
    BITS_STORED,
    PIXEL_REPRESENTATION,
];

const EXPLICIT_LE: Encoding = Encoding {
    implicit_vr: false,
    little_endian: true,
};

/// The Image Pixel values the encoder needs.
struct Layout {
    rows: usize,
    columns: usize,
    samples: usize,
    bytes_per_sample: usize,
    frames: usize,
}

/// A value written in place of the one read (or added).
enum NewValue<'a> {
    Uid(&'a str),
    Encapsulated(Vec<u8>),
}

/// The file in `data` (parsed as `parsed`) as RLE Lossless with `instance_uid`
/// as its SOP Instance UID (in the dataset and the file meta), or None when the
/// plain case does not apply.
pub fn to_rle(data: &[u8], parsed: &ParsedFile, instance_uid: &str) -> Option<Vec<u8>> {
    let meta = &parsed.meta;
    let ds = &parsed.dataset;
    let implicit = parsed.implicit_vr;
    let syntax = if implicit {
        IMPLICIT_LITTLE
    } else {
        EXPLICIT_LITTLE
    };
    let plain = parsed.preamble.is_some()
        && parsed.inflated.is_none()
        && parsed.warnings.is_empty()
        && parsed.command.elements.is_empty()
        && parsed.little_endian
        && !meta.implicit_vr
        && meta.little_endian
        && ds.implicit_vr == implicit
        && ds.little_endian
        && uid_value(data, meta, TRANSFER_SYNTAX_UID)? == syntax
        && (!implicit || ascii_charset(data, ds))
        && ds.elements.iter().all(|r| r.tag >= 0x0003_0000)
        && OTHER_PIXEL_TAGS.iter().all(|&t| ds.get(t).is_none());
    if !plain
        || !IMAGE_PIXEL
            .iter()
            .all(|&t| unchanged_when_decoded(data, ds, t))
    {
        return None;
    }
    let layout = layout(data, ds)?;
    let pixels = pixel_bytes(data, ds, &layout)?;
    let frames = encode_frames(pixels, &layout)?;
    let views: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
    let encapsulated = fragments::encapsulate(&views, true).ok()?;

    let mut em = Emitter::new(EXPLICIT_LE);
    em.bytes(&data[parsed.preamble.clone()?]);
    em.bytes(b"DICM");
    let meta_start = em.out.len();
    let meta_values = [
        (MEDIA_STORAGE_SOP_INSTANCE_UID, NewValue::Uid(instance_uid)),
        (TRANSFER_SYNTAX_UID, NewValue::Uid(RLE_LOSSLESS)),
    ];
    let meta_copyable =
        |r: &ElementRecord| copyable(&em, data, r, CopyRules::default()) && reencodes(data, r);
    if !meta.elements.iter().all(meta_copyable) {
        return None;
    }
    write_group(&mut em, data, meta, meta_values)?;
    if let Some(rec) = meta.get(FILE_META_INFORMATION_GROUP_LENGTH) {
        // As dcmwrite does: the value counts the bytes after this element.
        if rec.vr != Some(*b"UL") || em.out.len() < meta_start + 12 {
            return None;
        }
        let length = u32::try_from(em.out.len() - meta_start - 12).ok()?;
        em.out[meta_start + 8..meta_start + 12].copy_from_slice(&length.to_le_bytes());
    }
    let values = [
        (SOP_INSTANCE_UID, NewValue::Uid(instance_uid)),
        (PIXEL_DATA, NewValue::Encapsulated(encapsulated)),
    ];
    let mut others = ds
        .elements
        .iter()
        .filter(|r| r.tag != SOP_INSTANCE_UID && r.tag != PIXEL_DATA);
    let writable = match implicit {
        false => others.all(|r| copyable(&em, data, r, CopyRules::default())),
        true => others.all(|r| transcoded_vr(data, r).is_some()),
    };
    if !writable {
        return None;
    }
    write_group(&mut em, data, ds, values)?;
    Some(em.out)
}

/// Without a character set, or with one whose codec writes ASCII as itself.
fn ascii_charset(data: &[u8], ds: &DatasetIndex) -> bool {
    let Some(rec) = ds.get(SPECIFIC_CHARACTER_SET) else {
        return true;
    };
    let bytes = rec.value.range().map_or(&[][..], |r| &data[r]);
    std::str::from_utf8(bytes)
        .is_ok_and(|text| ASCII_CHARSETS.contains(&text.trim_matches([' ', '\0'])))
}

/// The VR an element read with implicit VR is written with in explicit VR when
/// the writer would copy its value (the value decodes and encodes back to the
/// same bytes); None when the writer would decode it in Python.
fn transcoded_vr(data: &[u8], rec: &ElementRecord) -> Option<Vr> {
    if LUT_DESCRIPTORS.contains(&rec.tag) {
        return None;
    }
    let vr = fast_vr(rec, None)?;
    let bytes = match &rec.value {
        ValueRef::Bytes { .. } => &data[rec.value.range()?],
        ValueRef::Empty { .. } => &[][..],
        _ => return None,
    };
    let name = vr.as_str().as_bytes();
    (reencodes_unchanged(vr, bytes, true, Context::default())
        && header_vr(name, bytes.len(), false, EXPLICIT_LE) == name)
        .then_some(vr)
}

/// Write a record as read: copied (explicit VR), or under the header of its
/// dictionary VR (implicit VR; see `transcoded_vr`).
fn write_read(em: &mut Emitter, data: &[u8], rec: &ElementRecord, implicit: bool) -> Option<()> {
    if !implicit {
        return write_record(em, data, rec).ok();
    }
    let vr = transcoded_vr(data, rec)?;
    let bytes = rec.value.range().map_or(&[][..], |r| &data[r]);
    em.header(rec.tag, vr.as_str().as_bytes(), bytes.len() as u32, false);
    em.bytes(bytes);
    Some(())
}

/// The elements of `index` in tag order, with `values` (sorted by tag) written
/// in place of (or added among) the ones read.
fn write_group<const N: usize>(
    em: &mut Emitter,
    data: &[u8],
    index: &DatasetIndex,
    values: [(u32, NewValue<'_>); N],
) -> Option<()> {
    let replaced: Vec<u32> = values.iter().map(|(tag, _)| *tag).collect();
    let mut pending = values.into_iter().peekable();
    for rec in sorted(index) {
        while let Some((tag, value)) = pending.next_if(|(tag, _)| *tag <= rec.tag) {
            write_value(em, tag, value);
        }
        if !is_skipped_group_length(rec.tag) && !replaced.contains(&rec.tag) {
            write_read(em, data, rec, index.implicit_vr)?;
        }
    }
    for (tag, value) in pending {
        write_value(em, tag, value);
    }
    Some(())
}

fn write_value(em: &mut Emitter, tag: u32, value: NewValue<'_>) {
    match value {
        NewValue::Uid(uid) => {
            let padded = uid.len() + uid.len() % 2;
            em.header(tag, b"UI", padded as u32, false);
            em.bytes(uid.as_bytes());
            if uid.len() % 2 == 1 {
                em.out.push(0);
            }
        }
        NewValue::Encapsulated(items) => {
            em.header(tag, b"OB", 0, true);
            em.bytes(&items);
            em.sequence_delimiter();
        }
    }
}

/// A UI value of `index`, without its padding.
fn uid_value<'a>(data: &'a [u8], index: &DatasetIndex, tag: u32) -> Option<&'a str> {
    let bytes = &data[index.get(tag)?.value.range()?];
    std::str::from_utf8(bytes)
        .ok()
        .map(|s| s.trim_end_matches(['\0', ' ']))
}

/// True when the element is absent, or decoding and encoding it again (what
/// the writer does with an element Python has read) gives its bytes back.
fn unchanged_when_decoded(data: &[u8], ds: &DatasetIndex, tag: u32) -> bool {
    ds.get(tag).is_none_or(|rec| reencodes(data, rec))
}

fn reencodes(data: &[u8], rec: &ElementRecord) -> bool {
    if rec.length == UNDEFINED_LENGTH {
        return false;
    }
    let Some(vr) = vr_of(rec) else {
        return false;
    };
    let bytes = match &rec.value {
        ValueRef::Bytes { .. } => &data[rec.value.range().expect("bytes")],
        ValueRef::Empty { .. } => &[][..],
        _ => return false,
    };
    reencodes_unchanged(vr, bytes, true, Context::default())
}

/// The VR found (explicit VR) or the dictionary's (implicit VR), when certain.
fn vr_of(rec: &ElementRecord) -> Option<Vr> {
    match rec.vr {
        Some(found) => Vr::from_bytes(found),
        None => fast_vr(rec, None),
    }
}

/// One US value.
fn unsigned(data: &[u8], ds: &DatasetIndex, tag: u32) -> Option<u64> {
    let rec = ds.get(tag)?;
    if vr_of(rec) != Some(Vr::US) {
        return None;
    }
    match decode(Vr::US, &data[rec.value.range()?], true, Context::default())? {
        Decoded::Unsigned(v) if v.len() == 1 => Some(v[0]),
        _ => None,
    }
}

/// Number of Frames: 1 when absent; None when it is anything but one integer
/// of at least 1 (the Python path warns or fails about those).
fn number_of_frames(data: &[u8], ds: &DatasetIndex) -> Option<usize> {
    let Some(rec) = ds.get(NUMBER_OF_FRAMES) else {
        return Some(1);
    };
    if vr_of(rec) != Some(Vr::IS) {
        return None;
    }
    match decode(Vr::IS, &data[rec.value.range()?], true, Context::default())? {
        Decoded::Integer(v) if v.len() == 1 => usize::try_from(v[0].1?).ok().filter(|&n| n >= 1),
        _ => None,
    }
}

fn photometric(data: &[u8], ds: &DatasetIndex) -> Option<String> {
    let rec = ds.get(PHOTOMETRIC_INTERPRETATION)?;
    if vr_of(rec) != Some(Vr::CS) {
        return None;
    }
    match decode(Vr::CS, &data[rec.value.range()?], true, Context::default())? {
        Decoded::Text(_, v) if v.len() == 1 => Some(v[0].to_owned()),
        _ => None,
    }
}

/// The layout, when it is one the RLE Lossless profile allows (pydicom's
/// encoding profiles).
fn layout(data: &[u8], ds: &DatasetIndex) -> Option<Layout> {
    let rows = unsigned(data, ds, ROWS)?;
    let columns = unsigned(data, ds, COLUMNS)?;
    let samples = unsigned(data, ds, SAMPLES_PER_PIXEL)?;
    let allocated = unsigned(data, ds, BITS_ALLOCATED)?;
    let stored = unsigned(data, ds, BITS_STORED)?;
    let representation = unsigned(data, ds, PIXEL_REPRESENTATION)?;
    let frames = number_of_frames(data, ds)?;
    let pi = photometric(data, ds)?;
    let max_stored = match (pi.as_str(), samples, representation) {
        ("MONOCHROME1" | "MONOCHROME2", 1, 0 | 1) | ("PALETTE COLOR", 1, 0) | ("RGB", 3, 0) => 16,
        ("YBR_FULL", 3, 0) => 8,
        _ => return None,
    };
    if samples == 3 && unsigned(data, ds, PLANAR_CONFIGURATION)? != 0 {
        return None;
    }
    let bytes_per_sample = match allocated {
        8 => 1,
        16 if max_stored == 16 => 2,
        _ => return None,
    };
    if !(1..=allocated.min(max_stored)).contains(&stored) || rows == 0 || columns == 0 {
        return None;
    }
    Some(Layout {
        rows: rows as usize,
        columns: columns as usize,
        samples: samples as usize,
        bytes_per_sample,
        frames,
    })
}

/// The frames' bytes (trailing bytes past the last frame left out).
fn pixel_bytes<'a>(data: &'a [u8], ds: &DatasetIndex, layout: &Layout) -> Option<&'a [u8]> {
    let rec = ds.get(PIXEL_DATA)?;
    let vr_ok = match rec.vr {
        Some(vr) => &vr == b"OW" || &vr == b"OB",
        None => ds.implicit_vr,
    };
    if rec.length == UNDEFINED_LENGTH || !vr_ok {
        return None;
    }
    let bytes = match &rec.value {
        ValueRef::Bytes { .. } => &data[rec.value.range()?],
        _ => return None,
    };
    let frame = layout
        .rows
        .checked_mul(layout.columns)?
        .checked_mul(layout.samples * layout.bytes_per_sample)?;
    let total = frame.checked_mul(layout.frames)?;
    (bytes.len() >= total).then(|| &bytes[..total])
}

/// Each frame encoded, one after another (the caller runs files in parallel);
/// None when the Basic Offset Table could not hold the offsets.
fn encode_frames(pixels: &[u8], layout: &Layout) -> Option<Vec<Vec<u8>>> {
    let frame = pixels.len() / layout.frames;
    let encoded = pixels
        .chunks(frame)
        .map(|f| {
            rle_encode::encode_frame(
                f,
                layout.rows,
                layout.columns,
                layout.samples,
                layout.bytes_per_sample,
            )
            .ok()
        })
        .collect::<Option<Vec<_>>>()?;
    let offsets: usize = encoded[..encoded.len() - 1]
        .iter()
        .map(|f| f.len() + 8)
        .sum();
    (offsets <= u32::MAX as usize).then_some(encoded)
}
