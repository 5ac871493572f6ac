"""Helpers to read a file with pydicom and rapidicom and describe the result in the
same terms, so that the two can be compared element by element."""

import warnings
from typing import Any

import pydicom

import rapidicom


def describe_value(value: Any) -> Any:
    """A comparable, library-neutral form of an element value."""
    if isinstance(value, pydicom.Sequence | rapidicom.Sequence):
        return ("SQ", [describe_dataset(item) for item in value])
    if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
        return ("list", type(value).__name__, [describe_value(v) for v in value])
    if type(value).__name__ == "ndarray":
        return ("ndarray", str(value.dtype), value.tolist())
    if type(value).__name__ == "PersonName":  # what it keeps, not only how it shows
        kept = (value.original_string, value.encodings, value.validation_mode, value.components)
        return ("PersonName", repr(value), str(value), kept)
    return (type(value).__name__, repr(value), str(value))


def describe_element(elem: Any) -> tuple[Any, ...]:
    return (
        str(elem.tag), elem.VR, elem.VM, elem.name, elem.is_undefined_length, elem.validation_mode,
        elem.file_tell, elem.private_creator, describe_value(elem.value),
    )  # fmt: skip


def describe_dataset(ds: Any) -> list[tuple[Any, ...]]:
    return [describe_element(elem) for elem in ds]


def exception_name(exc: BaseException) -> str:
    """The exception's class, qualified by module (struct.error is not zlib.error),
    with the library's own package name left out."""
    module = type(exc).__module__.replace("pydicom.", "").replace("rapidicom.", "")
    return f"{module}.{type(exc).__name__}"


def read(lib: Any, path: Any, **kwargs: Any) -> tuple[Any, ...]:
    """("ok", meta, dataset, details) or ("raised", exception class name); with
    the warnings issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = lib.dcmread(path, **kwargs)
            meta = describe_dataset(ds.file_meta)
            body = describe_dataset(ds)
            details = (ds.preamble, ds.original_encoding, ds.is_little_endian, ds.is_implicit_VR,
                       str(ds.original_character_set), str(ds._character_set))  # fmt: skip
            result: tuple[Any, ...] = ("ok", meta, body, details)
        except Exception as exc:
            result = ("raised", exception_name(exc))
    messages = sorted({str(w.message).split(" in file ")[0] for w in caught})
    return result + (messages,)
