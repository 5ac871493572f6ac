"""Where pydicom's data files are, without importing pydicom: the ``data``
folder of an installed pydicom distribution (found through its package
metadata), else this package's own folder (which has the download index,
``urls.json`` and ``hashes.json``, and rapidicom's own samples)."""

import os
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pydicom_data_root() -> Path | None:
    """The ``pydicom/data`` folder of an installed pydicom, if there is one."""
    try:
        distribution = metadata.distribution("pydicom")
    except metadata.PackageNotFoundError:
        return None
    folder = Path(os.fspath(distribution.locate_file("pydicom/data")))
    return folder.resolve() if (folder / "test_files").is_dir() else None


def data_root() -> Path:
    return pydicom_data_root() or HERE
