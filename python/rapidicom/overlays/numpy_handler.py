"""Overlay data as arrays (pydicom.overlays.numpy_handler)."""

from typing import Any

import numpy as np

from rapidicom import _native
from rapidicom.misc import warn_and_log

HAVE_NP = True
HANDLER_NAME = "Numpy Overlay"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}


def is_available() -> bool:
    """numpy is always there: rapidicom needs it."""
    return HAVE_NP


def get_expected_length(elem: dict[str, Any], unit: str = "bytes") -> int:
    """The overlay's length in bytes (or pixels) from the values in `elem`
    (OverlayRows, OverlayColumns, NumberOfFramesInOverlay)."""
    length: int = elem["OverlayRows"] * elem["OverlayColumns"] * elem["NumberOfFramesInOverlay"]
    if unit == "pixels":
        return length
    return length // 8 + (length % 8 > 0)


def reshape_overlay_array(elem: dict[str, Any], arr: np.ndarray) -> np.ndarray:
    """`arr` as (rows, columns), or (frames, rows, columns) for several frames."""
    frames = elem["NumberOfFramesInOverlay"]
    rows, columns = elem["OverlayRows"], elem["OverlayColumns"]
    if frames < 1:
        raise ValueError(
            f"Unable to reshape the overlay array as a value of {frames} for (60xx,0015) "
            "'Number of Frames in Overlay' is invalid."
        )
    if frames > 1:
        return arr.reshape(frames, rows, columns)
    return arr.reshape(rows, columns)


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
    values = {name: elem.value for name, elem in required.items()}
    values["NumberOfFramesInOverlay"] = 1 if frames_elem is None else frames_elem.value
    data = values["OverlayData"]
    expected = get_expected_length(values)
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
    pixels = get_expected_length(values, unit="pixels")
    arr = _native.unpack_bits(data, 0, min(pixels, len(data) * 8))
    return reshape_overlay_array(values, arr)
