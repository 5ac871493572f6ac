"""Deflated Image Frame Compression (1.2.840.10008.1.2.8.1, PS3.5 8.2.16; in
pydicom from 3.1, not 3.0): frames written by Python's zlib decode to their
source, `Dataset.compress` writes frames zlib inflates back, and corrupt or
oversized frames raise."""

import io
import zlib

import numpy as np
import pytest
from pydicom.encaps import encapsulate, generate_frames

import rapidicom
from rapidicom.dataset import FileMetaDataset
from rapidicom.uid import DeflatedImageFrameCompression, ExplicitVRLittleEndian

DTYPES = {1: "u1", 8: "u1", 16: "<u2", 32: "<u4"}


def _source(bits, frames, samples):
    rng = np.random.default_rng(bits * 10 + frames + samples)
    shape = (frames, 10, 13) + ((3,) if samples == 3 else ())
    arr = rng.integers(0, 2 if bits == 1 else 2 ** min(bits, 31), shape).astype(DTYPES[bits])
    ds = rapidicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = 10, 13, samples
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits, bits - 1, 0
    ds.NumberOfFrames = frames
    ds.PixelData = np.packbits(arr.reshape(-1), bitorder="little").tobytes() if bits == 1 else arr.tobytes()
    return ds, arr


def _frame_bytes(arr, i, bits):
    """Frame i as the standard deflates it: native bytes, 1-bit packed per frame."""
    return np.packbits(arr[i].reshape(-1), bitorder="little").tobytes() if bits == 1 else arr[i].tobytes()


def _saved(ds):
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


CASES = [(1, 1, 1), (1, 3, 1), (8, 1, 3), (8, 2, 1), (16, 3, 1), (32, 2, 1)]


@pytest.mark.parametrize("bits, frames, samples", CASES)
def test_frames_deflated_by_zlib_decode_to_the_source(bits, frames, samples):
    ds, arr = _source(bits, frames, samples)
    fragments = []
    for i in range(frames):
        packer = zlib.compressobj(9, wbits=-15)
        fragments.append(packer.compress(_frame_bytes(arr, i, bits)) + packer.flush())
    ds.file_meta.TransferSyntaxUID = DeflatedImageFrameCompression
    ds.PixelData = encapsulate(fragments)
    read = rapidicom.dcmread(io.BytesIO(_saved(ds)))
    assert read.file_meta.TransferSyntaxUID.is_encapsulated
    assert np.array_equal(read.pixel_array, arr if frames > 1 else arr[0])
    for i in range(frames):
        assert np.array_equal(rapidicom.pixels.pixel_array(read, index=i), arr[i])


@pytest.mark.parametrize("bits, frames, samples", CASES)
@pytest.mark.parametrize("from_array", [False, True])
def test_compress_writes_frames_zlib_inflates_to_native_bytes(bits, frames, samples, from_array):
    ds, arr = _source(bits, frames, samples)
    if from_array:
        ds.compress(DeflatedImageFrameCompression, arr if frames > 1 else arr[0])
    else:
        ds.compress(DeflatedImageFrameCompression)
    data = _saved(ds)
    read = rapidicom.dcmread(io.BytesIO(data))
    assert read.file_meta.TransferSyntaxUID == DeflatedImageFrameCompression
    stored = list(generate_frames(read.PixelData, number_of_frames=frames))
    assert [zlib.decompress(f, wbits=-15) for f in stored] == [_frame_bytes(arr, i, bits) for i in range(frames)]
    assert np.array_equal(read.pixel_array, arr if frames > 1 else arr[0])


def _with_frame(fragment):
    ds, _ = _source(16, 1, 1)
    ds.file_meta.TransferSyntaxUID = DeflatedImageFrameCompression
    ds.PixelData = encapsulate([fragment])
    return rapidicom.dcmread(io.BytesIO(_saved(ds)))


@pytest.mark.parametrize(
    "fragment",
    [
        zlib.compress(bytes(range(256)) + bytes(4))[2:-4][:-3],  # cut short
        b"\xff\xfe not deflate at all",
        zlib.compress(bytes(100))[2:-4],  # a frame too short
        zlib.compress(bytes(10**7))[2:-4],  # inflates far past the frame
    ],
    ids=["truncated", "garbage", "short", "bomb"],
)
def test_corrupt_or_wrongly_sized_frames_raise(fragment):
    # "pydicom" is the name pydicom 3.1 gives its plugin for this syntax (ours here).
    with pytest.raises(
        RuntimeError, match="Unable to decode as exceptions were raised by all available plugins:\n  pydicom: "
    ):
        _ = _with_frame(fragment).pixel_array


def test_the_uid_is_a_known_encapsulated_transfer_syntax():
    uid = DeflatedImageFrameCompression
    assert (uid.name, uid.keyword) == ("Deflated Image Frame Compression", "DeflatedImageFrameCompression")
    assert uid.is_transfer_syntax and uid.is_compressed and uid.is_encapsulated and not uid.is_deflated
    assert rapidicom.pixels.decoders.DeflatedImageFrameCompressionDecoder.UID == uid
    assert rapidicom.pixels.encoders.DeflatedImageFrameCompressionEncoder.UID == uid
