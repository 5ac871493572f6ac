"""File-likes that know their DICOM encoding (pydicom.filebase): what
``write_dataset`` and ``write_data_element`` write to."""

import io
from struct import Struct
from typing import Any


class DicomIO:
    """Wraps a buffer (with ``seek``/``tell`` and ``read`` and/or ``write``) and
    records the encoding to use with it."""

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
            raise AttributeError(
                f"{type(self).__name__}.is_little_endian' has not been set"
            )
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_little_endian' must be bool")
        self._little_endian = value
        order = "><"[value]
        self._us = Struct(f"{order}H")
        self._ul = Struct(f"{order}L")
        self._tag = Struct(f"{order}2H")

    @property
    def is_implicit_VR(self) -> bool:
        if not hasattr(self, "_implicit_vr"):
            raise AttributeError(
                f"{type(self).__name__}.is_implicit_VR' has not been set"
            )
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
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': "
            "object has no read() method"
        )

    def write(self, b: bytes | bytearray | memoryview, /) -> int:
        raise TypeError(
            f"'{type(self).__name__}' cannot be used with '{type(self._buffer).__name__}': "
            "object has no write() method"
        )

    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        data = self.read(length)
        while len(data) < length and nr_retries:
            data += self.read(length - len(data))
            nr_retries -= 1
        if len(data) < length:
            start = self.tell() - len(data)
            raise EOFError(
                f"Unexpected end of file. Read {len(data)} bytes of {length} expected starting at position 0x{start:x}"
            )
        return data

    def read_tag(self) -> tuple[int, int]:
        return self._tag.unpack(self.read_exact(4))  # type: ignore[return-value]

    def read_UL(self) -> int:
        return int(self._ul.unpack(self.read_exact(4))[0])

    def read_US(self) -> int:
        return int(self._us.unpack(self.read_exact(2))[0])

    def write_tag(self, tag: int) -> None:
        self.write(self._tag.pack(tag >> 16, tag & 0xFFFF))

    def write_UL(self, val: int) -> None:
        self.write(self._ul.pack(val))

    def write_US(self, val: int) -> None:
        self.write(self._us.pack(val))


class DicomFileLike(DicomIO):
    """A DicomIO over an open file."""


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """Open a file (as ``open()``) wrapped in a DicomFileLike."""
    return DicomFileLike(open(*args, **kwargs))


class DicomBytesIO(DicomIO):
    """A DicomIO over an ``io.BytesIO``."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        super().__init__(io.BytesIO(initial_bytes))

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()  # type: ignore[no-any-return]


__all__ = ["DicomIO", "DicomFileLike", "DicomFile", "DicomBytesIO"]
