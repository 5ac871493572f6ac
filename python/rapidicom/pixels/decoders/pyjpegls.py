"""pydicom's "pyjpegls" decoding plugin: JPEG-LS frames decoded by pyjpegls
(CharLS), when it is installed."""

from typing import Any

from rapidicom import uid
from rapidicom.pixels.utils import _passes_version_check

try:
    import jpeg_ls
except ImportError:
    pass

DECODER_DEPENDENCIES = dict.fromkeys((uid.JPEGLSLossless, uid.JPEGLSNearLossless), ("numpy", "pyjpegls>=1.2"))


def is_available(uid: str) -> bool:
    return _passes_version_check("jpeg_ls", (1, 2))


def _decode_frame(src: bytes, runner: Any) -> bytearray:
    buffer, info = jpeg_ls.decode_pixel_data(src)
    if info["components"] > 1:
        # Interleave mode 0 keeps each component apart: planar configuration 1.
        runner.set_option("planar_configuration", 1 if info["interleave_mode"] == 0 else 0)
    precision = info["bits_per_sample"]
    if 0 < precision <= 8:
        runner.set_option("bits_allocated", 8)
    elif 8 < precision <= 16:
        runner.set_option("bits_allocated", 16)
    return buffer  # type: ignore[no-any-return]
