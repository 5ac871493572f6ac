"""pydicom 2.x's pixel data handlers, kept by pydicom 3.0 (deprecated): one
module per decoder (``numpy_handler``, ``rle_handler``, ``pillow_handler``,
``jpeg_ls_handler``, ``pylibjpeg_handler``, ``gdcm_handler``), each with
``is_available``, ``supports_transfer_syntax`` and ``get_pixeldata(ds)`` (the
pixels as a 1D array). ``config.pixel_data_handlers`` lists them in the order
``Dataset.pixel_array`` tries them with ``pixel_array_options(
use_v2_backend=True)``. The numpy and RLE handlers decode in Rust; the others
use their third-party packages, as pydicom's do.

The processing functions pydicom 2.x had here are reachable under their old
names, with a deprecation warning."""

from typing import Any

from rapidicom import config
from rapidicom.misc import warn_and_log

# Old name -> (new module, name there).
_DEPRECATED = {
    "apply_color_lut": ("processing", "apply_color_lut"),
    "apply_modality_lut": ("processing", "apply_modality_lut"),
    "apply_rescale": ("processing", "apply_modality_lut"),
    "apply_voi_lut": ("processing", "apply_voi_lut"),
    "apply_voi": ("processing", "apply_voi"),
    "apply_windowing": ("processing", "apply_windowing"),
    "convert_color_space": ("processing", "convert_color_space"),
    "pack_bits": ("utils", "pack_bits"),
    "unpack_bits": ("utils", "unpack_bits"),
}
_DEPRECATED_UTIL = {"expand_ybr422": ("utils", "expand_ybr422")}


def _moved(name: str, table: dict[str, tuple[str, str]], where: str) -> Any:
    import importlib

    module, new_name = table[name]
    warn_and_log(
        f"The 'pydicom.pixel_data_handlers' module will be removed in v4.0, please use "
        f"'from {where} import {name}' instead",
        DeprecationWarning,
    )
    return getattr(importlib.import_module(f"rapidicom.pixels.{module}"), new_name)


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and not config._use_future:
        return _moved(name, _DEPRECATED, "pydicom.pixels")
    if name in _DEPRECATED_UTIL and not config._use_future:
        return _moved(name, _DEPRECATED_UTIL, "pydicom.pixels.utils")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
