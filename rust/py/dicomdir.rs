//! The DICOMDIR record walk for `rapidicom.fileset`: record fields read from the
//! records' element stores, the tree linked, the referenced files checked.

use std::path::Path;

use pyo3::prelude::*;

use super::element_store::ElementStore;
use super::gil::{try_without_gil, without_gil};
use rapidicom_core::dicomdir::fields::{record_fields, RecordFields as CoreFields};
use rapidicom_core::dicomdir::file_ids::{check_files, layout_file_id, FileCheck, Prefix};
use rapidicom_core::dicomdir::links::{link, Link, LinkError, Parent};

/// What the walk reads of a directory record (None: absent or not as expected).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct RecordFields {
    pub record_type: Option<String>,
    /// Offsets of the next record and of the first lower-level one.
    pub next: Option<u64>,
    pub lower: Option<u64>,
    pub in_use: Option<u64>,
    /// Referenced File ID, its parts.
    pub file_id: Option<Vec<String>>,
    /// The record's key (its type's identifying value) as text.
    pub key: Option<String>,
}

/// The linked record tree (indices into the records given).
#[pyclass(module = "rapidicom._native", frozen, get_all)]
pub struct RecordTree {
    /// The records at the root, in order.
    pub top: Vec<usize>,
    /// Per record, its lower-level records in order.
    pub children: Vec<Vec<usize>>,
    /// Per record, its parent: -1 for the root, None when never reached.
    pub parent: Vec<Option<i64>>,
    /// The records with a File ID, in walk order...
    pub with_file_id: Vec<usize>,
    /// ...and each one's File ID in the File-set's layout (None where a record
    /// on the way has no prefix).
    pub layouts: Vec<Option<Vec<String>>>,
}

/// Each record's fields, or None when a record is not in a store as read (the
/// Python walk reads those).
#[pyfunction]
pub fn directory_record_fields(
    py: Python<'_>,
    stores: Vec<Option<PyRef<'_, ElementStore>>>,
) -> PyResult<Option<Vec<Py<RecordFields>>>> {
    let fields: Option<Vec<CoreFields>> = stores
        .iter()
        .map(|store| {
            let store = store.as_ref()?;
            record_fields(|tag| store.lookup_as_read(tag))
        })
        .collect();
    let Some(fields) = fields else {
        return Ok(None);
    };
    fields
        .into_iter()
        .map(|f| {
            Py::new(
                py,
                RecordFields {
                    record_type: f.record_type,
                    next: f.next,
                    lower: f.lower,
                    in_use: f.in_use,
                    file_id: f.file_id,
                    key: f.key,
                },
            )
        })
        .collect::<PyResult<Vec<_>>>()
        .map(Some)
}

/// The record tree of `records`, each (offset, next, lower, has a File ID,
/// key), the first record at offset `first`; `prefixes`: per record, its File
/// ID letters and whether its depth follows them. ValueError for an offset
/// that names no record, or a loop.
#[pyfunction]
pub fn link_directory_records(
    py: Python<'_>,
    records: Vec<(u64, u64, u64, bool, String)>,
    first: u64,
    prefixes: Vec<Option<(String, bool)>>,
    alphanumeric: bool,
) -> PyResult<RecordTree> {
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
    let (tree, layouts) = try_without_gil(py, || {
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
    Ok(RecordTree {
        top: tree.top,
        children: tree.children,
        parent,
        with_file_id: tree.with_file_id,
        layouts,
    })
}

/// For each File ID (its parts), as bytes: 0 the file is there, 1 it is missing,
/// 2 it is outside `root` (absolute, or out through `..` or a link).
#[pyfunction]
pub fn check_referenced_files(py: Python<'_>, root: &str, files: Vec<Vec<String>>) -> Vec<u8> {
    let root = Path::new(root);
    without_gil(py, || check_files(root, &files))
        .into_iter()
        .map(|c| match c {
            FileCheck::Present => 0,
            FileCheck::Missing => 1,
            FileCheck::OutsideRoot => 2,
        })
        .collect()
}
