//! The one error type of the core. Each variant carries what the user needs to find
//! the problem (tag, private creator, byte offset where known); the Python glue maps
//! each variant to the exception class pydicom raises for the same situation.

use std::fmt;

use crate::core::tag::Tag;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A private creator that the private dictionary does not know.
    UnknownPrivateCreator { creator: String },
    /// A known private creator without an entry for this tag.
    PrivateTagNotFound { tag: Tag, creator: String },
    /// `add_dict_entries` was given a private tag.
    PrivateTagInPublicDictionary { tag: Tag },
    /// `add_private_dict_entries` was given a public tag.
    PublicTagInPrivateDictionary { tag: Tag },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownPrivateCreator { creator } => {
                write!(f, "Private creator '{creator}' not in the private dictionary")
            }
            Error::PrivateTagNotFound { tag, creator } => write!(
                f,
                "Tag '{tag}' not in private dictionary for private creator '{creator}'"
            ),
            Error::PrivateTagInPublicDictionary { .. } => f.write_str(
                "Private tags cannot be added using \"add_dict_entries\" - \
                 use \"add_private_dict_entries\" instead",
            ),
            Error::PublicTagInPrivateDictionary { .. } => f.write_str(
                "Non-private tags cannot be added using 'add_private_dict_entries()' - \
                 use 'add_dict_entries()' instead",
            ),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
