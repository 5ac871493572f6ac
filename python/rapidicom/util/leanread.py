"""A minimal reader: the elements of a file as plain tuples
``((group, element), VR bytes or None, length, value bytes or None,
value_tell)``, without datasets or value conversion (sequences are reported,
not read into)."""

import os
import struct
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import BinaryIO

from rapidicom.datadict import dictionary_VR
from rapidicom.misc import size_in_bytes
from rapidicom.tag import ItemTag, TupleTag
from rapidicom.uid import UID
from rapidicom.valuerep import EXPLICIT_VR_LENGTH_32

extra_length_VRs_b = tuple(vr.encode("ascii") for vr in EXPLICIT_VR_LENGTH_32)
ExplicitVRLittleEndian = b"1.2.840.10008.1.2.1"
ImplicitVRLittleEndian = b"1.2.840.10008.1.2"
DeflatedExplicitVRLittleEndian = b"1.2.840.10008.1.2.1.99"
ExplicitVRBigEndian = b"1.2.840.10008.1.2.2"

_ElementType = tuple[tuple[int, int], bytes | None, int, bytes | None, int]


class dicomfile:
    """An open DICOM file whose iteration yields its elements (file meta first);
    a context manager that closes the file."""

    def __init__(self, filename: str | bytes | os.PathLike[str]) -> None:
        self.fobj = fobj = open(filename, "rb")
        self.preamble: bytes | None = fobj.read(0x80)
        if fobj.read(4) != b"DICM":
            self.preamble = None
            fobj.seek(0)

    def __enter__(self) -> "dicomfile":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc_val: BaseException | None, exc_tb: TracebackType | None
    ) -> bool | None:
        self.fobj.close()
        return None

    def __iter__(self) -> Iterator[_ElementType]:
        syntax: UID | None = None
        meta = data_element_generator(self.fobj, False, True, stop_when=lambda group, elem: group != 2)
        for elem in meta:
            if elem[0] == (0x0002, 0x0010):
                syntax = UID((elem[3] or b"").strip(b" \0").decode("ascii"))
            yield elem
        if not syntax:
            raise NotImplementedError("No transfer syntax in file meta info")
        yield from data_element_generator(self.fobj, syntax.is_implicit_VR, syntax.is_little_endian)


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Callable[[int, int], bool] | None = None,
    defer_size: str | int | float | None = None,
) -> Iterator[_ElementType]:
    """Yield ``((group, element), VR, length, value, value_tell)`` for each
    element at `fp`'s position, until the end or ``stop_when(group, element)``
    (`fp` then left at that element). An undefined-length sequence is yielded
    with value None and not read into; any other undefined length raises
    ``NotImplementedError``. Values longer than `defer_size` are skipped."""
    order = "<" if is_little_endian else ">"
    header = struct.Struct(order + ("HHL" if is_implicit_VR else "HH2sH")).unpack
    long_length = struct.Struct(order + "L").unpack
    read, tell = fp.read, fp.tell
    defer_size = size_in_bytes(defer_size)
    while True:
        head = read(8)
        if len(head) < 8:
            return
        vr: bytes | None = None
        if is_implicit_VR:
            group, elem, length = header(head)
        else:
            group, elem, vr, length = header(head)
            if vr in extra_length_VRs_b:
                head += read(4)
                (length,) = long_length(head[8:])
        value_tell = tell()
        if stop_when is not None and stop_when(group, elem):
            fp.seek(value_tell - len(head))
            return
        if length != 0xFFFFFFFF:
            if defer_size is not None and length > defer_size:
                value = None
                fp.seek(value_tell + length)
            else:
                value = read(length)
            yield ((group, elem), vr, length, value, value_tell)
            continue
        if vr is None:
            try:
                vr = dictionary_VR((group, elem)).encode("ascii")
            except KeyError:  # a sequence if items follow
                if TupleTag(struct.unpack(order + "HH", read(4))) == ItemTag:  # type: ignore[arg-type]
                    vr = b"SQ"
                fp.seek(tell() - 4)
        if vr != b"SQ":
            raise NotImplementedError("This reader does not handle undefined length except for SQ")
        yield ((group, elem), vr, length, None, value_tell)
