"""What decoding and encoding share (pydicom.pixels.common): the Image Pixel
options of a run and their validation (pydicom's rules and messages), and the
plugin registry of a decoder or encoder.

rapidicom's codecs are plugins like pydicom's: registered first, so that they are
the default, under pydicom's name for its own code ("pydicom": RLE, deflate) or
as "rapidicom" (the JPEG family). pydicom's other plugins (gdcm, pylibjpeg,
pillow, pyjpegls) are registered after them and used when named.
"""

import sys
from enum import Enum, unique
from importlib import import_module
from typing import Any, TypedDict

from rapidicom.misc import warn_and_log
from rapidicom.uid import UID

Buffer = bytes | bytearray | memoryview


# What a plugin may raise besides Exception and still count as failing: a panic
# in a Rust extension (pyo3's PanicException derives from BaseException), which
# pydicom lets through. Interrupts and exits still end the call.
def plugin_failure(exc: BaseException) -> bool:
    return not isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit)


# Names a program may pass for a plugin that pydicom 3.0 calls otherwise: the
# 2.x pixel data handler names the documentation used.
_PLUGIN_ALIASES = {
    "numpy": "",
    "np_handler": "",
    "numpy_handler": "",
    "rle": "pydicom",
    "rle_handler": "pydicom",
    "jpeg_ls": "pyjpegls",
    "jpegls": "pyjpegls",
    "jpeg_ls_handler": "pyjpegls",
    "jpegls_handler": "pyjpegls",
    "gdcm_handler": "gdcm",
    "pillow_handler": "pillow",
    "pylibjpeg_handler": "pylibjpeg",
}


@unique
class PhotometricInterpretation(str, Enum):
    MONOCHROME1 = "MONOCHROME1"
    MONOCHROME2 = "MONOCHROME2"
    PALETTE_COLOR = "PALETTE COLOR"
    RGB = "RGB"
    YBR_FULL = "YBR_FULL"
    YBR_FULL_422 = "YBR_FULL_422"
    YBR_ICT = "YBR_ICT"
    YBR_RCT = "YBR_RCT"
    HSV = "HSV"
    ARGB = "ARGB"
    CMYK = "CMYK"
    YBR_PARTIAL_422 = "YBR_PARTIAL_422"
    YBR_PARTIAL_420 = "YBR_PARTIAL_420"

    def __str__(self) -> str:
        return str.__str__(self)


PI = PhotometricInterpretation


class RunnerOptions(TypedDict, total=False):
    bits_allocated: int
    bits_stored: int
    columns: int
    number_of_frames: int
    photometric_interpretation: str
    pixel_keyword: str
    pixel_representation: int
    rows: int
    samples_per_pixel: int
    transfer_syntax_uid: UID
    planar_configuration: int
    extended_offsets: tuple[bytes, bytes] | tuple[list[int], list[int]]


def _required(name: str, label: str) -> property:
    def get(self: "RunnerBase") -> Any:
        value = self._opts.get(name)
        if value is None:
            raise AttributeError(f"No value for '{label}' has been set")
        return value

    return property(get)


class RunnerBase:
    """The options of one decoding or encoding run."""

    def __init__(self, tsyntax: UID) -> None:
        self._opts: dict[str, Any] = {}
        self.set_option("transfer_syntax_uid", tsyntax)
        self._undeletable: tuple[str, ...] = ("transfer_syntax_uid",)
        self._src_type = "UNDEFINED"

    bits_allocated = _required("bits_allocated", "bits_allocated")
    bits_stored = _required("bits_stored", "bits_stored")
    columns = _required("columns", "columns")
    number_of_frames = _required("number_of_frames", "number_of_frames")
    photometric_interpretation = _required("photometric_interpretation", "photometric_interpretation")
    pixel_keyword = _required("pixel_keyword", "pixel_keyword")
    pixel_representation = _required("pixel_representation", "pixel_representation")
    rows = _required("rows", "rows")
    samples_per_pixel = _required("samples_per_pixel", "samples_per_pixel")

    @property
    def planar_configuration(self) -> int:
        value = self._opts.get("planar_configuration")
        if value is not None:
            return value
        if self.transfer_syntax.is_compressed:
            return 0
        raise AttributeError("No value for 'planar_configuration' has been set")

    @property
    def transfer_syntax(self) -> UID:
        return self._opts["transfer_syntax_uid"]

    @property
    def extended_offsets(self) -> Any:
        return self._opts.get("extended_offsets")

    @property
    def options(self) -> dict[str, Any]:
        return self._opts

    @property
    def is_array(self) -> bool:
        return self._src_type == "Array"

    @property
    def is_binary(self) -> bool:
        return self._src_type == "BinaryIO"

    @property
    def is_buffer(self) -> bool:
        return self._src_type == "Buffer"

    @property
    def is_dataset(self) -> bool:
        return self._src_type == "Dataset"

    def get_option(self, name: str, default: Any = None) -> Any:
        return self._opts.get(name, default)

    def del_option(self, name: str) -> None:
        if name in self._undeletable:
            raise ValueError(f"Deleting '{name}' is not allowed")
        self._opts.pop(name, None)

    def set_option(self, name: str, value: Any) -> None:
        if name == "number_of_frames":
            value = int(value) if isinstance(value, str) else value
            if value in (None, 0):
                warn_and_log(f"A value of '{value}' for (0028,0008) 'Number of Frames' is invalid, assuming 1 frame")
                value = 1
        elif name == "photometric_interpretation":
            if value == "PALETTE COLOR":
                value = PI.PALETTE_COLOR
            try:
                value = PI[value]
            except KeyError:
                pass
        self._opts[name] = value

    def set_options(self, **kwargs: Any) -> None:
        for name, value in kwargs.items():
            self.set_option(name, value)

    def _set_options_ds(self, ds: Any) -> None:
        from rapidicom.pixels.utils import as_pixel_options

        self.set_options(**as_pixel_options(ds))

    def frame_length(self, unit: str = "bytes") -> int | float:
        """A frame's length in pixels or (possibly fractional, for packed bits) bytes."""
        length: int | float = self.rows * self.columns * self.samples_per_pixel
        if unit == "pixels":
            return length
        if self.bits_allocated == 1:
            if self.transfer_syntax.is_encapsulated:
                length = length // 8 + (length % 8 > 0)
            else:
                length = length / 8
                if length.is_integer():
                    length = int(length)
        else:
            length *= self.bits_allocated // 8
        if self.photometric_interpretation == PI.YBR_FULL_422 and not self.transfer_syntax.is_encapsulated:
            length = length // 3 * 2
        return length

    def validate(self) -> None:
        raise NotImplementedError(f"{type(self).__name__}.validate() has not been implemented")

    def _validate_options(self) -> None:
        prefix = "Missing required element: (0028"
        opts = self._opts
        if opts.get("bits_allocated") is None:
            raise AttributeError(f"{prefix},0100) 'Bits Allocated'")
        bits_allocated = self.bits_allocated
        if not 1 <= bits_allocated <= 64 or (bits_allocated != 1 and bits_allocated % 8):
            raise ValueError(
                f"A (0028,0100) 'Bits Allocated' value of '{bits_allocated}' is invalid, it "
                "must be 1 or a multiple of 8 and in the range (1, 64)"
            )
        if "Float" not in self.pixel_keyword:
            if opts.get("bits_stored") is None:
                raise AttributeError(f"{prefix},0101) 'Bits Stored'")
            if not 1 <= self.bits_stored <= bits_allocated <= 64:
                raise ValueError(
                    f"A (0028,0101) 'Bits Stored' value of '{self.bits_stored}' is invalid, "
                    "it must be in the range (1, 64) and no greater than the (0028,0100) "
                    f"'Bits Allocated' value of '{bits_allocated}'"
                )
        if opts.get("columns") is None:
            raise AttributeError(f"{prefix},0011) 'Columns'")
        if not 0 < self.columns <= 2**16 - 1:
            raise ValueError(
                f"A (0028,0011) 'Columns' value of '{self.columns}' is invalid, it must be in the range (1, 65535)"
            )
        if opts.get("number_of_frames") is not None and self.number_of_frames < 1:
            raise ValueError(
                f"A (0028,0008) 'Number of Frames' value of '{self.number_of_frames}' is "
                "invalid, it must be greater than or equal to 1"
            )
        if opts.get("photometric_interpretation") is None:
            raise AttributeError(f"{prefix},0004) 'Photometric Interpretation'")
        try:
            PI[self.photometric_interpretation]
        except KeyError:
            if self.photometric_interpretation != "PALETTE COLOR":
                raise ValueError(
                    f"Unknown (0028,0004) 'Photometric Interpretation' value '{self.photometric_interpretation}'"
                )
        if self.pixel_keyword not in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"):
            raise ValueError(f"Unknown 'pixel_keyword' value '{self.pixel_keyword}'")
        if self.pixel_keyword == "PixelData":
            if opts.get("pixel_representation") is None:
                raise AttributeError(f"{prefix},0103) 'Pixel Representation'")
            if self.pixel_representation not in (0, 1):
                raise ValueError(
                    "A (0028,0103) 'Pixel Representation' value of "
                    f"'{self.pixel_representation}' is invalid, it must be 0 or 1"
                )
        if opts.get("rows") is None:
            raise AttributeError(f"{prefix},0010) 'Rows'")
        if not 0 < self.rows <= 2**16 - 1:
            raise ValueError(
                f"A (0028,0010) 'Rows' value of '{self.rows}' is invalid, it must be in the range (1, 65535)"
            )
        if opts.get("samples_per_pixel") is None:
            raise AttributeError(f"{prefix},0002) 'Samples per Pixel'")
        if self.samples_per_pixel not in (1, 3):
            raise ValueError(
                f"A (0028,0002) 'Samples per Pixel' value of '{self.samples_per_pixel}' is invalid, it must be 1 or 3"
            )
        if self.samples_per_pixel == 3:
            if opts.get("planar_configuration") is None:
                raise AttributeError(f"{prefix},0006) 'Planar Configuration'")
            if self.planar_configuration not in (0, 1):
                raise ValueError(
                    "A (0028,0006) 'Planar Configuration' value of "
                    f"'{self.planar_configuration}' is invalid, it must be 0 or 1"
                )


class CoderBase:
    """A decoder or encoder for one transfer syntax, and its plugins: functions
    found by import path, available when their module says so."""

    def __init__(self, uid: UID, decoder: bool) -> None:
        self._uid = uid
        self._available: dict[str, Any] = {}
        self._unavailable: dict[str, tuple[str, ...]] = {}
        self._decoder = decoder

    def add_plugin(self, label: str, import_path: tuple[str, str]) -> None:
        """Add the plugin `label`: the function ``import_path[1]`` of the module
        ``import_path[0]``, whose ``is_available(uid)`` says whether it can be
        used (if not, its ``DECODER_DEPENDENCIES``/``ENCODER_DEPENDENCIES`` say
        what it lacks). Not thread-safe."""
        if label in self._available or label in self._unavailable:
            raise ValueError(f"'{type(self).__name__}' already has a plugin named '{label}'")
        module = import_module(import_path[0])
        if module.is_available(self.UID):
            try:
                self._available[label] = getattr(module, import_path[1])
            except AttributeError:
                # Named by the path the caller gave (which may be an alias).
                raise AttributeError(f"module '{import_path[0]}' has no attribute '{import_path[1]}'") from None
            return
        deps = module.DECODER_DEPENDENCIES if self._decoder else module.ENCODER_DEPENDENCIES
        if self.UID not in deps:
            raise ValueError(f"The '{label}' plugin doesn't support '{self.UID.name}'")
        self._unavailable[label] = deps[self.UID]

    def add_plugins(self, plugins: list[tuple[str, tuple[str, str]]]) -> None:
        for label, import_path in plugins:
            self.add_plugin(label, import_path)

    @property
    def available_plugins(self) -> tuple[str, ...]:
        return tuple(sorted(self._available))

    @property
    def is_available(self) -> bool:
        if self._decoder and not self.UID.is_encapsulated:
            return True
        return bool(self._available)

    @property
    def is_encapsulated(self) -> bool:
        return self.UID.is_encapsulated

    @property
    def is_native(self) -> bool:
        return not self.is_encapsulated

    @property
    def missing_dependencies(self) -> list[str]:
        """What each unavailable plugin lacks, in words."""
        lines = []
        for label, deps in self._unavailable.items():
            if not deps:
                lines.append(f"{label} - plugin indicating it is unavailable")
            elif len(deps) > 1:
                lines.append(f"{label} - requires {', '.join(deps[:-1])} and {deps[-1]}")
            else:
                lines.append(f"{label} - requires {deps[0]}")
        return lines

    def remove_plugin(self, label: str) -> None:
        """Remove the plugin `label`. Not thread-safe."""
        if label in self._available:
            del self._available[label]
        elif label in self._unavailable:
            del self._unavailable[label]
        else:
            raise ValueError(f"Unable to remove '{label}', no such plugin'")

    @property
    def UID(self) -> UID:
        return self._uid

    def _plugin_name(self, plugin: str) -> str:
        """`plugin`, or the plugin pydicom 3.0 calls by another name."""
        if plugin in self._available or plugin in self._unavailable:
            return plugin
        return _PLUGIN_ALIASES.get(plugin.lower(), plugin)

    def _validate_plugins(self, plugin: str = "") -> dict[str, Any]:
        """The plugins to try, in order: all available ones, or only `plugin`;
        pydicom's errors when there is none."""
        if self._decoder and not self.UID.is_encapsulated:
            return {}
        plugin = self._plugin_name(plugin) if plugin else ""
        if plugin:
            if plugin in self._available:
                return {plugin: self._available[plugin]}
            if deps := self._unavailable.get(plugin, None):
                missing = deps[0] if len(deps) == 1 else f"{', '.join(deps[:-1])} and {deps[-1]}"
                if self._decoder:
                    raise RuntimeError(
                        f"Unable to decompress '{self.UID.name}' pixel data because the specified "
                        f"plugin is missing dependencies:\n\t{plugin} - requires {missing}"
                    )
                raise RuntimeError(
                    f"Unable to compress the pixel data using '{self.UID.name}' because the "
                    f"specified plugin is missing dependencies:\n\t{plugin} - requires {missing}"
                )
            message = f"No plugin named '{plugin}' has been added to '{self.UID.keyword}{type(self).__name__}'"
            if self._available:
                message += f", available plugins are: {', '.join(self.available_plugins)}"
            raise ValueError(message)
        if self._available:
            return self._available.copy()
        missing = "\n".join(f"\t{s}" for s in self.missing_dependencies)
        if self._decoder:
            raise RuntimeError(
                f"Unable to decompress '{self.UID.name}' pixel data because all plugins are "
                f"missing dependencies:\n{missing}"
            )
        raise RuntimeError(
            f"Unable to compress the pixel data using '{self.UID.name}' because all plugins are "
            f"missing dependencies:\n{missing}"
        )


def native_byteorder_matches(little_endian: bool) -> bool:
    return little_endian == (sys.byteorder == "little")
