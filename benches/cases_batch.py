"""Batch conversion at scale: the metadata table of 2,000 CT files with
15 keywords and the whole-header table of 2,000 files of a mixed archive,
each against pydicom's loop and against only opening and reading the files,
and the RLE conversion of 200 CT files against pydicom + pylibjpeg-rle."""

import json
import statistics
import tempfile
import time
from pathlib import Path

import pydicom
from corpus import KEYWORDS, ct_folder, mixed_folder
from harness import Case

import rapidicom
from rapidicom.batch import tasks
from rapidicom.batch.files import expand
from rapidicom.batch.runner import run


def _pydicom_rows(files):
    rows = []
    for f in files:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        rows.append([ds.get(k) for k in KEYWORDS])
    return rows


def _pydicom_header_table(files):
    """What a pydicom user writes for the whole-header table: every element
    of each header by keyword (tag if none) from ``to_json_dict``, its values
    as a list, sequences as their DICOM JSON text, into pyarrow."""
    import pyarrow as pa

    rows = []
    for f in files:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        row = {"path": str(f)}
        for tag, elem in ds.to_json_dict().items():
            name = pydicom.datadict.keyword_for_tag(int(tag, 16)) or tag
            value = elem.get("Value", elem.get("InlineBinary"))
            row[name] = json.dumps(value) if elem["vr"] == "SQ" or isinstance(value, list) and value and isinstance(
                value[0], dict) else value  # fmt: skip
        rows.append(row)
    names = dict.fromkeys(k for row in rows for k in row)  # every column of any file
    columns = {}
    for name in names:
        values = [row.get(name) for row in rows]
        try:
            columns[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # values that disagree in type: JSON text
            columns[name] = pa.array([None if v is None else json.dumps(v) for v in values])
    return pa.table(columns)


def _read_only(files):
    for f in files:
        with open(f, "rb") as fp:
            fp.read()


def _pydicom_rle(files, out: Path):
    for f in files:
        ds = pydicom.dcmread(f)
        ds.compress(pydicom.uid.RLELossless, encoding_plugin="pylibjpeg")
        ds.save_as(out / f.name)


def cases() -> list[Case]:
    files = ct_folder(200)
    inputs = expand(files)
    out_ours = Path(tempfile.mkdtemp(prefix="rapidicom-bench-rle-"))
    out_theirs = Path(tempfile.mkdtemp(prefix="rapidicom-bench-rle-"))
    return [
        Case(
            "convert --syntax rle, 200 CT files (both cores)",
            lambda: run(tasks.convert, inputs, str(out_ours), {"syntax": "rle"}, action="converted", progress=False),
            lambda: _pydicom_rle(files, out_theirs),
            target=10,
            number=1,
            reference="pydicom + pylibjpeg-rle",
        ),
    ]


def _median_seconds(fn, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def extra_report() -> str:
    files = ct_folder(2000)
    ours = _median_seconds(lambda: rapidicom.metadata_table(files, KEYWORDS), repeats=5)
    theirs = _median_seconds(lambda: _pydicom_rows(files), repeats=1)
    raw = _median_seconds(lambda: _read_only(files), repeats=5)
    ratio, over_raw = theirs / ours, ours / raw
    return "\n".join([
        "index of 2,000 CT files, 15 keywords:",
        f"- rapidicom.metadata_table: {ours:.3f} s; pydicom loop: {theirs:.2f} s "
        f"({ratio:.1f}x; target ≥ 30x: {'yes' if ratio >= 30 else '**no**'})",
        f"- only opening and reading the files: {raw:.3f} s (the table takes {over_raw:.2f}x that; "
        f"target ≤ 1.5x: {'yes' if over_raw <= 1.5 else '**no**'})",
        "",
        _header_table_report(),
    ])  # fmt: skip


def _header_table_report() -> str:
    files = mixed_folder(2000)
    table = rapidicom.metadata_table(files)  # no keywords: every attribute
    ours = _median_seconds(lambda: rapidicom.metadata_table(files), repeats=5)
    theirs = _median_seconds(lambda: _pydicom_header_table(files), repeats=1)
    raw = _median_seconds(lambda: _read_only(files), repeats=5)
    ratio, over_raw = theirs / ours, ours / raw
    per_100k = table.nbytes * 100_000 / table.num_rows
    return "\n".join([
        f"whole-header table of 2,000 mixed files ({table.num_columns} columns, sequences nested):",
        f"- rapidicom.metadata_table(keywords=None): {ours:.3f} s; pydicom loop (dcmread, to_json_dict, "
        f"pyarrow): {theirs:.2f} s ({ratio:.1f}x; target ≥ 40x: {'yes' if ratio >= 40 else '**no**'})",
        f"- only opening and reading the files: {raw:.3f} s (the table takes {over_raw:.2f}x that; "
        f"target ≤ 2x: {'yes' if over_raw <= 2 else '**no**'})",
        f"- the table in memory: {per_100k / 2**20:.0f} MiB per 100,000 rows (Arrow buffers)",
    ])  # fmt: skip
