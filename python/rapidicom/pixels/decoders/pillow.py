"""pydicom's "pillow" decoding plugin: JPEG and JPEG 2000 frames decoded by
Pillow, when it is installed (with its JPEG / JPEG 2000 codecs)."""

from io import BytesIO
from typing import Any

import numpy as np

from rapidicom import uid
from rapidicom.pixels.common import PhotometricInterpretation as PI
from rapidicom.pixels.utils import _passes_version_check

try:
    from PIL import Image, features
except ImportError:
    pass

HAVE_NP = True
DECODER_DEPENDENCIES = {
    uid.JPEGBaseline8Bit: ("pillow>=10.0",),
    uid.JPEGExtended12Bit: ("pillow>=10.0",),
    uid.JPEG2000Lossless: ("numpy", "pillow>=10.0"),
    uid.JPEG2000: ("numpy", "pillow>=10.0"),
}
_LIBJPEG_SYNTAXES = [uid.JPEGBaseline8Bit, uid.JPEGExtended12Bit]
_OPENJPEG_SYNTAXES = [uid.JPEG2000Lossless, uid.JPEG2000]


def is_available(uid: str) -> bool:
    if not _passes_version_check("PIL", (10, 0)):
        return False
    if uid in _LIBJPEG_SYNTAXES:
        return bool(features.check_codec("jpg"))
    if uid in _OPENJPEG_SYNTAXES:
        return bool(features.check_codec("jpg_2000")) and HAVE_NP
    return False


def _decode_frame(src: bytes, runner: Any) -> bytes:
    tsyntax = runner.transfer_syntax
    if tsyntax == uid.JPEGExtended12Bit and runner.bits_stored != 8:
        raise NotImplementedError("Pillow does not support 'JPEG Extended' for samples with 12-bit precision")
    image = Image.open(BytesIO(src), formats=("JPEG", "JPEG2000"))
    if tsyntax in _LIBJPEG_SYNTAXES:
        # Colour stays as encoded (no YCbCr -> RGB by Pillow) unless Adobe's
        # marker says how it was transformed.
        if runner.samples_per_pixel != 1 and "adobe_transform" not in image.info:
            image.draft("YCbCr", image.size)
        return image.tobytes()  # type: ignore[no-any-return]
    precision = runner.get_option("j2k_precision", runner.bits_stored)
    if 0 < precision <= 8:
        runner.set_option("bits_allocated", 8)
    elif 8 < precision <= 16:
        if runner.samples_per_pixel > 1:
            raise ValueError(f"Pillow cannot decode {precision}-bit multi-sample data correctly")
        runner.set_option("bits_allocated", 16)
    else:
        raise ValueError("only (0028,0101) 'Bits Stored' values of up to 16 are supported")
    buffer = bytearray(image.tobytes())
    del image
    dtype = runner.pixel_dtype
    arr = np.frombuffer(buffer, dtype=f"u{dtype.itemsize}")
    signed = runner.pixel_representation
    if runner.get_option("apply_j2k_sign_correction", False):
        signed = runner.get_option("j2k_is_signed", signed)
    if signed and runner.pixel_representation == 1:
        # Pillow gives signed samples offset by half the range.
        arr = arr.view(dtype)
        arr -= np.int32(2 ** (runner.bits_allocated - 1))
    if shift := runner.bits_allocated - precision:
        np.right_shift(arr, shift, out=arr)
    if runner.photometric_interpretation in (PI.YBR_ICT, PI.YBR_RCT):
        runner.set_option("photometric_interpretation", PI.RGB)
    return arr.tobytes()  # type: ignore[no-any-return]
