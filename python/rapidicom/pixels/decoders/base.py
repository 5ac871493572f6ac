"""Pixel data decoders (pydicom.pixels.decoders.base): options and validation in
Python, every byte in Rust.

Native pixel data reaches numpy with one copy (`_native.native_pixels`: packed bits,
byte swaps, YBR_FULL_422 and unused-bit correction done in the same pass), or
none with ``view_only=True``. RLE Lossless frames decode in parallel with the GIL
released (`_native.rle_decode`) straight into the array's memory.
"""

from collections.abc import Iterable, Iterator
from io import BufferedIOBase
from math import ceil, floor
import logging
from typing import Any, cast

import numpy as np

from rapidicom import _native, config
from rapidicom.encaps import _frame_at, _frame_ranges
from rapidicom.misc import warn_and_log
from rapidicom.pixels.common import (
    PI,
    CoderBase,
    RunnerBase,
    RunnerOptions,
    decoding_failed,
    native_byteorder_matches,
)
from rapidicom.pixels.decoders.jpeg_family import JPEG_ALIASES, apply_sign_correction, codec_for, frames_decoder
from rapidicom.pixels.in_file import PixelsInFile
from rapidicom.pixels.processing import convert_color_space
from rapidicom.uid import (
    UID,
    JPEG2000TransferSyntaxes,
    JPEGLSTransferSyntaxes,
    RLELossless,
)

LOGGER = logging.getLogger("pydicom")

_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
_PIXEL_TAGS = {"PixelData": 0x7FE00010, "FloatPixelData": 0x7FE00008, "DoubleFloatPixelData": 0x7FE00009}

# pydicom's plugin names (3.0) and pixel data handler names (2.x) for RLE.
RLE_ALIASES = ("pydicom", "pylibjpeg", "gdcm", "rle", "rle_handler", "numpy", "np_handler")


class DecodeOptions(RunnerOptions, total=False):
    pixel_vr: str
    allow_excess_frames: bool
    correct_unused_bits: bool
    view_only: bool
    be_swap_ow: bool
    rle_segment_order: str
    byteorder: str
    apply_jls_sign_correction: bool
    apply_j2k_sign_correction: bool
    as_rgb: bool
    force_rgb: bool
    force_ybr: bool


def _process_color_space(arr: np.ndarray, runner: "DecodeRunner", changes: dict[str, Any]) -> np.ndarray:
    force_ybr = runner.get_option("force_ybr", False)
    force_rgb = runner.get_option("force_rgb", False)
    if force_ybr and force_rgb:
        raise ValueError("'force_ybr' and 'force_rgb' cannot both be True")
    to_rgb = (
        runner.photometric_interpretation in (PI.YBR_FULL, PI.YBR_FULL_422)
        and runner.get_option("as_rgb", False)
    ) or force_rgb
    if not arr.flags.writeable and (to_rgb or force_ybr):
        if runner.get_option("view_only", False):
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer if "
                "applying a color space conversion"
            )
        arr = arr.copy()
    if force_ybr:
        arr = convert_color_space(arr, PI.RGB, PI.YBR_FULL)
        changes["photometric_interpretation"] = PI.YBR_FULL
    elif to_rgb:
        if not runner.converted_to_rgb:
            arr = convert_color_space(arr, PI.YBR_FULL, PI.RGB)
        changes["photometric_interpretation"] = PI.RGB
    return arr


PROCESSORS = [_process_color_space]


class DecodeRunner(RunnerBase):
    """The options and source of one decoding run."""

    def __init__(self, tsyntax: UID) -> None:
        self._src: Any = None
        self._src_type = "UNDEFINED"
        self._in_file: PixelsInFile | None = None
        # Arrays are returned as decoded (`raw`): no colour conversion after.
        self.raw = False
        # The decoder already gave RGB for YBR samples (JPEG, by libjpeg).
        self.converted_to_rgb = False
        self._opts = {
            "transfer_syntax_uid": tsyntax,
            "as_rgb": True,
            "allow_excess_frames": True,
        }
        self._undeletable = ("transfer_syntax_uid", "pixel_keyword")
        if self.transfer_syntax.is_encapsulated:
            self.set_option("pixel_keyword", "PixelData")
        else:
            self.set_option("view_only", False)
        if self.transfer_syntax in JPEG2000TransferSyntaxes:
            self.set_option("apply_j2k_sign_correction", True)
        elif self.transfer_syntax in JPEGLSTransferSyntaxes:
            self.set_option("apply_jls_sign_correction", True)
        else:
            self.set_option("correct_unused_bits", True)

    @property
    def pixel_dtype(self) -> np.dtype:
        keyword = self.pixel_keyword
        if keyword == "FloatPixelData":
            dtype = np.dtype("float32")
        elif keyword == "DoubleFloatPixelData":
            dtype = np.dtype("float64")
        else:
            name = "ui"[self.pixel_representation]
            if self.bits_allocated == 1:
                name = "u1"
            elif self.bits_allocated > 0 and self.bits_allocated % 8 == 0:
                name += f"{self.bits_allocated // 8}"
            try:
                dtype = np.dtype(name)
            except TypeError:
                raise NotImplementedError(
                    f"The data type '{name}' needed to contain the pixel data is not "
                    "supported by NumPy"
                )
        if not native_byteorder_matches(self.transfer_syntax.is_little_endian):
            dtype = dtype.newbyteorder("S")
        return dtype

    def pixel_properties(self, as_frame: bool = False) -> dict[str, str | int]:
        d: dict[str, Any] = {
            "bits_allocated": self.bits_allocated,
            "columns": self.columns,
            "number_of_frames": self.number_of_frames if not as_frame else 1,
            "photometric_interpretation": str(self.photometric_interpretation),
            "rows": self.rows,
            "samples_per_pixel": self.samples_per_pixel,
        }
        if self.samples_per_pixel > 1:
            d["planar_configuration"] = self.planar_configuration
        if self.pixel_keyword == "PixelData":
            d["bits_stored"] = self.bits_stored
            d["pixel_representation"] = self.pixel_representation
        return d

    def process(self, arr: np.ndarray) -> tuple[np.ndarray, dict[str, str | int]]:
        changes: dict[str, str | int] = {}
        for func in PROCESSORS:
            arr = func(arr, self, changes)
        return arr, changes

    def reshape(self, arr: np.ndarray, as_frame: bool = False) -> np.ndarray:
        frames, spp = self.number_of_frames, self.samples_per_pixel
        rows, columns = self.rows, self.columns
        lead = () if as_frame or frames <= 1 else (frames,)
        if spp == 1:
            return arr.reshape(*lead, rows, columns)
        if self.planar_configuration == 0:
            return arr.reshape(*lead, rows, columns, spp)
        arr = arr.reshape(*lead, spp, rows, columns)
        return arr.transpose(0, 2, 3, 1) if lead else arr.transpose(1, 2, 0)

    def _set_options_ds(self, ds: Any) -> None:
        self._options_from(ds)
        present = [kw for kw in _PIXEL_KEYWORDS if kw in ds]
        if not present:
            raise AttributeError(
                "The dataset has no 'Pixel Data', 'Float Pixel Data' or 'Double Float Pixel "
                "Data' element, no pixel data to decode"
            )
        if len(present) != 1:
            raise AttributeError(
                "One and only one of 'Pixel Data', 'Float Pixel Data' or 'Double Float Pixel "
                "Data' may be present in the dataset"
            )
        self.set_option("pixel_keyword", present[0])
        self.set_option("pixel_vr", _pixel_vr(ds, present[0]))

    def set_pixels_in_file(self, ds: Any, pixels: PixelsInFile) -> None:
        """Options from `ds` (read up to its pixel data); the pixel data itself is
        read from its file as frames need it (see `load`)."""
        self._options_from(ds)
        self.set_option("pixel_keyword", pixels.keyword)
        implicit_vr = "OB" if self.bits_allocated <= 8 else "OW"
        self.set_option("pixel_vr", pixels.vr or implicit_vr)
        self._src = pixels.buffer
        self._src_type = "BinaryIO"
        self._in_file = pixels

    def load(self, start: int, stop: int) -> None:
        """Make sure the source's bytes `start:stop` are there (they are read from
        the file when the pixel data was left in it)."""
        if self._in_file is not None:
            self._in_file.load(start, stop)

    def _options_from(self, ds: Any) -> None:
        super()._set_options_ds(ds)
        file_meta = getattr(ds, "file_meta", {})
        if tsyntax := file_meta.get("TransferSyntaxUID", None):
            if tsyntax != self.transfer_syntax:
                raise ValueError(
                    f"The dataset's transfer syntax '{tsyntax.name}' doesn't match the pixel "
                    "data decoder"
                )

    def set_source(self, src: Any) -> None:
        from rapidicom.dataset import Dataset

        if isinstance(src, Dataset):
            self._set_options_ds(src)
            self._src = _pixel_value(src, self.pixel_keyword)
            self._src_type = "BinaryIO" if isinstance(self._src, BufferedIOBase) else "Dataset"
        elif hasattr(src, "read"):
            self._src = src
            self._src_type = "BinaryIO"
        else:
            self._src = src
            self._src_type = "Buffer"

    @property
    def src(self) -> Any:
        return self._src

    def __str__(self) -> str:
        lines = [f"DecodeRunner for '{self.transfer_syntax.name}'", "Options"]
        lines.extend(f"  {name}: {value}" for name, value in self.options.items())
        return "\n".join(lines)

    def _test_for(self, test: str) -> bool:
        if test == "be_swap_ow":
            if self.get_option("be_swap_ow"):
                return True
            return (
                not self.transfer_syntax.is_little_endian
                and self.bits_allocated // 8 == 1
                and self.pixel_keyword == "PixelData"
                and self.get_option("pixel_vr") == "OW"
            )
        if test == "sign_correction":
            j2k = (
                self.transfer_syntax in JPEG2000TransferSyntaxes
                and self.photometric_interpretation in (PI.MONOCHROME1, PI.MONOCHROME2)
                and self.get_option("apply_j2k_sign_correction", False)
            )
            jls = (
                self.transfer_syntax in JPEGLSTransferSyntaxes
                and self.pixel_representation == 1
                and self.get_option("apply_jls_sign_correction", False)
            )
            return j2k or jls
        if test == "shift_correction":
            return (
                self.get_option("correct_unused_bits", False)
                and self.pixel_keyword == "PixelData"
                and self.bits_allocated > self.bits_stored
            )
        raise ValueError(f"Unknown test '{test}'")

    def validate(self) -> None:
        self._validate_options()
        if self.is_dataset or self.is_buffer:
            self._validate_buffer()

    def _validate_buffer(self) -> None:
        frame_length = self.frame_length(unit="bytes")
        expected = ceil(frame_length * self.number_of_frames)
        actual = len(self._src)
        if self.transfer_syntax.is_encapsulated:
            if actual in (expected, expected + expected % 2):
                warn_and_log(
                    "The number of bytes of compressed pixel data matches the expected number "
                    "for uncompressed data - check that the transfer syntax has been set "
                    "correctly"
                )
            return
        padded = expected + expected % 2
        if actual < padded:
            if actual != expected:
                raise ValueError(
                    f"The number of bytes of pixel data is less than expected ({actual} vs "
                    f"{padded} bytes) - the dataset may be corrupted, have an invalid group "
                    "0028 element value, or the transfer syntax may be incorrect"
                )
        elif actual > padded:
            if self.photometric_interpretation == PI.YBR_FULL_422:
                ybr_length = expected // 2 * 3
                if actual >= ybr_length + ybr_length % 2:
                    raise ValueError(
                        "The number of bytes of pixel data is a third larger than expected "
                        f"({actual} vs {expected} bytes) which indicates the set (0028,0004) "
                        "'Photometric Interpretation' value of 'YBR_FULL_422' is incorrect "
                        "and may need to be changed to either 'RGB' or 'YBR_FULL'"
                    )
            elif self.get_option("allow_excess_frames", False):
                whole_frames = actual // frame_length
                if whole_frames > self.number_of_frames:
                    warn_and_log(
                        "The number of bytes of pixel data is sufficient to contain "
                        f"{whole_frames} frames which is larger than the given (0028,0008) "
                        f"'Number of Frames' value of {self.number_of_frames}. The returned "
                        "data will include these extra frames and if it's correct then you "
                        "should update 'Number of Frames' accordingly, otherwise pass "
                        "'allow_excess_frames=False' to return only the first "
                        f"{self.number_of_frames} frames."
                    )
                    self.set_option("number_of_frames", whole_frames)
                    return
            warn_and_log(
                f"The pixel data is {actual} bytes long, which indicates it contains "
                f"{actual - expected} bytes of excess padding to be removed"
            )

    def _validate_options(self) -> None:
        super()._validate_options()
        offsets = self.extended_offsets
        if offsets and len(offsets[0]) != len(offsets[1]):
            warn_and_log(
                "The number of items in (7FE0,0001) 'Extended Offset Table' and (7FE0,0002) "
                "'Extended Offset Table Lengths' don't match - the extended offset table will "
                "be ignored"
            )
            self.del_option("extended_offsets")

    # The bytes: a buffer as it is, or what a file-like holds from its position.
    def buffer(self) -> Any:
        if hasattr(self._src, "read"):
            stream = self._src
            position = stream.tell()
            data = stream.read()
            stream.seek(position)
            return data
        return self._src


def _pixel_value(ds: Any, keyword: str) -> Any:
    """The pixel data value, as a zero-copy view of the file's bytes while the
    element has not been used (so it is never copied into a bytes object)."""
    store = ds._native_store()
    if store is not None:
        view = store.unread_bytes(_PIXEL_TAGS[keyword])
        if view is not None:
            return view
    return ds[keyword].value


def _pixel_vr(ds: Any, keyword: str) -> str:
    """The pixel data's VR, without touching the element (which would copy its
    value) while it is as read."""
    store = ds._native_store()
    tag = _PIXEL_TAGS[keyword]
    if store is not None and store.is_unread(tag):
        if vr := store.vr_as_read(tag):
            return vr
        if keyword == "PixelData" and store.encoding[0]:
            # What pydicom's VR correction makes of implicit "OB or OW".
            return "OB" if ds.get("BitsAllocated", 16) <= 8 else "OW"
    return ds[keyword].VR


def _correct_unused_bits(arr: np.ndarray, runner: DecodeRunner) -> np.ndarray:
    if not arr.flags.writeable or not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr).copy() if not arr.flags.writeable else np.ascontiguousarray(arr)
    _native.correct_unused_bits(
        arr.reshape(-1).view(np.uint8),
        arr.dtype.itemsize,
        runner.bits_stored,
        arr.dtype.kind == "i",
        arr.dtype.byteorder == ">" or (arr.dtype.byteorder == "=" and not native_byteorder_matches(True)),
    )
    return arr


def _rle_frames(runner: DecodeRunner, src: Any, frames: list[list[tuple[int, int]]]) -> np.ndarray:
    try:
        arr, warnings = _native.rle_decode(
            src,
            frames,
            runner.rows,
            runner.columns,
            runner.samples_per_pixel,
            runner.bits_allocated,
            runner.get_option("rle_segment_order", ">") == "<",
        )
    except ValueError as exc:
        # pydicom reports a frame its plugins could not decode this way.
        raise decoding_failed(exc) from exc
    for message in warnings:
        warn_and_log(message)
    return arr


def _deflated_frames(runner: DecodeRunner, src: Any, frames: list[list[tuple[int, int]]]) -> np.ndarray:
    """Deflated Image Frame Compression: each frame inflated (in parallel), then
    read as native data; 1-bit frames are packed one by one, as pydicom 3.1 reads them."""
    try:
        declared = runner.rows * runner.columns * runner.samples_per_pixel
        arr, _ = _native.decode_frames("deflate", src, frames, declared, False)
    except ValueError as exc:
        raise decoding_failed(exc) from exc
    expected = runner.frame_length(unit="bytes") * len(frames)
    if arr.size != expected:
        raise decoding_failed(
            f"the inflated frames hold {arr.size} bytes where the Image Pixel module describes "
            f"{expected} ({len(frames)} frames)"
        )
    if runner.bits_allocated == 1:
        pixels = runner.frame_length(unit="pixels")
        bits = np.unpackbits(arr.reshape(len(frames), -1), axis=1, bitorder="little")
        return np.ascontiguousarray(bits[:, :pixels]).reshape(-1)
    return arr


def _load_native(runner: DecodeRunner, index: int | None, length_bytes: float, size: int) -> None:
    """Native frames: the bytes of frame `index` (with a byte either side, for odd
    and bit-packed frames), or all of them."""
    if index is None:
        runner.load(0, size)
    else:
        first = floor(index * length_bytes)
        runner.load(first - 1, first + ceil(length_bytes) + 1)


def _load_fragments(runner: DecodeRunner, frames: list[list[tuple[int, int]]]) -> None:
    for frame in frames:
        for start, length in frame:
            runner.load(start, start + length)


class Decoder(CoderBase):
    """The decoder for one transfer syntax."""

    def __init__(self, uid: UID, builtin: Any = None, aliases: tuple[str, ...] = ()) -> None:
        super().__init__(uid, decoder=True, builtin=builtin, aliases=aliases)

    def _runner(self, src: Any, decoding_plugin: str, kwargs: dict[str, Any]) -> DecodeRunner:
        from_file = kwargs.pop("_from_file", False)
        runner = DecodeRunner(self.UID)
        if isinstance(from_file, PixelsInFile):
            runner.set_pixels_in_file(src, from_file)
        else:
            runner.set_source(src)
        if from_file:
            # Read from a path or file-like: pydicom checks the options but not the
            # length of the pixel data then.
            runner._src_type = "BinaryIO"
        runner.set_options(**kwargs)
        self._validate_plugins(decoding_plugin)
        if config.debugging:
            LOGGER.debug(runner)
        return runner

    # -- native pixel data ------------------------------------------------------
    @staticmethod
    def _native_array(runner: DecodeRunner, index: int | None, fused: bool) -> np.ndarray:
        """The frame(s) as a flat array of the pixel dtype; unused bits corrected
        here when `fused`."""
        src = runner.buffer()
        size = len(src)
        length_bytes = runner.frame_length(unit="bytes")
        length_pixels = int(runner.frame_length(unit="pixels"))
        _load_native(runner, index, length_bytes, size)
        frames = runner.number_of_frames
        dtype = runner.pixel_dtype
        correct: dict[str, Any] = {}
        if fused:
            correct = dict(
                bits_stored=runner.bits_stored,
                signed=dtype.kind == "i",
                big_endian=not runner.transfer_syntax.is_little_endian,
            )
        view_only = runner.get_option("view_only", False)
        if fused and view_only:
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer when "
                "(0028,0101) 'Bits Stored' doesn't equal (0028,0100) 'Bits Allocated' and "
                "'correct_unused_bits=True'. In most cases you can pass "
                "'correct_unused_bits=False' instead to get a view if the uncorrected array is "
                "equivalent to the corrected one."
            )
        if runner._test_for("be_swap_ow"):
            if view_only:
                LOGGER.warning(
                    "Unable to return an ndarray that's a view on the original buffer for "
                    "8-bit pixel data encoded as OW with 'Explicit VR Big Endian'"
                )
            length_bytes = cast(int, length_bytes)
            if index is not None:
                start = index * length_bytes
                if start + length_bytes > size:
                    raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
                odd = index % 2 if length_bytes % 2 else 0
                span = length_bytes + (1 if length_bytes % 2 else 0)
                raw = _native.native_pixels(src, start - odd, min(span, size - start + odd), "swap", bytes_per_sample=1, **correct)
                return raw[odd : odd + length_bytes].view(dtype)
            total = length_bytes * frames
            raw = _native.native_pixels(src, 0, min(total + total % 2, size), "swap", bytes_per_sample=1, **correct)
            return raw[:total].view(dtype)
        if index is not None:
            start = floor(index * length_bytes)
            if start + length_bytes > size:
                raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
            length = ceil(length_bytes)
            bit_offset = index * length_pixels % 8
            count = length_pixels
        else:
            start = 0
            length = ceil(length_bytes * frames)
            bit_offset = 0
            count = length_pixels * frames
        if runner.bits_allocated == 1:
            if view_only:
                LOGGER.warning(
                    "Unable to return an ndarray that's a view on the original buffer for "
                    "bit-packed pixel data"
                )
            # A frame may start and end inside a byte: read every byte it touches.
            length = min(ceil((bit_offset + count) / 8), size - start)
            return _native.native_pixels(src, start, length, "bits", bit_offset=bit_offset, count=count)
        itemsize = dtype.itemsize
        if runner.photometric_interpretation == PI.YBR_FULL_422:
            if view_only:
                LOGGER.warning(
                    "Unable to return an ndarray that's a view on the original buffer for "
                    "uncompressed pixel data with a photometric interpretation of "
                    "'YBR_FULL_422'"
                )
            out = _native.native_pixels(src, start, length, "ybr422", bytes_per_sample=itemsize, **correct)
            runner.set_option("photometric_interpretation", PI.YBR_FULL)
            return out.view(dtype)
        if view_only and not fused:
            return np.frombuffer(memoryview(src)[start : start + length], dtype=dtype)
        return _native.native_pixels(src, start, length, "plain", bytes_per_sample=itemsize, **correct).view(dtype)

    # -- encapsulated pixel data -------------------------------------------------
    def _encapsulated_array(self, runner: DecodeRunner, index: int | None) -> np.ndarray:
        src = runner.buffer()
        options = dict(
            number_of_frames=runner.number_of_frames,
            extended_offsets=runner.extended_offsets,
            endianness="<",
        )
        if index is not None:
            frames = [_frame_at(src, index, **options)]
        else:
            frames = list(_frame_ranges(src, **options))
            wanted = runner.number_of_frames
            if len(frames) < wanted:
                raise ValueError(
                    f"The encapsulated pixel data has {len(frames)} frames, fewer than the "
                    f"(0028,0008) 'Number of Frames' value of {wanted}"
                )
            if len(frames) > wanted:
                if runner.get_option("allow_excess_frames", False):
                    warn_and_log(
                        f"{len(frames)} frames have been found in the encapsulated pixel "
                        "data, which is larger than the given (0028,0008) 'Number of Frames' "
                        f"value of {wanted}. The returned data will include these extra "
                        "frames and if it's correct then you should update 'Number of "
                        "Frames' accordingly, otherwise pass 'allow_excess_frames=False' to "
                        f"return only the first {wanted} frames."
                    )
                    runner.set_option("number_of_frames", len(frames))
                else:
                    frames = frames[:wanted]
        _load_fragments(runner, frames)
        arr = self._builtin(runner, src, frames)
        # Frames come out pixel interleaved whatever the dataset says.
        if runner.samples_per_pixel > 1:
            runner.set_option("planar_configuration", 0)
        return arr.view(runner.pixel_dtype)

    def _array(self, runner: DecodeRunner, index: int | None, as_frame: bool) -> tuple[np.ndarray, bool]:
        if self.is_native:
            fused = runner._test_for("shift_correction")
            arr = runner.reshape(self._native_array(runner, index, fused), as_frame=as_frame)
            return arr, fused
        return runner.reshape(self._encapsulated_array(runner, index), as_frame=as_frame), False

    def _finish(self, runner: DecodeRunner, arr: np.ndarray, corrected: bool, raw: bool, as_frame: bool) -> tuple[np.ndarray, dict[str, Any]]:
        if runner._test_for("sign_correction"):
            arr = apply_sign_correction(arr, runner)
        elif runner._test_for("shift_correction") and not corrected:
            arr = _correct_unused_bits(arr, runner)
        overrides: dict[str, Any] = {}
        if not raw:
            arr, overrides = runner.process(arr)
        as_writeable = not (self.is_native and runner.get_option("view_only", False))
        if not arr.flags.writeable and as_writeable:
            arr = arr.copy()
        if runner.samples_per_pixel > 1:
            overrides["planar_configuration"] = 0
        properties = runner.pixel_properties(as_frame=as_frame)
        properties.update(overrides)
        return arr, properties

    def as_array(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        raw: bool = False,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> tuple[np.ndarray, dict[str, str | int]]:
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        runner = self._runner(src, decoding_plugin, kwargs)
        runner.raw = raw
        if validate:
            runner.validate()
        as_frame = index is not None
        arr, corrected = self._array(runner, index, as_frame)
        return self._finish(runner, arr, corrected, raw, as_frame)

    def iter_array(
        self,
        src: Any,
        *,
        indices: Iterable[int] | None = None,
        raw: bool = False,
        validate: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[tuple[np.ndarray, dict[str, str | int]]]:
        runner = self._runner(src, decoding_plugin, kwargs)
        runner.raw = raw
        if validate:
            runner.validate()
        if self.is_encapsulated and not indices:
            src_bytes = runner.buffer()
            for frame in _frame_ranges(
                src_bytes,
                number_of_frames=runner.number_of_frames,
                extended_offsets=runner.extended_offsets,
                endianness="<",
            ):
                _load_fragments(runner, [frame])
                arr = self._builtin(runner, src_bytes, [frame]).view(runner.pixel_dtype)
                if runner.samples_per_pixel > 1:
                    runner.set_option("planar_configuration", 0)
                arr = runner.reshape(arr, as_frame=True)
                yield self._finish(runner, arr, False, raw, True)
            return
        for index in indices if indices else range(runner.number_of_frames):
            arr, corrected = self._array(runner, index, True)
            yield self._finish(runner, arr, corrected, raw, True)

    def as_buffer(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> tuple[Any, dict[str, str | int]]:
        runner = self._runner(src, decoding_plugin, kwargs)
        if validate:
            runner.validate()
        return self._buffer(runner, index), runner.pixel_properties(as_frame=index is not None)

    def _buffer(self, runner: DecodeRunner, index: int | None) -> Any:
        if self.is_encapsulated:
            return self._encapsulated_array(runner, index).tobytes()
        src = runner.buffer()
        length_bytes = runner.frame_length(unit="bytes")
        _load_native(runner, index, length_bytes, len(src))
        view = memoryview(src) if runner.get_option("view_only", False) else src
        if index is None:
            total = length_bytes * runner.number_of_frames
            end = ceil(total) + (total % 2 if runner._test_for("be_swap_ow") else 0)
            return view[:end]
        start = floor(index * length_bytes)
        if start + length_bytes > len(src):
            raise ValueError(f"There is insufficient pixel data to contain {index + 1} frames")
        if runner._test_for("be_swap_ow") and length_bytes % 2:
            start -= index % 2
            return view[start : start + length_bytes + 1]
        return view[start : start + ceil(length_bytes)]

    def iter_buffer(
        self,
        src: Any,
        *,
        indices: Iterable[int] | None = None,
        validate: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[tuple[Any, dict[str, str | int]]]:
        runner = self._runner(src, decoding_plugin, kwargs)
        if validate:
            runner.validate()
        for index in indices if indices else range(runner.number_of_frames):
            yield self._buffer(runner, index), runner.pixel_properties(as_frame=True)


def _decoders() -> dict[UID, Decoder]:
    from rapidicom import uid

    native = [
        uid.ImplicitVRLittleEndian,
        uid.ExplicitVRLittleEndian,
        uid.DeflatedExplicitVRLittleEndian,
        uid.ExplicitVRBigEndian,
    ]
    table = {u: Decoder(u) for u in native}
    jpeg_family = [
        uid.JPEGBaseline8Bit,
        uid.JPEGExtended12Bit,
        uid.JPEGLossless,
        uid.JPEGLosslessSV1,
        uid.JPEGLSLossless,
        uid.JPEGLSNearLossless,
        uid.JPEG2000Lossless,
        uid.JPEG2000,
        uid.HTJ2KLossless,
        uid.HTJ2KLosslessRPCL,
        uid.HTJ2K,
    ]
    for u in jpeg_family:
        table[u] = Decoder(u, builtin=frames_decoder(codec_for(u)), aliases=JPEG_ALIASES)
    table[RLELossless] = Decoder(RLELossless, builtin=_rle_frames, aliases=RLE_ALIASES)
    table[uid.DeflatedImageFrameCompression] = Decoder(
        uid.DeflatedImageFrameCompression, builtin=_deflated_frames, aliases=("pydicom",)
    )
    return table


_PIXEL_DATA_DECODERS = _decoders()
ImplicitVRLittleEndianDecoder = _PIXEL_DATA_DECODERS[UID("1.2.840.10008.1.2")]
ExplicitVRLittleEndianDecoder = _PIXEL_DATA_DECODERS[UID("1.2.840.10008.1.2.1")]
DeflatedExplicitVRLittleEndianDecoder = _PIXEL_DATA_DECODERS[UID("1.2.840.10008.1.2.1.99")]
ExplicitVRBigEndianDecoder = _PIXEL_DATA_DECODERS[UID("1.2.840.10008.1.2.2")]
RLELosslessDecoder = _PIXEL_DATA_DECODERS[RLELossless]
DeflatedImageFrameCompressionDecoder = _PIXEL_DATA_DECODERS[UID("1.2.840.10008.1.2.8.1")]


def get_decoder(uid: str) -> Decoder:
    """The decoder for the transfer syntax `uid`."""
    uid = UID(uid)
    try:
        return _PIXEL_DATA_DECODERS[uid]
    except KeyError:
        raise NotImplementedError(f"No pixel data decoders have been implemented for '{uid.name}'")
