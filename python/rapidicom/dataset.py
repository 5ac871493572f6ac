"""Datasets: :class:`Dataset` (a mutable mapping of tag -> element with keyword
attribute access), :class:`FileDataset`, :class:`FileMetaDataset` and
:class:`PrivateBlock`."""

import copy
import io
import os
import re
import warnings
import weakref
from bisect import bisect_left
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence, Set, ValuesView
from itertools import takewhile
from types import TracebackType
from typing import Any, TypeAlias, cast, overload

from rapidicom import _native, config
from rapidicom._tags import (
    DoubleFloatPixelData,
    FloatPixelData,
    MediaStorageSOPClassUID,
    MediaStorageSOPInstanceUID,
    PixelData,
    SpecificCharacterSet,
    TransferSyntaxUID,
)
from rapidicom.charset import convert_encodings, decode_element, default_encoding, python_encoding
from rapidicom.datadict import (
    dictionary_description,
    dictionary_VR,
    get_private_entry,
    keyword_for_tag,
    repeater_has_keyword,
    tag_for_keyword,
)
from rapidicom.dataelem import DataElement, RawDataElement, convert_raw_data_element
from rapidicom.fileutil import path_from_pathlike
from rapidicom.misc import warn_and_log
from rapidicom.tag import TAG_PIXREP, BaseTag, Tag, TagType, _intern, _with_tag, keyword_tag
from rapidicom.uid import PYDICOM_IMPLEMENTATION_UID, UID

PIXEL_KEYWORDS = {FloatPixelData, DoubleFloatPixelData, PixelData}
_MISSING = object()
_ElementStore = _native.ElementStore
_CHARSET_TAG = BaseTag(SpecificCharacterSet)


class PrivateBlock:
    """The elements of one private creator's block: (gggg,bb00)-(gggg,bbFF) where
    (gggg,00bb) holds the creator's name."""

    def __init__(self, key: tuple[int, str], dataset: "Dataset", private_creator_element: int) -> None:
        self.group = key[0]
        self.private_creator = key[1]
        self.dataset = dataset
        self.block_start = private_creator_element << 8

    def get_tag(self, element_offset: int) -> BaseTag:
        """The full tag of the element at `element_offset` (0x00-0xFF) in the block."""
        if element_offset > 0xFF:
            raise ValueError("Element offset must be less than 256")
        return Tag(self.group, self.block_start + element_offset)

    def __contains__(self, element_offset: int) -> bool:
        return self.get_tag(element_offset) in self.dataset

    def __getitem__(self, element_offset: int) -> DataElement:
        return self.dataset.__getitem__(self.get_tag(element_offset))

    def __delitem__(self, element_offset: int) -> None:
        del self.dataset[self.get_tag(element_offset)]

    def add_new(self, element_offset: int, VR: str, value: object) -> None:
        """Add an element at `element_offset` in the block."""
        tag = self.get_tag(element_offset)
        self.dataset.add_new(tag, VR, value)
        self.dataset[tag].private_creator = self.private_creator

    def __deepcopy__(self, memo: Any) -> "PrivateBlock":
        copied = self.__class__((self.group, self.private_creator), self.dataset, self.block_start >> 8)
        memo[id(self)] = copied
        return copied


def _fast_flags() -> int:
    """The native reader's view of the configuration, for this thread."""
    return config._flags_now() if config._overrides else config._fast_flags


def _dict_equal(a: "Dataset", b: Any, exclude: list[str] | None = None) -> bool:
    return (
        len(a) == len(b)
        and all(key in b for key in a.keys())
        and all(a[key] == b[key] for key in a.keys() if exclude is None or key not in exclude)
    )


_DatasetValue = DataElement | RawDataElement
_DatasetType: TypeAlias = "Dataset | MutableMapping[BaseTag, _DatasetValue]"

# Attribute names that are never element keywords (pydicom's rule).
_RE_CAMEL_CASE = re.compile(
    "(?P<start>(^[A-Za-z])((?=.+?[A-Z])[A-Za-z0-9]+)|(^[A-Z])([A-Za-z0-9]+))(?P<last>[A-Za-z0-9][^_]$)"
)

# Attributes formatted_lines() does not call (they need arguments or change things).
_FORMAT_EXCLUDED = ("from_json", "to_json", "to_json_dict", "clear", "description", "validate")


def _settle_charset(ds: "Dataset") -> None:
    """Set the character set a dataset just read from a file was read with, as
    pydicom works it out while reading (so changing Specific Character Set later
    does not change ``original_character_set``). The store tells it when the
    element is absent or one defined term; otherwise the Python path does."""
    state = ds.__dict__
    term = state["_dict"].charset_term()
    if term == "":
        charset = state["_parent_encoding"]
    elif term is not None and term in python_encoding:
        charset = [python_encoding[term]]
    else:
        state["_read_charset"] = None
        charset = ds._character_set
    state["_read_charset"] = charset


def _state_template(compat: bool) -> dict[str, Any]:
    """A new dataset's attributes in their order, the per-dataset ones as None."""
    state: dict[str, Any] = {
        "_parent_encoding": None,
        "_dict": None,
        "is_decompressed": False,
        "_read_little": None,
        "_read_implicit": None,
        "_read_charset": "",
    }
    if compat:
        state["_is_little_endian"] = state["_is_implicit_VR"] = None
    state["is_undefined_length_sequence_item"] = False
    state["_private_blocks"] = None
    state["_pixel_array"] = None
    state["_pixel_array_opts"] = None
    state["_pixel_id"] = None
    return state


# Copied for each new dataset (a dict copy costs half of building it afresh).
_STATE_FUTURE, _STATE_COMPAT = _state_template(False), _state_template(True)


def _fresh_state(elements: Any, parent_encoding: Any) -> dict[str, Any]:
    """A new dataset's attributes (Dataset.__init__'s, and the reader's sequence
    items', which start from them)."""
    state = (_STATE_FUTURE if config._use_future else _STATE_COMPAT).copy()
    state["_parent_encoding"] = parent_encoding
    state["_dict"] = elements
    state["_private_blocks"] = {}
    state["_pixel_array_opts"] = {"use_pdh": False}
    state["_pixel_id"] = {}
    return state


def _sequence_element(raw: RawDataElement, charset: Any) -> DataElement:
    """convert_raw_data_element for an SQ element when the hooks are the default
    ones: the same value (see values.convert_value), without the hook chain."""
    encodings = charset or [default_encoding]
    if isinstance(encodings, str):
        encodings = [encodings]
    try:
        value = convert_SQ(raw.value, raw.is_implicit_VR, raw.is_little_endian, encodings, raw.value_tell)
    except ValueError:  # the hook chain retries other VRs, with its warnings
        return convert_raw_data_element(raw, encoding=charset)
    return DataElement(raw.tag, "SQ", value, raw.value_tell, raw.length == 0xFFFFFFFF, already_converted=True)


class Dataset:
    """A DICOM dataset: a mutable mapping of :class:`BaseTag` to
    :class:`DataElement`, with element values reachable by keyword
    (``ds.PatientName``)."""

    indent_chars = "   "
    default_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"
    default_sequence_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"

    def __init__(self, *args: _DatasetType, **kwargs: Any) -> None:
        if not args:
            elements: MutableMapping[BaseTag, _DatasetValue] = {}
        elif isinstance(args[0], Dataset):
            elements = args[0]._dict
        else:
            elements = args[0]
        self.__dict__.update(_fresh_state(elements, kwargs.get("parent_encoding", default_encoding)))

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool | None:
        return None

    # -- adding and finding elements -------------------------------------------------

    def add(self, data_element: DataElement) -> None:
        """Add an element (``ds[elem.tag] = elem``)."""
        self[data_element.tag] = data_element

    def add_new(self, tag: TagType, VR: str, value: Any) -> None:
        """Create an element and add it."""
        self.add(DataElement(tag, VR, value))

    def add_new_private(
        self, private_creator: str, group: int, element_offset: int, value: Any, vr: str | None = None
    ) -> None:
        """Add a private element in `private_creator`'s block of `group` (creating the
        block if needed); the VR comes from the private dictionary if not given."""
        block = self.private_block(group, private_creator, create=True)
        if vr is None:
            vr = get_private_entry((group, element_offset), private_creator)[0]
        block.add_new(element_offset, vr, value)

    def data_element(self, name: str) -> DataElement | None:
        """The element for keyword `name`, or None if it is not a keyword."""
        tag = tag_for_keyword(name)
        if tag is not None:
            return self[tag]
        return None

    def __contains__(self, name: TagType) -> bool:
        try:
            return Tag(name) in self._dict
        except Exception as exc:
            msg = (
                f"Invalid value '{name}' used with the 'in' operator: must be "
                "an element tag as a 2-tuple or int, or an element keyword"
            )
            if isinstance(exc, OverflowError):
                msg = (
                    "Invalid element tag value used with the 'in' operator: "
                    "tags have a maximum value of (0xFFFF, 0xFFFF)"
                )
            if config.INVALID_KEY_BEHAVIOR == "WARN":
                warn_and_log(msg)
            elif config.INVALID_KEY_BEHAVIOR == "RAISE":
                raise ValueError(msg) from exc
        return False

    def decode(self) -> None:
        """Decode text values with the Specific Character Set (recursively)."""
        charset = self._character_set

        def decode_callback(ds: "Dataset", elem: DataElement) -> None:
            if elem.VR == "SQ":
                for item in elem.value:
                    item._parent_encoding = charset
                    item.decode()
            else:
                decode_element(elem, charset)

        self.walk(decode_callback, recursive=False)

    def copy(self) -> "Dataset":
        """A shallow copy."""
        return copy.copy(self)

    def __delattr__(self, name: str) -> None:
        tag = tag_for_keyword(name)
        if tag is not None and tag in self._dict:
            del self._dict[tag]  # type: ignore[arg-type]
            if tag in PIXEL_KEYWORDS:
                self._pixel_array = None
                self._pixel_id = {}
        elif name in self.__dict__:
            del self.__dict__[name]
        else:
            raise AttributeError(name)

    def __delitem__(self, key: "slice | BaseTag | TagType") -> None:
        tags = self._slice_dataset(key.start, key.stop, key.step) if isinstance(key, slice) else [Tag(key)]
        for tag in tags:
            del self._dict[tag]
            if self._private_blocks and tag.is_private_creator:
                self._private_blocks = {}
            if tag in PIXEL_KEYWORDS:
                self._pixel_array = None
                self._pixel_id = {}

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.dir()))

    def dir(self, *filters: str) -> list[str]:
        """Sorted keywords of the elements here (not in sequences), optionally only
        those containing any of `filters` (case-insensitive)."""
        names = [name for name in map(keyword_for_tag, self._dict.keys()) if name]
        if not filters:
            return sorted(names)
        matches: dict[str, int] = {}
        for filter_ in filters:
            lowered = filter_.lower()
            matches.update({x: 1 for x in names if lowered in x.lower()})
        return sorted(matches)

    def __eq__(self, other: Any) -> bool:
        if other is self:
            return True
        if isinstance(other, self.__class__):
            return _dict_equal(self, other)
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def get(self, key: str | int | tuple[int, int] | BaseTag, default: Any | None = None) -> Any:
        """A keyword gives the element's value (or attribute); a tag gives the
        element; `default` if absent."""
        if isinstance(key, str):
            tag = keyword_tag(key)
            cls = type(self)
            if tag is not None and cls.__getattr__ is Dataset.__getattr__:
                # What getattr would find through __getattr__, without first failing
                # the normal attribute lookup (keywords are never attributes).
                elements = self.__dict__.get("_dict")
                if type(elements) is _ElementStore and cls.__getitem__ is Dataset.__getitem__:
                    charset = self._read_charset or self._store_charset(tag)
                    flags = config._flags_now() if config._overrides else config._fast_flags
                    elem = elements.element(tag, charset, flags, _MISSING)
                    if elem is _MISSING:
                        return default
                    return elem._value if type(elem) is DataElement else self[tag].value
                if elements is None or tag not in elements:
                    return default
                return self._keyword_value(tag)
            try:
                return getattr(self, key)
            except AttributeError:
                return default
        try:
            key = Tag(key)
        except Exception as exc:
            raise TypeError("Dataset.get key must be a string or tag") from exc
        try:
            return self.__getitem__(key)
        except KeyError:
            return default

    def items(self) -> Set[tuple[BaseTag, _DatasetValue]]:
        return self._dict.items()

    def keys(self) -> Set[BaseTag]:
        return self._dict.keys()

    def values(self) -> ValuesView[_DatasetValue]:
        return self._dict.values()

    def __getattr__(self, name: str) -> Any:
        # Only called when normal attribute lookup fails: try it as a keyword.
        tag = keyword_tag(name)
        if tag is not None:
            instance = self.__dict__
            elements = instance.get("_dict")
            if type(elements) is _ElementStore and type(self).__getitem__ is Dataset.__getitem__:
                # _keyword_value's native path inline, with the presence test and
                # the lookup in one call (attribute access is the hottest path).
                charset = instance.get("_read_charset") or self._store_charset(tag)
                flags = config._flags_now() if config._overrides else config._fast_flags  # _fast_flags()
                elem = elements.element(tag, charset, flags, _MISSING)
                if elem is not _MISSING:
                    return elem._value if type(elem) is DataElement else self[tag].value
            elif elements is not None and tag in elements:
                return self._keyword_value(tag)
        if name == "_dict":
            return {}
        return object.__getattribute__(self, name)

    def _store_charset(self, tag: int = 0) -> Any:
        """The codecs a store-backed dataset decodes text with, for an element other
        than the character set itself (that one always uses the default)."""
        if self._read_charset is None and int(tag) != SpecificCharacterSet:
            return self.original_character_set or default_encoding
        return default_encoding

    def _keyword_value(self, tag: BaseTag) -> Any:
        """The value of the element `tag` (present), as ``self[tag].value``."""
        elements = self._dict
        if type(elements) is _ElementStore and type(self).__getitem__ is Dataset.__getitem__:
            charset = self._read_charset or self._store_charset(tag)
            elem = elements.element(tag, charset, _fast_flags())
            if type(elem) is DataElement:
                return elem._value
        elif type(elements) is dict and type(self).__getitem__ is Dataset.__getitem__:
            elem = elements[tag]
            if type(elem) is DataElement:
                return elem._value
        return self[tag].value

    @property
    def _character_set(self) -> str | list[str]:
        """The Python codecs of this dataset's Specific Character Set (or the
        parent's)."""
        char_set = self.get(_CHARSET_TAG, None)
        if not char_set:
            return self._parent_encoding
        return convert_encodings(char_set.value)

    @property
    def original_character_set(self) -> str | MutableSequence[str]:
        """The character set the dataset was read with."""
        charset = self._read_charset
        if charset is None:
            # Read datasets work this out on first use: the file's own character
            # set, else the default (what pydicom's reader records).
            charset = self._read_charset = self._character_set
        return charset

    def _deprecated(self, old: str, new: str) -> None:
        name = type(self).__name__
        if config._use_future:
            raise AttributeError(f"'{name}' object has no attribute '{old}'")
        warn_and_log(f"'{name}.{old}' will be removed in v4.0, use '{name}.{new}' instead", DeprecationWarning)

    @property
    def read_encoding(self) -> str | MutableSequence[str]:
        self._deprecated("read_encoding", "original_character_set")
        return self.original_character_set

    @read_encoding.setter
    def read_encoding(self, value: str | MutableSequence[str]) -> None:
        self._deprecated("read_encoding", "original_character_set")
        self._read_charset = value

    @overload
    def __getitem__(self, key: slice) -> "Dataset": ...

    @overload
    def __getitem__(self, key: TagType) -> DataElement: ...

    def __getitem__(self, key: "slice | TagType") -> "Dataset | DataElement":
        if isinstance(key, slice):
            return self._dataset_slice(key)
        if isinstance(key, BaseTag):
            tag = key
        else:
            try:
                tag = Tag(key)
            except Exception as exc:
                raise KeyError(f"'{key}'") from exc
        elements = self._dict
        if type(elements) is _ElementStore:
            charset = self._read_charset or self._store_charset(tag)
            elem = elements.element(tag, charset, _fast_flags())
        else:
            elem = elements[tag]
        if type(elem) is DataElement:
            return elem
        if isinstance(elem, RawDataElement):
            return self._convert_raw(tag, elem)
        return cast(DataElement, elem)

    def _convert_raw(self, tag: BaseTag, raw: RawDataElement) -> DataElement:
        """Decode a raw element (read from a file) into a DataElement, in place."""
        if raw.value is None and raw.length != 0:
            from rapidicom.filereader import read_deferred_data_element

            source = self.filename or self.buffer
            if self.filename and self.buffer and not getattr(self.buffer, "closed", False):
                source = self.buffer
            raw = read_deferred_data_element(self.fileobj_type, source, self.timestamp, raw)
        if tag != _CHARSET_TAG:
            charset = self.original_character_set or self._character_set
        else:
            charset = default_encoding
        if raw.VR == "SQ" and raw.length and not _fast_flags() & _native.FLAG_OFF:
            elem = _sequence_element(raw, charset)
        else:
            elem = convert_raw_data_element(raw, encoding=charset, ds=self)
        if isinstance(raw.value, _native.SequenceItems):
            # pydicom makes these while reading and stores them as they are: no
            # private creator is attached and nothing is passed down to the items.
            self._dict[tag] = elem
            return elem
        self[tag] = elem  # for an SQ, this passes Pixel Representation down
        if elem.VR in AMBIGUOUS_VR:
            from rapidicom._ambiguous_vr import correct_ambiguous_vr_element

            self[tag] = elem = correct_ambiguous_vr_element(elem, self, raw[6])
        return cast(DataElement, self._dict[tag])

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """The block of `private_creator` in odd `group`; with `create`, reserve the
        first free block for it if it has none."""
        key = (group, private_creator)
        if key in self._private_blocks:
            return self._private_blocks[key]

        def new_block(element: int) -> PrivateBlock:
            block = PrivateBlock(key, self, element)
            self._private_blocks[key] = block
            return block

        if not private_creator:
            raise ValueError("Private creator must have a value")
        if group % 2 == 0:
            raise ValueError("Tag must be private if private creator is given")
        creators = self[(group, 0x10) : (group, 0x100)]  # type: ignore[misc]
        found = next((elem for elem in creators if elem.value == private_creator), None)
        if found is not None:
            return new_block(found.tag.element)
        if not create:
            raise KeyError(f"Private creator '{private_creator}' not found")
        first_free = next(el for el in range(0x10, 0x100) if Tag(group, el) not in self._dict)
        self.add_new(Tag(group, first_free), "LO", private_creator)
        return new_block(first_free)

    def private_creators(self, group: int) -> list[str]:
        """The private creator names reserved in odd `group`."""
        if group % 2 == 0:
            raise ValueError("Group must be an odd number")
        block = self[(group, 0x10) : (group, 0x100)]  # type: ignore[misc]
        return [x.value for x in block]

    def get_private_item(self, group: int, element_offset: int, private_creator: str) -> DataElement:
        """The element at `element_offset` in `private_creator`'s block of `group`."""
        block = self.private_block(group, private_creator)
        return self.__getitem__(block.get_tag(element_offset))  # type: ignore[return-value]

    def get_item(self, key: "slice | TagType", *, keep_deferred: bool = False) -> Any:
        """The element as stored: a RawDataElement if it has not been decoded yet."""
        if isinstance(key, slice):
            return self._dataset_slice(key)
        elem = self._dict.get(Tag(key))
        if isinstance(elem, RawDataElement):
            # Sequences read with undefined length are DataElements in pydicom.
            if isinstance(elem.value, _native.SequenceItems):
                return self[key]
            if not keep_deferred and elem.value is None:
                return self[key]
        return elem

    def _dataset_slice(self, slce: slice) -> "Dataset":
        tags = self._slice_dataset(slce.start, slce.stop, slce.step)
        ds = Dataset({tag: self.get_item(tag) for tag in tags})
        is_implicit, is_little = self.original_encoding
        ds.set_original_encoding(is_implicit, is_little, self.original_character_set)
        if not config._use_future:
            ds._is_little_endian = self._is_little_endian
            ds._is_implicit_VR = self._is_implicit_VR
        return ds

    # -- encoding (deprecated attributes and the original encoding) ------------------

    def _deprecated_encoding_attr(self, attr: str, arg: str) -> None:
        name = type(self).__name__
        if config._use_future:
            raise AttributeError(f"'{name}' object has no attribute '{attr}'")
        warn_and_log(
            f"'{name}.{attr}' will be removed in v4.0, set the Transfer Syntax UID or "
            f"use the '{arg}' argument with {name}.save_as() or dcmwrite() instead",
            DeprecationWarning,
        )

    @property
    def is_implicit_VR(self) -> bool | None:
        if config._use_future:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'is_implicit_VR'")
        return self._is_implicit_VR

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool | None) -> None:
        self._deprecated_encoding_attr("is_implicit_VR", "implicit_vr")
        self._is_implicit_VR = value

    @property
    def is_little_endian(self) -> bool | None:
        if config._use_future:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'is_little_endian'")
        return self._is_little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool | None) -> None:
        self._deprecated_encoding_attr("is_little_endian", "little_endian")
        self._is_little_endian = value

    @property
    def is_original_encoding(self) -> bool:
        """True if writing would use the encoding the dataset was read with."""
        if config._use_future:
            return self.original_character_set == self._character_set
        current = (self._is_implicit_VR, self._is_little_endian)
        return (
            None not in current
            and self.original_encoding == current
            and self.original_character_set == self._character_set
        )

    @property
    def original_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) of the dataset as read."""
        return (self._read_implicit, self._read_little)  # type: ignore[return-value]

    def set_original_encoding(
        self,
        is_implicit_vr: bool | None,
        is_little_endian: bool | None,
        character_encoding: str | MutableSequence[str] | None = None,
    ) -> None:
        """Record the encoding the dataset was read with."""
        self._read_implicit = is_implicit_vr
        self._read_little = is_little_endian
        if character_encoding is not None:
            self._read_charset = character_encoding

    @property
    def read_implicit_vr(self) -> bool | None:
        self._deprecated("read_implicit_vr", "original_encoding[0]")
        return self._read_implicit

    @property
    def read_little_endian(self) -> bool | None:
        self._deprecated("read_little_endian", "original_encoding[1]")
        return self._read_little

    # -- iteration and dict emulation ------------------------------------------------

    def group_dataset(self, group: int) -> "Dataset":
        """A dataset of the elements in `group`."""
        return self[(group, 0x0000) : (group + 1, 0x0000)]  # type: ignore[misc]

    def _sorted_tags(self) -> list[BaseTag]:
        elements = self._dict
        if type(elements) is _ElementStore:
            return elements.sorted_tags()
        # Sorting on int keys compares in C instead of calling BaseTag.__lt__.
        return sorted(elements, key=int)

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        """numpy sees a dataset as one object, not a sequence of its elements
        (``numpy.array([ds])`` holds the dataset)."""
        import numpy

        arr = numpy.empty((), dtype=object)
        arr[()] = self._dict
        return arr

    def __iter__(self) -> Iterator[DataElement]:
        elements = self._dict
        if type(elements) is _ElementStore and type(self).__getitem__ is Dataset.__getitem__:
            # Native: what the fast path can convert is made in one call, then each
            # step hands out an element already made (raw ones still go through
            # __getitem__). Tags are looked up one by one, as pydicom does, so the
            # loop sees changes made while it runs.
            return elements.iterate(self, self._read_charset or self._store_charset(), _fast_flags())
        return self._iter_sorted()

    def _iter_sorted(self) -> Iterator[DataElement]:
        for tag in self._sorted_tags():
            yield self[tag]  # type: ignore[misc]

    def _native_store(self) -> Any:
        """The element store, when this dataset has one and decodes through it."""
        elements = self._dict
        if type(elements) is _ElementStore and type(self).__getitem__ is Dataset.__getitem__:
            return elements
        return None

    def _decode_natively(self) -> None:
        """Turn every raw element that the native path can decode into its
        DataElement (as ``self[tag]`` would); the others stay raw."""
        elements = self._native_store()
        if elements is not None:
            elements.materialize(self._read_charset or self._store_charset(), _fast_flags())

    def elements(self) -> Iterator[DataElement | RawDataElement]:
        """The top-level elements in tag order, raw ones left undecoded."""
        for tag in self._sorted_tags():
            yield self.get_item(tag)

    def __len__(self) -> int:
        return len(self._dict)

    def clear(self) -> None:
        """Remove every element."""
        self._dict.clear()

    def pop(self, key: "BaseTag | TagType", *args: Any) -> _DatasetValue:
        """Remove and return the element for a tag or keyword (like ``dict.pop``)."""
        try:
            key = Tag(key)
        except Exception:
            pass
        return self._dict.pop(key, *args)  # type: ignore[arg-type]

    def popitem(self) -> tuple[BaseTag, _DatasetValue]:
        return self._dict.popitem()

    def setdefault(self, key: TagType, default: Any | None = None) -> DataElement:
        """The element for `key`, adding one with value `default` if absent."""
        tag = Tag(key)
        if tag in self:
            return self[tag]  # type: ignore[return-value]
        if not isinstance(default, DataElement):
            if tag.is_private:
                vr = "UN"
            else:
                try:
                    vr = dictionary_VR(tag)
                except KeyError:
                    if config.settings.writing_validation_mode == config.RAISE:
                        raise KeyError(f"Unknown DICOM tag {tag}")
                    vr = "UN"
                    warn_and_log(f"Unknown DICOM tag {tag} - setting VR to 'UN'")
            default = DataElement(tag, vr, default)
        self[key] = default
        return default

    def update(self, d: _DatasetType) -> None:
        """Add elements from a dict or dataset (keys may be keywords or tags)."""
        for key, value in list(d.items()):
            if isinstance(key, str):
                setattr(self, key, value)
            else:
                self[Tag(cast(int, key))] = value

    def iterall(self) -> Iterator[DataElement]:
        """Every element, depth first through sequences (a native iterator; items
        whose class has its own ``iterall`` are walked by it)."""
        return _native.AllElements(self, Dataset.iterall)

    def walk(self, callback: Callable[["Dataset", DataElement], None], recursive: bool = True) -> None:
        """Call ``callback(dataset, element)`` for each element in tag order,
        recursing into sequence items; the callback may delete the element."""
        for tag in self._sorted_tags():
            try:
                elem = self[tag]
                callback(self, elem)  # type: ignore[arg-type]
                if recursive and tag in self and elem.VR == "SQ":  # type: ignore[union-attr]
                    for item in elem.value:  # type: ignore[union-attr]
                        item.walk(callback)
            except Exception as exc:
                raise _with_tag(exc, tag) from exc

    # -- DICOM JSON (rapidicom.jsonrep has the rules, the native module the speed) --

    @classmethod
    def from_json(
        cls,
        json_dataset: dict[str, Any] | str | bytes | bytearray,
        bulk_data_uri_handler: Callable[..., Any] | None = None,
    ) -> "Dataset":
        """A dataset from the DICOM JSON model: text (str, bytes, bytearray) or the
        dict it parses to. `bulk_data_uri_handler` fetches ``BulkDataURI`` values:
        ``handler(uri)`` or ``handler(tag, vr, uri)``."""
        from rapidicom import jsonrep

        return jsonrep.dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    def to_json_dict(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> dict[str, Any]:
        """The dataset in the DICOM JSON model, as a dict keyed by ``GGGGEEEE``.
        Binary values longer than `bulk_data_threshold` go to
        `bulk_data_element_handler` (which returns their URI) if one is given;
        with `suppress_invalid_tags`, elements that fail are left out."""
        from rapidicom import jsonrep

        return jsonrep.dataset_to_json_dict(self, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags)

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        dump_handler: Callable[[dict[str, Any]], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> str:
        """The dataset in the DICOM JSON model, as text: ``json.dumps(...,
        sort_keys=True)`` of :meth:`to_json_dict` unless `dump_handler` is given."""
        from rapidicom import jsonrep

        if dump_handler is None and bulk_data_element_handler is None:
            return jsonrep.dataset_json_text(self, suppress_invalid_tags)
        dump = jsonrep.dumps if dump_handler is None else dump_handler
        return dump(self.to_json_dict(bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags))

    def remove_private_tags(self) -> None:
        """Remove all private elements, at every depth."""

        def remove_callback(dataset: "Dataset", elem: DataElement) -> None:
            if elem.tag.is_private:
                del dataset[elem.tag]

        self.walk(remove_callback)

    def update_raw_element(self, tag: TagType, *, vr: str | None = None, value: bytes | None = None) -> None:
        """Change the VR and/or bytes of an element that has not been decoded yet."""
        if vr is None and value is None:
            raise ValueError("Either or both of 'vr' and 'value' are required")
        if vr is not None:
            from rapidicom.valuerep import VR

            if vr not in VR.__members__:
                raise ValueError(f"Invalid VR value '{vr}'")
        if value is not None and not isinstance(value, bytes):
            raise TypeError(f"'value' must be bytes, not '{type(value).__name__}'")
        tag = Tag(tag)
        raw = self.get_item(tag)
        if raw is None:
            raise KeyError(f"No element with tag {tag} was found")
        if not isinstance(raw, RawDataElement):
            raise TypeError(
                f"The element with tag {tag} has already been converted to a "
                "'DataElement' instance, this method must be called earlier"
            )
        self._dict[tag] = raw._replace(
            VR=vr if vr is not None else raw.VR, value=value if value is not None else raw.value
        )

    # -- text output -----------------------------------------------------------------

    def formatted_lines(
        self,
        element_format: str = default_element_format,
        sequence_element_format: str = default_sequence_element_format,
        indent_format: str | None = None,
    ) -> Iterator[str]:
        """One formatted line per element (all depths); the formats use the
        element's attributes as ``%(name)s`` keys."""
        for elem in self.iterall():
            fields = {}
            for attr in dir(elem):
                if attr.startswith("_") or attr in _FORMAT_EXCLUDED:
                    continue
                value = getattr(elem, attr)
                fields[attr] = value() if callable(value) else value
            yield (sequence_element_format if elem.VR == "SQ" else element_format) % fields

    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        strings = []
        indent_str = self.indent_chars * indent
        nextindent_str = self.indent_chars * (indent + 1)
        file_meta = self.__dict__.get("file_meta")
        if file_meta and config.show_file_meta:
            strings.append(f"{'Dataset.file_meta ':-<49}")
            for elem in file_meta:
                try:
                    strings.append(indent_str + repr(elem))
                except Exception as exc:
                    raise _with_tag(exc, elem.tag) from exc
            strings.append(f"{'':-<49}")
        for elem in self:
            try:
                if elem.VR == "SQ":
                    strings.append(f"{indent_str}{elem.tag}  {elem.name}  {len(elem.value)} item(s) ---- ")
                    if not top_level_only:
                        for dataset in elem.value:
                            strings.append(dataset._pretty_str(indent + 1))
                            strings.append(nextindent_str + "---------")
                else:
                    strings.append(indent_str + repr(elem))
            except Exception as exc:
                raise _with_tag(exc, elem.tag) from exc
        return "\n".join(strings)

    def __str__(self) -> str:
        return self._pretty_str()

    def __repr__(self) -> str:
        return self._pretty_str()

    def top(self) -> str:
        """The top-level elements only, as text."""
        return self._pretty_str(top_level_only=True)

    def trait_names(self) -> list[str]:
        """Names for IPython's auto-completion."""
        return dir(self)

    # -- setting attributes and elements ---------------------------------------------

    def save_as(
        self,
        filename: Any,
        /,
        _write_like_original: bool | None = None,
        *,
        implicit_vr: bool | None = None,
        little_endian: bool | None = None,
        enforce_file_format: bool = False,
        overwrite: bool = True,
        **kwargs: Any,
    ) -> None:
        """Encode the dataset and write it to `filename` (see ``dcmwrite``). It
        cannot change the byte order the dataset was read with."""
        from rapidicom.filewriter import dcmwrite

        if implicit_vr is not None and little_endian is None:
            little_endian = True
        if self.original_encoding[1] is not None:
            syntax = getattr(self, "file_meta", {}).get("TransferSyntaxUID", None)
            use_little: bool | None = None
            try:
                use_little = syntax.is_little_endian
            except (AttributeError, ValueError):
                if little_endian is not None:
                    use_little = little_endian
                elif not config._use_future:
                    use_little = self.is_little_endian
            if use_little is not None and self.original_encoding[1] != use_little:
                raise ValueError(
                    f"'{type(self).__name__}.save_as()' cannot be used to convert between little "
                    "and big endian encoding. Please read the documentation for "
                    "filewriter.dcmwrite() if this is what you really want to do"
                )
        dcmwrite(
            filename,
            self,
            _write_like_original,
            implicit_vr=implicit_vr,
            little_endian=little_endian,
            enforce_file_format=enforce_file_format,
            overwrite=overwrite,
            **kwargs,
        )

    def fix_meta_info(self, enforce_standard: bool = True) -> None:
        """The pydicom 2.x helper the seeds document: make sure ``file_meta`` exists
        and names the transfer syntax of ``is_implicit_VR``/``is_little_endian``
        (explicit VR little endian is ambiguous and left alone) and the SOP Class
        and Instance UIDs."""
        from rapidicom.uid import ExplicitVRBigEndian, ImplicitVRLittleEndian

        self.ensure_file_meta()
        implicit, little = self.is_implicit_VR, self.is_little_endian
        if little and implicit:
            self.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
        elif not little and not implicit:
            self.file_meta.TransferSyntaxUID = ExplicitVRBigEndian
        elif not little and implicit:
            raise NotImplementedError("Implicit VR Big Endian is not a supported Transfer Syntax.")
        if "SOPClassUID" in self:
            self.file_meta.MediaStorageSOPClassUID = self.SOPClassUID
        if "SOPInstanceUID" in self:
            self.file_meta.MediaStorageSOPInstanceUID = self.SOPInstanceUID
        if enforce_standard:
            validate_file_meta(self.file_meta, enforce_standard=True)

    def ensure_file_meta(self) -> None:
        """Create an empty ``file_meta`` if there is none."""
        if "file_meta" not in self.__dict__:
            self.file_meta = FileMetaDataset()

    # -- pixel data (the work is in rapidicom.pixels) ---------------------------
    @property
    def pixel_array(self) -> Any:
        """The pixel data as a numpy array (decoded once, again after a change)."""
        self.convert_pixel_data()
        return self._pixel_array

    def pixel_array_options(
        self,
        *,
        index: int | None = None,
        raw: bool = False,
        decoding_plugin: str = "",
        use_v2_backend: bool = False,
        **kwargs: Any,
    ) -> None:
        """Options for `pixel_array`: one frame (`index`), no colour conversion
        (`raw`), and the decoding options of ``pixels.pixel_array``."""
        if config._use_future and kwargs.get("use_v2_backend", use_v2_backend):
            raise TypeError(
                f"{type(self).__name__}.pixel_array_options() got an unexpected keyword argument 'use_v2_backend'"
            )
        kwargs["index"] = index
        kwargs["raw"] = raw
        if decoding_plugin:
            kwargs["decoding_plugin"] = decoding_plugin.lower()
        kwargs["use_pdh"] = False if config._use_future else use_v2_backend
        self._pixel_array_opts = kwargs
        self._pixel_array = None
        self._pixel_id = {}

    def convert_pixel_data(self, handler_name: str = "") -> None:
        """Decode the pixel data into `pixel_array` unless it already is and has not
        changed. `handler_name` accepts pydicom's plugin and handler names."""
        from rapidicom.pixels.utils import get_image_pixel_ids, pixel_array

        if config._use_future:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'convert_pixel_data'")
        already = self.__dict__.get("_pixel_array") is not None
        if already and self._pixel_id == get_image_pixel_ids(self):
            return
        opts = dict(self._pixel_array_opts)
        name = handler_name.lower() if handler_name else opts.get("decoding_plugin", "")
        if opts.pop("use_pdh", False):
            from rapidicom.pixel_data_handlers import _backend

            _backend.convert(self, name)
            return
        opts["decoding_plugin"] = name
        self._pixel_array = pixel_array(self, **opts)
        self._pixel_id = get_image_pixel_ids(self)

    def set_pixel_data(
        self,
        arr: Any,
        photometric_interpretation: str,
        bits_stored: int,
        *,
        generate_instance_uid: bool = True,
    ) -> None:
        """Set Pixel Data and the Image Pixel module from the array `arr`."""
        from rapidicom.pixels.utils import set_pixel_data

        set_pixel_data(self, arr, photometric_interpretation, bits_stored, generate_instance_uid=generate_instance_uid)

    def compress(
        self,
        transfer_syntax_uid: str,
        arr: Any = None,
        encoding_plugin: str = "",
        encapsulate_ext: bool = False,
        *,
        generate_instance_uid: bool = True,
        jls_error: int | None = None,
        j2k_cr: list[float] | None = None,
        j2k_psnr: list[float] | None = None,
        **kwargs: Any,
    ) -> None:
        """Compress the pixel data (or `arr`) in place with `transfer_syntax_uid`."""
        from rapidicom.pixels.utils import compress

        kwargs.pop("decoding_plugin", None)
        compress(
            self,
            transfer_syntax_uid,
            arr,
            encoding_plugin=encoding_plugin,
            encapsulate_ext=encapsulate_ext,
            generate_instance_uid=generate_instance_uid,
            jls_error=jls_error,
            j2k_cr=j2k_cr,
            j2k_psnr=j2k_psnr,
            **kwargs,
        )

    def decompress(
        self,
        handler_name: str = "",
        *,
        as_rgb: bool = True,
        generate_instance_uid: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> None:
        """Decompress the pixel data in place to Explicit VR Little Endian."""
        from rapidicom.pixels.utils import decompress

        if config._use_future and kwargs.get("handler_name", handler_name):
            raise TypeError(f"{type(self).__name__}.decompress() got an unexpected keyword argument 'handler_name'")
        opts = dict(self._pixel_array_opts)
        if handler_name:
            opts["decoding_plugin"] = handler_name
        if decoding_plugin:
            opts["decoding_plugin"] = decoding_plugin
        opts.update(**kwargs)
        decompress(self, as_rgb=as_rgb, generate_instance_uid=generate_instance_uid, **opts)

    def overlay_array(self, group: int) -> Any:
        """The Overlay Data of `group` (0x6000 to 0x60FF) as an array."""
        if group < 0x6000 or group > 0x60FF:
            raise ValueError(
                "The group part of the 'Overlay Data' element tag must be between 0x6000 and 0x60FF (inclusive)"
            )
        from rapidicom.overlays import get_overlay_array

        return get_overlay_array(self, group)

    def waveform_array(self, index: int) -> Any:
        """The multiplex group `index` of the Waveform Sequence as an array."""
        from rapidicom.waveforms import multiplex_array

        return multiplex_array(self, index, as_raw=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("is_") or name.islower():
            if name == "file_meta":
                self._set_file_meta(value)
            else:
                object.__setattr__(self, name, value)
            return
        tag = keyword_tag(name)
        if tag is not None:
            elem = self._dict.get(tag)
            if elem is None:
                elem = DataElement(tag, dictionary_VR(tag), value)
            else:
                elem = self[tag]
                elem.value = value  # type: ignore[union-attr]
            self[tag] = elem  # type: ignore[assignment]
        elif repeater_has_keyword(name):
            raise ValueError(
                f"'{name}' is a DICOM repeating group element and must be added using the add() or add_new() methods."
            )
        else:
            if _RE_CAMEL_CASE.match(name):
                msg = f"Camel case attribute '{name}' used which is not in the element keyword data dictionary"
                if config.INVALID_KEYWORD_BEHAVIOR == "WARN":
                    warn_and_log(msg)
                elif config.INVALID_KEYWORD_BEHAVIOR == "RAISE":
                    raise ValueError(msg)
            object.__setattr__(self, name, value)

    def _set_file_meta(self, value: "Dataset | None") -> None:
        if value is not None and not isinstance(value, Dataset):
            raise TypeError(f"'{self.__class__.__name__}.file_meta' must be a 'FileMetaDataset' instance")
        if value is not None and not isinstance(value, FileMetaDataset):
            value = FileMetaDataset(value)
        self.__dict__["file_meta"] = value

    def __setitem__(self, key: "slice | TagType", elem: _DatasetValue) -> None:
        if type(key) is not BaseTag:
            if isinstance(key, slice):
                raise NotImplementedError("Slicing is not supported when setting Dataset items")
            try:
                key = Tag(key)
            except Exception as exc:
                raise ValueError(f"Unable to convert the key '{key}' to an element tag") from exc
        if not isinstance(elem, DataElement | RawDataElement):
            raise TypeError("Dataset items must be 'DataElement' instances")
        elem_tag = elem.tag if isinstance(elem.tag, BaseTag) else Tag(elem.tag)
        if int(key) != int(elem_tag):  # type: ignore[arg-type]
            raise ValueError(f"The key '{key}' doesn't match the 'DataElement' tag '{elem_tag}'")
        if (elem_tag >> 16) & 1:
            creator_value = (elem_tag & 0xFFFF0000) | ((elem_tag & 0xFFFF) >> 8)
            creator_tag = _intern(creator_value)
            if creator_tag in self._dict and int(elem_tag) != creator_value:
                if isinstance(elem, RawDataElement):
                    from rapidicom.dataelem import convert_raw_data_element  # type: ignore[attr-defined]

                    elem = convert_raw_data_element(elem, encoding=self._character_set, ds=self)
                elem.private_creator = self[creator_tag].value  # type: ignore[union-attr]
        if elem_tag in PIXEL_KEYWORDS:
            self._pixel_array = None
            self._pixel_id = {}
        self._dict[elem_tag] = elem
        if elem.VR == "SQ" and isinstance(elem, DataElement):
            if not isinstance(elem.value, Sequence):
                elem.value = Sequence(elem.value)
            elem.value.parent_dataset = self
            self._set_pixel_representation(elem)

    def _set_pixel_representation(self, elem: DataElement) -> None:
        """Pass Pixel Representation down to sequence items (it decides US or SS for
        ambiguous elements inside them)."""
        # `_pixel_rep` is plain instance state: set in the instance dicts directly.
        state = self.__dict__
        pr: int | bytes | None = None
        if TAG_PIXREP in self._dict:
            pr = self[TAG_PIXREP].value  # type: ignore[union-attr]
        elif "_pixel_rep" in state:
            pr = state["_pixel_rep"]
        if pr is not None:
            state["_pixel_rep"] = int(b"\x01" in pr) if isinstance(pr, bytes) else pr
        if elem.VR != "SQ":
            return
        for item in elem.value:
            if TAG_PIXREP in item._dict:
                pr = item._dict[TAG_PIXREP].value
                if pr is not None:
                    item.__dict__["_pixel_rep"] = int(b"\x01" in pr) if isinstance(pr, bytes) else pr
                elif "_pixel_rep" in state:
                    item.__dict__["_pixel_rep"] = state["_pixel_rep"]
            elif "_pixel_rep" in state:
                item.__dict__["_pixel_rep"] = state["_pixel_rep"]

    def _slice_dataset(self, start: "TagType | None", stop: "TagType | None", step: int | None) -> list[BaseTag]:
        if start is not None:
            start = Tag(start)
        if stop is not None:
            stop = Tag(stop)
        all_tags = self._sorted_tags()
        if not all_tags:
            return []
        if start is None:
            if stop is None:
                return all_tags if step == 1 else all_tags[::step]
            before_stop = list(takewhile(lambda x: x < stop, all_tags))
            return before_stop if step == 1 else before_stop[::step]
        i_start = bisect_left(all_tags, start)
        if stop is None:
            return all_tags[i_start::step]
        return all_tags[i_start : bisect_left(all_tags, stop) : step]

    # -- sequence parents (pydicom 2.4 API), pickling --------------------------------

    @property
    def parent_seq(self) -> "weakref.ReferenceType[Any] | None":
        """A weak reference to the Sequence this dataset is an item of."""
        return self.__dict__.get("_parent_seq")

    @property
    def parent(self) -> "weakref.ReferenceType[Dataset] | None":
        """A weak reference to the dataset holding the Sequence this dataset is in
        (deprecated since pydicom 2.4; use :attr:`parent_seq`)."""
        warnings.warn(
            "'Dataset.parent' is deprecated, use 'Dataset.parent_seq' instead",
            DeprecationWarning,
            stacklevel=2,
        )
        seq_ref = self.parent_seq
        seq = seq_ref() if seq_ref is not None else None
        return seq.parent_dataset if seq is not None else None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_parent_seq", None)  # weak references cannot be pickled
        if isinstance(self._dict, _native.ElementStore):
            # A plain dict of the same elements; sequences parsed while reading
            # become DataElements (their items are native objects).
            plain = {}
            for tag in self._dict:
                elem = self._dict[tag]
                if isinstance(elem, RawDataElement) and isinstance(elem.value, _native.SequenceItems):
                    elem = self[tag]
                plain[tag] = elem
            state["_dict"] = plain
        return state

    def __copy__(self) -> "Dataset":
        # Shallow: the copy shares the elements, as a dict-backed copy does.
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        return clone

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class FileDataset(Dataset):
    """A dataset read from (or to be written to) a file, with its preamble and file
    meta information."""

    def __init__(
        self,
        filename_or_obj: Any,
        dataset: _DatasetType,
        preamble: bytes | None = None,
        file_meta: "FileMetaDataset | None" = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
        *,
        _timestamp: float | None = None,
    ) -> None:
        Dataset.__init__(self, dataset)
        if file_meta is None:
            file_meta = FileMetaDataset()
        elif not isinstance(file_meta, FileMetaDataset):
            self._set_file_meta(file_meta)
            file_meta = self.__dict__["file_meta"]
        filename: Any = None
        buffer: Any = None
        fileobj_type: Any = None
        filename_or_obj = path_from_pathlike(filename_or_obj)
        if isinstance(filename_or_obj, str):
            filename, fileobj_type = filename_or_obj, open
        elif isinstance(filename_or_obj, io.BufferedReader):
            filename, fileobj_type = filename_or_obj.name, open
        else:
            buffer, fileobj_type = filename_or_obj, type(filename_or_obj)
            if getattr(filename_or_obj, "name", None):
                filename = filename_or_obj.name
            elif getattr(filename_or_obj, "filename", None):
                filename = filename_or_obj.filename
        timestamp = _timestamp
        if timestamp is None and filename and os.path.exists(filename):
            timestamp = os.stat(filename).st_mtime
        # Set directly: these names never go through the keyword logic anyway.
        state = self.__dict__
        state["preamble"] = preamble
        state["file_meta"] = file_meta
        if not config._use_future:
            state["_is_implicit_VR"] = is_implicit_VR
            state["_is_little_endian"] = is_little_endian
        state["_read_implicit"] = is_implicit_VR
        state["_read_little"] = is_little_endian
        state["fileobj_type"] = fileobj_type
        state["filename"] = filename
        state["buffer"] = buffer
        state["timestamp"] = timestamp

    @classmethod
    def _from_reader(
        cls,
        elements: Any,
        file_meta: "FileMetaDataset",
        preamble: bytes | None,
        filename: str | None,
        buffer: Any,
        implicit_vr: bool,
        little_endian: bool,
        timestamp: float | None,
    ) -> "FileDataset":
        """What dcmread makes for a path or bytes: the state __init__ would set, in
        the same order, without its argument handling."""
        ds = cls.__new__(cls)
        state = _fresh_state(elements, default_encoding)
        state["_read_little"] = little_endian
        state["_read_implicit"] = implicit_vr
        state["_read_charset"] = None  # settled below
        if not config._use_future:
            state["_is_little_endian"] = little_endian
            state["_is_implicit_VR"] = implicit_vr
        state.update(
            preamble=preamble,
            file_meta=file_meta,
            fileobj_type=open if buffer is None else type(buffer),
            filename=filename,
            buffer=buffer,
            timestamp=timestamp,
        )
        ds.__dict__.update(state)
        _settle_charset(ds)
        return ds

    def __deepcopy__(self, memo: dict[int, Any]) -> "FileDataset":
        result = self.__class__.__new__(self.__class__)
        memo[id(self)] = result
        for key, value in self.__getstate__().items():
            if key == "buffer":
                try:
                    value = copy.deepcopy(value, memo)
                except Exception as exc:
                    warn_and_log(
                        f"The {type(exc).__name__} exception '{exc}' occurred "
                        "trying to deepcopy the buffer-like the dataset was read "
                        "from, the 'buffer' attribute will be set to 'None' in the "
                        "copied object"
                    )
                    value = None
            else:
                value = copy.deepcopy(value, memo)
            result.__dict__[key] = value
        return result


def validate_file_meta(file_meta: "FileMetaDataset", enforce_standard: bool = True) -> None:
    """Check that `file_meta` holds only group 2, and with `enforce_standard` fill
    in the version and implementation elements and require the three UIDs."""
    for elem in file_meta.elements():
        if elem.tag.group != 0x0002:
            raise ValueError("Only File Meta Information group (0002,eeee) elements may be present in 'file_meta'.")
    if not enforce_standard:
        return
    if "FileMetaInformationVersion" not in file_meta or file_meta["FileMetaInformationVersion"].is_empty:
        file_meta.FileMetaInformationVersion = b"\x00\x01"
    if "ImplementationClassUID" not in file_meta or file_meta["ImplementationClassUID"].is_empty:
        file_meta.ImplementationClassUID = UID(PYDICOM_IMPLEMENTATION_UID)
    if "ImplementationVersionName" not in file_meta:
        from rapidicom import __version__

        file_meta.ImplementationVersionName = f"RAPIDICOM {__version__}"
    invalid = [
        f"{Tag(tag)} {dictionary_description(tag)}"
        for tag in (MediaStorageSOPClassUID, MediaStorageSOPInstanceUID, TransferSyntaxUID)
        if tag not in file_meta or file_meta[tag].is_empty
    ]
    if invalid:
        raise AttributeError(
            f"Required File Meta Information elements are either missing or have an empty value: {', '.join(invalid)}"
        )


class FileMetaDataset(Dataset):
    """The File Meta Information (group 0002) of a DICOM file."""

    def __init__(self, *args: _DatasetType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        FileMetaDataset.validate(self._dict)

    @classmethod
    def _from_reader(cls, elements: Any, implicit_vr: bool) -> "FileMetaDataset":
        """The file meta the native reader found (group 0002 only, by construction)."""
        meta = cls.__new__(cls)
        state = _fresh_state(elements, default_encoding)  # Dataset.__init__'s
        state["_read_implicit"] = implicit_vr
        state["_read_little"] = True
        state["_read_charset"] = default_encoding
        meta.__dict__.update(state)
        return meta

    @staticmethod
    def validate(init_value: _DatasetType) -> None:
        """Raise unless `init_value` is a dict or Dataset of group 2 elements only."""
        if init_value is None:
            return
        if not isinstance(init_value, Dataset | dict | _native.ElementStore):
            raise TypeError(f"Argument must be a dict or Dataset, not {type(init_value)}")
        if isinstance(init_value, _native.ElementStore):
            non_group2 = [str(Tag(tag)) for tag in init_value.tags() if tag >> 16 != 2]
        else:
            non_group2 = [str(Tag(tag)) for tag in init_value.keys() if Tag(tag).group != 2]
        if non_group2:
            raise ValueError(
                "File meta datasets may only contain group 2 elements but the "
                f"following elements are present: {', '.join(non_group2)}"
            )

    def __setitem__(self, key: "slice | TagType", value: _DatasetValue) -> None:
        tag = value.tag if isinstance(value.tag, BaseTag) else Tag(value.tag)
        if tag.group != 2:
            raise ValueError("Only group 2 data elements are allowed in a FileMetaDataset")
        super().__setitem__(key, value)

    @property
    def _tsyntax_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        tsyntax = self.get("TransferSyntaxUID", None)
        if not tsyntax or tsyntax.is_private or not tsyntax.is_transfer_syntax:
            return (None, None)
        return (tsyntax.is_implicit_VR, tsyntax.is_little_endian)


# Modules that import this one, used above only once it is loaded.
from rapidicom.sequence import Sequence, sequence_from_items  # noqa: E402
from rapidicom.valuerep import AMBIGUOUS_VR  # noqa: E402
from rapidicom.values import convert_SQ  # noqa: E402


def _read_sequence(items: Any, charset: Any) -> Sequence:
    """The value of a sequence element the native iterator makes: what
    _sequence_element gives for the same items."""
    encodings = charset or [default_encoding]
    if isinstance(encodings, str):
        encodings = [encodings]
    return sequence_from_items(items, encodings)


def _adopt_sequence(ds: Dataset, elem: DataElement) -> None:
    """What storing a sequence element made natively through ``ds[tag] = elem``
    does beyond storing it (the store holds it already)."""
    if type(ds).__setitem__ is not Dataset.__setitem__:
        ds[elem.tag] = elem
        return
    elem.value.parent_dataset = ds
    ds._set_pixel_representation(elem)
