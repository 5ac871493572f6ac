//! PyO3 glue: conversions and error mapping only; no byte is parsed here.

mod dict;
mod errors;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    dict::register(m)?;
    Ok(())
}
