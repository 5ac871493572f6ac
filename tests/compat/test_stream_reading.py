"""pydicom's lower-level readers against pydicom's own, on every reference file:
``data_element_generator`` (element by element), ``read_dataset`` (parsed
natively, and element by element for a callback the native reader does not
know), ``read_partial``, ``_read_file_meta_info`` and where each leaves the
file-like."""

import io
import pathlib
import warnings

import pydicom
import pydicom.filereader
import pytest

import rapidicom
import rapidicom.filereader

from . import reference_files
from .reading import describe_dataset, describe_value, exception_name

# The one deliberate deviation is tested in test_reading.py.
FILES = [f for f in reference_files.AS_PYDICOM if not f.endswith(("DICOMDIR", ".gz"))]
IDS = [pathlib.Path(f).name for f in FILES]


def _outcome(action):
    """(result, warnings) or ("raised", exception name, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("ok", action())
        except Exception as exc:
            result = ("raised", exception_name(exc))
    return result + (sorted({str(w.message).split(" in file ")[0] for w in caught}),)


def _dataset_start(lib, data):
    """(file-like at the start of the dataset, implicit VR, little endian) as
    read_partial works them out, or None for a deflated or odd file."""
    fp = io.BytesIO(data)
    lib.filereader.read_preamble(fp, True)
    meta = lib.filereader._read_file_meta_info(fp)
    lib.filereader._read_command_set_elements(fp)
    syntax = meta.get("TransferSyntaxUID")
    if syntax is None or not syntax.is_transfer_syntax or syntax.is_deflated:
        return None
    return fp, syntax.is_implicit_VR, syntax.is_little_endian


def _describe_elements(elements):
    described = []
    for elem in elements:
        if isinstance(elem, tuple):  # RawDataElement
            described.append(("raw", str(elem.tag), elem.VR, elem.length, elem.value, elem.value_tell))
        else:
            described.append(("element", str(elem.tag), elem.VR, elem.file_tell, describe_value(elem.value)))
    return described


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_data_element_generator_yields_what_pydicom_yields(path):
    data = pathlib.Path(path).read_bytes()

    def run(lib):
        start = _dataset_start(lib, data)
        if start is None:
            return None
        fp, implicit, little = start
        elements = _describe_elements(lib.filereader.data_element_generator(fp, implicit, little))
        return elements, fp.tell()

    assert _outcome(lambda: run(rapidicom)) == _outcome(lambda: run(pydicom))


def _stop_at_rows(tag, vr, length):
    return tag == 0x00280010


@pytest.mark.parametrize("how", ["native", "native_bytelength", "stop_at_pixels", "callback", "from_middle"])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_read_dataset_reads_what_pydicom_reads(path, how):
    data = pathlib.Path(path).read_bytes()

    def run(lib):
        start = _dataset_start(lib, data)
        if start is None:
            return None
        fp, implicit, little = start
        if how == "from_middle":  # a file-like that is not at 0 and has no getvalue
            fp = _Unseekable(data, fp.tell())
        options = {
            "native_bytelength": {"bytelength": max(0, len(data) - fp.tell() - 100)},
            "stop_at_pixels": {"stop_when": lib.filereader._at_pixel_data},
            "callback": {"stop_when": _stop_at_rows},
        }.get(how, {})
        ds = lib.filereader.read_dataset(fp, implicit, little, **options)
        return describe_dataset(ds), fp.tell(), ds.original_encoding, str(ds.original_character_set)

    assert _outcome(lambda: run(rapidicom)) == _outcome(lambda: run(pydicom))


class _Unseekable(io.RawIOBase):
    """A file-like over bytes, positioned at `start`, without getvalue."""

    def __init__(self, data, start):
        self._buffer = io.BytesIO(data)
        self._buffer.seek(start)

    def read(self, size=-1):
        return self._buffer.read(size)

    def seek(self, offset, whence=0):
        return self._buffer.seek(offset, whence)

    def tell(self):
        return self._buffer.tell()

    def readable(self):
        return True


@pytest.mark.parametrize("stop", [False, True], ids=["whole", "stop_before_pixels"])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_dcmread_leaves_a_file_like_where_pydicom_does(path, stop):
    data = pathlib.Path(path).read_bytes()

    def run(lib):
        fp = io.BytesIO(data)
        lib.dcmread(fp, stop_before_pixels=stop, force=True)
        return fp.tell()

    assert _outcome(lambda: run(rapidicom)) == _outcome(lambda: run(pydicom))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_read_partial_with_a_callback_reads_what_pydicom_reads(path):
    data = pathlib.Path(path).read_bytes()

    def run(lib):
        fp = io.BytesIO(data)
        ds = lib.filereader.read_partial(fp, _stop_at_rows, force=True)
        return describe_dataset(ds.file_meta), describe_dataset(ds), fp.tell(), ds.original_encoding

    assert _outcome(lambda: run(rapidicom)) == _outcome(lambda: run(pydicom))


@pytest.mark.parametrize("path", FILES[:40], ids=IDS[:40])
def test_read_file_meta_info_and_deferred_values_match(path):
    def meta(lib):
        return describe_dataset(lib.filereader.read_file_meta_info(path))

    assert _outcome(lambda: meta(rapidicom)) == _outcome(lambda: meta(pydicom))

    def deferred(lib):
        ds = lib.dcmread(path, defer_size=64, force=True)
        return [(str(e.tag), describe_value(e.value)) for e in ds]

    assert _outcome(lambda: deferred(rapidicom)) == _outcome(lambda: deferred(pydicom))


def test_stop_before_pixels_on_a_real_file_stops_at_the_pixel_data_element():
    # pydicom stops at byte 6,288 of CT_small.dcm's 39,206.
    path = pydicom.data.get_testdata_file("CT_small.dcm")
    with open(path, "rb") as f:
        rapidicom.dcmread(f, stop_before_pixels=True)
        assert f.tell() == 6288
        assert f.read(4) == b"\xe0\x7f\x10\x00"


def test_data_element_generator_streams_without_reading_ahead():
    # A file-like that counts what is read: the generator reads one element at
    # a time, so scanning stops reading where the caller stops.
    path = pydicom.data.get_testdata_file("CT_small.dcm")
    data = pathlib.Path(path).read_bytes()

    class Counting(io.BytesIO):
        taken = 0

        def read(self, size=-1):
            out = super().read(size)
            self.taken += len(out)
            return out

    fp = Counting(data)
    rapidicom.filereader.read_preamble(fp, False)
    rapidicom.filereader._read_file_meta_info(fp)
    before = fp.taken
    elements = rapidicom.filereader.data_element_generator(fp, False, True)
    first = next(elements)
    assert first.tag == 0x00080005
    assert fp.taken - before < 64
