"""DICOM File-sets (PS3.10): reading, changing and writing a DICOMDIR and the files
it indexes.

``FileSet`` is the File-set; ``FileInstance`` one of its SOP Instances;
``RecordNode`` / ``RootNode`` its directory record tree; ``DIRECTORY_RECORDERS``
the functions that make the records of an instance ``FileSet.add`` is given.
"""

from rapidicom.fileset.file_ids import _PREFIXES, generate_filename, is_conformant_file_id
from rapidicom.fileset.fileset import DSPathType, FileSet
from rapidicom.fileset.instance import FileInstance
from rapidicom.fileset.records import (
    _FOUR_LEVEL_SOP_CLASSES,
    _SINGLE_LEVEL_SOP_CLASSES,
    DIRECTORY_RECORDERS,
    _check_dataset,
    _define_assessment,
    _define_empty,
    _define_encap_doc,
    _define_generic_content,
    _define_generic_content_id,
    _define_hanging_protocol,
    _define_image,
    _define_implant,
    _define_implant_assy,
    _define_implant_group,
    _define_key_object_doc,
    _define_palette,
    _define_patient,
    _define_presentation,
    _define_radiotherapy,
    _define_rt_dose,
    _define_rt_plan,
    _define_rt_structure_set,
    _define_rt_treatment_record,
    _define_series,
    _define_spectroscopy,
    _define_sr_document,
    _define_study,
    _define_surface_scan,
    _four_level_record_type,
    _single_level_record_type,
)
from rapidicom.fileset.tree import _LOWER_OFFSET as _LOWER_OFFSET
from rapidicom.fileset.tree import _NEXT_OFFSET as _NEXT_OFFSET
from rapidicom.fileset.tree import RecordNode, RootNode

_FIRST_OFFSET = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_LAST_OFFSET = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"

__all__ = [
    "DIRECTORY_RECORDERS",
    "DSPathType",
    "FileInstance",
    "FileSet",
    "RecordNode",
    "RootNode",
    "generate_filename",
    "is_conformant_file_id",
]
