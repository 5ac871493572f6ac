"""File-likes that know their DICOM encoding (pydicom.filebase): what
``write_dataset`` and ``write_data_element`` write to."""

import io
from collections.abc import Callable
from struct import Struct
from types import TracebackType
from typing import Any, Protocol, TypeVar

ExitException = tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
Self = TypeVar("Self", bound="DicomIO")


class ReadableBuffer(Protocol):
    """What reading needs of a buffer."""

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


class WriteableBuffer(Protocol):
    """What writing needs of a buffer."""

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...

    def write(self, b: bytes | bytearray | memoryview, /) -> int: ...


class DicomIO:
    """Wraps a buffer (with ``seek``/``tell`` and ``read`` and/or ``write``) and
    records the encoding to use with it."""

    _us_packer: Callable[[int], bytes]
    _us_unpacker: Callable[[bytes], tuple[Any, ...]]
    _ul_packer: Callable[[int], bytes]
    _ul_unpacker: Callable[[bytes], tuple[Any, ...]]
    _tag_packer: Callable[[int, int], bytes]
    _tag_unpacker: Callable[[bytes], tuple[Any, ...]]

    def __init__(self, buffer: Any) -> None:
        self._buffer = buffer
        self._name: str | None = getattr(buffer, "name", None)
        if hasattr(buffer, "read"):
            self.read = buffer.read
        if hasattr(buffer, "write"):
            self.write = buffer.write
        if hasattr(buffer, "close"):
            self.close = buffer.close
        self.seek = buffer.seek
        self.tell = buffer.tell

    def close(self, *args: Any, **kwargs: Any) -> Any:
        pass

    def __enter__(self) -> "DicomIO":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def is_little_endian(self) -> bool:
        if not hasattr(self, "_little_endian"):
            raise AttributeError(f"{type(self).__name__}.is_little_endian' has not been set")
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_little_endian' must be bool")
        self._little_endian = value
        order = "><"[value]
        us, ul, tag = Struct(f"{order}H"), Struct(f"{order}L"), Struct(f"{order}2H")
        self._us_packer, self._us_unpacker = us.pack, us.unpack
        self._ul_packer, self._ul_unpacker = ul.pack, ul.unpack
        self._tag_packer, self._tag_unpacker = tag.pack, tag.unpack

    @property
    def is_implicit_VR(self) -> bool:
        if not hasattr(self, "_implicit_vr"):
            raise AttributeError(f"{type(self).__name__}.is_implicit_VR' has not been set")
        return self._implicit_vr

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_implicit_VR' must be bool")
        self._implicit_vr = value

    @property
    def name(self) -> str | None:
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        self._name = name

    @property
    def parent(self) -> Any:
        return self._buffer

    def read(self, size: int = -1, /) -> bytes:
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': object has no read() method"
        )

    def write(self, b: bytes | bytearray | memoryview, /) -> int:
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': object has no write() method"
        )

    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        """Exactly `length` bytes, reading up to `nr_retries` more times when the
        buffer gives fewer; ``EOFError`` if it has no more."""
        data = self.read(length)
        tries = 0
        while len(data) < length and tries < nr_retries:
            data += self.read(length - len(data))
            tries += 1
        if len(data) < length:
            raise EOFError(
                f"Unexpected end of file. Read {len(data)} bytes of {length} "
                f"expected starting at position 0x{self.tell() - len(data):x}"
            )
        return bytes(data)

    def read_tag(self) -> tuple[int, int]:
        return self._tag_unpacker(self.read_exact(4))  # type: ignore[return-value]

    def read_UL(self) -> int:
        return int(self._ul_unpacker(self.read(4))[0])

    def read_US(self) -> int:
        return int(self._us_unpacker(self.read(2))[0])

    def seek(self, offset: int, whence: int = 0, /) -> int:  # replaced by the buffer's
        raise NotImplementedError()

    def tell(self) -> int:  # replaced by the buffer's
        raise NotImplementedError()

    def write_tag(self, tag: int) -> None:
        self.write(self._tag_packer(tag >> 16, tag & 0xFFFF))

    def write_UL(self, val: int) -> None:
        self.write(self._ul_packer(val))

    def write_US(self, val: int) -> None:
        self.write(self._us_packer(val))


class DicomFileLike(DicomIO):
    """A DicomIO over an open file."""


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """Open a file (as ``open()``) wrapped in a DicomFileLike."""
    return DicomFileLike(open(*args, **kwargs))


class DicomBytesIO(DicomIO):
    """A DicomIO over an ``io.BytesIO``."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        buffer = io.BytesIO(initial_bytes)
        super().__init__(buffer)
        self.getvalue = buffer.getvalue


__all__ = ["DicomIO", "DicomFileLike", "DicomFile", "DicomBytesIO", "ReadableBuffer", "WriteableBuffer"]
