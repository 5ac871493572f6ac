//! The DICOMDIR record walk for `rapidicom.fileset`: record fields read from the
//! records' element stores, the tree linked, the referenced files checked.

use std::path::Path;

use pyo3::prelude::*;

use super::store::ElementStore;
use crate::core::dicomdir::fields::{record_fields, RecordFields};
use crate::core::dicomdir::file_ids::{check_files, layout_file_id, FileCheck, Prefix};
use crate::core::dicomdir::links::{link, Link, LinkError, Parent};

type Fields = (
    Option<String>,
    Option<u64>,
    Option<u64>,
    Option<u64>,
    Option<Vec<String>>,
    Option<String>,
);

/// Each record's (type, next, lower, in-use flag, File ID, key), or None when a
/// record is not in a store as read (the Python walk reads those).
#[pyfunction]
pub fn directory_record_fields(
    stores: Vec<Option<PyRef<'_, ElementStore>>>,
) -> Option<Vec<Fields>> {
    stores
        .iter()
        .map(|store| {
            let store = store.as_ref()?;
            let f: RecordFields = record_fields(|tag| store.lookup_as_read(tag))?;
            Some((f.record_type, f.next, f.lower, f.in_use, f.file_id, f.key))
        })
        .collect()
}

/// The record tree: (top, children, parent, records with a File ID in walk
/// order, and each of those records' File ID in the File-set's layout), a
/// parent being -1 for the root and None when never reached; a layout is None
/// where a record on the way has no prefix (`prefixes`: per record, its letters
/// and whether its depth follows them). ValueError for an offset that names no
/// record, or a loop.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn link_directory_records(
    py: Python<'_>,
    records: Vec<(u64, u64, u64, bool, String)>,
    first: u64,
    prefixes: Vec<Option<(String, bool)>>,
    alphanumeric: bool,
) -> PyResult<(
    Vec<usize>,
    Vec<Vec<usize>>,
    Vec<Option<i64>>,
    Vec<usize>,
    Vec<Option<Vec<String>>>,
)> {
    let links: Vec<Link> = records
        .into_iter()
        .map(|(offset, next, lower, has_file_id, key)| Link {
            offset,
            next,
            lower,
            has_file_id,
            key,
        })
        .collect();
    let prefixes: Vec<Option<Prefix>> = prefixes
        .into_iter()
        .map(|p| {
            p.map(|(letters, with_depth)| Prefix {
                letters,
                with_depth,
            })
        })
        .collect();
    let (tree, layouts) = py.detach(|| {
        let tree = link(&links, first)?;
        let layouts = tree
            .with_file_id
            .iter()
            .map(|&i| layout_file_id(&tree, &prefixes, i, alphanumeric))
            .collect::<Vec<_>>();
        Ok::<_, LinkError>((tree, layouts))
    })?;
    let parent = tree
        .parent
        .iter()
        .map(|p| {
            p.map(|p| match p {
                Parent::Root => -1,
                Parent::Record(i) => i as i64,
            })
        })
        .collect();
    Ok((tree.top, tree.children, parent, tree.with_file_id, layouts))
}

/// For each File ID (its parts), as bytes: 0 the file is there, 1 it is missing,
/// 2 it is outside `root` (absolute, or out through `..` or a link).
#[pyfunction]
pub fn check_referenced_files(py: Python<'_>, root: &str, files: Vec<Vec<String>>) -> Vec<u8> {
    let root = Path::new(root);
    py.detach(|| check_files(root, &files))
        .into_iter()
        .map(|c| match c {
            FileCheck::Present => 0,
            FileCheck::Missing => 1,
            FileCheck::OutsideRoot => 2,
        })
        .collect()
}
