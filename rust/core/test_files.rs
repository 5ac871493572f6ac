//! Files of the repository the tests read (kept fuzz inputs, sample files).

use std::path::{Path, PathBuf};

/// `relative` from the repository's root (this crate sits at rust/core).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
