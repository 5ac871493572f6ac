//! Dictionary lookups for `rapidicom.datadict` and `rapidicom.uid`.
//!
//! Entries cross into Python as pydicom's tuples: elements as
//! (VR, VM, name, "Retired" or "", keyword), private entries as (VR, VM, name, "").

use std::borrow::Cow;

use pyo3::prelude::*;

use super::errors::to_py;
use crate::core::dict::{self, Entry, PrivateEntry};

type EntryTuple = (String, String, String, &'static str, String);
type PrivateTuple = (String, String, String, &'static str);
type UidTuple = (&'static str, &'static str, &'static str, bool, &'static str);

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
        .map_err(to_py)
}

/// (name, type, info, retired, keyword) for a UID in PS3.6, or None.
#[pyfunction]
fn uid_entry(uid: &str) -> Option<UidTuple> {
    dict::uid(uid).map(|u| (u.name, u.kind, u.info, u.retired, u.keyword))
}

/// Add public entries: (tag, VR, VM, name, retired, keyword) each.
#[pyfunction]
fn add_entries(entries: Vec<(u32, String, String, String, bool, String)>) -> PyResult<()> {
    let entries = entries
        .into_iter()
        .map(|(tag, vr, vm, name, retired, keyword)| {
            let entry = Entry {
                vr: Cow::Owned(vr),
                vm: Cow::Owned(vm),
                name: Cow::Owned(name),
                keyword: Cow::Owned(keyword),
                retired,
            };
            (tag, entry)
        })
        .collect();
    dict::add_elements(entries).map_err(to_py)
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
    dict::add_private_elements(creator, entries).map_err(to_py)
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
fn all_private() -> Vec<(String, String, PrivateTuple)> {
    dict::all_private()
        .into_iter()
        .map(|(c, k, e)| (c, k, private_tuple(e)))
        .collect()
}

#[pyfunction]
fn all_uids() -> Vec<(&'static str, UidTuple)> {
    dict::all_uids()
        .iter()
        .map(|u| (u.uid, (u.name, u.kind, u.info, u.retired, u.keyword)))
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
    m.add_function(wrap_pyfunction!(all_entries, m)?)?;
    m.add_function(wrap_pyfunction!(all_repeaters, m)?)?;
    m.add_function(wrap_pyfunction!(all_private, m)?)?;
    m.add_function(wrap_pyfunction!(all_uids, m)?)?;
    Ok(())
}
