"""pydicom's "pylibjpeg" decoding plugin: frames decoded by pylibjpeg and its
plugins (pylibjpeg-libjpeg, -openjpeg, -rle), when they are installed."""

from typing import Any

from rapidicom import uid
from rapidicom.pixels.common import PhotometricInterpretation as PI
from rapidicom.pixels.utils import _passes_version_check

try:
    from pylibjpeg.utils import get_pixel_data_decoders

    _DECODERS: dict[Any, dict[str, Any]] = get_pixel_data_decoders(version=2)
except ImportError:
    _DECODERS = {}

_LIBJPEG = ("pylibjpeg>=2.0", "pylibjpeg-libjpeg>=2.1")
_OPENJPEG = ("pylibjpeg>=2.0", "pylibjpeg-openjpeg>=2.0")
_LIBJPEG_SYNTAXES = [
    uid.JPEGBaseline8Bit,
    uid.JPEGExtended12Bit,
    uid.JPEGLossless,
    uid.JPEGLosslessSV1,
    uid.JPEGLSLossless,
    uid.JPEGLSNearLossless,
]
_OPENJPEG_SYNTAXES = [uid.JPEG2000Lossless, uid.JPEG2000, uid.HTJ2KLossless, uid.HTJ2KLosslessRPCL, uid.HTJ2K]
_RLE_SYNTAXES = [uid.RLELossless]
DECODER_DEPENDENCIES = {
    **dict.fromkeys(_LIBJPEG_SYNTAXES, _LIBJPEG),
    **dict.fromkeys(_OPENJPEG_SYNTAXES, _OPENJPEG),
    uid.RLELossless: ("pylibjpeg>=2.0", "pylibjpeg-rle>=2.0"),
}


def is_available(uid: str) -> bool:
    if not _passes_version_check("pylibjpeg", (2, 0)):
        return False
    if uid in _LIBJPEG_SYNTAXES:
        return _passes_version_check("libjpeg", (2, 0, 2))
    if uid in _OPENJPEG_SYNTAXES:
        return _passes_version_check("openjpeg", (2, 0))
    if uid in _RLE_SYNTAXES:
        return _passes_version_check("rle", (2, 0))
    return False


def _bits_allocated_for(runner: Any, precision: int, sizes: tuple[int, ...]) -> None:
    for size in sizes:
        if 0 < precision <= size:
            runner.set_option("bits_allocated", size)
            return


def _decode_frame(src: bytes, runner: Any) -> bytearray:
    """One frame, by the first of pylibjpeg's decoders for the syntax."""
    tsyntax = runner.transfer_syntax
    for _, func in sorted(_DECODERS[tsyntax].items()):
        frame = func(src, version=2, **runner.options)
        if tsyntax == uid.RLELossless:
            runner.set_option("planar_configuration", 1)
        if tsyntax in _OPENJPEG_SYNTAXES:
            if runner.photometric_interpretation in (PI.YBR_ICT, PI.YBR_RCT):
                runner.set_option("photometric_interpretation", PI.RGB)
            _bits_allocated_for(runner, runner.get_option("j2k_precision", runner.bits_stored), (8, 16, 32))
        if tsyntax in uid.JPEGLSTransferSyntaxes:
            runner.set_option("planar_configuration", 0)
            _bits_allocated_for(runner, runner.get_option("jls_precision", runner.bits_stored), (8, 16))
        return frame  # type: ignore[no-any-return]
    raise RuntimeError(f"pylibjpeg has no decoder for '{tsyntax.name}'")
