"""The files a batch command works on: paths, folders (walked recursively) and
glob patterns, each with the relative path its output keeps."""

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Input(NamedTuple):
    path: str
    #: Where the file sits below the folder or pattern root it came from; the
    #: output keeps this structure.
    relative: str


def _has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def expand(inputs: Iterable[str | os.PathLike[str]]) -> list[Input]:
    """Every file named by `inputs`, in a stable order, each once."""
    found: list[Input] = []
    seen: set[str] = set()

    def add(path: str, relative: str) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.append(Input(path, relative))

    for item in inputs:
        text = os.fspath(item)
        if os.path.isdir(text):
            for root, dirs, names in os.walk(text):
                dirs.sort()
                for name in sorted(names):
                    path = os.path.join(root, name)
                    add(path, os.path.relpath(path, text))
        elif _has_magic(text):
            root = _glob_root(text)
            for path in sorted(glob.glob(text, recursive=True)):
                if os.path.isfile(path):
                    add(path, os.path.relpath(path, root))
        else:
            add(text, os.path.basename(text))  # missing files are reported as failures
    return found


def _glob_root(pattern: str) -> str:
    """The folder part of a pattern before its first wildcard."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _has_magic(p))]]
    return str(Path(*fixed)) if fixed else "."
