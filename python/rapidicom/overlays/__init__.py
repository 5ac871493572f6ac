"""Overlay data as arrays (pydicom.overlays)."""

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.misc import warn_and_log

__all__ = ["get_overlay_array"]


def get_overlay_array(ds: Any, group: int) -> np.ndarray:
    """The (group,3000) Overlay Data as a (frames, rows, columns) array of 0/1."""
    required = {
        "OverlayData": ds.get((group, 0x3000), None),
        "OverlayBitsAllocated": ds.get((group, 0x0100), None),
        "OverlayRows": ds.get((group, 0x0010), None),
        "OverlayColumns": ds.get((group, 0x0011), None),
    }
    missing = [name for name, elem in required.items() if elem is None]
    if missing:
        raise AttributeError(
            "Unable to convert the overlay data as the following required elements are "
            f"missing from the dataset: {', '.join(missing)}"
        )
    frames_elem = ds.get((group, 0x0015), None)
    frames = 1 if frames_elem is None else frames_elem.value
    rows, columns = required["OverlayRows"].value, required["OverlayColumns"].value
    data = required["OverlayData"].value
    pixels = rows * columns * frames
    expected = pixels // 8 + (pixels % 8 > 0)
    padded = expected + expected % 2
    if len(data) < padded:
        if len(data) == expected:
            warn_and_log("The overlay data length is odd and misses a padding byte.")
        else:
            raise ValueError(
                f"The length of the overlay data in the dataset ({len(data)} bytes) doesn't "
                f"match the expected length ({padded} bytes). The dataset may be corrupted or "
                "there may be an issue with the overlay data handler."
            )
    elif len(data) > padded:
        warn_and_log(
            f"The length of the overlay data in the dataset ({len(data)} bytes) indicates it "
            f"contains excess padding. {len(data) - expected} bytes will be removed from the "
            "end of the data"
        )
    arr = _native.unpack_bits(data, 0, min(pixels, len(data) * 8))
    if frames < 1:
        raise ValueError(
            f"Unable to reshape the overlay array as a value of {frames} for (60xx,0015) "
            "'Number of Frames in Overlay' is invalid."
        )
    if frames > 1:
        return arr.reshape(frames, rows, columns)
    return arr.reshape(rows, columns)
