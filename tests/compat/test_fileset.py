"""rapidicom.fileset against pydicom.fileset: the same File-sets loaded, searched,
changed and written; the native record walk against the Python one; and
broken DICOMDIRs (cut short, offsets pointing anywhere, loops, files missing)
raising clean exceptions in bounded time."""

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pydicom
import pydicom.fileset
import pytest
from pydicom.data import get_testdata_file

import rapidicom
import rapidicom.fileset
from rapidicom import _native
from rapidicom.fileset.fileset import _StagingFolder

DICOMDIRS = ["DICOMDIR", "TINY_ALPHA/DICOMDIR", "DICOMDIR-implicit", "DICOMDIR-bigEnd", "DICOMDIR-reordered", "DICOMDIR-nooffset"]  # fmt: skip


@pytest.fixture(autouse=True)
def quiet_pydicom_staging(monkeypatch):
    """pydicom's FileSet stages in a TemporaryDirectory, which warns when a
    File-set is dropped unwritten; give it rapidicom's quiet staging folder."""
    monkeypatch.setattr(pydicom.fileset, "TemporaryDirectory", _StagingFolder)


def copy_file_set(dst: Path, name: str = "DICOMDIR") -> Path:
    """pydicom's test File-set (the DICOMDIR `name` and its files) copied to `dst`."""
    src = Path(get_testdata_file(name)).parent
    for folder in ("77654033", "98892001", "98892003"):
        shutil.copytree(src / folder, dst / folder)
    shutil.copyfile(src / name, dst / "DICOMDIR")
    return dst / "DICOMDIR"


def summary(fs) -> tuple:
    return (
        len(fs),
        [i.SOPInstanceUID for i in fs],
        [Path(i.path).name for i in fs],
        fs.is_staged,
        [n.record_type for n in fs._tree],
    )


def load_quietly(module, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.fileset.FileSet(path)


@pytest.mark.parametrize("name", DICOMDIRS)
def test_loaded_file_sets_are_pydicoms(name):
    path = get_testdata_file(name)
    ours, theirs = load_quietly(rapidicom, path), load_quietly(pydicom, path)
    assert summary(ours) == summary(theirs)
    assert str(ours) == str(theirs)


def without_native_walk(monkeypatch):
    monkeypatch.setattr(_native, "directory_record_fields", lambda stores: None)


@pytest.mark.parametrize("name", DICOMDIRS)
def test_native_walk_is_the_python_walk(name, monkeypatch):
    path = get_testdata_file(name)
    native = load_quietly(rapidicom, path)
    without_native_walk(monkeypatch)
    python = load_quietly(rapidicom, path)
    assert summary(native) == summary(python)
    assert [n._offset for n in native._tree] == [n._offset for n in python._tree]
    assert [len(n.children) for n in native._tree] == [len(n.children) for n in python._tree]


def test_a_moved_layout_is_staged_by_both_walks(tmp_path, monkeypatch):
    # pydicom's test File-set does not use the File-set layout: it is staged to move.
    path = copy_file_set(tmp_path)
    assert load_quietly(rapidicom, path)._stage["~"]
    fs = load_quietly(rapidicom, path)
    fs.write()  # moves every file to PTxxxxxx/STxxxxxx/...
    assert not load_quietly(rapidicom, path)._stage["~"]
    without_native_walk(monkeypatch)
    assert not load_quietly(rapidicom, path)._stage["~"]


def test_find_and_find_values_as_pydicom():
    path = get_testdata_file("DICOMDIR")
    ours, theirs = load_quietly(rapidicom, path), load_quietly(pydicom, path)
    for query in ({"PatientID": "77654033"}, {"Modality": "MR"}, {"PatientID": "98890234", "Modality": "CT"},
                  {"SOPInstanceUID": theirs._instances[3].SOPInstanceUID}, {"PatientID": "no such"}):  # fmt: skip
        assert [i.SOPInstanceUID for i in ours.find(**query)] == [i.SOPInstanceUID for i in theirs.find(**query)]
    for element in ("PatientID", "StudyInstanceUID", "Modality", ["PatientID", "Modality"]):
        assert ours.find_values(element) == theirs.find_values(element)
    with pytest.warns(UserWarning, match="None of the records"):
        assert ours.find(PatientName="x", InstanceCreatorUID="1") == []


def test_written_file_sets_are_laid_out_as_pydicoms(tmp_path):
    names = [
        "CT_small.dcm",
        "MR_small.dcm",
        "JPEG2000.dcm",
        "SC_rgb.dcm",
        "MR-SIEMENS-DICOM-WithOverlays.dcm",
        "liver.dcm",
    ]
    written = {}
    for module in (rapidicom, pydicom):
        fs = module.fileset.FileSet()
        fs.UID = "1.2.3.4"
        for name in names:
            fs.add(module.dcmread(get_testdata_file(name)))
        root = tmp_path / module.__name__
        fs.write(root)
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        ds = pydicom.dcmread(root / "DICOMDIR")
        records = [(r.DirectoryRecordType, r.get("ReferencedFileID")) for r in ds.DirectoryRecordSequence]
        first = ds.DirectoryRecordSequence[0].seq_item_tell
        # Offsets relative to the first record: the file meta lengths differ
        # (each library names itself in the Implementation Version Name).
        links = [
            (r.OffsetOfTheNextDirectoryRecord and r.OffsetOfTheNextDirectoryRecord - first,
             r.OffsetOfReferencedLowerLevelDirectoryEntity and r.OffsetOfReferencedLowerLevelDirectoryEntity - first)
            for r in ds.DirectoryRecordSequence
        ]  # fmt: skip
        written[module.__name__] = (files, records, links)
    assert written["rapidicom"] == written["pydicom"]


def test_changes_staged_and_written_as_pydicom(tmp_path):
    results = {}
    for module in (rapidicom, pydicom):
        path = copy_file_set(tmp_path / module.__name__)
        fs = load_quietly(module, path)
        fs.remove(fs.find(Modality="MR"))
        fs.add(module.dcmread(get_testdata_file("CT_small.dcm")))
        fs.ID = "CHANGED"
        staged = str(fs).replace(str(tmp_path / module.__name__), "ROOT")
        fs.write()
        again = load_quietly(module, path)
        results[module.__name__] = (staged, str(again).replace(str(tmp_path / module.__name__), "ROOT"), summary(again))
    assert results["rapidicom"] == results["pydicom"]


# Broken DICOMDIRs: each is loaded in a child process with a time limit, and
# must load or raise an ordinary exception.

BROKEN_RUNNER = r"""
import sys, warnings
from pathlib import Path
from rapidicom.fileset import FileSet
warnings.simplefilter("ignore")
outcomes = []
for path in sorted(Path(sys.argv[1]).glob("case_*/DICOMDIR")):
    try:
        fs = FileSet(path)
        len(fs), str(fs), fs.find(PatientID="x")
        outcomes.append("loaded")
    except (ValueError, KeyError, OSError, AttributeError, TypeError, EOFError) as exc:
        outcomes.append(type(exc).__name__)
print(" ".join(outcomes))
"""


def broken_corpus(tmp_path: Path) -> int:
    """Cases under tmp_path/case_N: pydicom's DICOMDIR cut at every record, with
    each record's offsets pointing elsewhere (into a record, past the end, at
    itself, at the first record: loops), and with referenced files missing."""
    base = tmp_path / "base"
    dicomdir = copy_file_set(base)
    data = dicomdir.read_bytes()
    ds = pydicom.dcmread(dicomdir)
    records = ds.DirectoryRecordSequence
    starts = [r.seq_item_tell for r in records]
    variants: list[bytes] = []
    for start in starts:
        variants += [data[:start], data[: start + 20]]
    first = starts[0]
    for i, record in enumerate(records):
        for keyword in ("OffsetOfTheNextDirectoryRecord", "OffsetOfReferencedLowerLevelDirectoryEntity"):
            for target in (first, record.seq_item_tell, record.seq_item_tell + 3, len(data) + 100, 0xFFFFFFFF):
                broken = pydicom.dcmread(dicomdir)
                setattr(broken.DirectoryRecordSequence[i], keyword, target)
                out = pydicom.filebase.DicomBytesIO()
                broken.save_as(out)
                variants.append(out.getvalue())
        if i >= 12:
            break
    n = 0
    for n, variant in enumerate(variants):
        case = tmp_path / f"case_{n:04d}"
        shutil.copytree(base, case, ignore=shutil.ignore_patterns("DICOMDIR"))
        (case / "DICOMDIR").write_bytes(variant)
    # Referenced files missing.
    for folder in ("77654033", "98892001"):
        case = tmp_path / f"case_{n + 1:04d}"
        shutil.copytree(base, case)
        shutil.rmtree(case / folder)
        n += 1
    return n + 1


def test_broken_dicomdirs_raise_clean_exceptions_in_bounded_time(tmp_path):
    count = broken_corpus(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_RUNNER, str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcomes = done.stdout.split()
    assert len(outcomes) == count
    # Some load (missing files are left out with a warning), most raise.
    assert "loaded" in outcomes and "ValueError" in outcomes


def test_loops_and_offsets_to_nowhere_say_where(tmp_path):
    path = copy_file_set(tmp_path)
    ds = rapidicom.dcmread(path)
    records = ds.DirectoryRecordSequence
    records[0].OffsetOfReferencedLowerLevelDirectoryEntity = records[0].seq_item_tell
    with pytest.raises(ValueError, match=r"form a loop: the record at offset \d+ is reached again"):
        rapidicom.fileset.FileSet(ds)
    ds = rapidicom.dcmread(path)
    ds.DirectoryRecordSequence[1].OffsetOfTheNextDirectoryRecord = 7
    with pytest.raises(ValueError, match="is offset 7, where no directory record starts"):
        rapidicom.fileset.FileSet(ds)
    # The same from the native walk (records untouched in Python, file changed).
    data = bytearray(path.read_bytes())
    first = pydicom.dcmread(path).DirectoryRecordSequence[0]
    broken = pydicom.dcmread(path)
    broken.DirectoryRecordSequence[0].OffsetOfReferencedLowerLevelDirectoryEntity = first.seq_item_tell
    broken.save_as(path)
    del data
    with pytest.raises(ValueError, match="form a loop"):
        rapidicom.fileset.FileSet(path)


def test_references_outside_the_root_are_refused(tmp_path):
    path = copy_file_set(tmp_path / "root")
    (tmp_path / "secret").write_bytes(b"x")
    for file_id in (["..", "secret"], "/etc/passwd"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ".." and "/" are not CS characters
            fs = rapidicom.fileset.FileSet(path)
            leaf = next(r for r in fs._ds.DirectoryRecordSequence if "ReferencedFileID" in r)
            leaf.ReferencedFileID = file_id
            broken = path.with_name("BROKEN")
            with open(broken, "wb") as f:
                fs._write_dicomdir(rapidicom.filebase.DicomFileLike(f))
            with pytest.raises(PermissionError, match="must be inside the DICOMDIR root path"):
                rapidicom.fileset.FileSet(broken)
