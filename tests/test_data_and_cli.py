"""Sample files (rapidicom.data) and the command line (rapidicom show)."""

import subprocess
import sys

import pydicom
import pydicom.data
import pytest

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
    # As pydicom's command: a usage error naming the file.
    missing = run("show", str(tmp_path / "missing.dcm"))
    assert missing.returncode == 2 and "missing.dcm' not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = run("show", str(tmp_path))  # a folder
    assert bad.returncode == 2 and "Error reading" in bad.stderr and "Traceback" not in bad.stderr


def pydicom_command(*args: str) -> subprocess.CompletedProcess[str]:
    """pydicom's own command line (pydicom is a test dependency)."""
    code = "import sys; from pydicom.cli.main import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "args",
    [
        ("show", "pydicom::rtplan.dcm"),
        ("show", "-q", "pydicom::rtplan.dcm"),
        ("show", "-q", "pydicom::MR_small_RLE.dcm"),
        ("show", "-t", "-x", "pydicom::nested_priv_SQ.dcm"),
        ("show", "pydicom::rtplan.dcm::BeamSequence[0].ControlPointSequence[0]"),
        ("show", "pydicom::CT_small.dcm::file_meta.TransferSyntaxUID"),
        ("show", "pydicom::chrH31.dcm"),
        ("codify", "pydicom::rtplan.dcm"),
        ("codify", "-p", "-e", "20", "pydicom::nested_priv_SQ.dcm"),
        ("codify", "pydicom::rtplan.dcm::BeamSequence[0]"),
    ],
    ids=lambda a: " ".join(a),
)
def test_subcommands_print_what_pydicoms_print(args):
    ours, theirs = run(*args), pydicom_command(*args)
    assert ours.returncode == theirs.returncode == 0, ours.stderr
    expected = theirs.stdout
    if args[0] == "codify":  # the code names the library it runs on
        expected = expected.replace("import pydicom\n", "import rapidicom\n").replace(
            "from pydicom.", "from rapidicom."
        )
        expected = expected.replace("pydicom codify", "rapidicom codify")
    assert ours.stdout == expected


def test_codified_code_recreates_the_file(tmp_path):
    code = run("codify", "pydicom::rtplan.dcm", "-s", str(tmp_path / "out.dcm")).stdout
    exec(compile(code, "codified", "exec"), {})
    original = pydicom.dcmread(pydicom.data.get_testdata_file("rtplan.dcm"))
    again = pydicom.dcmread(tmp_path / "out.dcm")
    assert again.BeamSequence[0].BeamName == original.BeamSequence[0].BeamName
    assert [e.tag for e in again] == [e.tag for e in original]


def test_help_and_bad_element_specifications():
    assert "Available subcommands: codify, show, json, convert, index, export" in run("help").stdout
    assert run("help", "show").stdout.startswith("usage: rapidicom show [-h]")
    bad = run("show", "pydicom::rtplan.dcm::BeamSequence[9]")
    assert bad.returncode == 2 and "index error" in bad.stderr
    assert run().stdout.startswith("usage: rapidicom [-h] {")
