"""Waveform multiplex groups as arrays (pydicom.waveforms)."""

from rapidicom.waveforms.numpy_handler import generate_multiplex, multiplex_array

__all__ = ["generate_multiplex", "multiplex_array"]
