//! Dictionary lookups for `rapidicom.datadict` and `rapidicom.uid`.
//!
//! Entries cross into Python as pydicom's tuples: elements as
//! (VR, VM, name, "Retired" or "", keyword), private entries as (VR, VM, name, "").

use std::borrow::Cow;

use pyo3::prelude::*;

use super::errors::OrRaise;
use rapidicom_core::dict::{self, Entry, PrivateEntry, Uid};

type EntryTuple = (String, String, String, &'static str, String);
type PrivateTuple = (String, String, String, &'static str);
type UidTuple = (String, String, String, bool, String);
/// An entry as Python gives it: (tag, VR, VM, name, retired, keyword).
type EntryRow = (u32, String, String, String, bool, String);
/// A private entry as Python gives it: (key, VR, VM, name).
type PrivateRow = (String, String, String, String);

fn entry_tuple(e: Entry) -> EntryTuple {
    let retired = if e.retired { "Retired" } else { "" };
    (
        e.vr.into_owned(),
        e.vm.into_owned(),
        e.name.into_owned(),
        retired,
        e.keyword.into_owned(),
    )
}

fn uid_tuple(u: Uid) -> UidTuple {
    (
        u.name.into_owned(),
        u.kind.into_owned(),
        u.info.into_owned(),
        u.retired,
        u.keyword.into_owned(),
    )
}

fn entry_from_row((tag, vr, vm, name, retired, keyword): EntryRow) -> (u32, Entry) {
    let entry = Entry {
        vr: Cow::Owned(vr),
        vm: Cow::Owned(vm),
        name: Cow::Owned(name),
        keyword: Cow::Owned(keyword),
        retired,
    };
    (tag, entry)
}

fn private_from_row((key, vr, vm, name): PrivateRow) -> (String, PrivateEntry) {
    let entry = PrivateEntry {
        vr: Cow::Owned(vr),
        vm: Cow::Owned(vm),
        name: Cow::Owned(name),
    };
    (key, entry)
}

fn private_tuple(e: PrivateEntry) -> PrivateTuple {
    (
        e.vr.into_owned(),
        e.vm.into_owned(),
        e.name.into_owned(),
        "",
    )
}

/// The exact entry for `tag` (pydicom's `DicomDictionary[tag]`), or None.
#[pyfunction]
fn exact_entry(tag: u32) -> Option<EntryTuple> {
    dict::element(tag).map(entry_tuple)
}

/// pydicom's `get_entry`: exact entry, else the repeating-group entry, or None.
#[pyfunction]
fn entry(tag: u32) -> Option<EntryTuple> {
    dict::element_or_repeater(tag).map(entry_tuple)
}

/// The repeating-group pattern ("60xx3000") that `tag` matches, or None.
#[pyfunction]
fn repeater_pattern(tag: u32) -> Option<&'static str> {
    dict::repeater(tag).map(|(p, _)| p)
}

#[pyfunction]
fn tag_for_keyword(keyword: &str) -> Option<u32> {
    dict::tag_for_keyword(keyword)
}

/// Every (keyword, tag) of the non-repeating dictionary, run-time additions included.
#[pyfunction]
fn all_keywords() -> Vec<(String, u32)> {
    dict::all_elements()
        .into_iter()
        .filter(|(_, e)| !e.keyword.is_empty())
        .map(|(t, e)| (e.keyword.into_owned(), t))
        .collect()
}

#[pyfunction]
fn is_repeater_keyword(keyword: &str) -> bool {
    dict::is_repeater_keyword(keyword)
}

#[pyfunction]
fn private_entry(tag: u32, creator: &str) -> PyResult<PrivateTuple> {
    dict::private_element(tag, creator)
        .map(private_tuple)
        .or_raise()
}

/// (name, type, info, retired, keyword) for a UID in PS3.6, or None.
#[pyfunction]
fn uid_entry(uid: &str) -> Option<UidTuple> {
    dict::uid(uid).map(uid_tuple)
}

/// pydicom's `add_dict_entries`: public entries only.
#[pyfunction]
fn add_entries(entries: Vec<EntryRow>) -> PyResult<()> {
    dict::add_elements(entries.into_iter().map(entry_from_row).collect()).or_raise()
}

/// `DicomDictionary[tag] = entry` (no check, as for pydicom's plain dict).
#[pyfunction]
fn set_entries(entries: Vec<EntryRow>) {
    dict::set_elements(entries.into_iter().map(entry_from_row).collect());
}

/// `del DicomDictionary[tag]`.
#[pyfunction]
fn remove_entries(tags: Vec<u32>) {
    dict::remove_elements(&tags);
}

/// `private_dictionaries[creator][key] = entry`, keyed as pydicom keys them.
#[pyfunction]
fn set_private_entries(creator: &str, entries: Vec<PrivateRow>) {
    dict::set_private_entries(creator, entries.into_iter().map(private_from_row).collect());
}

/// `del private_dictionaries[creator][key]`.
#[pyfunction]
fn remove_private_entries(creator: &str, keys: Vec<String>) {
    dict::remove_private_entries(creator, &keys);
}

/// `private_dictionaries[creator] = block`, or with None `del
/// private_dictionaries[creator]`.
#[pyfunction]
fn replace_private_block(creator: &str, entries: Option<Vec<PrivateRow>>) {
    let entries = entries.map(|e| e.into_iter().map(private_from_row).collect());
    dict::replace_private_block(creator, entries);
}

/// `UID_dictionary[uid] = (name, type, info, retired, keyword)` for each.
#[pyfunction]
fn set_uids(entries: Vec<(String, UidTuple)>) {
    let entries = entries
        .into_iter()
        .map(|(uid, (name, kind, info, retired, keyword))| {
            let entry = Uid {
                name: Cow::Owned(name),
                kind: Cow::Owned(kind),
                info: Cow::Owned(info),
                retired,
                keyword: Cow::Owned(keyword),
            };
            (uid, entry)
        })
        .collect();
    dict::set_uids(entries);
}

/// `del UID_dictionary[uid]` for each.
#[pyfunction]
fn remove_uids(uids: Vec<String>) {
    dict::remove_uids(&uids);
}

/// Add a private creator's entries: (tag, VR, VM, name) each.
#[pyfunction]
fn add_private_entries(creator: &str, entries: Vec<(u32, String, String, String)>) -> PyResult<()> {
    let entries = entries
        .into_iter()
        .map(|(tag, vr, vm, name)| {
            (
                tag,
                PrivateEntry {
                    vr: Cow::Owned(vr),
                    vm: Cow::Owned(vm),
                    name: Cow::Owned(name),
                },
            )
        })
        .collect();
    dict::add_private_elements(creator, entries).or_raise()
}

#[pyfunction]
fn all_entries() -> Vec<(u32, EntryTuple)> {
    dict::all_elements()
        .into_iter()
        .map(|(t, e)| (t, entry_tuple(e)))
        .collect()
}

#[pyfunction]
fn all_repeaters() -> Vec<(&'static str, EntryTuple)> {
    dict::all_repeaters()
        .map(|(p, e)| (p, entry_tuple(e)))
        .collect()
}

#[pyfunction]
fn all_private() -> Vec<(String, Vec<(String, PrivateTuple)>)> {
    dict::all_private()
        .into_iter()
        .map(|(c, block)| {
            let block = block
                .into_iter()
                .map(|(k, e)| (k, private_tuple(e)))
                .collect();
            (c, block)
        })
        .collect()
}

#[pyfunction]
fn all_uids() -> Vec<(String, UidTuple)> {
    dict::all_uids()
        .into_iter()
        .map(|(uid, u)| (uid, uid_tuple(u)))
        .collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(exact_entry, m)?)?;
    m.add_function(wrap_pyfunction!(entry, m)?)?;
    m.add_function(wrap_pyfunction!(repeater_pattern, m)?)?;
    m.add_function(wrap_pyfunction!(tag_for_keyword, m)?)?;
    m.add_function(wrap_pyfunction!(is_repeater_keyword, m)?)?;
    m.add_function(wrap_pyfunction!(all_keywords, m)?)?;
    m.add_function(wrap_pyfunction!(private_entry, m)?)?;
    m.add_function(wrap_pyfunction!(uid_entry, m)?)?;
    m.add_function(wrap_pyfunction!(add_entries, m)?)?;
    m.add_function(wrap_pyfunction!(add_private_entries, m)?)?;
    m.add_function(wrap_pyfunction!(set_entries, m)?)?;
    m.add_function(wrap_pyfunction!(remove_entries, m)?)?;
    m.add_function(wrap_pyfunction!(set_private_entries, m)?)?;
    m.add_function(wrap_pyfunction!(remove_private_entries, m)?)?;
    m.add_function(wrap_pyfunction!(replace_private_block, m)?)?;
    m.add_function(wrap_pyfunction!(set_uids, m)?)?;
    m.add_function(wrap_pyfunction!(remove_uids, m)?)?;
    m.add_function(wrap_pyfunction!(all_entries, m)?)?;
    m.add_function(wrap_pyfunction!(all_repeaters, m)?)?;
    m.add_function(wrap_pyfunction!(all_private, m)?)?;
    m.add_function(wrap_pyfunction!(all_uids, m)?)?;
    Ok(())
}
