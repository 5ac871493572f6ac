"""Foundation: tags, keyword access, element creation, str(ds), dictionary
lookups and import time."""

import os
import statistics
import subprocess
import sys

import pydicom
import pydicom.datadict as pdd
import pydicom.tag as ptag
from harness import Case

import rapidicom
import rapidicom.datadict as rdd
import rapidicom.tag as rtag


def _populated(lib):
    """A CT-like header of about 60 elements with a nested sequence."""
    ds = lib.Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.8.498.1234567890"
    ds.StudyDate = "20240131"
    ds.StudyTime = "101010"
    ds.Modality = "CT"
    ds.Manufacturer = "ACME"
    ds.PatientName = "Doe^John"
    ds.PatientID = "123456"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "M"
    ds.SliceThickness = "1.25"
    ds.KVP = "120"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.ImagePositionPatient = ["-125.0", "-125.0", "10.5"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing = ["0.488", "0.488"]
    ds.Rows = 512
    ds.Columns = 512
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 1
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.WindowCenter = ["40", "400"]
    ds.WindowWidth = ["400", "2000"]
    for i in range(30):
        ds.add_new(0x00091000 + 0x10 + i if i else 0x00090010, "LO", f"value {i}")
    item = lib.Dataset()
    item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    item.ReferencedSOPInstanceUID = "1.2.3.4"
    ds.ReferencedImageSequence = [item, item.copy()]
    return ds


def cases() -> list[Case]:
    ours_ds, theirs_ds = _populated(rapidicom), _populated(pydicom)
    rD, pD = rapidicom.DataElement, pydicom.DataElement
    return [
        Case("Tag(keyword)", rtag.Tag, ptag.Tag, 1.0, number=50000, arg="PatientName"),
        Case("Tag(int)", rtag.Tag, ptag.Tag, 1.0, number=50000, arg=0x00100010),
        Case("ds.PatientName (get)", lambda: ours_ds.PatientName, lambda: theirs_ds.PatientName, 1.0, number=20000),
        Case("ds.PatientID = ... (set)", lambda: setattr(ours_ds, "PatientID", "654321"),
             lambda: setattr(theirs_ds, "PatientID", "654321"), 1.0, number=10000),
        Case("DataElement(PN)", lambda: rD(0x00100010, "PN", "Doe^John"), lambda: pD(0x00100010, "PN", "Doe^John"), 1.0, number=10000),
        Case("DataElement(US)", lambda: rD(0x00280010, "US", 512), lambda: pD(0x00280010, "US", 512), 1.0, number=10000),
        Case("DataElement(DS x3)", lambda: rD(0x00200032, "DS", ["1", "2", "3"]),
             lambda: pD(0x00200032, "DS", ["1", "2", "3"]), 1.0, number=5000),
        Case("str(ds) 60 elements", lambda: str(ours_ds), lambda: str(theirs_ds), 1.0, number=200),
        Case("tag_for_keyword", rdd.tag_for_keyword, pdd.tag_for_keyword, 3.0, number=200000, arg="PatientName"),
        Case("dictionary_VR(keyword)", rdd.dictionary_VR, pdd.dictionary_VR, 3.0, number=50000, arg="PatientName"),
        Case("dictionary_VR(tag)", rdd.dictionary_VR, pdd.dictionary_VR, 3.0, number=200000, arg=0x00100010),
        Case("dictionary_description(tag)", rdd.dictionary_description, pdd.dictionary_description, 3.0,
             number=200000, arg=0x00280010),
        Case("dictionary_keyword(keyword)", rdd.dictionary_keyword, pdd.dictionary_keyword, 3.0, number=50000,
             arg="Rows"),
        Case("keyword_for_tag", rdd.keyword_for_tag, pdd.keyword_for_tag, 3.0, number=200000, arg=0x00280010),
        Case("get_private_entry", lambda: rdd.get_private_entry(0x0019100F, "GEMS_ACQU_01"),
             lambda: pdd.get_private_entry(0x0019100F, "GEMS_ACQU_01"), 3.0, number=20000),
    ]  # fmt: skip


def import_seconds(module: str, runs: int = 9) -> float:
    """Median wall time of `import module` in a fresh interpreter (less the
    interpreter's own start-up), with Python's bytecode cache allowed as in a
    normal installation (one warm-up run fills it)."""
    code = "import time, sys; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", code.format(m=module)], capture_output=True, text=True, check=True, env=env
        )
        times.append(float(out.stdout))
    return statistics.median(times[1:])


def import_report() -> str:
    ours = import_seconds("rapidicom")
    theirs = import_seconds("pydicom")
    verdict = "yes" if ours <= 0.100 else "**no**"
    return (
        f"`import rapidicom` in a fresh process: {ours * 1000:.1f} ms "
        f"(pydicom: {theirs * 1000:.1f} ms; target ≤ 100 ms, met: {verdict})"
    )
