"""rapidicom's JPEG 2000 encoder plugin (OpenJPEG, with the parameters of
pydicom's pylibjpeg-openjpeg plugin): lossless, or lossy with `j2k_cr` /
`j2k_psnr` quality layers. The colour transform is used when the Photometric
Interpretation is YBR_RCT or YBR_ICT, as with pydicom."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import JPEG2000, JPEG2000Lossless

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.pixels.encoders.base import EncodeRunner

ENCODER_DEPENDENCIES = {JPEG2000Lossless: (), JPEG2000: ()}


def is_available(uid: str) -> bool:
    """Built in: always available for the JPEG 2000 transfer syntaxes."""
    return uid in ENCODER_DEPENDENCIES


def _quality(runner: EncodeRunner) -> tuple[list[float], list[float]]:
    """The compression ratios and PSNRs asked for, checked against the syntax."""
    ratios = runner.get_option("compression_ratios", runner.get_option("j2k_cr", None))
    psnr = runner.get_option("signal_noise_ratios", runner.get_option("j2k_psnr", None))
    if runner.transfer_syntax == JPEG2000Lossless:
        if ratios or psnr:
            raise ValueError(
                "A lossy configuration option is being used with a transfer syntax of "
                "'JPEG 2000 Lossless' - did you mean to use 'JPEG 2000' instead?"
            )
    elif not ratios and not psnr:
        raise ValueError(
            "The 'JPEG 2000' transfer syntax requires a lossy configuration option such as 'j2k_cr' or 'j2k_psnr'"
        )
    elif ratios and psnr:
        raise ValueError(
            "Multiple lossy configuration options are being used with the 'JPEG 2000' "
            "transfer syntax, please specify only one"
        )
    return [float(r) for r in ratios or []], [float(p) for p in psnr or []]


def _encode(frame: Any, runner: EncodeRunner, quality: tuple[list[float], list[float]]) -> bytes:
    pi = str(runner.photometric_interpretation)
    mct = pi in ("YBR_ICT", "YBR_RCT") and bool(runner.get_option("use_mct", True))
    return _native.j2k_encode(
        frame,
        runner.columns,
        runner.rows,
        runner.samples_per_pixel,
        runner.bits_stored,
        runner.pixel_representation == 1,
        mct,
        *quality,
    )


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame, pixel interleaved, samples sized by Bits Stored."""
    return _encode(src, runner, _quality(runner))


def _encode_frames(runner: EncodeRunner, data: Any, count: int) -> list[bytes]:
    """`count` frames laid end to end."""
    quality = _quality(runner)
    flat = data.reshape(-1).view("u1") if isinstance(data, np.ndarray) else np.frombuffer(data, dtype="u1")
    per_frame = flat.size // count if count else 0
    return [_encode(flat[i * per_frame : (i + 1) * per_frame], runner, quality) for i in range(count)]


_encode_frame.frames = _encode_frames  # type: ignore[attr-defined]
