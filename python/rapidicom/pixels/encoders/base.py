"""Pixel data encoders (pydicom.pixels.encoders.base). RLE Lossless is built in
(`_native.rle_encode`, frames in parallel with the GIL released); its output is
byte for byte what pydicom's own RLE encoder writes."""

from collections.abc import Iterator
import math
import sys
from typing import Any, Iterable

import numpy as np

from rapidicom import _native
from rapidicom.pixels.common import CoderBase, RunnerBase, RunnerOptions
from rapidicom.pixels.encoders.deflate import DEFLATE_ALIASES, deflate_encode
from rapidicom.pixels.encoders.jpeg_2000 import JPEG_2000_ALIASES, jpeg_2000_encode
from rapidicom.pixels.encoders.jpeg_ls import JPEG_LS_ALIASES, jpeg_ls_encode
from rapidicom.uid import (
    UID,
    DeflatedImageFrameCompression,
    JPEG2000,
    JPEG2000Lossless,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

# pydicom's RLE encoding plugin names (3.0) and pixel data handler names (2.x).
RLE_ALIASES = ("pydicom", "pylibjpeg", "gdcm", "rle", "numpy")


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
    for size in (1, 2, 4, 8):
        if bits_stored <= 8 * size:
            return size
    return 8


class EncodeRunner(RunnerBase):
    """The options and source of one encoding run."""

    def __init__(self, tsyntax: UID) -> None:
        self._src: Any = None
        self._src_type = "UNDEFINED"
        self._opts = {"transfer_syntax_uid": tsyntax, "byteorder": "<", "pixel_keyword": "PixelData"}
        self._undeletable = ("transfer_syntax_uid", "pixel_keyword", "byteorder")

    def set_source(self, src: Any) -> None:
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
                "'src' must be bytes, numpy.ndarray or pydicom.dataset.Dataset, not "
                f"'{src.__class__.__name__}'"
            )

    @property
    def src(self) -> Any:
        return self._src

    def frames_bytes(self) -> tuple[Any, int]:
        """All frames laid end to end, pixel interleaved and little endian, with
        samples of the size Bits Stored needs; and how many frames there are."""
        frames = self.number_of_frames
        if self.bits_allocated == 1:
            return self._src, frames  # packed bits: the encoder regroups them by frame
        size = _stored_itemsize(self.bits_stored)
        if self.transfer_syntax in (RLELossless, DeflatedImageFrameCompression):
            # RLE has a segment per allocated byte. pydicom sizes samples by Bits
            # Stored for every encoder, which with Bits Stored <= 8 < Bits
            # Allocated writes segments of half the data that no decoder reads
            # back; here they hold every sample whole.
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
        # Samples stored wider (or narrower) than Bits Stored needs: keep the low
        # bytes of each, as pydicom's encoder does.
        samples = data.reshape(-1, step)
        out = np.zeros((samples.shape[0], size), dtype="u1")
        keep = min(step, size)
        out[:, :keep] = samples[:, :keep]
        return out, frames

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
                f"Mismatch between the expected ndarray shape {tuple(expected)} and the actual "
                f"shape {shape}"
            )
        kinds = [np.issubdtype(dtype, np.unsignedinteger), np.issubdtype(dtype, np.signedinteger)]
        if not any(kinds):
            raise ValueError(
                f"The ndarray's dtype '{dtype}' is not supported, must be a signed or unsigned "
                "integer type"
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
        if arr.max() > high or arr.min() < low:
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


def _rle_encode(runner: EncodeRunner, data: Any, frames: int) -> list[bytes]:
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")
    bytes_allocated = math.ceil(runner.bits_allocated / 8)
    if bytes_allocated * runner.samples_per_pixel > 15:
        raise ValueError(
            "Unable to encode as the DICOM standard only allows a maximum of 15 segments in "
            "RLE encoded data"
        )
    return _native.rle_encode(
        data, frames, runner.rows, runner.columns, runner.samples_per_pixel, bytes_allocated
    )


class Encoder(CoderBase):
    """The encoder for one transfer syntax."""

    def __init__(self, uid: UID, builtin: Any = None, aliases: tuple[str, ...] = ()) -> None:
        super().__init__(uid, decoder=False, builtin=builtin, aliases=aliases)

    def _runner(self, src: Any, encoding_plugin: str, kwargs: dict[str, Any], validate: bool) -> EncodeRunner:
        runner = EncodeRunner(self.UID)
        runner.set_source(src)
        runner.set_options(**kwargs)
        self._validate_plugins(encoding_plugin)
        if validate:
            runner.validate()
        return runner

    def _encode_all(self, src: Any, *, validate: bool = True, encoding_plugin: str = "", **kwargs: Any) -> list[bytes]:
        runner = self._runner(src, encoding_plugin, kwargs, validate)
        data, frames = runner.frames_bytes()
        return self._builtin(runner, data, frames)

    def encode(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        encoding_plugin: str = "",
        **kwargs: Any,
    ) -> bytes:
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        runner = self._runner(src, encoding_plugin, kwargs, validate)
        if runner.number_of_frames > 1 and index is None:
            raise ValueError(
                "The 'index' of the frame to be encoded is required for multi-frame pixel data"
            )
        data, frames = runner.frames_bytes()
        flat = np.frombuffer(memoryview(data).cast("B"), dtype="u1") if not isinstance(data, np.ndarray) else data.reshape(-1).view("u1")
        per_frame = flat.size // frames
        i = index or 0
        return self._builtin(runner, flat[i * per_frame : (i + 1) * per_frame], 1)[0]

    def iter_encode(self, src: Any, *, validate: bool = True, encoding_plugin: str = "", **kwargs: Any) -> Iterator[bytes]:
        yield from self._encode_all(src, validate=validate, encoding_plugin=encoding_plugin, **kwargs)


_Profile = tuple[str, int, Iterable[int], Iterable[int], Iterable[int]]
ENCODING_PROFILES: dict[UID, list[_Profile]] = {
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
ENCODING_PROFILES[JPEGLSNearLossless] = [
    p for p in ENCODING_PROFILES[JPEGLSLossless] if p[0] != "PALETTE COLOR"
]

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

RLELosslessEncoder = Encoder(RLELossless, builtin=_rle_encode, aliases=RLE_ALIASES)
JPEGLSLosslessEncoder = Encoder(JPEGLSLossless, builtin=jpeg_ls_encode, aliases=JPEG_LS_ALIASES)
JPEGLSNearLosslessEncoder = Encoder(JPEGLSNearLossless, builtin=jpeg_ls_encode, aliases=JPEG_LS_ALIASES)
JPEG2000LosslessEncoder = Encoder(JPEG2000Lossless, builtin=jpeg_2000_encode, aliases=JPEG_2000_ALIASES)
JPEG2000Encoder = Encoder(JPEG2000, builtin=jpeg_2000_encode, aliases=JPEG_2000_ALIASES)
DeflatedImageFrameCompressionEncoder = Encoder(
    DeflatedImageFrameCompression, builtin=deflate_encode, aliases=DEFLATE_ALIASES
)

_PIXEL_DATA_ENCODERS = {
    RLELossless: RLELosslessEncoder,
    JPEGLSLossless: JPEGLSLosslessEncoder,
    JPEGLSNearLossless: JPEGLSNearLosslessEncoder,
    JPEG2000Lossless: JPEG2000LosslessEncoder,
    JPEG2000: JPEG2000Encoder,
    DeflatedImageFrameCompression: DeflatedImageFrameCompressionEncoder,
}


def get_encoder(uid: str) -> Encoder:
    """The encoder for the transfer syntax `uid`."""
    uid = UID(uid)
    try:
        return _PIXEL_DATA_ENCODERS[uid]
    except KeyError:
        raise NotImplementedError(f"No pixel data encoders have been implemented for '{uid.name}'")
