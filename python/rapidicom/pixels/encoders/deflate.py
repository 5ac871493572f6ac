"""The built-in encoder for Deflated Image Frame Compression (PS3.5 8.2.16, in
pydicom from 3.1): each frame's native little-endian bytes as a raw Deflate
stream; 1-bit frames are packed frame by frame, each from a byte boundary."""

from __future__ import annotations

from typing import Any

import numpy as np

from rapidicom import _native

# pydicom 3.1's plugin name for this encoder.
DEFLATE_ALIASES = ("pydicom",)


def deflate_encode(runner: Any, data: Any, frames: int) -> list[bytes]:
    if runner.bits_allocated == 1:
        return [_native.deflate_encode(frame) for frame in _packed_frames(runner, frames)]
    flat = data.reshape(-1).view("u1") if isinstance(data, np.ndarray) else np.frombuffer(data, dtype="u1")
    per_frame = flat.size // frames if frames else 0
    return [_native.deflate_encode(flat[i * per_frame : (i + 1) * per_frame]) for i in range(frames)]


def _packed_frames(runner: Any, frames: int) -> list[np.ndarray]:
    pixels = runner.rows * runner.columns * runner.samples_per_pixel
    if runner.is_array:
        bits = np.asarray(runner._src, dtype="u1").reshape(frames, pixels)
    else:
        # Native 1-bit data runs on across frames, least significant bit first.
        packed = np.frombuffer(runner._src, dtype="u1")
        bits = np.unpackbits(packed, bitorder="little")[: frames * pixels].reshape(frames, pixels)
    return [np.packbits(frame, bitorder="little") for frame in bits]
