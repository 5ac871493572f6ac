"""The record tree of a File-set: one ``RecordNode`` per directory record, under a
``RootNode`` that belongs to the ``FileSet``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Union

from rapidicom._tags import OffsetOfReferencedLowerLevelDirectoryEntity, OffsetOfTheNextDirectoryRecord
from rapidicom.charset import default_encoding
from rapidicom.dataset import Dataset
from rapidicom.filebase import DicomBytesIO
from rapidicom.fileset.file_ids import _PREFIXES, component
from rapidicom.filewriter import write_data_element

if TYPE_CHECKING:
    from rapidicom.fileset.fileset import FileSet
    from rapidicom.fileset.instance import FileInstance

_NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
_LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"
# (0004,1400) and (0004,1420): where their values start is remembered on encoding.
_NEXT_TAG, _LOWER_TAG = OffsetOfTheNextDirectoryRecord, OffsetOfReferencedLowerLevelDirectoryEntity

NodeKey = Union[str, "RecordNode"]


class RecordNode(Iterable["RecordNode"]):
    """A directory record of a DICOMDIR, as a node of the record tree.

    ``children`` are the records of the next level down; ``instance`` is the
    ``FileInstance`` a leaf record references (None for other records).
    """

    def __init__(self, record: Dataset | None = None) -> None:
        self.children: list[RecordNode] = []
        self.instance: FileInstance | None = None
        self._parent: RecordNode | None = None
        self._record: Dataset
        if record:
            self._set_record(record)
        # Where the record's item starts in the Directory Record Sequence (set on
        # load and on encoding; not kept up to date otherwise), and where its next
        # and lower offset values start, relative to the record.
        self._offset = 0
        self._offset_next = 0
        self._offset_lower = 0

    # The tree's shape

    @property
    def parent(self) -> RecordNode:
        """The node above this one (None for a top node not in a tree)."""
        return self._parent  # type: ignore[return-value]

    @parent.setter
    def parent(self, node: RecordNode) -> None:
        self._parent = node
        if node is not None and not any(child is self for child in node.children):
            node.children.append(self)

    @property
    def is_root(self) -> bool:
        """True for the tree's root node."""
        return False

    @property
    def root(self) -> RecordNode:
        """The tree's root node (or the top node of a detached branch)."""
        node = self
        while node.parent:
            node = node.parent
        return node

    @property
    def file_set(self) -> FileSet:
        """The ``FileSet`` of the tree."""
        return self.root.file_set

    def reverse(self) -> Iterable[RecordNode]:
        """Yield this node and its ancestors, up to the level below the root."""
        node = self
        while node.parent:
            yield node
            node = node.parent
        if not node.is_root:
            yield node

    @property
    def ancestors(self) -> list[RecordNode]:
        """The node's ancestors, nearest first (the root not included)."""
        return [node for node in self.reverse() if node is not self]

    @property
    def depth(self) -> int:
        """How many levels this node is below the level under the root."""
        return sum(1 for _ in self.reverse()) - 1

    @property
    def index(self) -> int:
        """The node's position among its siblings."""
        if not self.parent:
            return 0
        return self.parent.children.index(self)

    @property
    def next(self) -> RecordNode | None:
        """The next sibling, or None."""
        if not self.parent:
            return None
        siblings = self.parent.children
        i = siblings.index(self) + 1
        return siblings[i] if i < len(siblings) else None

    @property
    def previous(self) -> RecordNode | None:
        """The previous sibling, or None."""
        if not self.parent:
            return None
        i = self.parent.children.index(self)
        return self.parent.children[i - 1] if i else None

    @property
    def has_instance(self) -> bool:
        """True if the node references a SOP Instance."""
        return self.instance is not None

    def __iter__(self) -> Iterator[RecordNode]:
        """Yield this node (unless it is the root) and every node below it, depth first."""
        if not self.is_root:
            yield self
        for child in self.children:
            yield from child

    # Children by key

    @staticmethod
    def _key_of(key: NodeKey) -> str:
        return key.key if isinstance(key, RecordNode) else key

    def __contains__(self, key: NodeKey) -> bool:
        key = self._key_of(key)
        return any(child.key == key for child in self.children)

    def __getitem__(self, key: NodeKey) -> RecordNode:
        key = self._key_of(key)
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)

    def __delitem__(self, key: NodeKey) -> None:
        """Remove the child with `key`; a node left with no children is removed
        from its parent in turn, up to the root."""
        key = self._key_of(key)
        if key not in self:
            raise KeyError(key)
        self.children = [child for child in self.children if child.key != key]
        if not self.children and not self.is_root:
            del self.parent[self]

    def add(self, leaf: RecordNode) -> None:
        """Put `leaf`'s branch into the tree, joining it where the tree already
        has its records (the same patient, study, ...)."""
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node in current and node.children:
            current = current[node]
            node = node.children[0]
        node.parent = current

    def remove(self, node: RecordNode) -> None:
        """Remove the leaf `node` (and the records left empty above it)."""
        if not node.has_instance:
            raise ValueError("Only leaf nodes can be removed")
        del node.parent[node]

    # The record

    def _set_record(self, ds: Dataset) -> None:
        """Take `ds` as the node's directory record, after checking it has a
        record type and the element its key comes from."""
        offset = getattr(ds, "seq_item_tell", None)
        record_type = ds.get("DirectoryRecordType", None)
        what = f"The {record_type + ' ' if record_type else ''}directory record"
        if offset:
            what += f" at offset {offset}"
        if "DirectoryRecordType" not in ds:
            raise ValueError(f"{what} is missing one or more required elements: DirectoryRecordType")
        if _NEXT_OFFSET not in ds:
            setattr(ds, _NEXT_OFFSET, 0)
        if _LOWER_OFFSET not in ds:
            setattr(ds, _LOWER_OFFSET, 0)
        ds.RecordInUseFlag = 0xFFFF
        self._record = ds
        try:
            _ = self.key
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"{what} is missing a required element") from exc

    @property
    def record_type(self) -> str:
        """The record's Directory Record Type."""
        return self._record.DirectoryRecordType  # type: ignore[no-any-return]

    @property
    def key(self) -> str:
        """What tells this record from its siblings (PS3.3 F.5): the patient ID,
        study, series or private record UID, or the referenced SOP Instance UID."""
        record, record_type = self._record, self.record_type
        if record_type == "PATIENT":
            return record.PatientID  # type: ignore[no-any-return]
        if record_type == "STUDY":
            if "StudyInstanceUID" in record:
                return record.StudyInstanceUID  # type: ignore[no-any-return]
            return record.ReferencedSOPInstanceUIDInFile  # type: ignore[no-any-return]
        if record_type == "SERIES":
            return record.SeriesInstanceUID  # type: ignore[no-any-return]
        if record_type == "PRIVATE":
            return record.PrivateRecordUID  # type: ignore[no-any-return]
        try:
            return record.ReferencedSOPInstanceUIDInFile  # type: ignore[no-any-return]
        except AttributeError as exc:
            raise AttributeError(
                f"Invalid '{record_type}' record - missing required element 'Referenced SOP Instance UID in File'"
            ) from exc

    @property
    def component(self) -> str:
        """This node's part of a File ID: the record type's prefix and the node's index."""
        if self.is_root:
            raise ValueError("The root node doesn't contribute a File ID component")
        prefix = _PREFIXES[self.record_type]
        if self.record_type == "PRIVATE":
            prefix += str(self.depth)
        return component(prefix, self.index, self.file_set._use_alphanumeric)

    def file_id_path(self, root_path: Path) -> Path | None:
        """The record's Referenced File ID as a path (None if it has no value).
        Raises PermissionError for a path outside `root_path`, AttributeError
        when the record has no Referenced File ID."""
        if "ReferencedFileID" not in self._record:
            raise AttributeError("No 'Referenced File ID' in the directory record")
        elem = self._record["ReferencedFileID"]
        if elem.VM < 1:
            return None
        path = Path(elem.value) if elem.VM == 1 else Path(*elem.value)
        if path.anchor or not (root_path / path).resolve().is_relative_to(root_path):
            raise PermissionError(f"ReferencedFileID ('{path}') must be inside the DICOMDIR root path")
        return path

    def _encode_record(self, force_implicit: bool = False) -> int:
        """The length of the record encoded in little endian (explicit VR unless
        `force_implicit`), group lengths above group 6 left out; remembers where
        the next and lower offset values start in it."""
        fp = DicomBytesIO()
        fp.is_little_endian = True
        fp.is_implicit_VR = force_implicit
        encoding = self._record.get("SpecificCharacterSet", default_encoding)
        for tag in sorted(self._record.keys()):
            if tag.element == 0 and tag.group > 6:
                continue
            # A UL element's value starts 8 bytes after its tag in either VR form.
            if tag == _NEXT_TAG:
                self._offset_next = fp.tell() + 8
            elif tag == _LOWER_TAG:
                self._offset_lower = fp.tell() + 8
            write_data_element(fp, self._record[tag], encoding)
        return len(fp.getvalue())

    def _update_record_offsets(self) -> None:
        """Point the record at its next sibling and first child (their ``_offset``
        must be set)."""
        following = self.next
        self._record[_NEXT_OFFSET].value = following._offset if following else 0
        self._record[_LOWER_OFFSET].value = self.children[0]._offset if self.children else 0

    # Text

    def __str__(self) -> str:
        if self.is_root:
            return "ROOT"
        ds, record_type = self._record, self.record_type
        if record_type == "PATIENT":
            parts = [f"PatientID='{ds.PatientID}'", f"PatientName='{ds.PatientName}'"]
        elif record_type == "STUDY":
            parts = [f"StudyDate={ds.StudyDate}", f"StudyTime={ds.StudyTime}"]
            if getattr(ds, "StudyDescription", None):
                parts.append(f"StudyDescription='{ds.StudyDescription}'")
        elif record_type == "SERIES":
            parts = [f"Modality={ds.Modality}", f"SeriesNumber={ds.SeriesNumber}"]
            if getattr(ds, "SeriesDescription", None):
                parts.append(f"SeriesDescription='{ds.SeriesDescription}'")
        elif record_type == "IMAGE":
            parts = [f"InstanceNumber={ds.InstanceNumber}"]
        else:
            parts = [f"{self.key}"]
        return f"{record_type}: {', '.join(parts)}"

    def prettify(self, indent_char: str = "  ") -> list[str]:
        """The tree from this node down as lines of text; the leaves of a level
        are summed up per record type, with the staged changes."""
        lines = []
        for node in self:
            indent = indent_char * node.depth
            if node.children:
                lines.append(f"{indent}{node}")
                first_leaf = next((c for c in node.children if c.has_instance), None)
                if first_leaf is not None:
                    lines.extend(_leaf_summary(first_leaf, indent_char))
            elif node.depth == 0 and node.has_instance:
                line = f"{indent}{node.record_type}: 1 SOP Instance"
                if node.instance.for_addition:  # type: ignore[union-attr]
                    line += " (to be added)"
                elif node.instance.for_removal:  # type: ignore[union-attr]
                    line += " (to be removed)"
                lines.append(line)
        return lines


def _leaf_summary(node: RecordNode, indent_char: str) -> list[str]:
    """Lines such as "IMAGE: 15 SOP Instances (10 initial, 9 additions, 4 removals)"
    for the leaves among `node`'s siblings (none if `node` has children)."""
    if node.children:
        return []
    indent = indent_char * node.depth
    leaves = [n for n in node.parent if n.has_instance]
    lines = []
    for record_type in sorted({n.record_type for n in leaves}):
        of_type = [n for n in leaves if n.record_type == record_type]
        added = sum(1 for n in of_type if n.instance.for_addition)  # type: ignore[union-attr]
        removed = sum(1 for n in of_type if n.instance.for_removal)  # type: ignore[union-attr]
        initial, result = len(of_type) - added, len(of_type) - removed
        changes = []
        if (added or removed) and initial > 0:
            changes.append(f"{initial} initial")
        if added:
            changes.append(f"{added} addition{'s' if added > 1 else ''}")
        if removed:
            changes.append(f"{removed} removal{'s' if removed > 1 else ''}")
        line = f"{indent}{record_type}: {result} SOP Instance{'' if result == 1 else 's'}"
        if changes:
            line += f" ({', '.join(changes)})"
        lines.append(line)
    return lines


class RootNode(RecordNode):
    """The root of a File-set's record tree (it has no record)."""

    def __init__(self, fs: FileSet) -> None:
        super().__init__()
        self._fs = fs

    @property
    def file_set(self) -> FileSet:
        """The ``FileSet`` the tree belongs to."""
        return self._fs

    @property
    def is_root(self) -> bool:
        return True
