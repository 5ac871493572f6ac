"""File-sets and structured-report codes: loading a DICOMDIR of 10,110
records (10 patients, 10 studies each, 10 series each, 9 images each) and
searching it, against pydicom."""

import pydicom.fileset
from corpus import file_set
from harness import Case

import rapidicom.fileset


def cases() -> list[Case]:
    dicomdir = file_set()
    ours, theirs = rapidicom.fileset.FileSet(dicomdir), pydicom.fileset.FileSet(dicomdir)
    query = {"PatientID": "PAT0003", "Modality": "MR"}
    return [
        Case(
            "FileSet(DICOMDIR), 10,110 records",
            lambda: rapidicom.fileset.FileSet(dicomdir),
            lambda: pydicom.fileset.FileSet(dicomdir),
            target=20,
            number=1,
        ),
        Case(
            "FileSet.find(PatientID=..., Modality=...) over 9,000 instances",
            lambda: ours.find(**query),
            lambda: theirs.find(**query),
            target=10,
            number=3,
        ),
        Case(
            "FileSet.find_values('StudyInstanceUID') over 9,000 instances",
            lambda: ours.find_values("StudyInstanceUID"),
            lambda: theirs.find_values("StudyInstanceUID"),
            number=3,
        ),
    ]
