"""The batch commands end to end on a folder with broken and non-DICOM files."""

import subprocess
import sys

import numpy as np
import pydicom
import pytest
from PIL import Image

from rapidicom.batch.imaging import to_8_bits
from rapidicom.cli.main import main

from .conftest import dicom_files


def _outcome(path):
    try:
        return pydicom.dcmread(path), None
    except Exception as exc:
        return None, exc


def _relative(corpus, path):
    return path.relative_to(corpus)


@pytest.mark.filterwarnings("ignore::UserWarning")  # rtdose.dcm has invalid UIDs
def test_json_keeps_folders_and_matches_pydicom(corpus, tmp_path, capsys):
    out = tmp_path / "json"
    status = main(["json", str(corpus), "-o", str(out), "-j", "2"])
    summary = capsys.readouterr().out
    assert status == 1 and "notes.txt: InvalidDicomError" in summary and "failed in" in summary
    for path in dicom_files(corpus):
        theirs, error = _outcome(path)
        written = out / f"{_relative(corpus, path)}.json"
        assert written.read_text() == theirs.to_json(), path.name


def test_convert_to_each_syntax_gives_pydicom_equal_files(corpus, tmp_path):
    sources = [corpus / "CT_small.dcm", corpus / "mr" / "MR_small.dcm", corpus / "mr" / "rle" / "MR_small_RLE.dcm"]
    for syntax, uid in [("implicit", pydicom.uid.ImplicitVRLittleEndian), ("big", pydicom.uid.ExplicitVRBigEndian),
                        ("deflated", pydicom.uid.DeflatedExplicitVRLittleEndian), ("rle", pydicom.uid.RLELossless),
                        ("explicit", pydicom.uid.ExplicitVRLittleEndian)]:  # fmt: skip
        out = tmp_path / syntax
        assert main(["convert", *map(str, sources), "-o", str(out), "--syntax", syntax]) == 0
        for source in sources:
            converted = pydicom.dcmread(out / source.name)
            original = pydicom.dcmread(source)
            assert converted.file_meta.TransferSyntaxUID == uid
            assert np.array_equal(converted.pixel_array, original.pixel_array), (syntax, source.name)
            assert converted.PatientName == original.PatientName


def test_inputs_are_untouched_unless_in_place(corpus, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    target = work / "CT_small.dcm"
    target.write_bytes((corpus / "CT_small.dcm").read_bytes())
    before = target.read_bytes()
    with pytest.raises(SystemExit):
        main(["convert", str(target)])  # neither -o nor --in-place: --syntax missing
    assert main(["convert", str(target), "--syntax", "rle"]) == 1  # no output folder
    assert target.read_bytes() == before
    assert main(["convert", str(target), "--syntax", "rle", "--in-place"]) == 0
    assert pydicom.dcmread(target).file_meta.TransferSyntaxUID == pydicom.uid.RLELossless
    assert not [p for p in work.iterdir() if p.name != "CT_small.dcm"]  # no temporary files left


def test_export_png_and_npy(corpus, tmp_path, capsys):
    out = tmp_path / "png"
    assert main(["export", str(corpus / "CT_small.dcm"), str(corpus / "multiframe"), "-o", str(out)]) == 0
    ct = pydicom.dcmread(corpus / "CT_small.dcm")
    rescaled = pydicom.pixels.apply_modality_lut(ct.pixel_array, ct).astype(float)
    # CT_small has no window: its own value range is spread over 0-255.
    want = np.rint((rescaled - rescaled.min()) / np.ptp(rescaled) * 255).astype(np.uint8)
    assert np.array_equal(np.asarray(Image.open(out / "CT_small.dcm.png")), want)
    dose = pydicom.dcmread(corpus / "multiframe" / "rtdose.dcm")
    frames = sorted((out).glob("rtdose.dcm.*.png"))
    assert len(frames) == dose.NumberOfFrames
    color = sorted(out.glob("SC_rgb_rle_2frame.dcm.*.png"))
    assert [np.asarray(Image.open(p)).shape for p in color] == [(100, 100, 3)] * 2
    assert np.array_equal(
        np.asarray(Image.open(color[1])),
        pydicom.dcmread(corpus / "multiframe" / "SC_rgb_rle_2frame.dcm").pixel_array[1],
    )

    windowed = tmp_path / "windowed"
    assert main(["export", str(corpus / "CT_small.dcm"), "-o", str(windowed), "--window", "40", "400"]) == 0
    expected = to_8_bits(rescaled, (40.0, 400.0), False)
    low, high = 40 - 0.5 - 399 / 2, 40 - 0.5 + 399 / 2
    assert np.array_equal(expected, np.clip(np.rint((rescaled - low) / (high - low) * 255), 0, 255).astype(np.uint8))
    assert np.array_equal(np.asarray(Image.open(windowed / "CT_small.dcm.png")), expected)

    assert main(["export", str(corpus / "rtplan.dcm"), "-o", str(tmp_path / "none")]) == 0  # skipped, not failed
    assert "0 exported, 1 skipped, 0 failed" in capsys.readouterr().out

    npy = tmp_path / "npy"
    assert main(["export", str(corpus / "CT_small.dcm"), "-o", str(npy), "--format", "npy"]) == 0
    assert np.array_equal(np.load(npy / "CT_small.dcm.npy"), pydicom.pixels.apply_modality_lut(ct.pixel_array, ct))


def test_globs_and_python_dash_m_without_a_terminal(corpus, tmp_path):
    out = tmp_path / "json"
    run = subprocess.run(
        [sys.executable, "-m", "rapidicom", "json", str(corpus / "**" / "MR_*.dcm"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no progress bar when not on a terminal
    assert run.stdout.startswith("2 written as JSON, 0 failed")
    # Outputs keep the folders below the pattern's fixed part.
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["mr/MR_small.dcm.json", "mr/rle/MR_small_RLE.dcm.json"]
