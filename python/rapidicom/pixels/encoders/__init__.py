"""Pixel data encoders (pydicom.pixels.encoders)."""

from rapidicom.pixels.encoders.base import (
    JPEG2000Encoder,
    JPEG2000LosslessEncoder,
    JPEGLSLosslessEncoder,
    JPEGLSNearLosslessEncoder,
    RLELosslessEncoder,
    get_encoder,
)

__all__ = [
    "JPEG2000Encoder",
    "JPEG2000LosslessEncoder",
    "JPEGLSLosslessEncoder",
    "JPEGLSNearLosslessEncoder",
    "RLELosslessEncoder",
    "get_encoder",
]
