"""Helpers for paths, buffered element values, and for reading file-likes up
to delimiters (pydicom.fileutil).

The reading helpers serve pydicom's streaming reader
(``filereader.data_element_generator``) and programs that use them directly;
``dcmread`` parses in Rust and does not use them. Searches are done by
``bytes.find`` over chunks, never byte by byte in Python.
"""

import os
import struct
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from io import BufferedIOBase
from typing import Any, BinaryIO, TypeAlias

from rapidicom.config import _logger, settings
from rapidicom.misc import size_in_bytes
from rapidicom.tag import BaseTag, ItemTag, SequenceDelimiterTag, Tag, TupleTag

PathType: TypeAlias = "str | bytes | os.PathLike[Any]"


def _tag_bytes(tag: int, is_little_endian: bool) -> bytes:
    return struct.pack("<HH" if is_little_endian else ">HH", tag >> 16, tag & 0xFFFF)


def _unpack_tag(b: bytes, endianness: str) -> BaseTag:
    """The tag in the 4 bytes `b`, `endianness` "<" or ">"."""
    return TupleTag(struct.unpack(f"{endianness}HH", b))  # type: ignore[arg-type]


def absorb_delimiter_item(fp: BinaryIO, is_little_endian: bool, delimiter: BaseTag) -> None:
    """Read past the 8-byte `delimiter` item at `fp`'s position; if something
    else is there, log it and leave `fp` where it was."""
    from rapidicom.datadict import dictionary_description

    group, elem, length = struct.unpack("<HHL" if is_little_endian else ">HHL", fp.read(8))
    tag = TupleTag((group, elem))
    where = fp.tell() - 8
    if tag != delimiter:
        _logger().warning(
            f"Did not find expected delimiter '{dictionary_description(delimiter)}', "
            f"instead found {tag} at file position 0x{where:X}"
        )
        fp.seek(where)
        return
    _logger().debug("%04x: Found Delimiter '%s'", where, dictionary_description(delimiter))
    if length:
        _logger().debug("%04x: Expected 0x00000000 after delimiter, found 0x%x", where + 4, length)
    else:
        _logger().debug("%04x: Read 0 bytes after delimiter", where + 4)


def _scan(fp: BinaryIO, needle: bytes, read_size: int) -> tuple[int | None, list[bytes]]:
    """Read `fp` in chunks of `read_size` until `needle`; (where it starts, the
    bytes read before it) or (None, everything read) at the end of the data.
    `fp` is left at the end of what was read."""
    overlap = len(needle) - 1
    chunks: list[bytes] = []
    while True:
        chunk_start = fp.tell()
        chunk = fp.read(read_size)
        if len(chunk) < read_size:  # a short read may not be the end yet
            chunk += fp.read(read_size - len(chunk))
        found = chunk.find(needle)
        if found != -1:
            chunks.append(chunk[:found])
            return chunk_start + found, chunks
        if len(chunk) < read_size:
            chunks.append(chunk)
            return None, chunks
        # The needle may straddle two chunks: read the last bytes again.
        fp.seek(fp.tell() - overlap)
        chunks.append(chunk[:-overlap] if overlap else chunk)


def find_bytes(fp: BinaryIO, bytes_to_find: bytes, read_size: int = 128, rewind: bool = True) -> int | None:
    """Where `bytes_to_find` next occurs in `fp` (None if it does not). `fp` is
    left where it was with `rewind`, else just past what was found (or at the
    start, if nothing was)."""
    start = fp.tell()
    found_at, _ = _scan(fp, bytes_to_find, read_size)
    if rewind or found_at is None:
        fp.seek(start)
    else:
        fp.seek(found_at + len(bytes_to_find))
    return found_at


def find_delimiter(
    fp: BinaryIO, delimiter: BaseTag, is_little_endian: bool, read_size: int = 128, rewind: bool = True
) -> int | None:
    """Where the 4-byte tag `delimiter` next occurs in `fp` (see find_bytes)."""
    return find_bytes(fp, _tag_bytes(Tag(delimiter), is_little_endian), read_size=read_size, rewind=rewind)


def length_of_undefined_length(
    fp: BinaryIO, delimiter: BaseTag, is_little_endian: bool, read_size: int = 128, rewind: bool = True
) -> int | None:
    """The number of bytes from `fp`'s position to `delimiter` (None if absent)."""
    start = fp.tell()
    found_at = find_delimiter(fp, delimiter, is_little_endian, rewind=rewind)
    return None if found_at is None else found_at - start


def _try_read_encapsulated_pixel_data(
    fp: BinaryIO, is_little_endian: bool, defer_size: float | int | None = None
) -> tuple[bool, bytes | None]:
    """Read an undefined-length value as encapsulated pixel data (items, then a
    sequence delimiter), which cannot be fooled by delimiter bytes inside a
    fragment and reads nothing it defers. (True, value) with `fp` past the
    delimiter and its length; (False, None) with `fp` where it was when the data
    is not made of items."""
    unpack_length = struct.Struct("<L" if is_little_endian else ">L").unpack
    item = _tag_bytes(ItemTag, is_little_endian)
    delimiter = _tag_bytes(SequenceDelimiterTag, is_little_endian)
    start = fp.tell()
    consumed = 0  # bytes of items read, and of the delimiter's tag
    while True:
        tag = fp.read(4)
        if len(tag) < 4:
            _logger().debug(
                "End of input encountered while parsing undefined length value as encapsulated "
                "pixel data. Unable to find tag at position 0x%x. Falling back to byte by byte scan.",
                fp.tell() - len(tag),
            )
            fp.seek(start)
            return False, None
        consumed += 4
        if tag == delimiter:
            break
        if tag != item:
            _logger().debug(
                "Unknown tag bytes %s at position 0x%x found while parsing undefined length value "
                "as encapsulated pixel data. Falling back to byte-by-byte scan.",
                tag.hex(),
                fp.tell() - 4,
            )
            fp.seek(start)
            return False, None
        length_bytes = fp.read(4)
        if len(length_bytes) < 4:
            _logger().debug(
                "End of input encountered while parsing undefined length value as encapsulated "
                "pixel data. Unable to find length for tag %s at position 0x%x. Falling back to "
                "byte by byte scan.",
                ItemTag,
                fp.tell() - len(length_bytes),
            )
            fp.seek(start)
            return False, None
        (length,) = unpack_length(length_bytes)
        try:
            fp.seek(length, os.SEEK_CUR)
        except OverflowError:
            _logger().debug(
                "Too-long length %04x for tag %s at position 0x%x found while parsing undefined "
                "length value as encapsulated pixel data. Falling back to byte-by-byte scan.",
                length,
                ItemTag,
                fp.tell() - 8,
            )
            fp.seek(start)
            return False, None
        consumed += 4 + length
    if fp.read(4) != b"\0\0\0\0":
        _logger().debug(f"Expected 4 zero bytes after undefined length delimiter at pos {fp.tell() - 4:04x}")
    value = None
    if defer_size is None or defer_size > consumed:
        fp.seek(start)
        value = fp.read(consumed - 4)
    fp.seek(start + consumed + 4)
    return True, value


def read_undefined_length_value(
    fp: BinaryIO,
    is_little_endian: bool,
    delimiter_tag: BaseTag,
    defer_size: int | float | None = None,
    read_size: int = 1024 * 8,
) -> bytes | None:
    """The value from `fp`'s position up to `delimiter_tag`, with `fp` left past
    the delimiter and its 4-byte length; None when the value is at least
    `defer_size` long. ``EOFError`` (and `fp` back at the start) if the data ends
    first. A value ended by a sequence delimiter is first read as encapsulated
    pixel data."""
    start = fp.tell()
    defer_size = size_in_bytes(defer_size)
    if delimiter_tag == SequenceDelimiterTag:
        found, value = _try_read_encapsulated_pixel_data(fp, is_little_endian, defer_size)
        if found:
            return value
    found_at, chunks = _scan(fp, _tag_bytes(delimiter_tag, is_little_endian), read_size)
    if found_at is None:
        fp.seek(start)
        raise EOFError(f"End of file reached before delimiter {delimiter_tag!r} found")
    fp.seek(found_at + 4)
    if fp.read(4) != b"\0\0\0\0":
        _logger().error(f"Expected 4 zero bytes after undefined length delimiter at pos {fp.tell() - 4:04x}")
    if defer_size is not None and found_at - start >= defer_size:
        return None
    return b"".join(chunks)


def path_from_pathlike(file_object: Any) -> str | BinaryIO:
    """The path of a path-like object, or the object itself if it is a file."""
    try:
        return os.fspath(file_object)  # type: ignore[return-value]
    except TypeError:
        return file_object  # type: ignore[no-any-return]


def check_buffer(buffer: BufferedIOBase) -> None:
    """Raise unless `buffer` is an open, readable and seekable buffered stream."""
    if not isinstance(buffer, BufferedIOBase):
        raise TypeError("the buffer must inherit from 'io.BufferedIOBase'")
    if buffer.closed:
        raise ValueError("the buffer has been closed")
    if not buffer.readable() or not buffer.seekable():
        raise ValueError("the buffer must be readable and seekable")


@contextmanager
def reset_buffer_position(buffer: BufferedIOBase) -> Generator[int, None, None]:
    """Restore the buffer's position after the context."""
    check_buffer(buffer)
    initial_offset = buffer.tell()
    yield initial_offset
    buffer.seek(initial_offset)


def read_buffer(buffer: BufferedIOBase, *, chunk_size: int | None = None) -> Iterator[bytes]:
    """Read the buffer from its position in chunks."""
    chunk_size = settings.buffered_read_size if chunk_size is None else chunk_size
    if chunk_size <= 0:
        raise ValueError(f"Invalid 'chunk_size' value '{chunk_size}', must be greater than 0")
    check_buffer(buffer)
    while chunk := buffer.read(chunk_size):
        yield chunk


def buffer_length(buffer: BufferedIOBase) -> int:
    """The total length of the buffer."""
    with reset_buffer_position(buffer):
        return buffer.seek(0, os.SEEK_END)


def buffer_remaining(buffer: BufferedIOBase) -> int:
    """The bytes from the buffer's position to its end."""
    with reset_buffer_position(buffer) as current_offset:
        return buffer.seek(0, os.SEEK_END) - current_offset


def buffer_equality(buffer: BufferedIOBase, other: bytes | bytearray | BufferedIOBase) -> bool:
    """True if the buffer's content equals `other` (bytes or another buffer)."""
    if not isinstance(other, bytes | bytearray | BufferedIOBase):
        return False
    with reset_buffer_position(buffer):
        buffer.seek(0)
        if isinstance(other, bytes | bytearray):
            start = 0
            for data in read_buffer(buffer):
                if other[start : start + len(data)] != data:
                    return False
                start += len(data)
            return len(other) == start
        if buffer_length(buffer) != buffer_length(other):
            return False
        with reset_buffer_position(other):
            other.seek(0)
            return all(a == b for a, b in zip(read_buffer(buffer), read_buffer(other)))
