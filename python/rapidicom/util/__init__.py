"""Utilities (pydicom.util): ``codify``, ``dump``, ``fixer``, ``hexutil`` and
``leanread``."""
