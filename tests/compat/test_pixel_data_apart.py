"""Large pixel data at the end of a file is read straight into its own bytes,
apart from the header (core::read_file::split): what users see is what pydicom
shows, whatever the encoding and whatever follows the pixel data."""

import copy
import io
import pickle
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

import rapidicom

from .reading import read

PIXEL_DATA = 0x7FE00010
PADDING = 0xFFFCFFFC


def _write_image(path: Path, syntax: str, padding: bytes | None, rows: int = 512) -> Path:
    """A CT-like image of `rows` x 512 16-bit pixels, with a sequence before the
    pixel data and, if given, trailing padding after it."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.PatientName = "Apart^Pixel"
    ds.SliceThickness = "2.5"
    item = Dataset()
    item.PatientID = "other"
    ds.OtherPatientIDsSequence = [item]
    ds.Rows, ds.Columns = rows, 512
    ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, 12, 11
    ds.PixelRepresentation = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    big = syntax == ExplicitVRBigEndian
    pixels = (np.arange(rows * 512) % 4000 - 2000).astype(">i2" if big else "<i2")
    ds.PixelData = pixels.tobytes()
    if padding is not None:
        ds.DataSetTrailingPadding = padding
    ds.save_as(path, implicit_vr=syntax == ImplicitVRLittleEndian, little_endian=not big, enforce_file_format=True)
    return path


SYNTAXES = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian]


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("padding", [None, b"\x00" * 126, b""])
def test_read_apart_as_pydicom_reads(tmp_path: Path, syntax: str, padding: bytes | None) -> None:
    path = _write_image(tmp_path / "image.dcm", syntax, padding)
    assert read(rapidicom, path) == read(pydicom, path)
    ours, theirs = rapidicom.dcmread(path), pydicom.dcmread(path)
    # The raw elements (value, length, value_tell) are pydicom's, before and after the gap.
    for tag in (PIXEL_DATA, PADDING):
        if tag in theirs:
            raw, expected = ours.get_item(tag), theirs.get_item(tag)
            assert type(raw).__name__ == type(expected).__name__
            if type(expected).__name__ == "RawDataElement":
                assert (raw.value, raw.length, raw.value_tell) == (expected.value, expected.length, expected.value_tell)
    assert np.array_equal(ours.pixel_array, theirs.pixel_array)


def test_pixel_data_is_read_apart(tmp_path: Path) -> None:
    """The value is the bytes object read for it: no view of the file buffer is
    left to copy from (a header-sized buffer is all the dataset keeps)."""
    path = _write_image(tmp_path / "image.dcm", ExplicitVRLittleEndian, b"\x00" * 10)
    ds = rapidicom.dcmread(path)
    store = ds._dict
    value = store.unread_bytes(PIXEL_DATA)
    assert type(value) is bytes
    assert store.buffer_len() < 4096
    assert ds.PixelData is value  # no copy made on use
    assert store.unread_bytes(PIXEL_DATA) is None  # used now
    small = _write_image(tmp_path / "small.dcm", ExplicitVRLittleEndian, None, rows=8)
    assert type(rapidicom.dcmread(small)._dict.unread_bytes(PIXEL_DATA)) is not bytes


@pytest.mark.parametrize("padding", [None, b"\x01" * 126])
def test_written_back_byte_for_byte(tmp_path: Path, padding: bytes | None) -> None:
    path = _write_image(tmp_path / "image.dcm", ExplicitVRLittleEndian, padding)
    original = path.read_bytes()
    for touch in (False, True):
        ds = rapidicom.dcmread(path)
        if touch:
            for elem in ds.iterall():
                elem.value
        out = io.BytesIO()
        ds.save_as(out)
        assert out.getvalue() == original
    ds = rapidicom.dcmread(path)
    assert ds.to_json() == pydicom.dcmread(path).to_json()


def test_copies_keep_the_pixel_data(tmp_path: Path) -> None:
    path = _write_image(tmp_path / "image.dcm", ExplicitVRLittleEndian, b"\x00" * 4)
    expected = pydicom.dcmread(path).PixelData
    assert copy.deepcopy(rapidicom.dcmread(path)).PixelData == expected
    assert pickle.loads(pickle.dumps(rapidicom.dcmread(path))).PixelData == expected


def test_the_file_may_change_after_reading(tmp_path: Path) -> None:
    """Everything is read by dcmread, as pydicom reads it: replacing or deleting
    the file afterwards changes nothing."""
    path = _write_image(tmp_path / "image.dcm", ExplicitVRLittleEndian, b"\x00" * 4)
    expected = pydicom.dcmread(path)
    ds = rapidicom.dcmread(path)
    _write_image(path, ImplicitVRLittleEndian, None, rows=300)
    path.unlink()
    assert ds.PixelData == expected.PixelData
    assert ds.DataSetTrailingPadding == expected.DataSetTrailingPadding
