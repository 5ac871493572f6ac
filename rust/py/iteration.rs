//! Iterating a dataset read from a file: `iter(ds)` and `ds.iterall()` as native
//! iterators. Each step hands out an element already made (see
//! `ElementStore::materialize`) without a Python frame; anything else (a raw
//! element, a dataset subclass, a sequence item that iterates its own way) goes
//! through the Python methods, so behaviour is pydicom's.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyString};

use super::element_store::ElementStore;
use super::element_type;
use super::python_names as names;
use super::registry;
use super::registry::is_data_element;
use super::values::vr_name;
use rapidicom_core::vr::Vr;

/// `iter(dataset)`: the dataset's tags as they were when iteration began (pydicom
/// sorts the keys first too), each looked up as it is reached.
#[pyclass(module = "rapidicom._native")]
pub struct ElementIter {
    store: Py<ElementStore>,
    dataset: Py<PyAny>,
    /// Tag, and its index position when it has one, in ascending tag order.
    order: Vec<(u32, Option<usize>)>,
    next: usize,
}

impl ElementIter {
    pub fn new(
        store: Py<ElementStore>,
        dataset: Py<PyAny>,
        order: Vec<(u32, Option<usize>)>,
    ) -> Self {
        ElementIter {
            store,
            dataset,
            order,
            next: 0,
        }
    }

    fn next_element(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let Some(&(tag, at)) = self.order.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let made = match self.store.try_borrow(py) {
            Ok(store) => store.made_element(py, tag, at),
            Err(_) => None, // in use further up the stack: take the Python path
        };
        if let Some(elem) = made {
            return Ok(Some(elem));
        }
        // Raw, replaced by another kind of object, or deleted since: `ds[tag]`
        // converts it, or raises KeyError as pydicom's iteration would.
        let key = registry::get(py)?.tag_object(py, tag)?;
        Ok(Some(self.dataset.bind(py).get_item(key)?.unbind()))
    }
}

#[pymethods]
impl ElementIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.next_element(py)
    }
}

/// One level of `iterall`'s depth-first walk.
enum Frame {
    /// A dataset's elements; SQ elements are walked into.
    Elements(Source),
    /// The items of a sequence, each walked in turn.
    Items(Py<PyIterator>),
    /// The `iterall()` of an item whose class defines its own: taken as it is.
    Delegated(Py<PyIterator>),
}

enum Source {
    Native(Py<ElementIter>),
    Python(Py<PyIterator>),
}

/// `ds.iterall()`: every element, depth first through sequences, as pydicom's
/// generator gives them (an SQ element comes before its items' elements, and its
/// value is read only when the walk moves on from it).
#[pyclass(module = "rapidicom._native")]
pub struct AllElements {
    stack: Vec<Frame>,
    /// The element handed out last, walked into (if SQ) on the next step.
    pending: Option<Py<PyAny>>,
    /// `Dataset.iterall`: items whose class has another are delegated to it.
    iterall: Py<PyAny>,
}

#[pymethods]
impl AllElements {
    #[new]
    fn new(dataset: &Bound<'_, PyAny>, iterall: Py<PyAny>) -> PyResult<Self> {
        Ok(AllElements {
            stack: vec![Frame::Elements(elements_of(dataset)?)],
            pending: None,
            iterall,
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if let Some(elem) = self.pending.take() {
            let elem = elem.bind(py);
            let is_sq = if is_data_element(py, elem) {
                element_type::has_vr(elem, vr_name(py, Vr::SQ))
            } else {
                let vr = elem.getattr(intern!(py, names::VR))?;
                vr.cast::<PyString>()
                    .is_ok_and(|s| s.to_str().is_ok_and(|s| s == "SQ"))
            };
            if is_sq {
                let items = elem.getattr(intern!(py, names::VALUE))?.try_iter()?;
                self.stack.push(Frame::Items(items.unbind()));
            }
        }
        while let Some(frame) = self.stack.last_mut() {
            match frame {
                Frame::Elements(source) => {
                    let next = match source {
                        Source::Native(it) => it.try_borrow_mut(py)?.next_element(py)?,
                        Source::Python(it) => {
                            it.bind(py).clone().next().transpose()?.map(Bound::unbind)
                        }
                    };
                    match next {
                        Some(elem) => {
                            self.pending = Some(elem.clone_ref(py));
                            return Ok(Some(elem));
                        }
                        None => {
                            self.stack.pop();
                        }
                    }
                }
                Frame::Items(items) => match items.bind(py).clone().next().transpose()? {
                    Some(item) => {
                        let own = item.get_type().getattr(intern!(py, names::ITERALL))?;
                        let frame = if own.is(self.iterall.bind(py)) {
                            Frame::Elements(elements_of(&item)?)
                        } else {
                            Frame::Delegated(
                                item.call_method0(intern!(py, names::ITERALL))?
                                    .try_iter()?
                                    .unbind(),
                            )
                        };
                        self.stack.push(frame);
                    }
                    None => {
                        self.stack.pop();
                    }
                },
                Frame::Delegated(it) => match it.bind(py).clone().next().transpose()? {
                    Some(elem) => return Ok(Some(elem.unbind())),
                    None => {
                        self.stack.pop();
                    }
                },
            }
        }
        Ok(None)
    }
}

/// `iter(dataset)`, kept native when it is an `ElementIter`.
fn elements_of(dataset: &Bound<'_, PyAny>) -> PyResult<Source> {
    let it = dataset.try_iter()?;
    Ok(match it.cast::<ElementIter>() {
        Ok(native) => Source::Native(native.clone().unbind()),
        Err(_) => Source::Python(it.unbind()),
    })
}
