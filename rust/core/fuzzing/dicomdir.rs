//! The DICOMDIR walk on any input: a file's Directory Record Sequence read,
//! linked and laid out as `rapidicom.fileset` does it natively. Whatever the
//! records say (offsets anywhere, loops, any record types), this ends, in time
//! linear in the records, without a panic.

use crate::dicomdir::fields::{record_fields, Lookup};
use crate::dicomdir::file_ids::{layout_file_id, Prefix};
use crate::dicomdir::links::{link, Link};
use crate::index::{DatasetIndex, ValueRef};
use crate::parse::{parse_file, parse_sequence_value, ReadOptions};
use crate::tags::{
    DIRECTORY_RECORD_SEQUENCE, OFFSET_OF_THE_FIRST_DIRECTORY_RECORD_OF_THE_ROOT_DIRECTORY_ENTITY,
};
use crate::vr::Vr;

/// `tag` in `index` as read from `data`.
fn lookup<'a>(data: &'a [u8], index: &DatasetIndex, tag: u32) -> Lookup<'a> {
    let Some(rec) = index.get(tag) else {
        return Lookup::Absent;
    };
    let vr = rec
        .resolved_vr()
        .and_then(|v| <[u8; 2]>::try_from(v.as_bytes()).ok())
        .or(rec.vr)
        .and_then(Vr::from_bytes);
    match (vr, &rec.value) {
        (Some(vr), ValueRef::Bytes { .. }) => match rec.value.range().and_then(|r| data.get(r)) {
            Some(bytes) => Lookup::Read {
                vr,
                bytes,
                little: index.little_endian,
            },
            None => Lookup::Elsewhere,
        },
        (Some(vr), ValueRef::Empty { .. }) => Lookup::Read {
            vr,
            bytes: &[],
            little: index.little_endian,
        },
        _ => Lookup::Elsewhere,
    }
}

pub fn dicomdir(data: &[u8]) {
    walk(data);
}

/// The walk; the number of records with a File ID the tree reaches, or None
/// where it stops (no record sequence, records only Python reads, refused links).
pub(crate) fn walk(data: &[u8]) -> Option<usize> {
    let opts = ReadOptions {
        force: true,
        ..ReadOptions::default()
    };
    let file = parse_file(data, &opts).ok()?;
    if file.inflated.is_some() {
        return None;
    }
    let rec = file.dataset.get(DIRECTORY_RECORD_SEQUENCE)?;
    // A defined-length sequence is parsed when used, as the reader leaves it.
    let parsed;
    let sequence = match &rec.value {
        ValueRef::Sequence(sequence) => sequence.as_ref(),
        ValueRef::Bytes { .. } => {
            let index = &file.dataset;
            let range = rec.value.range()?;
            let found = parse_sequence_value(
                data,
                range,
                rec.value.start(),
                index.implicit_vr,
                index.little_endian,
                &opts,
                1,
            );
            parsed = found.ok()?.0;
            &parsed
        }
        _ => return None,
    };
    let mut links = Vec::new();
    let mut prefixes = Vec::new();
    for item in &sequence.items {
        // None: the Python walk reads such records.
        let fields = record_fields(|tag| lookup(data, &item.dataset, tag))?;
        prefixes.push(fields.record_type.as_ref().map(|t| Prefix {
            letters: t.chars().take(2).collect(),
            with_depth: t == "PRIVATE",
        }));
        links.push(Link {
            offset: item.item_tell,
            next: fields.next.unwrap_or(0),
            lower: fields.lower.unwrap_or(0),
            has_file_id: fields.file_id.is_some(),
            key: fields.key.unwrap_or_default(),
        });
    }
    let first = match lookup(
        data,
        &file.dataset,
        OFFSET_OF_THE_FIRST_DIRECTORY_RECORD_OF_THE_ROOT_DIRECTORY_ENTITY,
    ) {
        Lookup::Read { bytes, little, .. } if bytes.len() == 4 => {
            let b: [u8; 4] = bytes.try_into().expect("4 bytes");
            u64::from(if little {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            })
        }
        _ => 0,
    };
    let tree = link(&links, first).ok()?;
    let reachable = tree.reachable();
    assert!(reachable.len() <= links.len(), "a record reached twice");
    for &i in &tree.with_file_id {
        for alphanumeric in [false, true] {
            if let Some(parts) = layout_file_id(&tree, &prefixes, i, alphanumeric) {
                assert!(parts.iter().all(|p| p.len() >= 8), "{parts:?}");
            }
        }
    }
    Some(tree.with_file_id.len())
}
