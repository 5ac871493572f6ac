"""pydicom 2.x's handler for RLE Lossless pixel data, decoded in Rust. Its
frames come out as pydicom's did: each sample's plane in turn (planar
configuration 1), little endian."""

from typing import TYPE_CHECKING

import numpy as np

from rapidicom import _native
from rapidicom.encaps import generate_frames
from rapidicom.misc import warn_and_log
from rapidicom.pixels.decoders.rle import _rle_parse_header as _parse_rle_header
from rapidicom.pixels.utils import get_nr_frames, pixel_dtype
from rapidicom.uid import RLELossless

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

HAVE_RLE = True
HANDLER_NAME = "RLE Lossless"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = [RLELossless]


def is_available() -> bool:
    return HAVE_RLE


def supports_transfer_syntax(transfer_syntax: str) -> bool:
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def get_pixeldata(ds: "Dataset", rle_segment_order: str = ">") -> np.ndarray:
    """The RLE pixel data of `ds` as a 1D array, frame after frame, each frame
    plane by plane. `rle_segment_order` "<" reads segments least significant
    byte first (non-conformant data)."""
    if ds.file_meta.TransferSyntaxUID not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(
            "Unable to convert the pixel data as the transfer syntax is not supported by the RLE pixel data handler."
        )
    required = ["PixelData", "BitsAllocated", "Rows", "Columns", "PixelRepresentation", "SamplesPerPixel"]
    missing = [name for name in required if name not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required elements are missing "
            "from the dataset: " + ", ".join(missing)
        )
    frames = generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False))
    decoded = bytearray()
    for frame in frames:
        decoded += _rle_decode_frame(
            frame, ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated, rle_segment_order
        )
    arr = np.frombuffer(decoded, pixel_dtype(ds))
    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    return arr


def _rle_decode_frame(
    data: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int, segment_order: str = ">"
) -> bytearray:
    """One RLE frame decoded: each sample's plane in turn, little endian."""
    if nr_bits % 8:
        raise NotImplementedError(
            f"Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' value of {nr_bits}"
        )
    arr, warnings = _native.rle_decode(
        data, [[(0, len(data))]], rows, columns, nr_samples, nr_bits, segment_order == "<"
    )
    for message in warnings:
        warn_and_log(message)
    # Pixel interleaved as decoded; pydicom 2.x gave planar configuration 1.
    planes = arr.reshape(rows * columns, nr_samples, nr_bits // 8).transpose(1, 0, 2)
    return bytearray(planes.tobytes())


def _rle_decode_segment(data: bytes) -> bytearray:
    """One PackBits segment decoded."""
    return bytearray(_native.rle_decode_segment(data))
