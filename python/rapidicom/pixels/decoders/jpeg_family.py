"""rapidicom's decoding plugin for the JPEG family (JPEG, JPEG-LS, JPEG 2000
and HTJ2K), "rapidicom": frames decoded natively (`rust/core/codecs`), all of
them at once in parallel with the GIL released (``_decode_frame.frames``), or one
by one through pydicom's plugin interface (``_decode_frame``). What pydicom's
plugins do around the codec stays here: Bits Allocated set from the
codestream's precision, the planar configuration and Photometric Interpretation
the decoded data has.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rapidicom import _native, uid
from rapidicom.pixels.common import PhotometricInterpretation as PI
from rapidicom.uid import UID, JPEG2000TransferSyntaxes, JPEGLSTransferSyntaxes

Frames = list[list[tuple[int, int]]]

DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    syntax: ()
    for syntax in (
        uid.JPEGBaseline8Bit,
        uid.JPEGExtended12Bit,
        uid.JPEGLossless,
        uid.JPEGLosslessSV1,
        uid.JPEGLSLossless,
        uid.JPEGLSNearLossless,
        uid.JPEG2000Lossless,
        uid.JPEG2000,
        uid.HTJ2KLossless,
        uid.HTJ2KLosslessRPCL,
        uid.HTJ2K,
    )
}


def is_available(uid: str) -> bool:
    return uid in DECODER_DEPENDENCIES


def codec_for(uid: UID) -> str:
    if uid in JPEG2000TransferSyntaxes:
        return "j2k"
    if uid in JPEGLSTransferSyntaxes:
        return "jpegls"
    return "jpeg"


def _decode(runner: Any, src: Any, frames: Frames) -> np.ndarray:
    """The frames' samples end to end (uint8), decoded in parallel."""
    if not frames:
        return np.empty(0, dtype=np.uint8)
    codec = codec_for(runner.transfer_syntax)
    declared = runner.rows * runner.columns * runner.samples_per_pixel
    convert = codec == "jpeg" and _converted_anyway(runner)
    arr, layout = _native.decode_frames(codec, src, frames, declared, convert)
    precision, signed, rgb = layout.precision, layout.signed, layout.rgb
    _after_decoding(runner, codec, precision, signed)
    # libjpeg may have done the YBR -> RGB conversion pydicom does next.
    runner.converted_to_rgb = rgb
    expected = runner.frame_length(unit="bytes") * len(frames)
    if arr.size != expected:
        raise ValueError(
            f"The decoded frames hold {arr.size} bytes where the Image Pixel module describes "
            f"{expected} ({len(frames)} frames of {runner.rows} x {runner.columns} x "
            f"{runner.samples_per_pixel} samples of {runner.bits_allocated} bits)"
        )
    return arr


def _decode_frames(runner: Any, src: Any, frames: Frames) -> np.ndarray:
    """Every frame at once (the decoder's fast path); what the codestream says
    is taken from the first frame, as pydicom takes it from each."""
    if frames and frames[0]:
        start, length = frames[0][0]
        runner._get_frame_info(bytes(memoryview(src)[start : start + length]))
    return _decode(runner, src, frames)


def _decode_frame(src: bytes, runner: Any) -> bytes:
    """One frame (pydicom's plugin interface; the runner has read the
    codestream's parameters already)."""
    return _decode(runner, src, [[(0, len(src))]]).tobytes()


_decode_frame.frames = _decode_frames  # type: ignore[attr-defined]


def _converted_anyway(runner: Any) -> bool:
    """YBR samples that pydicom's processing would turn into RGB after decoding,
    which libjpeg may as well do while decoding (within 1 of pydicom's float
    conversion; the JPEG is lossy anyway)."""
    return (
        runner.samples_per_pixel == 3
        and not getattr(runner, "raw", False)
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
