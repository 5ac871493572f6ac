"""Pixels made ready to look at: modality LUT, window, 8 bits."""

from typing import Any

import numpy as np


def modality_array(ds: Any) -> np.ndarray:
    """``pixel_array`` through the modality LUT (rescale) when the image has one."""
    from rapidicom.pixels import apply_modality_lut

    arr = ds.pixel_array
    if ds.get("PhotometricInterpretation", "") in ("MONOCHROME1", "MONOCHROME2"):
        return np.asarray(apply_modality_lut(arr, ds))
    return arr


def _window(ds: Any, override: tuple[float, float] | None) -> tuple[float, float] | None:
    if override is not None:
        return override
    center, width = ds.get("WindowCenter"), ds.get("WindowWidth")
    if center is None or width is None:
        return None
    first = lambda v: float(v[0]) if hasattr(v, "__len__") and not isinstance(v, str) else float(v)  # noqa: E731
    return first(center), first(width)


def to_8_bits(arr: np.ndarray, window: tuple[float, float] | None, invert: bool) -> np.ndarray:
    """Values in the window (linear, PS3.3 C.11.2.1.2.1) or else the image's
    own range, scaled to 0-255; MONOCHROME1 inverted so that white is high."""
    data = arr.astype(np.float64)
    if window is not None:
        center, width = window
        low, high = center - 0.5 - (width - 1) / 2, center - 0.5 + (width - 1) / 2
    else:
        low, high = float(data.min()), float(data.max())
    span = high - low
    scaled = np.zeros_like(data) if span <= 0 else (data - low) / span
    out = np.clip(np.rint(scaled * 255), 0, 255).astype(np.uint8)
    return 255 - out if invert else out


def frames_for_png(ds: Any, window: tuple[float, float] | None = None) -> list[np.ndarray]:
    """One 8-bit image per frame."""
    arr = modality_array(ds)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    stack = arr if frames > 1 else arr[np.newaxis]
    if samples > 1:  # colour: already RGB after decoding; 8 bits as they are
        return [np.ascontiguousarray(f if f.dtype == np.uint8 else to_8_bits(f, None, False)) for f in stack]
    invert = ds.get("PhotometricInterpretation", "") == "MONOCHROME1"
    chosen = _window(ds, window)
    return [to_8_bits(f, chosen, invert) for f in stack]
