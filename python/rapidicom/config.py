"""Library-wide settings, with pydicom's names and defaults."""

import logging
import os
import sys as _sys
import threading
from collections.abc import Generator
from contextlib import contextmanager
from importlib.util import find_spec
from typing import Any

from rapidicom import _native

# Found without importing numpy, which would cost most of our import budget.
have_numpy: bool = find_spec("numpy") is not None

_use_future = False
_use_future_env = os.getenv("PYDICOM_FUTURE")

# The "pydicom" logger, as pydicom's: programs configure it by that name.
logger = logging.getLogger("pydicom")
logger.addHandler(logging.NullHandler())

debugging: bool = False


def _logger() -> logging.Logger:
    return logger


def debug(debug_on: bool = True, default_handler: bool = True) -> None:
    """Turn debugging of reading and writing on (``debug_on``: the logger's
    level DEBUG, and each element read is logged) or off (WARNING); with
    `default_handler`, also log to a plain stream handler."""
    global debugging
    if default_handler:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    debugging = debug_on
    logger.setLevel(logging.DEBUG if debug_on else logging.WARNING)


# The level is WARNING whatever logging's default is.
debug(False, False)

use_DS_decimal: bool = False
use_DS_numpy: bool = False
use_IS_numpy: bool = False
allow_DS_float: bool = False
enforce_valid_values: bool = False

data_element_callback: Any = None
data_element_callback_kwargs: dict[str, Any] = {}


def reset_data_element_callback() -> None:
    """Remove any callback set for raw data elements."""
    global data_element_callback, data_element_callback_kwargs
    data_element_callback = None
    data_element_callback_kwargs = {}


def DS_numpy(use_numpy: bool = True) -> None:
    """Read multi-valued DS elements as numpy arrays."""
    global use_DS_numpy
    if use_DS_decimal and use_numpy:
        raise ValueError("Cannot use numpy arrays to read DS elements if `use_DS_decimal` is True")
    use_DS_numpy = use_numpy
    _refresh_fast_flags()


def DS_decimal(use_Decimal_boolean: bool = True) -> None:
    """Use :class:`~decimal.Decimal` (DSdecimal) for DS values instead of float."""
    global use_DS_decimal
    use_DS_decimal = use_Decimal_boolean
    _refresh_fast_flags()
    if use_DS_decimal and use_DS_numpy:
        raise ValueError("Cannot set use_DS_decimal True if use_DS_numpy is True")
    from rapidicom import valuerep

    valuerep.DSclass = valuerep.DSdecimal if use_DS_decimal else valuerep.DSfloat


IGNORE = 0
WARN = 1
RAISE = 2


class Settings:
    """Validation modes and reading options (``config.settings``)."""

    def __init__(self) -> None:
        self._reading_validation_mode: int | None = None
        self._writing_validation_mode: int | None = RAISE if _use_future else None
        self._infer_sq_for_un_vr: bool = True
        self._buffered_read_size = 8192

    @property
    def buffered_read_size(self) -> int:
        return self._buffered_read_size

    @buffered_read_size.setter
    def buffered_read_size(self, size: int) -> None:
        if size <= 0:
            raise ValueError("The read size must be greater than 0")
        self._buffered_read_size = size

    @property
    def reading_validation_mode(self) -> int:
        if _overrides:
            mode = getattr(_thread_state, "reading", None)
            if mode is not None:
                return mode
        if self._reading_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._reading_validation_mode

    @reading_validation_mode.setter
    def reading_validation_mode(self, value: int) -> None:
        self._reading_validation_mode = value
        _refresh_fast_flags()

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in ("_reading_validation_mode", "_infer_sq_for_un_vr") and "_fast_flags" in globals():
            _refresh_fast_flags()

    @property
    def writing_validation_mode(self) -> int:
        if self._writing_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._writing_validation_mode

    @writing_validation_mode.setter
    def writing_validation_mode(self, value: int) -> None:
        self._writing_validation_mode = value

    @property
    def infer_sq_for_un_vr(self) -> bool:
        return self._infer_sq_for_un_vr

    @infer_sq_for_un_vr.setter
    def infer_sq_for_un_vr(self, value: bool) -> None:
        self._infer_sq_for_un_vr = value


settings = Settings()


@contextmanager
def disable_value_validation() -> Generator[None, None, None]:
    """Turn reading and writing validation off inside the context."""
    reading, writing = settings._reading_validation_mode, settings._writing_validation_mode
    try:
        settings.reading_validation_mode = IGNORE
        settings.writing_validation_mode = IGNORE
        yield
    finally:
        settings._reading_validation_mode = reading
        settings._writing_validation_mode = writing


@contextmanager
def strict_reading() -> Generator[None, None, None]:
    """Raise on invalid values while reading inside the context."""
    original = settings._reading_validation_mode
    try:
        settings.reading_validation_mode = RAISE
        yield
    finally:
        settings._reading_validation_mode = original


# Reading validation overridden for one thread only (to_json_dict's
# suppress_invalid_tags): `_overrides` counts the threads that have one, so that
# the common case costs one test.
_thread_state = threading.local()
_overrides = 0
_overrides_lock = threading.Lock()


@contextmanager
def _strict_reading_in_this_thread() -> Generator[None, None, None]:
    """Like strict_reading(), but for the calling thread only."""
    global _overrides
    previous = getattr(_thread_state, "reading", None)
    _thread_state.reading = RAISE
    with _overrides_lock:
        _overrides += 1
    try:
        yield
    finally:
        _thread_state.reading = previous
        with _overrides_lock:
            _overrides -= 1


def _flags_now() -> int:
    """`_fast_flags`, with this thread's reading validation mode."""
    mode = getattr(_thread_state, "reading", None) if _overrides else None
    return _fast_flags if mode is None else (_fast_flags & ~_native.FLAG_MODE_MASK) | mode


convert_wrong_length_to_UN = False
datetime_conversion = False
use_none_as_empty_text_VR_value = False
replace_un_with_known_vr = True
show_file_meta = True
APPLY_J2K_CORRECTIONS = True
assume_implicit_vr_switch = True
INVALID_KEYWORD_BEHAVIOR = "WARN"
INVALID_KEY_BEHAVIOR = "WARN"

# rapidicom's own: saving to a path goes through a temporary file renamed into
# place. With this set, the file is also fsync'ed before the rename, so that the
# new file survives a power loss too (about 1 ms more per file).
sync_saves = False

if _use_future_env:
    if _use_future_env.lower() in ["true", "yes", "on", "1"]:
        _use_future = True
    elif _use_future_env.lower() in ["false", "no", "off", "0"]:
        _use_future = False
    else:
        raise ValueError("Unknown setting for environment variable PYDICOM_FUTURE. Use True or False.")


def future_behavior(enable_future: bool = True) -> None:
    """Switch to the behaviour planned for the next major version (as pydicom)."""
    global _use_future, INVALID_KEYWORD_BEHAVIOR
    _use_future = enable_future
    INVALID_KEYWORD_BEHAVIOR = "RAISE" if enable_future else "WARN"
    settings._writing_validation_mode = RAISE if enable_future else None


if _use_future:
    future_behavior()


# -- the native fast path's view of this configuration ---------------------------
# rapidicom's native reader turns common elements into DataElements itself; it must
# step aside whenever a setting changes what pydicom's Python path would produce.
# `_fast_flags` summarises those settings and is recomputed on every change.
_fast_flags = 0
_FAST_INPUTS = {
    "data_element_callback", "datetime_conversion", "use_DS_decimal", "use_DS_numpy",
    "use_IS_numpy", "use_none_as_empty_text_VR_value", "enforce_valid_values",
    "replace_un_with_known_vr", "assume_implicit_vr_switch",
}  # fmt: skip


def _refresh_fast_flags() -> None:
    global _fast_flags
    hooks_module = _sys.modules.get("rapidicom.hooks")
    hooks = getattr(hooks_module, "hooks", None)
    custom_hooks = hooks is not None and (
        hooks.raw_element_vr is not hooks_module.raw_element_vr  # type: ignore[union-attr]
        or hooks.raw_element_value is not hooks_module.raw_element_value  # type: ignore[union-attr]
        or bool(hooks.raw_element_kwargs)
    )
    flags = settings.reading_validation_mode & _native.FLAG_MODE_MASK
    flags |= _native.FLAG_OFF if (data_element_callback is not None or custom_hooks) else 0
    flags |= _native.FLAG_DATETIME if datetime_conversion else 0
    flags |= _native.FLAG_DS_SPECIAL if (use_DS_decimal or use_DS_numpy) else 0
    flags |= _native.FLAG_IS_NUMPY if use_IS_numpy else 0
    flags |= _native.FLAG_NONE_EMPTY if use_none_as_empty_text_VR_value else 0
    # Sequences may be parsed natively only with the default parsing options.
    defaults = settings._infer_sq_for_un_vr and replace_un_with_known_vr and assume_implicit_vr_switch
    flags |= _native.FLAG_SEQUENCE_DEFAULTS if defaults else 0
    _fast_flags = flags


class _ConfigModule(type(os)):  # type: ignore[misc]
    """This module's type: assignments such as ``config.datetime_conversion = True``
    refresh the fast-path flags."""

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in _FAST_INPUTS:
            _refresh_fast_flags()


_sys.modules[__name__].__class__ = _ConfigModule
_refresh_fast_flags()


# pydicom 2.x's pixel data handlers, imported when first asked for (some bring in
# Pillow, GDCM, ...): config name -> module.
_HANDLERS = {
    "np_handler": "numpy_handler",
    "gdcm_handler": "gdcm_handler",
    "pillow_handler": "pillow_handler",
    "jpegls_handler": "jpeg_ls_handler",
    "pylibjpeg_handler": "pylibjpeg_handler",
    "rle_handler": "rle_handler",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _HANDLERS:
        module = importlib.import_module(f"rapidicom.pixel_data_handlers.{_HANDLERS[name]}")
        globals()[name] = module
        return module
    if name == "pixel_data_handlers":
        # The order in which Dataset.pixel_array tries them (a list users may change).
        handlers = globals()[name] = [getattr(_sys.modules[__name__], n) for n in _HANDLERS]
        return handlers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
