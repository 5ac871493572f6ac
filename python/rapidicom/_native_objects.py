"""Every Python object the native module holds or calls, handed over in one place.

The extension asks for :func:`objects` the first time it needs one of them (after
``rapidicom`` is imported); each key is a field of ``Objects`` in
``rust/py/registry.rs``.
"""

import os
import zlib
from typing import Any


def objects() -> dict[str, Any]:
    from rapidicom import config, dataelem, dataset, filewriter, multival, sequence, tag, uid, valuerep
    from rapidicom.errors import InvalidDicomError

    return {
        "tag": tag._intern,
        "interned": tag._interned,
        "raw_element": dataelem.RawDataElement,
        "empty_raw_value": dataelem._empty_raw_value,
        "data_element": dataelem.DataElement,
        "multi_value": multival.MultiValue,
        "uid": uid.UID,
        "ds_float": valuerep.DSfloat,
        "is_": valuerep.IS,
        "person_name": valuerep.PersonName,
        "object_new": object.__new__,
        "float_new": float.__new__,
        "int_new": int.__new__,
        "str_new": str.__new__,
        "sequence": sequence.Sequence,
        "read_sequence": dataset._read_sequence,
        "adopt_sequence": dataset._adopt_sequence,
        "prepare_dataset": filewriter._prepare_dataset,
        "encode_value": filewriter._encode_value,
        "with_tag": filewriter._with_tag,
        "warn_long_value": filewriter._warn_long_value,
        "flags_now": config._flags_now,
        "invalid_dicom_error": InvalidDicomError,
        "zlib_error": zlib.error,
        "strerror": os.strerror,
    }
