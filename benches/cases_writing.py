"""Writing: save_as of a CT to memory, a header with a 20,000-item
sequence, and converting a folder explicit VR LE -> implicit VR LE."""

import io
import shutil
import tempfile
from pathlib import Path

import pydicom
from corpus import big_sequence, ct_512, ct_folder
from harness import Case

import rapidicom


def _save(ds):
    ds.save_as(io.BytesIO())


def _write(lib, ds):
    lib.dcmwrite(io.BytesIO(), ds)


def _decoded(lib, path):
    ds = lib.dcmread(path)
    for _ in ds.iterall():
        pass
    return ds


def _convert(lib, files, out_root: Path):
    # Into a new folder each run, as a conversion job writes new files.
    out_dir = Path(tempfile.mkdtemp(dir=out_root))
    for f in files:
        ds = lib.dcmread(f)
        ds.file_meta.TransferSyntaxUID = lib.uid.ImplicitVRLittleEndian
        ds.save_as(out_dir / f.name)
    shutil.rmtree(out_dir)


def cases() -> list[Case]:
    ct, seq = str(ct_512()), str(big_sequence())
    ours_ct, theirs_ct = rapidicom.dcmread(ct), pydicom.dcmread(ct)
    ours_seq, theirs_seq = rapidicom.dcmread(seq), pydicom.dcmread(seq)
    ours_dec, theirs_dec = _decoded(rapidicom, seq), _decoded(pydicom, seq)
    files = ct_folder(2000)[:200]
    out = Path(tempfile.mkdtemp(prefix="rapidicom-bench-convert-"))
    return [
        Case("save_as 512x512 CT to BytesIO", lambda: _save(ours_ct), lambda: _save(theirs_ct), 10, number=100),
        Case("dcmwrite, 20,000-item sequence (as read)", lambda: _write(rapidicom, ours_seq),
             lambda: _write(pydicom, theirs_seq), 50, number=1),
        Case("dcmwrite, 20,000-item sequence (every value decoded)", lambda: _write(rapidicom, ours_dec),
             lambda: _write(pydicom, theirs_dec), None, number=1),
        Case("convert 200 files explicit LE -> implicit LE (read + save_as)",
             lambda: _convert(rapidicom, files, out), lambda: _convert(pydicom, files, out),
             15, number=1),
    ]  # fmt: skip
