"""Sequence: the value of an SQ element, a list of Dataset items."""

import weakref
from collections.abc import Iterable
from typing import Any, TypeVar

from rapidicom._gc_pause import gc_paused
from rapidicom.dataset import Dataset, _fresh_state, _settle_charset
from rapidicom.multival import ConstrainedList

Self = TypeVar("Self", bound="Sequence")


class Sequence(ConstrainedList[Dataset]):
    """A list of :class:`~rapidicom.dataset.Dataset` items.

    Each item knows the sequence it is in (``item.parent_seq``, a weak reference),
    and the sequence knows the dataset that holds it (``parent_dataset``), as in
    pydicom 2.4.
    """

    def __init__(self, iterable: Iterable[Dataset] | None = None) -> None:
        # A Dataset is iterable; say clearly that it must be inside a list.
        if isinstance(iterable, Dataset):
            raise TypeError("The Sequence constructor requires an iterable")
        self.is_undefined_length: bool
        self._parent_dataset: weakref.ReferenceType[Dataset] | None = None
        super().__init__(iterable)

    @property
    def parent_dataset(self) -> "weakref.ReferenceType[Dataset] | None":
        """A weak reference to the dataset whose element holds this sequence."""
        return self._parent_dataset

    @parent_dataset.setter
    def parent_dataset(self, value: Dataset | None) -> None:
        self._parent_dataset = None if value is None else weakref.ref(value)

    def extend(self, val: Iterable[Dataset]) -> None:
        if isinstance(val, Dataset):
            raise TypeError("An iterable of 'Dataset' is required")
        super().extend(val)

    def __iadd__(self: Self, other: Iterable[Dataset]) -> Self:
        if isinstance(other, Dataset):
            raise TypeError("An iterable of 'Dataset' is required")
        return super().__iadd__(other)

    def __setitem__(self, index: slice | int, val: Iterable[Dataset] | Dataset) -> None:  # type: ignore[override]
        if isinstance(index, slice):
            if isinstance(val, Dataset):
                raise TypeError("Can only assign an iterable of 'Dataset'")
            super().__setitem__(index, val)
        else:
            super().__setitem__(index, val)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"[{''.join([str(x) for x in self])}]"

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}, length {len(self)}>"

    def _validate(self, item: Any) -> Dataset:
        if isinstance(item, Dataset):
            item._parent_seq = weakref.ref(self)
            return item
        raise TypeError("Sequence contents must be 'Dataset' instances.")

    # Weak references cannot be pickled or deep-copied: drop them and relink after.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_parent_dataset"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        for item in self._list:
            item._parent_seq = weakref.ref(self)


def sequence_from_items(items: Any, encodings: Any) -> Sequence:
    """A Sequence of Datasets over parsed items (`_native.SequenceItems`): what
    ``Sequence([Dataset(store, parent_encoding=encodings), ...])`` makes, with each
    item's reading state, built directly (every item is a new Dataset, so none
    needs checking)."""
    entries = items.items()
    if len(entries) < _MANY_ITEMS:
        return _sequence_from_items(items, entries, encodings)
    with gc_paused():
        return _sequence_from_items(items, entries, encodings)


# Sequences this long are made with the cyclic GC paused (see _gc_pause); for
# shorter ones pausing would cost more than it saves.
_MANY_ITEMS = 256


def _sequence_from_items(items: Any, entries: Any, encodings: Any) -> Sequence:
    datasets = []
    new = object.__new__
    for store, item_tell, undefined, implicit, little in entries:
        ds = new(Dataset)
        state = _fresh_state(store, encodings)
        state["is_undefined_length_sequence_item"] = undefined
        state["_read_implicit"] = implicit
        state["_read_little"] = little
        state["_read_charset"] = None
        state["file_tell"] = item_tell
        state["seq_item_tell"] = item_tell
        ds.__dict__.update(state)
        _settle_charset(ds)
        datasets.append(ds)
    sequence = new(Sequence)
    sequence.__dict__.update(_parent_dataset=None, _list=datasets)  # as __init__ leaves them
    parent = weakref.ref(sequence)  # what _validate gives each item
    for ds in datasets:
        ds.__dict__["_parent_seq"] = parent
    sequence.is_undefined_length = items.undefined_length
    return sequence
