"""Building a File-set's record tree from its DICOMDIR: records are linked by byte
offsets (next sibling, first child), which a broken DICOMDIR may point anywhere,
round in a loop, or leave records out of (orphans).

Records as read are walked natively (``_native.directory_record_fields``,
``link_directory_records``, ``check_referenced_files``); a DICOMDIR whose records
were changed or made in Python is walked here, to the same result.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidicom import _native
from rapidicom._gc_pause import gc_paused
from rapidicom.dataset import Dataset
from rapidicom.fileset.file_ids import _PREFIXES
from rapidicom.fileset.instance import FileInstance, _Flags
from rapidicom.fileset.tree import RecordNode
from rapidicom.misc import warn_and_log

if TYPE_CHECKING:
    from rapidicom.fileset.fileset import FileSet

_FIRST = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_NEXT = "OffsetOfTheNextDirectoryRecord"
_LOWER = "OffsetOfReferencedLowerLevelDirectoryEntity"
_IN_USE = 0xFFFF
# check_referenced_files: the file is there, missing, or outside the root.
_PRESENT, _MISSING, _OUTSIDE = 0, 1, 2


def parse_records(fs: FileSet, ds: Dataset, include_orphans: bool, raise_orphans: bool = False) -> None:
    """Build `fs`'s record tree and instances from the DICOMDIR `ds`; instances
    whose file is missing are left out (with a warning), and files not where the
    File-set's layout puts them are staged to move."""
    with gc_paused():
        records = list(ds.DirectoryRecordSequence)
        fields = _native.directory_record_fields([r._native_store() for r in records])
        if fields is None or any(f.record_type is None or f.key is None for f in fields):
            walked = _walk_in_python(fs, ds, records)
            checks = None
        else:
            walked, checks = _walk_natively(fs, ds, records, fields)
    _orphans(fs, walked, include_orphans, raise_orphans)
    _check_files(fs, checks)


def _missing(instance: FileInstance, full: Path) -> None:
    warn_and_log(
        f"The referenced SOP Instance for the directory record at offset {instance.node._offset} does not exist: {full}"
    )


def _check_files(fs: FileSet, checks: dict[int, tuple[int, Any, Any]] | None) -> None:
    """Leave out the instances whose file is missing; stage the move of those not
    where the layout puts them. `checks` has the native results by instance id
    (status, layout File ID or None, referenced File ID); other instances are
    checked here."""
    missing = []
    for instance in fs:
        found = None if checks is None else checks.get(id(instance))
        if found is None:
            full = fs.root_path / fs._file_id_path(instance.node)  # type: ignore[operator]
            if not full.exists():
                missing.append(instance)
                _missing(instance, full)
                continue
            moving = instance.for_moving
        else:
            status, layout, parts = found
            if status == _MISSING:
                missing.append(instance)
                _missing(instance, fs.root_path / Path(*parts))
                continue
            moving = instance.for_moving if layout is None else layout != parts
        if moving:
            fs._stage["~"] = True
    for instance in missing:
        fs._instances.remove(instance)


def _node(record: Dataset, offset: int) -> RecordNode:
    """A RecordNode for a record whose fields were checked natively."""
    node = object.__new__(RecordNode)
    node.__dict__.update(
        children=[], instance=None, _parent=None, _record=record, _offset=offset, _offset_next=0, _offset_lower=0
    )
    return node


def _instance(node: RecordNode) -> FileInstance:
    instance = object.__new__(FileInstance)
    instance.__dict__.update(_flags=_Flags(), _stage_path=None, node=node)
    node.instance = instance
    return instance


def _walk_natively(
    fs: FileSet, ds: Dataset, records: list[Dataset], fields: list[_native.RecordFields]
) -> tuple[dict[int, RecordNode], dict[int, tuple[int, Any, Any]]]:
    offsets = [r.seq_item_tell for r in records]
    for record, f in zip(records, fields):
        # As RecordNode._set_record leaves a record.
        if f.next is None:
            setattr(record, _NEXT, 0)
        if f.lower is None:
            setattr(record, _LOWER, 0)
        if f.in_use != _IN_USE:
            record.RecordInUseFlag = _IN_USE
    nodes = [_node(r, o) for r, o in zip(records, offsets)]
    prefixes = [
        None if f.record_type not in _PREFIXES else (_PREFIXES[f.record_type], f.record_type == "PRIVATE")
        for f in fields
    ]
    links = [(o, f.next or 0, f.lower or 0, f.file_id is not None, f.key) for o, f in zip(offsets, fields)]
    first = ds[_FIRST].value if records else 0
    linked = _native.link_directory_records(links, first or 0, prefixes, fs._use_alphanumeric)
    top, children, parents, with_file_id, layouts = (
        linked.top,
        linked.children,
        linked.parent,
        linked.with_file_id,
        linked.layouts,
    )
    tree = fs._tree
    tree.children = [nodes[i] for i in top]
    for node, kids, parent in zip(nodes, children, parents):
        if kids:
            node.children = [nodes[i] for i in kids]
        if parent is not None:
            node._parent = tree if parent < 0 else nodes[parent]
    # Referenced files: outside the root is an error, as the walk reaches it.
    referencing = [(i, layout) for i, layout in zip(with_file_id, layouts) if fields[i].file_id]
    root = os.fspath(fs.root_path)
    if not _native_sees(root, ds):
        for i, _ in referencing:
            fs._file_id_path(nodes[i])  # PermissionError outside the root
            fs._instances.append(_instance(nodes[i]))
        return dict(zip(offsets, nodes)), None
    statuses = _native.check_referenced_files(root, [fields[i].file_id for i, _ in referencing])
    checks = {}
    for (i, layout), status in zip(referencing, statuses):
        parts = fields[i].file_id
        if status == _OUTSIDE:
            raise PermissionError(f"ReferencedFileID ('{Path(*parts)}') must be inside the DICOMDIR root path")
        instance = _instance(nodes[i])
        fs._instances.append(instance)
        checks[id(instance)] = (status, layout, parts)
    return dict(zip(offsets, nodes)), checks


def _native_sees(root: str, ds: Dataset) -> bool:
    """True if the file system the native checks see has the DICOMDIR: a virtual
    one that only Python's file functions know (pyfakefs) is checked in Python."""
    name = Path(os.fspath(ds.filename)).name  # type: ignore[arg-type]
    return _native.check_referenced_files(root, [[name]])[0] == _PRESENT


def _link_chain(records: dict[int, RecordNode], placed: set[int], offset: int, parent: RecordNode, what: str) -> None:
    """Place the record at `offset` and its next siblings under `parent`,
    refusing offsets that name no record and records reached twice."""
    while offset:
        node = records.get(offset)
        if node is None:
            raise ValueError(f"The DICOMDIR's {what} is offset {offset}, where no directory record starts")
        if offset in placed:
            raise ValueError(
                f"The DICOMDIR's directory records form a loop: the record at offset {offset} "
                f"is reached again as the {what}"
            )
        placed.add(offset)
        node.parent = parent
        what = f"next record after offset {offset}"
        offset = node._record.get(_NEXT) or 0


def _walk_in_python(fs: FileSet, ds: Dataset, sequence: list[Dataset]) -> dict[int, RecordNode]:
    records: dict[int, RecordNode] = {}
    for record in sequence:
        node = RecordNode(record)
        node._offset = record.seq_item_tell  # type: ignore[attr-defined]
        records[node._offset] = node
    placed: set[int] = set()
    tree = fs._tree
    if records:
        _link_chain(records, placed, ds[_FIRST].value or 0, tree, "first record of the root directory")
    # Depth first, in record order; a record that is neither a parent nor a
    # leaf with a File ID is dropped (with its now empty ancestors).
    pending = list(reversed(tree.children))
    while pending:
        node = pending.pop()
        record = node._record
        lower = record.get(_LOWER) or 0
        has_file_id = "ReferencedFileID" in record
        if lower:
            _link_chain(records, placed, lower, node, f"lower-level record of offset {node._offset}")
        elif not has_file_id:
            del node.parent[node]
        if has_file_id and fs._file_id_path(node) is not None:
            node.instance = FileInstance(node)
            fs._instances.append(node.instance)
        pending.extend(reversed(node.children))
    return records


def _offsets_in_tree(root: RecordNode) -> set[int]:
    """The offsets of the records under `root` (iter(root), without a generator per level)."""
    offsets, pending = set(), list(root.children)
    while pending:
        node = pending.pop()
        offsets.add(node._offset)
        pending.extend(node.children)
    return offsets


def _orphans(fs: FileSet, records: dict[int, RecordNode], include: bool, raise_: bool) -> list[FileInstance]:
    """Records the walk never reached that reference an instance are added as
    new (with the File ID they had); returns those instances."""
    in_tree = _offsets_in_tree(fs._tree)
    if len(in_tree) == len(records):
        return []
    if raise_:
        raise ValueError("The DICOMDIR contains orphaned directory records")
    orphans = [n for o, n in records.items() if o not in in_tree and "ReferencedFileID" in n._record]
    if orphans and not include:
        warn_and_log(
            f"The DICOMDIR has {len(orphans)} orphaned directory records that reference an "
            "instance that will not be included in the File-set"
        )
        return []
    adopted = []
    for node in orphans:
        file_id = node._record.ReferencedFileID
        path = fs._file_id_path(node)
        if path is None:
            continue
        full = fs.root_path / path
        instance = fs.add_custom(full, node) if node.record_type == "PRIVATE" else fs.add(full)
        instance.node._record.ReferencedFileID = file_id
        adopted.append(instance)
    return adopted
