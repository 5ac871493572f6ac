"""Data elements: :class:`DataElement` (tag, VR, value) and :class:`RawDataElement`
(an element as read, not yet decoded)."""

import sys
import warnings
from collections.abc import Callable
from io import BufferedIOBase
from typing import Any, NamedTuple

from rapidicom import _native, config
from rapidicom import valuerep as _valuerep
from rapidicom._tags import PixelData
from rapidicom.datadict import _register_memo, dictionary_VR, get_private_entry
from rapidicom.fileutil import buffer_equality, buffer_length, check_buffer
from rapidicom.multival import MultiValue
from rapidicom.tag import _LUT_DESCRIPTOR_TAGS, BaseTag, Tag
from rapidicom.uid import UID
from rapidicom.valuerep import (
    ALLOW_BACKSLASH,
    BUFFERABLE_VRS,
    BYTES_VR,
    DEFAULT_CHARSET_VR,
    LONG_VALUE_VR,
    STR_VR,
    PersonName,
    validate_value,
)

# Plain-str sets: hashing a str is cached, an Enum member's is not.
_ALLOW_BACKSLASH = frozenset(str(v) for v in ALLOW_BACKSLASH)
_LONG_VALUE_VR = frozenset(str(v) for v in LONG_VALUE_VR)
_DEFAULT_CHARSET_VR = frozenset(str(v) for v in DEFAULT_CHARSET_VR)
_EMPTY_STR_VR = frozenset(str(v) for v in STR_VR) - {"DS", "IS"}

# A set, so that membership tests hash instead of calling BaseTag.__eq__ per item.
_LUT_DESCRIPTORS = frozenset(_LUT_DESCRIPTOR_TAGS)

# Per-tag memos of what DataElement shows (cleared when the dictionary changes).
_public_names: dict[int, str] = {}
_exact_keywords: dict[int, tuple[str, bool]] = {}
_register_memo(_public_names)
_register_memo(_exact_keywords)


def _public_name(tag: int) -> str:
    try:
        return _public_names[tag]
    except KeyError:
        entry = _native.entry(tag)
        if entry is not None:
            name = entry[2]
        else:
            name = "Group Length" if tag & 0xFFFF == 0 else ""
        _public_names[tag] = name
        return name


def _keyword_retired(tag: int) -> tuple[str, bool]:
    """(keyword, is_retired) of an exact dictionary entry; ("", False) otherwise."""
    try:
        return _exact_keywords[tag]
    except KeyError:
        entry = _native.exact_entry(tag)
        found = (entry[4], "retired" in entry[3].lower()) if entry else ("", False)
        _exact_keywords[tag] = found
        return found


def empty_value_for_VR(VR: str | None, raw: bool = False) -> bytes | list[str] | str | None | PersonName:
    """The value an empty element of this VR has (``[]`` for SQ, ``""`` for text,
    ``None`` for numbers and bytes)."""
    if VR == "SQ":
        return b"" if raw else []
    if config.use_none_as_empty_text_VR_value:
        return None
    if VR == "PN":
        return b"" if raw else PersonName("")
    if VR in _EMPTY_STR_VR:
        return b"" if raw else ""
    return None


def _is_ndarray(value: Any) -> bool:
    numpy = sys.modules.get("numpy")  # no array can exist unless numpy is imported
    return numpy is not None and isinstance(value, numpy.ndarray)


# The attributes held in _native.ElementFields' slots rather than in __dict__.
_NATIVE_FIELDS = ("tag", "VR", "validation_mode", "_value", "file_tell", "is_undefined_length", "private_creator")


class DataElement(_native.ElementFields):
    """An element of a dataset: its tag, VR and value.

    Values are converted as they are set: ``PN`` to :class:`PersonName`, ``DS`` to
    ``DSfloat``/``DSdecimal``, ``IS`` to :class:`IS`, ``UI`` to :class:`UID`,
    backslash-separated strings to :class:`MultiValue`, lists to ``MultiValue`` or
    :class:`~rapidicom.sequence.Sequence`.
    """

    descripWidth = 35
    maxBytesToDisplay = 16
    showVR = True
    is_raw = False

    def __init__(
        self,
        tag: int | str | tuple[int, int],
        VR: str,
        value: Any,
        file_value_tell: int | None = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if not isinstance(tag, BaseTag):
            tag = Tag(tag)
        self.tag = tag
        if (
            VR == "UN"
            and not tag.is_private
            and config.replace_un_with_known_vr
            and (is_undefined_length or value is None or len(value) < 0xFFFF)
        ):
            try:
                VR = dictionary_VR(tag)
            except KeyError:
                pass
        self.VR = VR  # the VR must be set before the value
        self.validation_mode = validation_mode
        if already_converted:
            self._value = value
        else:
            self.value = value
        self.file_tell = file_value_tell
        self.is_undefined_length: bool = is_undefined_length
        self.private_creator: str | None = None

    def validate(self, value: Any) -> None:
        """Check `value` against the VR, per this element's validation mode."""
        validate_value(self.VR, value, self.validation_mode)

    # `value` is a native property of ElementFields (reading it is reading
    # `_value`); setting it calls this.
    def _set_value(self, val: Any) -> None:
        if isinstance(val, BufferedIOBase):
            self._set_buffer(val)
            return
        if self.VR not in _ALLOW_BACKSLASH:
            if isinstance(val, str):
                val = val.split("\\") if "\\" in val else val
            elif isinstance(val, bytes):
                val = val.split(b"\\") if b"\\" in val else val
        self._value = self._convert_value(val)

    def _set_buffer(self, val: BufferedIOBase) -> None:
        if self.VR not in BUFFERABLE_VRS:
            supported = sorted(str(vr) for vr in BUFFERABLE_VRS if "or" not in vr)
            raise ValueError(
                f"Elements with a VR of '{self.VR}' cannot be used with buffered "
                f"values, supported VRs are: {', '.join(supported)}"
            )
        try:
            check_buffer(val)
        except Exception as exc:
            raise type(exc)(f"Invalid buffer for {self.tag} '{self.name}': {exc}")
        self._value = val

    @property
    def VM(self) -> int:
        """The value multiplicity: 0 for an empty value, else the number of values."""
        value = self._value
        if self.VR == "SQ":
            return 1
        if value is None:
            return 0
        if isinstance(value, str | bytes | PersonName):
            return 1 if value else 0
        if isinstance(value, BufferedIOBase):
            try:
                return 1 if buffer_length(value) else 0
            except Exception as exc:
                raise type(exc)(f"Invalid buffer for {self.tag} '{self.name}': {exc}")
        try:
            iter(value)
        except TypeError:
            return 1
        return len(value)

    @property
    def is_buffered(self) -> bool:
        return isinstance(self._value, BufferedIOBase)

    @property
    def is_empty(self) -> bool:
        if self.VR == "SQ":
            return not bool(self.value)
        return self.VM == 0

    @property
    def empty_value(self) -> bytes | list[str] | None | str | PersonName:
        return empty_value_for_VR(self.VR)

    def clear(self) -> None:
        """Set the value to the empty value of the VR."""
        self._value = self.empty_value

    def _convert_value(self, val: Any) -> Any:
        if _is_ndarray(val) and self.tag == PixelData:
            raise TypeError(
                "The value for (7FE0,0010) 'Pixel Data' should be set using 'bytes' "
                "not 'numpy.ndarray'. See the Dataset.set_pixel_data() method for "
                "an alternative that supports ndarrays."
            )
        if self.VR == "SQ":
            from rapidicom.sequence import Sequence

            return val if isinstance(val, Sequence) else Sequence(val)
        if not hasattr(val, "append"):
            return self._convert(val)
        if len(val) == 1:
            return self._convert(val[0])
        if self.tag in _LUT_DESCRIPTORS and val:
            # The first value of a LUT Descriptor is always US (PS3.3 C.11.1.1.1).
            validate_value("US", val[0], self.validation_mode)
            for item in val[1:]:
                validate_value(self.VR, item, self.validation_mode)
            return MultiValue(_unchanged, val)
        return MultiValue(self._convert, val)

    def _convert(self, val: Any) -> Any:
        vr = self.VR
        if vr in _DEFAULT_CHARSET_VR and isinstance(val, bytes):
            val = val.decode()
        converter = _CONVERTERS.get(vr)
        if converter is not None:
            result = converter(self, val)
            if result is not _VALIDATE:
                return result
        self.validate(val)
        return val

    def __deepcopy__(self, memo: dict[int, Any]) -> "DataElement":
        import copy

        result = self.__class__.__new__(self.__class__)
        memo[id(self)] = result
        for key, value in self.__getstate__().items():
            try:
                setattr(result, key, copy.deepcopy(value, memo))
            except Exception as exc:
                if key == "_value" and self.is_buffered:
                    raise type(exc)(f"Error deepcopying the buffered element {self.tag} '{self.name}': {exc}")
                raise
        return result

    def __getstate__(self) -> dict[str, Any]:
        """The attributes, native fields first (in pydicom's order), for copy and
        pickle: the native fields are not in ``__dict__``."""
        state = {name: getattr(self, name) for name in _NATIVE_FIELDS if hasattr(self, name)}
        state.update(self.__dict__)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    def __eq__(self, other: Any) -> Any:
        if other is self:
            return True
        if isinstance(other, self.__class__):
            if self.tag != other.tag or self.VR != other.VR:
                return False
            if _is_ndarray(self.value):
                import numpy

                return len(self.value) == len(other.value) and numpy.allclose(self.value, other.value)
            if not self.is_buffered and not other.is_buffered:
                return self.value == other.value
            try:
                if self.is_buffered:
                    return buffer_equality(self.value, other.value)
                return buffer_equality(other.value, self.value)
            except Exception as exc:
                raise type(exc)(f"Invalid buffer for {self.tag} '{self.name}': {exc}")
        return NotImplemented

    def __ne__(self, other: Any) -> Any:
        return not (self == other)

    def __str__(self) -> str:
        value = self.repval or ""
        width = self.descripWidth
        name = f"{self.name[:width]:<{width}}"
        if self.showVR:
            return f"{self.tag} {name} {self.VR}: {value}"
        return f"{self.tag} {name} {value}"

    def __repr__(self) -> str:
        return str(self)

    @property
    def repval(self) -> str:
        """The value as shown by ``str(ds)``: long values as "Array of N elements",
        UIDs by name."""
        value = self._value
        if isinstance(value, BufferedIOBase):
            return repr(value)
        if self.VR in _LONG_VALUE_VR:
            try:
                length = len(value)
            except TypeError:
                pass
            else:
                if length > self.maxBytesToDisplay:
                    return f"Array of {length} elements"
        vm = self.VM
        if vm > self.maxBytesToDisplay:
            return f"Array of {vm} elements"
        if isinstance(value, UID):
            return value.name
        return repr(value)

    def __getitem__(self, key: int) -> Any:
        try:
            return self.value[key]
        except TypeError:
            raise TypeError("DataElement value is unscriptable (not a Sequence)")

    @property
    def name(self) -> str:
        """The dictionary name; private names in brackets when the creator's
        dictionary knows them."""
        tag = self.tag
        if (tag >> 16) % 2 == 1:
            if self.private_creator:
                try:
                    return f"[{get_private_entry(tag, self.private_creator)[2]}]"
                except KeyError:
                    pass
            elif tag & 0xFFFF < 0x100:
                return "Private Creator"
            return "Private tag data"
        return _public_name(tag)

    def description(self) -> str:
        """The element's name (deprecated in pydicom 2.x; use :attr:`name`)."""
        warnings.warn(
            "'DataElement.description()' is deprecated, use 'DataElement.name' instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.name

    @property
    def is_private(self) -> bool:
        return self.tag.is_private

    @property
    def is_retired(self) -> bool:
        return _keyword_retired(self.tag)[1]

    @property
    def keyword(self) -> str:
        """The dictionary keyword ("" for private, unknown and repeating-group tags)."""
        return _keyword_retired(self.tag)[0]

    # -- DICOM JSON (the rules are in rapidicom.jsonrep) --------------------------

    @classmethod
    def from_json(
        cls,
        dataset_class: type[Any],
        tag: str,
        vr: str,
        value: Any,
        value_key: str | None,
        bulk_data_uri_handler: Callable[..., Any] | None = None,
    ) -> "DataElement":
        """The element for one ``"GGGGEEEE": {"vr": ..., value_key: value}`` entry
        of a DICOM JSON dataset; items of sequences become `dataset_class`."""
        from rapidicom.jsonrep import JsonDataElementConverter

        converter = JsonDataElementConverter(dataset_class, tag, vr, value, value_key, bulk_data_uri_handler)
        elem_value = converter.get_element_values()
        if vr == "UN" and config.replace_un_with_known_vr and isinstance(elem_value, bytes):
            raw = RawDataElement(Tag(tag), vr, len(elem_value), elem_value, 0, True, True)
            elem_value = convert_raw_data_element(raw).value
        try:
            return cls(tag=tag, value=elem_value, VR=vr)
        except Exception as exc:
            raise ValueError(f"Data element '{tag}' could not be loaded from JSON: {elem_value}") from exc

    def to_json_dict(
        self, bulk_data_element_handler: Callable[["DataElement"], str] | None, bulk_data_threshold: int
    ) -> dict[str, Any]:
        """The element in the DICOM JSON model, as a dict (``vr`` and the value)."""
        from rapidicom.jsonrep import element_to_json_dict

        return element_to_json_dict(self, bulk_data_element_handler, bulk_data_threshold)

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[["DataElement"], str] | None = None,
        dump_handler: Callable[[dict[str, Any]], str] | None = None,
    ) -> str:
        """The element in the DICOM JSON model, as text (``json.dumps`` with sorted
        keys unless `dump_handler` is given)."""
        from rapidicom.jsonrep import dumps

        dump = dumps if dump_handler is None else dump_handler
        return dump(self.to_json_dict(bulk_data_element_handler, bulk_data_threshold))


def _unchanged(value: Any) -> Any:
    return value


_VALIDATE = object()  # a converter's answer: "no conversion; validate the value"


def _convert_is(elem: DataElement, val: Any) -> Any:
    return _valuerep.IS(val, elem.validation_mode)


def _convert_ds(elem: DataElement, val: Any) -> Any:
    return _valuerep.DS(val, False, elem.validation_mode)


def _datetime_converter(cls: Any) -> Any:
    def convert(elem: DataElement, val: Any) -> Any:
        if config.datetime_conversion:
            return cls(val, validation_mode=elem.validation_mode)
        return _VALIDATE

    return convert


def _convert_ui(elem: DataElement, val: Any) -> Any:
    return UID(val, elem.validation_mode) if val is not None else None


def _convert_pn(elem: DataElement, val: Any) -> Any:
    return PersonName(val, validation_mode=elem.validation_mode)


def _convert_at(elem: DataElement, val: Any) -> Any:
    if val == 0 or val:
        return val if isinstance(val, BaseTag) else Tag(val)
    return _VALIDATE


_CONVERTERS = {
    "IS": _convert_is,
    "DS": _convert_ds,
    "DA": _datetime_converter(_valuerep.DA),
    "DT": _datetime_converter(_valuerep.DT),
    "TM": _datetime_converter(_valuerep.TM),
    "UI": _convert_ui,
    "PN": _convert_pn,
    "AT": _convert_at,
}


def convert_raw_data_element(raw: "RawDataElement", *, encoding: Any = None, ds: Any = None) -> DataElement:
    """A DataElement from a raw element: its VR settled and its bytes converted by
    the registered hooks (and ``config.data_element_callback`` first, if set)."""
    from rapidicom.hooks import hooks

    data: dict[str, Any] = {}
    if config.data_element_callback:
        raw = config.data_element_callback(raw, **config.data_element_callback_kwargs)
    kwargs = hooks.raw_element_kwargs
    hooks.raw_element_vr(raw, data, encoding=encoding, ds=ds, **kwargs)
    hooks.raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
    return DataElement(
        raw.tag, data["VR"], data["value"], raw.value_tell, raw.length == 0xFFFFFFFF, already_converted=True
    )


def _DataElement_from_raw(raw_data_element: "RawDataElement", encoding: Any = None, dataset: Any = None) -> DataElement:
    warnings.warn(
        "'pydicom.dataelem.DataElement_from_raw' is deprecated and will be removed "
        "in v4.0, please use 'pydicom.dataelem.convert_raw_data_element' instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return convert_raw_data_element(raw_data_element, encoding=encoding, ds=dataset)


def __getattr__(name: str) -> Any:
    if name == "DataElement_from_raw" and not config._use_future:
        return _DataElement_from_raw
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RawDataElement(NamedTuple):
    """An element as read from a file, before its value is decoded."""

    tag: BaseTag
    VR: str | None
    length: int
    value: bytes | None
    value_tell: int
    is_implicit_VR: bool
    is_little_endian: bool
    is_raw: bool = True
    is_buffered: bool = False


def _empty_raw_value(vr: str | None) -> Any:
    return empty_value_for_VR(vr, raw=True)


__all__ = ["DataElement", "RawDataElement", "convert_raw_data_element", "empty_value_for_VR", "BYTES_VR"]
