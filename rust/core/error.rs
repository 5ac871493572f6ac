//! The one error type of the core. Each variant carries what the user needs to find
//! the problem (tag, private creator, byte offset where known); the Python glue maps
//! each variant to the exception class pydicom raises for the same situation.

use std::fmt;

use crate::tag::Tag;

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
    /// No 128-byte preamble and 'DICM' prefix (and reading was not forced).
    NotDicom,
    /// The data uses the other VR encoding than expected (strict reading only).
    VrEncodingMismatch {
        expected: &'static str,
        found: &'static str,
    },
    /// A sequence ended where an item header should be.
    NoItemTag { offset: u64 },
    /// An undefined-length value without its sequence delimiter before the end.
    MissingDelimiter { offset: u64 },
    /// Deflated data that does not inflate.
    Inflate { message: String },
    /// Sequences nested deeper than the reader allows.
    TooDeep { offset: u64, limit: usize },
    /// Writing: a value or item longer than a 32-bit length field can hold.
    ValueTooLong { tag: Tag },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownPrivateCreator { creator } => {
                write!(
                    f,
                    "Private creator '{creator}' not in the private dictionary"
                )
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
            Error::NotDicom => f.write_str(
                "File is missing DICOM File Meta Information header or the 'DICM' \
                 prefix is missing from the header. Use force=True to force reading.",
            ),
            Error::VrEncodingMismatch { expected, found } => {
                write!(f, "Expected {expected} VR, but found {found} VR")
            }
            Error::NoItemTag { offset } => write!(f, "No tag to read at file position {offset:X}"),
            Error::MissingDelimiter { offset } => write!(
                f,
                "End of file reached before delimiter (FFFE,E0DD) found (value starting at \
                 offset 0x{offset:X})"
            ),
            Error::Inflate { message } => {
                write!(f, "Error -3 while decompressing data: {message}")
            }
            Error::TooDeep { offset, limit } => write!(
                f,
                "Sequences are nested more than {limit} levels deep (at offset 0x{offset:X})"
            ),
            Error::ValueTooLong { tag } => write!(
                f,
                "The value of {tag} is longer than a 32-bit length field can hold"
            ),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
