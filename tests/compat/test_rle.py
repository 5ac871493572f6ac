"""RLE Lossless against pydicom's encoder and decoder and pylibjpeg-rle: our
encoder writes pydicom's bytes, both decoders read ours back to the original, ours
reads theirs, on random arrays of every supported shape and dtype; and malformed
frames give clear errors."""

import struct
import warnings

import numpy as np
import pydicom
import pytest
import rle.utils
from hypothesis import given, settings
from hypothesis import strategies as st
from pydicom.uid import RLELossless

import rapidicom
from rapidicom.encaps import encapsulate
from rapidicom.pixels.decoders import RLELosslessDecoder
from rapidicom.pixels.encoders import RLELosslessEncoder


@st.composite
def frames(draw):
    """A random (frames, rows, columns[, samples]) array with its Image Pixel options;
    values drawn from few levels too, so runs of every length occur."""
    samples = draw(st.sampled_from([1, 3]))
    dtype = draw(st.sampled_from(["u1", "i1", "u2", "i2", "u4", "i4"] if samples == 1 else ["u1", "u2"]))
    count = draw(st.integers(1, 3))
    rows, columns = draw(st.integers(1, 9)), draw(st.integers(1, 300))
    shape = (count, rows, columns) + ((samples,) if samples > 1 else ())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    info = np.iinfo(dtype)
    if draw(st.booleans()):
        arr = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    else:
        levels = rng.integers(info.min, info.max, size=3, dtype=dtype, endpoint=True)
        arr = levels[rng.integers(0, 3, size=shape)]
    opts = dict(
        rows=rows,
        columns=columns,
        samples_per_pixel=samples,
        number_of_frames=count,
        bits_allocated=np.dtype(dtype).itemsize * 8,
        bits_stored=np.dtype(dtype).itemsize * 8,
        pixel_representation=int(np.dtype(dtype).kind == "i"),
        photometric_interpretation="RGB" if samples == 3 else "MONOCHROME2",
        planar_configuration=0,
    )
    return (arr[0] if count == 1 else arr), opts


def decode_ours(encoded: list[bytes], opts: dict) -> np.ndarray:
    with warnings.catch_warnings():
        # A small frame's RLE data can be exactly as long as the raw frame; the
        # decoder then warns that the transfer syntax may be wrong (as pydicom's does).
        warnings.filterwarnings("ignore", "The number of bytes of compressed pixel data matches")
        arr, _ = RLELosslessDecoder.as_array(encapsulate(encoded), **opts)
    return arr


@settings(max_examples=150, deadline=None)
@given(frames())
def test_encoder_writes_pydicoms_bytes_and_every_decoder_reads_them(case):
    arr, opts = case
    # 32-bit samples are outside the standard's RLE encoding profile (compress()
    # refuses them); the encoders still take them without validation.
    validate = opts["bits_allocated"] <= 16
    ours = list(RLELosslessEncoder.iter_encode(arr, validate=validate, **opts))
    theirs = list(
        pydicom.pixels.get_encoder(RLELossless).iter_encode(arr, encoding_plugin="pydicom", validate=validate, **opts)
    )
    assert ours == theirs
    assert np.array_equal(decode_ours(ours, opts), arr)
    planar = arr.reshape(opts["number_of_frames"], -1, opts["samples_per_pixel"])
    for frame, encoded in zip(planar, ours):
        decoded = rle.utils.decode_pixel_data(
            encoded,
            version=2,
            rows=opts["rows"],
            columns=opts["columns"],
            bits_allocated=opts["bits_allocated"],
            samples_per_pixel=opts["samples_per_pixel"],
        )
        assert bytes(decoded) == frame.astype(frame.dtype.newbyteorder("<")).T.tobytes()


@settings(max_examples=100, deadline=None)
@given(frames())
def test_decoder_reads_what_pylibjpeg_rle_writes(case):
    arr, opts = case
    stack = arr if opts["number_of_frames"] > 1 else arr[None]
    encoded = [
        rle.utils.encode_pixel_data(
            frame.tobytes(),
            rows=opts["rows"],
            columns=opts["columns"],
            samples_per_pixel=opts["samples_per_pixel"],
            bits_allocated=opts["bits_allocated"],
            byteorder="<",
        )
        for frame in stack
    ]
    assert np.array_equal(decode_ours(encoded, opts), arr)


def _frame(segments: list[bytes], count: int | None = None, offsets: list[int] | None = None) -> bytes:
    if offsets is None:
        offsets, position = [], 64
        for segment in segments:
            offsets.append(position)
            position += len(segment)
    header = struct.pack("<I", len(segments) if count is None else count)
    header += struct.pack(f"<{len(offsets)}I", *offsets)
    return header.ljust(64, b"\x00") + b"".join(segments)


OPTS = dict(
    rows=2,
    columns=2,
    samples_per_pixel=1,
    number_of_frames=1,
    bits_allocated=8,
    bits_stored=8,
    pixel_representation=0,
    photometric_interpretation="MONOCHROME2",
)
GOOD = b"\xfd\x07"  # 7 repeated 4 times

BAD_FRAMES = {
    "too many segments in the header": (_frame([GOOD], count=16), OPTS),
    "more segments than the pixels need": (_frame([GOOD, GOOD]), OPTS),
    "a segment offset past the end": (_frame([GOOD], offsets=[900]), OPTS),
    "segments that decode to too few bytes": (_frame([b"\xfe\x07"]), OPTS),
    "segments that decode to too many bytes": (_frame([b"\xfb\x07"]), OPTS),
    "a header cut short": (b"\x01\x00\x00\x00\x40", OPTS),
    "12 bits allocated": (_frame([GOOD]), dict(OPTS, bits_allocated=12, bits_stored=12)),
}


@pytest.mark.parametrize("name", BAD_FRAMES)
def test_bad_frames_as_pydicom(name):
    frame, opts = BAD_FRAMES[name]
    data = encapsulate([frame])

    def run(lib):
        # pydicom's own RLE plugin (ours under its name), so no other plugin is tried.
        kwargs = {"decoding_plugin": "pydicom"}
        with pytest.warns() if "too many bytes" in name else _nothing():
            try:
                arr, _ = lib.pixels.get_decoder(RLELossless).as_array(data, **kwargs, **opts)
                return "ok", arr.tolist()
            except Exception as exc:
                return type(exc).__name__, str(exc).split(": ", 1)[-1]

    assert run(rapidicom) == run(pydicom)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_pixel_data_shorter_than_declared_frames():
    ds = rapidicom.dcmread(rapidicom.data.get_sample_file("sample_ct_rle.dcm"))
    ds.NumberOfFrames = 3
    with pytest.raises(ValueError, match="fewer than the .* 'Number of Frames' value of 3"):
        ds.pixel_array


def test_frames_decode_in_parallel_to_the_same_result_as_one_by_one():
    ds = rapidicom.dcmread(pydicom.data.get_testdata_file("SC_rgb_rle_32bit_2frame.dcm"))
    whole = ds.pixel_array
    assert [f.tolist() for f in whole] == [f.tolist() for f in rapidicom.pixels.iter_pixels(ds)]


def test_eight_bits_stored_in_sixteen_are_encoded_whole():
    # A deliberate difference: pydicom's encoders size the samples by Bits Stored
    # (one byte here) but write a segment per allocated byte, which gives
    # segments of half the data that no decoder reads back. Ours keep 2 bytes.
    arr = (np.arange(4 * 300) % 256).astype("u2").reshape(4, 300)
    opts = dict(rows=4, columns=300, samples_per_pixel=1, number_of_frames=1, bits_allocated=16,
                bits_stored=8, pixel_representation=0, photometric_interpretation="MONOCHROME2")  # fmt: skip
    (encoded,) = RLELosslessEncoder.iter_encode(arr, **opts)
    assert struct.unpack("<I", encoded[:4])[0] == 2  # segments
    assert np.array_equal(decode_ours([encoded], opts), arr)
    theirs = rle.utils.decode_pixel_data(
        encoded, version=2, rows=4, columns=300, bits_allocated=16, samples_per_pixel=1
    )
    assert bytes(theirs) == arr.astype("<u2").tobytes()
