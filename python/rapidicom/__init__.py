"""rapidicom: DICOM for Python with pydicom's API and a Rust core.

``import rapidicom as pydicom`` gives the same objects and behaviour as pydicom 3.0.
"""

from rapidicom import config, datadict, uid  # noqa: F401  (pydicom exposes these)
from rapidicom._version import __concepts_version__, __dicom_version__, __version__, __version_info__
from rapidicom.dataelem import DataElement
from rapidicom.dataset import Dataset, FileDataset, FileMetaDataset
from rapidicom.filereader import dcmread, read_many
from rapidicom.filewriter import dcmwrite
from rapidicom.sequence import Sequence

__all__ = [
    "DataElement",
    "Dataset",
    "FileDataset",
    "FileMetaDataset",
    "Sequence",
    "dcmread",
    "dcmwrite",
    "read_many",
    "metadata_table",
    "pixel_array",
    "iter_pixels",
    "__version__",
    "__version_info__",
    "__dicom_version__",
    "__concepts_version__",
]


def metadata_table(paths, keywords=None, threads=None, *, force=False, sequences="structs"):  # type: ignore[no-untyped-def]
    """A ``pyarrow.Table`` of `keywords` for each file, or of every attribute
    without them (see :func:`rapidicom.batch.metadata_table`); pyarrow is
    imported only here."""
    from rapidicom.batch.table import metadata_table as table

    return table(paths, keywords, threads, force=force, sequences=sequences)


def __getattr__(name: str) -> object:
    # Submodules (pixels, encaps, overlays, waveforms, data, ...) reachable as
    # attributes, imported when first used (some bring in numpy).
    import importlib

    if name in ("pixel_array", "iter_pixels"):
        from rapidicom.pixels import utils

        return getattr(utils, name)
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"rapidicom.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"rapidicom.{name}":
                raise
    raise AttributeError(f"module 'rapidicom' has no attribute {name!r}")
