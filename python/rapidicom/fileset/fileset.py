"""``FileSet``: a DICOM File-set (PS3.10): its DICOMDIR, the files it indexes, and
the changes staged until ``write``."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from rapidicom.dataset import Dataset
from rapidicom.filebase import DicomFileLike
from rapidicom.filereader import dcmread
from rapidicom.fileset.dicomdir import new_dicomdir, write_dicomdir
from rapidicom.fileset.instance import ABSENT, MATCH, PRESENT, FileInstance, _RecordLookup
from rapidicom.fileset.load import parse_records
from rapidicom.fileset.records import DIRECTORY_RECORDERS, _four_level_record_type, _single_level_record_type
from rapidicom.fileset.tree import RecordNode, RootNode
from rapidicom.misc import warn_and_log
from rapidicom.uid import UID, ExplicitVRLittleEndian, MediaStorageDirectoryStorage, generate_uid

DSPathType = Dataset | str | os.PathLike
# Beyond this many instances in one directory, numeric File IDs run out.
_NUMERIC_LIMIT = 10**6
_ALPHANUMERIC_LIMIT = 35**6
_NO_VALUE = "(no value available)"


class _StagingFolder:
    """A temporary folder for the files staged for addition: removed by
    ``cleanup()`` or when the File-set is gone (quietly: a File-set that is
    never written is normal use, not a leak to warn about)."""

    def __init__(self) -> None:
        self.name = tempfile.mkdtemp(prefix="rapidicom-fileset-")
        self._remove = weakref.finalize(self, shutil.rmtree, self.name, ignore_errors=True)

    def cleanup(self) -> None:
        self._remove()


def _read(ds_or_path: DSPathType) -> Dataset:
    return dcmread(ds_or_path) if isinstance(ds_or_path, str | os.PathLike) else ds_or_path


def _instance_records(ds: Dataset) -> list[Dataset]:
    """The directory records ``FileSet.add`` makes for `ds`, top first."""
    top = _single_level_record_type(ds)
    types = [top] if top != "PATIENT" else ["PATIENT", "STUDY", "SERIES", _four_level_record_type(ds)]
    records = []
    for record_type in types:
        try:
            record = DIRECTORY_RECORDERS[record_type](ds)
        except ValueError as exc:
            raise ValueError(
                f"Unable to use the default '{record_type}' record creator: {exc}. See DICOM "
                "PS3.3 Section F.5. Either update the instance, define your own record "
                "creation function or use 'FileSet.add_custom()' instead"
            ) from exc
        record.OffsetOfTheNextDirectoryRecord = 0
        record.RecordInUseFlag = 0xFFFF
        record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        record.DirectoryRecordType = record_type
        if len(types) > 1 and "SpecificCharacterSet" in ds:
            record.SpecificCharacterSet = ds.SpecificCharacterSet
        records.append(record)
    _reference(records[-1], ds)
    return records


def _reference(record: Dataset, ds: Dataset) -> None:
    """Make `record` reference the SOP Instance `ds` (its File ID is set on writing)."""
    record.ReferencedFileID = None
    record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
    record.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
    record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID


class FileSet:
    """A DICOM File-set: made new, or loaded from a DICOMDIR (a path or its dataset).

    Additions, removals and changes to the File-set's identification are staged
    and take effect on ``write``; instances added are kept in a staging folder
    until then. Iterating gives the ``FileInstance`` of every managed instance.
    """

    def __init__(self, ds: DSPathType | None = None) -> None:
        self._root_path: Path | None = None
        self._tree = RootNode(self)
        # The staged changes: "+" and "-" are {SOP Instance UID: FileInstance}
        # staged for addition and removal, "~" says files must move to the
        # File-set's layout, "^" that the File-set's identification changed.
        self._stage: dict[str, Any] = {"t": _StagingFolder(), "+": {}, "-": {}, "~": False, "^": False}
        self._stage["path"] = Path(self._stage["t"].name)
        self._ds = Dataset()  # the DICOMDIR as last loaded or written
        self._instances: list[FileInstance] = []
        self._use_alphanumeric = False
        self._id: str | None = None
        self._uid: UID | None = None
        self._descriptor: str | list[str] | None = None
        self._charset: str | None = None
        if ds:
            self.load(ds)
        else:
            self.UID = generate_uid()

    # Identification

    def _identify(self, attr: str, value: Any, keyword: str) -> None:
        """Set an identification value: kept, written into the DICOMDIR dataset
        (the file meta for the UID), and staged for ``write``."""
        setattr(self, attr, value)
        if self._ds:
            target = self._ds.file_meta if keyword == "MediaStorageSOPInstanceUID" else self._ds
            setattr(target, keyword, value)
        self._stage["^"] = True

    @property
    def ID(self) -> str | None:
        """The File-set ID (0004,1130), at most 16 characters, or None."""
        return self._id

    @ID.setter
    def ID(self, val: str | None) -> None:
        if val == self._id:
            return
        if val is not None and len(val) > 16:
            raise ValueError("The maximum length of the 'File-set ID' is 16 characters")
        self._identify("_id", val, "FileSetID")

    @property
    def UID(self) -> UID:
        """The File-set UID (the DICOMDIR's Media Storage SOP Instance UID)."""
        return cast(UID, self._uid)

    @UID.setter
    def UID(self, uid: UID) -> None:
        if uid == self._uid:
            return
        uid = UID(uid)
        if not uid.is_valid:
            raise ValueError(f"'{uid}' is not a valid UID")
        self._identify("_uid", uid, "MediaStorageSOPInstanceUID")

    @property
    def descriptor_file_id(self) -> str | list[str] | None:
        """The File-set Descriptor File ID (0004,1141): the path of a file of
        comments on the File-set (a README, which is the user's to write)."""
        return self._descriptor

    @descriptor_file_id.setter
    def descriptor_file_id(self, val: str | list[str] | None) -> None:
        if val == self._descriptor:
            return
        if isinstance(val, list):
            if len(val) > 8 or not all(isinstance(c, str) and len(c) <= 16 for c in val):
                raise ValueError(
                    "The 'File-set Descriptor File ID' has a maximum of 8 components, each between "
                    "0 and 16 characters long"
                )
            val = list(Path(*val).parts)
        elif isinstance(val, str):
            if len(val) > 16:
                raise ValueError("Each 'File-set Descriptor File ID' component has a maximum length of 16 characters")
        elif val is not None:
            raise TypeError("The 'DescriptorFileID' must be a str, list of str, or None")
        self._identify("_descriptor", val, "FileSetDescriptorFileID")

    @property
    def descriptor_character_set(self) -> str | None:
        """The Specific Character Set of File-set Descriptor File (0004,1142)."""
        return self._charset

    @descriptor_character_set.setter
    def descriptor_character_set(self, val: str | None) -> None:
        if val == self._charset:
            return
        self._identify("_charset", val, "SpecificCharacterSetOfFileSetDescriptorFile")

    @property
    def root_path(self) -> Path:
        """The File-set's root folder (AttributeError if it has none yet)."""
        if self._root_path is None:
            raise AttributeError("No root path set in the File-set")
        return self._root_path

    @property
    def path(self) -> str | None:
        """The File-set's root folder as text, or None for a new File-set."""
        return None if self._root_path is None else os.fspath(self._root_path)

    # The managed instances

    def __iter__(self) -> Iterator[FileInstance]:
        yield from self._instances[:]

    def __len__(self) -> int:
        return len(self._instances)

    @property
    def is_staged(self) -> bool:
        """True if the File-set is new or has changes waiting for ``write``."""
        return any(self._stage[c] for c in "+-^~")

    def _unremove(self, key: str) -> FileInstance | None:
        """Cancel the staged removal of the instance with `key`, if any."""
        instance = self._stage["-"].pop(key, None)
        if instance is not None:
            self._instances.append(instance)
            instance._apply_stage("+")
        return cast(FileInstance | None, instance)

    def _stage_addition(self, leaf: RecordNode, ds: Dataset) -> FileInstance:
        instance = FileInstance(leaf)
        leaf.instance = instance
        self._tree.add(leaf)
        self._stage["+"][instance.SOPInstanceUID] = instance
        self._instances.append(instance)
        instance._apply_stage("+")
        ds.save_as(instance.path, enforce_file_format=True)
        return instance

    def _existing(self, key: str) -> FileInstance | None:
        return next((i for i in self._instances if i.SOPInstanceUID == key), None)

    def add(self, ds_or_path: DSPathType) -> FileInstance:
        """Stage an instance (a dataset or a file) for addition, with the records
        ``DIRECTORY_RECORDERS`` make for it. An instance staged for removal is kept
        instead; one already in the File-set is returned as it is."""
        ds = _read(ds_or_path)
        key = ds.SOPInstanceUID
        kept = self._unremove(key)
        if kept is not None:
            return kept
        existing = self._existing(key)
        if existing is not None:
            return existing
        records = _instance_records(ds)
        node = RecordNode(records[0])
        for record in records[1:]:
            child = RecordNode(record)
            child.parent = node
            node = child
        return self._stage_addition(node, ds)

    def add_custom(self, ds_or_path: DSPathType, leaf: RecordNode) -> FileInstance:
        """Stage an instance for addition under records of your own: `leaf` is
        its record's node, with its ancestors set (at most 7). Needed for PRIVATE
        records. The instance-referencing elements are filled in."""
        ds = _read(ds_or_path)
        if leaf.depth > 7:
            raise ValueError(
                "The 'leaf' node must not have more than 7 ancestors as 'FileSet' supports a "
                "maximum directory structure depth of 8"
            )
        key = ds.SOPInstanceUID
        kept = self._unremove(key)
        if kept is not None:
            return kept
        existing = self._existing(key)
        if existing is not None:
            return existing
        _reference(leaf._record, ds)
        return self._stage_addition(leaf, ds)

    def remove(self, instance: FileInstance | list[FileInstance]) -> None:
        """Stage instances for removal; an instance staged for addition is just
        not added."""
        if isinstance(instance, list):
            for item in instance:
                self.remove(item)
            return
        if instance not in self._instances:
            raise ValueError("No such instance in the File-set")
        key = instance.SOPInstanceUID
        if key in self._stage["+"]:
            leaf = instance.node
            del leaf.parent[leaf]
            del self._stage["+"][key]
            Path(instance.path).unlink(missing_ok=True)
            instance._apply_stage("-")
            self._instances.remove(instance)
        elif key not in self._stage["-"]:
            instance._apply_stage("-")
            self._stage["-"][key] = instance
            self._instances.remove(instance)

    def clear(self) -> None:
        """Empty the File-set: no instances, no root, no identification, a new UID."""
        self._tree.children = []
        self._instances = []
        self._root_path = None
        self._ds = Dataset()
        self._id = None
        self._uid = generate_uid()
        self._descriptor = None
        self._charset = None
        self._stage.update({"+": {}, "-": {}, "~": False, "^": False})
        self._stage["t"].cleanup()
        self._stage["t"] = _StagingFolder()
        self._stage["path"] = Path(self._stage["t"].name)

    # Searching

    def find(self, load: bool = False, **kwargs: Any) -> list[FileInstance]:
        """The instances whose elements have the values given as keyword=value;
        with `load`, their files are read and searched instead of their records."""
        if not kwargs:
            return self._instances[:]
        query = list(kwargs.items())
        found_all = False
        matches = []
        if load:
            for instance in self:
                source = instance.load()
                if all(kw in source for kw, _ in query):
                    found_all = True
                    if all(source[kw].value == val for kw, val in query):
                        matches.append(instance)
            return matches
        lookup = _RecordLookup(kwargs)
        verdicts = lookup.verdicts(self._tree, query)
        for instance in self:
            verdict = verdicts.get(id(instance.node))
            if verdict is None:  # not a leaf of the tree: ask its records
                elements = [lookup.element(instance.node, kw) for kw, _ in query]
                verdict = ABSENT
                if not any(e is None for e in elements):
                    equal = all(e.value == v for e, (_, v) in zip(elements, query))  # type: ignore[union-attr]
                    verdict = MATCH if equal else PRESENT
            if verdict != ABSENT:
                found_all = True
                if verdict == MATCH:
                    matches.append(instance)
        if not found_all:
            warn_and_log(
                "None of the records in the DICOMDIR dataset contain all the query elements, "
                "consider using the 'load' parameter to expand the search to the corresponding "
                "SOP instances"
            )
        return matches

    def find_values(
        self,
        elements: str | int | list[str | int],
        instances: list[FileInstance] | None = None,
        load: bool = False,
    ) -> list[Any] | dict[str | int, list[Any]]:
        """The distinct values of an element (or {element: values} for a list of
        them) among `instances` (default: all); with `load`, from their files."""
        wanted = elements if isinstance(elements, list) else [elements]
        seen = dict.fromkeys(wanted, False)
        values: dict[str | int, list[Any]] = {e: [] for e in wanted}
        lookup = None if load else _RecordLookup(wanted)
        for instance in instances or iter(self):
            source: Any = instance.load() if lookup is None else lookup.view(instance)
            for element in wanted:
                if element not in source:
                    continue
                seen[element] = True
                value = source[element].value
                # Values may be unhashable (lists, sequences): compare one by one.
                if value not in values[element]:
                    values[element].append(value)
        missing = [e for e, found in seen.items() if not found]
        if not load and missing:
            warn_and_log(
                f"None of the records in the DICOMDIR dataset contain {missing}, consider using "
                "the 'load' parameter to expand the search to the corresponding SOP instances"
            )
        return values if isinstance(elements, list) else values[wanted[0]]

    # Loading

    def load(self, ds_or_path: DSPathType, include_orphans: bool = True, raise_orphans: bool = False) -> None:
        """Load an existing File-set from its DICOMDIR. Files not where this
        File-set's layout puts them are staged to move there on ``write``
        (unless written with ``use_existing``)."""
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        if ds.file_meta.get("MediaStorageSOPClassUID", None) != MediaStorageDirectoryStorage:
            raise ValueError(
                "Unable to load the File-set as the supplied dataset is not a 'Media Storage Directory' instance"
            )
        syntax = ds.file_meta.TransferSyntaxUID
        if syntax != ExplicitVRLittleEndian:
            warn_and_log(
                f"The DICOMDIR dataset uses an invalid transfer syntax '{syntax.name}' and will be "
                "updated to use 'Explicit VR Little Endian'"
            )
        try:
            path = Path(ds.filename).resolve(strict=True)  # type: ignore[arg-type]
        except FileNotFoundError:
            raise FileNotFoundError(
                "Unable to load the File-set as the 'filename' attribute for the DICOMDIR dataset "
                f"is not a valid path: {ds.filename}"
            ) from None
        except TypeError:
            raise TypeError(
                "Unable to load the File-set as the DICOMDIR dataset must have a 'filename' "
                "attribute set to the path of the DICOMDIR file"
            ) from None
        self.clear()
        self._id = ds.get("FileSetID", None)
        uid = ds.file_meta.get("MediaStorageSOPInstanceUID")
        if not uid:
            uid = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._uid = uid
        self._descriptor = ds.get("FileSetDescriptorFileID", None)
        self._charset = ds.get("SpecificCharacterSetOfFileSetDescriptorFile", None)
        self._root_path = path.parent
        self._ds = ds
        parse_records(self, ds, include_orphans, raise_orphans)

    def _file_id_path(self, node: RecordNode) -> Path | None:
        """The node's Referenced File ID as a path (see ``RecordNode.file_id_path``)."""
        return node.file_id_path(self.root_path)

    # Writing

    def _check_capacity(self) -> None:
        if len(self) > _NUMERIC_LIMIT:
            self._use_alphanumeric = True
        if len(self) > _ALPHANUMERIC_LIMIT:
            raise NotImplementedError(
                "rapidicom doesn't support writing File-sets with more than 1838265625 managed instances"
            )

    def _create_dicomdir(self) -> Dataset:
        """A new DICOMDIR dataset with the File-set's identification and no records."""
        return new_dicomdir(self)

    def _write_dicomdir(self, fp: DicomFileLike, copy_safe: bool = False, force_implicit: bool = False) -> None:
        """Encode the DICOMDIR to `fp`; with `copy_safe`, nothing of this
        File-set but the nodes' offsets changes."""
        write_dicomdir(self, fp, copy_safe, force_implicit)

    def write(
        self, path: str | os.PathLike | None = None, use_existing: bool = False, force_implicit: bool = False
    ) -> None:
        """Write the File-set, or its staged changes: files are put where the
        File-set's layout says (``PTxxxxxx/STxxxxxx/SExxxxxx/IMxxxxxx``, ...) and
        the DICOMDIR is written, then loaded again.

        `path` is the root folder of a new File-set (an error for a loaded one:
        use ``copy``). With `use_existing`, files stay where they are and only the
        DICOMDIR is written (an error if additions are staged). `force_implicit`
        writes the DICOMDIR in Implicit VR Little Endian (not conformant).
        """
        if not path and self.path is None:
            raise ValueError("The path to the root directory is required for a new File-set")
        if path and self.path:
            raise ValueError(
                "The path for an existing File-set cannot be changed, use 'FileSet.copy()' to "
                "write the File-set to a new location"
            )
        if path:
            self._root_path = Path(path)
        if not self.is_staged:
            return
        root = self.root_path
        dicomdir = root / "DICOMDIR"
        major_change = bool(self._stage["+"])
        if use_existing and major_change:
            raise ValueError(
                "'Fileset.write()' called with 'use_existing' but additions to the File-set's "
                "managed instances are staged"
            )
        if not use_existing:
            major_change |= self._stage["~"]
        self._check_capacity()
        # Removals leave the tree first: File IDs are given without them.
        for instance in self._stage["-"].values():
            Path(instance.path).unlink(missing_ok=True)
            self._tree.remove(instance.node)
        if use_existing and not major_change:
            self._write_dicomdir_file(dicomdir, force_implicit)
            return
        # A file whose new File ID is another file's old one is copied to the
        # stage first, so that it is not overwritten before it moves.
        new_ids = {Path(i.FileID) for i in self}
        old_ids = {self._file_id_path(i.node) for i in self if i.SOPInstanceUID not in self._stage["+"]}
        collisions = new_ids & old_ids
        for instance in [i for i in self if self._file_id_path(i.node) in collisions]:
            self._stage["+"][instance.SOPInstanceUID] = instance
            instance._apply_stage("+")
            shutil.copyfile(root / self._file_id_path(instance.node), instance.path)  # type: ignore[operator]
        for instance in self:
            destination = root / instance.FileID
            destination.parent.mkdir(parents=True, exist_ok=True)
            if instance.SOPInstanceUID in self._stage["+"]:
                shutil.copyfile(instance.path, destination)
            else:
                source = root / self._file_id_path(instance.node)  # type: ignore[operator]
                shutil.move(os.fspath(source), os.fspath(destination))
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
        self._write_dicomdir_file(dicomdir, force_implicit)

    def _write_dicomdir_file(self, dicomdir: Path, force_implicit: bool) -> None:
        """Write the DICOMDIR file and load the File-set from it again (a File-set
        we wrote has no orphans: finding one is an error)."""
        with open(dicomdir, "wb") as fp:
            self._write_dicomdir(DicomFileLike(fp), force_implicit=force_implicit)
        self.load(dicomdir, raise_orphans=True)

    def copy(self, path: str | os.PathLike, force_implicit: bool = False) -> FileSet:
        """Write the File-set, with its staged changes, to a new root folder and
        return it loaded from there. This File-set stays as it is, changes staged."""
        path = Path(path)
        if self.path and Path(self.path) == path:
            raise ValueError("Cannot copy the File-set as the 'path' is unchanged")
        self._check_capacity()
        removed = [instance.node for instance in self._stage["-"].values()]
        for node in removed:
            self._tree.remove(node)
        old_ids = []
        for instance in self:
            old_ids.append(instance.ReferencedFileID)
            destination = path / Path(instance.FileID)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(instance.path, destination)
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
        dicomdir = path / "DICOMDIR"
        with open(dicomdir, "wb") as fp:
            self._write_dicomdir(DicomFileLike(fp), copy_safe=True, force_implicit=force_implicit)
        for instance, file_id in zip(self, old_ids):
            instance.node._record.ReferencedFileID = file_id
        for node in removed:
            self._tree.add(node)
        fs = FileSet()
        fs.load(dicomdir, raise_orphans=True)
        return fs

    # Text

    def __str__(self) -> str:
        lines = [
            "DICOM File-set",
            f"  Root directory: {self.path or _NO_VALUE}",
            f"  File-set ID: {self.ID or _NO_VALUE}",
            f"  File-set UID: {self.UID}",
            f"  Descriptor file ID: {self.descriptor_file_id or _NO_VALUE}",
            f"  Descriptor file character set: {self.descriptor_character_set or _NO_VALUE}",
        ]
        if self.is_staged:
            changes = ["DICOMDIR update" if self._ds else "DICOMDIR creation"]
            if self._stage["~"]:
                changes.append("directory structure update")
            for sign, word in (("+", "addition"), ("-", "removal")):
                n = len(self._stage[sign])
                if n:
                    changes.append(f"{n} {word}{'s' if n > 1 else ''}")
            lines.append(f"  Changes staged for write(): {', '.join(changes)}")
        if self._tree.children:
            lines.append("\n  Managed instances:")
            lines.extend(f"    {line}" for line in self._tree.prettify())
        return "\n".join(lines)
