"""metadata_table and the index command against per-file pydicom.dcmread values."""

import json
import math

import pyarrow.parquet as pq
import pydicom
import pytest
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.valuerep import PersonName

import rapidicom
from rapidicom.batch import metadata_table
from rapidicom.cli.main import main

from .conftest import dicom_files

KEYWORDS = [
    "PatientName", "PatientID", "Modality", "Rows", "Columns", "PixelSpacing",
    "ImagePositionPatient", "ImageType", "SliceThickness", "InstanceNumber", "StudyDate",
    "ReferencedImageSequence", "SOPInstanceUID", "WindowCenter", "BitsAllocated",
    "InstitutionName", "NumberOfFrames", "FrameIncrementPointer",
]  # fmt: skip


def expected(value):
    """A value (pydicom's or rapidicom's) as the table should hold it."""
    kind = type(value).__name__
    if isinstance(value, Sequence) or kind == "Sequence":
        return json.dumps([item.to_json_dict() for item in value]) if len(value) else None
    if isinstance(value, MultiValue | list) or kind == "MultiValue":
        return [expected(v) for v in value] or None
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, PersonName) or kind == "PersonName":
        return str(value)
    if isinstance(value, int | float | bytes):
        return value
    return str(value)


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check_rows(rows, files):
    by_path = {r["path"]: r for r in rows}
    for path in files:
        row = by_path[str(path)]
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        assert row["error"] is None
        assert row["size"] == path.stat().st_size
        assert row["transfer_syntax"] == ds.file_meta.TransferSyntaxUID
        for keyword in KEYWORDS:
            want = expected(ds[keyword].value) if keyword in ds else None
            got = row[keyword]
            if isinstance(got, list) and not isinstance(want, list) and want is not None:
                want = [want]  # a list column holds single values as one-item lists
            assert same(got, want), (path.name, keyword, got, want)


def test_table_equals_pydicom_values(corpus):
    files = dicom_files(corpus)
    table = metadata_table(files, KEYWORDS, threads=2)
    assert table.num_rows == len(files)
    assert table.column_names == ["path", "size", "transfer_syntax", *KEYWORDS, "error"]
    assert str(table.schema.field("Rows").type) == "int64"
    assert str(table.schema.field("PixelSpacing").type) == "list<item: double>"
    assert str(table.schema.field("ReferencedImageSequence").type) == "string"
    check_rows(table.to_pylist(), files)


def _pydicom_fails(path):
    try:
        pydicom.dcmread(path, stop_before_pixels=True)
    except Exception:
        return True
    return False


def test_unreadable_files_become_rows_with_errors(corpus):
    paths = [corpus / "notes.txt", corpus / "broken" / "truncated.dcm", corpus / "missing.dcm", corpus / "CT_small.dcm"]
    rows = metadata_table(paths, ["PatientID"]).to_pylist()
    assert [r["path"] for r in rows] == [str(p) for p in paths]
    assert rows[0]["error"].startswith("InvalidDicomError")
    assert rows[2]["error"].startswith("FileNotFoundError") and rows[2]["size"] is None
    assert rows[3]["error"] is None and rows[3]["PatientID"] == "1CT1"
    with pytest.raises(ValueError, match="NotAKeyword"):
        metadata_table(paths, ["NotAKeyword"])


def test_index_command_writes_parquet_csv_and_jsonl(corpus, tmp_path, capsys):
    out = tmp_path / "table.parquet"
    status = main(["index", str(corpus), "-o", str(out), "--keywords", ",".join(KEYWORDS), "-j", "2"])
    summary = capsys.readouterr().out
    every = sorted(p for p in corpus.rglob("*") if p.is_file())
    failing = [p for p in every if _pydicom_fails(p)]
    assert corpus / "notes.txt" in failing
    assert status == 1 and f"{len(every) - len(failing)} indexed, {len(failing)} failed" in summary
    assert "notes.txt: InvalidDicomError" in summary
    rows = pq.read_table(out).to_pylist()
    assert sorted(r["path"] for r in rows if r["error"]) == sorted(map(str, failing))
    check_rows([r for r in rows if r["error"] is None], dicom_files(corpus))
    for suffix in ("csv", "jsonl"):
        target = tmp_path / f"table.{suffix}"
        assert main(["index", str(corpus / "CT_small.dcm"), "-o", str(target), "--keywords", "PatientID", "Rows"]) == 0
        text = target.read_text()
        assert "1CT1" in text and "128" in text


def test_rapidicom_reads_what_it_indexes_the_same_way(corpus):
    # The native cells and rapidicom's own dcmread agree too (same rules, two paths).
    files = dicom_files(corpus)
    rows = metadata_table(files, ["PatientName", "ImageType", "WindowWidth"]).to_pylist()
    for path, row in zip(files, rows, strict=True):
        ds = rapidicom.dcmread(path, stop_before_pixels=True)
        for keyword in ("PatientName", "ImageType", "WindowWidth"):
            want = expected(ds[keyword].value) if keyword in ds else None
            got = row[keyword]
            if isinstance(got, list) and want is not None and not isinstance(want, list):
                want = [want]
            assert same(got, want)
