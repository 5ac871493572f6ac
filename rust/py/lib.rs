//! PyO3 glue: conversions and error mapping only; no byte is parsed here.

// Functions called from Python take Python's keyword arguments one by one.
#![allow(clippy::too_many_arguments)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod buffer;
mod codecs;
mod dicomdir;
mod dict;
mod element_store;
mod element_type;
mod errors;
mod float_slots;
mod gil;
mod header_table;
mod iteration;
mod json_read;
mod json_write;
mod modes;
mod pixels;
mod python_names;
mod raw_elements;
mod read_types;
mod reader;
mod registry;
mod rle_files;
mod sequence_items;
mod sequences;
mod store_methods;
mod table;
mod values;
mod writer;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    dict::register(m)?;
    modes::export(m)?;
    python_names::export(m)?;
    m.add_function(wrap_pyfunction!(reader::read, m)?)?;
    m.add_function(wrap_pyfunction!(reader::read_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(codecs::decode_frames, m)?)?;
    m.add_function(wrap_pyfunction!(codecs::jpegls_encode, m)?)?;
    m.add_function(wrap_pyfunction!(codecs::j2k_encode, m)?)?;
    m.add_function(wrap_pyfunction!(codecs::deflate_encode, m)?)?;
    m.add_function(wrap_pyfunction!(reader::read_many, m)?)?;
    m.add_function(wrap_pyfunction!(table::metadata_rows, m)?)?;
    m.add_function(wrap_pyfunction!(rle_files::rle_files, m)?)?;
    m.add_function(wrap_pyfunction!(reader::parse_sequence, m)?)?;
    m.add_function(wrap_pyfunction!(writer::encode_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(writer::encode_element, m)?)?;
    m.add_function(wrap_pyfunction!(writer::deflate, m)?)?;
    m.add_function(wrap_pyfunction!(json_write::dataset_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(json_read::dataset_from_json, m)?)?;
    m.add_function(wrap_pyfunction!(dicomdir::directory_record_fields, m)?)?;
    m.add_function(wrap_pyfunction!(dicomdir::link_directory_records, m)?)?;
    m.add_function(wrap_pyfunction!(dicomdir::check_referenced_files, m)?)?;
    for f in [
        wrap_pyfunction!(pixels::native_pixels, m)?,
        wrap_pyfunction!(pixels::correct_unused_bits, m)?,
        wrap_pyfunction!(pixels::rle_decode, m)?,
        wrap_pyfunction!(pixels::rle_decode_segment, m)?,
        wrap_pyfunction!(pixels::rle_encode_segment, m)?,
        wrap_pyfunction!(pixels::rle_encode_row, m)?,
        wrap_pyfunction!(pixels::rle_encode, m)?,
        wrap_pyfunction!(pixels::unpack_bits, m)?,
        wrap_pyfunction!(pixels::pack_bits, m)?,
        wrap_pyfunction!(pixels::parse_encapsulated, m)?,
        wrap_pyfunction!(pixels::parse_fragment_items, m)?,
        wrap_pyfunction!(pixels::basic_offsets, m)?,
        wrap_pyfunction!(pixels::scan_fragment_items, m)?,
        wrap_pyfunction!(pixels::encapsulate, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add("ElementFields", element_type::element_fields_type(m.py())?)?;
    m.add_class::<buffer::ValueBytes>()?;
    m.add_class::<element_store::ElementStore>()?;
    m.add_class::<read_types::ReadOptions>()?;
    m.add_class::<read_types::ReadResult>()?;
    m.add_class::<read_types::DatasetRead>()?;
    m.add_class::<read_types::ParseWarning>()?;
    m.add_class::<dicomdir::RecordFields>()?;
    m.add_class::<dicomdir::RecordTree>()?;
    m.add_class::<codecs::FrameLayout>()?;
    m.add_class::<table::MetadataRow>()?;
    m.add(
        "HEADER_FILE_COLUMNS",
        rapidicom_core::header::file_table::FILE_COLUMNS.to_vec(),
    )?;
    m.add_class::<header_table::HeaderTable>()?;
    m.add_class::<header_table::ArrowBatch>()?;
    m.add_class::<sequence_items::SequenceItems>()?;
    m.add_class::<iteration::ElementIter>()?;
    m.add_class::<iteration::AllElements>()?;
    Ok(())
}
