"""The benchmark harness: cases, side-by-side timing and the results table.

A case times the same work done by rapidicom ("ours") and by a reference library
("theirs", usually pydicom) in this one process. Runs alternate between the two so
that machine noise hits both alike; the figure is the median time per call.
"""

import statistics
import timeit
from collections.abc import Callable
from dataclasses import dataclass

_NO_ARG = object()


@dataclass
class Case:
    name: str
    ours: Callable[[], object]
    theirs: Callable[[], object]
    # The target speed-up (theirs / ours); None for information only.
    target: float | None = None
    reference: str = "pydicom"
    # Calls per timed run (chosen so a run takes a few milliseconds at least).
    number: int = 1000
    # With `arg`, each call is `fn(arg)` compiled inline (no lambda in between), so
    # cheap calls are not swamped by the harness's own call overhead.
    arg: object = _NO_ARG


@dataclass
class Result:
    case: Case
    ours: float  # seconds per call, median
    theirs: float

    @property
    def ratio(self) -> float:
        return self.theirs / self.ours

    @property
    def met(self) -> bool | None:
        return None if self.case.target is None else self.ratio >= self.case.target


def _timer(fn: Callable[..., object], arg: object) -> timeit.Timer:
    if arg is _NO_ARG:
        return timeit.Timer("fn()", globals={"fn": fn})
    return timeit.Timer("fn(arg)", globals={"fn": fn, "arg": arg})


def measure(case: Case, repeats: int = 7) -> Result:
    ours_timer, theirs_timer = _timer(case.ours, case.arg), _timer(case.theirs, case.arg)
    ours_timer.timeit(max(1, case.number // 10))  # warm caches on both sides
    theirs_timer.timeit(max(1, case.number // 10))
    ours, theirs = [], []
    for _ in range(repeats):
        ours.append(ours_timer.timeit(case.number) / case.number)
        theirs.append(theirs_timer.timeit(case.number) / case.number)
    return Result(case, statistics.median(ours), statistics.median(theirs))


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def table(results: list[Result]) -> str:
    """A Markdown table of the results."""
    lines = [
        "| case | rapidicom | reference | reference time | speed-up | target | met |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        target = "-" if r.case.target is None else f"≥ {r.case.target:g}x"
        met = {None: "-", True: "yes", False: "**no**"}[r.met]
        lines.append(
            f"| {r.case.name} | {fmt_time(r.ours)} | {r.case.reference} | "
            f"{fmt_time(r.theirs)} | {r.ratio:.2f}x | {target} | {met} |"
        )
    return "\n".join(lines)
