"""pydicom's UID table, made from the native table when first used:
``UID_dictionary`` is ``{uid: (name, type, info, retired, keyword)}``, retired
``"Retired"`` or ``""``.

It is live: a program that adds (or removes) UIDs here, as networking libraries
do for the transfer syntaxes they support, is seen at once by
:class:`~rapidicom.uid.UID`'s ``name``, ``keyword``, ``is_transfer_syntax``...
"""

from typing import Any

from rapidicom import _native
from rapidicom._live_dict import LiveDict


def _changed() -> None:
    from rapidicom import uid

    uid._forget()


def _set(pairs: list[tuple[Any, Any]]) -> list[Any]:
    rows = []
    for uid, (name, kind, info, retired, keyword) in pairs:
        rows.append((str(uid), (name, kind, info, "retired" in str(retired or "").lower(), keyword)))
    _native.set_uids(rows)
    _changed()
    return [entry for _, entry in pairs]


def _remove(uids: list[Any]) -> None:
    _native.remove_uids([str(uid) for uid in uids])
    _changed()


def __getattr__(name: str) -> Any:
    if name != "UID_dictionary":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rows = [
        (uid, (n, kind, info, "Retired" if retired else "", keyword))
        for uid, (n, kind, info, retired, keyword) in _native.all_uids()
    ]
    table = globals()[name] = LiveDict(rows, _set, _remove)
    return table
