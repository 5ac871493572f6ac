"""A whole-header table as a Parquet dataset: a folder of part files written
in row groups, so memory stays that of one group however many files there
are; resumable (files already in the dataset are skipped) and written in
partitions by the workers of a Dask cluster.

Part files are named ``part-RRRRR-PPPPP-NNNNN.parquet`` (run, partition, part
of the partition). A part is written under ``.tmp`` and renamed when it is
complete, so an interrupted run leaves only complete parts; a new part starts
when a batch brings new columns. Every part's schema is one the table grew
through (columns are only added, structs only gain fields), so all of them
read as one table: ``open_header_dataset`` here, or DuckDB's
``read_parquet('folder/*.parquet', union_by_name = true)``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidicom.batch.header_table import header_batches
from rapidicom.batch.runner import chunks

_PART = re.compile(r"part-(\d{5})-(\d{5})-(\d{5})\.parquet")


def parts(folder: str | os.PathLike[str]) -> list[Path]:
    """The complete part files of the dataset in `folder`, in order."""
    return sorted(p for p in Path(folder).glob("part-*.parquet") if _PART.fullmatch(p.name))


def dataset_schema(files: Sequence[Path]) -> Any:
    """The schema every part of the dataset reads in (None without parts)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = [pq.read_schema(f) for f in files]
    return pa.unify_schemas(schemas, promote_options="permissive") if schemas else None


def open_header_dataset(folder: str | os.PathLike[str]) -> Any:
    """The dataset in `folder` as one ``pyarrow.dataset.Dataset``."""
    import pyarrow.dataset as pds

    files = parts(folder)
    return pds.dataset([str(f) for f in files], schema=dataset_schema(files), format="parquet")


def _done_paths(files: Sequence[Path]) -> set[str]:
    import pyarrow.parquet as pq

    done: set[str] = set()
    for f in files:
        done.update(pq.read_table(f, columns=["path"]).column("path").to_pylist())
    return done


def _start(folder: Path) -> tuple[set[str], Any, int]:
    """Clear what an interrupted run left half-written; the files the dataset
    holds, its schema and the number of a new run."""
    folder.mkdir(parents=True, exist_ok=True)
    for partial in folder.glob("part-*.parquet.tmp"):
        partial.unlink()  # an interrupted part: its files are read again
    files = parts(folder)
    run = max((int(_PART.fullmatch(p.name).group(1)) + 1 for p in files), default=0)  # type: ignore[union-attr]
    return _done_paths(files), dataset_schema(files), run


@dataclass(frozen=True)
class DatasetOptions:
    """How a dataset is written (see ``write_header_dataset``)."""

    rows_per_group: int = 10_000
    groups_per_part: int = 10
    force: bool = False
    sequences: str = "structs"
    bulk_threshold: int = 1024


def write_partition(
    paths: Sequence[str],
    out: str,
    run: int,
    partition: int,
    schema: Any,
    options: DatasetOptions,
    threads: int | None = None,
) -> tuple[int, int]:
    """Write the rows of `paths` as parts of the dataset in `out` (a task of
    its own on a cluster) and return (files written, files with an error)."""
    import pyarrow.parquet as pq

    folder = Path(out)
    writer: Any = None
    target = folder
    number = groups = written = failed = 0

    def finish() -> None:
        nonlocal writer
        if writer is not None:
            writer.close()
            writer = None
            target.with_name(target.name + ".tmp").rename(target)

    batches = header_batches(
        paths,
        rows=options.rows_per_group,
        threads=threads,
        force=options.force,
        sequences=options.sequences,
        bulk_threshold=options.bulk_threshold,
        schema=schema,
    )
    try:
        for batch in batches:
            full = groups >= options.groups_per_part
            if writer is None or full or not batch.schema.equals(writer.schema):
                finish()
                target = folder / f"part-{run:05d}-{partition:05d}-{number:05d}.parquet"
                number += 1
                writer = pq.ParquetWriter(target.with_name(target.name + ".tmp"), batch.schema)
                groups = 0
            writer.write_batch(batch)
            groups += 1
            written += batch.num_rows
            failed += batch.num_rows - batch.column("error").null_count
        finish()
    finally:
        if writer is not None:
            writer.close()  # left as .tmp: not complete, read again when resumed
    return written, failed


def write_header_dataset(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    rows_per_group: int = 10_000,
    groups_per_part: int = 10,
    threads: int | None = None,
    force: bool = False,
    sequences: str = "structs",
    bulk_threshold: int = 1024,
    client: Any = None,
) -> tuple[int, int]:
    """Write the whole-header table of `paths` as a Parquet dataset in the
    folder `out`, skipping files it already holds; return (files added, of
    them files with an error). With a Dask `client`, the files are split into
    partitions that the cluster's workers write side by side (`out` must be
    a folder they all reach)."""
    folder = Path(out)
    done, schema, run = _start(folder)
    todo = [p for p in map(os.fspath, paths) if p not in done]
    options = DatasetOptions(rows_per_group, groups_per_part, force, sequences, bulk_threshold)
    if client is None:
        return write_partition(todo, str(folder), run, 0, schema, options, threads)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pieces = chunks(todo, max(workers, -(-len(todo) // rows_per_group)))
    futures = [
        client.submit(write_partition, piece, str(folder), run, i, schema, options, pure=False)
        for i, piece in enumerate(pieces)
    ]
    results = [f.result() for f in futures]
    return sum(r[0] for r in results), sum(r[1] for r in results)
