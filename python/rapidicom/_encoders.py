"""pydicom's value writers (``filewriter.write_numbers``, ``write_text``, ...):
each writes one element's value to a file-like ``fp``. The native encoder uses
them (through :func:`encode_value`) for the values it leaves to Python:
non-ASCII text, person names, dates as objects, buffered values, and anything
that must fail with pydicom's own exception."""

import io
from collections.abc import Callable, Iterable, Sequence
from struct import pack
from typing import Any

from rapidicom._tags import (
    BluePaletteColorLookupTableDescriptor,
    GreenPaletteColorLookupTableDescriptor,
    LUTDescriptor,
    RedPaletteColorLookupTableDescriptor,
)
from rapidicom.charset import default_encoding, encode_string
from rapidicom.fileutil import read_buffer, reset_buffer_position
from rapidicom.multival import MultiValue
from rapidicom.tag import Tag

_LUT_DESCRIPTOR_TAGS = {
    RedPaletteColorLookupTableDescriptor,
    GreenPaletteColorLookupTableDescriptor,
    BluePaletteColorLookupTableDescriptor,
    LUTDescriptor,
}


def _is_multi_value(val: Any) -> bool:
    """True for a container of values (MultiValue, list, tuple, numpy array)."""
    if isinstance(val, MultiValue | list | tuple):
        return True
    numpy = __import__("sys").modules.get("numpy")  # an array implies numpy is loaded
    return numpy is not None and isinstance(val, numpy.ndarray)


def multi_string(val: str | Iterable[str]) -> str:
    """Values joined by backslashes; a single value as it is."""
    return "\\".join(val) if _is_multi_value(val) else val  # type: ignore[arg-type,return-value]


def _padded(data: bytes | str, padding: bytes | str) -> Any:
    return data + padding if len(data) % 2 else data


def write_numbers(fp: Any, elem: Any, struct_format: str) -> None:
    """Binary numbers in `fp`'s byte order, `struct_format` a struct code ("H",
    "l", "d", ...). The first LUT Descriptor value is always unsigned."""
    value = elem.value
    if value is None or value == "":
        return
    order = "><"[fp.is_little_endian]
    try:
        if not hasattr(value, "append"):
            fp.write(pack(order + struct_format, value))
            return
        if struct_format == "h" and elem.tag in _LUT_DESCRIPTOR_TAGS and value:
            fp.write(pack(order + "H", value[0]))
            value = value[1:]
        fp.write(pack(f"{order}{len(value)}{struct_format}", *value))
    except Exception as exc:
        raise OSError(f"{exc}\nfor data_element:\n{elem}")


def write_OBvalue(fp: Any, elem: Any) -> None:
    """Bytes (or a buffer's, read in chunks), padded to even length."""
    if elem.is_buffered:
        written = 0
        with reset_buffer_position(elem.value):
            for chunk in read_buffer(elem.value):
                written += fp.write(chunk)
    else:
        written = fp.write(elem.value)
    if written % 2:
        fp.write(b"\x00")


# The bytes of OW (and OD, OF, OL, OV) values are written as they are held.
write_OWvalue = write_OBvalue


def write_UN(fp: Any, elem: Any) -> None:
    """Bytes as they are (UN values are not padded)."""
    fp.write(elem.value)


def write_string(fp: Any, elem: Any, padding: str = " ") -> None:
    """ASCII text, values joined by backslashes, padded to even length."""
    value = multi_string(elem.value)
    if value is None:
        return
    value = _padded(value, padding)
    fp.write(value.encode(default_encoding) if isinstance(value, str) else value)


def write_UI(fp: Any, elem: Any) -> None:
    """A UID (or several), padded with a NUL byte."""
    write_string(fp, elem, "\0")


def write_text(fp: Any, elem: Any, encodings: list[str] | None = None) -> None:
    """Text in the character sets `encodings`, values joined by backslashes."""
    encodings = encodings or [default_encoding]
    value = elem.value
    if value is None:
        return
    if _is_multi_value(value):
        if isinstance(value[0], str):
            value = b"\\".join(encode_string(v, encodings) for v in value)
        else:
            value = b"\\".join(value)
    elif isinstance(value, str):
        value = encode_string(value, encodings)
    fp.write(_padded(value, b" "))


def write_PN(fp: Any, elem: Any, encodings: list[str] | None = None) -> None:
    """Person names in the character sets `encodings`."""
    encodings = encodings or [default_encoding]
    names = [elem.value] if elem.VM == 1 else elem.value
    fp.write(_padded(b"\\".join(name.encode(encodings) for name in names), b" "))


def write_number_string(fp: Any, elem: Any) -> None:
    """IS and DS values, as read where they were read (``original_string``)."""

    def text(x: Any) -> str:
        return x.original_string if hasattr(x, "original_string") else str(x)

    value = elem.value
    value = "\\".join(text(x) for x in value) if _is_multi_value(value) else text(value)
    fp.write(_padded(value, " ").encode(default_encoding))


def _format_DA(val: Any) -> str:
    if val is None:
        return ""
    return val.original_string if hasattr(val, "original_string") else val.strftime("%Y%m%d")


def _format_DT(val: Any) -> str:
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return str(val.original_string)
    return val.strftime("%Y%m%d%H%M%S.%f%z" if val.microsecond > 0 else "%Y%m%d%H%M%S%z")


def _format_TM(val: Any) -> str:
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return str(val.original_string)
    return val.strftime("%H%M%S.%f" if val.microsecond > 0 else "%H%M%S")


def _temporal_writer(formatter: Callable[[Any], str]) -> Callable[[Any, Any], None]:
    """A DA/DT/TM writer: text as it is, date and time objects formatted."""

    def write(fp: Any, elem: Any) -> None:
        value = elem.value
        if isinstance(value, str):
            write_string(fp, elem)
            return
        if _is_multi_value(value):
            text = "\\".join(x if isinstance(x, str) else formatter(x) for x in value)
        else:
            text = formatter(value)
        fp.write(_padded(text, " ").encode(default_encoding))

    return write


write_DA = _temporal_writer(_format_DA)
write_DT = _temporal_writer(_format_DT)
write_TM = _temporal_writer(_format_TM)


def write_ATvalue(fp: Any, elem: Any) -> None:
    """One tag or several, in `fp`'s byte order."""
    value = elem.value
    try:
        iter(value)
    except TypeError:
        tags = [Tag(value)]
    else:
        tags = [Tag(tag) for tag in value]
    for tag in tags:
        fp.write_tag(tag)


class _ValueBytes(io.BytesIO):
    """What the writers need of ``fp`` to encode one value into bytes."""

    def __init__(self, little_endian: bool) -> None:
        super().__init__()
        self.is_little_endian = little_endian
        self._tag = "<HH" if little_endian else ">HH"

    def write_tag(self, tag: int) -> None:
        self.write(pack(self._tag, tag >> 16, tag & 0xFFFF))


_NUMBER_FORMATS = {"FD": "d", "FL": "f", "SL": "l", "SS": "h", "SV": "q", "UL": "L", "US": "H", "UV": "Q"}
_PLAIN = {
    "AE": write_string,
    "AS": write_string,
    "CS": write_string,
    "UR": write_string,
    "UI": write_UI,
    "DS": write_number_string,
    "IS": write_number_string,
    "DA": write_DA,
    "DT": write_DT,
    "TM": write_TM,
    "AT": write_ATvalue,
    "UN": write_UN,
    **dict.fromkeys(
        ("OB", "OD", "OF", "OL", "OW", "OV", "US or SS", "US or OW", "US or SS or OW", "OB or OW"), write_OBvalue
    ),
}
_WITH_ENCODINGS = {**dict.fromkeys(("LO", "LT", "SH", "ST", "UC", "UT"), write_text), "PN": write_PN}


def encode_value(elem: Any, encodings: Sequence[str], little_endian: bool) -> bytes:
    """The bytes pydicom writes for the (non-empty, non-sequence) value of `elem`."""
    out = _ValueBytes(little_endian)
    vr = elem.VR
    if vr in _NUMBER_FORMATS:
        write_numbers(out, elem, _NUMBER_FORMATS[vr])
    elif vr in _PLAIN:
        _PLAIN[vr](out, elem)
    elif vr in _WITH_ENCODINGS:
        _WITH_ENCODINGS[vr](out, elem, list(encodings))
    else:
        raise NotImplementedError(f"write_data_element: unknown Value Representation '{vr}'")
    return out.getvalue()
