"""Whole-header tables: every top-level attribute of every file as a column
(keyword; private elements as ``gggg_creator_oo``), sequences as lists of
structs, bulk data and pixel data as where they lie in the file, frames of
encapsulated pixel data as their fragments' offsets and lengths.

Files are read up to their pixel data and walked natively
(``_native.header_rows``); only values the native decoder is not certain of are
read again through ``dcmread`` for that file. ``write_header_dataset`` streams
the rows into a Parquet dataset in row groups, starting a new part file when
new attributes appear, and skips files already in the dataset when resumed.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rapidicom import _native
from rapidicom.filereader import _read_options, dcmread
from rapidicom.multival import MultiValue
from rapidicom.sequence import Sequence as DicomSequence
from rapidicom.valuerep import PersonName

_PYTHON = object()  # a value the native walk leaves to dcmread
_BATCH = 512
# Column names of the file's own facts; attribute columns never take them (a
# keyword has no lower-case first letter).
FILE_COLUMNS = ("path", "size", "transfer_syntax", "error", "pixel_data", "frames", "frames_note")


def header_records(
    paths: Iterable[str | os.PathLike[str]],
    threads: int | None = None,
    *,
    force: bool = False,
    bulk_threshold: int = 1024,
) -> Iterator[dict[str, Any]]:
    """A dict per file, in order: the file columns and one entry per attribute."""
    options = _read_options(force, True, None, None)
    cores = os.cpu_count() or 1
    it = iter(paths)
    while batch := [os.fspath(p) for p in itertools.islice(it, _BATCH)]:
        rows = _native.header_rows(batch, threads or cores, options, bulk_threshold, _PYTHON)
        for path, row in zip(batch, rows, strict=True):
            if isinstance(row, BaseException):
                yield {"path": path, "size": _size(path), "error": f"{type(row).__name__}: {row}"}
                continue
            record: dict[str, Any] = {
                "path": path,
                "size": row.size,
                "transfer_syntax": row.transfer_syntax,
                "error": None,
            }
            try:
                record.update(_cells(row.attributes, _Lazy(path, force)))
            except Exception as exc:  # a value the full path cannot decode either
                record["error"] = f"{type(exc).__name__}: {exc}"
            pixels = row.pixels
            if pixels is not None:
                record["pixel_data"] = {"offset": pixels.offset, "length": pixels.length}
                if pixels.frames is not None:
                    record["frames"] = [[{"offset": o, "length": n} for o, n in frame] for frame in pixels.frames]
                record["frames_note"] = pixels.note
            yield record


class _Lazy:
    """The file's Dataset, read only if some value needs Python."""

    def __init__(self, path: str, force: bool) -> None:
        self.path, self.force, self._ds = path, force, None

    def dataset(self) -> Any:
        if self._ds is None:
            self._ds = dcmread(self.path, stop_before_pixels=True, force=self.force)
        return self._ds


def _cells(attributes: list[Any], source: Any, parent: Any = None) -> dict[str, Any]:
    """{column: cell} of native attributes; `parent` is the Dataset they belong
    to once Python had to read it (items of a sequence Python decoded)."""
    out: dict[str, Any] = {}
    for attr in attributes:
        value = attr.value
        if value is _PYTHON:
            ds = parent if parent is not None else source.dataset()
            out[attr.name] = _python_cell(ds[attr.tag].value)
        elif isinstance(value, _native.BulkData):
            out[attr.name] = {"offset": value.offset, "length": value.length}
        elif attr.vr == "SQ":
            items = None
            if any(_needs_python(item) for item in value):
                ds = parent if parent is not None else source.dataset()
                items = ds[attr.tag].value
            out[attr.name] = [
                _cells(item, source, None if items is None else items[i]) for i, item in enumerate(value)
            ] or None
        else:
            out[attr.name] = _plain(value)
    return out


def _needs_python(attributes: list[Any]) -> bool:
    return any(
        a.value is _PYTHON or (a.vr == "SQ" and any(_needs_python(i) for i in a.value or [])) for a in attributes
    )


def _python_cell(value: Any) -> Any:
    """A value Python decoded, as a cell: sequences as lists of item dicts."""
    if isinstance(value, DicomSequence):
        return [{_name(e): _python_cell(e.value) for e in item} for item in value] or None
    return _plain(value)


def _name(elem: Any) -> str:
    """The column of an element decoded by Python (the native walk's names)."""
    tag = elem.tag
    if tag.is_private:
        creator = elem.private_creator
        if creator and tag.element >= 0x1000:
            return f"{tag.group:04X}_{creator.strip()}_{tag.element & 0xFF:02X}"
        return f"{int(tag):08X}"
    keyword = elem.keyword
    return keyword if keyword and not (0x5000 <= tag.group <= 0x60FF) else f"{int(tag):08X}"


def _plain(value: Any) -> Any:
    if isinstance(value, MultiValue | list | tuple):
        items = [_plain(v) for v in value]
        return items or None
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, PersonName):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, bool | int | float | str):
        return value if type(value) in (bool, int, float, str) else type(value).__mro__[-2](value)
    return str(value)


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def table_of(records: list[dict[str, Any]]) -> Any:
    """A ``pyarrow.Table`` of `records`: types inferred per column; a column whose
    values do not share one type (a private element read as text in one file and
    as numbers in another) is written as JSON text."""
    import pyarrow as pa

    names: dict[str, None] = dict.fromkeys(FILE_COLUMNS[:4])
    for record in records:
        names.update(dict.fromkeys(record))
    columns = {}
    for name in names:
        values = [record.get(name) for record in records]
        try:
            columns[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            columns[name] = pa.array([None if v is None else _json(v) for v in values], type=pa.string())
    return pa.table(columns)


def _json(value: Any) -> str:
    return json.dumps(value, default=lambda v: v.hex() if isinstance(v, bytes) else str(v))


def header_table(paths: Iterable[str | os.PathLike[str]], threads: int | None = None, *, force: bool = False) -> Any:
    """Every attribute of every file, one row per file, as a ``pyarrow.Table``."""
    return table_of(list(header_records(paths, threads, force=force)))


def write_header_dataset(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    rows_per_group: int = 10_000,
    groups_per_part: int = 10,
    threads: int | None = None,
    force: bool = False,
) -> int:
    """Write the whole-header table of `paths` as a Parquet dataset in the folder
    `out` and return how many files were added.

    Rows are written `rows_per_group` at a time as row groups (memory stays that
    of one group), into part files ``part-NNNNN.parquet`` of up to
    `groups_per_part` groups; a new part starts when a group brings attributes
    or types the current part's schema lacks (readers unify the parts' schemas:
    ``pyarrow.dataset``, DuckDB's ``union_by_name``). A part is written under a
    temporary name and renamed when complete, so an interrupted run leaves only
    complete parts; run again, it skips the files they hold."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for partial in folder.glob("part-*.parquet.tmp"):
        partial.unlink()  # an interrupted part: its files are read again
    parts = sorted(folder.glob("part-*.parquet"))
    done: set[str] = set()
    for part in parts:
        done.update(pq.read_table(part, columns=["path"]).column("path").to_pylist())
    number = max((int(p.name[5:10]) + 1 for p in parts), default=0)
    todo = (p for p in map(os.fspath, paths) if p not in done)
    records = header_records(todo, threads, force=force)
    writer: Any = None
    target: Path | None = None
    groups = 0
    added = 0

    def finish() -> None:
        nonlocal writer
        if writer is not None and target is not None:
            writer.close()
            target.with_name(target.name + ".tmp").rename(target)
            writer = None

    try:
        while group := list(itertools.islice(records, rows_per_group)):
            table = table_of(group)
            if writer is not None and groups < groups_per_part:
                fitted = _fitted(table, writer.schema, pa)
                if fitted is not None:
                    writer.write_table(fitted)
                    groups += 1
                    added += len(group)
                    continue
            finish()
            target = folder / f"part-{number:05d}.parquet"
            number += 1
            writer = pq.ParquetWriter(target.with_name(target.name + ".tmp"), table.schema)
            writer.write_table(table)
            groups = 1
            added += len(group)
        finish()
    finally:
        if writer is not None:
            writer.close()  # left as .tmp: not complete
    return added


def _fitted(table: Any, schema: Any, pa: Any) -> Any:
    """`table` in `schema` (its columns, order and types; absent ones null), or
    None when it has a column or a type the schema cannot hold."""
    if not set(table.column_names) <= set(schema.names):
        return None
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            columns.append(pa.nulls(len(table), type=field.type))
            continue
        column = table.column(field.name)
        if column.type != field.type:
            if not pa.types.is_null(column.type):
                return None
            column = pa.nulls(len(table), type=field.type)
        columns.append(column)
    return pa.table(columns, schema=schema)
