"""Encapsulated pixel data (pydicom.encaps): offset tables, fragments and frames.

The items are found by the Rust core (`_native.parse_encapsulated`) without
copying a fragment; this module decides which fragments make up which frame, the
way pydicom does (Extended Offset Table, then Basic Offset Table, then one fragment
per frame, then JPEG end-of-image markers).
"""

from collections.abc import Iterator
from io import BufferedIOBase
import os
from struct import pack, unpack
from typing import Any

from rapidicom import _native, config
from rapidicom.misc import warn_and_log

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
            self.data: Any = buffer.read()
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
    offsets, fragments = _table(source, endianness)
    source.leave_at(8 + 4 * len(offsets))
    return offsets


def parse_fragments(buffer: Any, *, endianness: str = "<") -> tuple[int, list[int]]:
    """The number of fragment items at the start of `buffer` and their offsets."""
    source = _Source(buffer)
    fragments = _native.parse_fragment_items(source.data, _little(endianness))
    return len(fragments), [source.origin + item for item, _, _ in fragments]


def generate_fragments(buffer: Any, *, endianness: str = "<") -> Iterator[bytes]:
    """Each fragment of the items at the start of `buffer`."""
    source = _Source(buffer)
    fragments = _native.parse_fragment_items(source.data, _little(endianness))
    for _, start, length in fragments:
        source.leave_at(start + length)
        yield source[start : start + length]


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
                "The end of the encapsulated pixel data has been reached but fewer frames "
                "than expected have been found"
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
        if index >= len(starts):
            raise ValueError(
                f"There aren't enough offsets in the Extended Offset Table for {index + 1} "
                "frames"
            )
    elif offsets:
        if index >= len(offsets):
            raise ValueError(
                f"There aren't enough offsets in the Basic Offset Table for {index + 1} frames"
            )
    elif len(fragments) == 1:
        if index != 0:
            raise ValueError(
                "Found 1 frame fragment in the encapsulated pixel data, 'index' must be 0"
            )
    elif not number_of_frames:
        raise ValueError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as "
            "there is no basic or extended offset table data and the number of frames has "
            "not been supplied"
        )
    elif len(fragments) == number_of_frames:
        if index > len(fragments) - 1:
            raise ValueError(
                f"Found {len(fragments)} frame fragments in the encapsulated pixel data, an "
                f"'index' of {index} is invalid"
            )
    elif number_of_frames == 1 and index != 0:
        raise ValueError("The 'index' must be 0 if the number of frames is 1")
    elif len(fragments) > number_of_frames:
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
    if fragments_per_frame == 1:
        return _native.encapsulate(list(frames), has_bot)
    nr_frames = len(frames)
    items = [b"".join(itemize_frame(frame, fragments_per_frame)) for frame in frames]
    table = b""
    if has_bot:
        total = (nr_frames - 1) * 8 + sum(len(f) for f in frames[:-1])
        if total > 2**32 - 1:
            raise ValueError(
                f"The total length of the encapsulated frame data ({total} bytes) will be "
                f"greater than the maximum allowed by the Basic Offset Table ({2**32 - 1} "
                "bytes), it's recommended that you use the Extended Offset Table instead "
                "(see the 'encapsulate_extended' function for more information)"
            )
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


class EncapsulatedBuffer(BufferedIOBase):
    """Encapsulated pixel data read on demand from buffers holding one frame each."""

    def __init__(self, buffers: list[BufferedIOBase], use_bot: bool = False) -> None:
        for buffer in buffers:
            if not (hasattr(buffer, "read") and hasattr(buffer, "seek")):
                raise TypeError("'buffers' must be a list of readable and seekable buffers")
        self._buffers = buffers
        self._use_bot = use_bot
        self._offset = 0
        self._lengths = []
        for buffer in buffers:
            position = buffer.tell()
            size = buffer.seek(0, os.SEEK_END) - position
            buffer.seek(position)
            self._lengths.append(size)
        self._items = [self._header_of(i) for i in range(len(buffers))]

    def _header_of(self, index: int) -> bytes:
        length = self._lengths[index]
        return b"\xfe\xff\x00\xe0" + pack("<I", length + length % 2)

    @property
    def basic_offset_table(self) -> bytes:
        offsets = self.offsets if self._use_bot else []
        return b"\xfe\xff\x00\xe0" + pack("<I", 4 * len(offsets)) + pack(f"<{len(offsets)}I", *offsets)

    @property
    def closed(self) -> bool:
        return all(getattr(buffer, "closed", False) for buffer in self._buffers) if self._buffers else False

    @property
    def extended_lengths(self) -> bytes:
        return pack(f"<{len(self._lengths)}Q", *[n + n % 2 for n in self._lengths])

    @property
    def extended_offsets(self) -> bytes:
        return pack(f"<{len(self._lengths)}Q", *self.offsets)

    @property
    def encapsulated_length(self) -> int:
        return len(self.basic_offset_table) + sum(8 + n + n % 2 for n in self._lengths)

    @property
    def lengths(self) -> list[int]:
        return [8 + n + n % 2 for n in self._lengths]

    @property
    def offsets(self) -> list[int]:
        starts = [0]
        for length in self.lengths[:-1]:
            starts.append(starts[-1] + length)
        return starts

    def _pieces(self) -> Iterator[tuple[int, Any]]:
        """(length, reader) for each piece of the encapsulated data in order."""
        yield len(self.basic_offset_table), self.basic_offset_table
        for i, buffer in enumerate(self._buffers):
            yield 8, self._items[i]
            yield self._lengths[i], buffer
            if self._lengths[i] % 2:
                yield 1, b"\x00"

    def read(self, size: int | None = 8192, /) -> bytes:
        total = self.encapsulated_length
        if size is None or size < 0:
            size = total - self._offset
        end = min(total, self._offset + size)
        out = []
        position = 0
        for length, piece in self._pieces():
            lo, hi = max(self._offset, position), min(end, position + length)
            if lo < hi:
                if isinstance(piece, bytes):
                    out.append(piece[lo - position : hi - position])
                else:
                    start = piece.tell()
                    piece.seek(start + lo - position)
                    out.append(piece.read(hi - lo))
                    piece.seek(start)
            position += length
            if position >= end:
                break
        data = b"".join(out)
        self._offset += len(data)
        return data

    def readable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._offset, os.SEEK_END: self.encapsulated_length}
        new = base[whence] + offset
        if new < 0:
            raise ValueError(f"Invalid 'offset' value {offset}, the position can't be negative")
        self._offset = new
        return new

    def seekable(self) -> bool:
        return True

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


def __getattr__(name: str) -> Any:
    deprecated = {"itemise_frame": itemize_frame, "itemise_fragment": itemize_fragment}
    if name in deprecated and not config._use_future:
        warn_and_log(f"{name} is deprecated and will be removed in v4.0", DeprecationWarning)
        return deprecated[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
