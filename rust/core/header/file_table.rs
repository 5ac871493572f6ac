//! The whole-header table of many files as Arrow record batches: the file's
//! own columns first (path, size, transfer syntax, error, where the pixel data
//! and each frame lie), then a column per attribute (`columns::Columns`).

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, ListArray, RecordBatch, RecordBatchOptions, StringArray, StructArray,
    UInt64Array,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema};

use super::columns::{Columns, SequencesAs};
use super::file::FileHeader;
use crate::read_file::pixel_layout::PixelLayout;

/// Names of the file's own columns; attribute columns never take them (a
/// keyword starts with a capital, a tag with a digit or A-F, a private
/// column with its group's digits).
pub const FILE_COLUMNS: [&str; 7] = [
    "path",
    "size",
    "transfer_syntax",
    "error",
    "pixel_data",
    "frames",
    "frames_note",
];

pub struct FileTable {
    paths: Vec<String>,
    sizes: Vec<Option<u64>>,
    syntaxes: Vec<Option<String>>,
    errors: Vec<Option<String>>,
    pixels: Vec<Option<PixelLayout>>,
    attributes: Columns,
}

impl FileTable {
    pub fn new(sequences: SequencesAs) -> FileTable {
        FileTable {
            paths: Vec::new(),
            sizes: Vec::new(),
            syntaxes: Vec::new(),
            errors: Vec::new(),
            pixels: Vec::new(),
            attributes: Columns::new(sequences),
        }
    }

    /// Keep the attribute columns and types of `schema` (a table this made
    /// before: a resumed dataset's).
    pub fn seed(&mut self, schema: &Schema) {
        let fields: Fields = schema
            .fields()
            .iter()
            .filter(|f| !FILE_COLUMNS.contains(&f.name().as_str()))
            .cloned()
            .collect();
        self.attributes.seed(&fields);
    }

    pub fn rows(&self) -> usize {
        self.paths.len()
    }

    /// A file read: its header, or why it could not be read (`size` then
    /// as found, if at all).
    pub fn add(&mut self, path: String, header: Result<FileHeader, (String, Option<u64>)>) {
        self.paths.push(path);
        match header {
            Ok(header) => {
                self.sizes.push(Some(header.size));
                self.syntaxes.push(header.transfer_syntax);
                self.errors.push(None);
                self.pixels.push(header.pixels);
                self.attributes.add_row(header.attributes);
            }
            Err((error, size)) => {
                self.sizes.push(size);
                self.syntaxes.push(None);
                self.errors.push(Some(error));
                self.pixels.push(None);
                self.attributes.add_row(Vec::new());
            }
        }
    }

    /// Mark row `row` with an error (values Python could not decode for it).
    pub fn set_error(&mut self, row: usize, error: String) {
        self.errors[row] = Some(error);
    }

    /// The files added since the last call as one record batch, whose schema
    /// holds every column seen so far.
    pub fn take(&mut self) -> Result<RecordBatch, ArrowError> {
        let rows = self.paths.len();
        let pixels = std::mem::take(&mut self.pixels);
        let mut fields = vec![
            Field::new("path", DataType::Utf8, false),
            Field::new("size", DataType::UInt64, true),
            Field::new("transfer_syntax", DataType::Utf8, true),
            Field::new("error", DataType::Utf8, true),
        ];
        let mut arrays: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(std::mem::take(&mut self.paths))),
            Arc::new(UInt64Array::from(std::mem::take(&mut self.sizes))),
            Arc::new(StringArray::from(std::mem::take(&mut self.syntaxes))),
            Arc::new(StringArray::from(std::mem::take(&mut self.errors))),
        ];
        let (pixel_data, frames, notes) = pixel_arrays(&pixels);
        for (name, array) in [
            ("pixel_data", pixel_data),
            ("frames", frames),
            ("frames_note", notes),
        ] {
            fields.push(Field::new(name, array.data_type().clone(), true));
            arrays.push(array);
        }
        let (attr_fields, attr_arrays) = self.attributes.take();
        fields.extend(attr_fields.iter().map(|f| f.as_ref().clone()));
        arrays.extend(attr_arrays);
        RecordBatch::try_new_with_options(
            Arc::new(Schema::new(fields)),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(rows)),
        )
    }
}

/// A place in the file: `length` bytes at `offset`.
pub fn place_fields() -> Fields {
    Fields::from(vec![
        Field::new("offset", DataType::UInt64, false),
        Field::new("length", DataType::UInt64, false),
    ])
}

/// A frame of encapsulated pixel data: the range from its first fragment's
/// first byte to its last fragment's last (one read fetches it) and each
/// fragment's place (the item headers between fragments are not the frame's).
pub fn frame_fields() -> Fields {
    let fragment = Field::new("item", DataType::Struct(place_fields()), false);
    Fields::from(vec![
        Field::new("offset", DataType::UInt64, false),
        Field::new("length", DataType::UInt64, false),
        Field::new("fragments", DataType::List(Arc::new(fragment)), false),
    ])
}

fn places(list: &[(u64, u64)]) -> StructArray {
    let offsets = UInt64Array::from_iter_values(list.iter().map(|p| p.0));
    let lengths = UInt64Array::from_iter_values(list.iter().map(|p| p.1));
    StructArray::new(
        place_fields(),
        vec![Arc::new(offsets), Arc::new(lengths)],
        None,
    )
}

fn pixel_arrays(pixels: &[Option<PixelLayout>]) -> (ArrayRef, ArrayRef, ArrayRef) {
    let rows = pixels.len();
    let present = NullBuffer::from(pixels.iter().map(Option::is_some).collect::<Vec<_>>());
    let whole: Vec<(u64, u64)> = pixels
        .iter()
        .map(|p| p.as_ref().map_or((0, 0), |p| (p.offset, p.length)))
        .collect();
    let whole = places(&whole);
    let pixel_data = StructArray::new(place_fields(), whole.columns().to_vec(), Some(present));

    // frames: a list of frames per file, each frame's fragments a list.
    let mut frame_counts = Vec::with_capacity(rows);
    let mut fragment_counts = Vec::new();
    let mut frame_places = Vec::new();
    let mut fragments = Vec::new();
    for p in pixels {
        let frames = p.as_ref().and_then(|p| p.frames.as_ref());
        frame_counts.push(frames.map_or(0, Vec::len));
        for frame in frames.into_iter().flatten() {
            let start = frame.first().map_or(0, |f| f.0);
            let end = frame.last().map_or(start, |f| f.0 + f.1);
            frame_places.push((start, end - start));
            fragment_counts.push(frame.len());
            fragments.extend_from_slice(frame);
        }
    }
    let fragment_lists = ListArray::new(
        Arc::new(Field::new("item", DataType::Struct(place_fields()), false)),
        OffsetBuffer::from_lengths(fragment_counts),
        Arc::new(places(&fragments)),
        None,
    );
    let frame_places = places(&frame_places);
    let mut frame_columns = frame_places.columns().to_vec();
    frame_columns.push(Arc::new(fragment_lists));
    let frame_structs = StructArray::new(frame_fields(), frame_columns, None);
    let has_frames: Vec<bool> = pixels
        .iter()
        .map(|p| p.as_ref().is_some_and(|p| p.frames.is_some()))
        .collect();
    let frames = ListArray::new(
        Arc::new(Field::new("item", DataType::Struct(frame_fields()), false)),
        OffsetBuffer::from_lengths(frame_counts),
        Arc::new(frame_structs),
        Some(NullBuffer::from(has_frames)),
    );
    let notes = StringArray::from(
        pixels
            .iter()
            .map(|p| p.as_ref().and_then(|p| p.note.clone()))
            .collect::<Vec<_>>(),
    );
    (Arc::new(pixel_data), Arc::new(frames), Arc::new(notes))
}
