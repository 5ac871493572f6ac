"""The built-in JPEG-LS encoder (CharLS, as pydicom's pyjpegls plugin uses):
lossless, and near-lossless with `jls_error` as the NEAR parameter."""

from __future__ import annotations

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import JPEGLSLossless

# pydicom's plugin names for JPEG-LS encoding.
JPEG_LS_ALIASES = ("pyjpegls", "jpeg_ls")


def jpeg_ls_encode(runner: Any, data: Any, frames: int) -> list[bytes]:
    """Each frame of `data` (pixel interleaved, samples sized by Bits Stored)."""
    error = runner.get_option("jls_error", 0) or 0
    if error and runner.transfer_syntax == JPEGLSLossless:
        raise RuntimeError(
            "Unable to encode as exceptions were raised by all available plugins:\n  "
            f"rapidicom: A 'jls_error' value of '{error}' is being used with a transfer "
            "syntax of 'JPEG-LS Lossless' - did you mean to use 'JPEG-LS Near Lossless' "
            "instead?"
        )
    flat = np.frombuffer(memoryview(data).cast("B"), dtype="u1") if not isinstance(data, np.ndarray) else data.reshape(-1).view("u1")
    per_frame = flat.size // frames if frames else 0
    rows, columns, samples = runner.rows, runner.columns, runner.samples_per_pixel
    # Planar Configuration 1 is JPEG-LS interleave mode 0 (plane by plane), as in
    # pydicom; array sources come pixel interleaved and are reordered.
    planes = samples > 1 and runner.planar_configuration == 1
    out = []
    for i in range(frames):
        frame = flat[i * per_frame : (i + 1) * per_frame]
        if planes and runner.is_array:
            width = per_frame // (rows * columns * samples)
            frame = frame.reshape(rows, columns, samples, width).transpose(2, 0, 1, 3).copy()
        interleave = 0 if planes or samples == 1 else 2
        try:
            out.append(_native.jpegls_encode(frame, columns, rows, samples, runner.bits_stored, error, interleave))
        except ValueError as exc:
            raise RuntimeError(f"Unable to encode as exceptions were raised by all available plugins:\n  rapidicom: {exc}") from exc
    return out
