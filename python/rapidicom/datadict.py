"""The DICOM data dictionary: pydicom's lookup functions over the Rust tables.

The tables live in the native module (generated from PS3.6/PS3.7 and GDCM's private
dictionary). Each lookup result is memoised here in a plain dict keyed by what the
caller passed, so repeated lookups cost one dict access; the memos are cleared
whenever entries are added at run time.

``DicomDictionary``, ``RepeatersDictionary``, ``keyword_dict`` and
``private_dictionaries`` are available as module attributes, made on first use
(see ``_dicom_dict`` and ``_private_dict``): ``DicomDictionary`` and
``private_dictionaries`` are live, as pydicom's are (what a program writes into
them is seen by every lookup), and ``keyword_dict`` is the mapping
``tag_for_keyword`` reads.
"""

import sys
from typing import Any

from rapidicom import _native
from rapidicom.misc import warn_and_log
from rapidicom.tag import BaseTag, Tag, TagType, _keyword_tags

Entry = tuple[str, str, str, str, str]
PrivateEntry = tuple[str, str, str, str]

# Memos (see the module docstring). Keys are exact ints: a BaseTag key would make
# every hit call BaseTag.__eq__. tag.py keeps the keyword -> BaseTag memo.
_entries: dict[int, Entry] = {}
_exact: dict[int, bool] = {}
_int_keys: dict[Any, int] = {}  # keyword / tuple / hex string -> tag
_private: dict[tuple[int, str], PrivateEntry] = {}
_snapshots: dict[str, Any] = {}
_other_memos: list[dict[Any, Any]] = []

# Every keyword -> tag; `tag_for_keyword` is this dict's own `get`.
_keyword_ints: dict[str, int] = {}


def _load_keywords() -> None:
    # Interned, so lookups with literal keywords match on identity.
    _keyword_ints.update({sys.intern(k): t for k, t in _native.all_keywords()})


_load_keywords()


def _register_memo(memo: dict[Any, Any]) -> None:
    """Have `memo` (another module's lookup memo) cleared when entries are added."""
    _other_memos.append(memo)


def _forget() -> None:
    for memo in (_entries, _exact, _keyword_tags, _int_keys, _private, _snapshots, *_other_memos):
        memo.clear()
    _keyword_ints.clear()
    _load_keywords()


def _as_int(tag: Any) -> int:
    """The tag as an exact int, for any form Tag() accepts (raising as it does)."""
    if type(tag) is int:
        return tag
    if isinstance(tag, BaseTag):
        return int(tag)
    try:
        return _int_keys[tag]
    except (KeyError, TypeError):
        pass
    value = int(Tag(tag))
    try:
        _int_keys[tag] = value
    except TypeError:  # an unhashable form, e.g. a list
        pass
    return value


def get_entry(tag: TagType) -> Entry:
    """Return ``(VR, VM, name, is_retired, keyword)`` for a public tag, looking in
    the repeating groups (50xx, 60xx, ...) when the tag itself is not listed.

    Raises ``KeyError`` if the tag is unknown or private.
    """
    key = tag if type(tag) is int else _as_int(tag)
    try:
        return _entries[key]  # type: ignore[index]
    except KeyError:
        pass
    entry = _native.entry(key)
    if entry is None:
        raise KeyError(f"Tag {BaseTag(key)} not found in DICOM dictionary")
    _entries[key] = entry  # type: ignore[index]
    return entry


def _field(tag: TagType, index: int) -> str:
    if type(tag) is int:
        entry = _entries.get(tag)  # type: ignore[arg-type]
        if entry is not None:
            return entry[index]
    return get_entry(tag)[index]


def dictionary_is_retired(tag: TagType) -> bool:
    return "retired" in _field(tag, 3).lower()


def dictionary_VR(tag: TagType) -> str:
    if type(tag) is int:
        entry = _entries.get(tag)  # type: ignore[arg-type]
        if entry is not None:
            return entry[0]
    return get_entry(tag)[0]


def _dictionary_vr_fast(tag: int) -> str:
    return dictionary_VR(tag)


def dictionary_VM(tag: TagType) -> str:
    return _field(tag, 1)


def dictionary_description(tag: TagType) -> str:
    if type(tag) is int:
        entry = _entries.get(tag)  # type: ignore[arg-type]
        if entry is not None:
            return entry[2]
    return get_entry(tag)[2]


def dictionary_keyword(tag: TagType) -> str:
    return _field(tag, 4)


def dictionary_has_tag(tag: TagType) -> bool:
    """True if the tag itself (not a repeating group) is in the dictionary."""
    try:
        key = tag if type(tag) is int else _as_int(tag)
    except Exception:
        return False
    found = _exact.get(key)  # type: ignore[arg-type]
    if found is None:
        found = _exact[key] = _native.exact_entry(key) is not None  # type: ignore[index]
    return found


def keyword_for_tag(tag: TagType) -> str:
    """The keyword of the tag, or ``""`` if it is unknown."""
    if type(tag) is int:
        entry = _entries.get(tag)  # type: ignore[arg-type]
        if entry is not None:
            return entry[4]
    try:
        return get_entry(tag)[4]
    except KeyError:
        return ""


# tag_for_keyword(keyword) -> int | None: the dict's own bound `get`, the fastest
# lookup CPython offers (pydicom's is a Python function around the same dict lookup).
tag_for_keyword = _keyword_ints.get


def mask_match(tag: int) -> str | None:
    """The repeating-group pattern (e.g. ``"60xx3000"``) that `tag` matches."""
    return _native.repeater_pattern(tag)


def repeater_has_tag(tag: int) -> bool:
    return _native.repeater_pattern(tag) is not None


def repeater_has_keyword(keyword: str) -> bool:
    return isinstance(keyword, str) and _native.is_repeater_keyword(keyword)


def get_private_entry(tag: TagType, private_creator: str) -> PrivateEntry:
    """Return ``(VR, VM, name, is_retired)`` of a private tag in `private_creator`'s
    block; raises ``KeyError`` if the creator or the tag is unknown.
    """
    key = (tag if type(tag) is int else _as_int(tag), private_creator)
    try:
        return _private[key]  # type: ignore[index]
    except KeyError:
        pass
    except TypeError:  # an unhashable creator
        msg = f"{BaseTag(key[0]).private_creator} '{private_creator}' is not a valid private creator"
        warn_and_log(msg)
        raise KeyError(msg) from None
    if not isinstance(private_creator, str):
        raise KeyError(f"Private creator '{private_creator}' not in the private dictionary")
    entry = _native.private_entry(key[0], private_creator)
    _private[key] = entry  # type: ignore[index]
    return entry


def private_dictionary_VR(tag: TagType, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: TagType, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(tag: TagType, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[2]


def add_dict_entry(
    tag: int,
    VR: str,
    keyword: str,
    description: str,
    VM: str = "1",
    is_retired: str = "",
) -> None:
    """Add one public element to the dictionary (usable by keyword afterwards)."""
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def add_dict_entries(new_entries_dict: dict[int, tuple[str, str, str, str, str]]) -> None:
    """Add public elements: ``{tag: (VR, VM, description, is_retired, keyword)}``."""
    rows = [
        (int(tag), vr, vm, name, "retired" in str(retired or "").lower(), keyword)
        for tag, (vr, vm, name, retired, keyword) in new_entries_dict.items()
    ]
    _native.add_entries(rows)
    from rapidicom import _dicom_dict

    _dicom_dict._mirror(new_entries_dict)
    _forget()


def add_private_dict_entry(private_creator: str, tag: int, VR: str, description: str, VM: str = "1") -> None:
    """Add one private element for `private_creator`."""
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(private_creator: str, new_entries_dict: dict[int, tuple[str, str, str, str]]) -> None:
    """Add private elements: ``{tag: (VR, VM, description, is_retired)}``; only the
    low byte of each element number matters (the block is the creator's).
    """
    rows = [(int(tag), v[0], v[1], v[2]) for tag, v in new_entries_dict.items()]
    _native.add_private_entries(private_creator, rows)
    from rapidicom import _private_dict

    keyed = {f"{int(tag) >> 16:04X}xx{int(tag) & 0xFF:02X}": v for tag, v in new_entries_dict.items()}
    _private_dict._mirror(private_creator, keyed)
    _forget()


def _build_snapshot(name: str) -> Any:
    if name in ("DicomDictionary", "RepeatersDictionary"):
        from rapidicom import _dicom_dict

        return getattr(_dicom_dict, name)
    if name == "private_dictionaries":
        from rapidicom import _private_dict

        return _private_dict.private_dictionaries
    if name == "keyword_dict":
        return _keyword_ints
    if name == "REPEATER_KEYWORDS":
        return [entry[4] for _, entry in _native.all_repeaters()]
    if name == "masks":
        return {
            pattern: (
                int(pattern.replace("x", "0"), 16),
                int("".join("0" if c == "x" else "F" for c in pattern), 16),
            )
            for pattern, _ in _native.all_repeaters()
        }
    if name in ("mask_x", "mask1", "mask2"):
        # pydicom leaves its loop variables over the masks at module level.
        mask_x, (mask1, mask2) = list(_build_snapshot("masks").items())[-1]
        return {"mask_x": mask_x, "mask1": mask1, "mask2": mask2}[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    # Made on first use; the live tables are the same objects ever after.
    if name in _snapshots:
        return _snapshots[name]
    value = _build_snapshot(name)
    if name not in ("REPEATER_KEYWORDS", "masks"):
        globals()[name] = value
    else:
        _snapshots[name] = value
    return value
