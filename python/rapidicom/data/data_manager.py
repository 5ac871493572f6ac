"""Finding data files as pydicom's ``data.data_manager`` does: pydicom's test
files, character set files and palettes where a user has them (an installed
pydicom's data folder, external sources such as pydicom-data, the download
cache), and rapidicom's own sample files.

External sources register an entry point in the group
``pydicom.data.external_sources`` whose object, called, gives an interface with
``get_path(name, dtype)`` (raising ``ValueError`` when there is no such file) and
``get_paths(pattern, dtype)``; `dtype` is one of :class:`DataTypes`.
"""

import fnmatch
import os
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidicom.data._locations import HERE, data_root
from rapidicom.data.download import (
    calculate_file_hash,
    data_path_with_download,
    get_cached_filehash,
    get_data_dir,
    get_url_map,
)
from rapidicom.misc import warn_and_log

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

DATA_ROOT = os.fspath(data_root())
"""pydicom's data folder when pydicom is installed, else rapidicom's."""

SAMPLES_ROOT = os.fspath(HERE / "samples")
"""rapidicom's own sample files (see its README)."""


class DataTypes(IntEnum):
    """The kinds of file an external source is asked for."""

    DATASET = 0
    CHARSET = 1
    PALETTE = 2
    DICOMDIR = 3
    JPEG = 4


def _check_data_hash(fpath: str) -> bool:
    """Whether the file at `fpath` has the SHA-256 that ``hashes.json`` records
    for its name (``NoHashFound`` if it records none)."""
    path = Path(fpath)
    return calculate_file_hash(path) == get_cached_filehash(path.name)


def get_external_sources() -> dict[str, Any]:
    """``{name: interface}`` of the installed external sources, pydicom-data first."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.load()() for ep in entry_points(group="pydicom.data.external_sources")}
    ordered = {"pydicom-data": found["pydicom-data"]} if "pydicom-data" in found else {}
    ordered.update(found)
    return ordered


_EXTERNAL_DATA_SOURCES: dict[str, Any] | None = None


def external_data_sources() -> dict[str, Any]:
    """The external sources, loaded once (the dict may be changed by callers)."""
    global _EXTERNAL_DATA_SOURCES
    if _EXTERNAL_DATA_SOURCES is None:
        _EXTERNAL_DATA_SOURCES = get_external_sources()
    return _EXTERNAL_DATA_SOURCES


def online_test_file_dummy_paths() -> dict[str, str]:
    """``{DATA_ROOT/test_files/name: name}`` for each downloadable file, so that
    patterns filter them as if they were local test files."""
    folder = os.path.join(DATA_ROOT, "test_files")
    return {os.path.join(folder, name): name for name in get_url_map()}


def fetch_data_files() -> None:
    """Download every downloadable test file missing from the cache (or whose
    hash is wrong); ``RuntimeError`` naming those that failed."""
    failed = []
    for name in get_url_map():
        try:
            data_path_with_download(name)
        except Exception:
            failed.append(name)
    if failed:
        raise RuntimeError(f"An error occurred downloading the following files: {', '.join(failed)}")


def _external_paths(pattern: str, dtype: int) -> list[str]:
    paths: list[str] = []
    for name, source in external_data_sources().items():
        found = source.get_paths(pattern, dtype)
        if name == "pydicom-data":  # trusted only where its hash is pydicom's
            found = [p for p in found if _check_data_hash(p)]
        paths.extend(found)
    return paths


def get_files(base: str | os.PathLike[str], pattern: str = "**/*", dtype: int = DataTypes.DATASET) -> list[str]:
    """Paths of the files matching `pattern` (a glob): under `base`, then in the
    external sources, then in the download cache (downloading what is missing)."""
    files = [os.fspath(m) for m in Path(base).glob(pattern)]
    files.extend(_external_paths(pattern, dtype))
    # Downloadable files match as if they were in DATA_ROOT/test_files.
    dummies = online_test_file_dummy_paths()
    wanted = fnmatch.filter(dummies.keys(), os.path.join(base, pattern))
    failed = False
    for dummy in wanted:
        try:
            files.append(os.fspath(data_path_with_download(dummies[dummy])))
        except Exception:
            failed = True
    if failed:
        warn_and_log("One or more download failures occurred, the list of matching file paths may be incomplete")
    return files


def _without_python_files(files: list[str]) -> list[str]:
    return [f for f in files if not f.endswith(".py")]


def get_palette_files(pattern: str = "**/*") -> list[str]:
    """Paths of the palette files (``palettes``) whose names match `pattern`."""
    return _without_python_files(get_files(Path(DATA_ROOT) / "palettes", pattern, DataTypes.PALETTE))


def get_charset_files(pattern: str = "**/*") -> list[str]:
    """Paths of the character set files (``charset_files``) matching `pattern`."""
    return _without_python_files(get_files(Path(DATA_ROOT) / "charset_files", pattern, DataTypes.CHARSET))


def get_testdata_files(pattern: str = "**/*") -> list[str]:
    """Paths of pydicom's test datasets whose names match `pattern`: the
    installed ones first, then the external sources', then the download cache's."""
    if os.path.isabs(pattern):
        raise ValueError(
            "'get_testdata_files' does not support absolute paths, as it only works with internal pydicom test data."
        )
    return _without_python_files(get_files(Path(DATA_ROOT) / "test_files", pattern, DataTypes.DATASET))


def get_testdata_file(name: str, read: bool = False, download: bool = True) -> "str | Dataset | None":
    """The path of the first of pydicom's test datasets named `name` (or, with
    `read`, the dataset, read with ``force=True``); None if there is none.

    Looked for in an installed pydicom's test files, the external sources, the
    download cache (downloading it unless `download` is false), and last
    rapidicom's own samples (whose names are never pydicom's).
    """
    if os.path.isabs(name):
        raise ValueError(
            "'get_testdata_file' does not support absolute paths, as it only works"
            f" with internal pydicom test data - did you mean 'dcmread(\"{name}\")'?"
        )
    path = _find_testdata_file(name, download)
    if read and path is not None:
        from rapidicom.filereader import dcmread

        return dcmread(path, force=True)
    return path


def _find_testdata_file(name: str, download: bool) -> str | None:
    local = list((Path(DATA_ROOT) / "test_files").rglob(name))
    if local:
        return os.fspath(local[0])
    for source_name, source in external_data_sources().items():
        try:
            path = source.get_path(name, dtype=DataTypes.DATASET)
        except ValueError:
            path = None
        if path and (source_name != "pydicom-data" or _check_data_hash(path)):
            return os.fspath(path)
    if download and name in get_url_map():
        try:
            return os.fspath(data_path_with_download(name))
        except Exception:
            warn_and_log(f"A download failure occurred while attempting to retrieve {name}")
    samples = sorted(Path(SAMPLES_ROOT).glob(name))
    return os.fspath(samples[0]) if samples else None


def get_sample_files(pattern: str = "*.dcm") -> list[str]:
    """Paths of rapidicom's own sample files matching `pattern`, sorted."""
    return sorted(os.fspath(p) for p in Path(SAMPLES_ROOT).glob(pattern) if p.suffix == ".dcm")


def get_sample_file(name: str) -> str | None:
    """The path of rapidicom's sample file `name`, or None."""
    path = Path(SAMPLES_ROOT) / name
    return os.fspath(path) if path.is_file() else None
