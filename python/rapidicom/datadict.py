"""The DICOM data dictionary: pydicom's lookup functions over the Rust tables.

The tables live in the native module (generated from PS3.6/PS3.7 and GDCM's private
dictionary). Each lookup result is memoised here in a plain dict keyed by what the
caller passed, so repeated lookups cost one dict access; the memos are cleared
whenever entries are added at run time.

``DicomDictionary``, ``RepeatersDictionary``, ``keyword_dict`` and
``private_dictionaries`` are available as module attributes for code that reads them
directly. They are snapshots: add entries with the ``add_*`` functions, not by
changing those dicts.
"""

from typing import Any

from rapidicom import _native
from rapidicom.misc import warn_and_log
from rapidicom.tag import BaseTag, Tag, TagType, _keyword_tags, keyword_tag

Entry = tuple[str, str, str, str, str]
PrivateEntry = tuple[str, str, str, str]

# Memos (see the module docstring); tag.py keeps the keyword -> BaseTag one.
_entries: dict[Any, Entry] = {}
_exact: dict[Any, bool] = {}
_keyword_ints: dict[str, int | None] = {}
_private: dict[tuple[Any, str], PrivateEntry] = {}
_snapshots: dict[str, Any] = {}
_other_memos: list[dict[Any, Any]] = []


def _register_memo(memo: dict[Any, Any]) -> None:
    """Have `memo` (another module's lookup memo) cleared when entries are added."""
    _other_memos.append(memo)


def _forget() -> None:
    for memo in (_entries, _exact, _keyword_tags, _keyword_ints, _private, _snapshots):
        memo.clear()
    for memo in _other_memos:
        memo.clear()


def get_entry(tag: TagType) -> Entry:
    """Return ``(VR, VM, name, is_retired, keyword)`` for a public tag, looking in
    the repeating groups (50xx, 60xx, ...) when the tag itself is not listed.

    Raises ``KeyError`` if the tag is unknown or private.
    """
    try:
        return _entries[tag]
    except (KeyError, TypeError):
        pass
    btag = tag if isinstance(tag, BaseTag) else Tag(tag)
    entry = _native.entry(btag)
    if entry is None:
        raise KeyError(f"Tag {btag} not found in DICOM dictionary")
    try:
        _entries[tag] = entry
    except TypeError:  # an unhashable form, e.g. a list
        pass
    return entry


def dictionary_is_retired(tag: TagType) -> bool:
    return "retired" in get_entry(tag)[3].lower()


def dictionary_VR(tag: TagType) -> str:
    return get_entry(tag)[0]


def _dictionary_vr_fast(tag: int) -> str:
    return get_entry(tag)[0]


def dictionary_VM(tag: TagType) -> str:
    return get_entry(tag)[1]


def dictionary_description(tag: TagType) -> str:
    return get_entry(tag)[2]


def dictionary_keyword(tag: TagType) -> str:
    return get_entry(tag)[4]


def dictionary_has_tag(tag: TagType) -> bool:
    """True if the tag itself (not a repeating group) is in the dictionary."""
    try:
        return _exact[tag]
    except (KeyError, TypeError):
        pass
    try:
        found = _native.exact_entry(Tag(tag)) is not None
    except Exception:
        return False
    try:
        _exact[tag] = found
    except TypeError:
        pass
    return found


def keyword_for_tag(tag: TagType) -> str:
    """The keyword of the tag, or ``""`` if it is unknown."""
    try:
        return get_entry(tag)[4]
    except KeyError:
        return ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag (as an ``int``) of a dictionary keyword, or None."""
    try:
        return _keyword_ints[keyword]
    except KeyError:
        pass
    value = _native.tag_for_keyword(keyword) if isinstance(keyword, str) else None
    _keyword_ints[keyword] = value
    return value


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
    btag = tag if isinstance(tag, BaseTag) else Tag(tag)
    key = (btag, private_creator)
    try:
        return _private[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable creator
        msg = f"{btag.private_creator} '{private_creator}' is not a valid private creator"
        warn_and_log(msg)
        raise KeyError(msg) from None
    if not isinstance(private_creator, str):
        raise KeyError(f"Private creator '{private_creator}' not in the private dictionary")
    entry = _native.private_entry(btag, private_creator)
    _private[key] = entry
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
    _forget()


def add_private_dict_entry(
    private_creator: str, tag: int, VR: str, description: str, VM: str = "1"
) -> None:
    """Add one private element for `private_creator`."""
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(
    private_creator: str, new_entries_dict: dict[int, tuple[str, str, str, str]]
) -> None:
    """Add private elements: ``{tag: (VR, VM, description, is_retired)}``; only the
    low byte of each element number matters (the block is the creator's).
    """
    rows = [(int(tag), v[0], v[1], v[2]) for tag, v in new_entries_dict.items()]
    _native.add_private_entries(private_creator, rows)
    _forget()


def _build_snapshot(name: str) -> Any:
    if name == "DicomDictionary":
        return {tag: entry for tag, entry in _native.all_entries()}
    if name == "RepeatersDictionary":
        return dict(_native.all_repeaters())
    if name == "keyword_dict":
        return {entry[4]: tag for tag, entry in _native.all_entries() if entry[4]}
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
    if name == "private_dictionaries":
        out: dict[str, dict[str, PrivateEntry]] = {}
        for creator, key, entry in _native.all_private():
            out.setdefault(creator, {})[key] = entry
        return out
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    if name not in _snapshots:
        _snapshots[name] = _build_snapshot(name)
    return _snapshots[name]
