"""DICOM tags: :class:`BaseTag` (an ``int``) and the :func:`Tag` factory."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeAlias

from rapidicom import _native
from rapidicom._tags import (
    BluePaletteColorLookupTableDescriptor,
    GreenPaletteColorLookupTableDescriptor,
    Item,
    ItemDelimitationItem,
    LUTDescriptor,
    PixelRepresentation,
    RedPaletteColorLookupTableDescriptor,
    SequenceDelimitationItem,
    SpecificCharacterSet,
)


@contextmanager
def tag_in_exception(tag: "BaseTag") -> Iterator[None]:
    """Re-raise any exception in the context with `tag` named in its message."""
    try:
        yield
    except Exception as exc:
        raise _with_tag(exc, tag) from exc


def _with_tag(exc: Exception, tag: "BaseTag") -> Exception:
    import traceback

    stack_trace = traceback.format_exc()
    return type(exc)(f"With tag {tag} got exception: {exc}\n{stack_trace}")


TagType: TypeAlias = "int | str | tuple[int, int] | BaseTag"
TagListType = list[int] | list[str] | list[tuple[int, int]] | list["BaseTag"]


def Tag(arg: TagType, arg2: int | None = None) -> "BaseTag":
    """Create a :class:`BaseTag` from an int, a (group, element) pair, two ints, a
    keyword or a hex string, e.g. ``Tag(0x00100010)``, ``Tag((0x10, 0x10))``,
    ``Tag(0x10, 0x10)``, ``Tag("PatientName")``, ``Tag("00100010")``.
    """
    if isinstance(arg, BaseTag):
        return arg
    if arg2 is not None:
        arg = (arg, arg2)  # type: ignore[assignment]
    kind = type(arg)
    if kind is int:
        known = _interned.get(arg)  # type: ignore[call-overload]
        if known is not None:
            return known
    elif kind is str:
        known = _keyword_tags.get(arg)  # type: ignore[call-overload]
        if known is not None:
            return known
    return _intern(int(_tag_slow(arg)))


def _tag_slow(arg: Any) -> "BaseTag":
    """Every form of :func:`Tag` argument, with pydicom's errors."""
    long_value: int | None
    if isinstance(arg, tuple | list):
        if len(arg) != 2:
            raise ValueError("Tag must be an int or a 2-tuple")
        valid = False
        if isinstance(arg[0], str):
            valid = isinstance(arg[1], str)
            if valid:
                arg = (int(arg[0], 16), int(arg[1], 16))
        elif isinstance(arg[0], int):
            valid = isinstance(arg[1], int)
        if not valid:
            raise TypeError(
                f"Unable to create an element tag from '{arg}': both arguments must be the same type and str or int"
            )
        if arg[0] > 0xFFFF or arg[1] > 0xFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{arg}': the group "
                "and element values are limited to a maximum of 2-bytes each"
            )
        long_value = (arg[0] << 16) | arg[1]
    elif isinstance(arg, str):
        try:
            long_value = int(arg, 16)
            if long_value > 0xFFFFFFFF:
                raise OverflowError(
                    f"Unable to create an element tag from '{long_value}': "
                    "the combined group and element values  are limited to a "
                    "maximum of 4-bytes"
                )
        except ValueError:
            long_value = keyword_tag(arg)
            if long_value is None:
                raise ValueError(
                    f"Unable to create an element tag from '{arg}': unknown DICOM element keyword or an invalid int"
                ) from None
    else:
        long_value = arg
        if long_value > 0xFFFFFFFF:  # type: ignore[operator]
            raise OverflowError(
                f"Unable to create an element tag from '{long_value}': the "
                "combined group and element values are limited to a maximum "
                "of 4-bytes"
            )
    if long_value < 0:  # type: ignore[operator]
        raise ValueError(f"Unable to create an element tag from '{long_value}': tags must be positive")
    return BaseTag(long_value)


class BaseTag(int):
    """A DICOM element (group, element) tag, stored as an :class:`int`."""

    __slots__ = ()

    def __le__(self, other: Any) -> Any:
        return self == other or self < other

    def __lt__(self, other: Any) -> Any:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except Exception:
                raise TypeError("Cannot compare Tag with non-Tag item")
        return int(self) < int(other)

    def __ge__(self, other: Any) -> Any:
        return self == other or self > other

    def __gt__(self, other: Any) -> Any:
        return not (self == other or self < other)

    def __eq__(self, other: Any) -> Any:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except Exception:
                return False
        return int(self) == int(other)

    def __ne__(self, other: Any) -> Any:
        return not self == other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"({self >> 16:04X},{self & 0xFFFF:04X})"

    __repr__ = __str__

    @property
    def json_key(self) -> str:
        """The tag as the DICOM JSON key ``GGGGEEEE``."""
        return f"{self >> 16:04X}{self & 0xFFFF:04X}"

    @property
    def group(self) -> int:
        return self >> 16

    @property
    def element(self) -> int:
        return self & 0xFFFF

    elem = element

    @property
    def is_private(self) -> bool:
        """True for an odd group number."""
        return (self >> 16) % 2 == 1

    @property
    def is_private_creator(self) -> bool:
        """True for (gggg,0010) to (gggg,00FF) in a private group."""
        return (self >> 16) % 2 == 1 and 0x0010 <= (self & 0xFFFF) < 0x0100

    @property
    def private_creator(self) -> "BaseTag":
        """The tag of the private creator element that reserves this tag's block."""
        return BaseTag((self & 0xFFFF0000) | (self & 0xFFFF) >> 8)


def TupleTag(group_elem: tuple[int, int]) -> BaseTag:
    """A :class:`BaseTag` from a (group, element) pair known to be valid."""
    return BaseTag(group_elem[0] << 16 | group_elem[1])


ItemTag = BaseTag(Item)
ItemDelimiterTag = BaseTag(ItemDelimitationItem)
SequenceDelimiterTag = BaseTag(SequenceDelimitationItem)
TAG_PIXREP = BaseTag(PixelRepresentation)
TAG_CHARSET = BaseTag(SpecificCharacterSet)
_LUT_DESCRIPTOR_TAGS = (
    RedPaletteColorLookupTableDescriptor,
    GreenPaletteColorLookupTableDescriptor,
    BluePaletteColorLookupTableDescriptor,
    LUTDescriptor,
)

# Tag() hands out one BaseTag object per value (up to a bound), so that dict lookups
# by tag usually succeed on identity instead of calling BaseTag.__eq__.
_interned: dict[int, BaseTag] = {}
_INTERN_LIMIT = 1 << 20


def _intern(value: int) -> BaseTag:
    tag = _interned.get(value)
    if tag is None:
        tag = BaseTag(value)
        if len(_interned) < _INTERN_LIMIT:
            _interned[value] = tag
    return tag


# Keyword -> BaseTag memo for Tag(); datadict clears it when entries are added.
_keyword_tags: dict[str, BaseTag] = {}


def keyword_tag(keyword: str) -> BaseTag | None:
    """The :class:`BaseTag` of a dictionary keyword, or None."""
    tag = _keyword_tags.get(keyword)
    if tag is None:
        value = _native.tag_for_keyword(keyword) if isinstance(keyword, str) else None
        if value is None:
            return None
        tag = _keyword_tags[keyword] = _intern(value)
    return tag
