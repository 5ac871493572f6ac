"""File IDs: the names a File-set gives its files (PS3.10 8.5, PS3.3 F.3.2.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

# A File ID component: upper-case letters, digits and "_" (PS3.10 8.5).
_RE_FILE_ID = re.compile("^[A-Z0-9_]*$")
# The characters of generated names: digits, then letters without "J".
_ALPHANUMERIC = "0123456789ABCDEFGHIKLMNOPQRSTUVWXYZ"

# The first characters of the file or directory name of each record type.
_PREFIXES = {
    "PATIENT": "PT",
    "STUDY": "ST",
    "SERIES": "SE",
    "IMAGE": "IM",
    "RT DOSE": "RD",
    "RT STRUCTURE SET": "RS",
    "RT PLAN": "RP",
    "RT TREAT RECORD": "RX",
    "PRESENTATION": "PR",
    "WAVEFORM": "WV",
    "SR DOCUMENT": "SR",
    "KEY OBJECT DOC": "KY",
    "SPECTROSCOPY": "SP",
    "RAW DATA": "RW",
    "REGISTRATION": "RG",
    "FIDUCIAL": "FD",
    "HANGING PROTOCOL": "HG",
    "ENCAP DOC": "ED",
    "VALUE MAP": "VM",
    "STEREOMETRIC": "SX",
    "PALETTE": "PA",
    "IMPLANT": "IP",
    "IMPLANT ASSY": "IA",
    "IMPLANT GROUP": "IG",
    "PLAN": "PL",
    "MEASUREMENT": "MX",
    "SURFACE": "SF",
    "SURFACE SCAN": "SS",
    "TRACT": "TR",
    "ASSESSMENT": "AS",
    "RADIOTHERAPY": "RT",
    "PRIVATE": "P",
}


def _digits(n: int, alphanumeric: bool) -> str:
    """`n` written in base 10, or base 35 with `_ALPHANUMERIC`'s characters."""
    chars = _ALPHANUMERIC if alphanumeric else _ALPHANUMERIC[:10]
    base, out = len(chars), []
    while n:
        n, d = divmod(n, base)
        out.append(chars[d])
    return "".join(reversed(out))


def component(prefix: str, index: int, alphanumeric: bool) -> str:
    """An 8-character name: `prefix`, then `index` padded with zeros."""
    return prefix + _digits(index, alphanumeric).rjust(8 - len(prefix), "0")


def generate_filename(prefix: str = "", start: int = 0, alphanumeric: bool = False) -> Iterator[str]:
    """Yield 8-character File IDs: `prefix` then a counter from `start`
    (``'00000000'``, ``'00000001'``, ...), in digits, or with `alphanumeric`
    in [0-9][A-I,K-Z]; until the counter no longer fits."""
    if len(prefix) > 7:
        raise ValueError("The 'prefix' must be less than 8 characters long")
    limit = (35 if alphanumeric else 10) ** (8 - len(prefix))
    for index in range(start, limit):
        yield component(prefix, index, alphanumeric)


def is_conformant_file_id(path: Path) -> bool:
    """True if `path` (relative to the File-set root) is a conformant File ID:
    at most 8 components of at most 8 characters, each in [A-Z0-9_]."""
    parts = path.parts
    if len(parts) > 8 or any(len(p) > 8 for p in parts):
        return False
    chars = "".join(parts)
    return chars.isascii() and _RE_FILE_ID.match(chars) is not None
