//! PyO3 glue: conversions and error mapping only; no byte is parsed here.

mod buffer;
mod dict;
mod errors;
mod factories;
mod reader;
mod store;
mod values;
mod writer;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    dict::register(m)?;
    m.add_function(wrap_pyfunction!(factories::register_factories, m)?)?;
    m.add_function(wrap_pyfunction!(reader::read, m)?)?;
    m.add_function(wrap_pyfunction!(reader::read_many, m)?)?;
    m.add_function(wrap_pyfunction!(reader::parse_sequence, m)?)?;
    m.add_function(wrap_pyfunction!(values::register_value_types, m)?)?;
    m.add_function(wrap_pyfunction!(writer::encode_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(writer::encode_element, m)?)?;
    m.add_function(wrap_pyfunction!(writer::deflate, m)?)?;
    m.add_class::<store::ElementStore>()?;
    m.add_class::<store::SequenceItems>()?;
    Ok(())
}
