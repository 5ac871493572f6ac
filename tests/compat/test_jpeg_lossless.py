"""JPEG Lossless (process 14) frames made by the test writer (`jpeg_writer`)
decode to the source, as pydicom + pylibjpeg-libjpeg decodes them: every
predictor, precisions from 2 to 16 bits."""

import io

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import JPEGLossless, JPEGLosslessSV1

import rapidicom

from .jpeg_writer import encode_lossless

pytest.importorskip("libjpeg")


def _file(frames, shape, bits, syntax):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns = shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits - 1, 0
    ds.NumberOfFrames = len(frames)
    ds.PixelData = encapsulate(frames)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


@pytest.mark.parametrize("bits", [2, 8, 12, 16])
@pytest.mark.parametrize("predictor", range(1, 8))
def test_lossless_frames_decode_to_the_source_as_pydicom_decodes_them(predictor, bits):
    rng = np.random.default_rng(predictor * 100 + bits)
    shape = (23, 31)
    y, x = np.mgrid[0 : shape[0], 0 : shape[1]]
    smooth = (x * 37 + y * 11) % (1 << bits)
    sources = [np.where(rng.random(shape) < 0.2, rng.integers(0, 1 << bits, shape), smooth) for _ in range(2)]
    syntax = JPEGLosslessSV1 if predictor == 1 else JPEGLossless
    data = _file([encode_lossless(s, bits, predictor) for s in sources], shape, bits, syntax)
    ours = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    reference = pydicom.dcmread(io.BytesIO(data))
    # pylibjpeg: GDCM (when installed) aborts the process on 2-bit frames.
    reference.pixel_array_options(decoding_plugin="pylibjpeg")
    theirs = reference.pixel_array
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)
    assert np.array_equal(ours, np.stack(sources))
