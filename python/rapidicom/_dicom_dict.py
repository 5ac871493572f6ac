"""pydicom's public data dictionary tables, made from the native tables when
first used (so that ``import rapidicom`` does not pay for them):

- ``DicomDictionary``: ``{tag: (VR, VM, name, retired, keyword)}``, with
  retired ``"Retired"`` or ``""``; a live table: entries set or removed here are
  seen at once by every lookup, reading included;
- ``RepeatersDictionary``: ``{"60xx3000": entry, ...}`` for the repeating
  groups (a snapshot).
"""

from typing import Any

from rapidicom import _native
from rapidicom._live_dict import LiveDict


def _rows(pairs: list[tuple[Any, Any]]) -> list[tuple[int, str, str, str, bool, str]]:
    rows = []
    for tag, entry in pairs:
        vr, vm, name, retired, keyword = entry
        rows.append((int(tag), vr, vm, name, "retired" in str(retired or "").lower(), keyword))
    return rows


def _set(pairs: list[tuple[Any, Any]]) -> list[Any]:
    _native.set_entries(_rows(pairs))
    _changed()
    return [entry for _, entry in pairs]


def _remove(tags: list[Any]) -> None:
    _native.remove_entries([int(tag) for tag in tags])
    _changed()


def _changed() -> None:
    from rapidicom import datadict

    datadict._forget()


def _mirror(entries: dict[int, Any]) -> None:
    """Show entries that ``add_dict_entries`` gave the native tables in the
    table, if it was made already."""
    table = globals().get("DicomDictionary")
    if table is not None:
        dict.update(table, entries)


def __getattr__(name: str) -> Any:
    if name == "DicomDictionary":
        table: Any = LiveDict(_native.all_entries(), _set, _remove)
    elif name == "RepeatersDictionary":
        table = dict(_native.all_repeaters())
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = table
    return table
