"""Large data is read lazily: `defer_size` leaves long values in the file during
dcmread, and pixel_array(path) / iter_pixels(path) read only the frames they
decode (what pydicom does with a file object). Small stand-ins run here with the
size thresholds lowered; the multi-GiB files are in the slow tests at the end."""

import io
import json
import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pydicom
import pytest
from compat.pixels import image
from compat.test_pixels import DECODED_FILES
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, RLELossless

import rapidicom
from rapidicom.pixels import in_file

IN_PLACE_FILES = [f for f in DECODED_FILES if "deflated" not in f and "dfl" not in f]


@pytest.fixture
def lazy_from_zero(monkeypatch):
    monkeypatch.setattr(in_file, "LAZY_FROM", 0)


@pytest.fixture
def spans_read(monkeypatch):
    """The (start, stop) spans of pixel data read from files."""
    spans = []
    load = in_file.PixelsInFile.load

    def recording(self, start, stop):
        spans.append((max(0, start), min(stop, len(self.buffer))))
        load(self, start, stop)

    monkeypatch.setattr(in_file.PixelsInFile, "load", recording)
    return spans


def outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:
        return ("raised", type(exc))


def same_outcome(lazy, eager):
    assert lazy[0] == eager[0]
    if lazy[0] == "raised":
        assert lazy[1] is eager[1]
    elif isinstance(eager[1], list):
        assert len(lazy[1]) == len(eager[1])
        for a, b in zip(lazy[1], eager[1]):
            assert a.dtype == b.dtype and np.array_equal(a, b)
    else:
        assert lazy[1].dtype == eager[1].dtype and lazy[1].shape == eager[1].shape
        assert np.array_equal(lazy[1], eager[1])


@pytest.mark.parametrize("path", IN_PLACE_FILES, ids=[pathlib.Path(f).name for f in IN_PLACE_FILES])
def test_frames_read_in_place_equal_those_of_a_whole_read(path, lazy_from_zero, recwarn):
    ds = rapidicom.dcmread(path)
    try:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
    except ValueError:  # badVR.dcm's '1A'
        frames = 1
    same_outcome(
        outcome(lambda: rapidicom.pixels.pixel_array(path)),
        outcome(lambda: rapidicom.pixels.pixel_array(rapidicom.dcmread(path))),
    )
    for index in range(min(frames, 3)):
        same_outcome(
            outcome(lambda index=index: rapidicom.pixels.pixel_array(path, index=index)),
            outcome(lambda index=index: rapidicom.pixels.pixel_array(rapidicom.dcmread(path), index=index)),
        )
    same_outcome(
        outcome(lambda: list(rapidicom.pixels.iter_pixels(path))),
        outcome(lambda: list(rapidicom.pixels.iter_pixels(rapidicom.dcmread(path)))),
    )


@pytest.mark.parametrize("syntax", ["explicit", "implicit", "big", "rle"])
@pytest.mark.parametrize("bits", [1, 8, 16])
def test_one_frame_of_a_generated_file_reads_only_that_frame(tmp_path, syntax, bits, lazy_from_zero, spans_read):
    if syntax == "rle" and bits == 1:
        pytest.skip("RLE holds no bit-packed data")
    data = image(
        syntax=syntax,
        bits_allocated=bits,
        bits_stored=bits,
        signed=0,
        samples=1,
        planar=0,
        frames=5,
        photometric="MONOCHROME2",
        rows=6,
        columns=5,
    )
    path = tmp_path / "frames.dcm"
    path.write_bytes(data)
    whole = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    frame_bytes = 6 * 5 * max(bits, 8) // 8 if bits != 1 else 30 / 8
    for index in (3, 0, 4):
        spans_read.clear()
        arr = rapidicom.pixels.pixel_array(path, index=index)
        assert np.array_equal(arr, whole[index])
        if syntax == "rle":
            assert len(spans_read) >= 1
            continue
        first = int(index * frame_bytes)
        for start, stop in spans_read:
            assert first - 1 <= start and stop <= first + int(np.ceil(frame_bytes)) + 2, (start, stop)
    for i, arr in enumerate(rapidicom.pixels.iter_pixels(path)):
        assert np.array_equal(arr, whole[i])


def _encapsulated_file(path, frames, extended):
    """An 8x8 8-bit RLE file of `frames` frames, compressed by rapidicom."""
    arr = np.arange(frames * 8 * 8, dtype=np.uint8).reshape(frames, 8, 8)
    ds = rapidicom.Dataset()
    ds.file_meta = rapidicom.dataset.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4"
    ds.Rows = ds.Columns = 8
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit, ds.PixelRepresentation, ds.NumberOfFrames = 7, 0, frames
    ds.PixelData = arr.tobytes()
    ds.compress(RLELossless, encapsulate_ext=extended)
    ds.save_as(path, enforce_file_format=True)
    return arr


@pytest.mark.parametrize("extended", [False, True], ids=["basic-offsets", "extended-offsets"])
def test_an_encapsulated_frame_reads_only_its_fragments(tmp_path, extended, lazy_from_zero, spans_read):
    path = tmp_path / "rle.dcm"
    arr = _encapsulated_file(path, 6, extended)
    pixels = in_file.locate(str(path), *_pixel_offset(path))
    fragments = [
        (start, start + length)
        for frame in rapidicom.encaps._frame_ranges(
            pixels.buffer, number_of_frames=6, extended_offsets=None if not extended else _eot(path), endianness="<"
        )
        for start, length in frame
    ]
    for index in (4, 1):
        spans_read.clear()
        assert np.array_equal(rapidicom.pixels.pixel_array(path, index=index), arr[index])
        assert spans_read == [fragments[index]]


def _eot(path):
    ds = rapidicom.dcmread(path)
    return ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths


def _pixel_offset(path):
    ds = rapidicom.dcmread(path, stop_before_pixels=True)
    return ds._native_store().buffer_len(), ds.is_implicit_VR, ds.is_little_endian


def test_dcmread_leaves_deferred_values_in_the_file(tmp_path):
    big = 1_000_000
    ds = pydicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4"
    ds.PatientName = "Doe^John"
    ds.add_new(0x00091010, "LO", "CREATOR")
    ds.add_new(0x00091001, "OB", b"\xab" * big)
    ds.Modality = "CT"
    ds.add_new(0x7FE00010, "OB", b"\xcd" * big)
    path = tmp_path / "big.dcm"
    ds.save_as(path, enforce_file_format=True)

    read = rapidicom.dcmread(path, defer_size=1024)
    held = read._native_store().buffer_bytes()
    # At most the block a value starts in is read with its neighbours.
    assert held.count(b"\xab") < 65536 and held.count(b"\xcd") < 65536, "deferred values were read"
    assert read.PatientName == "Doe^John" and read.Modality == "CT"
    assert read[0x00091001].value == b"\xab" * big, "a deferred value is read when used"
    assert read.PixelData == b"\xcd" * big


@pytest.mark.slow
def test_more_than_4_gib_of_frames_with_extended_offsets_read_frame_by_frame(tmp_path):
    """A > 4 GiB encapsulated file with an Extended Offset Table: one frame, and
    the header with defer_size, each in a fresh process with peak RSS far below
    the file size."""
    path = tmp_path / "huge_eot.dcm"
    frame_size, frames = 64 * 2**20, 66  # 4.125 GiB
    _write_huge_eot(path, frame_size, frames)
    assert path.stat().st_size > 4 * 2**30
    peak, result = _in_subprocess(
        f"""
        arr = rapidicom.pixels.pixel_array({str(path)!r}, index=65)
        result = [int(arr.size), int(arr[0, 0]), int(arr[-1, -1])]
        """
    )
    assert result == [frame_size, 65, 65]
    assert peak < 512 * 2**20, f"peak RSS {peak / 2**20:.0f} MiB"
    peak, result = _in_subprocess(
        f"""
        ds = rapidicom.dcmread({str(path)!r}, stop_before_pixels=True)
        result = [int(ds.NumberOfFrames), len(ds.ExtendedOffsetTable) // 8]
        """
    )
    assert result == [frames, frames] and peak < 256 * 2**20


@pytest.mark.slow
def test_a_2_gib_element_is_deferred(tmp_path):
    path = tmp_path / "two_gib.dcm"
    size = 2 * 2**30 - 2
    _write_big_element(path, size)
    peak, result = _in_subprocess(
        f"""
        ds = rapidicom.dcmread({str(path)!r}, defer_size="1 MB")
        result = [str(ds.PatientName), int(ds.NumberOfFrames), ds._native_store().is_unread(0x7FE00010)]
        """
    )
    assert result == ["Big^Element", 32, True]
    assert peak < 256 * 2**20, f"peak RSS {peak / 2**20:.0f} MiB"
    peak, result = _in_subprocess(
        f"""
        arr = rapidicom.pixels.pixel_array({str(path)!r}, index=3)
        result = [list(arr.shape), int(arr[0, 0])]
        """
    )
    assert result == [[8192, 8192], 3] and peak < 512 * 2**20


def _in_subprocess(body):
    """Run `body` (which sets `result`) in a fresh interpreter: (peak RSS, result)."""
    code = (
        "import json, resource, rapidicom\n"
        + textwrap.dedent(body)
        + textwrap.dedent(
            """
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps([peak, result]))
        """
        )
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr

    peak, result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"peak RSS {peak / 2**20:.0f} MiB: {body.strip().splitlines()[0]}")
    return peak, result


def _header(syntax, elements):
    """Preamble, file meta and the given dataset elements, written by pydicom."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4"
    ds.PatientName = "Big^Element"
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    for keyword, value in elements.items():
        setattr(ds, keyword, value)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _item(length):
    return b"\xfe\xff\x00\xe0" + length.to_bytes(4, "little")


def _write_huge_eot(path, frame_size, frames):
    """8192x8192 8-bit RLE frames, frame i all i, each written as literal runs so
    that it takes more room than raw (the file passes 4 GiB with few frames)."""
    runs = frame_size // 128
    segment = np.empty(runs * 129, dtype=np.uint8)
    header = (1).to_bytes(4, "little") + (64).to_bytes(4, "little") + bytes(56)
    fragment = len(header) + len(segment)
    offsets = [i * (8 + fragment) for i in range(frames)]
    head = _header(
        RLELossless,
        dict(
            Rows=8192,
            Columns=8192,
            NumberOfFrames=frames,
            ExtendedOffsetTable=np.array(offsets, "<u8").tobytes(),
            ExtendedOffsetTableLengths=np.array([fragment] * frames, "<u8").tobytes(),
        ),
    )
    with open(path, "wb") as f:
        f.write(head)
        f.write(b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff" + _item(0))
        for i in range(frames):
            segment.fill(i)
            segment[::129] = 127  # a literal run of 128 bytes
            f.write(_item(fragment) + header)
            f.write(segment.data)
        f.write(b"\xfe\xff\xdd\xe0" + bytes(4))


def _write_big_element(path, size):
    """Native 8192x8192 8-bit frames, frame i all i, in one Pixel Data element."""
    frame_size = 8192 * 8192
    frames = size // frame_size + 1
    head = _header(ExplicitVRLittleEndian, dict(Rows=8192, Columns=8192, NumberOfFrames=frames))
    frame = np.empty(frame_size, dtype=np.uint8)
    with open(path, "wb") as f:
        f.write(head)
        f.write(b"\xe0\x7f\x10\x00OB\x00\x00" + size.to_bytes(4, "little"))
        written = 0
        for i in range(frames):
            frame.fill(i)
            part = min(frame_size, size - written)
            f.write(frame.data[:part])
            written += part
