"""Helpers for the pixel tests: what a pixel scenario gave (array bytes, dtype and
shape, or the exception, plus warnings), and a generator of datasets covering the
Image Pixel matrix, written by pydicom so that both libraries read the same bytes."""

import io
import itertools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    RLELossless,
)


def describe_array(arr: Any) -> tuple[Any, ...]:
    return ("array", arr.dtype.str, arr.shape, arr.tobytes())


def describe(value: Any) -> Any:
    """Arrays as (dtype, shape, bytes), inside lists and tuples too."""
    if isinstance(value, np.ndarray):
        return describe_array(value)
    if isinstance(value, list | tuple):
        return type(value)(describe(v) for v in value)
    return value


def pixel_outcome(scenario: Callable[[Any], Any], lib: Any) -> tuple[Any, ...]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out: tuple[Any, ...] = ("ok", describe(scenario(lib)))
        except Exception as exc:
            # Messages that name the module say pydicom in both.
            out = ("raised", type(exc).__name__, str(exc).replace("rapidicom", "pydicom"))
    messages = tuple(f"{w.category.__name__}: {w.message}" for w in caught if "download failure" not in str(w.message))
    return out + (messages,)


SYNTAXES = {
    "implicit": ImplicitVRLittleEndian,
    "explicit": ExplicitVRLittleEndian,
    "big": ExplicitVRBigEndian,
    "deflated": DeflatedExplicitVRLittleEndian,
    "rle": RLELossless,
}


def image(
    *,
    syntax: str,
    bits_allocated: int,
    bits_stored: int,
    signed: int,
    samples: int,
    planar: int,
    frames: int,
    photometric: str,
    rows: int = 5,
    columns: int = 7,
    keyword: str = "PixelData",
    extra: int = 0,
    seed: int = 0,
) -> bytes:
    """A file with random pixel bytes (unused high bits set too), written by pydicom."""
    rng = np.random.default_rng(seed)
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    if samples > 1:
        ds.PlanarConfiguration = planar
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits_allocated
    if keyword == "PixelData":
        ds.BitsStored = bits_stored
        ds.HighBit = bits_stored - 1
        ds.PixelRepresentation = signed
    pixels = rows * columns * samples * frames
    if bits_allocated == 1:
        length = (pixels + 7) // 8
    else:
        length = pixels * bits_allocated // 8
    if photometric == "YBR_FULL_422":
        length = length // 3 * 2
    data = rng.integers(0, 256, size=length + extra, dtype=np.uint8).tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    uid = SYNTAXES[syntax]
    if syntax == "rle":
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.PixelData = data + b"\x00" * (len(data) % 2)
        ds.compress(RLELossless, encoding_plugin="pydicom", generate_instance_uid=False)
    else:
        ds.file_meta.TransferSyntaxUID = uid
        setattr(ds, keyword, data + b"\x00" * (len(data) % 2))
        ds[keyword].VR = {
            "PixelData": "OB" if bits_allocated <= 8 else "OW",
            "FloatPixelData": "OF",
            "DoubleFloatPixelData": "OD",
        }[keyword]
    fp = io.BytesIO()
    pydicom.dcmwrite(fp, ds, enforce_file_format=True)
    return fp.getvalue()


def matrix() -> list[tuple[str, dict[str, Any]]]:
    """The combinations the pixel tests cover, each with a readable id."""
    cases = []
    for syntax, (allocated, stored), signed, frames in itertools.product(
        SYNTAXES, [(8, 8), (8, 6), (16, 16), (16, 12), (32, 32), (32, 24), (64, 64), (64, 40)], (0, 1), (1, 3)
    ):
        if syntax == "rle" and allocated > 16:
            continue  # outside pydicom's RLE encoding profile; the wheel's files cover it
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=allocated,
                bits_stored=stored,
                signed=signed,
                samples=1,
                planar=0,
                frames=frames,
                photometric="MONOCHROME2",
            )
        )
    for syntax, planar, frames, photometric, allocated in itertools.product(
        SYNTAXES, (0, 1), (1, 2), ("RGB", "YBR_FULL"), (8, 16)
    ):
        if photometric == "YBR_FULL" and allocated == 16:
            continue
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=allocated,
                bits_stored=allocated,
                signed=0,
                samples=3,
                planar=planar,
                frames=frames,
                photometric=photometric,
            )
        )
    for syntax, frames in itertools.product(("explicit", "big", "implicit"), (1, 2)):
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=8,
                bits_stored=8,
                signed=0,
                samples=3,
                planar=0,
                frames=frames,
                photometric="YBR_FULL_422",
                rows=4,
                columns=6,
            )
        )
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=1,
                bits_stored=1,
                signed=0,
                samples=1,
                planar=0,
                frames=frames + 2,
                photometric="MONOCHROME2",
                rows=3,
                columns=5,
            )
        )
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=8,
                bits_stored=8,
                signed=0,
                samples=1,
                planar=0,
                frames=frames,
                photometric="PALETTE COLOR",
            )
        )
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=16,
                bits_stored=12,
                signed=1,
                samples=1,
                planar=0,
                frames=frames,
                photometric="MONOCHROME1",
                extra=70,
            )
        )
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=32,
                bits_stored=32,
                signed=0,
                samples=1,
                planar=0,
                frames=frames,
                photometric="MONOCHROME2",
                keyword="FloatPixelData",
            )
        )
        cases.append(
            dict(
                syntax=syntax,
                bits_allocated=64,
                bits_stored=64,
                signed=0,
                samples=1,
                planar=0,
                frames=frames,
                photometric="MONOCHROME2",
                keyword="DoubleFloatPixelData",
            )
        )
    ids = []
    for case in cases:
        parts = [
            case["syntax"],
            f"{case['bits_allocated']}-{case['bits_stored']}",
            "s" if case["signed"] else "u",
            f"spp{case['samples']}",
            f"pc{case['planar']}",
            f"f{case['frames']}",
            case["photometric"].replace(" ", "_"),
        ]
        for key in ("keyword", "extra"):
            if key in case:
                parts.append(f"{key}{case[key]}")
        ids.append("-".join(parts))
    return list(zip(ids, cases))


def flip_bits(frame: bytes) -> bytes:
    """A codestream with every fifth byte from the fourth on flipped (0xA5)."""
    out = bytearray(frame)
    for i in range(4, len(out), 5):
        out[i] ^= 0xA5
    return bytes(out)
