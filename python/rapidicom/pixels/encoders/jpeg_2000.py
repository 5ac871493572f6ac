"""The built-in JPEG 2000 encoder (OpenJPEG, with the parameters of pydicom's
pylibjpeg-openjpeg plugin): lossless, or lossy with `j2k_cr` / `j2k_psnr`
quality layers. RGB samples get the colour transform when the Photometric
Interpretation says YBR_RCT or YBR_ICT, as with pydicom."""

from __future__ import annotations

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.uid import JPEG2000Lossless

# pydicom's plugin names for JPEG 2000 encoding.
JPEG_2000_ALIASES = ("pylibjpeg", "openjpeg")
_FAILED = "Unable to encode as exceptions were raised by all available plugins:\n  rapidicom: "


def jpeg_2000_encode(runner: Any, data: Any, frames: int) -> list[bytes]:
    """Each frame of `data` (pixel interleaved, samples sized by Bits Stored)."""
    ratios = runner.get_option("compression_ratios", runner.get_option("j2k_cr", None))
    psnr = runner.get_option("signal_noise_ratios", runner.get_option("j2k_psnr", None))
    if runner.transfer_syntax == JPEG2000Lossless:
        if ratios or psnr:
            raise RuntimeError(
                _FAILED + "A lossy configuration option is being used with a transfer syntax of "
                "'JPEG 2000 Lossless' - did you mean to use 'JPEG 2000' instead?"
            )
    elif not ratios and not psnr:
        raise RuntimeError(
            _FAILED + "The 'JPEG 2000' transfer syntax requires a lossy configuration option "
            "such as 'j2k_cr' or 'j2k_psnr'"
        )
    elif ratios and psnr:
        raise RuntimeError(
            _FAILED + "Multiple lossy configuration options are being used with the 'JPEG 2000' "
            "transfer syntax, please specify only one"
        )
    pi = str(runner.photometric_interpretation)
    mct = pi in ("YBR_ICT", "YBR_RCT") and bool(runner.get_option("use_mct", True))
    flat = np.frombuffer(memoryview(data).cast("B"), dtype="u1") if not isinstance(data, np.ndarray) else data.reshape(-1).view("u1")
    per_frame = flat.size // frames if frames else 0
    out = []
    for i in range(frames):
        try:
            out.append(
                _native.j2k_encode(
                    flat[i * per_frame : (i + 1) * per_frame],
                    runner.columns,
                    runner.rows,
                    runner.samples_per_pixel,
                    runner.bits_stored,
                    runner.pixel_representation == 1,
                    mct,
                    [float(r) for r in ratios or []],
                    [float(p) for p in psnr or []],
                )
            )
        except ValueError as exc:
            raise RuntimeError(_FAILED + str(exc)) from exc
    return out
