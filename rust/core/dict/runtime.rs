//! Dictionary changes made at run time: `add_dict_entries` and friends, and
//! changes to pydicom's live tables (`DicomDictionary`, `private_dictionaries`,
//! `UID_dictionary`), which may also remove entries.
//!
//! They sit in front of the generated tables. A flag keeps the common case (nothing
//! changed) free of any locking.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{RwLock, RwLockReadGuard};

use super::{Entry, PrivateEntry, Uid};
use crate::error::{Error, Result};
use crate::tag::Tag;

/// What a lookup of the changes finds for one key.
pub(super) enum Change<T> {
    /// Nothing changed for this key: the generated table answers.
    Unchanged,
    /// Added or replaced.
    Set(T),
    /// Removed: the generated table's entry, if any, is hidden.
    Removed,
}

#[derive(Default)]
struct PrivateBlock {
    /// The creator is in the dictionary (false once its block was removed).
    present: bool,
    /// The generated table's entries for this creator are hidden (the block was
    /// replaced or removed as a whole).
    replaced: bool,
    /// key ("GGGGxxEE" and the like) -> entry, or None where one was removed.
    entries: HashMap<String, Option<PrivateEntry>>,
}

#[derive(Default)]
struct Changes {
    elements: HashMap<u32, Option<Entry>>,
    keywords: HashMap<String, u32>,
    private: HashMap<String, PrivateBlock>,
    uids: HashMap<String, Option<Uid>>,
}

static ANY_CHANGE: AtomicBool = AtomicBool::new(false);
static CHANGES: RwLock<Option<Changes>> = RwLock::new(None);

fn read() -> Option<RwLockReadGuard<'static, Option<Changes>>> {
    if !ANY_CHANGE.load(Ordering::Acquire) {
        return None;
    }
    // A panic while holding the lock cannot leave the maps half-updated (each update
    // is a single insert), so a poisoned lock is still safe to read.
    Some(CHANGES.read().unwrap_or_else(|p| p.into_inner()))
}

fn update(f: impl FnOnce(&mut Changes)) {
    let mut guard = CHANGES.write().unwrap_or_else(|p| p.into_inner());
    f(guard.get_or_insert_with(Changes::default));
    ANY_CHANGE.store(true, Ordering::Release);
}

fn with<T>(f: impl FnOnce(&Changes) -> Change<T>) -> Change<T> {
    match read() {
        Some(guard) => guard.as_ref().map_or(Change::Unchanged, f),
        None => Change::Unchanged,
    }
}

fn change_of<T: Clone>(found: Option<&Option<T>>) -> Change<T> {
    match found {
        None => Change::Unchanged,
        Some(Some(v)) => Change::Set(v.clone()),
        Some(None) => Change::Removed,
    }
}

pub(super) fn element(tag: u32) -> Change<Entry> {
    with(|c| change_of(c.elements.get(&tag)))
}

pub(super) fn tag_for_keyword(keyword: &str) -> Option<u32> {
    read()?.as_ref()?.keywords.get(keyword).copied()
}

pub(super) fn uid(uid: &str) -> Change<Uid> {
    with(|c| change_of(c.uids.get(uid)))
}

/// Whether `creator` is in the dictionary: `Set(..)` when the changes decide it
/// (its block was changed, added or removed), `Unchanged` when the generated
/// table does.
pub(super) fn private_creator_known(creator: &str) -> Change<bool> {
    with(|c| match c.private.get(creator) {
        None => Change::Unchanged,
        Some(block) => Change::Set(block.present),
    })
}

/// The entry under `key` in `creator`'s block, as the changes have it.
pub(super) fn private_element(creator: &str, key: &str) -> Change<PrivateEntry> {
    with(|c| match c.private.get(creator) {
        None => Change::Unchanged,
        Some(block) => match change_of(block.entries.get(key)) {
            Change::Unchanged if block.replaced => Change::Removed,
            found => found,
        },
    })
}

/// Every public entry set at run time, and every tag removed.
pub(super) fn element_changes() -> Vec<(u32, Option<Entry>)> {
    let Some(g) = read() else { return Vec::new() };
    g.as_ref()
        .map(|c| c.elements.iter().map(|(t, e)| (*t, e.clone())).collect())
        .unwrap_or_default()
}

/// Every UID entry set at run time, and every UID removed.
pub(super) fn uid_changes() -> Vec<(String, Option<Uid>)> {
    let Some(g) = read() else { return Vec::new() };
    g.as_ref()
        .map(|c| c.uids.iter().map(|(u, e)| (u.clone(), e.clone())).collect())
        .unwrap_or_default()
}

/// Creators whose generated entries are hidden (blocks replaced or removed).
pub(super) fn replaced_creators() -> Vec<String> {
    let Some(g) = read() else { return Vec::new() };
    g.as_ref()
        .map(|c| {
            c.private
                .iter()
                .filter(|(_, b)| b.replaced)
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Every private key changed at run time: (creator, key, entry or None if removed).
pub(super) fn private_changes() -> Vec<(String, String, Option<PrivateEntry>)> {
    let Some(g) = read() else { return Vec::new() };
    let Some(c) = g.as_ref() else {
        return Vec::new();
    };
    c.private
        .iter()
        .flat_map(|(creator, block)| {
            block
                .entries
                .iter()
                .map(move |(k, e)| (creator.clone(), k.clone(), e.clone()))
        })
        .collect()
}

/// The creators the changes name as present (some may have no entries left).
pub(super) fn present_creators() -> Vec<String> {
    let Some(g) = read() else { return Vec::new() };
    g.as_ref()
        .map(|c| {
            c.private
                .iter()
                .filter(|(_, b)| b.present)
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// pydicom's `add_dict_entries`: add or replace public entries (their keywords
/// become usable). All tags are checked before any is added.
pub fn add_elements(entries: Vec<(u32, Entry)>) -> Result<()> {
    if let Some((tag, _)) = entries.iter().find(|(t, _)| Tag(*t).is_private()) {
        return Err(Error::PrivateTagInPublicDictionary { tag: Tag(*tag) });
    }
    set_elements(entries);
    Ok(())
}

/// `DicomDictionary[tag] = entry`: as `add_elements`, without its check (the
/// table is a plain dict in pydicom).
pub fn set_elements(entries: Vec<(u32, Entry)>) {
    update(|c| {
        for (tag, entry) in entries {
            if !entry.keyword.is_empty() {
                c.keywords.insert(entry.keyword.to_string(), tag);
            }
            c.elements.insert(tag, Some(entry));
        }
    });
}

/// `del DicomDictionary[tag]`. Keywords stay usable, as pydicom's `keyword_dict`
/// is not changed by it either.
pub fn remove_elements(tags: &[u32]) {
    update(|c| {
        for tag in tags {
            c.elements.insert(*tag, None);
        }
    });
}

/// pydicom's `add_private_dict_entries`: add or replace a private creator's
/// entries, keyed like pydicom, "GGGGxxEE".
pub fn add_private_elements(creator: &str, entries: Vec<(u32, PrivateEntry)>) -> Result<()> {
    if let Some((tag, _)) = entries.iter().find(|(t, _)| !Tag(*t).is_private()) {
        return Err(Error::PublicTagInPrivateDictionary { tag: Tag(*tag) });
    }
    let keyed = entries
        .into_iter()
        .map(|(tag, e)| (format!("{:04X}xx{:02X}", tag >> 16, tag & 0xFF), e))
        .collect();
    set_private_entries(creator, keyed);
    Ok(())
}

/// `private_dictionaries[creator][key] = entry` for each entry.
pub fn set_private_entries(creator: &str, entries: Vec<(String, PrivateEntry)>) {
    update(|c| {
        let block = c.private.entry(creator.to_owned()).or_default();
        block.present = true;
        for (key, entry) in entries {
            block.entries.insert(key, Some(entry));
        }
    });
}

/// `del private_dictionaries[creator][key]` for each key.
pub fn remove_private_entries(creator: &str, keys: &[String]) {
    update(|c| {
        let block = c.private.entry(creator.to_owned()).or_default();
        block.present = true;
        for key in keys {
            block.entries.insert(key.clone(), None);
        }
    });
}

/// `private_dictionaries[creator] = {...}` (Some) or `del
/// private_dictionaries[creator]` (None): the creator's whole block.
pub fn replace_private_block(creator: &str, entries: Option<Vec<(String, PrivateEntry)>>) {
    update(|c| {
        let block = c.private.entry(creator.to_owned()).or_default();
        block.replaced = true;
        block.present = entries.is_some();
        block.entries = entries
            .unwrap_or_default()
            .into_iter()
            .map(|(k, e)| (k, Some(e)))
            .collect();
    });
}

/// `UID_dictionary[uid] = entry` for each entry.
pub fn set_uids(entries: Vec<(String, Uid)>) {
    update(|c| {
        for (uid, entry) in entries {
            c.uids.insert(uid, Some(entry));
        }
    });
}

/// `del UID_dictionary[uid]` for each UID.
pub fn remove_uids(uids: &[String]) {
    update(|c| {
        for uid in uids {
            c.uids.insert(uid.clone(), None);
        }
    });
}

/// Forget every run-time change (for tests).
pub fn reset_runtime_entries() {
    let mut guard = CHANGES.write().unwrap_or_else(|p| p.into_inner());
    *guard = None;
    ANY_CHANGE.store(false, Ordering::Release);
}
