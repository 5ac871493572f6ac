"""pydicom 2.x's handler for JPEG and JPEG 2000 pixel data through Pillow
(used only when Pillow is installed)."""

import io
import logging
from typing import TYPE_CHECKING, Any

import numpy

from rapidicom.encaps import generate_frames
from rapidicom.pixel_data_handlers._common import correct_j2k_samples
from rapidicom.pixels.utils import get_j2k_parameters, get_nr_frames, pixel_dtype
from rapidicom.uid import JPEG2000, UID, JPEG2000Lossless, JPEGBaseline8Bit, JPEGExtended12Bit

try:
    from PIL import Image, features

    HAVE_PIL = True
    HAVE_JPEG = features.check_codec("jpg")
    HAVE_JPEG2K = features.check_codec("jpg_2000")
except ImportError:
    HAVE_PIL = HAVE_JPEG = HAVE_JPEG2K = False

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

HAVE_NP = True
logger = logging.getLogger("pydicom")
HANDLER_NAME = "Pillow"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy"), "PIL": ("https://python-pillow.org/", "Pillow")}
PillowJPEG2000TransferSyntaxes = [JPEG2000, JPEG2000Lossless]
PillowJPEGTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit]
PillowSupportedTransferSyntaxes = PillowJPEGTransferSyntaxes + PillowJPEG2000TransferSyntaxes


def is_available() -> bool:
    return HAVE_NP and HAVE_PIL


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    return transfer_syntax in PillowSupportedTransferSyntaxes


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def _decompress_single_frame(data: bytes, transfer_syntax: str, photometric_interpretation: str) -> Any:
    """A frame opened by Pillow; RGB JPEG without Adobe's transform is kept as
    YCbCr (not converted)."""
    image = Image.open(io.BytesIO(data))
    if (
        transfer_syntax in PillowJPEGTransferSyntaxes
        and photometric_interpretation == "RGB"
        and "adobe_transform" not in image.info
    ):
        image.draft("YCbCr", image.size)
    return image


def get_pixeldata(ds: "Dataset") -> numpy.ndarray:
    """The pixel data of `ds` decoded by Pillow, as a 1D array."""
    tsyntax = ds.file_meta.TransferSyntaxUID
    if not HAVE_PIL:
        raise ImportError(
            f"The pillow package is required to use pixel_array for this transfer syntax "
            f"{tsyntax.name}, and pillow could not be imported."
        )
    if not HAVE_JPEG and tsyntax in PillowJPEGTransferSyntaxes:
        raise NotImplementedError(
            f"The pixel data with transfer syntax {tsyntax.name}, cannot be read because Pillow lacks the JPEG plugin"
        )
    if not HAVE_JPEG2K and tsyntax in PillowJPEG2000TransferSyntaxes:
        raise NotImplementedError(
            f"The pixel data with transfer syntax {tsyntax.name}, cannot be read because Pillow "
            "lacks the JPEG 2000 plugin"
        )
    if tsyntax == JPEGExtended12Bit and ds.BitsAllocated != 8:
        raise NotImplementedError(
            f"{JPEGExtended12Bit} - {JPEGExtended12Bit.name} is only supported by Pillow if "
            "(0028,0100) Bits Allocated = 8"
        )
    pi = ds.PhotometricInterpretation
    decoded = bytearray()
    precision = signed = None
    for frame in generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
        image = _decompress_single_frame(frame, tsyntax, pi)
        if "YBR" in pi:
            image.draft("YCbCr", (ds.Rows, ds.Columns))
        decoded += image.tobytes()
        if not precision:
            params = get_j2k_parameters(frame)
            precision = params.setdefault("precision", ds.BitsStored)
            signed = params.setdefault("is_signed", None)
    logger.debug(f"Successfully read {len(decoded)} pixel bytes")
    arr = numpy.frombuffer(decoded, pixel_dtype(ds))
    if tsyntax in PillowJPEG2000TransferSyntaxes:
        arr = correct_j2k_samples(arr, ds, precision, signed)
    return arr
