//! Dictionary entries added at run time (`add_dict_entries` and friends).
//!
//! They sit in front of the generated tables. A flag keeps the common case (nothing
//! added) free of any locking.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{RwLock, RwLockReadGuard};

use super::{Entry, PrivateEntry};
use crate::core::error::{Error, Result};
use crate::core::tag::Tag;

#[derive(Default)]
struct Added {
    elements: HashMap<u32, Entry>,
    keywords: HashMap<String, u32>,
    /// creator -> key ("GGGGxxEE") -> entry
    private: HashMap<String, HashMap<String, PrivateEntry>>,
}

static ANY_ADDED: AtomicBool = AtomicBool::new(false);
static ADDED: RwLock<Option<Added>> = RwLock::new(None);

fn read() -> Option<RwLockReadGuard<'static, Option<Added>>> {
    if !ANY_ADDED.load(Ordering::Acquire) {
        return None;
    }
    // A panic while holding the lock cannot leave the maps half-updated (each update
    // is a single insert), so a poisoned lock is still safe to read.
    Some(ADDED.read().unwrap_or_else(|p| p.into_inner()))
}

fn update(f: impl FnOnce(&mut Added)) {
    let mut guard = ADDED.write().unwrap_or_else(|p| p.into_inner());
    f(guard.get_or_insert_with(Added::default));
    ANY_ADDED.store(true, Ordering::Release);
}

pub(super) fn element(tag: u32) -> Option<Entry> {
    read()?.as_ref()?.elements.get(&tag).cloned()
}

pub(super) fn tag_for_keyword(keyword: &str) -> Option<u32> {
    read()?.as_ref()?.keywords.get(keyword).copied()
}

pub(super) fn private_creator_known(creator: &str) -> bool {
    read().is_some_and(|g| g.as_ref().is_some_and(|a| a.private.contains_key(creator)))
}

pub(super) fn private_element(creator: &str, key: &str) -> Option<PrivateEntry> {
    read()?.as_ref()?.private.get(creator)?.get(key).cloned()
}

pub(super) fn all_elements() -> Vec<(u32, Entry)> {
    read()
        .and_then(|g| {
            g.as_ref()
                .map(|a| a.elements.iter().map(|(t, e)| (*t, e.clone())).collect())
        })
        .unwrap_or_default()
}

pub(super) fn all_private() -> Vec<(String, String, PrivateEntry)> {
    let Some(g) = read() else { return Vec::new() };
    let Some(a) = g.as_ref() else {
        return Vec::new();
    };
    a.private
        .iter()
        .flat_map(|(c, m)| {
            m.iter()
                .map(move |(k, e)| (c.clone(), k.clone(), e.clone()))
        })
        .collect()
}

/// Add or replace public entries. All tags are checked before any is added.
pub fn add_elements(entries: Vec<(u32, Entry)>) -> Result<()> {
    if let Some((tag, _)) = entries.iter().find(|(t, _)| Tag(*t).is_private()) {
        return Err(Error::PrivateTagInPublicDictionary { tag: Tag(*tag) });
    }
    update(|a| {
        for (tag, entry) in entries {
            a.keywords.insert(entry.keyword.to_string(), tag);
            a.elements.insert(tag, entry);
        }
    });
    Ok(())
}

/// Add or replace a private creator's entries; keyed like pydicom, "GGGGxxEE".
pub fn add_private_elements(creator: &str, entries: Vec<(u32, PrivateEntry)>) -> Result<()> {
    if let Some((tag, _)) = entries.iter().find(|(t, _)| !Tag(*t).is_private()) {
        return Err(Error::PublicTagInPrivateDictionary { tag: Tag(*tag) });
    }
    update(|a| {
        let block = a.private.entry(creator.to_owned()).or_default();
        for (tag, entry) in entries {
            block.insert(format!("{:04X}xx{:02X}", tag >> 16, tag & 0xFF), entry);
        }
    });
    Ok(())
}

/// Forget every run-time addition (for tests).
pub fn reset_runtime_entries() {
    let mut guard = ADDED.write().unwrap_or_else(|p| p.into_inner());
    *guard = None;
    ANY_ADDED.store(false, Ordering::Release);
}
