"""The files the differential tests read with both libraries: pydicom's test
files, those its wheel installs and those of pydicom-data (a test dependency),
found by pydicom itself; and the one deliberate deviation among them."""

import pathlib

from pydicom.data import get_testdata_files

ALL = sorted(f for f in get_testdata_files() if pathlib.Path(f).is_file())
IDS = [pathlib.Path(f).name for f in ALL]
# The wheel's own files (the pixel tests' set: pydicom-data's lossy colour JPEG
# files need the colour work of the pixel issue first).
WHEEL = [f for f in ALL if "/pydicom/data/test_files/" in pathlib.Path(f).as_posix()]

# Deliberate deviation (docs/deviations.md): this file ends inside an
# undefined-length Pixel Data. pydicom 3.0.2 warns and returns an empty
# dataset; rapidicom warns alike and returns every element read before it.
ENDS_INSIDE_PIXEL_DATA = "emri_small_jpeg_2k_lossless_too_short.dcm"
AS_PYDICOM = [f for f in ALL if pathlib.Path(f).name != ENDS_INSIDE_PIXEL_DATA]
