"""RLE Lossless decoding (pydicom's "pydicom" plugin, here decoded in Rust):
``_decode_frame`` gives a frame as pydicom's does (each sample's plane in turn),
``_decode_frame.frames`` every frame at once, pixel interleaved, in parallel."""

from struct import unpack
from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.misc import warn_and_log
from rapidicom.uid import RLELossless

DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {RLELossless: ()}


def is_available(uid: str) -> bool:
    return uid in DECODER_DEPENDENCIES


def _decoded(
    src: Any, frames: list[list[tuple[int, int]]], rows: int, columns: int, samples: int, bits: int, order: str
) -> np.ndarray:
    """The frames decoded, pixel interleaved, little endian; warnings issued."""
    arr, warnings = _native.rle_decode(src, frames, rows, columns, samples, bits, order == "<")
    for message in warnings:
        warn_and_log(message)
    return arr


def _decode_frames(runner: Any, src: Any, frames: list[list[tuple[int, int]]]) -> np.ndarray:
    """Every frame at once (the decoder's fast path), pixel interleaved."""
    arr = _decoded(
        src, frames, runner.rows, runner.columns, runner.samples_per_pixel, runner.bits_allocated,
        runner.get_option("rle_segment_order", ">"),
    )  # fmt: skip
    if runner.samples_per_pixel > 1:
        runner.set_option("planar_configuration", 0)
    return arr


def _decode_frame(src: bytes, runner: Any) -> bytearray:
    """One frame, each sample's plane in turn (planar configuration 1)."""
    frame = _rle_decode_frame(
        src, runner.rows, runner.columns, runner.samples_per_pixel, runner.bits_allocated,
        runner.get_option("rle_segment_order", ">"),
    )  # fmt: skip
    runner.set_option("planar_configuration", 1)
    return frame


_decode_frame.frames = _decode_frames  # type: ignore[attr-defined]


def _rle_decode_frame(
    src: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int, segment_order: str = ">"
) -> bytearray:
    """One RLE frame: each sample's plane in turn, little endian."""
    if nr_bits % 8:
        raise NotImplementedError(f"Unable to decode RLE encoded pixel data with {nr_bits} bits allocated")
    arr = _decoded(src, [[(0, len(src))]], rows, columns, nr_samples, nr_bits, segment_order)
    planes = arr.reshape(rows * columns, nr_samples, nr_bits // 8).transpose(1, 0, 2)
    return bytearray(planes.tobytes())


def _rle_decode_segment(src: bytes) -> bytearray:
    """One PackBits segment decoded."""
    return bytearray(_native.rle_decode_segment(src))


def _rle_parse_header(header: bytes) -> list[int]:
    """The segment offsets in a frame's 64-byte RLE header (PS3.5 Annex G)."""
    if len(header) != 64:
        raise ValueError("The RLE header can only be 64 bytes long")
    (count,) = unpack("<L", header[:4])
    if count > 15:
        raise ValueError(f"The RLE header specifies an invalid number of segments ({count})")
    return list(unpack(f"<{count}L", header[4 : 4 * (count + 1)]))
