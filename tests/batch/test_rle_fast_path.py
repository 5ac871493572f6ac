"""`convert --syntax rle`'s native path (`_native.rle_files`) against the Python
path it stands in for (dcmread + compress + dcmwrite): the same bytes for every
file it takes, and no file taken that the Python path would treat differently."""

import io
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.sequence import Sequence

import rapidicom
from rapidicom import _native
from rapidicom.batch import tasks
from rapidicom.batch.files import expand
from rapidicom.batch.runner import run
from rapidicom.filereader import _read_options

UID = "1.2.826.0.1.3680043.8.498.4242424242"  # odd length: padded on writing
RLE = "1.2.840.10008.1.2.5"


def _python_path(path: Path, uid: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = rapidicom.dcmread(path)
        ds.compress(RLE, generate_instance_uid=False)
        ds.SOPInstanceUID = uid
        ds.file_meta.MediaStorageSOPInstanceUID = uid
        out = io.BytesIO()
        rapidicom.dcmwrite(out, ds)
    return out.getvalue()


def _native_path(path: Path, uid: str = UID) -> bytes | None:
    return _native.rle_files([str(path)], [uid], _read_options(False, False, None, None))[0]


def _ct(ds):
    return ds


def _implicit(ds):
    # Private and ambiguous-VR elements and sequences need Python when read
    # with implicit VR.
    ds.remove_private_tags()
    for keyword in (
        "SmallestImagePixelValue",
        "LargestImagePixelValue",
        "PixelPaddingValue",
        "OtherPatientIDsSequence",
    ):
        ds.pop(keyword, None)
    ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
    return ds


def _no_group_length(ds):
    del ds.file_meta.FileMetaInformationGroupLength
    return ds


def _no_instance_uids(ds):
    del ds.SOPInstanceUID
    del ds.file_meta.MediaStorageSOPInstanceUID
    return ds


def _with_sequence(ds):
    item = pydicom.Dataset()
    item.ReferencedSOPInstanceUID = "1.2.3.4"
    ds.ReferencedImageSequence = Sequence([item])
    return ds


def _eight_bit_frames(ds):
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.NumberOfFrames = 3
    ds.PixelData = (np.arange(3 * 128 * 128) % 251).astype(np.uint8).tobytes()
    return ds


def _rgb(ds):
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = (np.arange(128 * 128 * 3) % 199).astype(np.uint8).tobytes()
    return ds


def _padded_pixels(ds):
    ds.PixelData = ds.PixelData + b"\x00\x00"  # a trailing extra, left out
    return ds


def _eight_of_sixteen_bits(ds):
    # pydicom's own encoder writes half the data here (see encoders/base.py).
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelData = (np.frombuffer(ds.PixelData, "<i2") & 0x7F).astype("<i2").tobytes()
    return ds


TAKEN: dict[str, Callable] = {
    "ct": _ct,
    "implicit": _implicit,
    "no_group_length": _no_group_length,
    "no_instance_uids": _no_instance_uids,
    "sequence": _with_sequence,
    "eight_bit_frames": _eight_bit_frames,
    "rgb": _rgb,
    "padded_pixels": _padded_pixels,
    "eight_of_sixteen_bits": _eight_of_sixteen_bits,
}


def _planar_one(ds):
    _rgb(ds)
    ds.PlanarConfiguration = 1
    return ds


def _short_pixels(ds):
    ds.PixelData = ds.PixelData[:-100]
    return ds


def _charset(ds):
    ds.SpecificCharacterSet = "ISO_IR 144"  # ASCII-compatible, but not on the short list
    return _implicit(ds)


def _bad_frames(ds):
    ds.NumberOfFrames = 0
    return ds


def _syntax(uid: str) -> Callable:
    def change(ds):
        ds.file_meta.TransferSyntaxUID = uid
        return ds

    return change


LEFT_TO_PYTHON: dict[str, Callable] = {
    "planar_one": _planar_one,
    "big_endian": _syntax(pydicom.uid.ExplicitVRBigEndian),
    "deflated": _syntax(pydicom.uid.DeflatedExplicitVRLittleEndian),
    "short_pixels": _short_pixels,
    "charset": _charset,
    "bad_frames": _bad_frames,
    "implicit_with_private_tags": _syntax(pydicom.uid.ImplicitVRLittleEndian),
}


def _make(folder: Path, name: str, change: Callable) -> Path:
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))  # 128x128, 16 bits
    ds = change(ds)
    path = folder / f"{name}.dcm"
    pydicom.dcmwrite(path, ds)
    return path


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_taken_files_give_the_python_paths_bytes(tmp_path, name):
    path = _make(tmp_path, name, TAKEN[name])
    native = _native_path(path)
    assert native is not None
    assert native == _python_path(path, UID)


@pytest.mark.parametrize("name", sorted(LEFT_TO_PYTHON))
def test_other_files_are_left_to_python(tmp_path, name):
    assert _native_path(_make(tmp_path, name, LEFT_TO_PYTHON[name])) is None


def test_pydicom_sample_files_taken_give_the_same_bytes():
    paths = sorted(Path(get_testdata_file("CT_small.dcm")).parent.glob("*.dcm"))
    taken = [p for p in paths if _native_path(p) is not None]
    assert len(taken) >= 5
    for path in taken:
        assert _native_path(path) == _python_path(path, UID), path.name


def test_unreadable_files_are_left_to_python(tmp_path):
    (tmp_path / "text.dcm").write_text("not DICOM")
    assert _native_path(tmp_path / "text.dcm") is None
    assert _native_path(tmp_path / "missing.dcm") is None


def test_a_batch_mixing_both_paths_decodes_to_the_source_pixels(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for name, change in {**TAKEN, **LEFT_TO_PYTHON}.items():
        _make(source, name, change)
    out = tmp_path / "out"
    summary = run(tasks.convert, expand([source]), str(out), {"syntax": "rle"}, action="converted", progress=False)
    failed = dict(summary.failed)
    assert set(Path(p).stem for p in failed) == {"short_pixels", "bad_frames"}  # as pydicom
    for path in sorted(out.rglob("*.dcm")):
        before = pydicom.dcmread(source / path.name)
        after = pydicom.dcmread(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom's notes on padded or odd sources
            before.pixel_array
        assert after.file_meta.TransferSyntaxUID == RLE
        assert after.SOPInstanceUID == after.file_meta.MediaStorageSOPInstanceUID != before.get("SOPInstanceUID")
        assert np.array_equal(after.pixel_array, before.pixel_array), path.name


def test_the_batch_converter_takes_the_native_path_with_default_settings(tmp_path, monkeypatch):
    # Files the native path takes never reach the per-file Python `convert`.
    source = tmp_path / "in"
    source.mkdir()
    for name, change in TAKEN.items():
        _make(source, name, change)

    def python_path(*args, **kwargs):
        raise AssertionError("the Python path converted a file the native path takes")

    monkeypatch.setattr(tasks, "convert", python_path)
    python_path.over_chunk = tasks._convert_chunk
    summary = run(
        tasks.convert, expand([source]), str(tmp_path / "out"), {"syntax": "rle"}, action="converted", progress=False
    )
    assert not summary.failed
    assert len(list((tmp_path / "out").rglob("*.dcm"))) == len(TAKEN)
