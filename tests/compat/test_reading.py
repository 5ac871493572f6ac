"""Every file pydicom's wheel installs, read by both libraries: the same success
or failure, the same elements at every depth (tag, VR, VM, name, value and its
type), the same file meta, encodings and warnings."""

import gc
import io
import pathlib
import warnings
import weakref

import pydicom
import pytest
from pydicom.data import get_testdata_file

import rapidicom
import rapidicom.data

from . import reference_files
from .reading import read

FILES = reference_files.AS_PYDICOM


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("path", FILES, ids=[pathlib.Path(f).name for f in FILES])
def test_every_reference_file_reads_the_same(path, force):
    assert read(rapidicom, path, force=force) == read(pydicom, path, force=force)


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_file_ending_inside_undefined_length_pixel_data_keeps_what_was_read(force):
    # Deliberate deviation (docs/deviations.md): pydicom warns and returns an
    # empty dataset; we warn alike and keep every element read before the
    # Pixel Data (which, having no end, is not kept).
    path = get_testdata_file(reference_files.ENDS_INSIDE_PIXEL_DATA)
    ours, theirs = read(rapidicom, path, force=force), read(pydicom, path, force=force)
    assert ours[0] == theirs[0] == "ok"
    assert ours[1] == theirs[1]  # file meta
    assert ours[-1] == theirs[-1]  # the warnings
    assert theirs[2] == []
    with pytest.warns(UserWarning, match=r"End of file reached before delimiter \(FFFE,E0DD\)"):
        full = rapidicom.dcmread(path, force=force)
    assert "PixelData" not in full and len(full) == len(ours[2]) == 130
    assert full.Rows == 64 and list(full)[-1].tag < 0x7FE00010
    # A file-like is left where pydicom leaves it: where the Pixel Data value starts.
    positions = []
    for lib in (rapidicom, pydicom):
        with open(path, "rb") as f, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lib.dcmread(f, force=force)
            positions.append(f.tell())
    assert positions[0] == positions[1] == 2352


SAMPLES = rapidicom.data.get_sample_files()


@pytest.mark.parametrize("path", SAMPLES, ids=[pathlib.Path(f).name for f in SAMPLES])
def test_every_shipped_sample_reads_the_same(path):
    """Ours cover what the wheel's files do not: UTF-8, ISO 2022 Japanese with
    escape sequences, Latin-1, deflate, big endian, implicit private sequences."""
    assert read(rapidicom, path) == read(pydicom, path)


OPTION_FILES = ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
                "nested_priv_SQ.dcm", "ExplVR_BigEndNoMeta.dcm", "SC_rgb_rle.dcm", "reportsi.dcm", "waveform_ecg.dcm"]  # fmt: skip
OPTIONS = {
    "stop_before_pixels": {"stop_before_pixels": True},
    "specific_tags": {"specific_tags": ["PatientName", 0x00280010, (0x0020, 0x0032), "SpecificCharacterSet"]},
    "defer_size": {"defer_size": 64},
    "defer_size_text": {"defer_size": "1 KB"},
}


@pytest.mark.parametrize("option", sorted(OPTIONS))
@pytest.mark.parametrize("name", OPTION_FILES)
def test_reading_options_match(name, option):
    path = get_testdata_file(name)
    kwargs = dict(OPTIONS[option], force=True)
    assert read(rapidicom, path, **kwargs) == read(pydicom, path, **kwargs)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p,
        lambda p: pathlib.Path(p),
        lambda p: io.BytesIO(pathlib.Path(p).read_bytes()),
        lambda p: open(p, "rb"),
    ],
    ids=["str", "Path", "BytesIO", "file"],
)
def test_every_kind_of_source(make):
    path = get_testdata_file("rtplan.dcm")
    expected = read(pydicom, path)
    source = make(path)
    try:
        assert read(rapidicom, source) == expected
    finally:
        if hasattr(source, "close"):
            source.close()


def test_bytes_and_memoryview_sources():
    path = get_testdata_file("CT_small.dcm")
    data = pathlib.Path(path).read_bytes()
    expected = read(pydicom, path)[1:3]
    for source in (data, bytearray(data), memoryview(data)):
        assert read(rapidicom, source)[1:3] == expected


def test_file_dataset_attributes_match():
    path = get_testdata_file("CT_small.dcm")
    ours, theirs = rapidicom.dcmread(path), pydicom.dcmread(path)
    for attr in ("filename", "preamble", "timestamp", "is_little_endian", "is_implicit_VR", "original_encoding"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert type(ours).__name__ == "FileDataset" and type(ours.file_meta).__name__ == "FileMetaDataset"
    with open(path, "rb") as f:
        ours_file, theirs_file = rapidicom.dcmread(f), pydicom.dcmread(path)
        assert ours_file.filename == theirs_file.filename


def test_raw_elements_are_visible_as_in_pydicom():
    path = get_testdata_file("rtplan.dcm")
    ours, theirs = rapidicom.dcmread(path), pydicom.dcmread(path)
    ours_raw = [(type(e).__name__, str(e.tag), e.VR, e.length if hasattr(e, "length") else None)
                for e in ours.elements()]  # fmt: skip
    theirs_raw = [(type(e).__name__, str(e.tag), e.VR, e.length if hasattr(e, "length") else None)
                  for e in theirs.elements()]  # fmt: skip
    assert ours_raw == theirs_raw
    raw_ours, raw_theirs = ours.get_item("PatientName"), theirs.get_item("PatientName")
    assert tuple(raw_ours) == tuple(raw_theirs)


def test_deferred_values_are_read_on_use(tmp_path):
    path = tmp_path / "ct.dcm"
    path.write_bytes(pathlib.Path(get_testdata_file("CT_small.dcm")).read_bytes())
    ds = rapidicom.dcmread(path, defer_size=256)
    assert ds.get_item(0x7FE00010, keep_deferred=True).value is None
    assert ds.PixelData == pydicom.dcmread(path).PixelData


def test_missing_preamble_needs_force():
    data = pathlib.Path(get_testdata_file("CT_small.dcm")).read_bytes()[132:]
    with pytest.raises(rapidicom.errors.InvalidDicomError, match="force=True"):
        rapidicom.dcmread(data)
    with pytest.raises(pydicom.errors.InvalidDicomError, match="force=True"):
        pydicom.dcmread(io.BytesIO(data))
    assert read(rapidicom, data, force=True)[1:3] == read(pydicom, io.BytesIO(data), force=True)[1:3]


def test_not_a_source():
    with pytest.raises(TypeError, match="Expected a file path, file-like or readable buffer, but got int"):
        rapidicom.dcmread(5)


CONFIG_FILES = ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "nested_priv_SQ.dcm", "reportsi.dcm",
                "SC_rgb_rle.dcm", "waveform_ecg.dcm", "ExplVR_BigEndNoMeta.dcm"]  # fmt: skip
CONFIGS = {
    "datetime_conversion": lambda lib: setattr(lib.config, "datetime_conversion", True),
    "DS_decimal": lambda lib: lib.config.DS_decimal(True),
    "none_as_empty": lambda lib: setattr(lib.config, "use_none_as_empty_text_VR_value", True),
    "strict": lambda lib: setattr(lib.config.settings, "reading_validation_mode", lib.config.RAISE),
    "ignore": lambda lib: setattr(lib.config.settings, "reading_validation_mode", lib.config.IGNORE),
    "keep_un": lambda lib: setattr(lib.config, "replace_un_with_known_vr", False),
    "callback": lambda lib: setattr(lib.config, "data_element_callback", lambda raw, **kw: raw),
    "DS_numpy": lambda lib: lib.config.DS_numpy(True),
    "IS_numpy": lambda lib: setattr(lib.config, "use_IS_numpy", True),
    "no_sq_inference": lambda lib: setattr(lib.config.settings, "infer_sq_for_un_vr", False),
}


def _reset(lib):
    lib.config.datetime_conversion = False
    lib.config.DS_decimal(False)
    lib.config.use_none_as_empty_text_VR_value = False
    lib.config.settings.reading_validation_mode = None
    lib.config.replace_un_with_known_vr = True
    lib.config.data_element_callback = None
    lib.config.DS_numpy(False)
    lib.config.use_IS_numpy = False
    lib.config.settings.infer_sq_for_un_vr = True


@pytest.mark.parametrize("setting", sorted(CONFIGS))
@pytest.mark.parametrize("name", CONFIG_FILES)
def test_config_settings_change_values_as_in_pydicom(name, setting):
    path = get_testdata_file(name)
    results = []
    for lib in (pydicom, rapidicom):
        CONFIGS[setting](lib)
        try:
            results.append(read(lib, path, force=True))
        finally:
            _reset(lib)
    assert results[1] == results[0]


def _big_file(tmp_path, header_bytes: int, pixel_bytes: int):
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.add_new(0x00091001, "OB", b"\x01" * header_bytes)  # a large private value before the pixels
    ds.PixelData = b"\x02" * pixel_bytes
    path = tmp_path / "big.dcm"
    ds.save_as(path)
    return path


@pytest.mark.parametrize("header_bytes", [10, 700_000], ids=["small-header", "header-over-first-chunk"])
def test_stop_before_pixels_on_large_files(tmp_path, header_bytes):
    path = _big_file(tmp_path, header_bytes, 3_000_000)
    expected = read(pydicom, path, stop_before_pixels=True)
    assert read(rapidicom, path, stop_before_pixels=True) == expected
    assert read(rapidicom, path) == read(pydicom, path)


def test_missing_files_and_folders_fail_as_in_pydicom(tmp_path):
    from .outcome import assert_same

    assert_same(lambda lib: lib.dcmread(str(tmp_path / "missing.dcm")), FileNotFoundError)
    assert_same(lambda lib: lib.dcmread(str(tmp_path)), IsADirectoryError)


@pytest.mark.filterwarnings("ignore::UserWarning")  # some wheel files are irregular: both ways warn alike
def test_read_many_gives_what_dcmread_gives(tmp_path):
    paths = rapidicom.data.get_sample_files() + FILES[:40]
    for kwargs in ({}, {"stop_before_pixels": True}, {"specific_tags": ["PatientName", "Rows"]}):
        kwargs["force"] = True
        expected = [rapidicom.dcmread(p, **kwargs) for p in paths]
        for threads in (None, 1, 3):
            got = list(rapidicom.read_many(iter(paths), threads=threads, **kwargs))
            assert [str(d) for d in got] == [str(d) for d in expected]
            assert [d.filename for d in got] == [d.filename for d in expected]


def test_read_many_keeps_order_across_read_ahead_batches_and_stops_early():
    # More files than the first batch and one full batch: three reads, each
    # started while the previous batch is handed out.
    names = ["sample_rtplan.dcm", "sample_ct.dcm", "sample_mr.dcm"]
    paths = [rapidicom.data.get_sample_file(names[i % 3]) for i in range(32 + 256 + 5)]
    got = [(ds.filename, ds.SOPInstanceUID) for ds in rapidicom.read_many(paths, stop_before_pixels=True)]
    uids = {p: rapidicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in set(paths)}
    assert got == [(p, uids[p]) for p in paths]
    # A caller that stops early leaves no reader behind to wait for.
    reader = rapidicom.read_many(paths)
    first = [next(reader) for _ in range(40)]
    reader.close()
    assert [ds.filename for ds in first] == paths[:40]


def test_read_many_frees_each_dataset_the_caller_drops():
    # Held by the batch, every dataset and the values made from it would live
    # until the whole batch was handed out (and reach the GC's old generation).
    paths = [rapidicom.data.get_sample_file("sample_ct.dcm")] * 40
    gc.disable()
    try:
        freed, previous = [], None
        for ds in rapidicom.read_many(paths, stop_before_pixels=True):
            if previous is not None:
                freed.append(previous() is None)
            previous = weakref.ref(ds["PatientName"])
            del ds
    finally:
        gc.enable()
    assert freed == [True] * 39


def test_read_many_reports_each_failure(tmp_path):
    bad = tmp_path / "not.dcm"
    bad.write_bytes(b"not dicom")
    good = rapidicom.data.get_sample_file("sample_rtplan.dcm")
    out = list(rapidicom.read_many([good, bad, tmp_path / "missing.dcm", good], return_exceptions=True))
    assert [type(o).__name__ for o in out] == ["FileDataset", "InvalidDicomError", "FileNotFoundError", "FileDataset"]
    with pytest.raises(rapidicom.errors.InvalidDicomError):
        list(rapidicom.read_many([good, bad]))


@pytest.mark.parametrize("as_bytes", [False, True], ids=["path", "bytes"])
def test_dcmread_builds_what_the_file_dataset_constructor_builds(as_bytes):
    path = rapidicom.data.get_sample_file("sample_rtplan.dcm")
    source = pathlib.Path(path).read_bytes() if as_bytes else path
    fast = rapidicom.dcmread(source)
    implicit, little = fast.original_encoding
    slow = rapidicom.FileDataset(source, fast._dict, fast.preamble, fast.file_meta, implicit, little)
    assert list(vars(fast)) == list(vars(slow))
    differing = {k for k in vars(fast) if vars(fast)[k] != vars(slow)[k]}
    assert differing <= {"_read_charset"}  # worked out on first use
    assert fast.original_character_set == slow._character_set
