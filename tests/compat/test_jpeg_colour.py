"""Lossy colour JPEG baseline (YBR_FULL_422 and YBR_FULL): with default options
our RGB is what pydicom gives with its default plugin order (GDCM first, then
pylibjpeg, then Pillow; all three pinned in the test extras) to within 1 level.
Frames are built here with Pillow's encoder in each chroma subsampling."""

import io
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import JPEGBaseline8Bit

import rapidicom

PIL = pytest.importorskip("PIL.Image")
pytest.importorskip("gdcm")

# Pillow's subsampling: 0 is 4:4:4, 1 is 4:2:2, 2 is 4:2:0.
SUBSAMPLING = {"444": (0, "YBR_FULL"), "422": (1, "YBR_FULL_422"), "420": (2, "YBR_FULL_422")}


def _image(rows, columns, seed):
    """Smooth colour gradients with noise and sharp edges: chroma that changes
    between neighbouring pixels, where upsampling and rounding show."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:columns]
    arr = np.stack([x * 255 / columns, y * 255 / rows, (x + y) * 127 / (rows + columns)], axis=-1)
    arr[rows // 3 : rows // 2, columns // 4 :: 7] = (250, 10, 60)
    arr += rng.normal(0, 12, arr.shape)
    return np.clip(arr, 0, 255).astype(np.uint8)


def _file(arr, subsampling, quality, frames=1):
    mode, pi = SUBSAMPLING[subsampling]
    encoded = []
    for i in range(frames):
        out = io.BytesIO()
        PIL.fromarray(np.roll(arr, i * 5, axis=1)).save(out, "JPEG", quality=quality, subsampling=mode)
        encoded.append(out.getvalue())
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns = arr.shape[:2]
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, pi, 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.NumberOfFrames = frames
    ds.PixelData = pydicom.encaps.encapsulate(encoded)
    ds["PixelData"].VR = "OB"
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _largest_difference(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype
    return int(np.abs(a.astype(int) - b.astype(int)).max())


CASES = [(s, q, f) for s in SUBSAMPLING for q in (50, 90) for f in (1, 3)]


@pytest.mark.parametrize("subsampling, quality, frames", CASES)
def test_rgb_is_within_one_level_of_pydicoms_default_plugin_order(subsampling, quality, frames):
    data = _file(_image(61, 83, quality), subsampling, quality, frames)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pydicom.dcmread(io.BytesIO(data)).pixel_array
        ours = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    assert _largest_difference(ours, theirs) <= 1
    # GDCM and Pillow (libjpeg-turbo) are named too: the same within 1.
    for plugin in ("gdcm", "pillow"):
        named = pydicom.pixels.pixel_array(pydicom.dcmread(io.BytesIO(data)), decoding_plugin=plugin)
        assert _largest_difference(ours, named) <= 1, plugin


@pytest.mark.parametrize("subsampling", SUBSAMPLING)
def test_the_colour_conversion_during_decoding_is_pydicoms_within_one(subsampling):
    # The YCbCr we decode, converted by pydicom's own function, against the RGB
    # we give by default (libjpeg-turbo converts while decoding).
    data = _file(_image(64, 64, 7), subsampling, 75)
    ds = rapidicom.dcmread(io.BytesIO(data))
    ycbcr = rapidicom.pixels.pixel_array(ds, raw=True)
    converted = pydicom.pixels.convert_color_space(ycbcr, "YBR_FULL", "RGB")
    assert _largest_difference(ds.pixel_array, converted) <= 1
