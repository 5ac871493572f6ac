"""Native (uncompressed) pixel data as an array or a buffer, the bytes handled
in Rust: one copy from the source into the array (packed bits unpacked, OW words
swapped, YBR_FULL_422 expanded and unused bits cleared in the same pass), or
none with ``view_only``."""

import logging
from math import ceil, floor
from typing import Any, cast

import numpy as np

from rapidicom import _native
from rapidicom.pixels.common import PI

LOGGER = logging.getLogger("pydicom")


def _load_native(runner: Any, index: int | None, length_bytes: float, size: int) -> None:
    """Native frames: the bytes of frame `index` (with a byte either side, for odd
    and bit-packed frames), or all of them."""
    if index is None:
        runner.load(0, size)
    else:
        first = floor(index * length_bytes)
        runner.load(first - 1, first + ceil(length_bytes) + 1)


def load_fragments(runner: Any, frames: list[list[tuple[int, int]]]) -> None:
    for frame in frames:
        for start, length in frame:
            runner.load(start, start + length)


def native_array(runner: Any, index: int | None, fused: bool) -> np.ndarray:
    """The frame(s) as a flat array of the pixel dtype; unused bits corrected
    here when `fused`."""
    src = runner.buffer()
    size = len(src)
    length_bytes = runner.frame_length(unit="bytes")
    length_pixels = int(runner.frame_length(unit="pixels"))
    _load_native(runner, index, length_bytes, size)
    frames = runner.number_of_frames
    dtype = runner.pixel_dtype
    correct: dict[str, Any] = {}
    if fused:
        correct = dict(
            bits_stored=runner.bits_stored,
            signed=dtype.kind == "i",
            big_endian=not runner.transfer_syntax.is_little_endian,
        )
    view_only = runner.get_option("view_only", False)
    if fused and view_only:
        LOGGER.warning(
            "Unable to return an ndarray that's a view on the original buffer when "
            "(0028,0101) 'Bits Stored' doesn't equal (0028,0100) 'Bits Allocated' and "
            "'correct_unused_bits=True'. In most cases you can pass "
            "'correct_unused_bits=False' instead to get a view if the uncorrected array is "
            "equivalent to the corrected one."
        )
    if runner._test_for("be_swap_ow"):
        if view_only:
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer for "
                "8-bit pixel data encoded as OW with 'Explicit VR Big Endian'"
            )
        length_bytes = cast(int, length_bytes)
        if index is not None:
            start = index * length_bytes
            if start + length_bytes > size:
                raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
            odd = index % 2 if length_bytes % 2 else 0
            span = length_bytes + (1 if length_bytes % 2 else 0)
            raw = _native.native_pixels(
                src, start - odd, min(span, size - start + odd), "swap", bytes_per_sample=1, **correct
            )
            return raw[odd : odd + length_bytes].view(dtype)
        total = length_bytes * frames
        raw = _native.native_pixels(src, 0, min(total + total % 2, size), "swap", bytes_per_sample=1, **correct)
        return raw[:total].view(dtype)
    if index is not None:
        start = floor(index * length_bytes)
        if start + length_bytes > size:
            raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
        length = ceil(length_bytes)
        bit_offset = index * length_pixels % 8
        count = length_pixels
    else:
        start = 0
        length = ceil(length_bytes * frames)
        bit_offset = 0
        count = length_pixels * frames
    if runner.bits_allocated == 1:
        if view_only:
            LOGGER.warning("Unable to return an ndarray that's a view on the original buffer for bit-packed pixel data")
        # A frame may start and end inside a byte: read every byte it touches.
        length = min(ceil((bit_offset + count) / 8), size - start)
        return _native.native_pixels(src, start, length, "bits", bit_offset=bit_offset, count=count)
    itemsize = dtype.itemsize
    if runner.photometric_interpretation == PI.YBR_FULL_422:
        if view_only:
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer for "
                "uncompressed pixel data with a photometric interpretation of "
                "'YBR_FULL_422'"
            )
        out = _native.native_pixels(src, start, length, "ybr422", bytes_per_sample=itemsize, **correct)
        runner.set_option("photometric_interpretation", PI.YBR_FULL)
        return out.view(dtype)
    if view_only and not fused:
        return np.frombuffer(memoryview(src)[start : start + length], dtype=dtype)
    return _native.native_pixels(src, start, length, "plain", bytes_per_sample=itemsize, **correct).view(dtype)


def native_buffer(runner: Any, index: int | None) -> Any:
    """The bytes of frame `index` (or of all frames) as held: a slice of the
    source (a view with ``view_only``); OW words of 8-bit big endian data keep
    their byte either side."""
    src = runner.buffer()
    length_bytes = runner.frame_length(unit="bytes")
    _load_native(runner, index, length_bytes, len(src))
    view = memoryview(src) if runner.get_option("view_only", False) else src
    if index is None:
        total = length_bytes * runner.number_of_frames
        end = ceil(total) + (total % 2 if runner._test_for("be_swap_ow") else 0)
        return view[:end]
    start = floor(index * length_bytes)
    if start + length_bytes > len(src):
        raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
    if runner._test_for("be_swap_ow") and length_bytes % 2:
        start -= index % 2
        return view[start : start + length_bytes + 1]
    return view[start : start + ceil(length_bytes)]
