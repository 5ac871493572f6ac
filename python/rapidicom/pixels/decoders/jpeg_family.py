"""The built-in decoders of the JPEG family (JPEG, JPEG-LS, JPEG 2000 and HTJ2K).

Frames are decoded natively (`rust/core/codecs`), in parallel with the GIL
released. What pydicom does around its plugins stays here, with its words: the
Photometric Interpretation conformed to the codestream, Bits Allocated set from
the codestream's precision, and the JPEG-LS / JPEG 2000 sign corrections.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.misc import warn_and_log
from rapidicom.pixels.common import PhotometricInterpretation as PI, decoding_failed
from rapidicom.uid import (
    UID,
    JPEG2000TransferSyntaxes,
    JPEGBaseline8Bit,
    JPEGLSTransferSyntaxes,
)

# pydicom's plugin names (3.0) and pixel data handler names (2.x) for these syntaxes.
JPEG_ALIASES = (
    "pylibjpeg", "gdcm", "pillow", "pyjpegls",
    "pylibjpeg_handler", "gdcm_handler", "pillow_handler", "jpeg_ls_handler",
)

Frames = list[list[tuple[int, int]]]


def codec_for(uid: UID) -> str:
    if uid in JPEG2000TransferSyntaxes:
        return "j2k"
    if uid in JPEGLSTransferSyntaxes:
        return "jpegls"
    return "jpeg"


def frames_decoder(codec: str) -> Callable[[Any, Any, Frames], np.ndarray]:
    """The builtin for one codec: the frames' samples end to end (uint8)."""

    def decode(runner: Any, src: Any, frames: Frames) -> np.ndarray:
        if not frames:
            return np.empty(0, dtype=np.uint8)
        if codec != "j2k" and frames[0]:
            # The markers before the first scan are in the first fragment.
            start, length = frames[0][0]
            _conform_colorspace(runner, _native.jpeg_parameters(memoryview(src)[start : start + length]))
        try:
            declared = runner.rows * runner.columns * runner.samples_per_pixel
            arr, (_, _, _, _, precision, signed, rgb) = _native.decode_frames(
                codec, src, frames, declared, codec == "jpeg" and _converted_anyway(runner)
            )
        except ValueError as exc:
            raise decoding_failed(exc) from exc
        _after_decoding(runner, codec, precision, signed)
        # libjpeg may have done the YBR -> RGB conversion pydicom does next.
        runner.converted_to_rgb = rgb
        expected = runner.frame_length(unit="bytes") * len(frames)
        if arr.size != expected:
            raise ValueError(
                f"The decoded frames hold {arr.size} bytes where the Image Pixel module "
                f"describes {expected} ({len(frames)} frames of {runner.rows} x "
                f"{runner.columns} x {runner.samples_per_pixel} samples of "
                f"{runner.bits_allocated} bits)"
            )
        return arr

    return decode


def _converted_anyway(runner: Any) -> bool:
    """YBR samples that pydicom's processing would turn into RGB after decoding,
    which libjpeg may as well do while decoding (within 1 of pydicom's float
    conversion; the JPEG is lossy anyway)."""
    return (
        runner.samples_per_pixel == 3
        and not runner.raw
        and runner.photometric_interpretation in (PI.YBR_FULL, PI.YBR_FULL_422)
        and runner.get_option("as_rgb", False)
        and not runner.get_option("force_ybr", False)
        and not runner.get_option("force_rgb", False)
    )


def _after_decoding(runner: Any, codec: str, precision: int, signed: bool) -> None:
    """The options pydicom's plugins set from the codestream."""
    if codec == "j2k":
        runner.set_option("j2k_is_signed", signed)
        runner.set_option("j2k_precision", precision)
        if runner.photometric_interpretation in (PI.YBR_ICT, PI.YBR_RCT):
            runner.set_option("photometric_interpretation", PI.RGB)
        _bits_allocated_for(runner, precision, (8, 16, 32))
    elif codec == "jpegls":
        runner.set_option("jls_precision", precision)
        runner.set_option("planar_configuration", 0)
        _bits_allocated_for(runner, precision, (8, 16))


def _bits_allocated_for(runner: Any, precision: int, sizes: tuple[int, ...]) -> None:
    for size in sizes:
        if 0 < precision <= size:
            runner.set_option("bits_allocated", size)
            return


def _conform_colorspace(runner: Any, parameters: tuple[Any, ...]) -> None:
    """pydicom's `_conform_jpg_colorspace`: component IDs 'RGB' mean RGB, and a
    JFIF marker means YBR."""
    if runner.samples_per_pixel != 3:
        return
    _, ids, jfif, _ = parameters
    pi = runner.photometric_interpretation
    if list(ids) in ([82, 71, 66], [114, 103, 98]) and pi != PI.RGB:
        runner.set_option("photometric_interpretation", PI.RGB)
        warn_and_log(
            f"The (0028,0004) 'Photometric Interpretation' value is '{pi}' however the "
            "encoded image's codestream uses component IDs that indicate it should be 'RGB'"
        )
        return
    ybr = PI.YBR_FULL_422 if runner.transfer_syntax == JPEGBaseline8Bit else PI.YBR_FULL
    if jfif and "YBR" not in pi:
        runner.set_option("photometric_interpretation", ybr)
        warn_and_log(
            f"The (0028,0004) 'Photometric Interpretation' value is '{pi}' however the "
            f"encoded image's codestream contains a JFIF APP marker which indicates it "
            f"should be '{ybr}'"
        )


def apply_sign_correction(arr: np.ndarray, runner: Any) -> np.ndarray:
    """pydicom's sign correction: JPEG 2000 samples whose signedness differs from
    Pixel Representation, and JPEG-LS samples (which carry no sign), shifted up and
    back down so that the sign bit is extended."""
    if runner.transfer_syntax in JPEG2000TransferSyntaxes:
        signed = runner.get_option("j2k_is_signed", runner.pixel_representation)
        precision = runner.get_option("j2k_precision", runner.bits_stored)
        shift = 8 * arr.dtype.itemsize - precision
        if not (shift and signed != runner.pixel_representation):
            return arr
    else:
        precision = runner.get_option("jls_precision", runner.bits_stored)
        shift = 8 * arr.dtype.itemsize - precision
        if not shift:
            return arr
    if not arr.flags.writeable:
        arr = arr.copy()
    np.left_shift(arr, shift, out=arr)
    np.right_shift(arr, shift, out=arr)
    return arr
