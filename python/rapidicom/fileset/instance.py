"""``FileInstance``: a SOP Instance of a File-set, seen through its directory records."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidicom._tags import (
    ReferencedSOPClassUIDInFile,
    ReferencedSOPInstanceUIDInFile,
    ReferencedTransferSyntaxUIDInFile,
    SOPClassUID,
    SOPInstanceUID,
    TransferSyntaxUID,
)
from rapidicom.datadict import tag_for_keyword
from rapidicom.dataelem import DataElement
from rapidicom.dataset import Dataset
from rapidicom.filereader import dcmread
from rapidicom.tag import BaseTag, Tag
from rapidicom.uid import UID

if TYPE_CHECKING:
    from rapidicom.fileset.fileset import FileSet
    from rapidicom.fileset.tree import RecordNode

# What an instance's own tags are called in a directory record.
_RECORD_TAG = {
    SOPInstanceUID: ReferencedSOPInstanceUIDInFile,  # SOP Instance UID: Referenced SOP Instance UID in File
    SOPClassUID: ReferencedSOPClassUIDInFile,  # SOP Class UID: Referenced SOP Class UID in File
    TransferSyntaxUID: ReferencedTransferSyntaxUIDInFile,  # Transfer Syntax UID: Referenced Transfer Syntax UID in File
}
# Names looked up on the class itself, never as DICOM keywords.
_OWN = frozenset(("node", "_flags", "_uuid", "_uuid_made", "_stage_path", "__class__", "__dict__"))


class _Flags:
    """Whether the instance is staged for addition or for removal."""

    add: bool = False
    remove: bool = False


class FileInstance:
    """A SOP Instance in a File-set. Element keywords read the instance's
    directory records, the leaf's first and then up to the top record:
    ``instance.PatientID``, ``instance["StudyDate"]``."""

    def __init__(self, node: RecordNode) -> None:
        self._flags = _Flags()
        self._stage_path: Path | None = None
        self.node = node

    @property
    def _uuid(self) -> uuid.UUID:
        """The name of the instance's file in the staging folder (made when first
        needed: loading a large File-set makes none)."""
        made = self.__dict__.get("_uuid_made")
        if made is None:
            made = self.__dict__["_uuid_made"] = uuid.uuid4()
        return made

    def _apply_stage(self, flag: str) -> None:
        """Stage for addition ("+"), for removal ("-") or clear the staging ("x").
        Adding what was staged for removal (or the reverse) cancels both."""
        flags = self._flags
        if flag == "x":
            flags.add = flags.remove = False
            self._stage_path = None
        elif flag == "+":
            if flags.remove:
                flags.remove = False
                self._stage_path = None
            else:
                flags.add = True
                self._stage_path = self.file_set._stage["path"] / f"{self._uuid}"
        elif flag == "-":
            if flags.add:
                flags.add = False
            else:
                flags.remove = True
            self._stage_path = None

    def __getattribute__(self, name: str) -> Any:
        if name not in _OWN and name[:1].isupper():
            tag = tag_for_keyword(name)
            if tag is not None:
                for node in object.__getattribute__(self, "node").reverse():
                    record = node._record
                    if tag in record:
                        return record[tag].value
        return object.__getattribute__(self, name)

    def __getitem__(self, key: str | int) -> DataElement:
        tag = key if isinstance(key, BaseTag) else Tag(key)
        tag = Tag(_RECORD_TAG.get(tag, tag))
        for node in self.node.reverse():
            if tag in node._record:
                return node._record[tag]  # type: ignore[return-value]
        raise KeyError(tag)

    def __contains__(self, name: str | int) -> bool:
        try:
            self[name]
        except KeyError:
            return False
        return True

    @property
    def file_set(self) -> FileSet:
        """The ``FileSet`` the instance belongs to."""
        return self.node.file_set

    @property
    def FileID(self) -> str:
        """The File ID the instance has in the File-set's own layout."""
        parts = [node.component for node in self.node.reverse()]
        return os.fspath(Path(*reversed(parts)))

    @property
    def for_addition(self) -> bool:
        """True if staged for addition to the File-set."""
        return self._flags.add

    @property
    def for_removal(self) -> bool:
        """True if staged for removal from the File-set."""
        return self._flags.remove

    @property
    def for_moving(self) -> bool:
        """True if writing the File-set moves the file (its Referenced File ID is
        not the File ID of the File-set's layout)."""
        if self.for_addition:
            return False
        wanted = self.FileID.split(os.path.sep)
        current = self.ReferencedFileID
        if self["ReferencedFileID"].VM == 1:
            return [current] != wanted
        return current != wanted  # type: ignore[no-any-return]

    @property
    def is_staged(self) -> bool:
        """True if staged for addition, moving or removal."""
        return self.for_addition or self.for_moving or self.for_removal

    @property
    def is_private(self) -> bool:
        """True if the instance's leaf record is PRIVATE."""
        return self.node.record_type == "PRIVATE"

    @property
    def path(self) -> str:
        """The instance's file: in the staging folder while staged for addition,
        otherwise under the File-set's root."""
        if self.for_addition:
            return os.fspath(self._stage_path)  # type: ignore[arg-type]
        root = self.file_set.root_path
        return os.fspath(root / self.node.file_id_path(root))  # type: ignore[operator]

    def load(self) -> Dataset:
        """Read the instance's file."""
        return dcmread(self._stage_path if self.for_addition else self.path)  # type: ignore[arg-type]

    @property
    def SOPClassUID(self) -> UID:
        """The instance's SOP Class UID."""
        return self.ReferencedSOPClassUIDInFile  # type: ignore[no-any-return]

    @property
    def SOPInstanceUID(self) -> UID:
        """The instance's SOP Instance UID."""
        return self.ReferencedSOPInstanceUIDInFile  # type: ignore[no-any-return]

    @property
    def TransferSyntaxUID(self) -> UID:
        """The instance's Transfer Syntax UID."""
        return self.ReferencedTransferSyntaxUIDInFile  # type: ignore[no-any-return]


# _RecordLookup.verdicts: a leaf's records lack a key, have them all, or have
# them all with the values asked for.
ABSENT, PRESENT, MATCH = 0, 1, 2


class _RecordLookup:
    """``instance[key]`` for many instances and a few keys: the records above the
    leaves are shared (one patient record for all its images), so the tree is
    walked once per key, each record asked once, and each leaf gets the element
    of the nearest record that has it."""

    def __init__(self, keys: Any) -> None:
        self._tags = {key: Tag(_RECORD_TAG.get(Tag(key), Tag(key))) for key in keys}
        self._by_leaf: dict[int, dict[int, DataElement | None]] = {}

    def _walk(self, root: RecordNode, tag: int) -> dict[int, DataElement | None]:
        found: dict[int, DataElement | None] = {}
        pending: list[tuple[list[RecordNode], DataElement | None]] = [(root.children, None)]
        while pending:
            nodes, inherited = pending.pop()
            for node in nodes:
                record = node._record
                # The record's own mapping answers `in` for a tag number directly.
                own = record[tag] if tag in record._dict else inherited
                if node.instance is not None:
                    found[id(node)] = own
                if node.children:
                    pending.append((node.children, own))
        return found

    def verdicts(self, root: RecordNode, query: list[tuple[Any, Any]]) -> dict[int, int]:
        """For each leaf (by id): ``MATCH`` if its records have every key of
        `query` with the value asked for, ``PRESENT`` if they have every key,
        ``ABSENT`` otherwise. Each record that has a key compares its value once;
        the leaves below it inherit the answer. (Small ints: no garbage to collect.)"""
        tags = [(self._tags[key], value) for key, value in query]
        found: dict[int, int] = {}
        start: tuple[bool | None, ...] = (None,) * len(tags)
        pending: list[tuple[list[RecordNode], tuple[bool | None, ...]]] = [(root.children, start)]
        while pending:
            nodes, inherited = pending.pop()
            for node in nodes:
                record = node._record
                # The record's own mapping answers `in` for a tag number directly.
                mapping = record._dict
                state = inherited
                for k, (tag, value) in enumerate(tags):
                    if tag in mapping:
                        state = state[:k] + (record[tag].value == value,) + state[k + 1 :]
                if node.instance is not None:
                    found[id(node)] = MATCH if all(state) else PRESENT if None not in state else ABSENT
                if node.children:
                    pending.append((node.children, state))
        return found

    def element(self, node: RecordNode, key: Any) -> DataElement | None:
        """The element `key` of `node`'s record, or of the nearest record above."""
        tag = self._tags[key]
        by_leaf = self._by_leaf.get(tag)
        if by_leaf is None:
            by_leaf = self._by_leaf[tag] = self._walk(node.root, tag)
        found = by_leaf.get(id(node), by_leaf)
        if found is not by_leaf:
            return found  # type: ignore[return-value]
        # Not a leaf of the tree walked: ask its records.
        for record_node in node.reverse():
            if tag in record_node._record:
                return record_node._record[tag]  # type: ignore[return-value]
        return None

    def view(self, instance: FileInstance) -> _InstanceView:
        return _InstanceView(self, instance.node)


class _InstanceView:
    """An instance's elements through a ``_RecordLookup`` (``in`` and ``[]``)."""

    __slots__ = ("_lookup", "_node")

    def __init__(self, lookup: _RecordLookup, node: RecordNode) -> None:
        self._lookup, self._node = lookup, node

    def __getitem__(self, key: Any) -> DataElement:
        found = self._lookup.element(self._node, key)
        if found is None:
            raise KeyError(self._lookup._tags[key])
        return found

    def __contains__(self, key: Any) -> bool:
        return self._lookup.element(self._node, key) is not None
