//! One element in the JSON model, from its decoded value: what pydicom's
//! `DataElement.to_json_dict` gives, dumped with sorted keys.

use base64::Engine;

use super::text::{push_float, push_int, push_str};
use crate::values::{person_name_groups, Decoded, TextKind};
use crate::vr::Vr;

/// `{"vr": "XX"}`: an element without a value.
pub fn push_empty(out: &mut String, vr: &str) {
    out.push_str("{\"vr\": ");
    push_str(out, vr);
    out.push('}');
}

/// `{"Value": [...], "vr": "XX"}` with `items` writing the list's contents.
fn push_value(out: &mut String, vr: Vr, items: impl FnOnce(&mut String)) {
    out.push_str("{\"Value\": [");
    items(out);
    out.push_str("], \"vr\": \"");
    out.push_str(vr.as_str());
    out.push_str("\"}");
}

fn push_list<T>(out: &mut String, values: &[T], mut each: impl FnMut(&mut String, &T)) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, v);
    }
}

/// Write the element, or answer false (writing nothing) when pydicom's own path
/// must decide: it raises for an empty item among several DS or IS values, and a
/// person name of "=" groups only has no alphabetic component to write.
pub fn push_decoded(out: &mut String, vr: Vr, decoded: &Decoded<'_>) -> bool {
    match decoded {
        Decoded::Text(kind, items) => {
            if items.len() == 1 && items[0].is_empty() {
                push_empty(out, vr.as_str());
                return true;
            }
            if *kind == TextKind::PersonName {
                let groups = person_name_groups(items[0]);
                if groups.is_empty() {
                    return false;
                }
                push_value(out, vr, |out| push_person_name(out, &groups));
                return true;
            }
            push_value(out, vr, |out| push_list(out, items, |o, s| push_str(o, s)));
        }
        Decoded::Decimal(items) => {
            let Some(values) = all_present(items) else {
                return single_empty(out, vr, items.len());
            };
            push_value(out, vr, |out| {
                push_list(out, &values, |o, v| push_float(o, *v))
            });
        }
        Decoded::Integer(items) => {
            let Some(values) = all_present(items) else {
                return single_empty(out, vr, items.len());
            };
            push_value(out, vr, |out| {
                push_list(out, &values, |o, v| push_int(o, v))
            });
        }
        Decoded::Unsigned(v) => push_value(out, vr, |out| push_list(out, v, |o, n| push_int(o, n))),
        Decoded::Signed(v) => push_value(out, vr, |out| push_list(out, v, |o, n| push_int(o, n))),
        Decoded::Float(v) => push_value(out, vr, |out| push_list(out, v, |o, x| push_float(o, *x))),
        Decoded::Bytes(b) => push_inline_binary(out, vr.as_str(), b),
    }
    true
}

/// The values when no item is empty.
fn all_present<T: Copy>(items: &[(&str, Option<T>)]) -> Option<Vec<T>> {
    items.iter().map(|(_, v)| *v).collect()
}

/// One empty item is an empty element; an empty one among several makes
/// pydicom's int()/float() raise, which only its path can do.
fn single_empty(out: &mut String, vr: Vr, count: usize) -> bool {
    if count == 1 {
        push_empty(out, vr.as_str());
        return true;
    }
    false
}

/// `{"Alphabetic": ..., "Ideographic": ..., "Phonetic": ...}` for the groups present.
fn push_person_name(out: &mut String, groups: &[&str]) {
    const NAMES: [&str; 3] = ["Alphabetic", "Ideographic", "Phonetic"];
    out.push('{');
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(NAMES[i]);
        out.push_str("\": ");
        push_str(out, group);
    }
    out.push('}');
}

/// `{"InlineBinary": "<base64>", "vr": "XX"}` (no value: just the VR).
pub fn push_inline_binary(out: &mut String, vr: &str, bytes: &[u8]) {
    if bytes.is_empty() {
        push_empty(out, vr);
        return;
    }
    out.push_str("{\"InlineBinary\": \"");
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
    out.push_str("\", \"vr\": ");
    push_str(out, vr);
    out.push('}');
}

/// An AT value (tags as `GGGGEEEE`), or false when its length is not a whole
/// number of tags (pydicom's converter decides what that becomes).
pub fn push_tags(out: &mut String, bytes: &[u8], little: bool) -> bool {
    if bytes.is_empty() || bytes.len() % 4 != 0 {
        return false;
    }
    push_value(out, Vr::AT, |out| {
        for (i, chunk) in bytes.chunks_exact(4).enumerate() {
            let half = |b: &[u8]| {
                let pair = [b[0], b[1]];
                u32::from(if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                })
            };
            let tag = (half(&chunk[..2]) << 16) | half(&chunk[2..]);
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("\"{tag:08X}\""));
        }
    });
    true
}
