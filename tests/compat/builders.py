"""Dataset builders that run unchanged against pydicom or rapidicom (`lib` is the
top-level module), so tests can compare what the two libraries produce."""

from types import ModuleType
from typing import Any


def seed_example(lib: ModuleType) -> Any:
    """The example of the Dataset reference documentation."""
    Dataset, DataElement = lib.Dataset, lib.DataElement
    ds = Dataset()
    ds.PatientName = "CITIZEN^Joan"
    ds.add_new(0x00100020, "LO", "12345")
    ds[0x0010, 0x0030] = DataElement(0x00100030, "DA", "20010101")
    ds.BeamSequence = [Dataset(), Dataset(), Dataset()]
    ds.BeamSequence[0].Manufacturer = "Linac, co."
    ds.BeamSequence[1].Manufacturer = "Linac and Sons, co."
    ds.BeamSequence[2].Manufacturer = "Linac and Daughters, co."
    block = ds.private_block(0x0041, "My Creator", create=True)
    block.add_new(0x01, "LO", "12345")
    return ds


def every_vr(lib: ModuleType) -> Any:
    """One element of each VR, single and multi-valued, plus long values."""
    ds = lib.Dataset()
    ds.add_new(0x00080005, "CS", ["ISO_IR 100", "ISO 2022 IR 87"])
    ds.add_new(0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
    ds.add_new(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
    ds.add_new(0x00080018, "UI", "1.2.3.4.5")
    ds.add_new(0x00080020, "DA", "20240131")
    ds.add_new(0x00080030, "TM", "101010.123")
    ds.add_new(0x0008002A, "DT", "20240131101010.5+0100")
    ds.add_new(0x00080054, "AE", "STORESCP")
    ds.add_new(0x00081010, "SH", "STATION")
    ds.add_new(0x00081030, "LO", "Study")
    ds.add_new(0x00100010, "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう")
    ds.add_new(0x00101010, "AS", "042Y")
    ds.add_new(0x00101030, "DS", "72.5")
    ds.add_new(0x00104000, "LT", "Line one\r\nLine two")
    ds.add_new(0x00181030, "LO", "")
    ds.add_new(0x00200011, "IS", "7")
    ds.add_new(0x00200032, "DS", ["-125.0", "-125.5", "10"])
    ds.add_new(0x00200037, "DS", [1.0, 0.0, 0.0, 0.0, 1.0, 0.0])
    ds.add_new(0x00280010, "US", 512)
    ds.add_new(0x00280030, "DS", "0.5\\0.5")
    ds.add_new(0x00281050, "DS", ["40", "400"])
    ds.add_new(0x00281052, "DS", -1024)
    ds.add_new(0x00280106, "SS", -5)
    ds.add_new(0x00209165, "AT", [0x00100010, 0x00200032])
    ds.add_new(0x00209167, "AT", 0x00280010)
    ds.add_new(0x00189333, "FD", 1.5)
    ds.add_new(0x00189332, "FD", [1.0, 2.5, 3.25])
    ds.add_new(0x00660016, "FL", 0.25)
    ds.add_new(0x00082218, "SQ", [])
    ds.add_new(0x00189328, "FD", list(range(20)))
    ds.add_new(0x00720064, "IS", [str(i) for i in range(18)])
    ds.add_new(0x00209128, "UL", 4000000000)
    ds.add_new(0x00186020, "SL", -70000)
    ds.add_new(0x00082111, "ST", "Derivation")
    ds.add_new(0x00400260, "SQ", [lib.Dataset()])
    ds.add_new(0x00081190, "UR", "http://example.com/a b")
    ds.add_new(0x0018991D, "UC", "unlimited characters")
    ds.add_new(0x00700084, "PN", ["A^B", "C^D"])
    ds.add_new(0x0040A160, "UT", "x" * 40)
    ds.add_new(0x7FE00010, "OB", bytes(range(40)))
    ds.add_new(0x00281201, "OW", b"\x00\x01" * 4)
    ds.add_new(0x00660023, "OF", b"\x00" * 8)
    ds.add_new(0x00720075, "UV", 2**63)
    ds.add_new(0x00720078, "SV", -(2**62))
    ds.add_new(0x00189345, "FD", None)
    ds.add_new(0x00181000, "LO", None)
    ds.add_new(0x00100040, "CS", "")
    ds.add_new(0x00090010, "LO", "ACME 1.1")
    ds.add_new(0x00091001, "UN", b"\x01\x02")
    ds.add_new(0x00190010, "LO", "GEMS_ACQU_01")
    ds.add_new(0x0019100F, "DS", "1.5")
    ds.add_new(0x60003000, "OW", b"\x00" * 4)
    ds.add_new(0x60020010, "US", 2)
    ds.add_new(0x50000005, "US", 1)
    ds.add_new(0x00290000, "UL", 0)
    ds.add_new(0x00110000, "UL", 8)
    ds.add_new(0x00311000, "LO", "no creator")
    ds.add_new(0x00230010, "LO", "UNKNOWN CREATOR X")
    ds.add_new(0x00231001, "LO", "unknown creator's element")
    ds.add_new(0x00080000, "UL", 12)
    ds.add_new(0x0008FFFE, "UN", b"abc")
    ds.add_new(0x00200020, "CS", ["A", "P"])
    return ds


def nested(lib: ModuleType) -> Any:
    """Three levels of sequences with keyword access at every level."""
    Dataset = lib.Dataset
    ds = Dataset()
    ds.PatientID = "PID"
    inner = Dataset()
    inner.CodeValue = "121"
    inner.CodeMeaning = "Meaning"
    item = Dataset()
    item.ConceptNameCodeSequence = [inner]
    item.ValueType = "TEXT"
    item.TextValue = "hello"
    item2 = Dataset()
    item2.ContentSequence = [item, Dataset()]
    ds.ContentSequence = [item2]
    ds.ReferencedSeriesSequence = []
    ds.SeriesNumber = 5
    return ds


BUILDERS = {"seed_example": seed_example, "every_vr": every_vr, "nested": nested}
