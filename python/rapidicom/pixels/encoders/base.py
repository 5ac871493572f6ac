"""Pixel data encoders (pydicom.pixels.encoders.base): pydicom 3.0's
``Encoder`` and ``EncodeRunner``.

rapidicom's encoders are plugins registered first (so the default): RLE Lossless
as pydicom's own "pydicom" (byte for byte its output), JPEG-LS and JPEG 2000 as
"rapidicom" (CharLS and OpenJPEG, as pyjpegls and pylibjpeg-openjpeg use), and
Deflated Image Frame Compression. They also encode every frame at once, in
parallel with the GIL released (a plugin function's ``frames``), which
``iter_encode`` uses when it can.
"""

import logging
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import numpy as np

from rapidicom import config
from rapidicom.pixels.common import Buffer, CoderBase, RunnerBase, RunnerOptions, plugin_failure
from rapidicom.uid import (
    JPEG2000,
    UID,
    DeflatedImageFrameCompression,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    JPEGLSTransferSyntaxes,
    RLELossless,
)

LOGGER = logging.getLogger("pydicom")

EncodeFunction = Callable[[bytes, "EncodeRunner"], bytes | bytearray]


class EncodeOptions(RunnerOptions, total=False):
    byteorder: str
    jls_error: int
    j2k_cr: list[float]
    j2k_psnr: list[float]


def _int_range(signed: bool, bits_stored: int) -> tuple[int, int]:
    if signed:
        return -(2 ** (bits_stored - 1)), 2 ** (bits_stored - 1) - 1
    return 0, 2**bits_stored - 1


def _stored_itemsize(bits_stored: int) -> int:
    """The bytes a sample of `bits_stored` bits takes in a frame handed to a plugin."""
    for size in (1, 2, 4, 8):
        if bits_stored <= 8 * size:
            return size
    return 8


class EncodeRunner(RunnerBase):
    """The source, options and plugins of one encoding."""

    def __init__(self, tsyntax: UID) -> None:
        self._src: Any = None
        self._src_type = "UNDEFINED"
        self._opts: EncodeOptions = {  # type: ignore[assignment]
            "transfer_syntax_uid": tsyntax,
            "byteorder": "<",
            "pixel_keyword": "PixelData",
        }
        self._undeletable = ("transfer_syntax_uid", "pixel_keyword", "byteorder")
        self._encoders: dict[str, EncodeFunction] = {}

    def encode(self, index: int | None) -> bytes:
        """Frame `index` (or the only frame) encoded by the first plugin that can."""
        failures = []
        for name, func in self._encoders.items():
            try:
                return func(self.get_frame(index), self)  # type: ignore[return-value]
            except BaseException as exc:
                if not plugin_failure(exc):
                    raise
                LOGGER.exception(exc)
                failures.append(f"{name}: {exc}")
        messages = "\n  ".join(failures)
        raise RuntimeError(f"Unable to encode as exceptions were raised by all available plugins:\n  {messages}")

    def get_frame(self, index: int | None) -> bytes:
        """Frame `index` as a plugin takes it: pixel interleaved (plane by plane
        for JPEG-LS with planar configuration 1 from an array), little endian,
        each sample in as many bytes as Bits Stored needs."""
        if self.is_array:
            return self._get_frame_array(index)
        frame = self._get_frame_buffer(index)
        return frame if isinstance(frame, bytes) else bytes(frame)

    def _get_frame_array(self, index: int | None) -> bytes:
        arr = self.src[index] if index is not None else self.src
        size = _stored_itemsize(self.bits_stored)
        if arr.dtype.itemsize != size:
            arr = arr.astype(f"{arr.dtype.kind}{size}")
        if (
            self.transfer_syntax in JPEGLSTransferSyntaxes
            and self.samples_per_pixel == 3
            and self.planar_configuration == 1
        ):
            arr = arr.transpose(2, 0, 1)
        return cast(bytes, arr.tobytes())

    def _get_frame_buffer(self, index: int | None) -> bytes | bytearray:
        per_frame = cast(int, self.frame_length(unit="bytes"))
        start = 0 if index is None else index * per_frame
        src = self.src[start : start + per_frame]
        pixels = cast(int, self.frame_length(unit="pixels"))
        step = len(src) // pixels
        size = _stored_itemsize(self.bits_stored)
        if step == size:
            return src  # type: ignore[no-any-return]
        # Samples held wider (or narrower) than Bits Stored needs: the low bytes
        # of each, zero bytes above them.
        samples = np.frombuffer(src, dtype="u1")[: pixels * step].reshape(pixels, step)
        out = np.zeros((pixels, size), dtype="u1")
        keep = min(step, size)
        out[:, :keep] = samples[:, :keep]
        return bytearray(out.tobytes())

    def frames_bytes(self) -> tuple[Any, int]:
        """All frames laid end to end as our plugins encode them at once: pixel
        interleaved and little endian, samples sized by Bits Stored (by Bits
        Allocated for RLE and deflate, which encode whole samples); and how
        many frames there are."""
        frames = self.number_of_frames
        if self.bits_allocated == 1:
            return self._src, frames  # packed bits: the encoder regroups them by frame
        size = _stored_itemsize(self.bits_stored)
        if self.transfer_syntax in (RLELossless, DeflatedImageFrameCompression):
            size = math.ceil(self.bits_allocated / 8)
        if self.is_array:
            arr = self._src
            if arr.dtype.itemsize != size:
                arr = arr.astype(f"{arr.dtype.kind}{size}")
            return np.ascontiguousarray(arr), frames
        per_frame = int(self.frame_length(unit="bytes"))
        data = np.frombuffer(self._src, dtype="u1")[: per_frame * frames]
        pixels = int(self.frame_length(unit="pixels"))
        step = per_frame // pixels if pixels else 1
        if step == size:
            return data, frames
        samples = data.reshape(-1, step)
        out = np.zeros((samples.shape[0], size), dtype="u1")
        keep = min(step, size)
        out[:, :keep] = samples[:, :keep]
        return out, frames

    def set_encoders(self, encoders: dict[str, EncodeFunction]) -> None:
        self._encoders = encoders

    def set_source(self, src: Any) -> None:
        """The pixels to encode: a dataset's Pixel Data (with its options), a
        buffer, or an array (made little endian)."""
        from rapidicom.dataset import Dataset

        if isinstance(src, Dataset):
            self._set_options_ds(src)
            self._src = src.PixelData
            self._src_type = "Dataset"
        elif isinstance(src, bytes | bytearray | memoryview):
            self._src = src
            self._src_type = "Buffer"
        elif isinstance(src, np.ndarray):
            order = src.dtype.byteorder
            if order == ">" or (order == "=" and sys.byteorder == "big"):
                src = src.astype(src.dtype.newbyteorder("<"))
            self._src = src
            self._src_type = "Array"
        else:
            raise TypeError(
                f"'src' must be bytes, numpy.ndarray or pydicom.dataset.Dataset, not '{src.__class__.__name__}'"
            )

    @property
    def src(self) -> Any:
        return self._src

    def __str__(self) -> str:
        lines = [f"EncodeRunner for '{self.transfer_syntax.name}'", "Options"]
        lines.extend(f"  {name}: {value}" for name, value in self.options.items())
        if self._encoders:
            lines.append("Encoders")
            lines.extend(f"  {name}" for name in self._encoders)
        return "\n".join(lines)

    def validate(self) -> None:
        self._validate_options()
        if self.is_dataset or self.is_buffer:
            self._validate_buffer()
        else:
            self._validate_array()
        self._validate_encoding_profile()

    def _validate_array(self) -> None:
        arr = self._src
        shape, dtype = arr.shape, arr.dtype
        if len(shape) not in (2, 3, 4):
            raise ValueError(f"Unable to encode {len(shape)}D ndarrays")
        expected = [self.number_of_frames, self.rows, self.columns, self.samples_per_pixel]
        expected = expected[1:] if expected[0] == 1 else expected
        expected = expected[:-1] if expected[-1] in (None, 1) else expected
        if shape != tuple(expected):
            raise ValueError(
                f"Mismatch between the expected ndarray shape {tuple(expected)} and the actual shape {shape}"
            )
        kinds = [np.issubdtype(dtype, np.unsignedinteger), np.issubdtype(dtype, np.signedinteger)]
        if not any(kinds):
            raise ValueError(
                f"The ndarray's dtype '{dtype}' is not supported, must be a signed or unsigned integer type"
            )
        signed = self.pixel_representation == 1
        if not kinds[signed]:
            kind = ["unsigned", "signed"][signed]
            raise ValueError(
                f"The ndarray's dtype '{dtype}' is not consistent with a (0028,0103) 'Pixel "
                f"Representation' of '{self.pixel_representation}' ({kind} integers)"
            )
        if dtype.itemsize < math.ceil(self.bits_allocated / 8):
            raise ValueError(
                f"The ndarray's dtype '{dtype}' is not consistent with a (0028,0100) 'Bits "
                f"Allocated' value of '{self.bits_allocated}'"
            )
        low, high = _int_range(signed, self.bits_stored)
        # A dtype no wider than Bits Stored cannot hold a value outside its range:
        # no need to read the whole array for its extremes then.
        fits = dtype.itemsize * 8 <= self.bits_stored
        if not fits and (arr.max() > high or arr.min() < low):
            raise ValueError(
                "The ndarray contains values that are outside the allowable range of "
                f"({low}, {high}) for a (0028,0101) 'Bits Stored' value of '{self.bits_stored}'"
            )
        error = self.get_option("jls_error", 0) or 0
        if self.transfer_syntax == JPEGLSNearLossless and signed and error:
            # JPEG-LS has no sign: near the limits the error could flip it.
            if arr.max() > high - error or arr.min() < low + error:
                raise ValueError(
                    "The supported range of pixel values when performing lossy JPEG-LS "
                    "encoding of signed integers with a (0028,0103) 'Bits Stored' value of "
                    f"'{self.bits_stored}' and a 'jls_error' of '{error}' is "
                    f"({low + error}, {high - error})"
                )

    def _validate_buffer(self) -> None:
        expected = self.frame_length(unit="bytes") * self.number_of_frames
        if self.bits_allocated == 1:
            # The source is native: its bits run on from frame to frame.
            expected = math.ceil(self.frame_length(unit="pixels") * self.number_of_frames / 8)
        if (actual := len(self._src)) < expected:
            raise ValueError(
                "The length of the uncompressed pixel data doesn't match the expected length "
                f"- {actual} bytes actual vs. {expected} expected"
            )

    def _validate_encoding_profile(self) -> None:
        profiles = ENCODING_PROFILES.get(self.transfer_syntax)
        if profiles is None:
            return
        for pi, spp, representations, allocated, stored in profiles:
            if (
                self.photometric_interpretation == pi
                and self.samples_per_pixel == spp
                and self.pixel_representation in representations
                and self.bits_allocated in allocated
                and self.bits_stored in stored
            ):
                return
        raise ValueError(
            "One or more of the following values is not valid for pixel data encoded with "
            f"'{self.transfer_syntax.name}':\n"
            f"  (0028,0002) Samples per Pixel: {self.samples_per_pixel}\n"
            # pydicom's message gives Photometric Interpretation this tag; kept as is.
            f"  (0028,0006) Photometric Interpretation: {self.photometric_interpretation}\n"
            f"  (0028,0100) Bits Allocated: {self.bits_allocated}\n"
            f"  (0028,0101) Bits Stored: {self.bits_stored}\n"
            f"  (0028,0103) Pixel Representation: {self.pixel_representation}\n"
            "See Part 5, Section 8.2 of the DICOM Standard for more information"
        )


class Encoder(CoderBase):
    """The encoder for one transfer syntax."""

    def __init__(self, uid: UID) -> None:
        super().__init__(uid, decoder=False)

    def _runner(self, src: Any, encoding_plugin: str, kwargs: dict[str, Any], validate: bool) -> EncodeRunner:
        runner = EncodeRunner(self.UID)
        runner.set_source(src)
        runner.set_options(**kwargs)
        runner.set_encoders(self._validate_plugins(encoding_plugin))
        if config.debugging:
            LOGGER.debug(runner)
        if validate:
            runner.validate()
        return runner

    def encode(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        encoding_plugin: str = "",
        **kwargs: Any,
    ) -> bytes:
        """Frame `index` of `src` (a dataset, a buffer or an array) encoded;
        `index` is needed when there are several frames."""
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        runner = self._runner(src, encoding_plugin, kwargs, validate)
        if runner.number_of_frames > 1 and index is None:
            raise ValueError("The 'index' of the frame to be encoded is required for multi-frame pixel data")
        return runner.encode(index)

    def iter_encode(
        self, src: Any, *, validate: bool = True, encoding_plugin: str = "", **kwargs: Any
    ) -> Iterator[bytes]:
        """Each frame of `src` encoded, in order."""
        runner = self._runner(src, encoding_plugin, kwargs, validate)
        frames = _all_frames_at_once(runner)
        if frames is not None:
            yield from frames
            return
        if runner.number_of_frames == 1:
            yield runner.encode(None)
            return
        for index in range(runner.number_of_frames):
            yield runner.encode(index)


def _all_frames_at_once(runner: EncodeRunner) -> list[bytes] | None:
    """Every frame encoded in one native call when the first plugin is one of
    ours that can (it has ``frames``); None when not, or when it fails (frame by
    frame then gives the other plugins a chance, and pydicom's errors)."""
    first = next(iter(runner._encoders.values()), None)
    batch = getattr(first, "frames", None)
    if batch is None:
        return None
    try:
        data, count = runner.frames_bytes()
        return cast(list[bytes], batch(runner, data, count))
    except Exception as exc:
        LOGGER.debug(f"Encoding every frame at once failed ({exc}), encoding frame by frame")
        return None


ProfileType = tuple[str, int, Iterable[int], Iterable[int], Iterable[int]]
ENCODING_PROFILES: dict[UID, list[ProfileType]] = {
    RLELossless: [
        ("MONOCHROME1", 1, (0, 1), (8, 16), range(1, 17)),
        ("MONOCHROME2", 1, (0, 1), (8, 16), range(1, 17)),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(1, 9)),
        ("RGB", 3, (0,), (8, 16), range(1, 17)),
    ],
}

ENCODING_PROFILES[JPEGLSLossless] = [  # Table 8.2.3-1 in PS3.5
    ("MONOCHROME1", 1, (0, 1), (8, 16), range(2, 17)),
    ("MONOCHROME2", 1, (0, 1), (8, 16), range(2, 17)),
    ("PALETTE COLOR", 1, (0,), (8, 16), range(2, 17)),
    ("YBR_FULL", 3, (0,), (8,), range(2, 9)),
    ("RGB", 3, (0,), (8, 16), range(2, 17)),
]
ENCODING_PROFILES[JPEGLSNearLossless] = [p for p in ENCODING_PROFILES[JPEGLSLossless] if p[0] != "PALETTE COLOR"]

_J2K_BITS = (8, 16, 24, 32, 40)
ENCODING_PROFILES[JPEG2000Lossless] = [  # Table 8.2.4-1 in PS3.5
    ("MONOCHROME1", 1, (0, 1), _J2K_BITS, range(1, 39)),
    ("MONOCHROME2", 1, (0, 1), _J2K_BITS, range(1, 39)),
    ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
    ("YBR_RCT", 3, (0,), _J2K_BITS, range(1, 39)),
    ("RGB", 3, (0,), _J2K_BITS, range(1, 39)),
    ("YBR_FULL", 3, (0,), _J2K_BITS, range(1, 39)),
]
ENCODING_PROFILES[JPEG2000] = [
    ("MONOCHROME1", 1, (0, 1), _J2K_BITS, range(1, 39)),
    ("MONOCHROME2", 1, (0, 1), _J2K_BITS, range(1, 39)),
    ("YBR_ICT", 3, (0,), _J2K_BITS, range(1, 39)),
    ("RGB", 3, (0,), _J2K_BITS, range(1, 39)),
    ("YBR_FULL", 3, (0,), _J2K_BITS, range(1, 39)),
]


_NATIVE_RLE = ("pydicom", ("rapidicom.pixels.encoders.native", "_encode_frame"))
_GDCM = ("gdcm", ("rapidicom.pixels.encoders.gdcm", "encode_pixel_data"))
_PYLIBJPEG = ("pylibjpeg", ("rapidicom.pixels.encoders.pylibjpeg", "_encode_frame"))
_PYJPEGLS = ("pyjpegls", ("rapidicom.pixels.encoders.pyjpegls", "_encode_frame"))
_BUILTIN_JPEG_LS = ("rapidicom", ("rapidicom.pixels.encoders.jpeg_ls", "_encode_frame"))
_BUILTIN_JPEG_2000 = ("rapidicom", ("rapidicom.pixels.encoders.jpeg_2000", "_encode_frame"))

RLELosslessEncoder = Encoder(RLELossless)
RLELosslessEncoder.add_plugins([_NATIVE_RLE, _GDCM, _PYLIBJPEG])
JPEGLSLosslessEncoder = Encoder(JPEGLSLossless)
JPEGLSLosslessEncoder.add_plugins([_BUILTIN_JPEG_LS, _PYJPEGLS])
JPEGLSNearLosslessEncoder = Encoder(JPEGLSNearLossless)
JPEGLSNearLosslessEncoder.add_plugins([_BUILTIN_JPEG_LS, _PYJPEGLS])
JPEG2000LosslessEncoder = Encoder(JPEG2000Lossless)
JPEG2000LosslessEncoder.add_plugins([_BUILTIN_JPEG_2000, _PYLIBJPEG])
JPEG2000Encoder = Encoder(JPEG2000)
JPEG2000Encoder.add_plugins([_BUILTIN_JPEG_2000, _PYLIBJPEG])
DeflatedImageFrameCompressionEncoder = Encoder(DeflatedImageFrameCompression)
DeflatedImageFrameCompressionEncoder.add_plugin("pydicom", ("rapidicom.pixels.encoders.deflate", "_encode_frame"))

# UID -> (encoder, the pydicom version that added it).
_PIXEL_DATA_ENCODERS: dict[str, tuple[Encoder, str]] = {
    RLELossless: (RLELosslessEncoder, "2.2"),
    JPEGLSLossless: (JPEGLSLosslessEncoder, "3.0"),
    JPEGLSNearLossless: (JPEGLSNearLosslessEncoder, "3.0"),
    JPEG2000Lossless: (JPEG2000LosslessEncoder, "3.0"),
    JPEG2000: (JPEG2000Encoder, "3.0"),
    DeflatedImageFrameCompression: (DeflatedImageFrameCompressionEncoder, "3.1"),
}


def _build_encoder_docstrings() -> None:
    for encoder, versionadded in _PIXEL_DATA_ENCODERS.values():
        plugins = sorted([*encoder._available, *encoder._unavailable])
        encoder.__doc__ = "\n".join(
            [
                f"A *Pixel Data* encoder for *{encoder.UID.name}* - ``{encoder.UID}``",
                "",
                f".. versionadded:: {versionadded}",
                "",
                f"Encoding plugins: {', '.join(plugins)}",
                "",
                "See the :class:`~pydicom.pixels.encoders.base.Encoder` reference for instance methods and attributes.",
            ]
        )


_build_encoder_docstrings()


def get_encoder(uid: str) -> Encoder:
    """The encoder for the transfer syntax `uid`."""
    uid = UID(uid)
    try:
        return _PIXEL_DATA_ENCODERS[uid][0]
    except KeyError:
        raise NotImplementedError(f"No pixel data encoders have been implemented for '{uid.name}'")
