//! `SequenceItems`: the parsed items of a sequence value, each made into an
//! `ElementStore` for its Dataset.

use std::sync::Arc;

use pyo3::prelude::*;

use super::buffer::Buffer;
use super::element_store::ElementStore;
use rapidicom_core::index::{DatasetIndex, SequenceIndex, ValueRef};

enum SequenceOwner {
    /// An undefined-length sequence element of a parsed dataset.
    Element(Arc<DatasetIndex>, usize),
    /// A defined-length sequence value parsed on use.
    Parsed(Arc<SequenceIndex>),
}

type ItemTuple = (Py<ElementStore>, u64, bool, bool, bool);

/// The items of a parsed sequence, ready to become Datasets.
#[pyclass(module = "rapidicom._native", frozen)]
pub struct SequenceItems {
    buf: Buffer,
    owner: SequenceOwner,
}

impl SequenceItems {
    /// The items of the undefined-length sequence element `i` of `index`.
    pub fn of_element(buf: Buffer, index: Arc<DatasetIndex>, i: usize) -> Self {
        SequenceItems {
            buf,
            owner: SequenceOwner::Element(index, i),
        }
    }

    pub fn parsed(buf: Buffer, seq: SequenceIndex) -> Self {
        SequenceItems {
            buf,
            owner: SequenceOwner::Parsed(Arc::new(seq)),
        }
    }

    fn sequence(&self) -> &SequenceIndex {
        match &self.owner {
            SequenceOwner::Parsed(seq) => seq,
            SequenceOwner::Element(index, i) => match &index.elements[*i].value {
                ValueRef::Sequence(seq) => seq,
                _ => unreachable!("SequenceItems are only made for sequence values"),
            },
        }
    }
}

#[pymethods]
impl SequenceItems {
    fn __len__(&self) -> usize {
        self.sequence().items.len()
    }

    #[getter]
    fn undefined_length(&self) -> bool {
        self.sequence().undefined_length
    }

    /// (ElementStore, item tell, undefined length, implicit VR, little endian) each.
    fn items(&self, py: Python<'_>) -> PyResult<Vec<ItemTuple>> {
        self.sequence()
            .items
            .iter()
            .map(|item| {
                let store = Py::new(
                    py,
                    ElementStore::new(self.buf.clone(), item.dataset.clone()),
                )?;
                let ds = &item.dataset;
                Ok((
                    store,
                    item.item_tell,
                    item.undefined_length,
                    ds.implicit_vr,
                    ds.little_endian,
                ))
            })
            .collect()
    }
}
