"""``Code``: a coded concept (value, scheme designator, meaning, scheme version)."""

from __future__ import annotations

from typing import Any, NamedTuple

from rapidicom.sr._snomed_dict import mapping as snomed_mapping


def _identity(code: Any) -> tuple[str, str, str | None]:
    """What equality compares: value, scheme and version, with a SNOMED RT id
    that has a SNOMED CT equivalent taken as that SCT concept."""
    scheme, value = code.scheme_designator, code.value
    if scheme == "SRT" and value in snomed_mapping["SRT"]:
        scheme, value = "SCT", snomed_mapping["SRT"][value]
    return value, scheme, code.scheme_version


class Code(NamedTuple):
    """A coded concept: the code *value*, the coding *scheme designator*, the code
    *meaning* and, optionally, the coding *scheme version*. Two codes are equal
    when value, scheme and version agree (the meaning is not compared); a SNOMED RT
    code equals the SNOMED CT code of the same concept."""

    value: str
    scheme_designator: str
    meaning: str
    scheme_version: str | None = None

    def __hash__(self) -> int:
        return hash(self.scheme_designator + self.value)

    def __eq__(self, other: Any) -> Any:
        return _identity(self) == _identity(other)

    def __ne__(self, other: Any) -> Any:
        return not self == other
