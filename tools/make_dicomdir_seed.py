#!/usr/bin/env python3
"""Write testdata/fuzz/dicomdir/seed-fileset.dcm: a small DICOMDIR (one patient, one
study, two series, three images) written by rapidicom's FileSet, to start the
`dicomdir` fuzz target off with records that link.

Run from the repository root:  python tools/make_dicomdir_seed.py
"""

import shutil
import tempfile
from pathlib import Path

from rapidicom.dataset import Dataset, FileMetaDataset
from rapidicom.fileset import FileSet
from rapidicom.uid import CTImageStorage, ExplicitVRLittleEndian

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "testdata" / "fuzz" / "dicomdir" / "seed-fileset.dcm"


def instance(series: int, number: int) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = f"1.2.3.{series}.{number}"
    ds.PatientID, ds.PatientName = "P1", "Seed^Patient"
    ds.StudyInstanceUID, ds.StudyID, ds.StudyDate, ds.StudyTime = "1.2.3", "1", "20260101", "120000"
    ds.SeriesInstanceUID, ds.SeriesNumber, ds.Modality = f"1.2.3.{series}", series, "CT"
    ds.InstanceNumber = number
    return ds


def main() -> None:
    fs = FileSet()
    fs.UID = "1.2.3.4"
    for series, number in ((1, 1), (1, 2), (2, 1)):
        fs.add(instance(series, number))
    folder = Path(tempfile.mkdtemp())
    try:
        fs.write(folder)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "DICOMDIR", OUT)
    finally:
        shutil.rmtree(folder)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
