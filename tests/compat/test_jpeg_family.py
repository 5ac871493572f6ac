"""The built-in JPEG-family decoders on frames encoded by pydicom's reference
encoders (pyjpegls / CharLS and pylibjpeg-openjpeg): lossless data decodes to the
original array and to pydicom's own decoding of it, near-lossless to pydicom's;
corrupt and truncated codestreams raise, never crash."""

import io
import itertools
import re
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    JPEG2000,
    ExplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGLSLossless,
    JPEGLSNearLossless,
)

import rapidicom

from .pixels import flip_bits

pytest.importorskip("jpeg_ls")
pytest.importorskip("openjpeg")


def _source(bits, signed, samples, frames, rows=40, columns=37):
    """A dataset of random samples within Bits Stored, written by pydicom."""
    rng = np.random.default_rng(bits * 100 + signed * 10 + samples + frames)
    allocated = 8 if bits <= 8 else 16
    dtype = np.dtype(f"{'iu'[not signed]}{allocated // 8}")
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1)) if signed else (0, 2**bits)
    shape = (frames, rows, columns, samples)
    arr = rng.integers(low, high, size=shape).astype(dtype)
    arr = arr.reshape(shape[:3] if samples == 1 else shape)
    if frames == 1:
        arr = arr[0]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, columns, samples
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = allocated, bits, bits - 1
    ds.PixelRepresentation = signed
    ds.NumberOfFrames = frames
    ds.PixelData = arr.tobytes()
    return ds, arr


def _compressed(syntax, bits, signed, samples, frames, **kwargs):
    ds, arr = _source(bits, signed, samples, frames)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.compress(syntax, **kwargs)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue(), arr


CASES = [
    pytest.param(syntax, bits, signed, samples, frames, id=f"{name}-{bits}bit-{'su'[not signed]}-{samples}s-{frames}f")
    for (name, syntax), bits, signed, samples, frames in itertools.product(
        [("jls", JPEGLSLossless), ("j2k", JPEG2000Lossless)], [8, 12, 16], [0, 1], [1, 3], [1, 3]
    )
    if not (samples == 3 and (bits != 8 or signed))
]


@pytest.mark.parametrize("syntax, bits, signed, samples, frames", CASES)
def test_lossless_frames_decode_to_the_original(syntax, bits, signed, samples, frames):
    data, original = _compressed(syntax, bits, signed, samples, frames)
    ours = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    theirs = pydicom.dcmread(io.BytesIO(data)).pixel_array
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)
    assert np.array_equal(ours, original)
    ds = rapidicom.dcmread(io.BytesIO(data))
    for i in range(frames):
        frame = rapidicom.pixels.pixel_array(ds, index=i)
        assert np.array_equal(frame, original[i] if frames > 1 else original)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(rapidicom.pixels.iter_pixels(ds), original if frames > 1 else [original], strict=True)
    )


@pytest.mark.parametrize(
    "syntax, kwargs",
    [(JPEGLSNearLossless, {"jls_error": 3}), (JPEG2000, {"j2k_cr": [20]})],
    ids=["jls-near-lossless", "j2k-lossy"],
)
@pytest.mark.parametrize("bits", [8, 12])
def test_lossy_frames_decode_as_pydicom_decodes_them(syntax, kwargs, bits):
    data, _ = _compressed(syntax, bits, 0, 1, 2, **kwargs)
    ours = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    theirs = pydicom.dcmread(io.BytesIO(data)).pixel_array
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.abs(ours.astype(np.int64) - theirs.astype(np.int64)).max() <= 1


def _damaged(data, change):
    """The file with its (one) frame's fragment changed by `change`."""
    ds = pydicom.dcmread(io.BytesIO(data))
    frames = list(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = pydicom.encaps.encapsulate([change(frames[0])])
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


@pytest.mark.parametrize("syntax", [JPEGLSLossless, JPEG2000Lossless], ids=["jls", "j2k"])
@pytest.mark.parametrize(
    "change",
    [
        lambda f: f[: len(f) // 2],
        lambda f: f[:10],
        lambda f: b"\xff\xd8\xff\xd9",
        lambda f: b"not a codestream",
        flip_bits,
    ],
    ids=["half", "header-only", "empty-image", "garbage", "bit-flips"],
)
def test_corrupt_codestreams_raise_runtime_error(syntax, change):
    data, _ = _compressed(syntax, 12, 0, 1, 1)
    ds = rapidicom.dcmread(io.BytesIO(_damaged(data, change)))
    try:
        arr = ds.pixel_array
    except RuntimeError as exc:
        assert "Unable to decode" in str(exc) and "rapidicom" in str(exc)
    except ValueError as exc:
        assert str(exc)  # a frame of the wrong size, said so
    else:
        # Some flipped bits still decode (to other samples) in both decoders.
        assert arr.shape == (40, 37)


def test_frames_of_different_sizes_are_refused():
    small, _ = _compressed(JPEGLSLossless, 8, 0, 1, 1)
    other = _source(8, 0, 1, 1, rows=32, columns=32)[0]
    other.compress(JPEGLSLossless)
    ds = pydicom.dcmread(io.BytesIO(small))
    first = next(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1))
    second = next(pydicom.encaps.generate_frames(other.PixelData, number_of_frames=1))
    ds.PixelData = pydicom.encaps.encapsulate([first, second])
    ds.NumberOfFrames = 2
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    ds = rapidicom.dcmread(io.BytesIO(out.getvalue()))
    with pytest.raises(
        RuntimeError, match="rapidicom: The decoded frames hold 1024 bytes where the Image Pixel module describes 1480"
    ):
        rapidicom.pixels.pixel_array(ds, decoding_plugin="rapidicom")
    # By default the other plugins are tried too (as in pydicom): the frame that
    # one of them decodes is still the wrong size, and said to be.
    with pytest.warns(UserWarning, match="decoding plugin has changed"):
        with pytest.raises(ValueError, match="The frame at index 1 decoded by '.*' holds 1024 samples where"):
            ds.pixel_array


def test_decoder_plugins_of_pydicom_are_accepted_by_name():
    data, original = _compressed(JPEGLSLossless, 8, 0, 1, 1)
    ds = rapidicom.dcmread(io.BytesIO(data))
    for plugin in ("pyjpegls", "pylibjpeg", "gdcm"):
        assert np.array_equal(rapidicom.pixels.pixel_array(ds, decoding_plugin=plugin), original)


def test_frames_larger_than_declared_are_refused():
    data, _ = _compressed(JPEGLSLossless, 8, 0, 1, 1)
    ds = rapidicom.dcmread(io.BytesIO(data))
    ds.Rows = 20  # the frame holds 40 rows
    with pytest.raises(RuntimeError, match="the frame is 37 x 40 with 1 components, more than the 740 samples"):
        rapidicom.pixels.pixel_array(ds, decoding_plugin="rapidicom")
    with pytest.raises(ValueError, match="The frame at index 0 decoded by '.*' holds 1480 samples where"):
        ds.pixel_array


def _both_compress(data, syntax, **kwargs):
    """What pydicom and rapidicom write after compressing the same file: bytes or
    (exception class, message)."""
    out = []
    for lib in (pydicom, rapidicom):
        ds = lib.dcmread(io.BytesIO(data))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds.compress(syntax, generate_instance_uid=False, **kwargs)
            buffer = io.BytesIO()
            ds.save_as(buffer)
            out.append(buffer.getvalue())
        except Exception as exc:
            out.append((type(exc), str(exc).replace("rapidicom", "pydicom")))
    return out


ENCODE_CASES = [
    pytest.param(
        bits, signed, samples, planar, frames, id=f"{bits}bit-{'su'[not signed]}-{samples}s-p{planar}-{frames}f"
    )
    for bits, signed, samples, planar, frames in itertools.product([8, 12, 16], [0, 1], [1, 3], [0, 1], [1, 2])
    if not (samples == 1 and planar) and not (samples == 3 and signed)
]


@pytest.mark.parametrize("bits, signed, samples, planar, frames", ENCODE_CASES)
@pytest.mark.parametrize("syntax, kwargs", [(JPEGLSLossless, {}), (JPEGLSNearLossless, {"jls_error": 2})],
                         ids=["lossless", "near-lossless"])  # fmt: skip
def test_jpeg_ls_compress_writes_what_pydicom_writes(bits, signed, samples, planar, frames, syntax, kwargs):
    ds, _ = _source(bits, signed, samples, frames)
    if samples == 3:
        ds.PlanarConfiguration = planar
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    theirs, ours = _both_compress(buffer.getvalue(), syntax, **kwargs)
    assert ours == theirs
    if isinstance(ours, bytes):
        assert np.array_equal(
            rapidicom.dcmread(io.BytesIO(ours)).pixel_array, pydicom.dcmread(io.BytesIO(theirs)).pixel_array
        )


@pytest.mark.parametrize("planar", [0, 1])
def test_jpeg_ls_compress_of_an_array_matches_pydicom(planar):
    ds, arr = _source(8, 0, 3, 2)
    ds.PlanarConfiguration = planar
    out = []
    for lib in (pydicom, rapidicom):
        target = lib.dcmread(io.BytesIO(_written(ds)))
        target.compress(JPEGLSLossless, arr, generate_instance_uid=False)
        out.append(_written(target))
    assert out[0] == out[1]
    assert np.array_equal(rapidicom.dcmread(io.BytesIO(out[1])).pixel_array, arr)


def _written(ds):
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def test_jpeg_ls_encoding_errors_are_pydicom_s():
    ds, arr = _source(12, 1, 1, 1)
    data = _written(ds)
    # A NEAR value with the lossless syntax (the encoder is asked directly:
    # compress passes jls_error only for near-lossless).
    messages = []
    for lib in (pydicom, rapidicom):
        with pytest.raises(RuntimeError, match="did you mean to use 'JPEG-LS Near Lossless'") as raised:
            lib.pixels.get_encoder(JPEGLSLossless).encode(lib.dcmread(io.BytesIO(data)), jls_error=3)
        messages.append(str(raised.value).split("\n  ")[1].split(": ", 1)[1])
    assert messages[0] == messages[1]
    # Signed samples near the limits could change sign in near-lossless mode.
    extreme = arr.copy()
    extreme.flat[0] = -2048
    out = []
    for lib in (pydicom, rapidicom):
        target = lib.dcmread(io.BytesIO(data))
        with pytest.raises(ValueError) as raised:
            target.compress(JPEGLSNearLossless, extreme, jls_error=3)
        out.append(str(raised.value))
    assert out[0] == out[1]


def _same_codestreams(theirs, ours):
    """Files equal but for the OpenJPEG version in the codestreams' comment
    (pylibjpeg-openjpeg bundles its own OpenJPEG release)."""
    pattern = re.compile(rb"Created by OpenJPEG version \d+\.\d+\.\d+")
    return pattern.sub(b"OpenJPEG", theirs) == pattern.sub(b"OpenJPEG", ours)


J2K_CASES = [
    pytest.param(bits, signed, samples, pi, frames, id=f"{bits}bit-{'su'[not signed]}-{pi}-{frames}f")
    for bits, signed, (samples, pi), frames in itertools.product(
        [8, 12, 16], [0, 1], [(1, "MONOCHROME2"), (3, "RGB"), (3, "YBR_RCT"), (3, "YBR_ICT")], [1, 2]
    )
    if not (samples == 3 and signed)
]


@pytest.mark.parametrize("bits, signed, samples, pi, frames", J2K_CASES)
@pytest.mark.parametrize(
    "syntax, kwargs",
    [(JPEG2000Lossless, {}), (JPEG2000, {"j2k_cr": [20]}), (JPEG2000, {"j2k_psnr": [60, 80]})],
    ids=["lossless", "ratio", "psnr"],
)
def test_jpeg_2000_compress_writes_what_pydicom_writes(bits, signed, samples, pi, frames, syntax, kwargs):
    ds, _ = _source(bits, signed, samples, frames)
    if samples == 3:
        ds.PhotometricInterpretation = pi
    theirs, ours = _both_compress(_written(ds), syntax, **kwargs)
    if isinstance(theirs, tuple):
        assert ours == theirs
        return
    assert _same_codestreams(theirs, ours)
    assert np.array_equal(
        rapidicom.dcmread(io.BytesIO(ours)).pixel_array, pydicom.dcmread(io.BytesIO(theirs)).pixel_array
    )


def test_jpeg_2000_lossy_options_are_checked_as_pydicom_checks_them():
    data = _written(_source(8, 0, 1, 1)[0])
    for syntax, kwargs in [(JPEG2000, {}), (JPEG2000, {"j2k_cr": [10], "j2k_psnr": [50]})]:
        messages = []
        for lib in (pydicom, rapidicom):
            encoder = lib.pixels.get_encoder(syntax)
            with pytest.raises(RuntimeError) as raised:
                encoder.encode(lib.dcmread(io.BytesIO(data)), **kwargs)
            messages.append(str(raised.value).split("\n  ")[1].split(": ", 1)[1])
        assert messages[0] == messages[1]


def test_16_bit_jpeg_ls_with_zero_padding_before_eoi_decodes_as_pydicom_does():
    # A public 16-bit MR (DICOM WG04's MR1_JLSL) has an LSE segment after SOF55
    # and one zero byte between its scan and EOI: CharLS refuses it ("the leading
    # start byte (0xFF) for a JPEG marker was not found"), pydicom decodes it
    # with pylibjpeg-libjpeg. A frame built with the same traits:
    data, original = _compressed(JPEGLSLossless, 16, 0, 1, 1)
    ds = pydicom.dcmread(io.BytesIO(data))
    frame = next(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=1))
    assert frame[:4] == b"\xff\xd8\xff\xf7" and b"\xff\xf8" in frame[:64]  # SOI, SOF55; LSE
    ds.PixelData = pydicom.encaps.encapsulate([frame[:-2] + b"\x00\xff\xd9"])
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    theirs = pydicom.pixels.pixel_array(pydicom.dcmread(io.BytesIO(out.getvalue())), decoding_plugin="pylibjpeg")
    ours = rapidicom.dcmread(io.BytesIO(out.getvalue()))
    assert np.array_equal(theirs, original)
    assert np.array_equal(rapidicom.pixels.pixel_array(ours, decoding_plugin="rapidicom"), theirs)
    assert np.array_equal(ours.pixel_array, theirs)
