"""``metadata_table``: one row per file, one typed column per keyword, as a
``pyarrow.Table``. Files are read and their values decoded on native threads
(``_native.metadata_rows``); only cells the native decoder is not certain of
(sequences, non-ASCII text, irregular values) are read again through ``dcmread``."""

import itertools
import json
import os
from collections.abc import Iterable, Sequence
from typing import Any

from rapidicom import _native
from rapidicom._tags import SpecificCharacterSet
from rapidicom.datadict import dictionary_VM, dictionary_VR, tag_for_keyword
from rapidicom.filereader import _read_options, dcmread
from rapidicom.multival import MultiValue
from rapidicom.sequence import Sequence as DicomSequence
from rapidicom.valuerep import PersonName

_PYTHON = object()  # a cell the native decoder leaves to dcmread
_INTEGER_VRS = {"US", "UL", "SS", "SL", "SV", "IS", "AT", "US or SS"}
_FLOAT_VRS = {"FL", "FD", "DS"}
_BYTES_VRS = {"OB", "OW", "OD", "OF", "OL", "OV", "UN", "OB or OW", "US or OW", "US or SS or OW"}
_BATCH = 512


def _tag(keyword: str) -> int:
    tag = tag_for_keyword(keyword)
    if tag is None:
        raise ValueError(f"'{keyword}' is not a DICOM keyword")
    return tag


def plain_value(value: Any) -> Any:
    """An element value as a table cell holds it: None when empty; str, int,
    float or bytes; a list for several values; a sequence as DICOM JSON text."""
    if isinstance(value, DicomSequence):
        return json.dumps([item.to_json_dict() for item in value]) if len(value) else None
    if isinstance(value, MultiValue | list | tuple):
        items = [plain_value(v) for v in value]
        return items if items else None
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, PersonName):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)  # IS and tags as plain ints
    if isinstance(value, float):
        return float(value)  # DSfloat as a plain float
    return str(value)


def _arrow_type(pa: Any, keyword: str, values: list[Any]) -> Any:
    vr = dictionary_VR(_tag(keyword))
    if vr == "SQ":
        return pa.string()
    if vr in _BYTES_VRS:
        scalar = pa.binary()
    elif vr == "UV":
        scalar = pa.uint64()
    elif vr in _INTEGER_VRS:
        scalar = pa.int64()
    elif vr in _FLOAT_VRS:
        scalar = pa.float64()
    else:
        scalar = pa.string()
    several = dictionary_VM(_tag(keyword)) != "1" and scalar != pa.binary()
    if several or list in map(type, values):  # cells are plain values or lists
        return pa.list_(scalar)
    return scalar


def _column(pa: Any, keyword: str, values: list[Any]) -> Any:
    """A typed column; values that do not fit the VR's type (an IS that is not
    a number, say) make it a column of their text instead."""
    kind = _arrow_type(pa, keyword, values)
    if pa.types.is_list(kind):
        values = [v if v is None or isinstance(v, list) else [v] for v in values]
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
        as_text = [None if v is None else json.dumps(v) if isinstance(v, list) else str(v) for v in values]
        return pa.array(as_text, type=pa.string())


def metadata_rows(
    paths: Iterable[str | os.PathLike[str]],
    keywords: Sequence[str],
    threads: int | None = None,
    force: bool = False,
) -> Iterable["Row"]:
    """(path, size, transfer syntax, cells, error) for each file, in order."""
    tags = [_tag(k) for k in keywords]
    arguments = _read_options(force, True, sorted({*tags, SpecificCharacterSet}), None)
    cores = os.cpu_count() or 1
    it = iter(paths)
    while batch := [os.fspath(p) for p in itertools.islice(it, _BATCH)]:
        results = _native.metadata_rows(batch, tags, threads or cores, arguments, _PYTHON)
        for path, result in zip(batch, results, strict=True):
            if isinstance(result, BaseException):
                yield path, _size(path), None, [None] * len(tags), f"{type(result).__name__}: {result}"
                continue
            size, syntax, cells = result.size, result.transfer_syntax, result.cells
            error = None
            if _PYTHON in cells:  # identity first: no cell equals the marker
                try:
                    cells = _python_cells(path, tags, cells, force)
                except Exception as exc:  # a value the full path cannot decode
                    cells = [None if c is _PYTHON else c for c in cells]
                    error = f"{type(exc).__name__}: {exc}"
            yield path, size, syntax, cells, error


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _python_cells(path: str, tags: list[int], cells: list[Any], force: bool) -> list[Any]:
    wanted = [t for t, c in zip(tags, cells, strict=True) if c is _PYTHON]
    ds = dcmread(path, stop_before_pixels=True, specific_tags=wanted, force=force)
    return [plain_value(ds[t].value) if c is _PYTHON and t in ds else c for t, c in zip(tags, cells, strict=True)]


def metadata_table(
    paths: Iterable[str | os.PathLike[str]],
    keywords: Sequence[str] | None = None,
    threads: int | None = None,
    *,
    force: bool = False,
    sequences: str = "structs",
) -> Any:
    """A ``pyarrow.Table`` with one row per file: ``path``, ``size``,
    ``transfer_syntax``, one column per keyword (typed by its VR: integers,
    floats, text, bytes, lists for multi-valued elements, sequences as DICOM
    JSON text) and ``error`` (why a file could not be read, else null).

    Without `keywords`, every top-level attribute of every file is a column
    (the whole-header table of ``rapidicom.batch.header_table``: sequences as
    nested columns, or DICOM JSON text with ``sequences="json"``; binary values
    as where they lie in the file).

    Files are parsed on `threads` native threads (default: one per core)
    without building a Dataset per file; unreadable files become rows with an
    error rather than exceptions."""
    if keywords is None:
        from rapidicom.batch.header_table import header_table

        return header_table(paths, threads, force=force, sequences=sequences)
    return table_from_rows(list(metadata_rows(paths, keywords, threads, force)), keywords)


Row = tuple[str, int | None, str | None, list[Any], str | None]


def table_from_rows(rows: list[Row], keywords: Sequence[str]) -> Any:
    """The ``pyarrow.Table`` of rows that ``metadata_rows`` made."""
    import pyarrow as pa

    columns: dict[str, Any] = {
        "path": pa.array([r[0] for r in rows], type=pa.string()),
        "size": pa.array([r[1] for r in rows], type=pa.int64()),
        "transfer_syntax": pa.array([r[2] for r in rows], type=pa.string()),
    }
    for i, keyword in enumerate(keywords):
        columns[keyword] = _column(pa, keyword, [r[3][i] for r in rows])
    columns["error"] = pa.array([r[4] for r in rows], type=pa.string())
    return pa.table(columns)


def write_table(table: Any, path: str | os.PathLike[str]) -> None:
    """Write `table` as Parquet, CSV or JSON Lines, by the file's extension."""
    target = os.fspath(path)
    suffix = target.rsplit(".", 1)[-1].lower()
    if suffix == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, target)
    elif suffix == "csv":
        import pyarrow.csv as pcsv

        flat = table
        for i, field in enumerate(table.schema):
            # CSV has no lists or bytes: those columns are written as JSON / hex text.
            if str(field.type).startswith(("list", "binary")):
                flat = flat.set_column(i, field.name, _as_text(table.column(i)))
        pcsv.write_csv(flat, target)
    elif suffix in ("jsonl", "ndjson"):
        with open(target, "w", encoding="utf-8") as out:
            for row in table.to_pylist():
                out.write(json.dumps({k: v.hex() if isinstance(v, bytes) else v for k, v in row.items()}) + "\n")
    else:
        raise ValueError(f"unknown table format '.{suffix}': use .parquet, .csv or .jsonl")


def _as_text(column: Any) -> Any:
    import pyarrow as pa

    values = column.to_pylist()
    return pa.array(
        [None if v is None else v.hex() if isinstance(v, bytes) else json.dumps(v) for v in values],
        type=pa.string(),
    )
