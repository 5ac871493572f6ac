"""Encapsulated pixel data (pydicom.encaps): offset tables, fragments and frames.

The items are found by the Rust core (`_native.parse_encapsulated`) without
copying a fragment; this module decides which fragments make up which frame, the
way pydicom does (Extended Offset Table, then Basic Offset Table, then one fragment
per frame, then JPEG end-of-image markers).
"""

import os
import re
from collections.abc import Iterator
from io import BufferedIOBase, BytesIO  # noqa: F401  (pydicom's encaps has them)
from struct import pack, unpack
from typing import Any

from rapidicom import _native, config
from rapidicom._tags import Item
from rapidicom.filebase import DicomBytesIO, DicomIO, ReadableBuffer  # noqa: F401
from rapidicom.fileutil import buffer_length, reset_buffer_position
from rapidicom.misc import warn_and_log
from rapidicom.tag import ItemTag, SequenceDelimiterTag, Tag

__all__ = [
    "EncapsulatedBuffer",
    "encapsulate",
    "encapsulate_buffer",
    "encapsulate_extended",
    "encapsulate_extended_buffer",
    "fragment_frame",
    "generate_fragmented_frames",
    "generate_fragments",
    "generate_frames",
    "get_frame",
    "itemize_fragment",
    "itemize_frame",
    "parse_basic_offsets",
    "parse_fragments",
]

_EOI = b"\xff\xd9"


class _Source:
    """Bytes to parse: a buffer as it is, or the rest of a file-like read once (its
    position is restored or moved on as pydicom's functions leave it)."""

    def __init__(self, buffer: Any) -> None:
        if hasattr(buffer, "read"):
            self.stream = buffer
            self.origin = buffer.tell()
            # In chunks: some buffers (EncapsulatedBuffer) read 8 KiB by default.
            self.data: Any = b"".join(iter(lambda: buffer.read(1 << 20), b""))
            buffer.seek(self.origin)
        else:
            self.stream = None
            self.origin = 0
            self.data = buffer

    def leave_at(self, offset: int) -> None:
        if self.stream is not None:
            self.stream.seek(self.origin + offset)

    def __getitem__(self, key: slice) -> bytes:
        return bytes(memoryview(self.data)[key])


def _little(endianness: str) -> bool:
    return endianness != ">"


def _table(source: _Source, endianness: str) -> tuple[list[int], list[tuple[int, int, int]]]:
    return _native.parse_encapsulated(source.data, _little(endianness))


def parse_basic_offsets(buffer: Any, *, endianness: str = "<") -> list[int]:
    """The offsets in the Basic Offset Table item at the start of `buffer`."""
    source = _Source(buffer)
    offsets, end = _native.basic_offsets(source.data, _little(endianness))
    source.leave_at(end)
    return offsets


def _at_origin(error: BaseException, origin: int) -> BaseException:
    """`error` with the offsets it names counted from the start of the stream
    (the native parser counts from where it started reading), as pydicom's."""
    if origin:
        message = re.sub(r"at offset (\d+)", lambda m: f"at offset {int(m[1]) + origin}", str(error))
        error = type(error)(message)
    return error


def parse_fragments(buffer: Any, *, endianness: str = "<") -> tuple[int, list[int]]:
    """The number of fragment items at the start of `buffer` and their offsets."""
    source = _Source(buffer)
    fragments, error = _native.scan_fragment_items(source.data, _little(endianness))
    if error is not None:
        raise _at_origin(error, source.origin)
    return len(fragments), [source.origin + item for item, _, _ in fragments]


def generate_fragments(buffer: Any, *, endianness: str = "<") -> Iterator[bytes]:
    """Each fragment of the items at the start of `buffer`; a bad item raises
    once the fragments before it have been handed out."""
    source = _Source(buffer)
    fragments, error = _native.scan_fragment_items(source.data, _little(endianness))
    for _, start, length in fragments:
        source.leave_at(start + length)
        yield source[start : start + length]
    if error is not None:
        raise _at_origin(error, source.origin)


def _extended_table(
    extended_offsets: tuple[list[int], list[int]] | tuple[bytes, bytes], endianness: str
) -> tuple[list[int], list[int]]:
    def as_list(value: Any) -> list[int]:
        if isinstance(value, bytes):
            return list(unpack(f"{endianness}{len(value) // 8}Q", value))
        return list(value)

    return as_list(extended_offsets[0]), as_list(extended_offsets[1])


def _frame_ranges(
    data: Any,
    *,
    number_of_frames: int | None,
    extended_offsets: Any,
    endianness: str,
) -> Iterator[list[tuple[int, int]]]:
    """The (offset, length) of each fragment of each frame, frame by frame, with
    pydicom's rules for finding frame boundaries and its warnings."""
    offsets, fragments = _native.parse_encapsulated(data, _little(endianness))
    first = 8 + 4 * len(offsets)
    if extended_offsets:
        starts, lengths = _extended_table(extended_offsets, endianness)
        size = len(data)
        for offset, length in zip(starts, lengths):
            start = min(first + offset + 8, size)
            yield [(start, max(0, min(length, size - start)))]
        return
    if offsets:
        frame: list[tuple[int, int]] = []
        index = 0
        position = 0
        last = len(offsets) - 1
        for _, start, length in fragments:
            if index == last or position < offsets[index + 1]:
                frame.append((start, length))
            else:
                yield frame
                index += 1
                frame = [(start, length)]
            position += length + 8
        yield frame
        return
    if len(fragments) == 1:
        yield [(fragments[0][1], fragments[0][2])]
        return
    if not number_of_frames:
        raise ValueError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as "
            "there is no Basic or Extended Offset Table and the number of frames has not "
            "been supplied"
        )
    if len(fragments) == number_of_frames:
        for _, start, length in fragments:
            yield [(start, length)]
        return
    if number_of_frames == 1:
        yield [(start, length) for _, start, length in fragments]
        return
    if len(fragments) > number_of_frames:
        view = memoryview(data)
        frame = []
        found = 0
        for _, start, length in fragments:
            frame.append((start, length))
            tail = bytes(view[max(start, start + length - 10) : start + length])
            if _EOI in tail:
                yield frame
                found += 1
                frame = []
        if frame:
            if found >= number_of_frames:
                msg = (
                    "The end of the encapsulated pixel data has been reached but no JPEG "
                    "EOI/EOC marker was found, the final frame may be be invalid"
                )
            else:
                msg = (
                    "The end of the encapsulated pixel data has been reached but fewer "
                    "frames than expected have been found. Please confirm that the "
                    "generated frame data is correct"
                )
            warn_and_log(msg)
            yield frame
        elif found < number_of_frames:
            warn_and_log(
                "The end of the encapsulated pixel data has been reached but fewer frames than expected have been found"
            )
        return
    raise ValueError(
        "Unable to generate frames from the encapsulated pixel data as there are fewer "
        "fragments than frames; the dataset may be corrupt or the number of frames may "
        "be incorrect"
    )


def generate_fragmented_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[list[int], list[int]] | tuple[bytes, bytes] | None = None,
    endianness: str = "<",
) -> Iterator[tuple[bytes, ...]]:
    """Each frame of encapsulated pixel data as a tuple of its fragments."""
    source = _Source(buffer)
    for frame in _frame_ranges(
        source.data,
        number_of_frames=number_of_frames,
        extended_offsets=extended_offsets,
        endianness=endianness,
    ):
        if frame:
            source.leave_at(frame[-1][0] + frame[-1][1])
        yield tuple(source[start : start + length] for start, length in frame)


def generate_frames(
    buffer: Any,
    *,
    number_of_frames: int | None = None,
    extended_offsets: tuple[list[int], list[int]] | tuple[bytes, bytes] | None = None,
    endianness: str = "<",
) -> Iterator[bytes]:
    """Each frame of encapsulated pixel data, its fragments joined."""
    for fragments in generate_fragmented_frames(
        buffer,
        number_of_frames=number_of_frames,
        extended_offsets=extended_offsets,
        endianness=endianness,
    ):
        yield b"".join(fragments)


def _from_end(index: int, count: int) -> int:
    """A negative `index` counted from the end of a table of `count` frames, as
    pydicom's list lookups do."""
    return index + count if -count <= index < 0 else index


def _frame_at(
    data: Any,
    index: int,
    *,
    number_of_frames: int | None,
    extended_offsets: Any,
    endianness: str,
) -> list[tuple[int, int]]:
    """The fragments of frame `index`, with pydicom's errors for a missing one."""
    offsets, fragments = _native.parse_encapsulated(data, _little(endianness))
    if extended_offsets:
        starts, _ = _extended_table(extended_offsets, endianness)
        index = _from_end(index, len(starts))
        if index >= len(starts):
            raise ValueError(f"There aren't enough offsets in the Extended Offset Table for {index + 1} frames")
    elif offsets:
        index = _from_end(index, len(offsets))
        if index >= len(offsets):
            raise ValueError(f"There aren't enough offsets in the Basic Offset Table for {index + 1} frames")
    elif len(fragments) == 1:
        if index != 0:
            raise ValueError("Found 1 frame fragment in the encapsulated pixel data, 'index' must be 0")
    elif not number_of_frames:
        raise ValueError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as "
            "there is no basic or extended offset table data and the number of frames has "
            "not been supplied"
        )
    elif len(fragments) == number_of_frames:
        index = _from_end(index, len(fragments))
        if index > len(fragments) - 1:
            raise ValueError(
                f"Found {len(fragments)} frame fragments in the encapsulated pixel data, an "
                f"'index' of {index} is invalid"
            )
    elif number_of_frames == 1:
        if index != 0:
            raise ValueError("The 'index' must be 0 if the number of frames is 1")
        return [(start, length) for _, start, length in fragments]
    else:
        # Frames end at JPEG end-of-image markers: count them up to `index`.
        view = memoryview(data)
        frame: list[tuple[int, int]] = []
        found = 0
        for _, start, length in fragments:
            frame.append((start, length))
            if _EOI in bytes(view[max(start, start + length - 10) : start + length]):
                if found == index:
                    return frame
                found += 1
                frame = []
        if frame and index == found:
            warn_and_log(
                "The end of the encapsulated pixel data has been reached but no JPEG "
                "EOI/EOC marker was found, the returned frame data may be invalid"
            )
            return frame
        raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
    for i, frame in enumerate(
        _frame_ranges(
            data,
            number_of_frames=number_of_frames,
            extended_offsets=extended_offsets,
            endianness=endianness,
        )
    ):
        if i == index:
            return frame
    raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")


def get_frame(
    buffer: Any,
    index: int,
    *,
    extended_offsets: tuple[list[int], list[int]] | tuple[bytes, bytes] | None = None,
    number_of_frames: int | None = None,
    endianness: str = "<",
) -> bytes:
    """Frame `index` of encapsulated pixel data (its fragments joined)."""
    source = _Source(buffer)
    frame = _frame_at(
        source.data,
        index,
        number_of_frames=number_of_frames,
        extended_offsets=extended_offsets,
        endianness=endianness,
    )
    return b"".join(source[start : start + length] for start, length in frame)


def fragment_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """Split a frame into `nr_fragments` fragments of even length."""
    frame_length = len(frame)
    if nr_fragments > (frame_length + 1) / 2.0:
        raise ValueError("Too many fragments requested (the minimum fragment size is 2 bytes)")
    length = int(frame_length / nr_fragments)
    length += length % 2
    for offset in range(0, length * (nr_fragments - 1), length):
        yield frame[offset : offset + length]
    offset = length * (nr_fragments - 1)
    last = frame[offset:]
    yield last + b"\x00" if (frame_length - offset) % 2 else last


def itemize_fragment(fragment: bytes) -> bytes:
    """A fragment as an item: its tag, its length and its bytes."""
    return b"".join((b"\xfe\xff\x00\xe0", pack("<I", len(fragment)), fragment))


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """The items of a frame split into `nr_fragments` fragments."""
    for fragment in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(fragment)


def encapsulate(frames: list[bytes], fragments_per_frame: int = 1, has_bot: bool = True) -> bytes:
    """Frames as encapsulated pixel data, with a Basic Offset Table (`has_bot`) or an
    empty one."""
    nr_frames = len(frames)
    if has_bot:
        # The table's offsets are 32-bit: the last frame's must fit.
        total = (nr_frames - 1) * 8 + sum(len(f) for f in frames[:-1])
        if total > 2**32 - 1:
            raise ValueError(
                f"The total length of the encapsulated frame data ({total} bytes) will be "
                f"greater than the maximum allowed by the Basic Offset Table ({2**32 - 1} "
                "bytes), it's recommended that you use the Extended Offset Table instead "
                "(see the 'encapsulate_extended' function for more information)"
            )
    if fragments_per_frame == 1 and all(len(frame) for frame in frames):
        try:
            return _native.encapsulate(list(frames), has_bot)
        except TypeError:  # frames that are not buffers: itemized below
            pass
    items = [b"".join(itemize_frame(frame, fragments_per_frame)) for frame in frames]
    table = b""
    if has_bot:
        starts = [0]
        for item in items[:-1]:
            starts.append(starts[-1] + len(item))
        table = pack(f"<{nr_frames}I", *starts)
    return b"".join([b"\xfe\xff\x00\xe0", pack("<I", len(table)), table, *items])


def encapsulate_extended(frames: list[bytes]) -> tuple[bytes, bytes, bytes]:
    """Frames encapsulated with an empty Basic Offset Table, and the values of the
    Extended Offset Table and Extended Offset Table Lengths."""
    lengths = [len(frame) + len(frame) % 2 for frame in frames]
    starts = [0]
    for length in lengths[:-1]:
        starts.append(starts[-1] + length + 8)
    return (
        encapsulate(frames, has_bot=False),
        pack(f"<{len(frames)}Q", *starts),
        pack(f"<{len(frames)}Q", *lengths),
    )


class _BufferedItem:
    """One item of encapsulated data whose value is a buffer: its 8-byte header,
    the buffer's bytes and a padding byte when their number is odd. ``length``
    is the whole item's."""

    def __init__(self, buffer: BufferedIOBase) -> None:
        self.buffer = buffer
        self._blen = buffer_length(buffer)
        if self._blen > 2**32 - 2:
            raise ValueError("Buffers containing more than 4294967294 bytes are not supported")
        self._padding = bool(self._blen % 2)
        self.length = 8 + self._blen + self._blen % 2
        self._item = b"\xfe\xff\x00\xe0" + pack("<I", self.length - 8)

    def read(self, start: int, size: int) -> bytes:
        """Up to `size` bytes of the item from offset `start` (0 is the first
        byte of the item tag); the buffer's position is left as it was."""
        if not 0 <= start < self.length:
            raise ValueError(f"Invalid 'start' value '{start}', must be in the closed interval [0, {self.length - 1}]")
        end = min(self.length, start + size)
        parts = []
        if start < 8:
            parts.append(self._item[start:end])
        lo, hi = max(start, 8) - 8, min(end - 8, self._blen)
        if lo < hi:
            with reset_buffer_position(self.buffer):
                self.buffer.seek(lo)
                parts.append(self.buffer.read(hi - lo))
        if self._padding and end == self.length and start < self.length:
            parts.append(b"\x00")
        return b"".join(parts)


class EncapsulatedBuffer(BufferedIOBase):
    """Encapsulated pixel data read on demand from buffers holding one frame
    each: the Basic Offset Table item (empty unless `use_bot`), then an item per
    buffer. Nothing is read from the buffers until it is read from this."""

    def __init__(self, buffers: list[BufferedIOBase], use_bot: bool = False) -> None:
        if not isinstance(buffers, list):
            raise TypeError("'buffers' must be a list of objects that inherit from 'io.BufferedIOBase'")
        self._buffers = buffers
        self._items = [_BufferedItem(buffer) for buffer in buffers]
        self._use_bot = use_bot
        self._offset = 0

    @property
    def basic_offset_table(self) -> bytes:
        """The Basic Offset Table item: the frames' offsets with `use_bot`."""
        offsets = self.offsets if self._use_bot else []
        return b"\xfe\xff\x00\xe0" + pack(f"<I{len(offsets)}I", 4 * len(offsets), *offsets)

    @property
    def closed(self) -> bool:
        """True if any of the buffers is closed."""
        return any(buffer.closed for buffer in self._buffers)

    @property
    def extended_lengths(self) -> bytes:
        """The Extended Offset Table Lengths value: each frame's (padded) length."""
        return pack(f"<{len(self._items)}Q", *[item.length - 8 for item in self._items])

    @property
    def extended_offsets(self) -> bytes:
        """The Extended Offset Table value: each frame's item offset."""
        return pack(f"<{len(self._items)}Q", *self.offsets)

    @property
    def encapsulated_length(self) -> int:
        """The length of the whole encapsulated data."""
        return len(self.basic_offset_table) + sum(self.lengths)

    @property
    def lengths(self) -> list[int]:
        """Each frame's item length, header included."""
        return [item.length for item in self._items]

    @property
    def offsets(self) -> list[int]:
        """Each frame's item offset from the end of the Basic Offset Table item."""
        starts = [0]
        for length in self.lengths[:-1]:
            starts.append(starts[-1] + length)
        return starts

    def read(self, size: int | None = 8192, /) -> bytes:
        """Up to `size` bytes (all that is left if `size` is None or negative)."""
        table = self.basic_offset_table
        total = len(table) + sum(self.lengths)
        if size is None or size < 0:
            size = total - self._offset
        end = min(total, self._offset + size)
        out = []
        position, offset = 0, self._offset
        pieces: list[tuple[int, Any]] = [(len(table), table)] + [(item.length, item) for item in self._items]
        for length, piece in pieces:
            if offset < end and position <= offset < position + length:
                count = min(end, position + length) - offset
                if isinstance(piece, bytes):
                    chunk = piece[offset - position : offset - position + count]
                else:
                    chunk = piece.read(offset - position, count)
                out.append(chunk)
                offset += len(chunk)
            position += length
        data = b"".join(out)
        self._offset += len(data)
        return data

    def readable(self) -> bool:
        """True if all the buffers are readable."""
        return all(buffer.readable() for buffer in self._buffers)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to `offset` from the start, the position or the end (`whence`),
        as ``io.BytesIO`` does: a position before the start is the start, except
        that a negative offset from the start is an error."""
        if whence not in (os.SEEK_SET, os.SEEK_CUR, os.SEEK_END):
            raise ValueError("Invalid 'whence' value, should be 0, 1 or 2")
        if whence == os.SEEK_SET and offset < 0:
            raise ValueError(f"Negative seek 'offset' value {offset}")
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._offset, os.SEEK_END: self.encapsulated_length}[whence]
        self._offset = max(0, base + offset)
        return self._offset

    def seekable(self) -> bool:
        """True if all the buffers are seekable."""
        return all(buffer.seekable() for buffer in self._buffers)

    def tell(self) -> int:
        return self._offset


def encapsulate_buffer(buffers: list[BufferedIOBase], has_bot: bool = True) -> EncapsulatedBuffer:
    """Frames held in buffers, encapsulated as they are read."""
    return EncapsulatedBuffer(buffers, use_bot=has_bot)


def encapsulate_extended_buffer(
    buffers: list[BufferedIOBase],
) -> tuple[EncapsulatedBuffer, bytes, bytes]:
    """As `encapsulate_extended`, for frames held in buffers."""
    encapsulated = EncapsulatedBuffer(buffers)
    return encapsulated, encapsulated.extended_offsets, encapsulated.extended_lengths


# pydicom 2.x's functions, deprecated in pydicom 3.0 (see __getattr__).


def _get_frame_offsets(fp: DicomIO) -> tuple[bool, list[int]]:
    """(whether the Basic Offset Table at `fp`'s position has a value, its
    offsets, or [0] if it has none); `fp` must be little endian."""
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")
    tag = Tag(fp.read_tag())
    if tag != Item:
        raise ValueError(f"Unexpected tag '{tag}' when parsing the Basic Offset Table item")
    length = fp.read_UL()
    if length % 4:
        raise ValueError("The length of the Basic Offset Table item is not a multiple of 4")
    offsets = [fp.read_UL() for _ in range(length // 4)]
    return bool(length), offsets or [0]


def _get_nr_fragments(fp: DicomIO) -> int:
    """The number of fragments at `fp`'s position (see parse_fragments)."""
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")
    return parse_fragments(fp)[0]


def _generate_pixel_data_fragment(fp: DicomIO) -> Iterator[bytes]:
    """The fragments after the Basic Offset Table (see generate_fragments)."""
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")
    yield from generate_fragments(fp)


def _generate_pixel_data_frame(bytestream: bytes, nr_frames: int | None = None) -> Iterator[bytes]:
    """Each frame's bytes (see generate_frames)."""
    for frame in generate_fragmented_frames(bytestream, number_of_frames=nr_frames):
        yield b"".join(frame)


def _generate_pixel_data(bytestream: bytes, nr_frames: int | None = None) -> Iterator[tuple[bytes, ...]]:
    """Each frame's fragments (see generate_fragmented_frames)."""
    yield from generate_fragmented_frames(bytestream, number_of_frames=nr_frames)


def _decode_data_sequence(data: bytes) -> list[bytes]:
    """Every fragment of the encapsulated `data` (its Basic Offset Table left out)."""
    with DicomBytesIO(data) as fp:
        fp.is_little_endian = True
        _read_item(fp)  # the Basic Offset Table
        fragments = []
        while item := _read_item(fp):
            fragments.append(item)
        return fragments


def _defragment_data(data: bytes) -> bytes:
    """The fragments of the encapsulated `data`, joined."""
    return b"".join(_decode_data_sequence(data))


def _read_item(fp: DicomIO) -> bytes | None:
    """The value of the item at `fp`'s position; None at the sequence delimiter
    or the end of the data."""
    log = config._logger()
    try:
        tag = fp.read_tag()
    except EOFError:
        return None
    if tag == SequenceDelimiterTag:
        length = fp.read_UL()
        log.debug("%04x: Sequence Delimiter, length 0x%x", fp.tell() - 8, length)
        if length:
            log.warning("Expected 0x00000000 after delimiter, found 0x%x, at data position 0x%x", length, fp.tell() - 4)
        return None
    if tag != ItemTag:
        log.warning("Expected Item with tag %s at data position 0x%x", ItemTag, fp.tell() - 4)
        length = fp.read_UL()
    else:
        length = fp.read_UL()
        log.debug("%04x: Item, length 0x%x", fp.tell() - 8, length)
    if length == 0xFFFFFFFF:
        raise ValueError(f"Encapsulated data fragment had Undefined Length at data position 0x{fp.tell() - 4:x}")
    return fp.read(length)


_DEPRECATED = {
    "get_frame_offsets": _get_frame_offsets,
    "get_nr_fragments": _get_nr_fragments,
    "generate_pixel_data_fragment": _generate_pixel_data_fragment,
    "generate_pixel_data_frame": _generate_pixel_data_frame,
    "generate_pixel_data": _generate_pixel_data,
    "decode_data_sequence": _decode_data_sequence,
    "defragment_data": _defragment_data,
    "read_item": _read_item,
    "itemise_frame": itemize_frame,
    "itemise_fragment": itemize_fragment,
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED and not config._use_future:
        warn_and_log(f"{name} is deprecated and will be removed in v4.0", DeprecationWarning)
        return _DEPRECATED[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
