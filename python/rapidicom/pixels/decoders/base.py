"""Pixel data decoders (pydicom.pixels.decoders.base): pydicom 3.0's
``Decoder`` and ``DecodeRunner``, options and validation in Python, bytes in
Rust.

Native pixel data reaches numpy with one copy (``_native_frames``). Encapsulated
data goes to the decoder's plugins as pydicom's does, frame by frame; rapidicom's
own plugins (registered first, so the default) also decode every frame at once,
in parallel with the GIL released (a plugin function's ``frames`` attribute),
which ``as_array`` uses when it can, falling back to the frame by frame path
(and so to pydicom's errors and the other plugins) when that fails.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from io import BufferedIOBase
from math import ceil
from typing import Any, BinaryIO, cast

import numpy as np

from rapidicom import config
from rapidicom.encaps import _frame_at, _frame_ranges, generate_frames, get_frame
from rapidicom.misc import warn_and_log
from rapidicom.pixels._pixel_values import _PIXEL_KEYWORDS, _pixel_value, _pixel_vr
from rapidicom.pixels.common import (
    PI,
    Buffer,
    CoderBase,
    RunnerBase,
    RunnerOptions,
    native_byteorder_matches,
    plugin_failure,
)
from rapidicom.pixels.decoders._native_frames import load_fragments, native_array, native_buffer
from rapidicom.pixels.in_file import PixelsInFile
from rapidicom.pixels.plain_native import plain_native
from rapidicom.pixels.processing import convert_color_space
from rapidicom.pixels.utils import _get_jpg_parameters, get_j2k_parameters
from rapidicom.uid import (
    HTJ2K,
    JPEG2000,
    UID,
    DeflatedExplicitVRLittleEndian,
    DeflatedImageFrameCompression,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEG2000TransferSyntaxes,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    JPEGLSTransferSyntaxes,
    JPEGTransferSyntaxes,
    RLELossless,
)

LOGGER = logging.getLogger("pydicom")

DecodeFunction = Callable[[bytes, "DecodeRunner"], bytes | bytearray]
ProcessingFunction = Callable[[np.ndarray, "DecodeRunner", dict[str, str | int]], np.ndarray]


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


def _process_color_space(arr: np.ndarray, runner: "DecodeRunner", changes: dict[str, str | int]) -> np.ndarray:
    """YBR samples converted to RGB (``as_rgb``, the default), or RGB to YBR
    (``force_ybr``); ``force_rgb`` converts whatever the data says."""
    force_ybr = runner.get_option("force_ybr", False)
    force_rgb = runner.get_option("force_rgb", False)
    if force_ybr and force_rgb:
        raise ValueError("'force_ybr' and 'force_rgb' cannot both be True")
    to_rgb = (
        runner.photometric_interpretation in (PI.YBR_FULL, PI.YBR_FULL_422) and runner.get_option("as_rgb", False)
    ) or force_rgb
    if not arr.flags.writeable and (to_rgb or force_ybr):
        if runner.get_option("view_only", False):
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer if applying a color space conversion"
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


def _correct_unused_bits(arr: np.ndarray, runner: "DecodeRunner", log_warning: bool = True) -> np.ndarray:
    """The bits above Bits Stored cleared (unsigned) or the sign extended into
    them (signed)."""
    if (
        log_warning
        and runner.get_option("view_only", False)
        and not runner.transfer_syntax.is_encapsulated
        and not arr.flags.writeable
    ):
        LOGGER.warning(
            "Unable to return an ndarray that's a view on the original buffer when (0028,0101) "
            "'Bits Stored' doesn't equal (0028,0100) 'Bits Allocated' and "
            "'correct_unused_bits=True'. In most cases you can pass 'correct_unused_bits=False' "
            "instead to get a view if the uncorrected array is equivalent to the corrected one."
        )
    if not arr.flags.writeable:
        arr = arr.copy()
    from rapidicom import _native

    contiguous = np.ascontiguousarray(arr)
    _native.correct_unused_bits(
        contiguous.reshape(-1).view(np.uint8),
        arr.dtype.itemsize,
        runner.bits_stored,
        arr.dtype.kind == "i",
        arr.dtype.byteorder == ">" or (arr.dtype.byteorder == "=" and not native_byteorder_matches(True)),
    )
    return contiguous


def _apply_sign_correction(arr: np.ndarray, runner: "DecodeRunner") -> np.ndarray:
    """Sign extension of JPEG 2000 samples whose signedness differs from Pixel
    Representation, and of JPEG-LS samples (which carry no sign)."""
    if runner.transfer_syntax in JPEG2000TransferSyntaxes:
        signed = runner.get_option("j2k_is_signed", runner.pixel_representation)
        precision = runner.get_option("j2k_precision", runner.bits_stored)
        shift = 8 * arr.dtype.itemsize - precision
        if not (shift and signed != runner.pixel_representation):
            return arr
    elif runner.transfer_syntax in JPEGLSTransferSyntaxes:
        precision = runner.get_option("jls_precision", runner.bits_stored)
        shift = 8 * arr.dtype.itemsize - precision
        if not shift:
            return arr
    else:
        return arr
    if not arr.flags.writeable:
        arr = arr.copy()
    np.left_shift(arr, shift, out=arr)
    np.right_shift(arr, shift, out=arr)
    return arr


PROCESSORS: list[ProcessingFunction] = [_process_color_space]


class DecodeRunner(RunnerBase):
    """The source, options and plugins of one decoding."""

    def __init__(self, tsyntax: UID) -> None:
        self._src: Any = None
        self._src_type = "UNDEFINED"
        self._opts: DecodeOptions = {  # type: ignore[assignment]
            "transfer_syntax_uid": tsyntax,
            "as_rgb": True,
            "allow_excess_frames": True,
        }
        self._undeletable = ("transfer_syntax_uid", "pixel_keyword")
        self._decoders: dict[str, DecodeFunction] = {}
        self._previous: tuple[str, DecodeFunction]
        # Pixel data left in its file (large files), read as frames need it.
        self._in_file: PixelsInFile | None = None
        # Read from a path or file-like: pydicom checks the options then, but
        # not the length of the pixel data.
        self._length_unchecked = False
        # A plugin already gave RGB for YBR samples (libjpeg while decoding),
        # which it may do unless the caller wants the samples as decoded (raw).
        self.converted_to_rgb = False
        self.raw = False
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

    def _conform_jpg_colorspace(self, info: dict[str, Any]) -> None:
        """Photometric Interpretation as the JPEG codestream says: component IDs
        'RGB' mean RGB, a JFIF marker means YBR."""
        if self.samples_per_pixel != 3:
            return
        pi = self.photometric_interpretation
        if info.get("component_ids", None) in ([82, 71, 66], [114, 103, 98]) and pi != PI.RGB:
            self.set_option("photometric_interpretation", PI.RGB)
            warn_and_log(
                f"The (0028,0004) 'Photometric Interpretation' value is '{pi}' however the encoded "
                "image's codestream uses component IDs that indicate it should be 'RGB'"
            )
            return
        ybr = PI.YBR_FULL_422 if self.transfer_syntax == JPEGBaseline8Bit else PI.YBR_FULL
        for marker in info.get("app", {}).values():
            if marker.startswith(b"JFIF") and "YBR" not in pi:
                self.set_option("photometric_interpretation", ybr)
                warn_and_log(
                    f"The (0028,0004) 'Photometric Interpretation' value is '{pi}' however the "
                    f"encoded image's codestream contains a JFIF APP marker which indicates it "
                    f"should be '{ybr}'"
                )
                return

    def decode(self, index: int) -> bytes | bytearray:
        """Frame `index` decoded by the first plugin that can."""
        options = dict(number_of_frames=self.number_of_frames, extended_offsets=self.extended_offsets)
        if self._in_file is None:
            src = get_frame(self.buffer(), index, **options)
        else:
            src = self._frame_from_file(_frame_at(self.buffer(), index, endianness="<", **options))
        self._get_frame_info(src)
        return self._decode_frame(src)

    def _decode_frame(self, src: bytes) -> bytes | bytearray:
        failures = []
        for name, func in self._decoders.items():
            try:
                frame = func(src, self)
            except BaseException as exc:
                if not plugin_failure(exc):
                    raise
                LOGGER.exception(exc)
                failures.append(f"{name}: {exc}")
                continue
            if hasattr(self, "_previous") and self._previous[1] != func:
                warn_and_log(
                    f"The decoding plugin has changed from '{self._previous[0]}' to '{name}' during "
                    "the decoding process - you may get inconsistent inter-frame results, consider "
                    f"passing 'decoding_plugin=\"{name}\"' instead"
                )
            self._previous = (name, func)
            return frame
        messages = "\n  ".join(failures)
        raise RuntimeError(f"Unable to decode as exceptions were raised by all available plugins:\n  {messages}")

    def get_data(self, src: Buffer | BinaryIO, offset: int, length: int) -> bytes:
        """`length` bytes of `src` from `offset` (a file-like is left where it was)."""
        if self.is_dataset or self.is_buffer:
            return src[offset : offset + length]  # type: ignore[index, return-value]
        stream = cast(BinaryIO, src)
        position = stream.tell()
        stream.seek(offset)
        data = stream.read(length)
        stream.seek(position)
        return data

    def _get_frame_info(self, src: bytes) -> None:
        """What the codestream says that pydicom takes into account."""
        if self.transfer_syntax in JPEG2000TransferSyntaxes:
            info = get_j2k_parameters(src)
            self.set_option("j2k_is_signed", info.get("is_signed", self.pixel_representation))
            self.set_option("j2k_precision", info.get("precision", self.bits_stored))
        elif self.transfer_syntax in JPEGLSTransferSyntaxes:
            info = _get_jpg_parameters(src)
            self.set_option("jls_precision", info.get("precision", self.bits_stored))
            self._conform_jpg_colorspace(info)
        elif self.transfer_syntax in JPEGTransferSyntaxes:
            self._conform_jpg_colorspace(_get_jpg_parameters(src))

    def iter_decode(self) -> Iterator[bytes | bytearray]:
        """Each frame decoded in turn, by the plugin that decoded the last one
        unless it fails on this one."""
        position = cast(BinaryIO, self.src).tell() if self.is_binary else None
        options = dict(number_of_frames=self.number_of_frames, extended_offsets=self.extended_offsets)
        if self._in_file is None:
            frames: Iterator[bytes] = generate_frames(self.buffer(), **options)
        else:
            ranges = _frame_ranges(self.buffer(), endianness="<", **options)
            frames = (self._frame_from_file(frame) for frame in ranges)
        for index, src in enumerate(frames):
            self._get_frame_info(src)
            name, func = getattr(self, "_previous", (None, None))
            if func:
                try:
                    yield func(src, self)
                    continue
                except BaseException as exc:
                    if not plugin_failure(exc):
                        raise
                    LOGGER.warning(f"The decoding plugin '{name}' failed to decode the frame at index {index}")
            yield self._decode_frame(src)
        if position is not None:
            cast(BinaryIO, self.src).seek(position)

    def _frame_from_file(self, fragments: list[tuple[int, int]]) -> bytes:
        """A frame of pixel data left in its file: its fragments read, then joined."""
        load_fragments(self, [fragments])
        data = memoryview(self.buffer())
        return b"".join(data[start : start + length] for start, length in fragments)

    @property
    def pixel_dtype(self) -> np.dtype:
        """The dtype of the decoded samples, in the data's byte order."""
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
                    f"The data type '{name}' needed to contain the pixel data is not supported by NumPy"
                )
        if not native_byteorder_matches(self.transfer_syntax.is_little_endian):
            dtype = dtype.newbyteorder("S")
        return dtype

    def pixel_properties(self, as_frame: bool = False) -> dict[str, str | int]:
        """The Image Pixel values that describe the decoded data."""
        d: dict[str, Any] = {
            "bits_allocated": self.bits_allocated,
            "columns": self.columns,
            "number_of_frames": 1 if as_frame else self.number_of_frames,
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
        """The flat samples shaped (frames, rows, columns, samples), pixel
        interleaved whatever the planar configuration."""
        frames, spp = self.number_of_frames, self.samples_per_pixel
        rows, columns = self.rows, self.columns
        lead = () if as_frame or frames <= 1 else (frames,)
        if spp == 1:
            return arr.reshape(*lead, rows, columns)
        if self.planar_configuration == 0:
            return arr.reshape(*lead, rows, columns, spp)
        arr = arr.reshape(*lead, spp, rows, columns)
        return arr.transpose(0, 2, 3, 1) if lead else arr.transpose(1, 2, 0)

    def set_decoders(self, decoders: dict[str, DecodeFunction]) -> None:
        self._decoders = decoders
        if hasattr(self, "_previous"):
            del self._previous

    def _set_options_ds(self, ds: Any) -> None:
        super()._set_options_ds(ds)
        file_meta = getattr(ds, "file_meta", {})
        if tsyntax := file_meta.get("TransferSyntaxUID", None):
            if tsyntax != self.transfer_syntax:
                raise ValueError(f"The dataset's transfer syntax '{tsyntax.name}' doesn't match the pixel data decoder")
        present = [kw for kw in _PIXEL_KEYWORDS if kw in ds]
        if not present:
            raise AttributeError(
                "The dataset has no 'Pixel Data', 'Float Pixel Data' or 'Double Float Pixel Data' "
                "element, no pixel data to decode"
            )
        if len(present) != 1:
            raise AttributeError(
                "One and only one of 'Pixel Data', 'Float Pixel Data' or 'Double Float Pixel Data' "
                "may be present in the dataset"
            )
        self.set_option("pixel_keyword", present[0])
        self.set_option("pixel_vr", _pixel_vr(ds, present[0]))

    def set_pixels_in_file(self, ds: Any, pixels: PixelsInFile) -> None:
        """Options from `ds` (read up to its pixel data); the pixel data itself is
        read from its file as frames need it (see `load`)."""
        RunnerBase._set_options_ds(self, ds)
        self.set_option("pixel_keyword", pixels.keyword)
        self.set_option("pixel_vr", pixels.vr or ("OB" if self.bits_allocated <= 8 else "OW"))
        self._src = pixels.buffer
        self._src_type = "Dataset"
        self._in_file = pixels

    def load(self, start: int, stop: int) -> None:
        """Make sure the source's bytes `start:stop` are there (read from the file
        when the pixel data was left in it)."""
        if self._in_file is not None:
            self._in_file.load(start, stop)

    def set_source(self, src: Any) -> None:
        """The pixel data: a dataset's (with its options), a buffer, or a
        file-like positioned at the start of the value."""
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

    def buffer(self) -> Any:
        """The source's bytes: a buffer as it is, or what a file-like holds from
        its position (which is left as it was)."""
        if self._in_file is None and hasattr(self._src, "read"):
            stream = self._src
            position = stream.tell()
            data = stream.read()
            stream.seek(position)
            return data
        return self._src

    def __str__(self) -> str:
        lines = [f"DecodeRunner for '{self.transfer_syntax.name}'", "Options"]
        lines.extend(f"  {name}: {value}" for name, value in self.options.items())
        if self._decoders:
            lines.append("Decoders")
            lines.extend(f"  {name}" for name in self._decoders)
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
            return bool(j2k or jls)
        if test == "shift_correction":
            return bool(
                self.get_option("correct_unused_bits", False)
                and self.pixel_keyword == "PixelData"
                and self.bits_allocated > self.bits_stored
            )
        raise ValueError(f"Unknown test '{test}'")

    def validate(self) -> None:
        self._validate_options()
        if (self.is_dataset or self.is_buffer) and not self._length_unchecked:
            self._validate_buffer()

    def _validate_buffer(self) -> None:
        """pydicom's checks of the value's length (errors and warnings)."""
        frame_length = self.frame_length(unit="bytes")
        expected = ceil(frame_length * self.number_of_frames)
        actual = len(self._src)
        if self.transfer_syntax.is_encapsulated:
            if actual in (expected, expected + expected % 2):
                warn_and_log(
                    "The number of bytes of compressed pixel data matches the expected number for "
                    "uncompressed data - check that the transfer syntax has been set correctly"
                )
            return
        padded = expected + expected % 2
        if actual < padded:
            if actual != expected:
                raise ValueError(
                    f"The number of bytes of pixel data is less than expected ({actual} vs {padded} "
                    "bytes) - the dataset may be corrupted, have an invalid group 0028 element "
                    "value, or the transfer syntax may be incorrect"
                )
        elif actual > padded:
            if self.photometric_interpretation == PI.YBR_FULL_422:
                ybr_length = expected // 2 * 3
                if actual >= ybr_length + ybr_length % 2:
                    raise ValueError(
                        f"The number of bytes of pixel data is a third larger than expected ({actual} "
                        f"vs {expected} bytes) which indicates the set (0028,0004) 'Photometric "
                        "Interpretation' value of 'YBR_FULL_422' is incorrect and may need to be "
                        "changed to either 'RGB' or 'YBR_FULL'"
                    )
            elif self.get_option("allow_excess_frames", False):
                whole_frames = actual // frame_length
                if whole_frames > self.number_of_frames:
                    warn_and_log(
                        f"The number of bytes of pixel data is sufficient to contain {whole_frames} "
                        "frames which is larger than the given (0028,0008) 'Number of Frames' value "
                        f"of {self.number_of_frames}. The returned data will include these extra "
                        "frames and if it's correct then you should update 'Number of Frames' "
                        "accordingly, otherwise pass 'allow_excess_frames=False' to return only the "
                        f"first {self.number_of_frames} frames."
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
                "'Extended Offset Table Lengths' don't match - the extended offset table will be "
                "ignored"
            )
            self.del_option("extended_offsets")


def _excess_frames_warning(found: int, declared: int) -> None:
    warn_and_log(
        f"{found} frames have been found in the encapsulated pixel data, which is larger than the "
        f"given (0028,0008) 'Number of Frames' value of {declared}. The returned data will include "
        "these extra frames and if it's correct then you should update 'Number of Frames' "
        "accordingly, otherwise pass 'allow_excess_frames=False' to return only the first "
        f"{declared} frames."
    )


class Decoder(CoderBase):
    """The decoder for one transfer syntax."""

    def __init__(self, uid: UID) -> None:
        super().__init__(uid, decoder=True)

    def _runner(self, src: Any, decoding_plugin: str, kwargs: dict[str, Any]) -> DecodeRunner:
        from_file = kwargs.pop("_from_file", False)
        runner = DecodeRunner(self.UID)
        if isinstance(from_file, PixelsInFile):
            runner.set_pixels_in_file(src, from_file)
        else:
            runner.set_source(src)
        runner._length_unchecked = bool(from_file)
        runner.set_options(**kwargs)
        runner.set_decoders(self._validate_plugins(decoding_plugin))
        if config.debugging:
            LOGGER.debug(runner)
        return runner

    @staticmethod
    def _finish(
        runner: DecodeRunner, arr: np.ndarray, raw: bool, as_frame: bool, as_writeable: bool, log_warning: bool = True
    ) -> tuple[np.ndarray, dict[str, str | int]]:
        if runner._test_for("sign_correction"):
            arr = _apply_sign_correction(arr, runner)
        elif runner._test_for("shift_correction") and not getattr(runner, "_corrected", False):
            arr = _correct_unused_bits(arr, runner, log_warning=log_warning)
        overrides: dict[str, str | int] = {}
        if not raw:
            arr, overrides = runner.process(arr)
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
        """The pixel data of `src` (a dataset, a buffer or a file-like) as an
        array, all frames or frame `index`, with the Image Pixel values that
        describe it."""
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        if index is None and validate and not kwargs and not decoding_plugin and self.is_native:
            # The plain case (see plain_native) needs no runner: the same array
            # and values, without its per-call set-up.
            from rapidicom.dataset import Dataset

            found = plain_native(src, self.UID) if isinstance(src, Dataset) else None
            if found is not None:
                return found
        runner = self._runner(src, decoding_plugin, kwargs)
        runner.raw = raw
        if validate:
            runner.validate()
        as_frame = index is not None
        if self.is_native:
            arr = runner.reshape(self._as_array_native(runner, index), as_frame=as_frame)
            as_writeable = not runner.get_option("view_only", False)
        else:
            arr = runner.reshape(self._as_array_encapsulated(runner, index), as_frame=as_frame)
            as_writeable = True
        return self._finish(runner, arr, raw, as_frame, as_writeable)

    @staticmethod
    def _as_array_native(runner: DecodeRunner, index: int | None) -> np.ndarray:
        # Unused bits are cleared while copying, when they must be.
        runner._corrected = fused = runner._test_for("shift_correction")  # type: ignore[attr-defined]
        return native_array(runner, index, fused)

    @staticmethod
    def _as_array_encapsulated(runner: DecodeRunner, index: int | None) -> np.ndarray:
        """The decoded frame(s) as a flat array of the pixel dtype: all at once
        by our plugin when it comes first, else frame by frame as pydicom."""
        bits_allocated = runner.bits_allocated
        arr = _all_frames_at_once(runner, index)
        if arr is None:
            arr = _frame_by_frame(runner, index)
        runner.set_option("bits_allocated", bits_allocated)
        return arr

    def as_buffer(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> tuple[Buffer, dict[str, str | int]]:
        """The pixel data of `src` as bytes (native data as held, decoded frames
        as the plugin gives them), with the Image Pixel values that describe them."""
        runner = self._runner(src, decoding_plugin, kwargs)
        if validate:
            runner.validate()
        if self.is_native:
            buffer = native_buffer(runner, index)
        else:
            buffer = self._as_buffer_encapsulated(runner, index)
        return buffer, runner.pixel_properties(as_frame=index is not None)

    @staticmethod
    def _as_buffer_encapsulated(runner: DecodeRunner, index: int | None) -> bytes | bytearray:
        def check(frame: Any, idx: int) -> None:
            length = runner.frame_length(unit="bytes")
            if (actual := len(frame)) != length:
                raise ValueError(
                    f"Unexpected number of bytes in the decoded frame with index {idx} "
                    f"({actual} bytes actual vs {length} expected)"
                )

        if index is not None:
            frame = runner.decode(index=index)
            check(frame, index)
            return frame
        frames: list[Any] = []
        bits_allocated: list[int] = []
        decoded = runner.iter_decode()
        for idx in range(runner.number_of_frames):
            frame = next(decoded)
            bits_allocated.append(runner.bits_allocated)
            check(frame, idx)
            frames.append(frame)
        if runner.get_option("allow_excess_frames", False):
            excess = []
            declared = runner.number_of_frames
            for frame in decoded:
                if len(frame) == runner.frame_length(unit="bytes"):
                    excess.append(frame)
                    runner.set_option("number_of_frames", runner.number_of_frames + 1)
                    bits_allocated.append(runner.bits_allocated)
            if excess:
                _excess_frames_warning(len(excess) + len(frames), declared)
                frames.extend(excess)
        if len(set(bits_allocated)) != 1:
            # Frames decoded at different widths: all made as wide as the widest.
            target = max(bits_allocated)
            step = target // 8
            for idx, (actual, frame) in enumerate(zip(bits_allocated, frames)):
                if actual != target:
                    LOGGER.debug(f"Padding frame {idx} from {actual} to {target}-bit")
                    width = actual // 8
                    out = bytearray(len(frame) // width * step)
                    for offset in range(width):
                        out[offset::step] = frame[offset::width]
                    frames[idx] = out
            runner.set_option("bits_allocated", target)
        return b"".join(frames)

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
        """Each frame of `src` (or those at `indices`) as an array, with the
        Image Pixel values that describe it."""
        runner = self._runner(src, decoding_plugin, kwargs)
        runner.raw = raw
        if validate:
            runner.validate()
        as_writeable = not (self.is_native and runner.get_option("view_only", False))
        log_warning = True
        if self.is_encapsulated and not indices:
            for frame in runner.iter_decode():
                arr = runner.reshape(np.frombuffer(frame, dtype=runner.pixel_dtype), as_frame=True)
                yield self._finish(runner, arr, raw, True, True, log_warning)
                log_warning = False
            return
        func = self._as_array_native if self.is_native else self._as_array_encapsulated
        for index in indices if indices else range(runner.number_of_frames):
            arr = runner.reshape(func(runner, index), as_frame=True)
            yield self._finish(runner, arr, raw, True, as_writeable, log_warning)
            log_warning = False

    def iter_buffer(
        self,
        src: Any,
        *,
        indices: Iterable[int] | None = None,
        validate: bool = True,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[tuple[Buffer, dict[str, str | int]]]:
        """Each frame of `src` (or those at `indices`) as bytes."""
        runner = self._runner(src, decoding_plugin, kwargs)
        if validate:
            runner.validate()
        if self.is_encapsulated and not indices:
            for buffer in runner.iter_decode():
                yield buffer, runner.pixel_properties(as_frame=True)
            return
        for index in indices if indices else range(runner.number_of_frames):
            if self.is_native:
                buffer = native_buffer(runner, index)
            else:
                buffer = self._as_buffer_encapsulated(runner, index)
            yield buffer, runner.pixel_properties(as_frame=True)


def _all_frames_at_once(runner: DecodeRunner, index: int | None) -> np.ndarray | None:
    """The frame(s) decoded in one native call when the first plugin is one of
    ours that can (it has ``frames``); None when it is not, or it fails (the
    frame by frame path then gives pydicom's errors, or another plugin's
    frames)."""
    first = next(iter(runner._decoders.values()), None)
    batch = getattr(first, "frames", None)
    if batch is None:
        return None
    src = runner.buffer()
    options = dict(number_of_frames=runner.number_of_frames, extended_offsets=runner.extended_offsets)
    try:
        if index is not None:
            frames = [_frame_at(src, index, endianness="<", **options)]
        else:
            frames = list(_frame_ranges(src, endianness="<", **options))
    except Exception:
        return None
    declared = runner.number_of_frames
    if index is None and len(frames) < declared:
        return None
    if index is None and len(frames) > declared:
        if runner.get_option("allow_excess_frames", False):
            excess = [f for f in frames[declared:] if f]
            if not excess:
                frames = frames[:declared]
        else:
            frames = frames[:declared]
    load_fragments(runner, frames)
    dtype = runner.pixel_dtype
    state = dict(runner._opts)
    try:
        arr = batch(runner, src, frames)
    except Exception as exc:
        LOGGER.debug(f"Decoding every frame at once failed ({exc}), decoding frame by frame")
        runner._opts.clear()
        runner._opts.update(state)
        return None
    if index is None and len(frames) > declared:
        _excess_frames_warning(len(frames), declared)
        runner.set_option("number_of_frames", len(frames))
    # Samples decoded to another width than Bits Allocated (the codestream's
    # precision) are cast to the dataset's dtype, as pydicom's path does.
    out = arr.view(runner.pixel_dtype)
    return out if out.dtype == dtype else out.astype(dtype)


def _frame_by_frame(runner: DecodeRunner, index: int | None) -> np.ndarray:
    """pydicom's path: each frame decoded by the plugins in turn, into an array
    of the dtype the Image Pixel module gives (a plugin that decodes to another
    width has its samples cast). Where pydicom lets numpy or the frame iterator
    fail, a frame of the wrong size or a missing frame is said so."""
    pixels = int(runner.frame_length(unit="pixels"))
    count = 1 if index is not None else runner.number_of_frames
    arr = np.empty(pixels * count, dtype=runner.pixel_dtype)
    if index is not None:
        arr[:] = _decoded_samples(runner, runner.decode(index=index), index, pixels)
        return arr
    decoded = runner.iter_decode()
    for i in range(count):
        try:
            frame = next(decoded)
        except StopIteration:
            raise ValueError(
                f"The encapsulated pixel data has {i} frames, fewer than the (0028,0008) "
                f"'Number of Frames' value of {count}"
            ) from None
        arr[i * pixels : (i + 1) * pixels] = _decoded_samples(runner, frame, i, pixels)
    if runner.get_option("allow_excess_frames", False):
        excess = []
        for frame in decoded:
            if len(frame) == runner.frame_length(unit="bytes"):
                excess.append(np.frombuffer(frame, runner.pixel_dtype))
                runner.set_option("number_of_frames", runner.number_of_frames + 1)
        if excess:
            _excess_frames_warning(len(excess) + count, count)
            arr = np.concatenate([arr, *excess])
    return arr


def _decoded_samples(runner: DecodeRunner, frame: Buffer, index: int, pixels: int) -> np.ndarray:
    samples = np.frombuffer(frame, dtype=runner.pixel_dtype)
    if samples.size != pixels:
        name = getattr(runner, "_previous", ("the plugin",))[0]
        raise ValueError(
            f"The frame at index {index} decoded by '{name}' holds {samples.size} samples where "
            f"the Image Pixel module describes {pixels}"
        )
    return samples


# The decoders, their plugins in the order they are tried: ours first.
_BUILTIN_JPEG = ("rapidicom", ("rapidicom.pixels.decoders.jpeg_family", "_decode_frame"))
_GDCM = ("gdcm", ("rapidicom.pixels.decoders.gdcm", "_decode_frame"))
_PYLIBJPEG = ("pylibjpeg", ("rapidicom.pixels.decoders.pylibjpeg", "_decode_frame"))
_PILLOW = ("pillow", ("rapidicom.pixels.decoders.pillow", "_decode_frame"))
_PYJPEGLS = ("pyjpegls", ("rapidicom.pixels.decoders.pyjpegls", "_decode_frame"))

ImplicitVRLittleEndianDecoder = Decoder(ImplicitVRLittleEndian)
ExplicitVRLittleEndianDecoder = Decoder(ExplicitVRLittleEndian)
ExplicitVRBigEndianDecoder = Decoder(ExplicitVRBigEndian)
DeflatedExplicitVRLittleEndianDecoder = Decoder(DeflatedExplicitVRLittleEndian)
JPEGBaseline8BitDecoder = Decoder(JPEGBaseline8Bit)
JPEGBaseline8BitDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PILLOW])
JPEGExtended12BitDecoder = Decoder(JPEGExtended12Bit)
JPEGExtended12BitDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PILLOW])
JPEGLosslessDecoder = Decoder(JPEGLossless)
JPEGLosslessDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG])
JPEGLosslessSV1Decoder = Decoder(JPEGLosslessSV1)
JPEGLosslessSV1Decoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG])
JPEGLSLosslessDecoder = Decoder(JPEGLSLossless)
JPEGLSLosslessDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PYJPEGLS])
JPEGLSNearLosslessDecoder = Decoder(JPEGLSNearLossless)
JPEGLSNearLosslessDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PYJPEGLS])
JPEG2000LosslessDecoder = Decoder(JPEG2000Lossless)
JPEG2000LosslessDecoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PILLOW])
JPEG2000Decoder = Decoder(JPEG2000)
JPEG2000Decoder.add_plugins([_BUILTIN_JPEG, _GDCM, _PYLIBJPEG, _PILLOW])
HTJ2KLosslessDecoder = Decoder(HTJ2KLossless)
HTJ2KLosslessDecoder.add_plugins([_BUILTIN_JPEG, _PYLIBJPEG])
HTJ2KLosslessRPCLDecoder = Decoder(HTJ2KLosslessRPCL)
HTJ2KLosslessRPCLDecoder.add_plugins([_BUILTIN_JPEG, _PYLIBJPEG])
HTJ2KDecoder = Decoder(HTJ2K)
HTJ2KDecoder.add_plugins([_BUILTIN_JPEG, _PYLIBJPEG])
RLELosslessDecoder = Decoder(RLELossless)
RLELosslessDecoder.add_plugins([("pydicom", ("rapidicom.pixels.decoders.rle", "_decode_frame")), _PYLIBJPEG])
DeflatedImageFrameCompressionDecoder = Decoder(DeflatedImageFrameCompression)
DeflatedImageFrameCompressionDecoder.add_plugin("pydicom", ("rapidicom.pixels.decoders.deflated", "_decode_frame"))

# UID -> (decoder, the pydicom version that added it).
_PIXEL_DATA_DECODERS: dict[str, tuple[Decoder, str]] = {
    ImplicitVRLittleEndian: (ImplicitVRLittleEndianDecoder, "3.0"),
    ExplicitVRLittleEndian: (ExplicitVRLittleEndianDecoder, "3.0"),
    DeflatedExplicitVRLittleEndian: (DeflatedExplicitVRLittleEndianDecoder, "3.0"),
    ExplicitVRBigEndian: (ExplicitVRBigEndianDecoder, "3.0"),
    JPEGBaseline8Bit: (JPEGBaseline8BitDecoder, "3.0"),
    JPEGExtended12Bit: (JPEGExtended12BitDecoder, "3.0"),
    JPEGLossless: (JPEGLosslessDecoder, "3.0"),
    JPEGLosslessSV1: (JPEGLosslessSV1Decoder, "3.0"),
    JPEGLSLossless: (JPEGLSLosslessDecoder, "3.0"),
    JPEGLSNearLossless: (JPEGLSNearLosslessDecoder, "3.0"),
    JPEG2000Lossless: (JPEG2000LosslessDecoder, "3.0"),
    JPEG2000: (JPEG2000Decoder, "3.0"),
    HTJ2KLossless: (HTJ2KLosslessDecoder, "3.0"),
    HTJ2KLosslessRPCL: (HTJ2KLosslessRPCLDecoder, "3.0"),
    HTJ2K: (HTJ2KDecoder, "3.0"),
    RLELossless: (RLELosslessDecoder, "3.0"),
    DeflatedImageFrameCompression: (DeflatedImageFrameCompressionDecoder, "3.1"),
}


def _build_decoder_docstrings() -> None:
    for decoder, versionadded in _PIXEL_DATA_DECODERS.values():
        plugins = sorted([*decoder._available, *decoder._unavailable])
        lines = [
            f"A pixel data decoder for *{decoder.UID.name}* - ``{decoder.UID}``",
            "",
            f".. versionadded:: {versionadded}",
            "",
        ]
        if plugins:
            lines += [f"Available decoding plugins: {', '.join(plugins)}.", ""]
        lines.append(
            "See the :class:`~pydicom.pixels.decoders.base.Decoder` reference for instance methods and attributes."
        )
        decoder.__doc__ = "\n".join(lines)


_build_decoder_docstrings()


def get_decoder(uid: str) -> Decoder:
    """The decoder for the transfer syntax `uid`."""
    uid = UID(uid)
    try:
        return _PIXEL_DATA_DECODERS[uid][0]
    except KeyError:
        raise NotImplementedError(f"No pixel data decoders have been implemented for '{uid.name}'")
