"""Structured-report codes: ``codes`` (the DICOM code dictionaries), ``Code``."""

from rapidicom.sr.codedict import Collection, Concepts, codes
from rapidicom.sr.coding import Code

__all__ = ["Code", "Collection", "Concepts", "codes"]
