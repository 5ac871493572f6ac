//! The DICOM data dictionary: public elements (PS3.6/PS3.7), repeating groups,
//! private creators' elements and UIDs.
//!
//! The tables are generated (see `tools/gen_dict.py`) as sorted static arrays, so
//! nothing is built at start-up; lookups are binary searches. Entries that users add
//! at run time live in `runtime` and take precedence, as in pydicom.

mod runtime;
mod table_elements;
mod table_private;
mod table_uids;

use std::borrow::Cow;

use crate::core::error::{Error, Result};
use crate::core::tag::Tag;

pub use runtime::{add_elements, add_private_elements, reset_runtime_entries};

/// One row of the generated element tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticElement {
    pub tag: u32,
    pub vr: &'static str,
    pub vm: &'static str,
    pub name: &'static str,
    pub keyword: &'static str,
    pub retired: bool,
}

/// One row of the generated UID table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticUid {
    pub uid: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub info: &'static str,
    pub retired: bool,
    pub keyword: &'static str,
}

/// A dictionary entry as handed out: borrowed from the tables, or owned when a user
/// added it at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub vr: Cow<'static, str>,
    pub vm: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub keyword: Cow<'static, str>,
    pub retired: bool,
}

impl From<&'static StaticElement> for Entry {
    fn from(e: &'static StaticElement) -> Self {
        Entry {
            vr: Cow::Borrowed(e.vr),
            vm: Cow::Borrowed(e.vm),
            name: Cow::Borrowed(e.name),
            keyword: Cow::Borrowed(e.keyword),
            retired: e.retired,
        }
    }
}

/// A private dictionary entry (private entries have no keyword and are never retired).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateEntry {
    pub vr: Cow<'static, str>,
    pub vm: Cow<'static, str>,
    pub name: Cow<'static, str>,
}

fn static_element(tag: u32) -> Option<&'static StaticElement> {
    let table = &table_elements::ELEMENTS;
    table.binary_search_by_key(&tag, |e| e.tag).ok().map(|i| &table[i])
}

/// The entry for exactly this tag (no repeating-group matching): pydicom's
/// `DicomDictionary[tag]`.
pub fn element(tag: u32) -> Option<Entry> {
    if let Some(e) = runtime::element(tag) {
        return Some(e);
    }
    static_element(tag).map(Entry::from)
}

/// The repeating-group pattern (e.g. "60xx3000") that `tag` matches, first in table
/// order. Like pydicom's `mask_match`, this does not look at whether `tag` is private.
pub fn repeater(tag: u32) -> Option<(&'static str, &'static StaticElement)> {
    table_elements::REPEATERS
        .iter()
        .find(|(_, mask, value, _)| tag & mask == *value)
        .map(|(pattern, _, _, e)| (*pattern, e))
}

/// pydicom's `get_entry`: the exact entry, else (for public tags) the repeating-group
/// entry.
pub fn element_or_repeater(tag: u32) -> Option<Entry> {
    element(tag).or_else(|| {
        if Tag(tag).is_private() {
            return None;
        }
        repeater(tag).map(|(_, e)| Entry::from(e))
    })
}

/// The tag for a keyword of a (non-repeating) dictionary element.
pub fn tag_for_keyword(keyword: &str) -> Option<u32> {
    if let Some(t) = runtime::tag_for_keyword(keyword) {
        return Some(t);
    }
    let table = &table_elements::KEYWORDS;
    table.binary_search_by_key(&keyword, |(k, _)| k).ok().map(|i| table[i].1)
}

/// Whether `keyword` names a repeating-group element (which has no single tag).
pub fn is_repeater_keyword(keyword: &str) -> bool {
    table_elements::REPEATERS.iter().any(|(_, _, _, e)| e.keyword == keyword)
}

/// The keys pydicom tries for a private tag, most specific first.
fn private_keys(tag: Tag) -> [String; 3] {
    let (g, e) = (tag.group(), tag.element());
    [
        format!("{g:04X}{e:04X}"),
        format!("{g:04X}xx{:02X}", e & 0xFF),
        format!("{:02X}xxxx{:02X}", g >> 8, e & 0xFF),
    ]
}

fn static_private(creator: &str, key: &str) -> Option<PrivateEntry> {
    let table = &table_private::PRIVATE;
    table
        .binary_search_by(|(c, k, ..)| (c.as_bytes(), k.as_bytes()).cmp(&(creator.as_bytes(), key.as_bytes())))
        .ok()
        .map(|i| {
            let (_, _, vr, vm, name) = table[i];
            PrivateEntry { vr: Cow::Borrowed(vr), vm: Cow::Borrowed(vm), name: Cow::Borrowed(name) }
        })
}

fn static_creator_known(creator: &str) -> bool {
    let table = &table_private::PRIVATE;
    let i = table.partition_point(|(c, ..)| c.as_bytes() < creator.as_bytes());
    i < table.len() && table[i].0 == creator
}

/// pydicom's `get_private_entry`: the entry of `tag` in the block of `creator`.
pub fn private_element(tag: u32, creator: &str) -> Result<PrivateEntry> {
    let known = runtime::private_creator_known(creator) || static_creator_known(creator);
    if !known {
        return Err(Error::UnknownPrivateCreator { creator: creator.to_owned() });
    }
    for key in private_keys(Tag(tag)) {
        if let Some(e) = runtime::private_element(creator, &key) {
            return Ok(e);
        }
        if let Some(e) = static_private(creator, &key) {
            return Ok(e);
        }
    }
    Err(Error::PrivateTagNotFound { tag: Tag(tag), creator: creator.to_owned() })
}

/// The UID table row for `uid`.
pub fn uid(uid: &str) -> Option<&'static StaticUid> {
    let table = &table_uids::UIDS;
    table.binary_search_by(|u| u.uid.as_bytes().cmp(uid.as_bytes())).ok().map(|i| &table[i])
}

/// Every exact element entry (tables merged with run-time additions), by tag.
pub fn all_elements() -> Vec<(u32, Entry)> {
    let mut out: Vec<(u32, Entry)> = table_elements::ELEMENTS
        .iter()
        .filter(|e| runtime::element(e.tag).is_none())
        .map(|e| (e.tag, Entry::from(e)))
        .collect();
    out.extend(runtime::all_elements());
    out.sort_by_key(|(t, _)| *t);
    out
}

/// Every repeating-group entry, in table order.
pub fn all_repeaters() -> impl Iterator<Item = (&'static str, Entry)> {
    table_elements::REPEATERS.iter().map(|(p, _, _, e)| (*p, Entry::from(e)))
}

/// Every private entry: (creator, key, entry), run-time additions included.
pub fn all_private() -> Vec<(String, String, PrivateEntry)> {
    let mut out: Vec<(String, String, PrivateEntry)> = table_private::PRIVATE
        .iter()
        .map(|&(c, k, vr, vm, name)| {
            let e = PrivateEntry { vr: Cow::Borrowed(vr), vm: Cow::Borrowed(vm), name: Cow::Borrowed(name) };
            (c.to_owned(), k.to_owned(), e)
        })
        .collect();
    out.extend(runtime::all_private());
    out
}

pub fn all_uids() -> &'static [StaticUid] {
    &table_uids::UIDS
}

#[cfg(test)]
mod tests;
