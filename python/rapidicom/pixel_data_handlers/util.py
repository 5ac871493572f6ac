"""pydicom 2.x's ``pixel_data_handlers.util``: its functions now live in
``rapidicom.pixels`` and are reachable here under their old names, with a
deprecation warning."""

from sys import byteorder
from typing import Any

from rapidicom import config
from rapidicom.pixel_data_handlers import _DEPRECATED, _moved


def _dtype_corrected_for_endianness(is_little_endian: bool, numpy_dtype: Any) -> Any:
    """`numpy_dtype` in the byte order of data that is `is_little_endian`."""
    if is_little_endian is None:
        raise ValueError("Dataset attribute 'is_little_endian' has to be set before writing the dataset")
    if is_little_endian != (byteorder == "little"):
        return numpy_dtype.newbyteorder("S")
    return numpy_dtype


_DEPRECATED_UTIL = {
    name: ("utils", name)
    for name in (
        "expand_ybr422",
        "get_expected_length",
        "get_image_pixel_ids",
        "get_j2k_parameters",
        "get_nr_frames",
        "pixel_dtype",
        "reshape_pixel_array",
    )
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and name != "apply_rescale" and not config._use_future:
        return _moved(name, _DEPRECATED, "pydicom.pixels")
    if name in _DEPRECATED_UTIL and not config._use_future:
        return _moved(name, _DEPRECATED_UTIL, "pydicom.pixels.utils")
    if name == "dtype_corrected_for_endianness" and not config._use_future:
        from rapidicom.misc import warn_and_log

        warn_and_log("'dtype_corrected_for_endianness' is deprecated and will be removed in v4.0", DeprecationWarning)
        return _dtype_corrected_for_endianness
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
