"""Smoke test of an installed rapidicom wheel (run by tools/build-wheels in a fresh
virtual environment, without pydicom): read, pixels, write, JSON and a codec, on
the sample files the wheel ships."""

import io
import sys

import numpy as np

import rapidicom
from rapidicom.data import get_testdata_file
from rapidicom.uid import RLELossless

ct = rapidicom.dcmread(get_testdata_file("sample_ct.dcm"))
assert ct.Modality == "CT", ct.Modality
pixels = ct.pixel_array
assert pixels.shape == (ct.Rows, ct.Columns), pixels.shape

# Written and read back: the same elements and pixels.
out = io.BytesIO()
ct.save_as(out)
again = rapidicom.dcmread(io.BytesIO(out.getvalue()))
assert again == ct
assert np.array_equal(again.pixel_array, pixels)

# DICOM JSON both ways.
from_json = rapidicom.Dataset.from_json(ct.to_json(bulk_data_threshold=1 << 30))
assert from_json.PatientName == ct.PatientName and from_json.PixelData == ct.PixelData

# The built-in RLE codec: the shipped RLE sample decodes to the uncompressed
# sample's pixels, and compressing those decodes back to them.
rle = rapidicom.dcmread(get_testdata_file("sample_ct_rle.dcm"))
assert np.array_equal(rle.pixel_array, pixels)
ct.compress(RLELossless)
out = io.BytesIO()
ct.save_as(out)
compressed = rapidicom.dcmread(io.BytesIO(out.getvalue()))
assert compressed.file_meta.TransferSyntaxUID == RLELossless
assert np.array_equal(compressed.pixel_array, pixels)

print(f"rapidicom {rapidicom.__version__} on Python {sys.version.split()[0]}: read, pixels, write, JSON, RLE ok")
