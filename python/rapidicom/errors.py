"""Exception classes, as pydicom names them."""

from typing import Any


class InvalidDicomError(Exception):
    """Raised when data does not look like DICOM (no 'DICM' prefix, bad header)."""

    def __init__(self, *args: Any) -> None:
        if not args:
            args = ("The specified file is not a valid DICOM file.",)
        super().__init__(*args)


class BytesLengthException(Exception):
    """Raised when a value's byte length is not a multiple of its item size."""
