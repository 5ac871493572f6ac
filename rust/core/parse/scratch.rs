//! A reused buffer for the elements of a top-level dataset. Growing a new vector
//! to a header's hundreds of elements copied them at every doubling, and the
//! slack left behind (or a large first reservation, shrunk afterwards) left holes
//! in the heap that thousands of kept headers paid for in memory. Here the
//! elements are gathered in a buffer that keeps its room from one file to the
//! next (per thread), then moved into a vector of exactly their number.

use std::cell::Cell;

use crate::index::ElementRecord;

/// Room kept between reads, in records (larger buffers are dropped after use).
const MAX_KEPT: usize = 4096;

thread_local! {
    static BUFFER: Cell<Vec<ElementRecord>> = const { Cell::new(Vec::new()) };
}

/// An empty buffer with the room left by earlier reads on this thread (an empty
/// new one while another read on this thread holds it).
pub fn take() -> Vec<ElementRecord> {
    BUFFER.take()
}

/// The gathered elements in a vector of their exact size; the buffer is kept.
pub fn give_back(mut used: Vec<ElementRecord>) -> Vec<ElementRecord> {
    let mut elements = Vec::with_capacity(used.len());
    elements.append(&mut used); // one copy of the records, none dropped
    if used.capacity() <= MAX_KEPT {
        BUFFER.set(used);
    }
    elements
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ValueRef;

    fn record(tag: u32) -> ElementRecord {
        ElementRecord {
            tag,
            length: 0,
            vr: None,
            resolved: 0,
            value: ValueRef::Empty { start: 0 },
        }
    }

    #[test]
    fn elements_come_back_exactly_sized_and_the_room_is_kept() {
        let mut buffer = take();
        buffer.extend((0..100).map(record));
        let elements = give_back(buffer);
        assert_eq!(elements.len(), 100);
        assert_eq!(elements.capacity(), 100);
        assert_eq!(elements[99].tag, 99);
        let again = take();
        assert!(again.is_empty() && again.capacity() >= 100);
        // Taken twice (a read inside a read): the second starts from nothing.
        assert_eq!(take().capacity(), 0);
        give_back(again);
    }
}
