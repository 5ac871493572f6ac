"""A typed program written against rapidicom as against pydicom: mypy checks it
(.ci/run), so the annotations and stubs users rely on stay usable.

    python examples/typed_client.py [FILE ...]   # the samples shipped if no file
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

import rapidicom
from rapidicom import Dataset, FileDataset
from rapidicom.data import get_testdata_file
from rapidicom.dataelem import DataElement
from rapidicom.sequence import Sequence
from rapidicom.tag import BaseTag, Tag
from rapidicom.uid import RLELossless, generate_uid
from rapidicom.valuerep import PersonName


def summary(ds: Dataset) -> dict[str, str]:
    """A few attributes as text: what a PACS tool lists per file."""
    name: PersonName | None = ds.get("PatientName")
    return {
        "patient": "" if name is None else str(name.family_name),
        "modality": str(ds.get("Modality", "")),
        "sop_class": str(ds.SOPClassUID.name) if "SOPClassUID" in ds else "",
        "elements": str(len(ds)),
    }


def private_elements(ds: Dataset) -> Iterator[tuple[BaseTag, str]]:
    """Every private element, depth first, with its VR."""
    for elem in ds.iterall():
        if elem.tag.is_private:
            yield elem.tag, elem.VR


def anonymized(ds: Dataset) -> Dataset:
    """A copy with the patient's identity replaced and a new SOP Instance UID."""
    out = ds.copy()
    out.PatientName = "Anonymous"
    out.PatientID = "0"
    out.SOPInstanceUID = generate_uid()
    item = Dataset()
    item.CodeValue = "113100"
    item.CodingSchemeDesignator = "DCM"
    item.CodeMeaning = "Basic Application Confidentiality Profile"
    out.DeidentificationMethodCodeSequence = Sequence([item])
    elem: DataElement = (
        out["PatientIdentityRemoved"]
        if "PatientIdentityRemoved" in out
        else DataElement(Tag("PatientIdentityRemoved"), "CS", "YES")
    )
    out[elem.tag] = elem
    return out


def pixel_statistics(ds: Dataset) -> tuple[float, float] | None:
    if "PixelData" not in ds:
        return None
    pixels: np.ndarray = ds.pixel_array
    return float(pixels.min()), float(pixels.max())


def round_trip(ds: Dataset) -> bytes:
    """The file compressed with RLE Lossless (when it has pixels) and written to memory."""
    if "PixelData" in ds and not ds.file_meta.TransferSyntaxUID.is_compressed:
        ds.compress(RLELossless)
    buffer = io.BytesIO()
    ds.save_as(buffer)
    return buffer.getvalue()


def main(paths: Iterable[str]) -> int:
    for path in paths:
        ds: FileDataset = rapidicom.dcmread(path)
        info = summary(ds)
        print(Path(path).name, info, pixel_statistics(ds), sum(1 for _ in private_elements(ds)))
        again = rapidicom.dcmread(io.BytesIO(round_trip(anonymized(ds))))
        assert again.PatientName == "Anonymous"
        print("  as JSON:", len(again.to_json()), "characters")
    return 0


if __name__ == "__main__":
    samples = [get_testdata_file(n) for n in ("sample_ct.dcm", "sample_rtplan.dcm", "sample_mr.dcm")]
    files = sys.argv[1:] or [f for f in samples if isinstance(f, str)]
    sys.exit(main(files))
