"""pydicom's utilities against pydicom's own: ``util.codify``, ``dump``,
``hexutil``, ``leanread``, ``fixer``, the buffered encapsulation
(``encaps.EncapsulatedBuffer``) and ``data``/``examples``."""

import io
import os
import pathlib
import random

import pydicom
import pydicom.encaps
import pydicom.util.codify
import pydicom.util.dump
import pydicom.util.fixer
import pydicom.util.hexutil
import pydicom.util.leanread
import pytest

import rapidicom
import rapidicom.encaps
import rapidicom.util.codify
import rapidicom.util.dump
import rapidicom.util.fixer
import rapidicom.util.hexutil
import rapidicom.util.leanread

from . import reference_files

READABLE = [f for f in reference_files.AS_PYDICOM if not f.endswith((".gz", ".bz2", ".zip"))]


def _codify(lib, path, **options):
    ds = lib.dcmread(path, force=True)
    return lib.util.codify.code_file_from_dataset(ds, **options)


@pytest.mark.parametrize(
    "name,options",
    [
        ("rtplan.dcm", {}),
        ("nested_priv_SQ.dcm", {"include_private": True}),
        ("CT_small.dcm", {"exclude_size": 100}),
        ("chrFren.dcm", {}),
        ("rtstruct.dcm", {"exclude_size": 20, "include_private": True}),
        ("waveform_ecg.dcm", {"exclude_size": 100}),
        ("SC_rgb_rle_2frame.dcm", {"exclude_size": 100}),
    ],
)
def test_codify_writes_pydicoms_code_but_for_the_library_it_imports(name, options):
    path = pydicom.data.get_testdata_file(name) or str(pydicom.data.get_charset_files(name)[0])
    ours, theirs = _codify(rapidicom, path, **options), _codify(pydicom, path, **options)
    theirs = theirs.replace("import pydicom\n", "import rapidicom\n").replace("from pydicom.", "from rapidicom.")
    assert ours == theirs.replace("pydicom codify", "rapidicom codify")


def test_codified_code_runs_and_recreates_the_dataset(tmp_path):
    path = pydicom.data.get_testdata_file("rtplan.dcm")
    code = _codify(rapidicom, path) + f"\nds.save_as(r'{tmp_path / 'out.dcm'}', enforce_file_format=True)"
    exec(compile(code, "codified", "exec"), {})
    original, again = rapidicom.dcmread(path), rapidicom.dcmread(tmp_path / "out.dcm")
    assert [(e.tag, e.VR) for e in again] == [(e.tag, e.VR) for e in original]
    assert again.BeamSequence[0].ControlPointSequence[0].GantryAngle == 0


@pytest.mark.parametrize("path", READABLE[:30], ids=[pathlib.Path(f).name for f in READABLE[:30]])
def test_dumps_and_lean_reading_match(path):
    assert rapidicom.util.dump.filedump(path, 0, 400) == pydicom.util.dump.filedump(path, 0, 400)
    data = pathlib.Path(path).read_bytes()[:300]
    assert rapidicom.util.dump.datadump(data) == pydicom.util.dump.datadump(data)
    hexed = pydicom.util.hexutil.bytes2hex(data)
    assert rapidicom.util.hexutil.bytes2hex(data) == hexed
    assert rapidicom.util.hexutil.hex2bytes(hexed) == data == rapidicom.util.hexutil.hex2bytes(hexed.encode())

    def lean(lib):
        try:
            with lib.util.leanread.dicomfile(path) as f:
                return ("ok", f.preamble, list(f))
        except Exception as exc:
            return ("raised", type(exc).__name__, str(exc))

    assert lean(rapidicom) == lean(pydicom)


@pytest.mark.parametrize("separator,vrs", [(b":", ("DS", "IS")), (b" ", ("DS",)), (b",", ("IS", "CS"))])
def test_fixer_callbacks_fix_what_pydicoms_fix(separator, vrs):
    data = (
        b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100"
        b"\x18\x00\x50\x00DS\x0c\x001.0" + separator + b"2.0" + separator + b"3 "
        b"\x20\x00\x13\x00IS\x04\x001" + separator + b"2 "
    )
    results = []
    for lib in (rapidicom, pydicom):
        lib.util.fixer.fix_separator(separator, for_VRs=vrs)
        try:
            ds = lib.filereader.read_dataset(io.BytesIO(data), False, True)
            results.append([(str(e.tag), e.VR, str(e.value)) for e in ds])
        finally:
            lib.config.reset_data_element_callback()
    assert results[0] == results[1]


def _frames(seed):
    rng = random.Random(seed)
    return [bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 2, 7, 30, 31]))) for _ in range(rng.randint(1, 5))]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("use_bot", [False, True])
def test_encapsulated_buffers_read_as_pydicoms_at_every_offset(seed, use_bot):
    frames = _frames(seed)
    ours = rapidicom.encaps.encapsulate_buffer([io.BytesIO(f) for f in frames], has_bot=use_bot)
    theirs = pydicom.encaps.encapsulate_buffer([io.BytesIO(f) for f in frames], has_bot=use_bot)
    whole = theirs.read(None)
    assert ours.read(None) == whole
    assert (
        whole
        == pydicom.encaps.encapsulate(frames, has_bot=use_bot)
        == rapidicom.encaps.encapsulate(frames, has_bot=use_bot)
    )
    for attribute in ("lengths", "offsets", "extended_offsets", "extended_lengths", "basic_offset_table"):
        assert getattr(ours, attribute) == getattr(theirs, attribute)
    rng = random.Random(seed)
    for _ in range(40):
        start, size = rng.randint(0, len(whole) + 3), rng.randint(0, 20)
        ours.seek(start)
        theirs.seek(start)
        assert ours.read(size) == theirs.read(size)
        assert ours.tell() == theirs.tell()
    for item_ours, item_theirs in zip(ours._items, theirs._items):
        for start in range(item_theirs.length):
            assert item_ours.read(start, 5) == item_theirs.read(start, 5)
    extended = rapidicom.encaps.encapsulate_extended_buffer([io.BytesIO(f) for f in frames])
    expected = pydicom.encaps.encapsulate_extended_buffer([io.BytesIO(f) for f in frames])
    assert (extended[0].read(None), *extended[1:]) == (expected[0].read(None), *expected[1:])


def test_empty_frames_are_refused_as_pydicom_refuses_them():
    for lib in (rapidicom, pydicom):
        with pytest.raises(ValueError, match="Too many fragments requested"):
            lib.encaps.encapsulate([b"ab", b""])


def test_fragments_are_handed_out_before_a_bad_item_raises():
    data = b"\xfe\xff\x00\xe0\x00\x00\x00\x00\xfe\xff\x00\xe0\x02\x00\x00\x00ab\x10\x00\x10\x00\x00\x00\x00\x00"
    for lib in (rapidicom, pydicom):
        fp = io.BytesIO(data)
        fp.seek(8)
        fragments = lib.encaps.generate_fragments(fp)
        assert next(fragments) == b"ab"
        with pytest.raises(ValueError, match=r"Unexpected tag '\(0010,0010\)' at offset 18 "):
            next(fragments)


def test_pydicoms_files_are_found_where_a_user_has_them():
    # Names in pydicom's wheel and in pydicom-data (others would be downloaded).
    for name in ("CT_small.dcm", "rtplan.dcm", "693_UNCI.dcm", "DICOMDIR", "emri_small_jpeg_2k_lossless_too_short.dcm"):
        assert rapidicom.data.get_testdata_file(name) == pydicom.data.get_testdata_file(name), name
    assert rapidicom.data.get_testdata_files() == pydicom.data.get_testdata_files()
    assert rapidicom.data.get_testdata_file("JPGExtended.dcm", download=False) == pydicom.data.get_testdata_file(
        "JPGExtended.dcm", download=False
    )
    assert rapidicom.data.get_charset_files() == pydicom.data.get_charset_files()
    assert rapidicom.data.get_palette_files("*.dcm") == pydicom.data.get_palette_files("*.dcm")
    assert rapidicom.data.get_testdata_file("no such file.dcm") is None
    # Never one of rapidicom's samples under a name of pydicom's.
    for sample in rapidicom.data.get_sample_files():
        assert pydicom.data.get_testdata_file(os.path.basename(sample)) is None
    assert rapidicom.examples.get_path("ct") == pydicom.examples.get_path("ct")
    assert rapidicom.examples.ct.PatientName == pydicom.examples.ct.PatientName
