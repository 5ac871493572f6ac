"""Running a task over many files: on local threads, or on a Dask cluster when
given a client. A file that fails is recorded and the batch goes on."""

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from rapidicom.batch.files import Input
from rapidicom.batch.summary import Progress, Summary

_SKIPPED = "skipped: "


class Skip(Exception):
    """Raised by a task for a file its work does not apply to."""


Task = Callable[[Input, str | None, dict[str, Any]], None]


def apply_chunk(task: Task, chunk: Sequence[Input], out: str | None, options: dict[str, Any]) -> list[str | None]:
    """`task` on each input: None where it worked, else why it failed (or why
    it was skipped, after "skipped: "). A task with an ``over_chunk`` function
    does the whole chunk at once through it."""
    over_chunk = getattr(task, "over_chunk", None)
    if over_chunk is not None:
        return over_chunk(chunk, out, options)
    return [outcome(task, item, out, options) for item in chunk]


def outcome(task: Task, item: Input, out: str | None, options: dict[str, Any]) -> str | None:
    """`task` on one input, as `apply_chunk` reports it."""
    try:
        task(item, out, options)
    except Skip as why:
        return f"{_SKIPPED}{why}"
    except Exception as exc:  # reported in the summary; the batch goes on
        return f"{type(exc).__name__}: {exc}"
    return None


def chunks(items: Sequence[Any], count: int) -> list[Sequence[Any]]:
    """`items` in about `count` runs of consecutive items."""
    size = max(1, -(-len(items) // max(1, count)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def run(
    task: Task,
    inputs: Sequence[Input],
    out: str | None,
    options: dict[str, Any],
    *,
    action: str,
    jobs: int | None = None,
    client: Any = None,
    progress: bool = True,
) -> Summary:
    """Run `task` over `inputs` and sum up: locally on `jobs` threads (default:
    one per core), or on `client`'s Dask cluster."""
    summary = Summary(action)
    bar = Progress(len(inputs), action) if progress else None
    if client is not None:
        parts = chunks(inputs, 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1))
        futures = client.map(
            apply_chunk, [task] * len(parts), parts, [out] * len(parts), [options] * len(parts), pure=False
        )
        from distributed import as_completed as dask_completed

        done = {f.key: (part, f) for part, f in zip(parts, futures, strict=True)}
        for future in dask_completed(futures):
            part, _ = done[future.key]
            _record(summary, part, future.result(), bar)
    else:
        workers = jobs or os.cpu_count() or 1
        parts = chunks(inputs, workers * 8)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(apply_chunk, task, part, out, options): part for part in parts}
            for future in as_completed(futures):
                _record(summary, futures[future], future.result(), bar)
    if bar is not None:
        bar.close()
    summary.failed.sort()
    summary.skipped.sort()
    return summary.finish()


def _record(summary: Summary, part: Sequence[Input], outcomes: list[str | None], bar: Progress | None) -> None:
    for item, reason in zip(part, outcomes, strict=True):
        if reason is None:
            summary.done += 1
        elif reason.startswith(_SKIPPED):
            summary.skipped.append((item.path, reason[len(_SKIPPED) :]))
        else:
            summary.failed.append((item.path, reason))
    if bar is not None:
        bar.advance(len(part))
