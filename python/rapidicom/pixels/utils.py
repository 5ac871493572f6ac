"""Pixel data helpers (pydicom.pixels.utils): pixel arrays from datasets or files,
(de)compression of datasets, bit packing and setting pixel data from an array."""

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from struct import Struct
from sys import byteorder
from typing import Any, BinaryIO, cast

import numpy as np

from rapidicom import _native
from rapidicom._tags import (
    BitsAllocated,
    BitsStored,
    Columns,
    DoubleFloatPixelData,
    ExtendedOffsetTable,
    ExtendedOffsetTableLengths,
    FloatPixelData,
    NumberOfFrames,
    PhotometricInterpretation,
    PixelData,
    PixelRepresentation,
    PlanarConfiguration,
    Rows,
    SamplesPerPixel,
)
from rapidicom.misc import warn_and_log
from rapidicom.pixels.plain_native import plain_native_array
from rapidicom.tag import Tag
from rapidicom.uid import JPEG2000, UID, ExplicitVRLittleEndian, JPEGLSNearLossless, generate_uid
from rapidicom.valuerep import VR

_IMAGE_PIXEL = {
    SamplesPerPixel: "samples_per_pixel",
    PhotometricInterpretation: "photometric_interpretation",
    PlanarConfiguration: "planar_configuration",
    NumberOfFrames: "number_of_frames",
    Rows: "rows",
    Columns: "columns",
    BitsAllocated: "bits_allocated",
    BitsStored: "bits_stored",
    PixelRepresentation: "pixel_representation",
}
_EXTENDED_OFFSETS = (ExtendedOffsetTable, ExtendedOffsetTableLengths)
_IMAGE_PIXEL_TAGS = [(Tag(tag), name) for tag, name in _IMAGE_PIXEL.items()]


def as_pixel_options(ds: Any, **kwargs: Any) -> dict[str, Any]:
    """The Image Pixel values of `ds` as decoding options, `kwargs` on top."""
    elements = ds._dict
    value = ds._keyword_value
    opts = {name: value(tag) for tag, name in _IMAGE_PIXEL_TAGS if tag in elements}
    frames = opts.get("number_of_frames", 1) if NumberOfFrames in elements else 1
    frames = int(frames) if isinstance(frames, str) else frames
    if frames in (None, 0):
        warn_and_log(f"A value of '{frames}' for (0028,0008) 'Number of Frames' is invalid, assuming 1 frame")
        frames = 1
    opts["number_of_frames"] = frames
    if _EXTENDED_OFFSETS[0] in elements and _EXTENDED_OFFSETS[1] in elements:
        opts["extended_offsets"] = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
    opts.update(kwargs)
    return opts


def get_nr_frames(ds: Any, warn: bool = True) -> int:
    """Number of Frames, or 1 when it is absent, empty or 0."""
    frames = getattr(ds, "NumberOfFrames", 1)
    if not frames:
        if warn:
            warn_and_log(
                f"A value of {frames} for (0028,0008) 'Number of Frames' is non-conformant. "
                "It's recommended that this value be changed to 1"
            )
        frames = 1
    return frames


def get_expected_length(ds: Any, unit: str = "bytes") -> int:
    """The length of the uncompressed pixel data in bytes or pixels."""
    length = ds.Rows * ds.Columns * ds.SamplesPerPixel * get_nr_frames(ds)
    if unit == "pixels":
        return length
    if ds.BitsAllocated == 1:
        length = length // 8 + (length % 8 > 0)
    else:
        length *= ds.BitsAllocated // 8
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        length = length // 3 * 2
    return length


_ID_KEYWORDS = [
    "SamplesPerPixel",
    "PhotometricInterpretation",
    "PlanarConfiguration",
    "NumberOfFrames",
    "Rows",
    "Columns",
    "BitsAllocated",
    "BitsStored",
    "PixelRepresentation",
    "FloatPixelData",
    "DoubleFloatPixelData",
    "PixelData",
]
_ID_TAGS = [
    SamplesPerPixel,
    PhotometricInterpretation,
    PlanarConfiguration,
    NumberOfFrames,
    Rows,
    Columns,
    BitsAllocated,
    BitsStored,
    PixelRepresentation,
    FloatPixelData,
    DoubleFloatPixelData,
    PixelData,
]


def get_image_pixel_ids(ds: Any) -> dict[str, int]:
    """The identities of the Image Pixel values, to tell whether they changed.

    An element still as read counts by its place in the file (so the pixel data
    does not become a bytes object just to be identified)."""
    store = ds._native_store()
    elements, value, absent = ds._dict, ds._keyword_value, id(None)
    ids: dict[str, Any] = {}
    for keyword, tag in zip(_ID_KEYWORDS, _ID_TAGS):
        if store is not None and store.is_unread(tag):
            ids[keyword] = ("as read", id(store), tag)
        else:
            ids[keyword] = id(value(tag)) if tag in elements else absent
    return ids


def pixel_dtype(ds: Any, as_float: bool = False) -> np.dtype:
    """The numpy dtype that holds the dataset's pixel data."""
    if hasattr(ds, "file_meta"):
        little = ds.file_meta._tsyntax_encoding[1]
    else:
        little = ds.original_encoding[1]
    if little is None:
        raise AttributeError(
            "Unable to determine the endianness of the dataset, please set an appropriate "
            f"Transfer Syntax UID in '{type(ds).__name__}.file_meta'"
        )
    if as_float:
        name = "float"
    else:
        representation = ds.PixelRepresentation
        if representation not in (0, 1):
            raise ValueError(
                "Unable to determine the data type to use to contain the Pixel Data as a "
                f"value of '{representation}' for '(0028,0103) Pixel Representation' is invalid"
            )
        name = ("uint", "int")[representation]
    bits = ds.BitsAllocated
    if bits == 1:
        name = "uint8"
    elif bits > 0 and bits % 8 == 0:
        name += str(bits)
    else:
        raise ValueError(
            "Unable to determine the data type to use to contain the Pixel Data as a value of "
            f"'{bits}' for '(0028,0100) Bits Allocated' is invalid"
        )
    try:
        dtype = np.dtype(name)
    except TypeError:
        raise NotImplementedError(f"The data type '{name}' needed to contain the Pixel Data is not supported by numpy")
    if little != (byteorder == "little"):
        dtype = dtype.newbyteorder("S")
    return dtype


def reshape_pixel_array(ds: Any, arr: np.ndarray) -> np.ndarray:
    """A flat pixel array in the shape pydicom gives (frames, rows, columns, samples)."""
    frames = get_nr_frames(ds)
    samples = ds.SamplesPerPixel
    if samples < 1:
        raise ValueError(
            f"Unable to reshape the pixel array as a value of {samples} for (0028,0002) 'Samples per Pixel' is invalid."
        )
    planar = 0
    if samples > 1:
        tsyntax = ds.file_meta.TransferSyntaxUID
        if tsyntax in [
            "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.57",
            "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80",
            "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.90",
            "1.2.840.10008.1.2.4.91",
        ]:
            planar = 0
        elif tsyntax in ["1.2.840.10008.1.2.5"]:
            planar = 1
        else:
            planar = ds.PlanarConfiguration
        if planar not in [0, 1]:
            raise ValueError(
                f"Unable to reshape the pixel array as a value of {planar} for (0028,0006) "
                "'Planar Configuration' is invalid."
            )
    lead = (frames,) if frames > 1 else ()
    if samples == 1:
        return arr.reshape(*lead, ds.Rows, ds.Columns)
    if planar == 0:
        return arr.reshape(*lead, ds.Rows, ds.Columns, samples)
    arr = arr.reshape(*lead, samples, ds.Rows, ds.Columns)
    return arr.transpose(0, 2, 3, 1) if lead else arr.transpose(1, 2, 0)


def expand_ybr422(src: bytes, bits_allocated: int) -> bytes:
    """YBR_FULL_422 pixel data expanded to one set of samples per pixel."""
    step = bits_allocated // 8
    return _native.native_pixels(src, 0, len(src), "ybr422", bytes_per_sample=step).tobytes()


def pack_bits(arr: np.ndarray, pad: bool = True) -> bytes:
    """0/1 values packed 8 to a byte, least significant bit first (Bits Allocated 1)."""
    if arr.shape == (0,):
        return b""
    if not np.array_equal(arr, arr.astype(bool)):
        raise ValueError("Only binary arrays (containing ones or zeroes) can be packed.")
    packed = _native.pack_bits(np.ascontiguousarray(arr.ravel(), dtype="u1"))
    return packed + b"\x00" if pad and len(packed) % 2 else packed


def unpack_bits(src: bytes, as_array: bool = True) -> "np.ndarray | bytes":
    """Bit-packed data as one 0/1 value per bit, least significant bit first."""
    arr = _native.unpack_bits(src, 0, len(src) * 8)
    return arr if as_array else arr.tobytes()


_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  "

# JPEG markers: the start-of-frame ones (JPEG-LS's SOF55 included) and APPn.
_SOF = {bytes((0xFF, m)) for m in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7)}
_APP = {bytes((0xFF, m)) for m in range(0xE0, 0xF0)}
_UNPACK_SHORT = Struct(">H").unpack


def _get_jpg_parameters(src: bytes) -> dict[str, Any]:
    """What a JPEG or JPEG-LS codestream's header says: ``precision``,
    ``height``, ``width``, ``components``, ``component_ids``, the ``app``
    markers' contents and, for JPEG-LS, ``lossy_error`` and
    ``interleave_mode``; ``{}`` when it cannot be read."""
    info: dict[str, Any] = {}
    try:
        if src[0:2] != b"\xff\xd8":
            return info
        offset = 2
        app: dict[bytes, bytes] = {}
        while (marker := src[offset : offset + 2]) not in _SOF:
            length = _UNPACK_SHORT(src[offset + 2 : offset + 4])[0]
            if marker in _APP:
                app[marker] = src[offset + 4 : offset + 2 + length]
            offset += length + 2
        if app:
            info["app"] = app
        offset += 2
        info["precision"] = src[offset + 2]
        info["height"] = _UNPACK_SHORT(src[offset + 3 : offset + 5])[0]
        info["width"] = _UNPACK_SHORT(src[offset + 5 : offset + 7])[0]
        info["components"] = src[offset + 7]
        offset += 8
        info["component_ids"] = [src[offset + 3 * i] for i in range(info["components"])]
        offset += 3 * info["components"]
        if marker != b"\xff\xf7":
            return info
        # JPEG-LS: the near-lossless error and interleave mode are in the scan header.
        while src[offset : offset + 2] != b"\xff\xda":
            offset += _UNPACK_SHORT(src[offset + 2 : offset + 4])[0] + 2
        offset += 5 + src[offset + 4] * 2
        info["lossy_error"] = src[offset]
        info["interleave_mode"] = src[offset + 1]
    except Exception:
        return {}
    return info


def get_j2k_parameters(codestream: bytes) -> dict[str, Any]:
    """``{"precision", "is_signed", "jp2"}`` of the first component of a JPEG
    2000 codestream (inside a JP2 file when it starts with one); ``{}`` when the
    data does not start with SOC then SIZ."""
    info: dict[str, Any] = {"jp2": False}
    offset = 0
    if codestream.startswith(_JP2_SIGNATURE):
        # Boxes: 4-byte length, 4-byte type; the codestream is in "jp2c".
        info["jp2"] = True
        offset = 12
        while offset < len(codestream):
            if codestream[offset + 4 : offset + 8] == b"jp2c":
                offset += 8
                break
            length = int.from_bytes(codestream[offset : offset + 4], "big")
            if length < 8:  # a box cannot be shorter than its header (pydicom loops)
                return {}
            offset += length
    try:
        if codestream[offset : offset + 4] != b"\xff\x4f\xff\x51":  # SOC, SIZ
            return {}
        ssiz = codestream[offset + 42]  # the first component's Ssiz (15444-1 A.5.1)
    except (IndexError, TypeError):
        return {}
    info["precision"] = (ssiz & 0x7F) + 1
    info["is_signed"] = bool(ssiz & 0x80)
    return info


def _passes_version_check(package_name: str, minimum_version: tuple[int, ...]) -> bool:
    """Whether `package_name` imports and its ``__version__`` is at least
    `minimum_version`."""
    import importlib

    try:
        module = importlib.import_module(package_name)
        return tuple(int(x) for x in module.__version__.split(".")) >= minimum_version
    except Exception as exc:
        from rapidicom.config import logger

        logger.debug(exc)
    return False


def _decoder_for(tsyntax: Any) -> Any:
    from rapidicom.pixels.decoders.base import get_decoder

    try:
        return get_decoder(tsyntax)
    except NotImplementedError:
        raise NotImplementedError(
            "Unable to decode the pixel data as a (0002,0010) 'Transfer Syntax UID' value of "
            f"'{UID(tsyntax).name}' is not supported"
        )


def _dataset_decoder(ds: Any) -> Any:
    file_meta = getattr(ds, "file_meta", {})
    if not (tsyntax := file_meta.get("TransferSyntaxUID", None)):
        raise AttributeError(
            "Unable to decode the pixel data as the dataset's 'file_meta' has no (0002,0010) "
            "'Transfer Syntax UID' element"
        )
    return _decoder_for(tsyntax)


def _read_for_pixels(src: Any, ds_out: Any, specific_tags: Any, kwargs: dict[str, Any]) -> Any:
    """Read a file (path or file-like) for its pixels: lazily, so only the elements
    used are decoded; copy what `ds_out` asks for into it."""
    from rapidicom.dataset import Dataset
    from rapidicom.filereader import dcmread

    in_file = None
    if hasattr(src, "read"):
        position = src.tell()
        src.seek(0)
        try:
            ds = dcmread(src, force=True)
        finally:
            src.seek(position)
    else:
        ds = None
        if isinstance(src, str | PathLike):
            ds, in_file = _read_large(os.fspath(src))
        if ds is None:
            ds = dcmread(src, force=True)
    tsyntax = kwargs.pop("transfer_syntax_uid", None) or ds.file_meta.get("TransferSyntaxUID")
    if not tsyntax:
        raise AttributeError(
            "'transfer_syntax_uid' is required if the dataset in 'src' is not in the DICOM File Format"
        )
    if in_file is None and not any(kw in ds for kw in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        raise AttributeError(
            "The dataset in 'src' has no 'Pixel Data', 'Float Pixel Data' or 'Double Float "
            "Pixel Data' element, no pixel data to decode"
        )
    if isinstance(ds_out, Dataset):
        keep = set(specific_tags or ()) | {t for t in ds.keys() if t >> 16 == 0x0028} | set(_EXTENDED_OFFSETS)
        ds_out.file_meta = ds.file_meta
        ds_out.set_original_encoding(*ds.original_encoding)
        for tag in sorted(keep):
            if tag in ds:
                ds_out[tag] = ds[tag]
    return ds, UID(tsyntax), in_file


def _read_large(path: str) -> tuple[Any, Any]:
    """A large file read up to its pixel data, and the pixel data left in the file
    (see `rapidicom.pixels.in_file`); (None, None) for other files."""
    from rapidicom.filereader import dcmread
    from rapidicom.pixels import in_file

    try:
        if os.path.getsize(path) < in_file.LAZY_FROM:
            return None, None
    except OSError:
        return None, None  # dcmread reports it
    ds = dcmread(path, force=True, stop_before_pixels=True)
    store = ds._native_store()
    if store is None or ds.file_meta.get("TransferSyntaxUID") == "1.2.840.10008.1.2.1.99":
        return None, None  # deflated: the pixel data is only in the inflated copy
    pixels = in_file.locate(path, store.buffer_len(), ds.is_implicit_VR, ds.is_little_endian)
    return (ds, pixels) if pixels is not None else (None, None)


def pixel_array(
    src: "str | PathLike[str] | BinaryIO | Any",
    *,
    ds_out: Any = None,
    specific_tags: list[int] | None = None,
    index: int | None = None,
    raw: bool = False,
    decoding_plugin: str = "",
    **kwargs: Any,
) -> np.ndarray:
    """The pixel data of a dataset, a file path or a file-like as an array (one frame
    with `index`)."""
    from rapidicom.dataset import Dataset

    if isinstance(src, Dataset):
        if index is None and not kwargs and not decoding_plugin:
            arr = plain_native_array(src)
            if arr is not None:
                return arr
        decoder = _dataset_decoder(src)
        opts = as_pixel_options(src, **kwargs)
        return decoder.as_array(src, index=index, validate=True, raw=raw, decoding_plugin=decoding_plugin, **opts)[0]
    ds, tsyntax, in_file = _read_for_pixels(src, ds_out, specific_tags, kwargs)
    decoder = _decoder_for(tsyntax)
    opts = as_pixel_options(ds, **kwargs)
    runner_ds = ds if ds.file_meta.get("TransferSyntaxUID") == tsyntax else _with_syntax(ds, tsyntax)
    return decoder.as_array(
        runner_ds,
        index=index,
        validate=True,
        raw=raw,
        decoding_plugin=decoding_plugin,
        _from_file=in_file or True,
        **opts,
    )[0]


def _with_syntax(ds: Any, tsyntax: UID) -> Any:
    from rapidicom.dataset import FileMetaDataset

    ds.file_meta = FileMetaDataset(ds.file_meta)
    ds.file_meta.TransferSyntaxUID = tsyntax
    return ds


def iter_pixels(
    src: "str | PathLike[str] | BinaryIO | Any",
    *,
    ds_out: Any = None,
    specific_tags: list[int] | None = None,
    indices: Iterable[int] | None = None,
    raw: bool = False,
    decoding_plugin: str = "",
    **kwargs: Any,
) -> Iterator[np.ndarray]:
    """Each frame (or each frame in `indices`) as an array, decoded one at a time."""
    from rapidicom.dataset import Dataset

    if isinstance(src, Dataset):
        decoder = _dataset_decoder(src)
        opts = as_pixel_options(src, **kwargs)
        ds = src
    else:
        ds, tsyntax, in_file = _read_for_pixels(src, ds_out, specific_tags, kwargs)
        decoder = _decoder_for(tsyntax)
        opts = as_pixel_options(ds, **kwargs)
        if ds.file_meta.get("TransferSyntaxUID") != tsyntax:
            ds = _with_syntax(ds, tsyntax)
        opts["_from_file"] = in_file or True
    for arr, _ in decoder.iter_array(
        ds, indices=indices, validate=True, raw=raw, decoding_plugin=decoding_plugin, **opts
    ):
        yield arr


def compress(
    ds: Any,
    transfer_syntax_uid: str,
    arr: np.ndarray | None = None,
    *,
    encoding_plugin: str = "",
    encapsulate_ext: bool = False,
    generate_instance_uid: bool = True,
    jls_error: int | None = None,
    j2k_cr: list[float] | None = None,
    j2k_psnr: list[float] | None = None,
    **kwargs: Any,
) -> Any:
    """Compress the dataset's pixel data (or `arr`) in place and update the Image
    Pixel module and transfer syntax as pydicom does."""
    from rapidicom.dataset import FileMetaDataset
    from rapidicom.encaps import encapsulate, encapsulate_extended
    from rapidicom.pixels.encoders.base import get_encoder

    for option in _IMAGE_PIXEL.values():
        kwargs.pop(option, None)
    uid = UID(transfer_syntax_uid)
    encoder = get_encoder(uid)
    if not encoder.is_available:
        missing = "\n".join(f"    {s}" for s in encoder.missing_dependencies)
        raise RuntimeError(
            f"The pixel data encoder for '{uid.name}' is unavailable because all of its "
            f"plugins are missing dependencies:\n{missing}"
        )
    if uid == JPEGLSNearLossless and jls_error is not None:
        kwargs["jls_error"] = jls_error
    if uid == JPEG2000:
        if j2k_cr is not None:
            kwargs["j2k_cr"] = j2k_cr
        if j2k_psnr is not None:
            kwargs["j2k_psnr"] = j2k_psnr
    if arr is None:
        file_meta = ds.get("file_meta", {})
        tsyntax = file_meta.get("TransferSyntaxUID", "")
        if not tsyntax:
            raise AttributeError(
                "Unable to determine the initial compression state of the dataset as there's "
                "no (0002,0010) 'Transfer Syntax UID' element in the dataset's 'file_meta' "
                "attribute"
            )
        if tsyntax.is_compressed:
            raise ValueError("Only uncompressed datasets may be compressed")
        encoded = list(encoder.iter_encode(ds, encoding_plugin=encoding_plugin, **kwargs))
    else:
        opts = as_pixel_options(ds, **kwargs)
        encoded = list(encoder.iter_encode(arr, encoding_plugin=encoding_plugin, **opts))
    total = (len(encoded) - 1) * 8 + sum(len(f) for f in encoded[:-1])
    if encapsulate_ext or total > 2**32 - 1:
        ds.PixelData, ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths = encapsulate_extended(encoded)
    else:
        ds.PixelData = encapsulate(encoded)
    elem = ds["PixelData"]
    elem.is_undefined_length = True
    elem.VR = VR.OB
    ds._pixel_array = None
    ds._pixel_id = {}
    if not hasattr(ds, "file_meta"):
        ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = uid
    if generate_instance_uid:
        instance_uid = generate_uid()
        ds.SOPInstanceUID = instance_uid
        ds.file_meta.MediaStorageSOPInstanceUID = instance_uid
    return ds


def decompress(
    ds: Any,
    *,
    as_rgb: bool = True,
    generate_instance_uid: bool = True,
    decoding_plugin: str = "",
    **kwargs: Any,
) -> Any:
    """Decompress the dataset's pixel data in place to Explicit VR Little Endian and
    update the Image Pixel module as pydicom does."""
    if "PixelData" not in ds:
        raise AttributeError("Unable to decompress as the dataset has no (7FE0,0010) 'Pixel Data' element")
    file_meta = ds.get("file_meta", {})
    tsyntax = file_meta.get("TransferSyntaxUID", "")
    if not tsyntax:
        raise AttributeError(
            "Unable to determine the initial compression state as there's no (0002,0010) "
            "'Transfer Syntax UID' element in the dataset's 'file_meta' attribute"
        )
    uid = UID(tsyntax)
    if not uid.is_compressed:
        raise ValueError("The dataset is already uncompressed")
    use_pdh = kwargs.get("use_pdh", False)
    properties: dict[str, Any] = {}
    if use_pdh:
        ds.convert_pixel_data(decoding_plugin)
        data, nr_frames = ds.pixel_array.tobytes(), 1
    else:
        data, nr_frames, properties = _decompressed_frames(ds, uid, as_rgb, decoding_plugin, kwargs)
    if len(data) >= 2**32 - 1:
        raise ValueError(
            "Unable to decompress as the length of the uncompressed pixel data will be "
            "greater than the maximum allowed by the DICOM Standard"
        )
    if len(data) % 2:
        data += b"\x00"
    elem = ds["PixelData"]
    elem.value = data
    elem.is_undefined_length = False
    elem.VR = VR.OB if ds.BitsAllocated <= 8 else VR.OW
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    if generate_instance_uid:
        instance_uid = generate_uid()
        ds.SOPInstanceUID = instance_uid
        ds.file_meta.MediaStorageSOPInstanceUID = instance_uid
    if not use_pdh:
        ds.PhotometricInterpretation = properties["photometric_interpretation"]
        if cast(int, properties["samples_per_pixel"]) > 1:
            ds.PlanarConfiguration = cast(int, properties["planar_configuration"])
        if "NumberOfFrames" in ds or nr_frames > 1:
            ds.NumberOfFrames = nr_frames
        ds._pixel_array = None
        ds._pixel_id = {}
    return ds


def _decompressed_frames(
    ds: Any, uid: UID, as_rgb: bool, decoding_plugin: str, kwargs: dict[str, Any]
) -> tuple[bytes, int, dict[str, Any]]:
    """The decoded frames' bytes, how many frames, and the Image Pixel values
    that describe them.
    rapidicom's decoders decode every frame at once; any other decoder object
    is used frame by frame through ``iter_array``, as pydicom does."""
    from rapidicom.pixels.decoders.base import Decoder

    decoder = _decoder_for(uid)
    if not decoder.is_available:
        missing = "\n".join(f"    {s}" for s in decoder.missing_dependencies)
        raise RuntimeError(
            f"Unable to decompress as the plugins for the '{uid.name}' decoder are all missing dependencies:\n{missing}"
        )
    kwargs.pop("index", None)
    kwargs.pop("use_pdh", None)
    if isinstance(decoder, Decoder):
        kwargs.pop("raw", None)
        opts = as_pixel_options(ds, **kwargs)
        arr, properties = decoder.as_array(ds, decoding_plugin=decoding_plugin, as_rgb=as_rgb, **opts)
        return arr.tobytes(), int(properties["number_of_frames"]), properties
    frames: list[bytes] = []
    properties: dict[str, Any] = {}
    for arr, frame_properties in decoder.iter_array(ds, decoding_plugin=decoding_plugin, as_rgb=as_rgb, **kwargs):
        frames.append(arr.tobytes())
        properties = frame_properties
    return b"".join(frames), len(frames), properties


def set_pixel_data(
    ds: Any,
    arr: np.ndarray,
    photometric_interpretation: str,
    bits_stored: int,
    *,
    generate_instance_uid: bool = True,
) -> None:
    """Set Pixel Data and the Image Pixel module from an array."""
    from rapidicom.dataset import FileMetaDataset
    from rapidicom.pixels.common import PI

    for tag in (FloatPixelData, DoubleFloatPixelData):
        if elem := ds.get(tag, None):
            raise AttributeError(
                f"The dataset has an existing {elem.tag} '{elem.name}' element which "
                "indicates the (0008,0016) 'SOP Class UID' value is not suitable for a "
                f"dataset with 'Pixel Data'. The '{elem.name}' element should be deleted and "
                "the 'SOP Class UID' changed."
            )
    if not hasattr(ds, "file_meta"):
        ds.file_meta = FileMetaDataset()
    tsyntax = ds.file_meta.get("TransferSyntaxUID", None)
    if tsyntax and not tsyntax.is_little_endian:
        raise NotImplementedError(
            f"The dataset's transfer syntax '{tsyntax.name}' is big-endian, which is not supported"
        )
    shape, ndim, dtype = arr.shape, arr.ndim, arr.dtype
    if dtype.kind not in ("u", "i") or dtype.itemsize not in (1, 2):
        raise ValueError(f"Unsupported ndarray dtype '{dtype}', must be int8, int16, uint8 or uint16")
    samples_for = {
        PI.MONOCHROME1: 1,
        PI.MONOCHROME2: 1,
        PI.PALETTE_COLOR: 1,
        PI.RGB: 3,
        PI.YBR_FULL: 3,
        PI.YBR_FULL_422: 3,
    }
    try:
        samples = samples_for[photometric_interpretation]
    except KeyError:
        raise ValueError(f"Unsupported 'photometric_interpretation' value '{photometric_interpretation}'")
    changes: dict[str, tuple[str, Any]] = {}
    if samples == 1:
        if ndim not in (2, 3):
            raise ValueError(
                f"An ndarray with '{photometric_interpretation}' data must have 2 or 3 dimensions, not {ndim}"
            )
        changes["NumberOfFrames"] = ("+", shape[0]) if ndim == 3 else ("-", None)
        changes["Rows"] = ("+", shape[ndim - 2])
        changes["Columns"] = ("+", shape[ndim - 1])
    else:
        if ndim not in (3, 4):
            raise ValueError(
                f"An ndarray with '{photometric_interpretation}' data must have 3 or 4 dimensions, not {ndim}"
            )
        if shape[-1] != samples:
            raise ValueError(
                f"An ndarray with '{photometric_interpretation}' data must have shape (rows, "
                f"columns, 3) or (frames, rows, columns, 3), not {shape}"
            )
        changes["NumberOfFrames"] = ("-", None) if ndim == 3 else ("+", shape[0])
        changes["Rows"] = ("+", shape[ndim - 3])
        changes["Columns"] = ("+", shape[ndim - 2])
    if not 0 < bits_stored <= dtype.itemsize * 8:
        raise ValueError(
            f"Invalid 'bits_stored' value '{bits_stored}', must be greater than 0 and less "
            "than or equal to the number of bits for the ndarray's itemsize "
            f"'{arr.dtype.itemsize * 8}'"
        )
    low, high = arr.min(), arr.max()
    allowed_low = 0 if dtype.kind == "u" else -(2 ** (bits_stored - 1))
    allowed_high = 2**bits_stored - 1 if dtype.kind == "u" else 2 ** (bits_stored - 1) - 1
    if low < allowed_low or high > allowed_high:
        raise ValueError(
            f"The range of values in the ndarray [{low}, {high}] is greater than that allowed "
            f"by the 'bits_stored' value [{allowed_low}, {allowed_high}]"
        )
    changes["SamplesPerPixel"] = ("+", samples)
    changes["PlanarConfiguration"] = ("+", 0) if samples > 1 else ("-", None)
    changes["PhotometricInterpretation"] = ("+", photometric_interpretation)
    changes["BitsAllocated"] = ("+", dtype.itemsize * 8)
    changes["BitsStored"] = ("+", bits_stored)
    changes["HighBit"] = ("+", bits_stored - 1)
    changes["PixelRepresentation"] = ("+", 0 if dtype.kind == "u" else 1)
    for keyword, (operation, value) in changes.items():
        if operation == "+":
            setattr(ds, keyword, value)
        elif keyword in ds:
            del ds[keyword]
    if photometric_interpretation == PI.YBR_FULL_422:
        flat = arr.ravel()
        out = np.empty(flat.size // 3 * 2, dtype=dtype)
        out[::4] = flat[::6]
        out[1::4] = flat[3::6]
        out[2::4] = flat[1::6]
        out[3::4] = flat[2::6]
        arr = out
    data = arr.tobytes()
    ds.PixelData = data if len(data) % 2 == 0 else data + b"\x00"
    elem = ds["PixelData"]
    elem.VR = VR.OB if ds.BitsAllocated <= 8 else VR.OW
    elem.is_undefined_length = False
    ds._pixel_array = None
    ds._pixel_id = {}
    if not tsyntax or tsyntax.is_compressed:
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    if generate_instance_uid:
        instance_uid = generate_uid()
        ds.SOPInstanceUID = instance_uid
        ds.file_meta.MediaStorageSOPInstanceUID = instance_uid
