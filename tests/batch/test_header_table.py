"""Whole-header tables against pydicom: on pydicom's test files and on the
mixed corpus of tools/make_header_corpus.py (the 2,000 files the benchmark
uses), every cell of the table equals
pydicom's value of that attribute in that file (binary values by the bytes at
their offset), every attribute is in the table, sequences are nested columns
(or pydicom's DICOM JSON), and frame offsets fetch pydicom's frames."""

import json
import sys
import warnings
from pathlib import Path

import pyarrow as pa
import pydicom
import pytest
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.encaps import generate_frames

from rapidicom.batch.header_table import FILE_COLUMNS, header_table

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from make_header_corpus import write_corpus

_FILES = sorted(f for f in get_testdata_files() if f.endswith(".dcm"))
_BINARY = ("OB", "OW", "OD", "OF", "OL", "OV", "UN", "OB or OW", "US or OW", "US or SS or OW")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return [str(p) for p in write_corpus(tmp_path_factory.mktemp("mixed"), 2000)]


def column_name(elem, ds):
    """The column pydicom's element of `ds` belongs in (the table's naming rule)."""
    tag = elem.tag
    if tag.is_private:
        block = (tag.group << 16) | (tag.element >> 8)
        creator = ds[block].value if tag.element >= 0x1000 and block in ds else None
        if isinstance(creator, str) and creator.strip(" " + chr(0)):
            return f"{tag.group:04X}_{creator.strip(' ' + chr(0))}_{tag.element & 0xFF:02X}"
        return f"{int(tag):08X}"
    # Elements of repeating groups (curves, overlays) share their keyword: named by tag.
    entry = pydicom.datadict.DicomDictionary.get(int(tag))
    return entry[4] if entry and entry[4] else f"{int(tag):08X}"


def plain(value):
    """pydicom's value as the table holds it: empty as None, numbers and text plain."""
    if isinstance(value, pydicom.multival.MultiValue | list | tuple):
        return [plain(v) for v in value] or None
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


def _columns(elements):
    return [e for e in elements if e.tag.element != 0 and not e.tag.is_private_creator]


def compare_dataset(row, ds, data, types, where):
    """Each of pydicom's elements equals its cell; no cell is without one."""
    unfit = json.loads(row.get("unfit") or "{}")
    names = set()
    for elem in _columns(ds):
        name = column_name(elem, ds)
        names.add(name)
        here = f"{where} {name}"
        if name in unfit:  # a value the column's type cannot hold: kept as JSON
            assert row.get(name) is None, here
            expected = plain(elem.value)
            if not isinstance(expected, bytes) and elem.VR != "SQ":
                assert unfit[name] == expected, (here, unfit[name], expected)
            continue
        if name not in row:  # no file had a value for it
            assert plain(elem.value) is None and elem.VR != "SQ", here
            continue
        compare_cell(row[name], elem, data, types[name], here)
    extra = {k for k, v in row.items() if v is not None and k not in FILE_COLUMNS and k != "unfit"} - names
    assert not extra, (where, extra)


def compare_cell(cell, elem, data, kind, where):
    if elem.VR == "SQ":
        assert isinstance(cell, list) and len(cell) == len(elem.value), where
        if pa.types.is_null(kind.value_type):  # no item in any file has an attribute
            assert all(not _columns(item) for item in elem.value), where
            return
        item_types = {f.name: f.type for f in kind.value_type}
        for i, (ours, theirs) in enumerate(zip(cell, elem.value, strict=True)):
            compare_dataset(ours, theirs, data, item_types, f"{where}[{i}]")
        return
    value = elem.value
    if elem.VR in _BINARY and pa.types.is_struct(kind):
        if value is None or value == b"":
            assert cell is None or cell["length"] == 0, where
            return
        if isinstance(value, bytes):
            stored = cell["value"]
            if stored is None:
                assert cell["length"] == len(value), where
                if cell["offset"] is not None:  # a deflated dataset's values are not in the file
                    stored = data[cell["offset"] : cell["offset"] + cell["length"]]
            assert stored is None or stored == value, where
            return
    expected = plain(value)
    if pa.types.is_list(kind) and expected is not None and not isinstance(expected, list):
        expected = [expected]
    assert cell == expected, (where, cell, expected)


def check_files(paths, table):
    rows = table.to_pylist()
    types = {f.name: f.type for f in table.schema}
    assert [r["path"] for r in rows] == list(paths)
    for path, row in zip(paths, rows, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom's warnings about irregular values
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
            except Exception as exc:
                assert row["error"] is not None, (path, exc)
                continue
            assert row["error"] is None, (path, row["error"])
            compare_dataset(row, ds, Path(path).read_bytes(), types, path)


def test_every_cell_equals_pydicoms_on_its_test_files():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = header_table(_FILES)
    check_files(_FILES, table)


def test_every_cell_equals_pydicoms_on_the_mixed_corpus(mixed):
    table = header_table(mixed)
    check_files(mixed, table)
    # The mix is what the corpus promises: each kind, nested sequences, private blocks.
    modalities = set(table.column("Modality").to_pylist())
    assert {"CT", "MR", "RTSTRUCT", "RTPLAN", "RTDOSE", "SR"} <= modalities
    assert "0029_SIEMENS CSA HEADER_10" in table.column_names


def test_index_all_on_the_mixed_corpus_equals_pydicom(mixed, tmp_path):
    from rapidicom.batch.header_dataset import open_header_dataset
    from rapidicom.cli.main import main

    out = tmp_path / "index"
    assert main(["index", *mixed, "--all", "-o", str(out), "--rows-per-group", "64"]) == 0
    check_files(mixed, open_header_dataset(out).to_table())


def test_types_come_from_the_dictionary_not_the_values(mixed):
    one = header_table(mixed[:1])
    all_ = header_table(mixed)
    for name in set(one.column_names) & set(all_.column_names):
        if not pa.types.is_list(one.schema.field(name).type) or "Sequence" not in name:
            assert one.schema.field(name).type == all_.schema.field(name).type, name
    assert all_.schema.field("Rows").type == pa.int64()
    assert all_.schema.field("PixelSpacing").type == pa.list_(pa.float64())
    assert all_.schema.field("StudyDate").type == pa.string()  # dates stay DICOM text


def test_nested_sequences_are_queryable(mixed):
    import pyarrow.compute as pc

    table = header_table(mixed)
    sr = table.filter(pc.equal(table.column("Modality"), "SR"))
    groups = pc.list_flatten(sr.column("ContentSequence"))
    inner = pc.list_flatten(pc.struct_field(groups, "ContentSequence"))
    assert set(pc.struct_field(inner, "ValueType").to_pylist()) == {"CODE", "NUM", "TEXT"}


def test_sequences_as_json_text_are_pydicoms_json(mixed):
    files = [p for p in mixed if "sr_" in p or "rt_plan" in p][:20]
    table = header_table(files, sequences="json")
    for path, row in zip(files, table.to_pylist(), strict=True):
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        for elem in ds:
            if elem.VR == "SQ":
                ours = json.loads(row[elem.keyword])
                assert ours == [item.to_json_dict() for item in elem.value], (path, elem.keyword)


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
    (row,) = header_table([path]).to_pylist()
    ds = pydicom.dcmread(path)
    expected = list(generate_frames(ds.PixelData, number_of_frames=ds.get("NumberOfFrames", 1)))
    data = Path(path).read_bytes()
    assert len(row["frames"]) == len(expected)
    for frame, want in zip(row["frames"], expected, strict=True):
        fetched = data[frame["offset"] : frame["offset"] + frame["length"]]  # one range read
        fragments = [data[f["offset"] : f["offset"] + f["length"]] for f in frame["fragments"]]
        assert b"".join(fragments) == want
        assert fetched.startswith(fragments[0]) and fetched.endswith(fragments[-1])
    assert row["pixel_data"]["offset"] < row["frames"][0]["offset"]


def test_frames_of_the_mixed_corpus(mixed):
    files = [p for p in mixed if "_rle_" in p][:5]
    assert files
    for path, row in zip(files, header_table(files).to_pylist(), strict=True):
        ds = pydicom.dcmread(path)
        data = Path(path).read_bytes()
        frames = list(generate_frames(ds.PixelData, number_of_frames=ds.NumberOfFrames))
        got = [data[f["offset"] : f["offset"] + f["length"]] for f in row["frames"]]
        assert got == frames  # one fragment per frame: the range is the frame


def test_unreadable_files_are_rows_with_an_error(tmp_path):
    bad = tmp_path / "bad.dcm"
    bad.write_bytes(b"not dicom at all")
    table = header_table([str(bad), get_testdata_file("CT_small.dcm")])
    rows = table.to_pylist()
    assert rows[0]["error"] and rows[0]["size"] == 16 and rows[0]["Modality"] is None
    assert rows[1]["error"] is None and rows[1]["Modality"] == "CT"


def test_private_sequences_as_json_are_pydicoms_json():
    # Short binary values inside a sequence are InlineBinary, as pydicom writes them.
    path = get_testdata_file("nested_priv_SQ.dcm")
    (row,) = header_table([path], sequences="json").to_pylist()
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    for elem in ds:
        if elem.VR == "SQ":
            name = column_name(elem, ds)
            assert json.loads(row[name]) == [item.to_json_dict() for item in elem.value]
