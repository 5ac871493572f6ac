"""Helpers for paths and buffered element values (pydicom.fileutil)."""

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from io import BufferedIOBase
from typing import Any, BinaryIO, TypeAlias

from rapidicom.config import settings

PathType: TypeAlias = "str | bytes | os.PathLike[Any]"


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
