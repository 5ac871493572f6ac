"""Building a File-set's record tree from its DICOMDIR: records are linked by byte
offsets (next sibling, first child), which a broken DICOMDIR may point anywhere,
round in a loop, or leave records out of (orphans)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidicom.dataset import Dataset
from rapidicom.fileset.instance import FileInstance
from rapidicom.fileset.tree import RecordNode
from rapidicom.misc import warn_and_log

if TYPE_CHECKING:
    from rapidicom.fileset.fileset import FileSet

_FIRST = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_NEXT = "OffsetOfTheNextDirectoryRecord"
_LOWER = "OffsetOfReferencedLowerLevelDirectoryEntity"


class _Linker:
    """Follows offsets to records, refusing offsets that name no record and
    records reached twice (a loop, or a record shared by two parents)."""

    def __init__(self, records: dict[int, RecordNode]) -> None:
        self.records = records
        self.placed: set[int] = set()

    def chain(self, offset: int, parent: RecordNode, what: str) -> list[RecordNode]:
        """The record at `offset` and its next siblings, given `parent`."""
        nodes = []
        while offset:
            node = self.records.get(offset)
            if node is None:
                raise ValueError(
                    f"The DICOMDIR's {what} is offset {offset}, where no directory record starts"
                )
            if offset in self.placed:
                raise ValueError(
                    f"The DICOMDIR's directory records form a loop: the record at offset {offset} "
                    f"is reached again as the {what}"
                )
            self.placed.add(offset)
            node.parent = parent
            nodes.append(node)
            what = f"next record after offset {offset}"
            offset = node._record.get(_NEXT) or 0
        return nodes


def parse_records(fs: FileSet, ds: Dataset, include_orphans: bool, raise_orphans: bool = False) -> None:
    """Build `fs`'s record tree and instances from the DICOMDIR `ds`."""
    records: dict[int, RecordNode] = {}
    for record in ds.DirectoryRecordSequence:
        node = RecordNode(record)
        node._offset = record.seq_item_tell
        records[node._offset] = node
    linker = _Linker(records)
    tree = fs._tree
    if records:
        first = ds[_FIRST].value
        if first not in records:
            raise ValueError(
                f"The DICOMDIR's Offset of the First Directory Record of the Root Directory "
                f"Entity is {first}, where no directory record starts"
            )
        linker.chain(first, tree, "first record of the root directory")
    # Depth first, in record order; a record that is neither a parent nor a
    # leaf with a File ID is dropped (with its now empty ancestors).
    pending = list(reversed(tree.children))
    while pending:
        node = pending.pop()
        record = node._record
        lower = record.get(_LOWER) or 0
        has_file_id = "ReferencedFileID" in record
        if lower:
            linker.chain(lower, node, f"lower-level record of offset {node._offset}")
        elif not has_file_id:
            del node.parent[node]
        if has_file_id and fs._file_id_path(node) is not None:
            node.instance = FileInstance(node)
            fs._instances.append(node.instance)
        pending.extend(reversed(node.children))
    if len(records) == sum(1 for _ in tree):
        return
    if raise_orphans:
        raise ValueError("The DICOMDIR contains orphaned directory records")
    in_tree = {node._offset for node in tree}
    orphans = [n for o, n in records.items() if o not in in_tree and "ReferencedFileID" in n._record]
    if orphans and not include_orphans:
        warn_and_log(
            f"The DICOMDIR has {len(orphans)} orphaned directory records that reference an "
            "instance that will not be included in the File-set"
        )
        return
    for node in orphans:
        file_id = node._record.ReferencedFileID
        path = fs._file_id_path(node)
        if path is None:
            continue
        full = fs.root_path / path
        instance = fs.add_custom(full, node) if node.record_type == "PRIVATE" else fs.add(full)
        # A new record was made: it keeps the File ID the orphan had.
        instance.node._record.ReferencedFileID = file_id
