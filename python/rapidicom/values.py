"""Stage 2 for raw elements: bytes as read -> the Python value pydicom gives for the
VR, with pydicom's rules (padding, multi-values, fall-back VRs for values that do
not convert)."""

import re
import struct
from collections.abc import Callable
from typing import Any, TypeVar

from rapidicom import _native, config
from rapidicom import valuerep as _valuerep
from rapidicom.charset import decode_bytes, default_encoding
from rapidicom.dataelem import RawDataElement, empty_value_for_VR
from rapidicom.errors import BytesLengthException
from rapidicom.multival import MultiValue
from rapidicom.sequence import sequence_from_items
from rapidicom.tag import BaseTag, Tag, TupleTag
from rapidicom.uid import UID
from rapidicom.valuerep import CUSTOMIZABLE_CHARSET_VR, DA, DT, IS, TEXT_VR_DELIMS, TM, PersonName, validate_value

_T = TypeVar("_T")


def multi_string(val: str, valtype: Callable[[str], _T] | None = None) -> Any:
    """Split a backslash-separated value (trailing spaces/NULs removed first)."""
    ctor: Callable[[str], Any] = valtype or str
    items = val.rstrip(" \x00").split("\\")
    return ctor(items[0]) if len(items) == 1 else MultiValue(ctor, items)


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> BaseTag:
    if len(byte_string) < 4:
        raise ValueError("byte string too short - must be at least 4 bytes long.")
    fmt = "<HH" if is_little_endian else ">HH"
    return TupleTag(struct.unpack(fmt, byte_string[offset : offset + 4]))


def convert_AE_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    values = [s.strip() for s in byte_string.decode(default_encoding).split("\\")]
    return values[0] if len(values) == 1 else MultiValue(str, values)


def convert_ATvalue(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    length = len(byte_string)
    if length == 4:
        return convert_tag(byte_string, is_little_endian)
    if length % 4 != 0:
        config._logger().warning(f"Expected length to be multiple of 4 for VR 'AT', got length {length}")
        length -= length % 4
    return MultiValue(Tag, [convert_tag(byte_string, is_little_endian, x) for x in range(0, length, 4)])


def _DA_from_str(value: str) -> DA:
    return DA(value.rstrip())


def _DT_from_str(value: str) -> DT:
    value = value.rstrip()
    if not 4 <= len(value) <= 26:
        config._logger().warning(f"Expected length between 4 and 26, got length {len(value)}")
    return DT(value)


def _TM_from_str(value: str) -> TM:
    value = value.rstrip()
    if (len(value) < 2 or len(value) > 16) and len(value) != 0:
        config._logger().warning(f"Expected length between 2 and 16, got length {len(value)}")
    return TM(value)


def _date_time_converter(from_str: Callable[[str], Any]) -> Callable[..., Any]:
    def convert(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
        if config.datetime_conversion:
            parts = byte_string.decode(default_encoding).split("\\")
            return from_str(parts[0]) if len(parts) == 1 else MultiValue(from_str, parts)
        return convert_string(byte_string, is_little_endian, struct_format)

    return convert


convert_DA_string = _date_time_converter(_DA_from_str)
convert_DT_string = _date_time_converter(_DT_from_str)
convert_TM_string = _date_time_converter(_TM_from_str)


def _numpy_numbers(text: str, allowed: str, dtype: str, vr: str) -> Any:
    import numpy

    pattern = rf"[{allowed}]*\Z"
    if re.match(pattern, text) is None:
        raise ValueError(f"{vr}: char(s) not in repertoire: '{re.sub(pattern[:-2], '', text)}'")
    value = numpy.fromstring(text, dtype=dtype, sep="\\")  # text mode is not deprecated
    return value[0] if len(value) == 1 else value


def convert_DS_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    text = byte_string.decode(default_encoding)
    if config.use_DS_numpy:
        if not config.have_numpy:
            raise ImportError("use_DS_numpy set but numpy not installed")
        return _numpy_numbers(text, r" \\0-9\.+eE-", "f8", "DS")
    return multi_string(text.strip(), valtype=_valuerep.DSclass)


def convert_IS_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    text = byte_string.decode(default_encoding)
    if config.use_IS_numpy:
        if not config.have_numpy:
            raise ImportError("use_IS_numpy set but numpy not installed")
        return _numpy_numbers(text, r" \\0-9\.+-", "i8", "IS")
    return multi_string(text, valtype=IS)


def convert_numbers(byte_string: bytes, is_little_endian: bool, struct_format: str) -> Any:
    """Binary numbers: one value, a list of values, or "" for none."""
    size = struct.calcsize("=" + struct_format)
    length = len(byte_string)
    if length % size != 0:
        shown = repr(byte_string) if length <= 256 else "bytes"
        raise BytesLengthException(
            "Expected total bytes to be an even multiple of bytes per value. "
            f"Instead received {shown} with length {length} and "
            f"struct format '{struct_format}' which corresponds to bytes per value of {size}."
        )
    values = struct.unpack(f"{'<' if is_little_endian else '>'}{length // size}{struct_format}", byte_string)
    if not values:
        return ""
    return values[0] if len(values) == 1 else list(values)


def convert_OBvalue(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> bytes:
    return byte_string


convert_OWvalue = convert_OVvalue = convert_UN = convert_OBvalue


def convert_PN(byte_string: bytes, encodings: list[str] | None = None) -> Any:
    encodings = encodings or [default_encoding]

    def person_name(text: str) -> PersonName:
        name = PersonName(text, encodings)
        name.encode()
        return name.decode()

    decoded = decode_bytes(byte_string.rstrip(b"\x00 "), encodings, TEXT_VR_DELIMS)
    parts = decoded.split("\\")
    return person_name(parts[0]) if len(parts) == 1 else MultiValue(person_name, parts)


def convert_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    return multi_string(byte_string.decode(default_encoding))


def convert_text(byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None) -> Any:
    """LO, SH, UC: decoded with the character set, backslash-separated."""
    mode = config.settings.reading_validation_mode

    def one(v: str) -> str:
        if vr is not None:
            validate_value(vr, v, mode)
        return v.rstrip("\0 ")

    values = [one(v) for v in decode_bytes(byte_string, encodings or [default_encoding], TEXT_VR_DELIMS).split("\\")]
    return values[0] if len(values) == 1 else MultiValue(str, values)


def convert_single_string(byte_string: bytes, encodings: list[str] | None = None, vr: str | None = None) -> str:
    """LT, ST, UT: one value, backslashes included."""
    value = decode_bytes(byte_string, encodings or [default_encoding], TEXT_VR_DELIMS)
    if vr is not None:
        validate_value(vr, value, config.settings.reading_validation_mode)
    return value.rstrip("\0 ")


def convert_SQ(
    byte_string: Any,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: list[str] | None = None,
    offset: int = 0,
) -> Any:
    """A sequence: the items parsed while reading, or parsed now from the value."""
    encodings = encoding or [default_encoding]
    if isinstance(byte_string, _native.SequenceItems):
        items = byte_string
    else:
        settings = config.settings
        items, found = _native.parse_sequence(
            bytes(byte_string),
            offset,
            is_implicit_VR,
            is_little_endian,
            strict=settings.reading_validation_mode == config.RAISE,
            infer_sq_for_un_vr=settings.infer_sq_for_un_vr,
            replace_un_with_known_vr=config.replace_un_with_known_vr,
            assume_implicit_vr_switch=config.assume_implicit_vr_switch,
        )
        if found:
            from rapidicom.filereader import _issue_parse_warnings

            _issue_parse_warnings(found, None)
    return sequence_from_items(items, encodings)


def convert_UI(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> Any:
    return multi_string(byte_string.decode(default_encoding).rstrip("\0 "), UID)


def convert_UR_string(byte_string: bytes, is_little_endian: bool, struct_format: str | None = None) -> str:
    return byte_string.decode(default_encoding).rstrip()


converters: dict[str, Any] = {
    "AE": convert_AE_string,
    "AS": convert_string,
    "AT": convert_ATvalue,
    "CS": convert_string,
    "DA": convert_DA_string,
    "DS": convert_DS_string,
    "DT": convert_DT_string,
    "FD": (convert_numbers, "d"),
    "FL": (convert_numbers, "f"),
    "IS": convert_IS_string,
    "LO": convert_text,
    "LT": convert_single_string,
    "OB": convert_OBvalue,
    "OD": convert_OBvalue,
    "OF": convert_OWvalue,
    "OL": convert_OBvalue,
    "OW": convert_OWvalue,
    "OV": convert_OVvalue,
    "PN": convert_PN,
    "SH": convert_text,
    "SL": (convert_numbers, "l"),
    "SQ": convert_SQ,
    "SS": (convert_numbers, "h"),
    "ST": convert_single_string,
    "SV": (convert_numbers, "q"),
    "TM": convert_TM_string,
    "UC": convert_text,
    "UI": convert_UI,
    "UL": (convert_numbers, "L"),
    "UN": convert_UN,
    "UR": convert_UR_string,
    "US": (convert_numbers, "H"),
    "UT": convert_single_string,
    "UV": (convert_numbers, "Q"),
    "OB or OW": convert_OBvalue,
    "US or SS": convert_OWvalue,
    "US or OW": convert_OWvalue,
    "US or SS or OW": convert_OWvalue,
}

# When a value does not convert with its VR, these are tried in turn (pydicom's order).
convert_retry_VR_order = [
    "SH", "UL", "SL", "US", "SS", "FL", "FD", "OF", "OB", "UI", "DA", "TM", "PN",
    "IS", "DS", "LT", "SQ", "UN", "AT", "OW", "DT", "UT",
]  # fmt: skip

_CHARSET_VRS = frozenset(str(v) for v in CUSTOMIZABLE_CHARSET_VR)


def convert_value(VR: str, raw_data_element: RawDataElement, encodings: Any = None) -> Any:
    """The Python value of a raw element's bytes for `VR`."""
    if VR not in converters:
        if not (VR[:1].isascii() and VR[:1].isalpha() and VR[1:2].isascii() and VR[1:2].isalpha()):
            VR = " ".join(f"0x{ord(ch):02x}" for ch in VR)
        raise NotImplementedError(f"Unknown Value Representation '{VR}'")
    if raw_data_element.length == 0:
        return empty_value_for_VR(VR)
    converter = converters[VR]
    num_format = None
    if isinstance(converter, tuple):
        converter, num_format = converter
    encodings = encodings or [default_encoding]
    if isinstance(encodings, str):
        encodings = [encodings]
    raw = raw_data_element
    try:
        if VR == "PN":
            return converter(raw.value, encodings)
        if VR in _CHARSET_VRS:
            return converter(raw.value, encodings, VR)
        if VR != "SQ":
            return converter(raw.value, raw.is_little_endian, num_format)
        return converter(raw.value, raw.is_implicit_VR, raw.is_little_endian, encodings, raw.value_tell)
    except ValueError:
        if config.settings.reading_validation_mode == config.RAISE:
            raise
    for vr in convert_retry_VR_order:
        if vr == VR:
            continue
        try:
            return convert_value(vr, raw, encodings)
        except Exception:
            pass
    return raw.value
