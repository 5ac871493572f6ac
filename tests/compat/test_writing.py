"""dcmwrite against pydicom on every file its wheel installs and every shipped
sample: as read, after every value was decoded, converted to each uncompressed
encoding, deflated and with enforce_file_format. The bytes written (or the
exception raised) and the warnings must be the same."""

import pathlib

import pydicom
import pytest

import rapidicom
import rapidicom.data

from . import reference_files
from .writing import write

FILES = reference_files.AS_PYDICOM + rapidicom.data.get_sample_files()
IDS = [pathlib.Path(f).name for f in FILES]


def as_read(lib, ds, fp):
    lib.dcmwrite(fp, ds)


def decoded(lib, ds, fp):
    for _ in ds.iterall():
        pass
    lib.dcmwrite(fp, ds)


def converted(implicit_vr, little_endian):
    def scenario(lib, ds, fp):
        lib.dcmwrite(
            fp,
            ds,
            implicit_vr=implicit_vr,
            little_endian=little_endian,
            force_encoding=True,
        )

    return scenario


def deflated(lib, ds, fp):
    ds.ensure_file_meta()
    ds.file_meta.TransferSyntaxUID = lib.uid.DeflatedExplicitVRLittleEndian
    lib.dcmwrite(fp, ds)


def enforced(lib, ds, fp):
    # Each library names itself where the file meta has no implementation
    # version name (see test_implementation_version_name); set one for both.
    ds.ensure_file_meta()
    if "ImplementationVersionName" not in ds.file_meta:
        ds.file_meta.ImplementationVersionName = "SAME FOR BOTH"
    lib.dcmwrite(fp, ds, enforce_file_format=True)


SCENARIOS = {
    "as_read": as_read,
    "decoded": decoded,
    "implicit_le": converted(True, True),
    "explicit_le": converted(False, True),
    "explicit_be": converted(False, False),
    "deflated": deflated,
    "enforced": enforced,
}


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_written_bytes_match_pydicom(path, scenario):
    theirs = write(pydicom, path, SCENARIOS[scenario])
    ours = write(rapidicom, path, SCENARIOS[scenario])
    assert ours == theirs
