"""The sample files that ship with rapidicom (see test_files/README.md)."""

import fnmatch
from pathlib import Path
from typing import Any

DATA_ROOT = Path(__file__).parent / "test_files"


def get_testdata_files(pattern: str = "**/*") -> list[str]:
    """Paths of the sample files whose names match `pattern` (a glob; a bare name
    such as "rtplan.dcm" matches that file)."""
    matches = []
    for path in sorted(DATA_ROOT.rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".py"):
            continue
        relative = path.relative_to(DATA_ROOT).as_posix()
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern) or pattern == "**/*":
            matches.append(str(path))
    return matches


def get_testdata_file(name: str, read: bool = False) -> Any:
    """The path of the sample file `name` (or, with ``read=True``, the dataset);
    None if there is no such file."""
    path = DATA_ROOT / name
    if not path.is_file():
        found = [p for p in get_testdata_files(name)]
        if not found:
            return None
        path = Path(found[0])
    if read:
        from rapidicom.filereader import dcmread

        return dcmread(path, force=True)
    return str(path)


__all__ = ["get_testdata_file", "get_testdata_files", "DATA_ROOT"]
