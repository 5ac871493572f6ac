"""High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201/.202/.203): frames encoded
by OpenJPH (through imagecodecs, the one HTJ2K encoder within reach: pydicom 3.0,
pylibjpeg-openjpeg and Pillow only decode it) decode to the original samples and
to what pydicom + pylibjpeg-openjpeg gives, with the same warnings; damaged
codestreams raise, never crash.

The .202 syntax promises RPCL progression, which imagecodecs cannot be asked
for; decoders do not depend on the progression order, so those files carry the
encoder's default order under the .202 UID."""

import io
import itertools
import warnings

import imagecodecs
import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import HTJ2K, HTJ2KLossless, HTJ2KLosslessRPCL

import rapidicom

from .pixels import flip_bits

pytest.importorskip("openjpeg")  # pydicom's HTJ2K plugin, the reference


def _source(bits, signed, samples, frames, rows=24, columns=19):
    rng = np.random.default_rng(bits * 100 + signed * 10 + samples + frames)
    dtype = np.dtype(f"{'iu'[not signed]}{1 if bits <= 8 else 2}")
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1)) if signed else (0, 2**bits)
    shape = (frames, rows, columns) + ((3,) if samples == 3 else ())
    return rng.integers(low, high, size=shape).astype(dtype)


def _file(frames, syntax, bits, signed, **encoding):
    """`frames` (frames first) HTJ2K-encoded one by one into a file written by pydicom."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns = frames.shape[1:3]
    ds.SamplesPerPixel = 3 if frames.ndim == 4 else 1
    ds.PhotometricInterpretation = "RGB" if frames.ndim == 4 else "MONOCHROME2"
    if frames.ndim == 4:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = frames.itemsize * 8, bits, bits - 1
    ds.PixelRepresentation = signed
    ds.NumberOfFrames = len(frames)
    ds.PixelData = pydicom.encaps.encapsulate([imagecodecs.htj2k_encode(f, **encoding) for f in frames])
    ds["PixelData"].VR = "OB"
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _decoded(lib, data, **kwargs):
    """The array and the warnings of `lib`'s pixel_array."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arr = lib.pixels.pixel_array(lib.dcmread(io.BytesIO(data)), **kwargs)
    return arr, [str(w.message).replace("rapidicom", "pydicom") for w in caught]


LOSSLESS = [
    pytest.param(syntax, bits, signed, samples, frames, id=f"{name}-{bits}bit-{'su'[not signed]}-{samples}s-{frames}f")
    for (name, syntax), (bits, signed, samples), frames in itertools.product(
        [("lossless", HTJ2KLossless), ("rpcl", HTJ2KLosslessRPCL)],
        [(8, 0, 1), (12, 0, 1), (16, 0, 1), (12, 1, 1), (16, 1, 1), (8, 0, 3)],
        [1, 3],
    )
]


@pytest.mark.parametrize("syntax, bits, signed, samples, frames", LOSSLESS)
def test_lossless_frames_decode_to_the_original_and_to_pydicoms(syntax, bits, signed, samples, frames):
    source = _source(bits, signed, samples, frames)
    data = _file(source, syntax, bits, signed)
    ours, our_warnings = _decoded(rapidicom, data)
    theirs, their_warnings = _decoded(pydicom, data)
    assert (ours.dtype, ours.shape) == (theirs.dtype, theirs.shape)
    assert np.array_equal(ours, theirs)
    assert np.array_equal(ours, source if frames > 1 else source[0])
    assert our_warnings == their_warnings
    ds = rapidicom.dcmread(io.BytesIO(data))
    for i in range(frames):
        assert np.array_equal(rapidicom.pixels.pixel_array(ds, index=i), source[i])
    assert all(np.array_equal(a, b) for a, b in zip(rapidicom.pixels.iter_pixels(ds), source, strict=True))


@pytest.mark.parametrize("bits", [8, 12, 16])
def test_lossy_frames_decode_as_pydicom_decodes_them(bits):
    source = _source(bits, 0, 1, 2)
    data = _file(source, HTJ2K, bits, 0, reversible=False, level=40)
    ours, our_warnings = _decoded(rapidicom, data)
    theirs, their_warnings = _decoded(pydicom, data)
    assert (ours.dtype, ours.shape) == (theirs.dtype, theirs.shape)
    assert np.abs(ours.astype(np.int64) - theirs.astype(np.int64)).max() <= 1
    assert our_warnings == their_warnings
    assert not np.array_equal(ours, source)  # it is lossy: the test is not vacuous


def _damaged(frame_change):
    source = _source(12, 0, 1, 1)
    frame = imagecodecs.htj2k_encode(source[0])
    ds = pydicom.dcmread(io.BytesIO(_file(source, HTJ2KLossless, 12, 0)))
    ds.PixelData = pydicom.encaps.encapsulate([frame_change(frame)])
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [lambda f: f[: len(f) // 2], lambda f: f[:10], lambda f: b"not a codestream", flip_bits],
    ids=["half", "header-only", "garbage", "bit-flips"],
)
def test_damaged_codestreams_raise_as_pydicom_raises(change):
    data = _damaged(change)
    with pytest.raises(RuntimeError, match="Unable to decode"):
        pydicom.dcmread(io.BytesIO(data)).pixel_array
    with pytest.raises(RuntimeError, match="Unable to decode.*\n.*rapidicom: frame 0: JPEG 2000"):
        rapidicom.dcmread(io.BytesIO(data)).pixel_array
