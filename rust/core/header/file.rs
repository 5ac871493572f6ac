//! A file's header for a whole-header table: read up to its pixel data, every
//! attribute walked, and the pixel data located from its headers.

use std::path::Path;

use super::{attributes, Attribute, Cell, Options};
use crate::parse::ReadOptions;
use crate::read_file::pixel_layout::{pixel_layout, PixelLayout};
use crate::read_file::{open, read_opened, ReadFileError};
use crate::table::Values;
use crate::tags::{NUMBER_OF_FRAMES, TRANSFER_SYNTAX_UID};

#[derive(Debug, Clone, PartialEq)]
pub struct FileHeader {
    /// The file's size in bytes.
    pub size: u64,
    pub transfer_syntax: Option<String>,
    pub attributes: Vec<Attribute>,
    /// Where the pixel data lies (None: none, or a deflated file).
    pub pixels: Option<PixelLayout>,
}

/// The header of the file at `path` (`read` says how to read it; it is read up
/// to its pixel data whatever `read.stop_before_pixels` says).
pub fn read_header(
    path: &Path,
    read: &ReadOptions,
    opts: &Options,
) -> Result<FileHeader, ReadFileError> {
    let (mut file, size, mtime) = open(path)?;
    let read = ReadOptions {
        stop_before_pixels: true,
        ..read.clone()
    };
    let header = read_opened(&mut file, size, mtime, &read)?;
    let parsed = &header.parsed;
    let attributes = attributes(&header.data, parsed, opts);
    let transfer_syntax = parsed.meta.get(TRANSFER_SYNTAX_UID).and_then(|rec| {
        let text = std::str::from_utf8(&header.data[rec.value.range()?]).ok()?;
        Some(text.trim_end_matches(['\0', ' ']).to_owned())
    });
    let stopped_at_pixels = parsed.inflated.is_none() && (parsed.dataset_end as u64) < size;
    let pixels = if stopped_at_pixels {
        pixel_layout(
            &mut file,
            parsed.dataset_end as u64,
            parsed.dataset.implicit_vr,
            parsed.dataset.little_endian,
            number_of_frames(&attributes),
        )
        .map_err(ReadFileError::Io)?
    } else {
        None
    };
    Ok(FileHeader {
        size,
        transfer_syntax,
        attributes,
        pixels,
    })
}

/// Number of Frames (IS), when it is a plain number.
fn number_of_frames(attributes: &[Attribute]) -> Option<u32> {
    let attr = attributes.iter().find(|a| a.tag == NUMBER_OF_FRAMES)?;
    match &attr.cell {
        Cell::Value(Values::Int(values)) => values.first().copied().flatten()?.try_into().ok(),
        _ => None,
    }
}
