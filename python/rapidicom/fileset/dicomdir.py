"""Making and encoding a File-set's DICOMDIR: the records are laid out first, so
that each can hold the byte offsets of its next sibling and first child."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from rapidicom._tags import DirectoryRecordSequence, OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity
from rapidicom.dataset import Dataset, FileMetaDataset
from rapidicom.filebase import DicomFileLike
from rapidicom.filewriter import write_data_element, write_dataset, write_file_meta_info
from rapidicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, MediaStorageDirectoryStorage

if TYPE_CHECKING:
    from rapidicom.fileset.fileset import FileSet

_FIRST = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_LAST = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"
_NEXT = "OffsetOfTheNextDirectoryRecord"
_LOWER = "OffsetOfReferencedLowerLevelDirectoryEntity"
# An item's tag and length.
_ITEM_HEADER = 8


def new_dicomdir(fs: FileSet) -> Dataset:
    """A DICOMDIR dataset with `fs`'s identification and no records yet."""
    ds = Dataset()
    ds.filename = None
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPInstanceUID = fs.UID
    ds.file_meta.MediaStorageSOPClassUID = MediaStorageDirectoryStorage
    ds.FileSetID = fs.ID
    setattr(ds, _FIRST, 0)
    setattr(ds, _LAST, 0)
    ds.FileSetConsistencyFlag = 0
    ds.DirectoryRecordSequence = []
    if fs.descriptor_file_id:
        ds.FileSetDescriptorFileID = fs.descriptor_file_id
    if fs.descriptor_character_set:
        ds.SpecificCharacterSetOfFileSetDescriptorFile = fs.descriptor_character_set
    return ds


def write_dicomdir(fs: FileSet, fp: DicomFileLike, copy_safe: bool = False, force_implicit: bool = False) -> None:
    """Encode `fs`'s DICOMDIR to `fp` (which must seek) in Explicit VR Little
    Endian, or Implicit with `force_implicit`. With `copy_safe` a new DICOMDIR
    dataset and copies of the records are written, so `fs` keeps its own."""
    ds = new_dicomdir(fs) if copy_safe or not fs._ds else fs._ds
    syntax = ImplicitVRLittleEndian if force_implicit else ExplicitVRLittleEndian
    ds.file_meta.TransferSyntaxUID = syntax
    fp.is_implicit_VR = force_implicit
    fp.is_little_endian = True
    first, last = ds[_FIRST], ds[_LAST]
    first.value = last.value = 0
    fp.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(fp, ds.file_meta, enforce_standard=True)
    write_dataset(fp, ds[:OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity])
    first_at = fp.tell()
    write_dataset(fp, ds[OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity:DirectoryRecordSequence])
    # The sequence's header: tag, VR and length explicit (12 bytes), or tag and
    # length implicit (8); its items follow.
    offset = fp.tell() + (8 if force_implicit else 12)
    tree = fs._tree
    for node in tree:
        node._offset = offset
        offset += _ITEM_HEADER + node._encode_record(force_implicit)
        if node._record.is_undefined_length_sequence_item:
            offset += _ITEM_HEADER  # the item delimiter
    records = []
    for node in tree:
        if copy_safe:
            record = copy.deepcopy(node._record)
            following = node.next
            record[_NEXT].value = following._offset if following else 0
            record[_LOWER].value = node.children[0]._offset if node.children else 0
        else:
            node._update_record_offsets()
            record = node._record
        records.append(record)
    ds.DirectoryRecordSequence = records
    write_dataset(fp, ds[DirectoryRecordSequence:])
    if tree.children:
        first.value = tree.children[0]._offset
        last.value = tree.children[-1]._offset
        fp.seek(first_at)
        write_data_element(fp, first)
        write_data_element(fp, last)
        fp.seek(0, 2)
