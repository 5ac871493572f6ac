"""Data files: pydicom's test files, character set files and palettes, found
where a user has them (see :mod:`rapidicom.data.data_manager`), and
rapidicom's own sample files (``samples/``, see its README)."""

from rapidicom.data.data_manager import (
    DATA_ROOT,
    external_data_sources,
    fetch_data_files,
    get_charset_files,
    get_palette_files,
    get_sample_file,
    get_sample_files,
    get_testdata_file,
    get_testdata_files,
)

__all__ = [
    "fetch_data_files",
    "get_charset_files",
    "get_palette_files",
    "get_testdata_files",
    "get_testdata_file",
    "get_sample_file",
    "get_sample_files",
]
