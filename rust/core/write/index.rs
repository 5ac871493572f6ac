//! Writing elements that were read and not changed, from the bytes they were read
//! from: what pydicom does with its RawDataElements (values written as they are)
//! and with the sequences it parsed while reading (items re-framed, lengths
//! recomputed).

use super::emit::{Emitter, UNDEFINED_LENGTH};
use super::is_skipped_group_length;
use crate::error::{Error, Result};
use crate::index::{DatasetIndex, ElementRecord, ValueRef};
use crate::tag::Tag;
use crate::tags::ITEM;
use crate::tags::{PIXEL_DATA, SPECIFIC_CHARACTER_SET};

/// The VR an element is written with in an explicit VR header: the one pydicom
/// settled on while reading (undefined lengths), else the one found.
fn header_vr(rec: &ElementRecord) -> Option<&[u8]> {
    match rec.resolved_vr() {
        Some(vr) => Some(vr.as_bytes()),
        None => rec.vr.as_ref().map(|v| &v[..]),
    }
}

/// The element's value bytes as read (empty for an empty value).
fn value_bytes<'a>(buf: &'a [u8], rec: &ElementRecord) -> &'a [u8] {
    rec.value.range().map_or(&[][..], |r| &buf[r])
}

/// VRs whose empty value pydicom's reader keeps as `b""`; for the others it keeps
/// None, which makes pydicom decode the element before writing it.
fn empty_is_bytes(vr: Option<[u8; 2]>) -> bool {
    use crate::vr::{Kind, Vr};
    vr.and_then(Vr::from_bytes)
        .is_some_and(|v| matches!(v.kind(), Kind::Text | Kind::CharsetText))
}

/// Which read elements may be copied unchanged.
#[derive(Debug, Clone, Copy, Default)]
pub struct CopyRules {
    /// pydicom's `use_none_as_empty_text_VR_value`: every empty value is None.
    pub empty_is_none: bool,
}

/// True when `rec` can be copied to the output unchanged and pydicom would write
/// the same bytes: its value is loaded (and, if empty, kept by pydicom as bytes),
/// the header can be written in `em`'s encoding without the UN fallback, and any
/// items it holds are in that encoding and do not set their own character set.
/// Anything else is written through its Python value (with pydicom's
/// conversions, warnings and errors).
pub fn copyable(em: &Emitter, buf: &[u8], rec: &ElementRecord, rules: CopyRules) -> bool {
    let enc = em.enc;
    let vr = header_vr(rec);
    if !enc.implicit_vr && vr.is_none_or(|v| v.len() != 2) {
        return false;
    }
    match &rec.value {
        ValueRef::Deferred { .. } => false,
        ValueRef::Empty { .. } if rules.empty_is_none || !empty_is_bytes(rec.vr) => false,
        ValueRef::Bytes { .. } | ValueRef::Empty { .. } => {
            let value = value_bytes(buf, rec);
            let undefined = rec.length == UNDEFINED_LENGTH;
            if undefined && rec.tag == PIXEL_DATA {
                let mut item = Emitter::new(enc);
                item.tag(ITEM);
                if !value.starts_with(&item.out) {
                    return false;
                }
            }
            let vr = vr.unwrap_or(b"");
            super::emit::header_vr(vr, value.len(), undefined, enc) == vr
                && u32::try_from(value.len()).is_ok()
        }
        ValueRef::Sequence(seq) => seq.items.iter().all(|item| {
            let ds = &item.dataset;
            ds.implicit_vr == enc.implicit_vr
                && ds.little_endian == enc.little_endian
                && ds.get(SPECIFIC_CHARACTER_SET).is_none()
                && ds.elements.iter().all(|r| copyable(em, buf, r, rules))
        }),
    }
}

/// Write `rec` as read (see `copyable`, which the caller has checked).
pub fn write_record(em: &mut Emitter, buf: &[u8], rec: &ElementRecord) -> Result<()> {
    let vr = header_vr(rec).unwrap_or(b"");
    match &rec.value {
        ValueRef::Sequence(seq) => {
            em.header(rec.tag, vr, 0, true);
            for item in &seq.items {
                let at = em.begin_item();
                write_dataset(em, buf, &item.dataset)?;
                em.end_item(at, item.undefined_length)
                    .ok_or(Error::ValueTooLong { tag: Tag(rec.tag) })?;
            }
            em.sequence_delimiter();
        }
        _ => {
            let value = value_bytes(buf, rec);
            let undefined = rec.length == UNDEFINED_LENGTH;
            em.header(rec.tag, vr, value.len() as u32, undefined);
            em.bytes(value);
            if undefined {
                em.sequence_delimiter();
            }
        }
    }
    Ok(())
}

/// Write every element of `index` in tag order, as read.
pub fn write_dataset(em: &mut Emitter, buf: &[u8], index: &DatasetIndex) -> Result<()> {
    for rec in sorted(index) {
        if !is_skipped_group_length(rec.tag) {
            write_record(em, buf, rec)?;
        }
    }
    Ok(())
}

/// The elements of `index` in tag order.
pub fn sorted(index: &DatasetIndex) -> Vec<&ElementRecord> {
    let mut records: Vec<&ElementRecord> = index.elements.iter().collect();
    if !index.sorted() {
        records.sort_unstable_by_key(|r| r.tag);
    }
    records
}
