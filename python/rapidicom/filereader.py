"""Reading DICOM files: :func:`dcmread` and the pieces pydicom exposes with it.

The bytes are read and parsed by the native module with the GIL released; the
datasets returned are views over that parse (elements become Python objects when
used), so reading costs little beyond the I/O. pydicom's lower-level readers
(``read_dataset``, ``read_partial``, ...) parse natively too where they can;
``data_element_generator`` and callbacks the native reader does not know read
element by element (``_element_stream``).
"""

import io
import itertools
import logging
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO

from rapidicom import _native, config
from rapidicom import uid as _uid
from rapidicom._element_stream import (  # noqa: F401  (pydicom's filereader has them)
    ENCODED_VR,
    _is_implicit_vr,
    data_element_generator,
    read_dataset_streamed,
    read_sequence,
    read_sequence_item,
)
from rapidicom._tags import DoubleFloatPixelData, FloatPixelData, PixelData
from rapidicom.charset import default_encoding
from rapidicom.dataelem import RawDataElement
from rapidicom.dataset import Dataset, FileDataset, FileMetaDataset, _settle_charset
from rapidicom.errors import InvalidDicomError
from rapidicom.filebase import DicomBytesIO
from rapidicom.fileutil import PathType, path_from_pathlike
from rapidicom.misc import size_in_bytes, warn_and_log
from rapidicom.tag import BaseTag, Tag, TagListType
from rapidicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, ImplicitVRLittleEndian
from rapidicom.valuerep import EXPLICIT_VR_LENGTH_32


def _issue_parse_warnings(found: list[_native.ParseWarning], name: str | None) -> None:
    """Issue, in pydicom's words, the warnings the native reader collected."""
    for warning in found:
        if warning.kind == "vr_switch":
            expected, actual = warning.expected, warning.found
            warn_and_log(f"Expected {expected} VR, but found {actual} VR - using {actual} VR for reading", UserWarning)
        else:
            where = name or "<no filename>"
            warn_and_log(f"End of file reached before delimiter (FFFE,E0DD) found in file {where}", UserWarning)


def _private_syntaxes() -> list[tuple[str, bool, bool]]:
    return [
        (str(uid), uid.is_implicit_VR, uid.is_little_endian)
        for uid in _uid.PrivateTransferSyntaxes  # read each time: programs rebind it
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
    ``defer_size`` are read from the file only when used. A file-like is left
    where pydicom leaves it: at the end, or at the start of the pixel data
    element with ``stop_before_pixels``.
    """
    fp = path_from_pathlike(fp)
    if config.debugging:
        return _read_logging_each_element(fp, defer_size, stop_before_pixels, force, specific_tags)
    logged = config.logger.isEnabledFor(logging.DEBUG)
    if logged:
        config.logger.debug("Reading File Meta Information preamble...")
        config.logger.debug("Reading File Meta Information prefix...")
    if isinstance(fp, str):
        ds = _read_path(fp, defer_size, stop_before_pixels, force, specific_tags)
    elif isinstance(fp, bytes | bytearray | memoryview):
        source = bytes(fp)
        parsed = _native.read(source, _read_options(force, stop_before_pixels, specific_tags, defer_size))
        ds = _file_dataset(parsed, source, None)
    elif fp is None or not all(hasattr(fp, attr) for attr in ("read", "seek", "tell")):
        raise TypeError(f"dcmread: Expected a file path, file-like or readable buffer, but got {type(fp).__name__}")
    else:
        ds = _read_file_like(fp, stop_before_pixels, force, specific_tags, defer_size)
    if logged and ds.preamble is not None:
        config.logger.debug("00000080: 'DICM' prefix found")
    elif ds.preamble is None:
        _log_missing_preamble()
    return ds


def _read_path(
    path: str,
    defer_size: str | int | float | None,
    stop_before_pixels: bool,
    force: bool,
    specific_tags: TagListType | None,
) -> FileDataset:
    """Read the file at `path` natively; a file only Python's ``open`` can see (a
    virtual file system such as pyfakefs, which tests use) is read through it."""
    try:
        parsed = _native.read(path, _read_options(force, stop_before_pixels, specific_tags, defer_size))
    except FileNotFoundError:
        try:
            f = open(path, "rb")
        except OSError:
            raise FileNotFoundError(2, "No such file or directory", path) from None
        with f:
            ds = _read_file_like(f, stop_before_pixels, force, specific_tags, defer_size)
        ds.filename = path
        return ds
    return _file_dataset(parsed, path, path)


def _log_missing_preamble() -> None:
    config.logger.info(
        "File is not conformant with the DICOM File Format: 'DICM' prefix is "
        "missing from the File Meta Information header or the header itself is "
        "missing. Assuming no header and continuing."
    )


def _read_logging_each_element(
    fp: Any, defer_size: Any, stop_before_pixels: bool, force: bool, specific_tags: Any
) -> FileDataset:
    """dcmread with ``config.debugging`` on: read element by element, each logged
    as pydicom logs it (slower; for finding out where a file goes wrong)."""
    log = config.logger
    owned = isinstance(fp, str)
    if isinstance(fp, bytes | bytearray | memoryview):
        fp = DicomBytesIO(bytes(fp))
    elif not owned and (fp is None or not all(hasattr(fp, attr) for attr in ("read", "seek", "tell"))):
        raise TypeError(f"dcmread: Expected a file path, file-like or readable buffer, but got {type(fp).__name__}")
    log.debug("\n" + "-" * 80)
    log.debug("Call to dcmread()")
    log.debug(
        f"filename: {fp if owned else getattr(fp, 'name', '<none>')}, defer_size={defer_size}, "
        f"stop_before_pixels={stop_before_pixels}, force={force}, specific_tags={specific_tags}"
    )
    log.debug("Caller passed file name" if owned else "Caller passed file object")
    log.debug("-" * 80)
    tags = [Tag(t) for t in specific_tags] if specific_tags else None
    stream = open(fp, "rb") if owned else fp
    try:
        return read_partial(
            stream,
            _at_pixel_data if stop_before_pixels else None,
            defer_size=size_in_bytes(defer_size),
            force=force,
            specific_tags=tags,
        )
    finally:
        if owned:
            stream.close()


def _read_file_like(fp: Any, stop_at_pixels: bool, force: bool, specific_tags: Any, defer_size: Any) -> FileDataset:
    """dcmread of a file-like, from its position."""
    start = fp.tell()
    source = fp.read()
    if not isinstance(source, bytes):
        source = bytes(source)
    if force and start and source[128:132] != b"DICM":
        # pydicom rewinds to the very start when there is no preamble there.
        fp.seek(0)
        start, source = 0, bytes(fp.read())
    parsed = _native.read(source, _read_options(force, stop_at_pixels, specific_tags, defer_size))
    if not parsed.deflated and parsed.dataset_end < len(source):
        # Where pydicom stops: at the pixel data element (stop_before_pixels),
        # or where a value without its delimiter starts.
        fp.seek(start + parsed.dataset_end)
    return _file_dataset(parsed, fp, getattr(fp, "name", None))


def _read_options(force: bool, stop_before_pixels: bool, specific_tags: Any, defer_size: Any) -> _native.ReadOptions:
    """The native reader's options, from dcmread's arguments and config (the
    common ones made once: they are immutable)."""
    settings = config.settings
    strict = settings.reading_validation_mode == config.RAISE
    if not specific_tags and defer_size is None and not _uid.PrivateTransferSyntaxes:
        key = (
            force,
            stop_before_pixels,
            strict,
            settings._infer_sq_for_un_vr,
            config.replace_un_with_known_vr,
            config.assume_implicit_vr_switch,
        )
        made = _COMMON_OPTIONS.get(key)
        if made is None:
            made = _COMMON_OPTIONS[key] = _native.ReadOptions(
                force=force,
                stop_before_pixels=stop_before_pixels,
                strict=strict,
                infer_sq_for_un_vr=key[3],
                replace_un_with_known_vr=key[4],
                assume_implicit_vr_switch=key[5],
            )
        return made
    tags = sorted(int(Tag(t)) for t in specific_tags) if specific_tags else None
    limit = size_in_bytes(defer_size)
    return _native.ReadOptions(
        force=force,
        stop_before_pixels=stop_before_pixels,
        specific_tags=tags,
        defer_size=None if limit is None else int(limit),
        strict=strict,
        infer_sq_for_un_vr=settings._infer_sq_for_un_vr,
        replace_un_with_known_vr=config.replace_un_with_known_vr,
        assume_implicit_vr_switch=config.assume_implicit_vr_switch,
        private_syntaxes=_private_syntaxes() if _uid.PrivateTransferSyntaxes else [],
    )


# ReadOptions without specific tags, deferral or private syntaxes, by their flags.
_COMMON_OPTIONS: dict[tuple[Any, ...], _native.ReadOptions] = {}


def _file_dataset(parsed: _native.ReadResult, origin: Any, name: str | None) -> FileDataset:
    """The FileDataset for what the native reader returned."""
    preamble, meta_store, command_store, data_store = parsed.preamble, parsed.meta, parsed.command, parsed.dataset
    implicit_vr, little_endian, mtime, found = parsed.implicit_vr, parsed.little_endian, parsed.mtime, parsed.warnings
    if found:
        _issue_parse_warnings(found, name)

    file_meta = FileMetaDataset._from_reader(meta_store, meta_store.encoding[0])
    if parsed.deflated:
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
        arguments = _read_options(force, stop_before_pixels, specific_tags, defer_size)
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


def _at_pixel_data(tag: BaseTag, vr: str | None, length: int) -> bool:
    """pydicom's ``stop_when`` for ``stop_before_pixels``: at (Float/Double
    Float) Pixel Data."""
    return tag in _PIXEL_DATA_TAGS


_PIXEL_DATA_TAGS = {PixelData, DoubleFloatPixelData, FloatPixelData}


class _OutsideGroup:
    """A ``stop_when`` that stops at the first element of another group (the
    file meta and command set readers'); the native reader knows it."""

    def __init__(self, group: int) -> None:
        self.group = group

    def __call__(self, tag: BaseTag, vr: str | None, length: int) -> bool:
        return tag >> 16 != self.group


_not_group_0000, _not_group_0002 = _OutsideGroup(0x0000), _OutsideGroup(0x0002)


def _native_stop(stop_when: Any) -> tuple[int | None, bool] | None:
    """(stop group, stop at pixels) for a ``stop_when`` the native reader knows,
    None for any other callback (and when debugging: the element-by-element
    reader logs each element)."""
    if config.debugging:
        return None
    if stop_when is None:
        return None, False
    if stop_when is _at_pixel_data:
        return None, True
    if isinstance(stop_when, _OutsideGroup):
        return stop_when.group, False
    return None


def read_dataset(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: str | int | float | None = None,
    parent_encoding: str | MutableSequence[str] = default_encoding,
    specific_tags: list[BaseTag | int] | None = None,
    at_top_level: bool = True,
) -> Dataset:
    """The dataset at `fp`'s position: up to `bytelength` bytes of it, or to the
    end of the data or an item delimiter, or (``stop_when(tag, VR, length)``)
    to where the callback says. `fp` is left where reading ended. The encoding
    is checked against the first element (pydicom warns when it differs at top
    level); text is decoded with `parent_encoding` unless the dataset has a
    Specific Character Set.

    Parsed in Rust when the rest of `fp` can be had as bytes and `stop_when` is
    one the native reader knows (none, or pydicom's own); element by element
    otherwise."""
    stop = _native_stop(stop_when)
    if stop is not None:
        data = _rest_of(fp)
        if data is not None:
            return _read_dataset_natively(
                fp, data, is_implicit_VR, is_little_endian, bytelength, stop, defer_size,
                parent_encoding, specific_tags, at_top_level,
            )  # fmt: skip
    return read_dataset_streamed(
        fp, is_implicit_VR, is_little_endian, bytelength, stop_when, defer_size,
        parent_encoding, specific_tags, at_top_level,
    )  # fmt: skip


def _rest_of(fp: Any) -> tuple[bytes, int] | None:
    """(bytes, offset of `fp`'s position in them) holding what `fp` has from its
    position on, at offsets equal to `fp`'s; None where that needs more than a
    read of what is left."""
    start = fp.tell()
    getvalue = getattr(fp, "getvalue", None)
    if getvalue is not None and not isinstance(fp, io.TextIOBase):
        data = getvalue()
        if isinstance(data, bytes):
            return data, start
    if start == 0:
        data = fp.read()
        return (data if isinstance(data, bytes) else bytes(data)), 0
    return None


def _read_dataset_natively(
    fp: Any,
    data: tuple[bytes, int],
    implicit_vr: bool,
    little_endian: bool,
    bytelength: int | None,
    stop: tuple[int | None, bool],
    defer_size: Any,
    parent_encoding: Any,
    specific_tags: Any,
    at_top_level: bool,
) -> Dataset:
    source, start = data
    options = _read_options(False, False, specific_tags, defer_size)
    read = _native.read_dataset(
        source, start, implicit_vr, little_endian, bytelength, stop[0], stop[1], not at_top_level, options
    )
    fp.seek(read.end)
    if read.warnings:
        _issue_parse_warnings(read.warnings, getattr(fp, "name", None))
    ds = Dataset(read.store, parent_encoding=parent_encoding)
    _settle_charset(ds)
    ds._read_implicit, ds._read_little = read.implicit_vr, little_endian
    return ds


def _read_command_set_elements(fp: BinaryIO) -> Dataset:
    """The Command Set (group 0000) elements at `fp`'s position, always implicit
    VR little endian (PS3.7 6.3); `fp` is left at the next group."""
    return read_dataset(fp, is_implicit_VR=True, is_little_endian=True, stop_when=_not_group_0000)


def _read_file_meta_info(fp: BinaryIO) -> FileMetaDataset:
    """The File Meta Information (group 0002) at `fp`'s position: explicit VR
    little endian, or implicit VR where the first element shows it was written
    so. `fp` is left at the next group."""
    start = fp.tell()

    def read(implicit: bool) -> FileMetaDataset:
        meta = FileMetaDataset(read_dataset(fp, implicit, True, stop_when=_not_group_0002))
        meta.set_original_encoding(implicit, True, default_encoding)
        return meta

    file_meta = read(False)
    if not file_meta._dict:
        return file_meta
    try:
        file_meta[next(iter(file_meta.keys()))]
    except NotImplementedError:  # an unknown VR: the group is implicit VR
        fp.seek(start)
        file_meta = read(True)
    if "FileMetaInformationGroupLength" in file_meta:
        # Its value counts the bytes after it (it is 12 bytes long).
        actual = fp.tell() - (start + 12)
        declared = file_meta.FileMetaInformationGroupLength
        if declared != actual:
            config._logger().info(
                "_read_file_meta_info: (0002,0000) 'File Meta Information Group Length' value "
                "doesn't match the actual File Meta Information length "
                f"({declared} vs {actual} bytes)"
            )
    return file_meta


def read_file_meta_info(filename: PathType) -> FileMetaDataset:
    """Only the File Meta Information of a file (the preamble is required)."""
    with open(filename, "rb") as fp:
        read_preamble(fp, False)
        return _read_file_meta_info(fp)


def read_preamble(fp: BinaryIO, force: bool) -> bytes | None:
    """The 128-byte preamble at `fp`'s position, `fp` left after 'DICM'; without
    'DICM', ``InvalidDicomError``, or with `force` None and `fp` rewound to 0."""
    log = config._logger()
    log.debug("Reading File Meta Information preamble...")
    preamble = fp.read(128)
    if config.debugging:
        log.debug(f"{fp.tell() - 128:08x}: {preamble[:8].hex(' ')}...{preamble[-8:].hex(' ')}")
    log.debug("Reading File Meta Information prefix...")
    if fp.read(4) == b"DICM":
        log.debug(f"{fp.tell() - 4:08x}: 'DICM' prefix found")
        return preamble
    if not force:
        raise InvalidDicomError(
            "File is missing DICOM File Meta Information header or the 'DICM' "
            "prefix is missing from the header. Use force=True to force reading."
        )
    log.info(
        "File is not conformant with the DICOM File Format: 'DICM' prefix is "
        "missing from the File Meta Information header or the header itself is "
        "missing. Assuming no header and continuing."
    )
    fp.seek(0)
    return None


def read_partial(
    fileobj: BinaryIO,
    stop_when: Callable[[BaseTag, str | None, int], bool] | None = None,
    defer_size: int | str | float | None = None,
    force: bool = False,
    specific_tags: list[BaseTag | int] | None = None,
) -> FileDataset:
    """Read the file at `fileobj`'s position until `stop_when(tag, VR, length)`
    says to stop (``dcmread`` is this with pydicom's ``_at_pixel_data`` or no
    callback, both read natively). `fileobj` is not closed."""
    stop = _native_stop(stop_when)
    if stop is not None and stop[0] is None:
        return _read_file_like(fileobj, stop[1], force, specific_tags, defer_size)
    preamble = read_preamble(fileobj, force)
    file_meta = _read_file_meta_info(fileobj)
    command_set = _read_command_set_elements(fileobj)
    peek = fileobj.read(1)
    if peek:
        fileobj.seek(-1, 1)
    implicit_vr, little_endian = True, True
    syntax = file_meta.get("TransferSyntaxUID")
    if not peek:
        pass
    elif syntax is None:
        # Guessed from the first element: a VR after its tag means explicit VR,
        # and a group read as >= 1024 little endian means big endian.
        group, _, vr = struct.unpack("<HH2s", fileobj.read(6))
        fileobj.seek(-6, 1)
        from rapidicom.values import converters

        if vr.decode(default_encoding) in converters:
            implicit_vr, little_endian = False, group < 1024
    elif syntax == ImplicitVRLittleEndian:
        pass
    elif syntax == ExplicitVRBigEndian:
        implicit_vr, little_endian = False, False
    elif syntax == DeflatedExplicitVRLittleEndian:
        name = getattr(fileobj, "name", None)
        fileobj = DicomBytesIO(zlib.decompress(fileobj.read(), -zlib.MAX_WBITS))  # type: ignore[assignment]
        fileobj.name = name  # type: ignore[misc]
        implicit_vr = False
    elif syntax in _uid.PrivateTransferSyntaxes:
        registered = _uid.PrivateTransferSyntaxes[_uid.PrivateTransferSyntaxes.index(syntax)]
        implicit_vr, little_endian = registered.is_implicit_VR, registered.is_little_endian
    else:  # every other syntax is explicit VR little endian (PS3.5 A.4)
        implicit_vr = False
    dataset = read_dataset(
        fileobj, implicit_vr, little_endian, stop_when=stop_when, defer_size=defer_size, specific_tags=specific_tags
    )
    if command_set:
        dataset.update(command_set)
    ds = FileDataset(fileobj, dataset, preamble, file_meta, implicit_vr, little_endian)
    ds.set_original_encoding(implicit_vr, little_endian, dataset._character_set)
    return ds


def data_element_offset_to_value(is_implicit_VR: bool, VR: str | None) -> int:
    """The size of an element's header: what is between its start and its value."""
    if is_implicit_VR or VR is None:
        return 8
    return 12 if VR in EXPLICIT_VR_LENGTH_32 else 8


def read_deferred_data_element(
    fileobj_type: Any, filename_or_obj: Any, timestamp: float | None, raw_data_elem: RawDataElement
) -> RawDataElement:
    """The element `raw_data_elem`, whose value was deferred (``defer_size``),
    read again from its file (a path, reopened with `fileobj_type`, or the
    file-like itself); ``ValueError`` if the file no longer has it there."""
    if filename_or_obj is None:
        raise OSError("Deferred read -- original filename not stored. Cannot re-open")
    is_filename = isinstance(filename_or_obj, str)
    if is_filename:
        if not os.path.exists(filename_or_obj):
            raise OSError(f"Deferred read -- original file {filename_or_obj} is missing")
        if timestamp is not None and os.stat(filename_or_obj).st_mtime != timestamp:
            warn_and_log("Deferred read warning -- file modification time has changed")
    raw = raw_data_elem
    fp = fileobj_type(filename_or_obj, "rb") if is_filename else filename_or_obj
    try:
        fp.seek(raw.value_tell - data_element_offset_to_value(raw.is_implicit_VR, raw.VR))
        elem = next(data_element_generator(fp, raw.is_implicit_VR, raw.is_little_endian, defer_size=None))
    finally:
        if is_filename:
            fp.close()
    if elem.VR != raw.VR:
        raise ValueError(f"Deferred read VR {elem.VR} does not match original {raw.VR}")
    if elem.tag != raw.tag:
        raise ValueError(f"Deferred read tag {elem.tag!r} does not match original {raw.tag!r}")
    return elem  # type: ignore[return-value]


__all__ = [
    "dcmread",
    "read_many",
    "read_partial",
    "read_dataset",
    "read_sequence",
    "read_sequence_item",
    "read_file_meta_info",
    "read_preamble",
    "read_deferred_data_element",
    "data_element_generator",
    "data_element_offset_to_value",
]
