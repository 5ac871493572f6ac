"""Helpers to write a dataset with pydicom and rapidicom and describe the result in
the same terms: the bytes written, or the exception, plus the warnings."""

import io
import warnings
from collections.abc import Callable
from typing import Any

from .reading import exception_name


def first_line(exc: BaseException) -> str:
    """An exception's message up to the traceback pydicom's tag_in_exception adds."""
    return str(exc).split("\n")[0]


def write(lib: Any, path: Any, scenario: Callable[[Any, Any, io.BytesIO], Any]) -> tuple[Any, ...]:
    """Read `path` (forced), run `scenario(lib, ds, buffer)` and describe the
    outcome: ("ok", bytes written) or ("raised", class, first line)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = lib.dcmread(path, force=True)
        except Exception:
            return ("unreadable",)
        caught.clear()
        buffer = io.BytesIO()
        try:
            scenario(lib, ds, buffer)
            result: tuple[Any, ...] = ("ok", buffer.getvalue())
        except Exception as exc:
            result = ("raised", exception_name(exc), first_line(exc))
    messages = sorted({str(w.message) for w in caught})
    return result + (messages,)
