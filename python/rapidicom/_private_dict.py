"""pydicom's private dictionary table, made from the native tables when first
used: ``private_dictionaries`` is ``{creator: {key: (VR, VM, name, retired)}}``,
keys as pydicom writes them (``"0019xx10"``, ``"60xxxx01"``, ...).

It is live, blocks included: entries set or removed here (or in a creator's
block) are seen at once by every lookup, reading included.
"""

from typing import Any

from rapidicom import _native
from rapidicom._live_dict import LiveDict


def _rows(block: Any) -> list[tuple[str, str, str, str]]:
    return [(str(key), entry[0], entry[1], entry[2]) for key, entry in dict(block).items()]


def _changed() -> None:
    from rapidicom import datadict

    datadict._forget()


def _block(creator: str, entries: Any) -> LiveDict:
    def set_entries(pairs: list[tuple[Any, Any]]) -> list[Any]:
        _native.set_private_entries(creator, _rows(dict(pairs)))
        _changed()
        return [entry for _, entry in pairs]

    def remove_entries(keys: list[Any]) -> None:
        _native.remove_private_entries(creator, [str(key) for key in keys])
        _changed()

    return LiveDict(entries, set_entries, remove_entries)


def _set_blocks(pairs: list[tuple[Any, Any]]) -> list[Any]:
    stored = []
    for creator, block in pairs:
        _native.replace_private_block(creator, _rows(block))
        stored.append(_block(creator, dict(block)))
    _changed()
    return stored


def _remove_blocks(creators: list[Any]) -> None:
    for creator in creators:
        _native.replace_private_block(creator, None)
    _changed()


def _mirror(creator: str, entries: dict[str, Any]) -> None:
    """Show entries that ``add_private_dict_entries`` gave the native tables in
    the table, if it was made already."""
    table = globals().get("private_dictionaries")
    if table is not None:
        if creator not in table:
            dict.__setitem__(table, creator, _block(creator, {}))
        dict.update(table[creator], entries)


def __getattr__(name: str) -> Any:
    if name != "private_dictionaries":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    blocks = [(creator, _block(creator, entries)) for creator, entries in _native.all_private()]
    table = globals()[name] = LiveDict(blocks, _set_blocks, _remove_blocks)
    return table
