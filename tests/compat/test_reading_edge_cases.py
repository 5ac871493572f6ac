"""Reading edge cases built byte by byte, compared with pydicom: character set
problems, odd and undefined lengths where they do not belong, unknown VRs,
deferred values of files that changed, Dataset.decode()."""

import io
import os
import struct
import time

import pydicom
import pytest

import rapidicom

from .reading import read


def explicit(group: int, elem: int, vr: bytes, value: bytes, length: int | None = None) -> bytes:
    n = len(value) if length is None else length
    head = struct.pack("<HH", group, elem) + vr
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT", b"UC", b"UR", b"OD", b"OF", b"OL", b"OV", b"SV", b"UV"):
        return head + b"\0\0" + struct.pack("<I", n) + value
    return head + struct.pack("<H", n) + value


def implicit(group: int, elem: int, value: bytes, length: int | None = None) -> bytes:
    return struct.pack("<HHI", group, elem, len(value) if length is None else length) + value


def dicom_file(body: bytes, syntax: bytes = b"1.2.840.10008.1.2.1\0") -> bytes:
    meta = explicit(0x0002, 0x0010, b"UI", syntax)
    return b"\0" * 128 + b"DICM" + meta + body


CASES = {
    "utf8-invalid-bytes": dicom_file(explicit(0x0008, 0x0005, b"CS", b"ISO_IR 192") + explicit(0x0010, 0x0010, b"PN", b"Caf\xe9^J")),
    "unknown-charset": dicom_file(explicit(0x0008, 0x0005, b"CS", b"ISO_IR 999") + explicit(0x0010, 0x0010, b"PN", b"A^B ")),
    "misspelt-charset": dicom_file(explicit(0x0008, 0x0005, b"CS", b"ISO IR 100") + explicit(0x0010, 0x0010, b"PN", b"J\xe9r\xf4me^B")),
    "unknown-escape": dicom_file(explicit(0x0008, 0x0005, b"CS", b"\\ISO 2022 IR 87") + explicit(0x0010, 0x0010, b"PN", b"\x1b$Zab")),
    "latin1-text": dicom_file(explicit(0x0008, 0x0005, b"CS", b"ISO_IR 100") + explicit(0x0008, 0x1030, b"LO", b"\xc9tude ")),
    "odd-lengths": dicom_file(explicit(0x0008, 0x0060, b"CS", b"CT ") + explicit(0x0028, 0x0010, b"US", b"\x01\x02\x03")),
    "zero-lengths": dicom_file(explicit(0x0008, 0x0060, b"CS", b"") + explicit(0x0010, 0x0010, b"PN", b"") + explicit(0x0028, 0x0010, b"US", b"")),
    "undefined-length-US": dicom_file(implicit(0x0028, 0x0010, b"\x01\x00", 0xFFFFFFFF) + implicit(0xFFFE, 0xE0DD, b""), b"1.2.840.10008.1.2\0"),
    "unknown-vr-letters": dicom_file(explicit(0x0008, 0x0060, b"XY", b"CT")),
    "unknown-vr-bytes": dicom_file(explicit(0x0008, 0x0060, b"\x01\x02", b"CT")),
    "un-known-tag": dicom_file(explicit(0x0010, 0x0010, b"UN", b"Doe^J ")),
    "un-sequence": dicom_file(
        explicit(0x0008, 0x1115, b"UN", b"", 0xFFFFFFFF)
        + implicit(0xFFFE, 0xE000, b"", 0xFFFFFFFF) + implicit(0x0008, 0x1150, b"1.2\0")
        + implicit(0xFFFE, 0xE00D, b"") + implicit(0xFFFE, 0xE0DD, b"")
    ),
    "implicit-private-sequence": dicom_file(
        implicit(0x0009, 0x0010, b"ACME") + implicit(0x0009, 0x1001, b"", 0xFFFFFFFF)
        + implicit(0xFFFE, 0xE000, b"", 0xFFFFFFFF) + implicit(0x0010, 0x0020, b"ID")
        + implicit(0xFFFE, 0xE00D, b"") + implicit(0xFFFE, 0xE0DD, b""),
        b"1.2.840.10008.1.2\0",
    ),
    "explicit-then-implicit": dicom_file(explicit(0x0008, 0x0060, b"CS", b"CT") + implicit(0x0010, 0x0010, b"A^B ")),
    "bad-ds-is-ui": dicom_file(
        explicit(0x0008, 0x0018, b"UI", b"1.02.3\0") + explicit(0x0020, 0x0011, b"IS", b"1.5 ")
        + explicit(0x0028, 0x0030, b"DS", b"abc\\1.0 ")
    ),
    "lut-descriptor": dicom_file(
        explicit(0x0028, 0x0103, b"US", b"\x01\x00") + explicit(0x0028, 0x3002, b"SS", struct.pack("<hhh", -256, 0, 16))
    ),
    "empty": b"\0" * 128 + b"DICM",
    "command-set": dicom_file(
        implicit(0x0000, 0x0000, struct.pack("<I", 18)) + implicit(0x0000, 0x0100, b"\x01\x00")
        + implicit(0x0000, 0x0110, b"\x07\x00") + explicit(0x0010, 0x0010, b"PN", b"A^B ")
    ),
}  # fmt: skip


@pytest.mark.parametrize("mode", ["default", "RAISE", "IGNORE"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_edge_cases_read_as_in_pydicom(name, mode):
    results = []
    for lib in (pydicom, rapidicom):
        if mode != "default":
            lib.config.settings.reading_validation_mode = getattr(lib.config, mode)
        try:
            results.append(read(lib, io.BytesIO(CASES[name]) if lib is pydicom else CASES[name], force=True))
        finally:
            lib.config.settings.reading_validation_mode = None
    assert results[1] == results[0]


def test_decode_matches_pydicom():
    data = CASES["latin1-text"]
    outcomes = []
    for lib in (pydicom, rapidicom):
        ds = lib.dcmread(io.BytesIO(data) if lib is pydicom else data)
        ds.decode()
        ds.SpecificCharacterSet = "ISO_IR 192"
        ds.StudyDescription = "Ünïcödé"
        ds.decode()
        outcomes.append(str(ds))
    assert outcomes[1] == outcomes[0]


def test_deferred_read_warns_when_the_file_changed(tmp_path):
    path = tmp_path / "f.dcm"
    path.write_bytes(dicom_file(explicit(0x0010, 0x0010, b"PN", b"Doe^John")))
    ds = rapidicom.dcmread(path, defer_size=4)
    later = time.time() + 10
    os.utime(path, (later, later))
    with pytest.warns(UserWarning, match="file modification time has changed"):
        assert ds.PatientName == "Doe^John"


def _charset_files() -> list[str]:
    from pydicom.data import get_charset_files, get_testdata_file

    return [get_testdata_file("CT_small.dcm"), get_testdata_file("rtplan.dcm"), *sorted(get_charset_files("*.dcm"))]


@pytest.mark.parametrize("path", _charset_files(), ids=os.path.basename)
def test_character_set_is_the_one_read(path):
    # pydicom records the character set while reading: changing Specific Character
    # Set afterwards does not change original_character_set (rapidicom takes it
    # from the store when it is one term, and works it out on first use otherwise).
    def seen(lib):
        ds = lib.dcmread(path)
        items = [item for elem in ds.iterall() if elem.VR == "SQ" for item in elem.value]
        first = (ds.original_character_set, [item.original_character_set for item in items])
        ds = lib.dcmread(path)
        ds.SpecificCharacterSet = "ISO_IR 192"
        return first, ds.original_character_set, ds._character_set

    assert seen(rapidicom) == seen(pydicom)
