"""pydicom 2.x's ``pydicom.encoders``, kept by pydicom 3.0 with a deprecation
warning (and gone when ``config._use_future`` is set)."""

from typing import Any

from rapidicom import config
from rapidicom.misc import warn_and_log
from rapidicom.pixels import get_encoder as _get_encoder
from rapidicom.pixels.encoders import RLELosslessEncoder as _rle_encoder

_DEPRECATED = {
    "get_encoder": _get_encoder,
    "RLELosslessEncoder": _rle_encoder,
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and not config._use_future:
        warn_and_log(
            "The 'pydicom.encoders' module will be removed in v4.0, please use "
            f"'from pydicom.pixels import {name}' instead",
            DeprecationWarning,
        )
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
