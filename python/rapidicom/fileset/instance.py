"""``FileInstance``: a SOP Instance of a File-set, seen through its directory records."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    0x00080018: 0x00041511,  # SOP Instance UID: Referenced SOP Instance UID in File
    0x00080016: 0x00041510,  # SOP Class UID: Referenced SOP Class UID in File
    0x00020010: 0x00041512,  # Transfer Syntax UID: Referenced Transfer Syntax UID in File
}
# Names looked up on the class itself, never as DICOM keywords.
_OWN = frozenset(("node", "_flags", "_uuid", "_stage_path", "__class__", "__dict__"))


class _Flags:
    """Whether the instance is staged for addition or for removal."""

    add: bool = False
    remove: bool = False


class FileInstance:
    """A SOP Instance in a File-set. Element keywords read the instance's
    directory records, the leaf's first and then up to the top record:
    ``instance.PatientID``, ``instance["StudyDate"]``."""

    def __init__(self, node: RecordNode) -> None:
        self._uuid = uuid.uuid4()
        self._flags = _Flags()
        self._stage_path: Path | None = None
        self.node = node

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
