"""The ``index`` command's work: a metadata table of many files, made locally
on native threads or in parts on a Dask cluster."""

from collections.abc import Sequence
from typing import Any

from rapidicom.batch.files import Input
from rapidicom.batch.runner import chunks
from rapidicom.batch.summary import Progress, Summary
from rapidicom.batch.table import Row, metadata_rows, table_from_rows


def rows_of(paths: Sequence[str], keywords: Sequence[str], threads: int | None, force: bool) -> list[Row]:
    return list(metadata_rows(paths, keywords, threads, force))


def index(
    inputs: Sequence[Input],
    keywords: Sequence[str],
    *,
    jobs: int | None = None,
    client: Any = None,
    force: bool = False,
    progress: bool = True,
) -> tuple[Any, Summary]:
    """The table of `inputs` and a summary (files whose row has an error failed)."""
    summary = Summary("indexed")
    paths = [i.path for i in inputs]
    bar = Progress(len(paths), "indexing") if progress else None
    rows: list[Row] = []
    if client is not None:
        parts = chunks(paths, 4 * max(1, len(client.scheduler_info().get("workers", {}))))
        futures = client.map(rows_of, parts, keywords=list(keywords), threads=None, force=force, pure=False)
        for future in futures:  # in order: the table keeps the inputs' order
            part_rows = future.result()
            rows.extend(part_rows)
            if bar is not None:
                bar.advance(len(part_rows))
    else:
        for part in chunks(paths, max(1, len(paths) // 512)):
            rows.extend(rows_of(part, keywords, jobs, force))
            if bar is not None:
                bar.advance(len(part))
    if bar is not None:
        bar.close()
    for path, _size, _syntax, _cells, error in rows:
        if error is None:
            summary.done += 1
        else:
            summary.failed.append((path, error))
    return table_from_rows(rows, keywords), summary.finish()
