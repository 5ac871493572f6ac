"""pydicom 2.x's handler for uncompressed pixel data (little or big endian,
deflated; Pixel Data, Float Pixel Data or Double Float Pixel Data), with
pydicom's checks, warnings and errors."""

from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom._tags import PixelData
from rapidicom.misc import warn_and_log
from rapidicom.pixels.utils import get_expected_length, pixel_dtype, unpack_bits
from rapidicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

HAVE_NP = True
HANDLER_NAME = "Numpy"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = [
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
]


def is_available() -> bool:
    return HAVE_NP


def supports_transfer_syntax(transfer_syntax: str) -> bool:
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def _check_length(ds: "Dataset", actual: int, expected: int) -> None:
    """pydicom's checks of the value's length: missing padding byte warned,
    too short an error, excess (or a YBR_FULL_422 that looks unsubsampled)
    warned."""
    padded = expected + expected % 2
    if actual < padded:
        if actual != expected:
            raise ValueError(
                f"The length of the pixel data in the dataset ({actual} bytes) doesn't match the "
                f"expected length ({padded} bytes). The dataset may be corrupted or there may be an "
                "issue with the pixel data handler."
            )
        warn_and_log("The odd length pixel data is missing a trailing padding byte")
    elif actual > padded:
        message = (
            f"The length of the pixel data in the dataset ({actual} bytes) indicates it contains "
            f"excess padding. {actual - expected} bytes will be removed from the end of the data"
        )
        if ds.PhotometricInterpretation == "YBR_FULL_422" and actual >= expected / 2 * 3 + expected / 2 * 3 % 2:
            message = (
                "The Photometric Interpretation of the dataset is YBR_FULL_422, however the length "
                f"of the pixel data ({actual} bytes) is a third larger than expected ({expected} bytes) "
                "which indicates that this may be incorrect. You may need to change the Photometric "
                "Interpretation to the correct value."
            )
        warn_and_log(message)


def get_pixeldata(ds: "Dataset", read_only: bool = False) -> np.ndarray:
    """The pixel data of `ds` as a 1D array; YBR_FULL_422 expanded to one set
    of samples per pixel. With `read_only` (and more than 1 bit allocated) the
    array is a view of the element's value."""
    if ds.file_meta.TransferSyntaxUID not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(
            "Unable to convert the pixel data as the transfer syntax is not supported by the numpy pixel data handler."
        )
    found = [kw for kw in ("PixelData", "FloatPixelData", "DoubleFloatPixelData") if kw in ds]
    if len(found) != 1:
        raise AttributeError(
            "Unable to convert the pixel data: one of Pixel Data, Float Pixel Data or Double "
            "Float Pixel Data must be present in the dataset"
        )
    keyword = found[0]
    required = ["BitsAllocated", "Rows", "Columns", "SamplesPerPixel", "PhotometricInterpretation"]
    if keyword == "PixelData":
        required += ["PixelRepresentation", "BitsStored"]
    missing = [name for name in required if name not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required elements are missing "
            "from the dataset: " + ", ".join(missing)
        )
    if ds.SamplesPerPixel > 1 and not hasattr(ds, "PlanarConfiguration"):
        raise AttributeError(
            "Unable to convert the pixel data as the following conditionally required element "
            "is missing from the dataset: PlanarConfiguration"
        )
    data: Any = getattr(ds, keyword)
    expected = get_expected_length(ds)
    _check_length(ds, len(data), expected)

    if ds.BitsAllocated == 1:
        arr = unpack_bits(data, as_array=True)[: get_expected_length(ds, unit="pixels")]
        return arr  # type: ignore[return-value]
    dtype = pixel_dtype(ds, as_float="Float" in keyword)
    if not ds.original_encoding[1] and dtype.itemsize == 1 and keyword == "PixelData" and ds[PixelData].VR == "OW":
        # 8-bit samples held as OW words in big endian data: swap the words back.
        words = np.frombuffer(data, dtype=dtype.name[:-1] + "16").byteswap().tobytes()
        arr = np.frombuffer(words[:expected], dtype=dtype)
    else:
        arr = np.frombuffer(data[:expected], dtype=dtype)
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        # Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr (PS3.3 C.7.6.3.1.2).
        out = np.zeros(expected // 2 * 3, dtype=dtype)
        out[::6], out[3::6] = arr[::4], arr[1::4]
        out[1::6], out[4::6] = arr[2::4], arr[2::4]
        out[2::6], out[5::6] = arr[3::4], arr[3::4]
        arr = out
    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    if not read_only and ds.BitsAllocated > 1:
        return arr.copy()
    return arr
