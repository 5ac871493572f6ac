"""rapidicom's JPEG-LS encoder plugin (CharLS, as pydicom's pyjpegls plugin
uses): lossless, and near-lossless with `jls_error` as the NEAR parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import JPEGLSLossless, JPEGLSNearLossless

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.pixels.encoders.base import EncodeRunner

ENCODER_DEPENDENCIES = {JPEGLSLossless: (), JPEGLSNearLossless: ()}


def is_available(uid: str) -> bool:
    """Built in: always available for the JPEG-LS transfer syntaxes."""
    return uid in ENCODER_DEPENDENCIES


def _near_error(runner: EncodeRunner) -> int:
    error = runner.get_option("jls_error", 0) or 0
    if error and runner.transfer_syntax == JPEGLSLossless:
        raise ValueError(
            f"A 'jls_error' value of '{error}' is being used with a transfer syntax of "
            "'JPEG-LS Lossless' - did you mean to use 'JPEG-LS Near Lossless' instead?"
        )
    return int(error)


def _encode(frame: Any, runner: EncodeRunner, error: int, planes: bool) -> bytes:
    samples = runner.samples_per_pixel
    # Planar Configuration 1 is JPEG-LS interleave mode 0 (plane by plane), as in pydicom.
    interleave = 0 if planes or samples == 1 else 2
    return _native.jpegls_encode(frame, runner.columns, runner.rows, samples, runner.bits_stored, error, interleave)


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame as the runner gives it (plane by plane when Planar Configuration is 1)."""
    error = _near_error(runner)
    planes = runner.samples_per_pixel > 1 and runner.planar_configuration == 1
    return _encode(src, runner, error, planes)


def _encode_frames(runner: EncodeRunner, data: Any, count: int) -> list[bytes]:
    """`count` frames laid end to end (pixel interleaved from an array,
    samples sized by Bits Stored)."""
    error = _near_error(runner)
    flat = data.reshape(-1).view("u1") if isinstance(data, np.ndarray) else np.frombuffer(data, dtype="u1")
    per_frame = flat.size // count if count else 0
    rows, columns, samples = runner.rows, runner.columns, runner.samples_per_pixel
    planes = samples > 1 and runner.planar_configuration == 1
    out = []
    for i in range(count):
        frame = flat[i * per_frame : (i + 1) * per_frame]
        if planes and runner.is_array:
            width = per_frame // (rows * columns * samples)
            frame = frame.reshape(rows, columns, samples, width).transpose(2, 0, 1, 3).copy()
        out.append(_encode(frame, runner, error, planes))
    return out


_encode_frame.frames = _encode_frames  # type: ignore[attr-defined]
