"""Whole-header rows (`_native.header_rows`) against pydicom over its test files:
values decoded natively equal pydicom's, sequences hold their items, bulk data and
frames fetch the bytes pydicom gives."""

import warnings

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.encaps import generate_frames

from rapidicom import _native
from rapidicom.filereader import _read_options

_PYTHON = object()
_FILES = sorted(
    f for f in __import__("pydicom.data", fromlist=["get_testdata_files"]).get_testdata_files() if f.endswith(".dcm")
)


def _rows(paths):
    return _native.header_rows(list(paths), 2, _read_options(False, True, None, None), 1024, _PYTHON)


def plain_value(value):
    """pydicom's value as a table cell holds it (rapidicom.batch.table's rules)."""
    if isinstance(value, pydicom.multival.MultiValue | list | tuple):
        items = [plain_value(v) for v in value]
        return items or None
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, pydicom.valuerep.PersonName):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _empty_as_none(value):
    """Empty text as a table holds it (None), as `plain_value` makes pydicom's."""
    if isinstance(value, list):
        return [_empty_as_none(v) for v in value] or None
    return None if value == "" else value


def _compare(attributes, ds, where):
    for attr in attributes:
        value = attr.value
        if value is _PYTHON:
            continue
        elem = ds[attr.tag]
        if isinstance(value, _native.BulkData):
            assert elem.VR in ("OB", "OW", "OD", "OF", "OL", "OV", "UN", "OB or OW", "US or OW"), where
            if value.offset is not None and elem.value is not None:
                assert len(elem.value) == value.length, where
            continue
        if elem.VR == "SQ":
            assert isinstance(value, list) and len(value) == len(elem.value), (where, attr.name)
            for i, (ours, theirs) in enumerate(zip(value, elem.value, strict=True)):
                _compare(ours, theirs, f"{where} {attr.name}[{i}]")
            continue
        assert _empty_as_none(value) == plain_value(elem.value), (where, attr.name, value, elem.value)


@pytest.mark.parametrize("path", _FILES, ids=[f.rsplit("/", 1)[-1] for f in _FILES])
def test_native_values_equal_pydicoms(path):
    (row,) = _rows([path])
    if isinstance(row, BaseException):
        pytest.skip(f"not read natively: {row}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path, stop_before_pixels=True)
    names = [a.name for a in row.attributes]
    assert len(names) == len(set(names))
    _compare(row.attributes, ds, path)


@pytest.mark.parametrize(
    "name",
    [
        "SC_rgb_rle_2frame.dcm",
        "emri_small_jpeg_2k_lossless.dcm",
        "JPEG2000.dcm",
        "MR_small_RLE.dcm",
        "color3d_jpeg_baseline.dcm",
    ],
)
def test_frame_offsets_fetch_pydicoms_frames(name):
    path = get_testdata_file(name)
    (row,) = _rows([path])
    ds = pydicom.dcmread(path)
    expected = list(generate_frames(ds.PixelData, number_of_frames=ds.get("NumberOfFrames", 1)))
    with open(path, "rb") as f:
        data = f.read()
    frames = row.pixels.frames
    assert len(frames) == len(expected)
    for frame, want in zip(frames, expected, strict=True):
        assert b"".join(data[o : o + n] for o, n in frame) == want


def test_a_dataset_is_written_in_parts_as_attributes_appear_and_resumed(tmp_path):
    import pyarrow.dataset as pads

    from rapidicom.batch.header_table import write_header_dataset

    files = _FILES[:60]
    out = tmp_path / "table"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert write_header_dataset(files, out, rows_per_group=20, groups_per_part=2) == len(files)
        parts = sorted(p.name for p in out.iterdir())
        assert len(parts) >= 2 and all(p.endswith(".parquet") for p in parts)
        # Run again: every file is there already.
        assert write_header_dataset(files, out, rows_per_group=20) == 0
        # An interrupted part (left as .tmp) and a lost part are made again.
        (out / parts[-1]).rename(out / (parts[-1] + ".tmp"))
        assert write_header_dataset(files, out, rows_per_group=20) > 0
    paths = pads.dataset(out, format="parquet").to_table(columns=["path"]).column("path").to_pylist()
    assert sorted(paths) == sorted(files)
