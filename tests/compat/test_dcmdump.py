"""Files rapidicom writes, in every uncompressed transfer syntax and deflated, are
read by dcmtk's dcmdump without errors or warnings, and read back by pydicom and
rapidicom to the same elements. Where dcmdump already complains about pydicom's
output for the same dataset (the wheel has deliberately broken files), ours must
draw exactly the same complaints."""

import io
import pathlib
import shutil
import subprocess
import warnings

import pydicom
import pytest

import rapidicom
import rapidicom.data

from . import reference_files
from .reading import read

DCMDUMP = shutil.which("dcmdump")
FILES = reference_files.AS_PYDICOM + rapidicom.data.get_sample_files()
SYNTAXES = {
    "explicit_le": "ExplicitVRLittleEndian",
    "implicit_le": "ImplicitVRLittleEndian",
    "explicit_be": "ExplicitVRBigEndian",
    "deflated": "DeflatedExplicitVRLittleEndian",
}


def _write(lib, path, syntax: str):
    """The file converted to `syntax` by `lib`, or None where it cannot be."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = lib.dcmread(path, force=True)
            if (
                "PixelData" in ds
                and ds.file_meta.get("TransferSyntaxUID", lib.uid.ImplicitVRLittleEndian).is_compressed
            ):
                return None  # compressed pixel data stays in its own syntax
            ds.ensure_file_meta()
            uid = getattr(lib.uid, SYNTAXES[syntax])
            ds.file_meta.TransferSyntaxUID = uid
            fp = io.BytesIO()
            lib.dcmwrite(fp, ds, implicit_vr=uid.is_implicit_VR, little_endian=uid.is_little_endian)
            return fp.getvalue()
        except Exception:
            return None


def _dcmdump(data: bytes, tmp_path: pathlib.Path, name: str) -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run([DCMDUMP, "+E", str(path)], capture_output=True, encoding="latin-1")
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith(("W:", "E:", "F:"))]
    return done.returncode, [c.replace(str(path), "FILE") for c in complaints]


def test_dcmdump_is_installed():
    assert DCMDUMP, "dcmtk's dcmdump is missing: tools/install-test-tools installs it"


@pytest.mark.skipif(DCMDUMP is None, reason="see test_dcmdump_is_installed")
@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("path", FILES, ids=[pathlib.Path(f).name for f in FILES])
def test_dcmdump_reads_what_we_write(path, syntax, tmp_path):
    ours = _write(rapidicom, path, syntax)
    theirs = _write(pydicom, path, syntax)
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    status, complaints = _dcmdump(ours, tmp_path, "ours.dcm")
    if status != 0 or complaints:
        # Only what dcmdump says about pydicom's output of the same dataset.
        assert (status, complaints) == _dcmdump(theirs, tmp_path, "theirs.dcm")
    assert read(rapidicom, io.BytesIO(ours)) == read(pydicom, io.BytesIO(ours))
