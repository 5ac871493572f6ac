"""Deflated Image Frame Compression (pydicom 3.1's syntax) decoding, the
"pydicom" plugin: each frame inflated (in parallel, in Rust), then read as native
data; 1-bit frames are packed one by one, as pydicom 3.1 reads them."""

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import DeflatedImageFrameCompression

DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {DeflatedImageFrameCompression: ()}


def is_available(uid: str) -> bool:
    return uid in DECODER_DEPENDENCIES


def _decode_frames(runner: Any, src: Any, frames: list[list[tuple[int, int]]]) -> np.ndarray:
    declared = runner.rows * runner.columns * runner.samples_per_pixel
    arr, _ = _native.decode_frames("deflate", src, frames, declared, False)
    expected = runner.frame_length(unit="bytes") * len(frames)
    if arr.size != expected:
        raise ValueError(
            f"the inflated frames hold {arr.size} bytes where the Image Pixel module describes "
            f"{expected} ({len(frames)} frames)"
        )
    if runner.bits_allocated == 1:
        pixels = runner.frame_length(unit="pixels")
        bits = np.unpackbits(arr.reshape(len(frames), -1), axis=1, bitorder="little")
        return np.ascontiguousarray(bits[:, :pixels]).reshape(-1)
    return arr


def _decode_frame(src: bytes, runner: Any) -> bytes:
    return _decode_frames(runner, src, [[(0, len(src))]]).tobytes()


_decode_frame.frames = _decode_frames  # type: ignore[attr-defined]
