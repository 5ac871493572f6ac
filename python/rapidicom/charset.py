"""Specific Character Set handling (PS3.5 6.1, PS3.3 C.12.1.1.2): the DICOM defined
terms, their Python codecs, and ISO 2022 code extensions with escape sequences.
"""

import codecs
import re
from collections.abc import MutableSequence, Sequence
from typing import TYPE_CHECKING

from rapidicom import config
from rapidicom.misc import warn_and_log
from rapidicom.valuerep import CUSTOMIZABLE_CHARSET_VR, TEXT_VR_DELIMS, VR, PersonName

if TYPE_CHECKING:
    from rapidicom.dataelem import DataElement

default_encoding = "iso8859"

# DICOM defined term -> Python codec.
python_encoding = {
    "": default_encoding,
    "ISO_IR 6": default_encoding,
    "ISO_IR 13": "shift_jis",
    "ISO_IR 100": "latin_1",
    "ISO_IR 101": "iso8859_2",
    "ISO_IR 109": "iso8859_3",
    "ISO_IR 110": "iso8859_4",
    "ISO_IR 126": "iso_ir_126",
    "ISO_IR 127": "iso_ir_127",
    "ISO_IR 138": "iso_ir_138",
    "ISO_IR 144": "iso_ir_144",
    "ISO_IR 148": "iso_ir_148",
    "ISO_IR 166": "iso_ir_166",
    "ISO 2022 IR 6": "iso8859",
    "ISO 2022 IR 13": "shift_jis",
    "ISO 2022 IR 87": "iso2022_jp",
    "ISO 2022 IR 100": "latin_1",
    "ISO 2022 IR 101": "iso8859_2",
    "ISO 2022 IR 109": "iso8859_3",
    "ISO 2022 IR 110": "iso8859_4",
    "ISO 2022 IR 126": "iso_ir_126",
    "ISO 2022 IR 127": "iso_ir_127",
    "ISO 2022 IR 138": "iso_ir_138",
    "ISO 2022 IR 144": "iso_ir_144",
    "ISO 2022 IR 148": "iso_ir_148",
    "ISO 2022 IR 149": "euc_kr",
    "ISO 2022 IR 159": "iso2022_jp_2",
    "ISO 2022 IR 166": "iso_ir_166",
    "ISO 2022 IR 58": "iso_ir_58",
    "ISO_IR 192": "UTF8",
    "GB18030": "GB18030",
    "ISO 2022 GBK": "GBK",
    "ISO 2022 58": "GB2312",
    "GBK": "GBK",
}

# Character sets that do not allow code extensions.
STAND_ALONE_ENCODINGS = ("ISO_IR 192", "GBK", "GB18030")

ESC = b"\x1b"

CODES_TO_ENCODINGS = {
    ESC + b"(B": default_encoding,
    ESC + b"-A": "latin_1",
    ESC + b")I": "shift_jis",
    ESC + b"(J": "shift_jis",
    ESC + b"$B": "iso2022_jp",
    ESC + b"-B": "iso8859_2",
    ESC + b"-C": "iso8859_3",
    ESC + b"-D": "iso8859_4",
    ESC + b"-F": "iso_ir_126",
    ESC + b"-G": "iso_ir_127",
    ESC + b"-H": "iso_ir_138",
    ESC + b"-L": "iso_ir_144",
    ESC + b"-M": "iso_ir_148",
    ESC + b"-T": "iso_ir_166",
    ESC + b"$)C": "euc_kr",
    ESC + b"$(D": "iso2022_jp_2",
    ESC + b"$)A": "iso_ir_58",
}
ENCODINGS_TO_CODES = {v: k for k, v in CODES_TO_ENCODINGS.items()}
ENCODINGS_TO_CODES["shift_jis"] = ESC + b")I"

# Codecs that read and write their own escape sequences.
handled_encodings = ("iso2022_jp", "iso2022_jp_2", "iso_ir_58")
need_tail_escape_sequence_encodings = ("iso2022_jp", "iso2022_jp_2")

_FRAGMENTS = re.compile(b"(^[^\x1b]+|[\x1b][^\x1b]*)")


def decode_bytes(value: bytes, encodings: Sequence[str], delimiters: set[int]) -> str:
    """Decode `value` with the first of `encodings`, switching codec at each ISO 2022
    escape sequence; delimiters (e.g. ``^`` in PN) switch back to the first codec.
    """
    if ESC not in value:
        first = encodings[0]
        try:
            return value.decode(first)
        except LookupError:
            if config.settings.reading_validation_mode == config.RAISE:
                raise
            warn_and_log(f"Unknown encoding '{first}' - using default encoding instead")
            return value.decode(default_encoding)
        except UnicodeError:
            if config.settings.reading_validation_mode == config.RAISE:
                raise
            warn_and_log(
                f"Failed to decode byte string with encoding '{first}' - using replacement characters in decoded string"
            )
            return value.decode(first, errors="replace")
    fragments: list[bytes] = _FRAGMENTS.findall(value)
    return "".join(_decode_fragment(f, encodings, delimiters) for f in fragments)


decode_string = decode_bytes


def _decode_fragment(fragment: bytes, encodings: Sequence[str], delimiters: set[int]) -> str:
    try:
        if fragment.startswith(ESC):
            return _decode_escaped_fragment(fragment, encodings, delimiters)
        return fragment.decode(encodings[0])
    except UnicodeError:
        if config.settings.reading_validation_mode == config.RAISE:
            raise
        warn_and_log(
            f"Failed to decode byte string with encodings: {', '.join(encodings)} - "
            "using replacement characters in decoded string"
        )
        return fragment.decode(encodings[0], errors="replace")


def _decode_escaped_fragment(fragment: bytes, encodings: Sequence[str], delimiters: set[int]) -> str:
    seq_length = 4 if fragment.startswith((b"\x1b$(", b"\x1b$)")) else 3
    encoding = CODES_TO_ENCODINGS.get(fragment[:seq_length], "")
    if encoding in encodings or encoding == default_encoding:
        if encoding in handled_encodings:
            return fragment.decode(encoding)
        fragment = fragment[seq_length:]
        # A delimiter ends the extension: the rest is in the first encoding.
        index = next((i for i, ch in enumerate(fragment) if ch in delimiters), None)
        if index is not None:
            return fragment[:index].decode(encoding) + fragment[index:].decode(encodings[0])
        return fragment.decode(encoding)
    msg = "Found unknown escape sequence in encoded string value"
    if config.settings.reading_validation_mode == config.RAISE:
        raise ValueError(msg)
    warn_and_log(f"{msg} - using encoding {encodings[0]}")
    return fragment.decode(encodings[0], errors="replace")


def _encode_to_jis_x_0201(value: str, errors: str = "strict") -> bytes:
    """Encode to JIS X 0201 (ISO-IR 13 katakana or ISO-IR 14 roman), one byte each."""
    encoder = codecs.getincrementalencoder("shift_jis")()
    if errors != "strict" or value == "":
        out = b""
        for c in value:
            try:
                b = encoder.encode(c)
            except UnicodeEncodeError:
                b = b"?"
            if len(b) != 1 or 0x80 <= ord(b):
                b = b"?"
            out += b
        return out
    out = encoder.encode(value[0])
    if len(out) != 1:
        raise UnicodeEncodeError("shift_jis", value, 0, len(value), "illegal multibyte sequence")
    msb = ord(out) & 0x80
    for i, c in enumerate(value[1:], 1):
        try:
            b = encoder.encode(c)
        except UnicodeEncodeError as e:
            e.start, e.end = i, len(value)
            raise
        if len(b) != 1 or ((ord(b) & 0x80) ^ msb) != 0:
            charset = "ISO IR 14" if msb == 0 else "ISO IR 13"
            raise UnicodeEncodeError("shift_jis", value, i, len(value), f"Given character is out of {charset}")
        out += b
    return out


def _encode_to_given_charset(value: str, character_set: str, errors: str = "strict") -> bytes:
    """Encode with an escape-sequence codec, refusing characters outside its set."""
    encoding = python_encoding[character_set]
    if errors != "strict":
        return value.encode(encoding, errors=errors)
    encoder = codecs.getincrementalencoder(encoding)()
    out = encoder.encode(value[0])
    if not out.startswith(ENCODINGS_TO_CODES[encoding]):
        raise UnicodeEncodeError(encoding, value, 0, len(value), f"Given character is out of {character_set}")
    for i, c in enumerate(value[1:], 1):
        try:
            b = encoder.encode(c)
        except UnicodeEncodeError as e:
            e.start, e.end = i, len(value)
            raise
        if b[:1] == ESC:
            raise UnicodeEncodeError(encoding, value, i, len(value), f"Given character is out of {character_set}")
        out += b
    return out


def _encode_to_jis_x_0208(value: str, errors: str = "strict") -> bytes:
    return _encode_to_given_charset(value, "ISO 2022 IR 87", errors=errors)


def _encode_to_jis_x_0212(value: str, errors: str = "strict") -> bytes:
    return _encode_to_given_charset(value, "ISO 2022 IR 159", errors=errors)


custom_encoders = {
    "shift_jis": _encode_to_jis_x_0201,
    "iso2022_jp": _encode_to_jis_x_0208,
    "iso2022_jp_2": _encode_to_jis_x_0212,
}


def _get_escape_sequence_for_encoding(encoding: str, encoded: bytes | None = None) -> bytes:
    if encoding == "shift_jis":
        if encoded is not None and encoded[0] >= 0x80:
            return ESC + b")I"
        return ESC + b"(J"
    return ENCODINGS_TO_CODES.get(encoding, b"")


def _encode_string_impl(value: str, encoding: str, errors: str = "strict") -> bytes:
    if encoding in custom_encoders:
        return custom_encoders[encoding](value, errors=errors)
    return value.encode(encoding, errors=errors)


def encode_string(value: str, encodings: Sequence[str]) -> bytes:
    """Encode `value` with the first encoding that can, adding escape sequences for
    code extensions; mixes encodings part by part when none can do it alone."""
    for i, encoding in enumerate(encodings):
        try:
            encoded = _encode_string_impl(value, encoding)
        except UnicodeError:
            continue
        if i > 0 and encoding not in handled_encodings:
            encoded = _get_escape_sequence_for_encoding(encoding, encoded=encoded) + encoded
        if encoding in need_tail_escape_sequence_encodings:
            encoded += _get_escape_sequence_for_encoding(encodings[0])
        return encoded
    if len(encodings) > 1:
        try:
            return _encode_string_parts(value, encodings)
        except ValueError:
            pass
    if config.settings.writing_validation_mode == config.RAISE:
        value.encode(encodings[0])
    warn_and_log(
        f"Failed to encode value with encodings: {', '.join(encodings)} - using "
        "replacement characters in encoded string"
    )
    return _encode_string_impl(value, encodings[0], errors="replace")


def _encode_string_parts(value: str, encodings: Sequence[str]) -> bytes:
    encoded = bytearray()
    rest = value
    best = default_encoding
    while rest:
        max_index = 0
        for encoding in encodings:
            try:
                _encode_string_impl(rest, encoding)
            except (UnicodeDecodeError, UnicodeEncodeError) as err:
                if err.start > max_index:
                    max_index, best = err.start, encoding
            else:
                max_index, best = len(rest), encoding
                break
        if max_index == 0:
            raise ValueError("None of the given encodings can encode the first character")
        part = _encode_string_impl(rest[:max_index], best)
        if best not in handled_encodings:
            encoded += _get_escape_sequence_for_encoding(best, encoded=part)
        encoded += part
        rest = rest[max_index:]
    if best in need_tail_escape_sequence_encodings:
        encoded += _get_escape_sequence_for_encoding(encodings[0])
    return bytes(encoded)


def convert_encodings(encodings: None | str | MutableSequence[str]) -> list[str]:
    """Python codecs for a Specific Character Set value (fixing common misspellings
    with a warning, as pydicom does)."""
    if type(encodings) is str and encodings in python_encoding:  # one defined term
        return [python_encoding[encodings]]
    encodings = encodings or [""]
    if isinstance(encodings, str):
        encodings = [encodings]
    else:
        encodings = list(encodings)
        if not encodings[0]:
            encodings[0] = "ISO_IR 6"
    py_encodings = []
    for encoding in encodings:
        try:
            py_encodings.append(python_encoding[encoding])
        except KeyError:
            py_encodings.append(_python_encoding_for_corrected_encoding(encoding))
    if len(encodings) > 1:
        py_encodings = _handle_illegal_standalone_encodings(encodings, py_encodings)
    return py_encodings


def _python_encoding_for_corrected_encoding(encoding: str) -> str:
    patched = None
    if re.match("^ISO[^_]IR", encoding) is not None:
        patched = "ISO_IR" + encoding[6:]
    elif re.match("^(?=ISO.2022.IR.)(?!ISO 2022 IR )", encoding) is not None:
        patched = "ISO 2022 IR " + encoding[12:]
    if patched:
        try:
            py_encoding = python_encoding[patched]
        except KeyError:
            _warn_about_invalid_encoding(encoding)
            return default_encoding
        _warn_about_invalid_encoding(encoding, patched)
        return py_encoding
    try:
        codecs.lookup(encoding)
        return encoding
    except LookupError:
        _warn_about_invalid_encoding(encoding)
        return default_encoding


def _warn_about_invalid_encoding(encoding: str, patched_encoding: str | None = None) -> None:
    if patched_encoding is None:
        if config.settings.reading_validation_mode == config.RAISE:
            raise LookupError(f"Unknown encoding '{encoding}'")
        msg = f"Unknown encoding '{encoding}' - using default encoding instead"
    else:
        msg = f"Incorrect value for Specific Character Set '{encoding}' - assuming '{patched_encoding}'"
    warn_and_log(msg, stacklevel=2)


def _handle_illegal_standalone_encodings(encodings: MutableSequence[str], py_encodings: list[str]) -> list[str]:
    if encodings[0] in STAND_ALONE_ENCODINGS:
        warn_and_log(
            f"Value '{encodings[0]}' for Specific Character Set does not allow code "
            f"extensions, ignoring: {', '.join(encodings[1:])}",
            stacklevel=2,
        )
        return py_encodings[:1]
    for i, encoding in reversed(list(enumerate(encodings[1:]))):
        if encoding in STAND_ALONE_ENCODINGS:
            warn_and_log(
                f"Value '{encoding}' cannot be used as code extension, ignoring it",
                stacklevel=2,
            )
            del py_encodings[i + 1]
    return py_encodings


def decode_element(elem: "DataElement", dicom_character_set: str | list[str] | None) -> None:
    """Decode the text of `elem` in place with the given Specific Character Set."""
    if elem.is_empty:
        return
    if not dicom_character_set:
        dicom_character_set = ["ISO_IR 6"]
    encodings = convert_encodings(dicom_character_set)
    if elem.VR == VR.PN:
        if elem.VM == 1:
            elem.value = elem.value.decode(encodings)
        else:
            elem.value = [vv.decode(encodings) for vv in elem.value]
    elif elem.VR in CUSTOMIZABLE_CHARSET_VR:
        if elem.VM == 1:
            if isinstance(elem.value, str):
                return
            elem.value = decode_bytes(elem.value, encodings, TEXT_VR_DELIMS)
        else:
            elem.value = [v if isinstance(v, str) else decode_bytes(v, encodings, TEXT_VR_DELIMS) for v in elem.value]


__all__ = ["PersonName", "convert_encodings", "decode_bytes", "encode_string", "decode_element"]
