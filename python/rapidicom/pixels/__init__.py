"""Pixel data (pydicom.pixels): arrays from pixel data, codecs, processing."""

from rapidicom.pixels.decoders.base import get_decoder
from rapidicom.pixels.encoders.base import get_encoder
from rapidicom.pixels.processing import (
    apply_color_lut,
    apply_icc_profile,
    apply_modality_lut,
    apply_presentation_lut,
    apply_rescale,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    convert_color_space,
    create_icc_transform,
)
from rapidicom.pixels.utils import (
    as_pixel_options,
    compress,
    decompress,
    iter_pixels,
    pack_bits,
    pixel_array,
    set_pixel_data,
    unpack_bits,
)

__all__ = [
    "apply_color_lut",
    "apply_icc_profile",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "as_pixel_options",
    "compress",
    "convert_color_space",
    "create_icc_transform",
    "decompress",
    "get_decoder",
    "get_encoder",
    "iter_pixels",
    "pack_bits",
    "pixel_array",
    "set_pixel_data",
    "unpack_bits",
]
