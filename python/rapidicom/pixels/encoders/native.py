"""pydicom's own RLE Lossless encoder (pydicom.pixels.encoders.native), done
natively: the same segments, byte for byte, as pydicom writes.

One deliberate difference: pydicom hands this plugin samples sized by Bits
Stored, so with Bits Stored <= 8 < Bits Allocated it splits half-size samples
into segments no decoder reads back; here each sample is widened to Bits
Allocated first (docs/deviations.md).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import RLELossless

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.pixels.encoders.base import EncodeRunner

ENCODER_DEPENDENCIES = {RLELossless: ()}


def is_available(uid: str) -> bool:
    """Always available: it needs nothing beyond rapidicom."""
    return True


def _check_options(runner: EncodeRunner) -> int:
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")
    bytes_allocated = math.ceil(runner.bits_allocated / 8)
    if bytes_allocated * runner.samples_per_pixel > 15:
        raise ValueError(
            "Unable to encode as the DICOM standard only allows a maximum of 15 segments in RLE encoded data"
        )
    return bytes_allocated


def _whole_samples(src: Any, pixels: int, samples: int, bytes_allocated: int) -> Any:
    """`src` with every sample `bytes_allocated` bytes long (zero bytes above
    narrower ones)."""
    count = pixels * samples
    if count == 0 or len(src) >= count * bytes_allocated:
        return src
    step = len(src) // count
    if step == 0:
        return src  # too short: the native encoder says how long it must be
    narrow = np.frombuffer(src, dtype="u1")[: count * step].reshape(count, step)
    wide = np.zeros((count, bytes_allocated), dtype="u1")
    wide[:, :step] = narrow[:, : min(step, bytes_allocated)]
    return wide


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame (pixel interleaved, little endian) RLE encoded, with its header."""
    bytes_allocated = _check_options(runner)
    pixels = runner.rows * runner.columns
    samples = runner.samples_per_pixel
    data = _whole_samples(src, pixels, samples, bytes_allocated)
    return _native.rle_encode(data, 1, runner.rows, runner.columns, samples, bytes_allocated)[0]


def _encode_frames(runner: EncodeRunner, data: Any, count: int) -> list[bytes]:
    """`count` frames laid end to end, samples Bits Allocated wide, encoded in
    parallel."""
    bytes_allocated = _check_options(runner)
    return _native.rle_encode(data, count, runner.rows, runner.columns, runner.samples_per_pixel, bytes_allocated)


_encode_frame.frames = _encode_frames  # type: ignore[attr-defined]


def _encode_segment(src: bytes, columns: int) -> bytes:
    """One segment (a byte plane) encoded row by row, padded to even length."""
    return _native.rle_encode_segment(_as_bytes(src), columns)


def _encode_row(src: bytes) -> bytes:
    """One row PackBits encoded."""
    return _native.rle_encode_row(_as_bytes(src))


def _as_bytes(src: Any) -> Any:
    """Anything with the buffer protocol as it is; a list of byte values as bytes."""
    return src if isinstance(src, bytes | bytearray | memoryview | np.ndarray) else bytes(src)
