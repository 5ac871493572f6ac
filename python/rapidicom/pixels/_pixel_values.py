"""A dataset's pixel data value and VR, read without making the element (which
would copy the value out of the file's bytes) while it is as read."""

from typing import Any

from rapidicom._tags import DoubleFloatPixelData, FloatPixelData, PixelData

_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
_PIXEL_TAGS = {"PixelData": PixelData, "FloatPixelData": FloatPixelData, "DoubleFloatPixelData": DoubleFloatPixelData}


def _pixel_value(ds: Any, keyword: str) -> Any:
    """The pixel data value, as a zero-copy view of the file's bytes while the
    element has not been used (so it is never copied into a bytes object)."""
    store = ds._native_store()
    if store is not None:
        view = store.unread_bytes(_PIXEL_TAGS[keyword])
        if view is not None:
            return view
    return ds[keyword].value


def _pixel_vr(ds: Any, keyword: str) -> str:
    """The pixel data's VR, without touching the element (which would copy its
    value) while it is as read."""
    store = ds._native_store()
    tag = _PIXEL_TAGS[keyword]
    if store is not None and store.is_unread(tag):
        if vr := store.vr_as_read(tag):
            return vr
        if keyword == "PixelData" and store.encoding[0]:
            # What pydicom's VR correction makes of implicit "OB or OW".
            return "OB" if ds.get("BitsAllocated", 16) <= 8 else "OW"
    return ds[keyword].VR
