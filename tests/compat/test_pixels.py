"""pixel_array against pydicom (with pylibjpeg-rle installed) on every file its
wheel installs, every shipped sample and a generated matrix of Image Pixel
attributes: identical arrays (dtype with byte order, shape, bytes), or the same
exception, and the same warnings."""

import io
import pathlib

import numpy as np
import pydicom
import pytest

import rapidicom
import rapidicom.data

from . import reference_files
from .pixels import image, matrix, pixel_outcome

DECODABLE = {
    "1.2.840.10008.1.2",
    "1.2.840.10008.1.2.1",
    "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.5",
    # Built-in decoders of the JPEG family.
    "1.2.840.10008.1.2.4.50",
    "1.2.840.10008.1.2.4.51",
    "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70",
    "1.2.840.10008.1.2.4.80",
    "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90",
    "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.4.201",
    "1.2.840.10008.1.2.4.202",
    "1.2.840.10008.1.2.4.203",
}


def _syntax(path):
    """The transfer syntax of a file with pixel data (None without)."""
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception:
        return None
    if not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        return "no pixel data"
    return str(ds.get("file_meta", {}).get("TransferSyntaxUID", ""))


FILES = reference_files.WHEEL + rapidicom.data.get_sample_files()
DECODED_FILES = [f for f in FILES if _syntax(f) in DECODABLE]
OTHER_FILES = [f for f in FILES if _syntax(f) not in DECODABLE | {None, "no pixel data", ""}]
MATRIX = matrix()


PLUGIN_FAILURE = "Unable to decode as exceptions were raised by all available plugins"


# Lossy JPEG (DCT): libjpeg-turbo here, pydicom's default plugin order there
# (GDCM first: python-gdcm is pinned in the test extras); decoded samples may
# differ by 1 (the decoders round lossy colour JPEG differently).
LOSSY_JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}


def _within(ours, theirs, tolerance):
    """Outcomes equal but for array samples that differ by at most `tolerance`."""
    if isinstance(ours, tuple) and len(ours) == 4 and ours[0] == "array":
        if ours[:3] != theirs[:3]:
            return False
        dtype = np.dtype(ours[1])
        a = np.frombuffer(ours[3], dtype).astype(np.int64)
        b = np.frombuffer(theirs[3], dtype).astype(np.int64)
        return bool(np.abs(a - b).max(initial=0) <= tolerance)
    if isinstance(ours, list | tuple) and isinstance(theirs, list | tuple) and len(ours) == len(theirs):
        return all(_within(a, b, tolerance) for a, b in zip(ours, theirs))
    return ours == theirs


def same(scenario, message_differs=False, tolerance=0):
    theirs = pixel_outcome(scenario, pydicom)
    ours = pixel_outcome(scenario, rapidicom)
    if tolerance and ours[0] == theirs[0] == "ok":
        assert _within(ours[1], theirs[1], tolerance)
        assert ours[2:] == theirs[2:]
        return ours
    if theirs[0] == "raised" and theirs[2].startswith(PLUGIN_FAILURE):
        # pydicom lists each of its plugins' errors; we have one decoder.
        message_differs = True
    if message_differs:
        # Same exception class and warnings; our message says what and where.
        assert ours[0] == theirs[0] == "raised"
        assert (ours[1], ours[-1]) == (theirs[1], theirs[-1])
        return ours
    assert ours == theirs
    return ours


# Deliberate deviations, (file, scenario): why.
CLEARER_MESSAGES = {
    # pydicom reshapes the short read and lets numpy's "cannot reshape array of size
    # 4065 into shape (64,64)" through; we say how many bytes are missing.
    ("MR_truncated.dcm", "from_path"): "truncated pixel data read from a path",
}
# pydicom's iter_pixels corrects the sign of J2K samples in place on a read-only
# frame and raises "assignment destination is read-only" (when GDCM decodes the
# frame); our frames must be those of pydicom's pixel_array.
READ_ONLY_SIGN_FIX = {("J2K_pixelrep_mismatch.dcm", "iterated")}
# pydicom's pixel_array(path) reads the file without inflating it and fails on
# deflated files; we give the array dcmread(path).pixel_array gives.
INFLATED_FROM_PATH = {"image_dfl.dcm", "MR_small_deflated.dcm", "sample_mr_deflated.dcm"}
# Deliberate deviation: a 12-bit JPEG whose scan header gives a spectral range
# other than 0-63, which pydicom's plugins refuse ("misplaced marker segment").
# IJG libjpeg (DCMTK's dcmdjpeg, checked by hand) warns and decodes it, to the
# samples we give; its twin with the header fixed is what pydicom decodes.
DECODED_WHERE_PYDICOM_FAILS = {"JPEG-lossy.dcm": "JPGExtended.dcm"}


def file_scenarios(path):
    def pixel_array(lib):
        return lib.dcmread(path).pixel_array

    def raw(lib):
        ds = lib.dcmread(path)
        ds.pixel_array_options(raw=True)
        return ds.pixel_array

    def keep_ybr(lib):
        ds = lib.dcmread(path)
        return lib.pixels.pixel_array(ds, as_rgb=False)

    def frames(lib):
        ds = lib.dcmread(path)
        count = int(ds.get("NumberOfFrames", 1) or 1)
        return [lib.pixels.pixel_array(ds, index=i) for i in range(count)]

    def iterated(lib):
        return list(lib.pixels.iter_pixels(lib.dcmread(path)))

    def from_path(lib):
        return lib.pixels.pixel_array(path)

    def only_declared_frames(lib):
        return lib.pixels.pixel_array(lib.dcmread(path), allow_excess_frames=False)

    def view_only(lib):
        arr = lib.pixels.pixel_array(lib.dcmread(path), view_only=True)
        return arr, arr.flags.writeable

    return {f.__name__: f for f in (pixel_array, raw, keep_ybr, frames, iterated, from_path, only_declared_frames)}


FILE_CASES = [
    pytest.param(path, name, id=f"{pathlib.Path(path).name}-{name}")
    for path in DECODED_FILES
    for name in file_scenarios(path)
]


@pytest.mark.parametrize("path, scenario", FILE_CASES)
def test_wheel_files(path, scenario):
    if scenario == "from_path" and pathlib.Path(path).name in INFLATED_FROM_PATH:
        assert pixel_outcome(file_scenarios(path)[scenario], pydicom)[0] == "raised"
        ours = rapidicom.pixels.pixel_array(path)
        assert np.array_equal(ours, pydicom.dcmread(path).pixel_array)
        return
    if (twin := DECODED_WHERE_PYDICOM_FAILS.get(pathlib.Path(path).name)) is not None:
        assert pixel_outcome(file_scenarios(path)[scenario], pydicom)[0] == "raised"
        ours = pixel_outcome(file_scenarios(path)[scenario], rapidicom)
        twin_path = str(pathlib.Path(path).with_name(twin))
        theirs = pixel_outcome(file_scenarios(twin_path)[scenario], pydicom)
        assert ours[0] == theirs[0] == "ok" and _within(ours[1], theirs[1], 1)
        return
    theirs_failed = "read-only" in str(pixel_outcome(file_scenarios(path)[scenario], pydicom))
    if (pathlib.Path(path).name, scenario) in READ_ONLY_SIGN_FIX and theirs_failed:
        ours = list(rapidicom.pixels.iter_pixels(rapidicom.dcmread(path)))
        theirs = pydicom.dcmread(path).pixel_array
        assert all(np.array_equal(a, b) for a, b in zip(ours, [theirs], strict=True))
        return
    differs = (pathlib.Path(path).name, scenario) in CLEARER_MESSAGES
    tolerance = 1 if _syntax(path) in LOSSY_JPEG else 0
    same(file_scenarios(path)[scenario], message_differs=differs, tolerance=tolerance)


@pytest.mark.parametrize("path", OTHER_FILES, ids=[pathlib.Path(f).name for f in OTHER_FILES])
def test_syntaxes_without_a_decoder_raise_runtime_error(path):
    ds = rapidicom.dcmread(path)
    with pytest.raises(RuntimeError, match="Unable to decompress .* pixel data"):
        ds.pixel_array


def matrix_scenarios(data):
    def pixel_array(lib):
        return lib.dcmread(io.BytesIO(data)).pixel_array

    def raw(lib):
        ds = lib.dcmread(io.BytesIO(data))
        ds.pixel_array_options(raw=True)
        return ds.pixel_array

    def no_bit_correction(lib):
        return lib.pixels.pixel_array(lib.dcmread(io.BytesIO(data)), correct_unused_bits=False)

    def frames(lib):
        ds = lib.dcmread(io.BytesIO(data))
        count = int(ds.get("NumberOfFrames", 1))
        arrays = [lib.pixels.pixel_array(ds, index=i) for i in range(count)]
        return arrays + list(lib.pixels.iter_pixels(ds, indices=range(count - 1, -1, -1)))

    return {f.__name__: f for f in (pixel_array, raw, no_bit_correction, frames)}


@pytest.mark.parametrize("case", [c for _, c in MATRIX], ids=[i for i, _ in MATRIX])
@pytest.mark.parametrize("scenario", ["pixel_array", "raw", "no_bit_correction", "frames"])
def test_generated_matrix(case, scenario):
    data = image(**case)
    if case["bits_allocated"] == 1 and scenario == "frames":
        # pydicom reads too few bytes for a bit-packed frame that starts inside a
        # byte and fails to reshape it (a pydicom bug); each of our frames must be
        # that frame of pydicom's whole array.
        theirs = pydicom.dcmread(io.BytesIO(data)).pixel_array
        ds = rapidicom.dcmread(io.BytesIO(data))
        for i in range(case["frames"]):
            assert np.array_equal(rapidicom.pixels.pixel_array(ds, index=i), theirs[i])
        for i, frame in enumerate(rapidicom.pixels.iter_pixels(ds)):
            assert np.array_equal(frame, theirs[i])
        return
    outcome = same(matrix_scenarios(data)[scenario])
    assert outcome[0] == "ok"


def test_changed_pixel_data_is_decoded_again():
    path = rapidicom.data.get_sample_file("sample_ct.dcm")

    def scenario(lib):
        ds = lib.dcmread(path)
        first = ds.pixel_array
        again = ds.pixel_array
        ds.PixelData = bytes(len(ds.PixelData))
        changed = ds.pixel_array
        ds.Rows, ds.Columns = ds.Columns // 2, ds.Rows * 2
        reshaped = ds.pixel_array
        assert again is first
        return [first, changed, reshaped]

    same(scenario)


def test_pixel_data_is_not_copied_into_a_bytes_object():
    ds = rapidicom.dcmread(rapidicom.data.get_sample_file("sample_ct.dcm"))
    arr = ds.pixel_array
    assert ds._dict.is_unread(0x7FE00010)
    assert arr.flags.writeable
    # Bits Stored 12 of 16: correcting the unused bits needs the one copy; without
    # it the array can be a read-only view of the file's bytes.
    view = rapidicom.pixels.pixel_array(ds, view_only=True, correct_unused_bits=False)
    assert not view.flags.writeable
    assert np.array_equal(view & 0x0FFF, arr & 0x0FFF)
    assert ds._dict.is_unread(0x7FE00010)
