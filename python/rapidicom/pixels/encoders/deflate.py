"""The Deflated Image Frame Compression encoder (PS3.5 8.2.16, pydicom 3.1's
"pydicom" plugin): each frame's native little-endian bytes as a raw Deflate
stream; 1-bit frames are packed frame by frame, each from a byte boundary."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import DeflatedImageFrameCompression

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.pixels.encoders.base import EncodeRunner

ENCODER_DEPENDENCIES = {DeflatedImageFrameCompression: ()}


def is_available(uid: str) -> bool:
    """Built in: always available."""
    return uid in ENCODER_DEPENDENCIES


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame deflated; 1-bit frames given a value per byte are packed first."""
    pixels = runner.rows * runner.columns * runner.samples_per_pixel
    if runner.bits_allocated == 1 and len(src) >= pixels:
        src = np.packbits(np.frombuffer(src, dtype="u1")[:pixels], bitorder="little")
    return _native.deflate_encode(src)


def _encode_frames(runner: EncodeRunner, data: Any, count: int) -> list[bytes]:
    """`count` frames laid end to end (whole samples), each deflated."""
    if runner.bits_allocated == 1:
        return [_native.deflate_encode(frame) for frame in _packed_frames(runner, runner.src, count)]
    flat = data.reshape(-1).view("u1") if isinstance(data, np.ndarray) else np.frombuffer(data, dtype="u1")
    per_frame = flat.size // count if count else 0
    return [_native.deflate_encode(flat[i * per_frame : (i + 1) * per_frame]) for i in range(count)]


_encode_frame.frames = _encode_frames  # type: ignore[attr-defined]


def _packed_frames(runner: EncodeRunner, src: Any, frames: int) -> list[np.ndarray]:
    pixels = runner.rows * runner.columns * runner.samples_per_pixel
    if isinstance(src, np.ndarray):
        bits = np.asarray(src, dtype="u1").reshape(frames, pixels)
    else:
        # Native 1-bit data runs on across frames, least significant bit first.
        packed = np.frombuffer(src, dtype="u1")
        needed = math.ceil(frames * pixels / 8)
        bits = np.unpackbits(packed[:needed], bitorder="little")[: frames * pixels].reshape(frames, pixels)
    return [np.packbits(frame, bitorder="little") for frame in bits]
