"""Pixel data decoders, one per transfer syntax (pydicom.pixels.decoders)."""

from rapidicom.pixels.decoders.base import (
    DeflatedImageFrameCompressionDecoder,
    DeflatedExplicitVRLittleEndianDecoder,
    ExplicitVRBigEndianDecoder,
    ExplicitVRLittleEndianDecoder,
    ImplicitVRLittleEndianDecoder,
    RLELosslessDecoder,
    get_decoder,
)

__all__ = [
    "DeflatedImageFrameCompressionDecoder",
    "DeflatedExplicitVRLittleEndianDecoder",
    "ExplicitVRBigEndianDecoder",
    "ExplicitVRLittleEndianDecoder",
    "ImplicitVRLittleEndianDecoder",
    "RLELosslessDecoder",
    "get_decoder",
]
