"""Whole-header tables: every top-level attribute of every file as a column,
typed from the dictionary's VR and VM (keyword; private elements as
``gggg_creator_oo``), sequences as lists of structs (or DICOM JSON text),
binary values as where they lie in the file, and each frame of encapsulated
pixel data as the range one read fetches.

The table is made in Rust (``_native.HeaderTable``) and reaches pyarrow as
Arrow record batches without a Python object per value; only values the
native decoder is not certain of (text in other character sets, ambiguous
VRs, irregular values) are read again through ``dcmread`` and handed back.
``write_header_dataset`` streams the rows into a Parquet dataset in row
groups, resumable and partitioned on a Dask cluster.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from typing import Any

from rapidicom import _native
from rapidicom.filereader import _read_options, dcmread
from rapidicom.multival import MultiValue
from rapidicom.sequence import Sequence as DicomSequence
from rapidicom.valuerep import PersonName

# Files read by the native threads per call.
_CHUNK = 512
# Columns of the file itself (attribute columns never take these names).
FILE_COLUMNS = tuple(_native.HEADER_FILE_COLUMNS)
SEQUENCES = ("structs", "json")


def header_batches(
    paths: Iterable[str | os.PathLike[str]],
    *,
    rows: int = 10_000,
    threads: int | None = None,
    force: bool = False,
    sequences: str = "structs",
    bulk_threshold: int = 1024,
    schema: Any = None,
) -> Iterator[Any]:
    """``pyarrow.RecordBatch`` es of up to `rows` files each, in order. Each
    batch's schema holds every earlier one's (columns are only added, structs
    only gain fields); `schema` (an earlier table's) fixes the types of its
    columns from the start."""
    import pyarrow as pa

    if sequences not in SEQUENCES:
        raise ValueError(f"sequences must be one of {SEQUENCES}, not '{sequences}'")
    table = _native.HeaderTable(sequences, bulk_threshold)
    if schema is not None:
        table.seed(schema)
    options = _read_options(force, True, None, None)
    threads = threads or os.cpu_count() or 1
    it = iter(paths)
    while chunk := [os.fspath(p) for p in itertools.islice(it, min(rows, _CHUNK))]:
        wanted = table.read(chunk, threads, options)
        errors = [e for e in (_resolve(table, index, path, places, force) for index, path, places in wanted) if e]
        table.add(errors)
        if len(table) >= rows:
            yield pa.record_batch(table.take())
    if len(table):
        yield pa.record_batch(table.take())


def _resolve(table: Any, index: int, path: str, places: list[tuple[int, ...]], force: bool) -> tuple[int, str] | None:
    """Decode the values at `places` of the file with the full reader and give
    them to `table`; (index, error) when the file cannot be read that way."""
    try:
        ds = dcmread(path, stop_before_pixels=True, force=force)
        for place in places:
            elem = ds[place[0]]
            for item, tag in zip(place[1::2], place[2::2], strict=True):
                elem = elem.value[item][tag]
            table.resolve(index, list(place), cell(elem.value))
    except Exception as exc:  # what pydicom would raise for this file
        return index, f"{type(exc).__name__}: {exc}"
    return None


def cell(value: Any) -> Any:
    """A value decoded in Python in the shape ``HeaderTable.resolve`` takes."""
    if isinstance(value, DicomSequence):
        # Group lengths and private creators are not columns (the native walk's rule).
        return "s", [
            [_item_element(e) for e in item if e.tag.element != 0 and not e.tag.is_private_creator] for item in value
        ]
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, bytes | bytearray):
        return "b", bytes(value)
    values = list(value) if isinstance(value, MultiValue | list | tuple) else [value]
    if not values:
        return None
    if all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values):
        big = any(v is not None and v > 2**63 - 1 for v in values)
        return ("u" if big else "i"), [None if v is None else int(v) for v in values]
    if all(v is None or isinstance(v, int | float) for v in values):
        return "f", [None if v is None else float(v) for v in values]
    return "t", ["" if v is None else str(v) if isinstance(v, PersonName) else f"{v}" for v in values]


def _item_element(elem: Any) -> tuple[int, str | None, str | None, Any]:
    tag = elem.tag
    creator = elem.private_creator if tag.is_private and tag.element >= 0x1000 else None
    return int(tag), elem.VR, creator, cell(elem.value)


def header_table(
    paths: Iterable[str | os.PathLike[str]],
    threads: int | None = None,
    *,
    force: bool = False,
    sequences: str = "structs",
    bulk_threshold: int = 1024,
) -> Any:
    """Every attribute of every file, one row per file, as a ``pyarrow.Table``."""
    import pyarrow as pa

    batches = list(
        header_batches(
            paths, rows=2**62, threads=threads, force=force, sequences=sequences, bulk_threshold=bulk_threshold
        )
    )
    if not batches:  # no files: the file columns alone
        batches = [pa.record_batch(_native.HeaderTable(sequences, bulk_threshold).take())]
    return pa.Table.from_batches(batches)
