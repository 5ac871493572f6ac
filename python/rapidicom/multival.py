"""Lists whose items are checked or converted on the way in: MultiValue (values of
a multi-valued element) and the base of Sequence."""

from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import Any, TypeVar, overload

T = TypeVar("T")
Self = TypeVar("Self", bound="ConstrainedList[Any]")


class ConstrainedList(MutableSequence[T]):
    """A list that passes every item added through :meth:`_validate`."""

    def __init__(self, iterable: Iterable[T] | None = None) -> None:
        self._list: list[T] = []
        if iterable is not None:
            self._list = [self._validate(item) for item in iterable]

    def append(self, item: T) -> None:
        self._list.append(self._validate(item))

    def __delitem__(self, index: slice | int) -> None:
        del self._list[index]

    def extend(self, val: Iterable[T]) -> None:
        if not hasattr(val, "__iter__"):
            raise TypeError("An iterable is required")
        self._list.extend([self._validate(item) for item in val])

    def __eq__(self, other: Any) -> Any:
        return self._list == other

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> MutableSequence[T]: ...

    def __getitem__(self, index: slice | int) -> MutableSequence[T] | T:
        return self._list[index]

    def __iadd__(self: Self, other: Iterable[T]) -> Self:
        if not hasattr(other, "__iter__"):
            raise TypeError("An iterable is required")
        self._list += [self._validate(item) for item in other]
        return self

    def insert(self, position: int, item: T) -> None:
        self._list.insert(position, self._validate(item))

    def __iter__(self) -> Iterator[T]:
        yield from self._list

    def __len__(self) -> int:
        return len(self._list)

    def __ne__(self, other: Any) -> Any:
        return self._list != other

    @overload
    def __setitem__(self, idx: int, val: T) -> None: ...

    @overload
    def __setitem__(self, idx: slice, val: Iterable[T]) -> None: ...

    def __setitem__(self, index: slice | int, val: Iterable[T] | T) -> None:
        if isinstance(index, slice):
            self._list[index] = [self._validate(item) for item in val]  # type: ignore[union-attr]
        else:
            self._list[index] = self._validate(val)

    def _validate(self, item: Any) -> T:
        raise NotImplementedError(f"'{type(self).__name__}._validate()' must be implemented")


class MultiValue(ConstrainedList[T]):
    """The values of a multi-valued element, each made by `type_constructor`."""

    def __init__(self, type_constructor: Callable[[Any], T], iterable: Iterable[Any]) -> None:
        self._constructor = type_constructor
        super().__init__(iterable)

    def _validate(self, item: Any) -> T:
        return self._constructor(item)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._list.sort(*args, **kwargs)

    def __str__(self) -> str:
        if not self:
            return ""
        parts = (f"{x!r}" if isinstance(x, str | bytes) else str(x) for x in self)
        return f"[{', '.join(parts)}]"

    __repr__ = __str__
