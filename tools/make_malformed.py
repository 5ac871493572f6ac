#!/usr/bin/env python3
"""A corpus of malformed DICOM files, for the hardening tests.

    tools/make_malformed.py OUT_FOLDER     # writes every case as OUT_FOLDER/<name>.dcm

The tests import `cases()` and use the files in memory. Each case is built from
`base()`, a small file written here byte by byte that holds a bit of everything
(file meta, a character set, person names, numbers, a private block, nested
sequences of defined and undefined length, RLE pixel data with a Basic Offset
Table), then broken in one way: truncated at every offset, bits flipped, lengths
made huge or undefined, VR codes replaced, sequences nested 100,000 deep, items
without delimiters, fragments and offsets that lie, RLE segment tables that lie,
a wrong file meta group length, a character set that does not exist.
"""

import random
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

EXPLICIT_LE = b"1.2.840.10008.1.2.1\0"
RLE_LOSSLESS = b"1.2.840.10008.1.2.5\0"
ITEM, ITEM_END, SEQ_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
UNDEFINED = 0xFFFFFFFF
LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}


def tag_bytes(tag: int) -> bytes:
    return struct.pack("<HH", tag >> 16, tag & 0xFFFF)


def element(tag: int, vr: bytes, value: bytes, length: int | None = None) -> bytes:
    """An explicit VR little endian element (`length` overrides the real one)."""
    if len(value) % 2 and length is None:
        value += b"\0" if vr in (b"UI", b"OB") else b" "
    size = len(value) if length is None else length
    if vr in LONG_VRS:
        return tag_bytes(tag) + vr + b"\0\0" + struct.pack("<I", size) + value
    return tag_bytes(tag) + vr + struct.pack("<H", size) + value


def item(content: bytes, undefined: bool = False) -> bytes:
    if undefined:
        return tag_bytes(ITEM) + struct.pack("<I", UNDEFINED) + content + tag_bytes(ITEM_END) + b"\0" * 4
    return tag_bytes(ITEM) + struct.pack("<I", len(content)) + content


def sequence(tag: int, items: list[bytes], undefined: bool = False) -> bytes:
    body = b"".join(items)
    if undefined:
        return tag_bytes(tag) + b"SQ\0\0" + struct.pack("<I", UNDEFINED) + body + tag_bytes(SEQ_END) + b"\0" * 4
    return element(tag, b"SQ", body)


def rle_frame(pixels: bytes) -> bytes:
    """One 8-bit RLE segment: each row of 4 bytes as a literal run."""
    segment = b"".join(bytes([3]) + pixels[i : i + 4] for i in range(0, len(pixels), 4))
    return struct.pack("<16I", 1, 64, *([0] * 14)) + segment


def encapsulated(frames: list[bytes], offsets: list[int] | None = None) -> bytes:
    if offsets is None:
        offsets, at = [], 0
        for f in frames:
            offsets.append(at)
            at += 8 + len(f) + len(f) % 2
    table = struct.pack(f"<{len(offsets)}I", *offsets)
    items = b"".join(
        tag_bytes(ITEM) + struct.pack("<I", len(f) + len(f) % 2) + f + b"\0" * (len(f) % 2) for f in frames
    )
    return tag_bytes(ITEM) + struct.pack("<I", len(table)) + table + items


def file_meta(syntax: bytes, group_length: int | None = None) -> bytes:
    body = (
        element(0x00020001, b"OB", b"\0\x01")
        + element(0x00020002, b"UI", b"1.2.840.10008.5.1.4.1.1.7")
        + element(0x00020003, b"UI", b"1.2.826.0.1.3680043.8.498.1")
        + element(0x00020010, b"UI", syntax)
    )
    length = len(body) if group_length is None else group_length
    return element(0x00020000, b"UL", struct.pack("<I", length)) + body


def dataset(charset: bytes = b"ISO_IR 100", pixel_data: bytes | None = None, depth_items: bytes = b"") -> bytes:
    inner = element(0x00081150, b"UI", b"1.2.840.10008.5.1.4.1.1.7") + element(0x00081155, b"UI", b"1.2.3.4")
    nested = sequence(0x00082112, [item(element(0x00081155, b"UI", b"1.2.3.5"), undefined=True)], undefined=True)
    pixels = bytes(range(16))
    return (
        element(0x00080005, b"CS", charset)
        + element(0x00080016, b"UI", b"1.2.840.10008.5.1.4.1.1.7")
        + element(0x00080018, b"UI", b"1.2.826.0.1.3680043.8.498.1")
        + element(0x00080060, b"CS", b"OT")
        + sequence(0x00081140, [item(inner), item(inner + nested, undefined=True)])
        + element(0x00100010, b"PN", "Müller^Jürgen=ミュラー^ユルゲン".encode("latin-1", "replace"))
        + element(0x00100020, b"LO", b"ID-42")
        + element(0x00110010, b"LO", b"ACME 1.1")
        + element(0x00111001, b"DS", b"1.5\\2.25\\-3")
        + depth_items
        + element(0x00200013, b"IS", b"7")
        + element(0x00280002, b"US", struct.pack("<H", 1))
        + element(0x00280004, b"CS", b"MONOCHROME2")
        + element(0x00280010, b"US", struct.pack("<H", 4))
        + element(0x00280011, b"US", struct.pack("<H", 4))
        + element(0x00280100, b"US", struct.pack("<H", 8))
        + element(0x00280101, b"US", struct.pack("<H", 8))
        + element(0x00280102, b"US", struct.pack("<H", 7))
        + element(0x00280103, b"US", struct.pack("<H", 0))
        + tag_bytes(0x7FE00010) + b"OB\0\0" + struct.pack("<I", UNDEFINED)
        + (encapsulated([rle_frame(pixels)]) if pixel_data is None else pixel_data)
        + tag_bytes(SEQ_END) + b"\0" * 4
    )  # fmt: skip


def base() -> bytes:
    return b"\0" * 128 + b"DICM" + file_meta(RLE_LOSSLESS) + dataset()


def _header_offsets(data: bytes) -> list[int]:
    """Where explicit VR element headers with a known VR start (a scan, not a parse)."""
    found = []
    for i in range(132, len(data) - 8):
        vr = data[i + 4 : i + 6]
        if vr.isalpha() and vr.isupper() and data[i + 1] in (0, 0x7F) and data[i] % 2 == 0:
            found.append(i)
    return found


def _set_length(data: bytes, at: int, length: int) -> bytes:
    vr = data[at + 4 : at + 6]
    if vr in LONG_VRS:
        return data[: at + 8] + struct.pack("<I", length) + data[at + 12 :]
    return data[: at + 6] + struct.pack("<H", length & 0xFFFF) + data[at + 8 :]


def _deep(depth: int) -> bytes:
    """`depth` sequences each holding one undefined-length item holding the next."""
    opening = (
        tag_bytes(0x00081140)
        + b"SQ\0\0"
        + struct.pack("<I", UNDEFINED)
        + tag_bytes(ITEM)
        + struct.pack("<I", UNDEFINED)
    )
    closing = tag_bytes(ITEM_END) + b"\0" * 4 + tag_bytes(SEQ_END) + b"\0" * 4
    return b"\0" * 128 + b"DICM" + file_meta(EXPLICIT_LE) + opening * depth + closing * depth


def cases() -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every malformed file, deterministic."""
    data = base()
    rng = random.Random(20261123)
    for end in range(len(data)):
        yield f"truncated-{end:05d}", data[:end]
    for n in range(300):
        flipped = bytearray(data)
        for _ in range(1 + n % 4):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        yield f"bitflip-{n:03d}", bytes(flipped)
    for at in _header_offsets(data):
        for name, length in (("huge", 0xFFFFFFF0), ("undefined", UNDEFINED), ("odd", 0x7FFF), ("zero", 0)):
            yield f"length-{name}-{at:05d}", _set_length(data, at, length)
        for vr in (b"XX", b"\0\0", b"SQ", b"UN", b"OB", b"US", b"UT"):
            yield f"vr-{vr.hex()}-{at:05d}", data[: at + 4] + vr + data[at + 6 :]
    for depth in (1_000, 10_000, 100_000):
        yield f"nested-{depth:06d}", _deep(depth)
    # Undefined-length items and sequences that never end.
    unclosed = (
        tag_bytes(0x00081140)
        + b"SQ\0\0"
        + struct.pack("<I", UNDEFINED)
        + tag_bytes(ITEM)
        + struct.pack("<I", UNDEFINED)
    )
    yield (
        "items-without-delimiters",
        b"\0" * 128 + b"DICM" + file_meta(EXPLICIT_LE) + unclosed + element(0x00100020, b"LO", b"X"),
    )
    yield (
        "items-only-delimiters",
        b"\0" * 128 + b"DICM" + file_meta(EXPLICIT_LE) + (tag_bytes(ITEM_END) + b"\0" * 4) * 50,
    )
    frame = rle_frame(bytes(range(16)))
    lying = {
        "offsets-past-end": encapsulated([frame], [10_000]),
        "offsets-decreasing": encapsulated([frame, frame], [80, 0]),
        "fragment-longer-than-data": tag_bytes(ITEM)
        + b"\0" * 4
        + tag_bytes(ITEM)
        + struct.pack("<I", 0x7FFFFFF0)
        + frame,
        "fragment-undefined-length": tag_bytes(ITEM)
        + b"\0" * 4
        + tag_bytes(ITEM)
        + struct.pack("<I", UNDEFINED)
        + frame,
        "no-offset-table": tag_bytes(ITEM) + struct.pack("<I", 4) + frame,
        "rle-segments-past-end": encapsulated([struct.pack("<16I", 1, 9_999, *([0] * 14))]),
        "rle-too-many-segments": encapsulated([struct.pack("<16I", 15, *range(64, 64 + 15)) + b"\0" * 16]),
        "rle-zero-segments": encapsulated([struct.pack("<16I", 0, *([0] * 15))]),
        "rle-offsets-decreasing": encapsulated([struct.pack("<16I", 2, 80, 64, *([0] * 13)) + b"\x03abcd" * 8]),
        "rle-short-segment": encapsulated([struct.pack("<16I", 1, 64, *([0] * 14)) + b"\x03ab"]),
        "rle-long-segment": encapsulated([struct.pack("<16I", 1, 64, *([0] * 14)) + b"\x81\x07" * 40]),
        "rle-header-truncated": encapsulated([b"\x01\0\0\0\x40"]),
    }
    for name, pixel_data in lying.items():
        yield f"pixels-{name}", b"\0" * 128 + b"DICM" + file_meta(RLE_LOSSLESS) + dataset(pixel_data=pixel_data)
    for length in (0, 3, 10_000, 0xFFFFFFFF):
        yield f"meta-group-length-{length}", b"\0" * 128 + b"DICM" + file_meta(RLE_LOSSLESS, length) + dataset()
    yield "meta-missing-syntax", b"\0" * 128 + b"DICM" + element(0x00020002, b"UI", b"1.2.3") + dataset()
    for charset in (b"ISO_IR 999", b"NOT A CHARSET", b"\\ISO 2022 IR 999", b"ISO 2022 IR 6\\ISO 2022 IR 87\\BOGUS"):
        yield (
            f"charset-{charset.hex()[:24]}",
            b"\0" * 128 + b"DICM" + file_meta(RLE_LOSSLESS) + dataset(charset=charset),
        )


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, data in cases():
        (out / f"{name}.dcm").write_bytes(data)
        count += 1
    print(f"{count} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
