"""The most common pixel_array in a few steps: uncompressed little-endian Pixel
Data, with no decoding options, whose Image Pixel values leave none of the full
path's rules anything to do (no colour conversion, planar data, excess or missing
bytes, invalid values). Anything else gives None, and the full path (which gives
pydicom's warnings and errors) runs instead. The array is the same either way:
one native copy, with unused bits corrected in the same pass."""

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom._tags import (
    BitsAllocated,
    BitsStored,
    Columns,
    DoubleFloatPixelData,
    FloatPixelData,
    NumberOfFrames,
    PhotometricInterpretation,
    PixelData,
    PixelRepresentation,
    PlanarConfiguration,
    Rows,
    SamplesPerPixel,
    TransferSyntaxUID,
)
from rapidicom.pixels._pixel_values import _pixel_value
from rapidicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

_LITTLE_ENDIAN = frozenset({ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian})
# Photometric Interpretation -> the Samples per Pixel it goes with here.
_PLAIN_COLOURS = {"MONOCHROME1": 1, "MONOCHROME2": 1, "PALETTE COLOR": 1, "RGB": 3}
_DTYPES = {(bits, sign): np.dtype(f"{'ui'[sign]}{bits // 8}") for bits in (8, 16, 32, 64) for sign in (0, 1)}
_FLOAT_PIXELS = (FloatPixelData, DoubleFloatPixelData)
# Rows, Columns, Samples per Pixel, Bits Allocated, Bits Stored, Pixel
# Representation, Photometric Interpretation.
_REQUIRED = (Rows, Columns, SamplesPerPixel, BitsAllocated, BitsStored, PixelRepresentation, PhotometricInterpretation)


def plain_native_array(ds: Any, syntax: str | None = None) -> np.ndarray | None:
    """`ds`'s pixel_array when it is the plain case described above (and its
    transfer syntax is `syntax`, when given), else None."""
    found = plain_native(ds, syntax)
    return None if found is None else found[0]


def plain_native(ds: Any, syntax: str | None = None) -> tuple[np.ndarray, dict[str, Any]] | None:
    """`ds`'s pixel_array and the Image Pixel values that describe it (as a
    decoder's ``as_array`` gives them) in the plain case, else None."""
    file_meta = getattr(ds, "file_meta", None)
    if file_meta is None or TransferSyntaxUID not in file_meta._dict:
        return None
    tsyntax = file_meta._keyword_value(TransferSyntaxUID)
    if tsyntax not in _LITTLE_ENDIAN or (syntax is not None and tsyntax != syntax):
        return None
    elements = ds._dict
    if PixelData not in elements or _FLOAT_PIXELS[0] in elements or _FLOAT_PIXELS[1] in elements:
        return None
    value = ds._keyword_value
    try:
        rows, columns, samples, allocated, stored, sign, colour = [value(tag) for tag in _REQUIRED]
    except KeyError:
        return None
    if _PLAIN_COLOURS.get(colour) != samples:
        return None
    if samples == 3 and (PlanarConfiguration not in elements or value(PlanarConfiguration) != 0):
        return None
    frames = value(NumberOfFrames) if NumberOfFrames in elements else 1
    numbers = (rows, columns, allocated, stored, sign, frames)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return None
    dtype = _DTYPES.get((allocated, sign))
    if dtype is None or not (0 < rows < 65536 and 0 < columns < 65536 and 0 < stored <= allocated and frames >= 1):
        return None
    src = _pixel_value(ds, "PixelData")
    if src is None or isinstance(src, (str, list)) or hasattr(src, "read"):
        return None
    expected = rows * columns * samples * frames * dtype.itemsize
    if len(src) not in (expected, expected + expected % 2):
        return None
    if stored < allocated:
        flat = _native.native_pixels(
            src, 0, expected, "plain", bytes_per_sample=dtype.itemsize, bits_stored=stored, signed=bool(sign)
        )
    else:
        flat = _native.native_pixels(src, 0, expected, "plain")
    shape = (rows, columns) if samples == 1 else (rows, columns, samples)
    properties: dict[str, Any] = {
        "bits_allocated": allocated,
        "columns": columns,
        "number_of_frames": frames,
        "photometric_interpretation": str(colour),
        "rows": rows,
        "samples_per_pixel": samples,
    }
    if samples > 1:
        properties["planar_configuration"] = 0
    properties["bits_stored"] = stored
    properties["pixel_representation"] = sign
    return flat.view(dtype).reshape((frames, *shape) if frames > 1 else shape), properties
