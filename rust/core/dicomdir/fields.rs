//! The elements of a directory record that the record walk needs, decoded from
//! the record as read.

use crate::tags::{
    DIRECTORY_RECORD_TYPE, OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY,
    OFFSET_OF_THE_NEXT_DIRECTORY_RECORD, PATIENT_ID, PRIVATE_RECORD_UID, RECORD_IN_USE_FLAG,
    REFERENCED_FILE_ID, REFERENCED_SOP_INSTANCE_UID_IN_FILE, SERIES_INSTANCE_UID,
    STUDY_INSTANCE_UID,
};
use crate::values::{decode, Context, Decoded};
use crate::vr::Vr;

/// What a record holds for a tag, as far as this module can tell.
pub enum Lookup<'a> {
    Absent,
    /// The value's bytes as read, with its VR and byte order.
    Read {
        vr: Vr,
        bytes: &'a [u8],
        little: bool,
    },
    /// Present, but only the Python side can give its value (set or changed
    /// there, deferred, empty, ...).
    Elsewhere,
}

/// A directory record's fields. `None` in an `Option` field: the element is absent.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordFields {
    pub record_type: Option<String>,
    pub next: Option<u64>,
    pub lower: Option<u64>,
    pub in_use: Option<u64>,
    /// The Referenced File ID's components (empty: present with no value).
    pub file_id: Option<Vec<String>>,
    /// What tells the record from its siblings (see `key_tag`).
    pub key: Option<String>,
}

/// The element whose value is a record's key: PS3.3 F.5 makes it unique among
/// siblings. A STUDY record without a Study Instance UID uses its referenced
/// SOP Instance UID.
pub fn key_tag(record_type: &str, has_study_uid: bool) -> u32 {
    match record_type {
        "PATIENT" => PATIENT_ID,
        "STUDY" if has_study_uid => STUDY_INSTANCE_UID,
        "SERIES" => SERIES_INSTANCE_UID,
        "PRIVATE" => PRIVATE_RECORD_UID,
        _ => REFERENCED_SOP_INSTANCE_UID_IN_FILE,
    }
}

enum Value {
    Absent,
    Text(Vec<String>),
    Number(Vec<u64>),
}

fn value(found: Lookup<'_>) -> Option<Value> {
    let (vr, bytes, little) = match found {
        Lookup::Absent => return Some(Value::Absent),
        Lookup::Elsewhere => return None,
        Lookup::Read { vr, bytes, little } => (vr, bytes, little),
    };
    let ctx = Context { strict: false };
    Some(match decode(vr, bytes, little, ctx)? {
        Decoded::Text(_, items) => Value::Text(items.iter().map(|s| s.to_string()).collect()),
        Decoded::Unsigned(items) => Value::Number(items.to_vec()),
        _ => return None,
    })
}

fn single_text(found: Lookup<'_>) -> Option<Option<String>> {
    match value(found)? {
        Value::Absent => Some(None),
        Value::Text(mut items) if items.len() == 1 => Some(items.pop()),
        _ => None,
    }
}

fn single_number(found: Lookup<'_>) -> Option<Option<u64>> {
    match value(found)? {
        Value::Absent => Some(None),
        Value::Number(items) if items.len() == 1 => Some(Some(items[0])),
        _ => None,
    }
}

/// The record's fields through `lookup`, or None when one of them can only be
/// read on the Python side (the caller then walks that DICOMDIR there).
pub fn record_fields<'a>(lookup: impl Fn(u32) -> Lookup<'a>) -> Option<RecordFields> {
    let record_type = single_text(lookup(DIRECTORY_RECORD_TYPE))?;
    let file_id = match lookup(REFERENCED_FILE_ID) {
        Lookup::Absent => None,
        // An empty value (no bytes) is a File ID with no components.
        Lookup::Read { bytes: [], .. } => Some(Vec::new()),
        found => match value(found)? {
            Value::Text(items) => Some(items),
            _ => return None,
        },
    };
    let key = match &record_type {
        Some(t) => {
            let has_study_uid = !matches!(lookup(STUDY_INSTANCE_UID), Lookup::Absent);
            single_text(lookup(key_tag(t, has_study_uid)))?
        }
        None => None,
    };
    Some(RecordFields {
        record_type,
        next: single_number(lookup(OFFSET_OF_THE_NEXT_DIRECTORY_RECORD))?,
        lower: single_number(lookup(OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY))?,
        in_use: single_number(lookup(RECORD_IN_USE_FLAG))?,
        file_id,
        key,
    })
}
