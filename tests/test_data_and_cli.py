"""Sample files (rapidicom.data) and the command line (rapidicom show)."""

import subprocess
import sys

import pydicom

import rapidicom
from rapidicom.data import get_sample_file, get_sample_files


def test_samples_are_found_by_name_and_pattern():
    files = get_sample_files()
    assert len(files) >= 13
    assert get_sample_files("sample_rtplan.dcm") == [get_sample_file("sample_rtplan.dcm")]
    assert all(f.endswith(".dcm") for f in get_sample_files("sample_mr_*"))
    assert get_sample_file("no such file.dcm") is None
    # Found by get_testdata_file too, after pydicom's files.
    ds = rapidicom.data.get_testdata_file("sample_rtplan.dcm", read=True)
    assert ds.BeamSequence[0].BeamName == "Field 1"


def test_seed_examples_run_as_written():
    ds = rapidicom.dcmread(get_sample_files("sample_rtplan.dcm")[0])
    assert ds.BeamSequence[0].BeamName == "Field 1"
    assert ds[0x300A, 0xB0][0][0x300A, 0xC2].value == "Field 1"
    assert ds.dir("pat") == ["PatientBirthDate", "PatientID", "PatientName", "PatientSetupSequence", "PatientSex"]
    elem = ds.data_element("PatientName")
    assert (elem.VR, elem.value) == ("PN", "Last^First^mid^pre")
    del ds.SoftwareVersions
    assert "SoftwareVersions" not in ds


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rapidicom", *args], capture_output=True, text=True, check=False)


def test_show_prints_what_pydicom_prints():
    path = get_sample_file("sample_rtplan.dcm")
    full = run("show", path)
    assert full.returncode == 0
    assert full.stdout == str(pydicom.dcmread(path)) + "\n"
    top = run("show", "-t", "rapidicom::sample_rtplan.dcm")
    assert top.stdout == pydicom.dcmread(path).top() + "\n"


def test_show_options():
    no_private = run("show", "-x", "rapidicom::sample_ct.dcm").stdout
    assert "Private" not in no_private and "(0028,0010) Rows" in no_private
    quiet = run("show", "-q", "rapidicom::sample_rtplan.dcm").stdout
    assert "SOPClassUID: RT Plan Storage" in quiet and "Beam 1 'Field 1'" in quiet


def test_show_reports_bad_input_cleanly(tmp_path):
    missing = run("show", str(tmp_path / "missing.dcm"))
    assert missing.returncode == 1 and "No such file" in missing.stderr
    assert "Traceback" not in missing.stderr
