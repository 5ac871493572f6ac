"""pydicom 2.x's handler for JPEG, JPEG-LS, JPEG 2000 and RLE pixel data
through pylibjpeg and its plugins (used only when they are installed)."""

import logging
from collections.abc import Iterable
from copy import deepcopy
from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom import config
from rapidicom.encaps import generate_frames as frame_generator
from rapidicom.pixel_data_handlers._common import require
from rapidicom.pixels.utils import (
    get_expected_length,
    get_j2k_parameters,
    get_nr_frames,
    pixel_dtype,
    reshape_pixel_array,
)
from rapidicom.uid import (
    JPEG2000,
    UID,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


HAVE_NP = True
HAVE_PYLIBJPEG = _importable("pylibjpeg")
HAVE_OPENJPEG = _importable("openjpeg")
HAVE_LIBJPEG = _importable("libjpeg")
HAVE_RLE = _importable("rle")

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

LOGGER = logging.getLogger("pydicom")
HANDLER_NAME = "pylibjpeg"
_LIBJPEG_SYNTAXES = [
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
]
_OPENJPEG_SYNTAXES = [JPEG2000Lossless, JPEG2000]
_RLE_SYNTAXES = [RLELossless]
SUPPORTED_TRANSFER_SYNTAXES = _LIBJPEG_SYNTAXES + _OPENJPEG_SYNTAXES + _RLE_SYNTAXES
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}

if HAVE_PYLIBJPEG:
    from pylibjpeg.utils import get_pixel_data_decoders

    _DECODERS: dict[str, Any] = get_pixel_data_decoders()
else:
    _DECODERS = {}


def is_available() -> bool:
    return HAVE_NP and HAVE_PYLIBJPEG


def supports_transfer_syntax(tsyntax: UID) -> bool:
    return tsyntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def as_array(ds: "Dataset") -> np.ndarray:
    """The pixel data of `ds` decoded by pylibjpeg, shaped."""
    return reshape_pixel_array(ds, get_pixeldata(ds))


def generate_frames(ds: "Dataset", reshape: bool = True) -> Iterable[np.ndarray]:
    """Each frame of `ds` decoded by pylibjpeg's plugin for its transfer
    syntax (shaped unless `reshape` is false)."""
    tsyntax = ds.file_meta.TransferSyntaxUID
    if tsyntax not in _DECODERS:
        if tsyntax in _OPENJPEG_SYNTAXES:
            plugin = "pylibjpeg-openjpeg"
        elif tsyntax in _LIBJPEG_SYNTAXES:
            plugin = "pylibjpeg-libjpeg"
        else:
            plugin = "pylibjpeg-rle"
        raise RuntimeError(f"Unable to convert the Pixel Data as the '{plugin}' plugin is not installed")
    require(
        ds,
        ["BitsAllocated", "Rows", "Columns", "PixelRepresentation", "SamplesPerPixel",
         "PhotometricInterpretation", "PixelData"],
    )  # fmt: skip
    decoder = _DECODERS[tsyntax]
    LOGGER.debug(f"Decoding {tsyntax.name} encoded Pixel Data using {decoder}")
    pixel_module = deepcopy(ds.group_dataset(0x0028))
    dtype = pixel_dtype(ds)
    allocated = ds.BitsAllocated
    for frame in frame_generator(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        arr = decoder(frame, ds=pixel_module)
        if tsyntax in _OPENJPEG_SYNTAXES and config.APPLY_J2K_CORRECTIONS:
            params = get_j2k_parameters(frame)
            signed = params.setdefault("is_signed", True)
            shift = allocated - params.setdefault("precision", ds.BitsStored)
            if shift and not signed and signed != ds.PixelRepresentation:
                # Unsigned samples in a signed dataset: sign-extend them.
                pixel_module.PixelRepresentation = 0
                arr = arr.view(pixel_dtype(pixel_module))
                arr = np.right_shift(np.left_shift(arr, shift).astype(dtype), shift)
        if arr.dtype != dtype:
            arr = arr.view(dtype)
        if not reshape:
            yield arr
        elif ds.SamplesPerPixel == 1:
            yield arr.reshape(ds.Rows, ds.Columns)
        elif tsyntax == RLELossless:
            yield arr.reshape(ds.SamplesPerPixel, ds.Rows, ds.Columns).transpose(1, 2, 0)
        else:
            yield arr.reshape(ds.Rows, ds.Columns, ds.SamplesPerPixel)


def get_pixeldata(ds: "Dataset") -> np.ndarray:
    """The pixel data of `ds` decoded by pylibjpeg, as a 1D array."""
    expected = get_expected_length(ds, "pixels")
    frame_length = expected // get_nr_frames(ds)
    arr = np.empty(expected, pixel_dtype(ds))
    for frame, offset in zip(generate_frames(ds, False), range(0, expected, frame_length)):
        arr[offset : offset + frame_length] = frame
    return arr
