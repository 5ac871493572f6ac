"""Pixel data left in its file, for ``pixel_array(path)`` and ``iter_pixels(path)``
on large files: only the frames decoded are read (as pydicom reads them from the
file object), so a file larger than memory can be used frame by frame.

The value gets a buffer of its full length allocated as zeros: numpy takes it
from calloc, and pages never written cost no memory. Item headers (and the Basic
Offset Table) of encapsulated data are read up front, so the usual frame-finding
code runs on the buffer unchanged; each frame's bytes are read before it is
decoded.
"""

from __future__ import annotations

import os
import struct
from typing import Any

import numpy as np

from rapidicom._tags import DoubleFloatPixelData, FloatPixelData, Item, PixelData, SequenceDelimitationItem

# Files at least this large have their pixel data read frame by frame.
LAZY_FROM = 64 * 2**20

_UNDEFINED = 0xFFFFFFFF
_LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}
_KEYWORDS = {FloatPixelData: "FloatPixelData", DoubleFloatPixelData: "DoubleFloatPixelData", PixelData: "PixelData"}


class PixelsInFile:
    """The value of a pixel data element, read from `path` span by span."""

    def __init__(
        self, path: str, keyword: str, vr: str | None, value_tell: int, length: int, headers: list[tuple[int, bytes]]
    ) -> None:
        self.path = path
        self.keyword = keyword
        self.vr = vr
        self.value_tell = value_tell
        self.buffer = np.zeros(length, dtype=np.uint8)
        view = memoryview(self.buffer)
        for offset, data in headers:
            view[offset : offset + len(data)] = data

    def load(self, start: int, stop: int) -> None:
        """Read the value's bytes `start:stop` (clipped to the value)."""
        start, stop = max(0, start), min(stop, len(self.buffer))
        if start >= stop:
            return
        with open(self.path, "rb") as f:
            f.seek(self.value_tell + start)
            f.readinto(memoryview(self.buffer)[start:stop])


def locate(path: str, offset: int, implicit_vr: bool, little_endian: bool) -> PixelsInFile | None:
    """The pixel data element whose header is at `offset`, or None when it is not
    one laid out plainly enough to be read in place (the caller then reads the
    whole file)."""
    order = "<" if little_endian else ">"
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        f.seek(offset)
        head = f.read(12)
        if len(head) < 8:
            return None
        group, element = struct.unpack(order + "HH", head[:4])
        keyword = _KEYWORDS.get(group << 16 | element)
        if keyword is None:
            return None
        vr: str | None = None
        if implicit_vr:
            (length,) = struct.unpack(order + "L", head[4:8])
            value_tell = offset + 8
        else:
            vr = head[4:6].decode("latin-1")
            if vr in _LONG_VRS:
                if len(head) < 12:
                    return None
                (length,) = struct.unpack(order + "L", head[8:12])
                value_tell = offset + 12
            else:
                (length,) = struct.unpack(order + "H", head[6:8])
                value_tell = offset + 8
        if length != _UNDEFINED:
            return PixelsInFile(path, keyword, vr, value_tell, min(length, size - value_tell), [])
        headers = _item_headers(f, value_tell, size, order)
    if headers is None:
        return None
    end, items = headers
    return PixelsInFile(path, keyword, vr, value_tell, end - value_tell, items)


def _item_headers(f: Any, start: int, size: int, order: str) -> tuple[int, list[tuple[int, bytes]]] | None:
    """(end of the value, [(offset in the value, header bytes)]) for the items of
    encapsulated data, walked from header to header; the first item (the Basic
    Offset Table) is kept whole. None when the items do not end in a delimiter."""
    items: list[tuple[int, bytes]] = []
    position = start
    while position + 8 <= size:
        f.seek(position)
        head = f.read(8)
        tag_group, tag_element, length = struct.unpack(order + "HHL", head)
        tag = tag_group << 16 | tag_element
        if tag == SequenceDelimitationItem:
            return position, items
        if tag != Item or length == _UNDEFINED or position + 8 + length > size:
            return None
        if not items:
            head += f.read(length)
        items.append((position - start, head))
        position += 8 + length
    return None
