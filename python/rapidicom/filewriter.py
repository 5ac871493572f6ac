"""Writing DICOM (pydicom.filewriter): ``dcmwrite`` and the functions it is made of.

The bytes are made by the native encoder (``_native.encode_dataset``), which walks
the dataset and copies elements that were read and never touched; the choices
pydicom makes per dataset are made here, in ``_prepare_dataset``."""

import copy
import traceback
from typing import Any, NamedTuple

from rapidicom import _native, config
from rapidicom._ambiguous_vr import (  # noqa: F401  (pydicom's filewriter has them)
    _AMBIGUOUS_OB_OW_TAGS,
    _AMBIGUOUS_US_SS_TAGS,
    _OVERLAY_DATA_TAGS,
    _correct_ambiguous_vr_element,
    correct_ambiguous_vr,
    correct_ambiguous_vr_element,
)
from rapidicom._encoders import (  # noqa: F401  (pydicom's value writers)
    _LUT_DESCRIPTOR_TAGS,
    _format_DA,
    _format_DT,
    _format_TM,
    _is_multi_value,
    encode_value,
    multi_string,
    write_ATvalue,
    write_DA,
    write_DT,
    write_number_string,
    write_numbers,
    write_OBvalue,
    write_OWvalue,
    write_PN,
    write_string,
    write_text,
    write_TM,
    write_UI,
    write_UN,
)
from rapidicom._safe_save import refuse_existing, write_file
from rapidicom._tags import FileMetaInformationGroupLength
from rapidicom.charset import convert_encodings, default_encoding
from rapidicom.dataelem import DataElement, RawDataElement
from rapidicom.filebase import DicomBytesIO, DicomFile, DicomFileLike, DicomIO
from rapidicom.fileutil import path_from_pathlike
from rapidicom.misc import warn_and_log
from rapidicom.tag import ItemDelimiterTag, ItemTag, Tag
from rapidicom.uid import (
    UID,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ImplicitVRLittleEndian,
)

__all__ = [
    "correct_ambiguous_vr",
    "correct_ambiguous_vr_element",
    "dcmwrite",
    "write_data_element",
    "write_dataset",
    "write_file_meta_info",
    "DicomBytesIO",
    "DicomFile",
    "DicomFileLike",
    "DicomIO",
]


EncodingType = tuple[bool | None, bool | None]


# -- what the native encoder asks of Python -------------------------------------------


class _Prepared(NamedTuple):
    """How the native writer writes a dataset (read by name: rust/py/writer.rs)."""

    mode: int  # _native.WRITE_AS_READ, WRITE_CONVERT or WRITE_TRANSCODE
    store: Any  # the element store to write from, or None...
    tags: list[Any] | None  # ...and then the dataset's tags, sorted
    getter: Any
    encodings: list[str]


def _prepare_dataset(ds: Any, implicit_vr: bool, little_endian: bool, parent_encoding: Any) -> _Prepared:
    """pydicom's per-dataset decisions: a dataset read in another encoding or
    character set is converted (ambiguous VRs fixed, every element decoded so it
    is encoded afresh); its text is written in its own character set or the
    parent's (see `_Prepared`).

    The modes: as read, convert, or "transcode": only the VR encoding changes,
    so the native writer may copy values that decoding and encoding again would
    give back unchanged (it decodes the others)."""
    from rapidicom.dataset import Dataset

    mode = _native.WRITE_AS_READ
    if (implicit_vr, little_endian) != ds.original_encoding or ds.original_character_set != ds._character_set:
        mode = _native.WRITE_CONVERT
        same_bytes = ds.original_encoding[1] == little_endian and ds.original_character_set == ds._character_set
        if same_bytes and not config._fast_flags & _native.FLAG_CHANGES_VALUES:
            mode = _native.WRITE_TRANSCODE
        correct_ambiguous_vr(ds, little_endian, _decode_all=mode == _native.WRITE_CONVERT)
    charset = ds.get("SpecificCharacterSet", parent_encoding)
    encodings = convert_encodings(charset or [default_encoding])
    getter = ds.get_item if mode == _native.WRITE_AS_READ else ds.__getitem__
    native_getter = Dataset.get_item if mode == _native.WRITE_AS_READ else Dataset.__getitem__
    elements = ds._dict
    if type(elements) is _native.ElementStore and getattr(type(ds), getter.__name__) is native_getter:
        return _Prepared(mode, elements, None, getter, encodings)
    return _Prepared(mode, None, sorted(ds.keys(), key=int), getter, encodings)


def _encode_value(elem: Any, encodings: list[str], implicit_vr: bool, little_endian: bool) -> bytes:
    return encode_value(elem, encodings, little_endian)


def _with_tag(tag: int, exc: BaseException) -> BaseException:
    """pydicom's ``tag_in_exception``: the same exception type, naming the tag."""
    stack_trace = "".join(traceback.format_exception(exc))
    wrapped = type(exc)(f"With tag {Tag(tag)} got exception: {exc}\n{stack_trace}")
    wrapped.__cause__ = exc
    return wrapped


def _warn_long_value(tag: int, vr: str | None) -> None:
    warn_and_log(
        f"The value for the data element {Tag(tag)} exceeds the size of 64 kByte and cannot "
        f"be written in an explicit transfer syntax. The data element VR is changed from "
        f"'{vr}' to 'UN' to allow saving the data."
    )


# -- pydicom's public building blocks -------------------------------------------------


def _fp_encoding(fp: Any) -> tuple[Any, Any]:
    return getattr(fp, "_implicit_vr", None), getattr(fp, "_little_endian", None)


def write_data_element(
    fp: DicomIO,
    elem: DataElement | RawDataElement,
    encodings: str | list[str] | None = None,
) -> None:
    """Encode one element in `fp`'s encoding and write it to `fp`."""
    encodings = convert_encodings(encodings or [default_encoding])
    fp.write(_native.encode_element(elem, fp.is_implicit_VR, fp.is_little_endian, encodings))


def write_dataset(fp: DicomIO, dataset: Any, parent_encoding: str | list[str] = default_encoding) -> int:
    """Encode `dataset` in `fp`'s encoding (else the dataset's own, else the one it
    was read with) and write it to `fp`; returns the number of bytes written."""
    fp_encoding = _fp_encoding(fp)
    ds_encoding: tuple[Any, Any] = (None, None)
    if not config._use_future:
        ds_encoding = (dataset.is_implicit_VR, dataset.is_little_endian)
    or_encoding = dataset.original_encoding
    if None in fp_encoding and None in ds_encoding and None in or_encoding:
        raise AttributeError("'fp.is_implicit_VR' and 'fp.is_little_endian' attributes are required ")
    if None in fp_encoding:
        fp_encoding = ds_encoding if None not in ds_encoding else or_encoding
    fp.is_implicit_VR, fp.is_little_endian = fp_encoding
    written = 0
    for part in _native.encode_dataset(dataset, fp_encoding[0], fp_encoding[1], parent_encoding):
        fp.write(part)
        written += len(part)
    return written


def write_sequence(fp: DicomIO, elem: DataElement, encodings: list[str]) -> None:
    """The items of the sequence `elem` (its header is written by the caller)."""
    for item in elem.value:
        write_sequence_item(fp, item, encodings)


def write_sequence_item(fp: DicomIO, dataset: Any, encodings: list[str]) -> None:
    """One item: its header, `dataset`, then an item delimiter if the item was
    of undefined length, else the item's length filled in."""
    fp.write_tag(ItemTag)
    length_at = fp.tell()
    fp.write_UL(0xFFFFFFFF)
    write_dataset(fp, dataset, parent_encoding=encodings)
    if getattr(dataset, "is_undefined_length_sequence_item", False):
        fp.write_tag(ItemDelimiterTag)
        fp.write_UL(0)
    else:
        end = fp.tell()
        fp.seek(length_at)
        fp.write_UL(end - length_at - 4)
        fp.seek(end)


# pydicom's map of each VR to its writer (and, for numbers, the struct code).
writers: dict[str, tuple[Any, str | None]] = {
    "AE": (write_string, None),
    "AS": (write_string, None),
    "AT": (write_ATvalue, None),
    "CS": (write_string, None),
    "DA": (write_DA, None),
    "DS": (write_number_string, None),
    "DT": (write_DT, None),
    "FD": (write_numbers, "d"),
    "FL": (write_numbers, "f"),
    "IS": (write_number_string, None),
    "LO": (write_text, None),
    "LT": (write_text, None),
    "OB": (write_OBvalue, None),
    "OD": (write_OWvalue, None),
    "OF": (write_OWvalue, None),
    "OL": (write_OWvalue, None),
    "OW": (write_OWvalue, None),
    "OV": (write_OWvalue, None),
    "PN": (write_PN, None),
    "SH": (write_text, None),
    "SL": (write_numbers, "l"),
    "SQ": (write_sequence, None),
    "SS": (write_numbers, "h"),
    "ST": (write_text, None),
    "SV": (write_numbers, "q"),
    "TM": (write_TM, None),
    "UC": (write_text, None),
    "UI": (write_UI, None),
    "UL": (write_numbers, "L"),
    "UN": (write_UN, None),
    "UR": (write_string, None),
    "US": (write_numbers, "H"),
    "UT": (write_text, None),
    "UV": (write_numbers, "Q"),
    "US or SS": (write_OWvalue, None),
    "US or OW": (write_OWvalue, None),
    "US or SS or OW": (write_OWvalue, None),
    "OB or OW": (write_OBvalue, None),
}


def _encode_file_meta(file_meta: Any) -> bytes:
    """Group 2 as written (explicit VR little endian), with (0002,0000) holding the
    length of what follows it. `file_meta` itself is not changed."""
    data = b"".join(_native.encode_dataset(file_meta, False, True, default_encoding))
    if FileMetaInformationGroupLength in file_meta._dict:
        vr = file_meta[FileMetaInformationGroupLength].VR
        length = DataElement(FileMetaInformationGroupLength, vr, len(data) - 12)
        head = _native.encode_element(length, False, True, [default_encoding])
        data = head + data[len(head) :]
    return data


def write_file_meta_info(fp: DicomIO, file_meta: Any, enforce_standard: bool = True) -> None:
    """Write the File Meta Information group to `fp` (explicit VR little endian).
    With `enforce_standard` the required elements are added or checked, and the
    group length is added; a group length present is updated."""
    from rapidicom.dataset import validate_file_meta

    validate_file_meta(file_meta, enforce_standard)
    if enforce_standard and "FileMetaInformationGroupLength" not in file_meta:
        file_meta.FileMetaInformationGroupLength = 0
    data = _encode_file_meta(file_meta)
    if "FileMetaInformationGroupLength" in file_meta:
        file_meta.FileMetaInformationGroupLength = len(data) - 12
    fp.write(data)


def _determine_encoding(
    ds: Any,
    tsyntax: UID | None,
    implicit_vr: bool | None,
    little_endian: bool | None,
    force_encoding: bool,
) -> tuple[bool, bool]:
    """The encoding to write `ds` in: forced, else the transfer syntax's, else the
    arguments', the dataset's or the one it was read with (pydicom's order)."""
    arg_encoding = (implicit_vr, little_endian)
    if force_encoding:
        if None in arg_encoding:
            raise ValueError("'implicit_vr' and 'little_endian' are required if 'force_encoding' is used")
        return arg_encoding  # type: ignore[return-value]
    if implicit_vr is not None and little_endian is None:
        arg_encoding = (implicit_vr, True)
    ds_encoding: tuple[Any, Any] = (None, None)
    if not config._use_future:
        ds_encoding = (ds.is_implicit_VR, ds.is_little_endian)
    fallback: tuple[Any, Any] = (None, None)
    for candidate in (arg_encoding, ds_encoding, ds.original_encoding):
        if None not in candidate:
            fallback = candidate
            break
    if tsyntax is None:
        if None not in fallback:
            return fallback
        raise ValueError(
            "Unable to determine the encoding to use for writing the dataset, please set the "
            "file meta's Transfer Syntax UID or use the 'implicit_vr' and 'little_endian' arguments"
        )
    if tsyntax.is_private and not tsyntax.is_transfer_syntax:
        if None in fallback:
            raise ValueError(
                "The 'implicit_vr' and 'little_endian' arguments are required when using a private transfer syntax"
            )
        return fallback
    if not tsyntax.is_transfer_syntax:
        raise ValueError(f"The Transfer Syntax UID '{tsyntax.name}' is not a valid transfer syntax")
    if implicit_vr is not None and implicit_vr != tsyntax.is_implicit_VR:
        raise ValueError(
            f"The 'implicit_vr' value is not consistent with the required VR encoding for the '{tsyntax.name}' transfer syntax"
        )
    if little_endian is not None and little_endian != tsyntax.is_little_endian:
        raise ValueError(
            f"The 'little_endian' value is not consistent with the required endianness for the '{tsyntax.name}' transfer syntax"
        )
    return tsyntax.is_implicit_VR, tsyntax.is_little_endian


def _write_like_original_argument(positional: bool | None, kwargs: dict[str, Any]) -> bool | None:
    """The deprecated `write_like_original` (positional or keyword), with pydicom
    3.0's checks and warning."""
    keyword = kwargs.pop("write_like_original", None)
    if positional is not None and keyword is not None:
        if config._use_future:
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword argument, "
                "use 'enforce_file_format' instead"
            )
        raise TypeError("'write_like_original' cannot be used as both a positional and keyword argument")
    value = keyword if keyword is not None else positional
    if value is not None:
        if config._use_future:
            raise TypeError(
                "'write_like_original' is no longer accepted as a positional or keyword argument, "
                "use 'enforce_file_format' instead"
            )
        warn_and_log(
            "'write_like_original' is deprecated and will be removed in v4.0, please use 'enforce_file_format' instead",
            DeprecationWarning,
        )
    if kwargs:
        raise TypeError(f"Invalid keyword argument(s) for dcmwrite(): {', '.join(kwargs)}")
    return value


def _file_meta_to_write(dataset: Any, enforce: bool) -> Any:
    """The file meta to write from: pydicom works on a deep copy so that writing
    never changes the dataset's own. A group read as explicit VR little endian is
    only read here (and the group length computed aside), so it needs no copy."""
    from rapidicom.dataset import FileMetaDataset

    meta = getattr(dataset, "file_meta", None)
    if meta is None:
        return FileMetaDataset()
    if enforce or meta.original_encoding != (False, True):
        return copy.deepcopy(meta)
    return meta


def dcmwrite(
    filename: Any,
    dataset: Any,
    /,
    _write_like_original: bool | None = None,
    *,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    enforce_file_format: bool = False,
    force_encoding: bool = False,
    overwrite: bool = True,
    **kwargs: Any,
) -> None:
    """Write `dataset` to a path, ``pathlib.Path`` or writeable file-like, as
    pydicom 3.0 does (see its documentation for the rules). A path is written
    through a temporary file renamed into place, so a failed write leaves any
    existing file intact."""
    write_like_original = _write_like_original_argument(_write_like_original, kwargs)
    if write_like_original is not None:
        enforce_file_format = not write_like_original
    cls_name = type(dataset).__name__
    groups = _command_and_meta_groups(dataset._dict)
    if 0 in groups:
        raise ValueError(
            "Command Set elements (0000,eeee) are not allowed when using dcmwrite(), use write_dataset() instead"
        )
    if groups:
        raise ValueError(
            "File Meta Information Group elements (0002,eeee) must be in a FileMetaDataset "
            f"instance in the '{cls_name}.file_meta' attribute"
        )
    if force_encoding and enforce_file_format:
        raise ValueError("'force_encoding' cannot be used with 'enforce_file_format'")

    file_meta = _file_meta_to_write(dataset, enforce_file_format)
    tsyntax: UID | None = file_meta.get("TransferSyntaxUID", None)
    encoding = _determine_encoding(dataset, tsyntax, implicit_vr, little_endian, force_encoding)
    if not force_encoding and encoding == (True, False):
        raise ValueError("Implicit VR and big endian is not a valid encoding combination")
    preamble = getattr(dataset, "preamble", None)
    if preamble and len(preamble) != 128:
        raise ValueError(f"'{cls_name}.preamble' must be 128-bytes long")

    if enforce_file_format:
        _complete_file_meta(dataset, file_meta, tsyntax, encoding)
        tsyntax = file_meta.get("TransferSyntaxUID", None)
        if not preamble:
            preamble = b"\x00" * 128
    if tsyntax and not tsyntax.is_private and tsyntax.is_transfer_syntax and "PixelData" in dataset:
        # PS3.5 A.4: encapsulated pixel data has undefined length, native defined.
        dataset["PixelData"].is_undefined_length = tsyntax.is_compressed

    target = path_from_pathlike(filename)
    if not isinstance(target, str) and not hasattr(target, "write"):
        raise TypeError(
            f"dcmwrite: Expected a file path, file-like or writeable buffer, but got {type(target).__name__}"
        )
    if isinstance(target, str) and not overwrite:
        refuse_existing(target)

    parts: list[Any] = []
    if preamble:
        parts += [preamble, b"DICM"]
    if file_meta:
        from rapidicom.dataset import validate_file_meta

        validate_file_meta(file_meta, enforce_standard=enforce_file_format)
        if enforce_file_format and "FileMetaInformationGroupLength" not in file_meta:
            file_meta.FileMetaInformationGroupLength = 0
        parts.append(_encode_file_meta(file_meta))
    body = _native.encode_dataset(dataset, encoding[0], encoding[1], default_encoding)
    if tsyntax == DeflatedExplicitVRLittleEndian:
        body = [_native.deflate(b"".join(body))]
    parts += body

    # Everything is encoded before the first byte is written.
    if isinstance(target, str):
        write_file(target, parts, overwrite, sync=config.sync_saves)
        return
    if getattr(target, "closed", False):
        raise ValueError("I/O operation on closed file.")
    for part in parts:
        target.write(part)


def _command_and_meta_groups(elements: Any) -> set[int]:
    """Which of groups 0 and 2 the dataset's elements use (neither may be there)."""
    tags = elements.tags() if type(elements) is _native.ElementStore else [int(t) for t in elements]
    if not tags or min(tags) >= 0x00030000:
        return set()
    return {tag >> 16 for tag in tags if tag >> 16 in (0, 2)}


def _complete_file_meta(dataset: Any, file_meta: Any, tsyntax: UID | None, encoding: tuple[bool, bool]) -> None:
    """``enforce_file_format``: fill in the transfer syntax (where the encoding
    names one) and the SOP Class/Instance UIDs from the dataset, then check."""
    from rapidicom.dataset import validate_file_meta

    if tsyntax is None:
        if encoding == (True, True):
            file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
        elif encoding == (False, False):
            file_meta.TransferSyntaxUID = ExplicitVRBigEndian
    meta_class = file_meta.get("MediaStorageSOPClassUID", None)
    ds_class = dataset.get("SOPClassUID", None)
    if meta_class is None or (ds_class and ds_class != meta_class):
        file_meta.MediaStorageSOPClassUID = ds_class
    meta_instance = file_meta.get("MediaStorageSOPInstanceUID", None)
    ds_instance = dataset.get("SOPInstanceUID", None)
    if meta_instance is None or (ds_instance and ds_instance != meta_instance):
        file_meta.MediaStorageSOPInstanceUID = ds_instance
    validate_file_meta(file_meta, enforce_standard=True)
