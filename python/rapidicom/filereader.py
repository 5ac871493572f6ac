"""Reading DICOM files: :func:`dcmread` and the pieces pydicom exposes with it.

The bytes are read and parsed by the native module with the GIL released; the
datasets returned are views over that parse (elements become Python objects when
used), so reading costs little beyond the I/O.
"""

import io
import itertools
import os
import struct
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO

from rapidicom import _native, config
from rapidicom.charset import default_encoding
from rapidicom.dataelem import RawDataElement
from rapidicom.dataset import Dataset, FileDataset, FileMetaDataset, _settle_charset
from rapidicom.errors import InvalidDicomError
from rapidicom.fileutil import PathType, path_from_pathlike
from rapidicom.misc import size_in_bytes, warn_and_log
from rapidicom.sequence import Sequence
from rapidicom.tag import BaseTag, Tag, TagListType
from rapidicom.uid import PrivateTransferSyntaxes



class DicomBytesIO(io.BytesIO):
    """An in-memory DICOM stream (a BytesIO that can carry a ``name``)."""

    name: str | None = None


def _issue_parse_warnings(found: list[tuple[str, str, str]], name: str | None) -> None:
    """Issue, in pydicom's words, the warnings the native reader collected."""
    for kind, expected, actual in found:
        if kind == "vr_switch":
            warn_and_log(f"Expected {expected} VR, but found {actual} VR - using {actual} VR for reading", UserWarning)
        else:
            where = name or "<no filename>"
            warn_and_log(f"End of file reached before delimiter (FFFE,E0DD) found in file {where}", UserWarning)


def _private_syntaxes() -> list[tuple[str, bool, bool]]:
    return [
        (str(uid), uid.is_implicit_VR, uid.is_little_endian)
        for uid in PrivateTransferSyntaxes
        if hasattr(uid, "_PRIVATE_TS_ENCODING")
    ]


def dcmread(
    fp: Any,
    defer_size: str | int | float | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: TagListType | None = None,
) -> FileDataset:
    """Read a DICOM file: a path, ``pathlib.Path``, bytes-like object, or a binary
    file-like object (read from its current position).

    ``force=True`` reads data without the 128-byte preamble and 'DICM' prefix;
    ``stop_before_pixels`` stops at the pixel data; ``specific_tags`` keeps only
    those top-level elements (and the character set); values longer than
    ``defer_size`` are read from the file only when used.
    """
    fp = path_from_pathlike(fp)
    name: str | None = None
    if isinstance(fp, str):
        source: Any = fp
        name = fp
        origin: Any = fp
    elif isinstance(fp, bytes | bytearray | memoryview):
        source = bytes(fp)
        origin = source
    elif fp is None or not all(hasattr(fp, attr) for attr in ("read", "seek", "tell")):
        raise TypeError(
            "dcmread: Expected a file path, file-like or readable buffer, "
            f"but got {type(fp).__name__}"
        )
    else:
        name = getattr(fp, "name", None)
        source = fp.read()
        origin = fp
        if not isinstance(source, bytes):
            source = bytes(source)
    parsed = _native.read(source, _read_arguments(force, stop_before_pixels, specific_tags, defer_size))
    return _file_dataset(parsed, origin, name)


def _read_arguments(force: bool, stop_before_pixels: bool, specific_tags: Any, defer_size: Any) -> tuple[Any, ...]:
    """The native reader's options (one tuple), from dcmread's arguments and config."""
    tags = sorted(int(Tag(t)) for t in specific_tags) if specific_tags else None
    limit = size_in_bytes(defer_size)
    settings = config.settings
    return (
        force,
        stop_before_pixels,
        tags,
        None if limit is None else int(limit),
        settings.reading_validation_mode == config.RAISE,
        settings._infer_sq_for_un_vr,
        config.replace_un_with_known_vr,
        config.assume_implicit_vr_switch,
        _private_syntaxes() if PrivateTransferSyntaxes else [],
    )


def _file_dataset(parsed: tuple[Any, ...], origin: Any, name: str | None) -> FileDataset:
    """The FileDataset for what the native reader returned."""
    preamble, meta_store, command_store, data_store, (implicit_vr, little_endian, deflated), mtime, found = parsed
    if found:
        _issue_parse_warnings(found, name)

    file_meta = FileMetaDataset._from_reader(meta_store, meta_store.encoding[0])
    if deflated:
        # As pydicom: the dataset's source is the inflated data, in memory.
        origin = DicomBytesIO(data_store.buffer_bytes())
        origin.name = name
    if type(origin) is str:
        ds = FileDataset._from_reader(data_store, file_meta, preamble, origin, None, implicit_vr, little_endian, mtime)
    elif type(origin) is bytes:
        ds = FileDataset._from_reader(data_store, file_meta, preamble, None, origin, implicit_vr, little_endian, None)
    else:
        ds = FileDataset(origin, data_store, preamble, file_meta, implicit_vr, little_endian, _timestamp=mtime)
        _settle_charset(ds)
    if len(command_store):
        ds.update({BaseTag(t): command_store[t] for t in command_store.tags()})
    return ds


def read_many(
    paths: Iterable[PathType],
    *,
    stop_before_pixels: bool = False,
    specific_tags: TagListType | None = None,
    defer_size: str | int | float | None = None,
    force: bool = False,
    threads: int | None = None,
    return_exceptions: bool = False,
) -> Iterator[Any]:
    """Read many files, yielding a FileDataset for each (in order).

    Files are read and parsed in batches on `threads` native threads (default:
    one per core) with the GIL released, so this uses all cores where a loop over
    :func:`dcmread` cannot; the next batch is read while the caller works on the
    datasets of the current one. A file that fails raises its exception, or with
    ``return_exceptions=True`` is yielded as the exception instance.
    """
    it = iter(paths)

    def submit(pool: ThreadPoolExecutor, size: int) -> Future | None:
        # Paths are taken and options read here, in the caller's thread (the
        # configuration can be overridden per thread).
        batch = [os.fspath(p) for p in itertools.islice(it, size)]
        if not batch:
            return None
        arguments = _read_arguments(force, stop_before_pixels, specific_tags, defer_size)
        return pool.submit(lambda: (batch, _native.read_many(batch, threads or 0, arguments)))

    with ThreadPoolExecutor(1, thread_name_prefix="rapidicom-read-many") as pool:
        # A small first batch, so the first dataset comes soon.
        pending = submit(pool, _FIRST_BATCH)
        while pending is not None:
            batch, results = pending.result()
            pending = submit(pool, _BATCH)
            for i, path in enumerate(batch):
                # Let go of each result as it is handed out, so a dataset the
                # caller drops is freed then, with the values it made (kept
                # alive by the batch, they would outlive the GC's young
                # generations and make its full collections come often).
                result, results[i] = results[i], None
                if isinstance(result, BaseException):
                    if not return_exceptions:
                        raise result
                    yield result
                else:
                    yield _file_dataset(result, path, path)


_FIRST_BATCH, _BATCH = 32, 256


def read_file_meta_info(filename: PathType) -> FileMetaDataset:
    """Only the File Meta Information of a file (the preamble is required)."""
    return dcmread(filename, stop_before_pixels=True).file_meta


def read_preamble(fp: BinaryIO, force: bool) -> bytes | None:
    """Read the 128-byte preamble and check 'DICM' (rewinding if forced)."""
    preamble = fp.read(128)
    if fp.read(4) != b"DICM":
        if force:
            fp.seek(0)
            return None
        raise InvalidDicomError(
            "File is missing DICOM File Meta Information header or the 'DICM' "
            "prefix is missing from the header. Use force=True to force reading."
        )
    return preamble


def data_element_offset_to_value(is_implicit_VR: bool, VR: str | None) -> int:
    """The size of an element's header: what is between its start and its value."""
    from rapidicom.valuerep import EXPLICIT_VR_LENGTH_32

    if is_implicit_VR or VR is None:
        return 8
    return 12 if VR in EXPLICIT_VR_LENGTH_32 else 8


def read_deferred_data_element(
    fileobj_type: Any, filename_or_obj: Any, timestamp: float | None, raw_data_elem: RawDataElement
) -> RawDataElement:
    """Read the value of an element that was deferred (``defer_size``)."""
    if filename_or_obj is None:
        raise OSError("Deferred read -- original filename not stored. Cannot re-open")
    is_filename = isinstance(filename_or_obj, str)
    if is_filename:
        if not os.path.exists(filename_or_obj):
            raise OSError(f"Deferred read -- original file {filename_or_obj} is missing")
        if timestamp is not None and os.stat(filename_or_obj).st_mtime != timestamp:
            warn_and_log("Deferred read warning -- file modification time has changed")
    raw = raw_data_elem
    header = data_element_offset_to_value(raw.is_implicit_VR, raw.VR)
    fp = fileobj_type(filename_or_obj, "rb") if is_filename else filename_or_obj
    try:
        fp.seek(raw.value_tell - header)
        head = fp.read(header)
        if raw.length == 0xFFFFFFFF:
            # Up to the sequence delimiter, which follows the value.
            rest = fp.read()
            delimiter = b"\xfe\xff\xdd\xe0" if raw.is_little_endian else b"\xff\xfe\xe0\xdd"
            end = rest.find(delimiter)
            value = rest if end < 0 else rest[:end]
        else:
            value = fp.read(raw.length)
    finally:
        if is_filename:
            fp.close()
    order = "<" if raw.is_little_endian else ">"
    group, elem = struct.unpack(f"{order}HH", head[:4])
    tag = BaseTag(group << 16 | elem)
    if tag != raw.tag:
        raise ValueError(f"Deferred read tag {tag!r} does not match original {raw.tag!r}")
    if not raw.is_implicit_VR and raw.VR is not None and head[4:6].decode(default_encoding) != raw.VR:
        found = head[4:6].decode(default_encoding)
        raise ValueError(f"Deferred read VR {found} does not match original {raw.VR}")
    return raw._replace(value=value)


__all__ = ["dcmread", "read_many", "read_file_meta_info", "read_preamble", "read_deferred_data_element"]
