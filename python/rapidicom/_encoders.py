"""pydicom's value writers, for the values the native encoder leaves to Python:
non-ASCII text, person names, dates as objects, buffered values, and anything
that must fail with pydicom's own exception. Each returns the value's bytes."""

import io
from collections.abc import Callable, Sequence
from struct import pack
from typing import Any

from rapidicom.charset import default_encoding, encode_string
from rapidicom.fileutil import read_buffer, reset_buffer_position
from rapidicom.multival import MultiValue
from rapidicom.tag import Tag

_LUT_DESCRIPTOR_TAGS = {0x00281101, 0x00281102, 0x00281103, 0x00283002}


def _is_multi(value: Any) -> bool:
    try:
        import numpy

        if isinstance(value, numpy.ndarray):
            return True
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    return isinstance(value, MultiValue | list | tuple)


def _numbers(out: io.BytesIO, elem: Any, fmt: str, little: bool) -> None:
    value = elem.value
    if value is None or value == "":
        return
    order = "<" if little else ">"
    try:
        if not hasattr(value, "append"):
            out.write(pack(order + fmt, value))
            return
        if fmt == "h" and elem.tag in _LUT_DESCRIPTOR_TAGS and value:
            # The first LUT Descriptor value is always unsigned.
            out.write(pack(order + "H", value[0]))
            value = value[1:]
        out.write(pack(f"{order}{len(value)}{fmt}", *value))
    except Exception as exc:
        raise OSError(f"{exc}\nfor data_element:\n{elem}")


def _words(out: io.BytesIO, elem: Any, pad: bool = True) -> None:
    if elem.is_buffered:
        written = 0
        with reset_buffer_position(elem.value):
            for chunk in read_buffer(elem.value):
                written += out.write(chunk)
    else:
        written = out.write(elem.value)
    if pad and written % 2:
        out.write(b"\x00")


def _string(out: io.BytesIO, elem: Any, padding: str = " ") -> None:
    value = elem.value
    if _is_multi(value):
        value = "\\".join(value)
    if value is None:
        return
    if len(value) % 2:
        value += padding
    if isinstance(value, str):
        value = value.encode(default_encoding)
    out.write(value)


def _text(out: io.BytesIO, elem: Any, encodings: list[str]) -> None:
    value = elem.value
    if value is None:
        return
    if _is_multi(value):
        if isinstance(value[0], str):
            value = b"\\".join(encode_string(v, encodings) for v in value)
        else:
            value = b"\\".join(value)
    elif isinstance(value, str):
        value = encode_string(value, encodings)
    if len(value) % 2:
        value += b" "
    out.write(value)


def _person_name(out: io.BytesIO, elem: Any, encodings: list[str]) -> None:
    names = [elem.value] if elem.VM == 1 else elem.value
    data = b"\\".join(name.encode(encodings) for name in names)
    if len(data) % 2:
        data += b" "
    out.write(data)


def _number_string(out: io.BytesIO, elem: Any) -> None:
    def text(x: Any) -> str:
        return x.original_string if hasattr(x, "original_string") else str(x)

    value = elem.value
    value = "\\".join(text(x) for x in value) if _is_multi(value) else text(value)
    if len(value) % 2:
        value += " "
    out.write(value.encode(default_encoding))


def _format_date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "original_string"):
        return str(value.original_string)
    return str(value.strftime("%Y%m%d"))


def _format_datetime(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "original_string"):
        return str(value.original_string)
    fmt = "%Y%m%d%H%M%S.%f%z" if value.microsecond > 0 else "%Y%m%d%H%M%S%z"
    return str(value.strftime(fmt))


def _format_time(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "original_string"):
        return str(value.original_string)
    return str(value.strftime("%H%M%S.%f" if value.microsecond > 0 else "%H%M%S"))


def _temporal(formatter: Callable[[Any], str]) -> Callable[[io.BytesIO, Any], None]:
    def write(out: io.BytesIO, elem: Any) -> None:
        value = elem.value
        if isinstance(value, str):
            _string(out, elem)
            return
        if _is_multi(value):
            text = "\\".join(x if isinstance(x, str) else formatter(x) for x in value)
        else:
            text = formatter(value)
        if len(text) % 2:
            text += " "
        out.write(text.encode(default_encoding))

    return write


def _tags(out: io.BytesIO, elem: Any, little: bool) -> None:
    value = elem.value
    try:
        iter(value)
    except TypeError:
        tags = [Tag(value)]
    else:
        tags = [Tag(t) for t in value]
    order = "<" if little else ">"
    for tag in tags:
        out.write(pack(f"{order}HH", tag.group, tag.element))


_NUMBER_FORMATS = {
    "FD": "d",
    "FL": "f",
    "SL": "l",
    "SS": "h",
    "SV": "q",
    "UL": "L",
    "US": "H",
    "UV": "Q",
}
_STRING_VRS = {"AE", "AS", "CS", "UR"}
_TEXT_VRS = {"LO", "LT", "SH", "ST", "UC", "UT"}
_WORD_VRS = {
    "OB",
    "OD",
    "OF",
    "OL",
    "OW",
    "OV",
    "US or SS",
    "US or OW",
    "US or SS or OW",
    "OB or OW",
}
_TEMPORAL = {
    "DA": _temporal(_format_date),
    "DT": _temporal(_format_datetime),
    "TM": _temporal(_format_time),
}


def encode_value(elem: Any, encodings: Sequence[str], little_endian: bool) -> bytes:
    """The bytes pydicom writes for the (non-empty, non-sequence) value of `elem`."""
    out = io.BytesIO()
    vr = elem.VR
    encodings = list(encodings)
    if vr in _NUMBER_FORMATS:
        _numbers(out, elem, _NUMBER_FORMATS[vr], little_endian)
    elif vr in _WORD_VRS:
        _words(out, elem)
    elif vr == "UN":
        _words(out, elem, pad=False)
    elif vr in _STRING_VRS:
        _string(out, elem)
    elif vr == "UI":
        _string(out, elem, "\0")
    elif vr in _TEXT_VRS:
        _text(out, elem, encodings)
    elif vr == "PN":
        _person_name(out, elem, encodings or [default_encoding])
    elif vr in ("DS", "IS"):
        _number_string(out, elem)
    elif vr in _TEMPORAL:
        _TEMPORAL[vr](out, elem)
    elif vr == "AT":
        _tags(out, elem, little_endian)
    else:
        raise NotImplementedError(
            f"write_data_element: unknown Value Representation '{vr}'"
        )
    return out.getvalue()
