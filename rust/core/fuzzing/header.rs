//! Whole-header tables on any input: every attribute walked, the pixel data
//! located from its item headers, and the rows made Arrow columns (nested and
//! as DICOM JSON) whose arrays are each as long as the rows and whose frames
//! lie inside the data.

use std::io::Cursor;

use arrow_array::Array;

use crate::header::columns::{Columns, SequencesAs};
use crate::header::{attributes, Options};
use crate::parse::{parse_file, ReadOptions};
use crate::read_file::pixel_layout::pixel_layout;

pub fn header(data: &[u8]) {
    let read = ReadOptions {
        force: data.first().is_some_and(|b| b % 2 == 1),
        stop_before_pixels: true,
        ..ReadOptions::default()
    };
    let Ok(parsed) = parse_file(data, &read) else {
        return;
    };
    let opts = Options {
        bulk_threshold: 16,
        ..Options::default()
    };
    let attrs = attributes(data, &parsed, &opts);
    for sequences in [SequencesAs::Structs, SequencesAs::Json] {
        let mut columns = Columns::new(sequences);
        columns.add_row(attrs.clone());
        columns.add_row(Vec::new());
        columns.add_row(attrs.clone());
        let (fields, arrays) = columns.take();
        assert_eq!(fields.len(), arrays.len());
        for array in &arrays {
            assert_eq!(array.len(), 3, "a column as long as the rows");
            array.to_data().validate_full().expect("valid Arrow data");
        }
    }
    let at = parsed.dataset_end as u64;
    let (implicit, little) = (parsed.dataset.implicit_vr, parsed.dataset.little_endian);
    let frames = data.last().map(|&b| u32::from(b % 4));
    if let Ok(Some(layout)) = pixel_layout(&mut Cursor::new(data), at, implicit, little, frames) {
        let end = data.len() as u64;
        assert!(layout.offset <= end, "pixel data inside the data");
        for frame in layout.frames.iter().flatten() {
            for &(offset, length) in frame {
                assert!(offset + length <= end, "a fragment inside the data");
            }
        }
    }
}
