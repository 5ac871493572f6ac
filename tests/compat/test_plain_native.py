"""The short path of pixel_array (uncompressed little-endian data, no options) is
taken exactly where nothing of the full path applies, and gives the full path's
array; everywhere else the full path runs (its results against pydicom are
checked by test_pixels.py over the same matrix)."""

import io

import numpy as np
import pytest

import rapidicom
from rapidicom.pixels.plain_native import plain_native_array

from .pixels import image, matrix

MATRIX = matrix()


def _is_plain(case):
    colour = case["photometric"]
    plain_colour = colour in ("MONOCHROME1", "MONOCHROME2", "PALETTE COLOR") or (
        colour == "RGB" and case["planar"] == 0
    )
    return (
        case["syntax"] in ("implicit", "explicit", "deflated")
        and case.get("keyword", "PixelData") == "PixelData"
        and case["bits_allocated"] != 1
        and plain_colour
        and not case.get("extra")
    )


@pytest.mark.parametrize("case", [c for _, c in MATRIX], ids=[i for i, _ in MATRIX])
def test_short_path_only_where_plain_and_same_array(case):
    ds = rapidicom.dcmread(io.BytesIO(image(**case)))
    short = plain_native_array(ds)
    assert (short is not None) == _is_plain(case)
    if short is None:
        return
    # Any option sends pixel_array down the full path.
    full = rapidicom.pixels.pixel_array(ds, correct_unused_bits=True)
    assert (short.dtype, short.shape) == (full.dtype, full.shape)
    assert short.tobytes() == full.tobytes()
    assert short.flags.writeable and short.flags.c_contiguous
    assert np.array_equal(rapidicom.pixels.pixel_array(ds), short)


def _plain_ds():
    case = dict(
        syntax="explicit",
        bits_allocated=16,
        bits_stored=12,
        signed=1,
        samples=1,
        planar=0,
        frames=2,
        photometric="MONOCHROME2",
    )
    return rapidicom.dcmread(io.BytesIO(image(**case)))


@pytest.mark.parametrize(
    "change",
    [
        lambda ds: setattr(ds, "NumberOfFrames", 0),  # full path warns
        lambda ds: setattr(ds, "NumberOfFrames", None),
        lambda ds: setattr(ds, "Rows", 0),  # full path raises
        lambda ds: setattr(ds, "BitsStored", 17),
        lambda ds: setattr(ds, "PixelRepresentation", 2),
        lambda ds: setattr(ds, "PixelData", ds.PixelData[:-2]),  # too short
        lambda ds: setattr(ds, "PixelData", ds.PixelData + b"\0" * 70),  # excess frames
        lambda ds: delattr(ds, "BitsStored"),
        lambda ds: setattr(ds, "PhotometricInterpretation", "YBR_FULL"),
        lambda ds: setattr(ds.file_meta, "TransferSyntaxUID", rapidicom.uid.ExplicitVRBigEndian),
        lambda ds: delattr(ds.file_meta, "TransferSyntaxUID"),
    ],
)
def test_anything_unusual_takes_the_full_path(change):
    ds = _plain_ds()
    assert plain_native_array(ds) is not None
    change(ds)
    assert plain_native_array(ds) is None
