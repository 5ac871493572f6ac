"""pydicom 2.x's handler for JPEG-LS pixel data through pyjpegls (``jpeg_ls``,
used only when it is installed)."""

from typing import TYPE_CHECKING

import numpy

from rapidicom.encaps import generate_frames
from rapidicom.pixels.utils import get_nr_frames, pixel_dtype
from rapidicom.uid import UID, JPEGLSLossless, JPEGLSNearLossless

try:
    import jpeg_ls

    HAVE_JPEGLS = True
except ImportError:
    HAVE_JPEGLS = False

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

HAVE_NP = True
HANDLER_NAME = "JPEG-LS"
DEPENDENCIES = {
    "numpy": ("https://numpy.org/", "NumPy"),
    "jpeg_ls": ("https://github.com/pydicom/pyjpegls", "pyjpegls"),
}
SUPPORTED_TRANSFER_SYNTAXES = [JPEGLSLossless, JPEGLSNearLossless]


def is_available() -> bool:
    return HAVE_NP and HAVE_JPEGLS


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds: "Dataset") -> numpy.ndarray:
    """The pixel data of `ds` decoded by pyjpegls, as a 1D array."""
    tsyntax = ds.file_meta.TransferSyntaxUID
    if tsyntax not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(f"The jpeg_ls does not support this transfer syntax {tsyntax.name}")
    if not HAVE_JPEGLS:
        raise ImportError(
            f"The jpeg_ls package is required to use pixel_array for this transfer syntax "
            f"{tsyntax.name}, and jpeg_ls could not be imported"
        )
    decoded = bytearray()
    for frame in generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        decoded += jpeg_ls.decode(numpy.frombuffer(frame, dtype="u1")).tobytes()
    return numpy.frombuffer(decoded, pixel_dtype(ds))
