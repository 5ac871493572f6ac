"""Other toolkits, where installed: dcmtk's command-line tools against the
`rapidicom` command on the same folders (one process per file for dcmtk, as a
shell loop runs them; one process for the whole folder for rapidicom), and
GDCM's reader and RLE decoder (python-gdcm) against rapidicom's. These rows
are for information: no target is set against them."""

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import ct_folder, multiframe, rle, rle_folder
from harness import Case

import rapidicom


def _rapidicom_convert(folder: Path, out: Path, syntax: str) -> None:
    subprocess.run([sys.executable, "-m", "rapidicom", "convert", str(folder), "-o", str(out), "--syntax", syntax],
                   check=True, capture_output=True)  # fmt: skip


def _dcmtk_each(tool: list[str], files: list[Path], out: Path) -> None:
    for f in files:
        subprocess.run([*tool, str(f), str(out / f.name)], check=True, capture_output=True)


def _dcmtk_cases() -> list[Case]:
    explicit = ct_folder(200)
    compressed = rle_folder(explicit)
    folder_explicit, folder_rle = explicit[0].parent, compressed[0].parent
    out = Path(tempfile.mkdtemp(prefix="rapidicom-bench-dcmtk-"))
    ours, theirs = out / "ours", out / "theirs"
    theirs.mkdir()
    jobs = [("RLE-compress", "rle", ["dcmcrle"], explicit, folder_explicit),
            ("RLE-decompress", "explicit", ["dcmdrle"], compressed, folder_rle),
            ("explicit -> implicit VR", "implicit", ["dcmconv", "+ti"], explicit, folder_explicit)]  # fmt: skip
    return [
        Case(
            f"{label} 200 CT files (one rapidicom convert; {tool[0]} per file)",
            lambda syntax=syntax, folder=folder: _rapidicom_convert(folder, ours, syntax),
            lambda tool=tool, files=files: _dcmtk_each(tool, files, theirs),
            reference=f"dcmtk {tool[0]}",
            number=1,
        )  # fmt: skip
        for label, syntax, tool, files, folder in jobs
        if shutil.which(tool[0])
    ]


def _gdcm_read(path: Path) -> bytes:
    import gdcm

    reader = gdcm.ImageReader()
    reader.SetFileName(str(path))
    if not reader.Read():
        raise RuntimeError(f"GDCM could not read {path}")
    return reader.GetImage().GetBuffer()


def _gdcm_cases() -> list[Case]:
    path = rle(multiframe())
    return [
        Case("read + RLE decode 50 x 256x256 16-bit frames", lambda: rapidicom.dcmread(path).pixel_array,
             lambda: _gdcm_read(path), reference="GDCM ImageReader", number=5),
    ]  # fmt: skip


def cases() -> list[Case]:
    found = _dcmtk_cases()
    if importlib.util.find_spec("gdcm"):
        found += _gdcm_cases()
    return found
