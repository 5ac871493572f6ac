//! File IDs: the File-set layout's names (a record type's prefix and the
//! record's position among its siblings), and the checks of a referenced file:
//! inside the File-set's root, and there.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::links::{Parent, Tree};

/// Digits, then the letters without "J" (pydicom's alphabet for File IDs).
const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHIKLMNOPQRSTUVWXYZ";

/// An 8-character component: `prefix`, then `index` in base 10 (or 35 with
/// `alphanumeric`) padded with zeros.
pub fn component(prefix: &str, index: usize, alphanumeric: bool) -> String {
    let base = if alphanumeric { 35 } else { 10 };
    let mut digits = Vec::new();
    let mut n = index;
    while n > 0 {
        digits.push(ALPHANUMERIC[n % base]);
        n /= base;
    }
    let width = 8usize.saturating_sub(prefix.len());
    let mut out = String::with_capacity(8);
    out.push_str(prefix);
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.extend(digits.iter().rev().map(|&b| b as char));
    out
}

/// The prefix of a record's components: its record type's letters, and for
/// PRIVATE records the record's depth after them.
#[derive(Debug, Clone, PartialEq)]
pub struct Prefix {
    pub letters: String,
    pub with_depth: bool,
}

/// Record `i`'s File ID in the File-set's layout: a component per record from
/// the top down. None if a record on the way has no prefix (an unknown type).
pub fn layout_file_id(
    tree: &Tree,
    prefixes: &[Option<Prefix>],
    i: usize,
    alphanumeric: bool,
) -> Option<Vec<String>> {
    let mut chain = vec![i];
    while let Some(Parent::Record(p)) = tree.parent[*chain.last()?] {
        chain.push(p);
    }
    let mut parts = Vec::with_capacity(chain.len());
    for (level, &r) in chain.iter().rev().enumerate() {
        let siblings = match tree.parent[r]? {
            Parent::Root => &tree.top,
            Parent::Record(p) => &tree.children[p],
        };
        let index = siblings.iter().position(|&c| c == r).unwrap_or(0);
        let prefix = prefixes[r].as_ref()?;
        let mut letters = prefix.letters.clone();
        if prefix.with_depth {
            letters.push_str(&level.to_string());
        }
        parts.push(component(&letters, index, alphanumeric));
    }
    Some(parts)
}

/// Where a Referenced File ID points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileCheck {
    Present,
    Missing,
    /// Absolute, or outside the root once `..` and symbolic links are followed.
    OutsideRoot,
}

/// `path` made absolute with `..` and symbolic links followed as far as the
/// file system has them, the rest taken as written (Python's `Path.resolve()`).
fn resolve_lenient(path: &Path) -> PathBuf {
    let mut current = PathBuf::new();
    let mut real = true;
    for part in path.components() {
        match part {
            Component::ParentDir => {
                current.pop();
            }
            Component::CurDir => {}
            other => {
                let next = current.join(other.as_os_str());
                if real {
                    match fs::canonicalize(&next) {
                        Ok(resolved) => {
                            current = resolved;
                            continue;
                        }
                        Err(_) => real = false,
                    }
                }
                current = next;
            }
        }
    }
    current
}

/// Check the file `parts` names under `root` (an absolute path with its links
/// resolved).
pub fn check_file(root: &Path, parts: &[String]) -> FileCheck {
    let relative: PathBuf = parts.iter().collect();
    if relative.has_root() || relative.is_absolute() {
        return FileCheck::OutsideRoot;
    }
    let full = root.join(&relative);
    if !resolve_lenient(&full).starts_with(root) {
        return FileCheck::OutsideRoot;
    }
    if fs::metadata(&full).is_ok() {
        FileCheck::Present
    } else {
        FileCheck::Missing
    }
}

/// `check_file` for many files at once. The folders the files are in are
/// resolved once each; then a file costs a `lstat` (two calls for a link).
pub fn check_files(root: &Path, files: &[Vec<String>]) -> Vec<FileCheck> {
    let relative: Vec<PathBuf> = files.iter().map(|parts| parts.iter().collect()).collect();
    let folders: HashSet<&Path> = relative.iter().filter_map(|p| p.parent()).collect();
    let resolved: HashMap<&Path, PathBuf> = folders
        .into_par_iter()
        .map(|folder| (folder, resolve_lenient(&root.join(folder))))
        .collect();
    relative
        .par_iter()
        .zip(files)
        .map(|(path, parts)| {
            let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
                return check_file(root, parts);
            };
            if path.has_root() || path.is_absolute() || name == ".." {
                return check_file(root, parts);
            }
            let in_folder = resolved[folder].join(name);
            match fs::symlink_metadata(&in_folder) {
                Ok(meta) if meta.file_type().is_symlink() => check_file(root, parts),
                Ok(_) if in_folder.starts_with(root) => FileCheck::Present,
                Err(_) if in_folder.starts_with(root) => FileCheck::Missing,
                _ => FileCheck::OutsideRoot,
            }
        })
        .collect()
}
