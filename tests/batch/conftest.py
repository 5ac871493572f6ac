"""A folder of files to run batch commands on: pydicom's sample files in nested
folders, plus a broken DICOM file and a file that is not DICOM at all."""

import shutil
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

SAMPLES = {
    "CT_small.dcm": "",
    "MR_small.dcm": "mr",
    "rtplan.dcm": "",
    "MR_small_RLE.dcm": "mr/rle",
    "SC_rgb_rle.dcm": "color",
    "JPEG2000.dcm": "compressed",
    "ExplVR_BigEnd.dcm": "mr",
    "nested_priv_SQ.dcm": "private",
    "image_dfl.dcm": "deflated",
    "rtdose.dcm": "multiframe",
    "SC_rgb_rle_2frame.dcm": "multiframe",
    "examples_palette.dcm": "color",
    "test-SR.dcm": "",
}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name, folder in SAMPLES.items():
        source = get_testdata_file(name)  # all installed with pydicom's wheel
        (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / folder / name)
    (root / "notes.txt").write_text("not a DICOM file\n")
    broken = (root / "CT_small.dcm").read_bytes()[:700]
    (root / "broken").mkdir()
    (root / "broken" / "truncated.dcm").write_bytes(broken)
    return root


def dicom_files(root: Path) -> list[Path]:
    """The sample files (those that are whole DICOM files)."""
    return sorted(p for p in root.rglob("*.dcm") if p.parent.name != "broken")
