"""The dict type of pydicom's module-level tables (``DicomDictionary``,
``private_dictionaries``, ``UID_dictionary``): a plain dict to read, whose
changes are passed on to the native dictionary as they are made, so that what a
program writes into a table is seen at once by every lookup, native ones
included (as it is with pydicom's tables)."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# on_set(pairs) for keys set (it returns the values to store: a table of tables
# stores its inner tables live too), on_remove(keys) for keys removed.
OnSet = Callable[[list[tuple[Any, Any]]], list[Any]]
OnRemove = Callable[[list[Any]], None]


class LiveDict(dict):  # type: ignore[type-arg]
    """A dict that reports every change. Copies and pickles are plain dicts."""

    __slots__ = ("_on_set", "_on_remove")

    def __init__(self, items: Iterable[tuple[Any, Any]], on_set: OnSet, on_remove: OnRemove) -> None:
        super().__init__(items)
        self._on_set = on_set
        self._on_remove = on_remove

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (dict, (dict(self),))

    def __setitem__(self, key: Any, value: Any) -> None:
        (stored,) = self._on_set([(key, value)])
        super().__setitem__(key, stored)

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        self._on_remove([key])

    def update(self, other: Any = (), /, **kwargs: Any) -> None:
        pairs = list(other.items() if isinstance(other, Mapping) else other) + list(kwargs.items())
        if pairs:
            for (key, _), stored in zip(pairs, self._on_set(pairs)):
                super().__setitem__(key, stored)

    def __ior__(self, other: Any) -> "LiveDict":
        self.update(other)
        return self

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: Any, *default: Any) -> Any:
        if key not in self:
            return super().pop(key, *default)
        value = super().pop(key)
        self._on_remove([key])
        return value

    def popitem(self) -> tuple[Any, Any]:
        key, value = super().popitem()
        self._on_remove([key])
        return key, value

    def clear(self) -> None:
        keys = list(self)
        super().clear()
        if keys:
            self._on_remove(keys)
