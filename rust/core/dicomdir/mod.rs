//! The record walk of a DICOMDIR (PS3.10, PS3.3 Annex F): the directory records
//! of the Directory Record Sequence point at each other by byte offset (next
//! sibling, first child). `fields` reads what the walk needs from a record;
//! `links` builds the record tree, refusing offsets that name no record and
//! loops; `file_ids` gives the File IDs of the File-set's layout and checks the
//! files a DICOMDIR references.

pub mod fields;
pub mod file_ids;
pub mod links;

#[cfg(test)]
mod tests;
