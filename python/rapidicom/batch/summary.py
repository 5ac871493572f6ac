"""What a batch run reports: a progress bar while it runs (only on a terminal)
and a summary at the end."""

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Summary:
    action: str
    done: int = 0
    #: Files the work does not apply to (export of a file without pixels).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0

    @property
    def total(self) -> int:
        return self.done + len(self.skipped) + len(self.failed)

    def finish(self) -> "Summary":
        self.elapsed = time.perf_counter() - self.started
        return self

    def text(self, limit: int = 20) -> str:
        rate = self.total / self.elapsed if self.elapsed > 0 else 0.0
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        lines = [
            f"{self.done} {self.action}{skipped}, {len(self.failed)} failed "
            f"in {self.elapsed:.2f} s ({rate:.1f} files/s)"
        ]
        for path, reason in self.failed[:limit]:
            lines.append(f"  failed: {path}: {reason}")
        if len(self.failed) > limit:
            lines.append(f"  ... and {len(self.failed) - limit} more")
        return "\n".join(lines)


class Progress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self, total: int, description: str, stream: TextIO | None = None) -> None:
        stream = stream or sys.stderr
        self._bar: Any = None
        if total > 1 and stream.isatty():
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(transient=True)
            self._task = self._bar.add_task(description, total=total)
            self._bar.start()

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
