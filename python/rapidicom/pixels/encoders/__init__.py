"""Pixel data encoders (pydicom.pixels.encoders)."""

from rapidicom.pixels.encoders.base import (
    DeflatedImageFrameCompressionEncoder,
    JPEG2000Encoder,
    JPEG2000LosslessEncoder,
    JPEGLSLosslessEncoder,
    JPEGLSNearLosslessEncoder,
    RLELosslessEncoder,
    get_encoder,
)

__all__ = [
    "DeflatedImageFrameCompressionEncoder",
    "JPEG2000Encoder",
    "JPEG2000LosslessEncoder",
    "JPEGLSLosslessEncoder",
    "JPEGLSNearLosslessEncoder",
    "RLELosslessEncoder",
    "get_encoder",
]
