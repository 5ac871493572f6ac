"""Small helpers shared by the modules (pydicom.misc)."""

import os
import re
import warnings
from typing import Any

_SIZE_FACTORS = {
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}


def size_in_bytes(expr: int | float | str | None) -> None | float | int:
    """Return a size such as ``"512 KB"`` or ``2048`` in bytes; None for no limit."""
    if expr is None or expr == float("inf"):
        return None
    if isinstance(expr, int | float):
        return expr
    try:
        return int(expr)
    except ValueError:
        pass
    match = re.fullmatch(r"([^A-Za-z]*)([A-Za-z]*)", expr)
    value, unit = match.groups() if match else (expr, "")
    if unit.lower() in _SIZE_FACTORS:
        return float(value) * _SIZE_FACTORS[unit.lower()]
    raise ValueError(f"Unable to parse length with unit '{unit}'")


def is_dicom(file_path: "str | os.PathLike[str]") -> bool:
    """Return True if the file has a 128-byte preamble followed by 'DICM'."""
    with open(file_path, "rb") as fp:
        fp.read(128)
        return fp.read(4) == b"DICM"


def warn_and_log(msg: str, category: type[Warning] | None = None, stacklevel: int = 1) -> None:
    """Log `msg` on the "pydicom" logger and issue it as a warning."""
    from rapidicom.config import _logger

    _logger().warning(msg)
    warnings.warn(msg, category, stacklevel=stacklevel + 1)


def __getattr__(name: str) -> Any:
    if name == "LOGGER":
        from rapidicom.config import _logger

        return _logger()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
