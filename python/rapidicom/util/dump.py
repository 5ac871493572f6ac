"""Hex dumps of files and bytes, and a dataset printer, for debugging."""

import os
import sys
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO

from rapidicom.valuerep import VR

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset


def print_character(ordchr: int) -> str:
    """The character for a printable ASCII code (not the backslash), else "."."""
    return chr(ordchr) if 31 < ordchr < 126 and ordchr != 92 else "."


def filedump(filename: str | bytes | os.PathLike[str], start_address: int = 0, stop_address: int | None = None) -> str:
    """The hex dump of a file (see :func:`hexdump`)."""
    with open(filename, "rb") as f:
        return hexdump(f, start_address, stop_address)


def datadump(data: bytes, start_address: int = 0, stop_address: int | None = None) -> str:
    """The hex dump of `data` (see :func:`hexdump`)."""
    return hexdump(BytesIO(data), start_address, stop_address)


def hexdump(f: BinaryIO, start_address: int = 0, stop_address: int | None = None, show_address: bool = True) -> str:
    """16 bytes a line from `start_address`: the offset (hex, as wide as the last
    one), the bytes in hex and as characters; lines start up to `stop_address`."""
    width = len(f"{stop_address:X}") if stop_address else len(f"{f.seek(0, 2):X}")
    f.seek(start_address)
    lines = []
    while True:
        offset = f.tell()
        if stop_address and offset > stop_address:
            break
        data = f.read(16)
        if not data:
            break
        address = f"{offset:0{width}X}  " if show_address else ""
        hexed = " ".join(f"{b:02X}" for b in data)
        lines.append(f"{address}{hexed:<49}{''.join(print_character(b) for b in data)}")
    return "\n".join(lines)


def pretty_print(ds: "Dataset", indent_level: int = 0, indent_chars: str = "  ") -> None:
    """Print `ds` element by element as it goes (sequences indented), so that a
    failure shows where it happened."""
    indent = indent_chars * indent_level
    for elem in ds:
        if elem.VR == VR.SQ:
            print(f"{indent}{elem.tag} {elem.name} -- {len(elem.value)} item(s)")
            for item in elem.value:
                pretty_print(item, indent_level + 1)
                print(indent_chars * (indent_level + 1) + "---------")
        else:
            print(indent + repr(elem))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    start = int(arguments[1], 0) if len(arguments) > 1 else 0
    stop = int(arguments[2], 0) if len(arguments) > 2 else None
    print(filedump(arguments[0], start, stop))
