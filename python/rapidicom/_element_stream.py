"""pydicom's streaming reader: elements read one by one from a file-like
(``filereader.data_element_generator``, ``read_dataset`` with a ``stop_when``
callback, ``read_sequence``, ``read_sequence_item``).

``dcmread`` and ``read_dataset`` parse in Rust whenever they can; this is the
reader for what only a stream can do: yielding elements as they are read (to
scan files too large to hold), and stopping where a caller's callback says.
It follows the same reading rules as the native parser (`rust/core/parse`), so
that both give pydicom's results.
"""

import struct
from collections.abc import Callable, Iterator, MutableSequence
from typing import Any, BinaryIO

from rapidicom import config
from rapidicom._tags import ItemDelimitationItem, SpecificCharacterSet
from rapidicom.charset import convert_encodings, default_encoding
from rapidicom.dataelem import DataElement, RawDataElement, convert_raw_data_element, empty_value_for_VR
from rapidicom.errors import InvalidDicomError
from rapidicom.fileutil import _unpack_tag, read_undefined_length_value
from rapidicom.misc import size_in_bytes, warn_and_log
from rapidicom.tag import BaseTag, ItemTag, SequenceDelimiterTag
from rapidicom.valuerep import EXPLICIT_VR_LENGTH_32, VR

StopWhen = Callable[[BaseTag, str | None, int], bool]

ENCODED_VR = frozenset(vr.encode(default_encoding) for vr in VR)
_UNDEFINED = 0xFFFFFFFF


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02x}" for b in data)


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: StopWhen | None = None,
    defer_size: int | str | float | None = None,
    encoding: str | MutableSequence[str] = default_encoding,
    specific_tags: list[BaseTag | int] | None = None,
) -> Iterator[RawDataElement | DataElement]:
    """Yield the elements of the dataset at `fp`'s position as they are read:
    a ``RawDataElement`` each, but a ``DataElement`` for an undefined-length
    sequence (read whole). Ends at the end of the data, at an item delimiter, or
    where `stop_when(tag, VR, length)` is true (`fp` then left at that
    element's start). Values longer than `defer_size` are skipped (value None);
    with `specific_tags`, only those elements (and Specific Character Set) are
    yielded."""
    from rapidicom.values import convert_string

    order = "<" if is_little_endian else ">"
    implicit_header = struct.Struct(f"{order}HHL").unpack
    explicit_header = struct.Struct(f"{order}HH2sH").unpack
    long_length = struct.Struct(f"{order}L").unpack
    read, seek, tell = fp.read, fp.seek, fp.tell
    defer_size = size_in_bytes(defer_size)
    wanted = set(specific_tags or ())
    if wanted:
        wanted.add(SpecificCharacterSet)
    debugging = config.debugging
    log = config._logger() if debugging else None

    while True:
        header = read(8)
        if len(header) < 8:
            return
        vr: str | None = None
        if is_implicit_VR:
            group, elem, length = implicit_header(header)
        else:
            group, elem, raw_vr, length = explicit_header(header)
            if raw_vr in ENCODED_VR:
                vr = raw_vr.decode(default_encoding)
                if vr in EXPLICIT_VR_LENGTH_32:
                    extra = read(4)
                    header += extra
                    (length,) = long_length(extra)
            elif not (b"AA" <= raw_vr <= b"ZZ") and config.assume_implicit_vr_switch:
                # Not a VR at all: an implicit VR element inside explicit data.
                if log:
                    log.warning(f"Unknown VR '0x{raw_vr[0]:02x}{raw_vr[1]:02x}' assuming implicit VR encoding")
                group, elem, length = implicit_header(header)
            else:
                vr = raw_vr.decode(default_encoding)
                if log:
                    log.warning(f"Unknown VR '{vr}' assuming explicit VR encoding with 2-byte length")
        value_tell = tell()
        if log:
            described = f"{value_tell - len(header):08x}: {_hex(header)}"
            described = f"{described:<47s}  ({group:04X},{elem:04X})"
            if not is_implicit_VR:
                described += f" {vr} "
            if length == _UNDEFINED:
                described += "Length: Undefined length (FFFFFFFF)"
            else:
                described += f"Length: {length}"
            log.debug(described)
        tag = group << 16 | elem
        if tag == ItemDelimitationItem:
            return
        if stop_when is not None and stop_when(BaseTag(tag), vr, length):
            if log:
                log.debug("Reading ended by stop_when callback. Rewinding to start of data element.")
            seek(value_tell - len(header))
            return

        if length != _UNDEFINED:
            if wanted and tag not in wanted:
                seek(value_tell + length)
                continue
            if defer_size is not None and length > defer_size and tag != SpecificCharacterSet:
                if log:
                    log.debug("Defer size exceeded. Skipping forward to next data element.")
                value: Any = None
                seek(value_tell + length)
            else:
                value = read(length) if length else empty_value_for_VR(vr, raw=True)
                if log:
                    shown = value[:20] if value else b""
                    more = "..." if length > 20 else "   "
                    log.debug(f"{value_tell:08x}: {_hex(shown):<34} {more} {shown!r} {more}")
            if tag == SpecificCharacterSet:  # later sequences decode their text with it
                encoding = convert_encodings(convert_string(value or b"", is_little_endian))
            yield RawDataElement(BaseTag(tag), vr, length, value, value_tell, is_implicit_VR, is_little_endian)
            continue

        # Undefined length: a sequence (read whole, as items can nest), else a
        # value ended by a sequence delimiter.
        if vr == VR.UN and config.settings.infer_sq_for_un_vr:
            vr = VR.SQ
        if vr is None or (vr == VR.UN and config.replace_un_with_known_vr):
            from rapidicom.datadict import _dictionary_vr_fast

            try:
                vr = _dictionary_vr_fast(tag)
            except KeyError:
                # Unknown (private) element: a sequence if items follow.
                if _unpack_tag(read(4), order) == ItemTag:
                    vr = VR.SQ
                seek(tell() - 4)
        if vr == VR.SQ:
            if log:
                log.debug(f"{tell():08X}: Reading/parsing undefined length sequence")
            seq = read_sequence(fp, is_implicit_VR, is_little_endian, length, encoding)
            if wanted and tag not in wanted:
                continue
            yield DataElement(BaseTag(tag), vr, seq, value_tell, is_undefined_length=True)
            continue
        if log:
            log.debug("Reading undefined length data element")
        value = read_undefined_length_value(fp, is_little_endian, SequenceDelimiterTag, defer_size)
        if wanted and tag not in wanted:
            continue
        yield RawDataElement(BaseTag(tag), vr, length, value, value_tell, is_implicit_VR, is_little_endian)


def _is_implicit_vr(
    fp: BinaryIO,
    implicit_vr_is_assumed: bool,
    is_little_endian: bool,
    stop_when: StopWhen | None,
    is_sequence: bool,
) -> bool:
    """Whether the dataset at `fp`'s position is implicit VR, judged from its
    first element's VR bytes (two capital letters: explicit); a top-level
    dataset whose encoding is not the one assumed gets a warning (an error when
    reading strictly). Items of implicit VR data are implicit VR. `fp` is left
    6 bytes further."""
    if is_sequence and implicit_vr_is_assumed:
        return True
    tag_bytes = fp.read(4)
    raw_vr = fp.read(2)
    if len(raw_vr) < 2:
        return implicit_vr_is_assumed
    # A length read as two capital letters would be over 16 KiB long: rare.
    found_implicit = not (0x40 < raw_vr[0] < 0x5B and 0x40 < raw_vr[1] < 0x5B)
    if found_implicit == implicit_vr_is_assumed:
        return found_implicit
    tag = _unpack_tag(tag_bytes, "<" if is_little_endian else ">")
    if stop_when is not None and stop_when(tag, raw_vr.decode(default_encoding), 0):
        return found_implicit  # the dataset is empty
    if found_implicit and is_sequence:  # allowed (PS3.5 6.2.2)
        return True
    found = "implicit" if found_implicit else "explicit"
    expected = "explicit" if found_implicit else "implicit"
    message = f"Expected {expected} VR, but found {found} VR"
    if config.settings.reading_validation_mode == config.RAISE:
        raise InvalidDicomError(message)
    warn_and_log(f"{message} - using {found} VR for reading", UserWarning)
    return found_implicit


def read_dataset_streamed(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: StopWhen | None = None,
    defer_size: str | int | float | None = None,
    parent_encoding: str | MutableSequence[str] = default_encoding,
    specific_tags: list[BaseTag | int] | None = None,
    at_top_level: bool = True,
) -> Any:
    """``filereader.read_dataset`` element by element (see there)."""
    from rapidicom.dataset import Dataset

    start = fp.tell()
    is_implicit_VR = _is_implicit_vr(fp, is_implicit_VR, is_little_endian, stop_when, not at_top_level)
    fp.seek(start)
    elements = data_element_generator(
        fp, is_implicit_VR, is_little_endian, stop_when, defer_size, parent_encoding, specific_tags
    )
    read: dict[BaseTag, Any] = {}
    try:
        if bytelength is None:
            for elem in elements:
                read[elem.tag] = elem
        else:
            while fp.tell() - start < bytelength:
                elem = next(elements)
                read[elem.tag] = elem
    except StopIteration:
        pass
    except EOFError as exc:
        if config.settings.reading_validation_mode == config.RAISE:
            raise
        warn_and_log(f"{exc} in file {getattr(fp, 'name', '<no filename>')}", UserWarning)
    except NotImplementedError as exc:
        config._logger().error(exc)

    ds = Dataset(read, parent_encoding=parent_encoding)
    charset = read.get(BaseTag(SpecificCharacterSet))
    if charset is None:
        encoding: Any = parent_encoding
    else:
        encoding = convert_encodings(convert_raw_data_element(charset).value)  # type: ignore[arg-type]
    ds.set_original_encoding(is_implicit_VR, is_little_endian, encoding)
    return ds


def read_sequence(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int,
    encoding: str | MutableSequence[str],
    offset: int = 0,
) -> Any:
    """The items of the sequence value at `fp`'s position: `bytelength` bytes of
    them, or (undefined length) up to the sequence delimiter. `offset` is added
    to the items' file positions."""
    from rapidicom.sequence import Sequence

    items = []
    undefined = bytelength == _UNDEFINED
    if bytelength:
        start = fp.tell()
        while undefined or fp.tell() - start < bytelength:
            item_tell = fp.tell()
            item = read_sequence_item(fp, is_implicit_VR, is_little_endian, encoding, offset)
            if item is None:  # the sequence delimiter
                break
            item.file_tell = item_tell + offset
            items.append(item)
    seq = Sequence(items)
    seq.is_undefined_length = undefined
    return seq


def read_sequence_item(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: str | MutableSequence[str],
    offset: int = 0,
) -> Any:
    """The item at `fp`'s position as a dataset, or None at the sequence
    delimiter; ``OSError`` when there is no item header to read."""
    from rapidicom.filereader import read_dataset

    item_tell = fp.tell() + offset
    header = fp.read(8)
    try:
        group, elem, length = struct.unpack("<HHL" if is_little_endian else ">HHL", header)
    except struct.error:
        raise OSError(f"No tag to read at file position {fp.tell() + offset:X}") from None
    log = config._logger() if config.debugging else None
    if (group, elem) == (0xFFFE, 0xE0DD):
        if log:
            log.debug(f"{fp.tell() - 8 + offset:08x}: End of Sequence")
            if length:
                log.warning(
                    f"Expected 0x00000000 after delimiter, found 0x{length:X}, at position 0x{fp.tell() - 4 + offset:X}"
                )
        return None
    if log:
        if (group, elem) != (0xFFFE, 0xE000):
            log.warning(f"Expected sequence item with tag {ItemTag} at file position 0x{fp.tell() - 4 + offset:X}")
        else:
            log.debug(f"{fp.tell() - 4 + offset:08x}: {_hex(header)}  Found Item tag (start of item)")
    undefined = length == _UNDEFINED
    ds = read_dataset(
        fp,
        is_implicit_VR,
        is_little_endian,
        bytelength=None if undefined else length,
        parent_encoding=encoding,
        at_top_level=False,
    )
    ds.is_undefined_length_sequence_item = undefined
    if log and not undefined:
        log.debug(f"{fp.tell() + offset:08X}: Finished sequence item")
    ds.seq_item_tell = item_tell
    return ds
