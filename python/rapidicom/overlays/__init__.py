"""Overlay data as arrays (pydicom.overlays)."""

from rapidicom.overlays.numpy_handler import get_overlay_array

__all__ = ["get_overlay_array"]
