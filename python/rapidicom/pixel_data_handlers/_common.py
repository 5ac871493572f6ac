"""What pydicom 2.x's handlers share: the J2K sign and precision corrections
(``config.APPLY_J2K_CORRECTIONS``) and the check of required elements."""

from typing import Any

import numpy as np

from rapidicom.misc import warn_and_log


def require(ds: Any, names: list[str]) -> None:
    missing = [name for name in names if name not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required elements are missing "
            f"from the dataset: {', '.join(missing)}"
        )


def correct_j2k_samples(arr: np.ndarray, ds: Any, precision: int | None, signed: bool | None) -> np.ndarray:
    """Samples decoded as unsigned from J2K data: shifted down to Bits Stored (or
    the codestream's precision), made signed where the dataset says so (as
    pydicom's Pillow handler does)."""
    from rapidicom import config

    allocated, stored = ds.BitsAllocated, ds.BitsStored
    if precision and precision != stored:
        warn_and_log(
            f"The (0028,0101) 'Bits Stored' value ({stored}-bit) doesn't match the JPEG 2000 data "
            f"({precision}-bit). It's recommended that you change the 'Bits Stored' value"
        )
    shift = allocated - stored
    if config.APPLY_J2K_CORRECTIONS and precision:
        shift = allocated - precision
        if not signed and signed != ds.PixelRepresentation:
            return np.right_shift(arr, shift)
    if ds.PixelRepresentation == 1:
        arr -= np.uint32(2 ** (allocated - 1))
    return np.right_shift(arr, shift) if shift else arr
