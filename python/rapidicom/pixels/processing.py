"""Pixel processing (pydicom.pixels.processing): modality and VOI lookup tables,
windowing, palettes and colour space conversion, on numpy arrays.

These are whole-array numpy operations (no Python loop over pixels); their
results are pydicom's, which the differential tests check.
"""

from io import BytesIO
from struct import unpack, unpack_from
from typing import Any, cast

import numpy as np

from rapidicom.data import get_palette_files
from rapidicom.misc import warn_and_log
from rapidicom.uid import UID
from rapidicom.valuerep import VR

try:
    import PIL
    from PIL import ImageCms

    HAVE_PIL = True
except ImportError:
    HAVE_PIL = False

HAVE_NP = True

__all__ = [
    "apply_color_lut",
    "apply_icc_profile",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "convert_color_space",
    "create_icc_transform",
]

_CMS_COLOR_SPACES = {"SRGB": "sRGB", "XYZ": "XYZ", "LAB": "LAB"}
_CMS_INTENTS = {0: "procedural", 1: "relative colorimetric", 2: "saturation", 3: "absolute colorimetric"}

# The well-known colour palettes of PS3.6 Annex B: UID -> pydicom's palette file.
_PALETTE_FILES = {
    "1.2.840.10008.1.5.1": "hotiron.dcm",
    "1.2.840.10008.1.5.2": "pet.dcm",
    "1.2.840.10008.1.5.3": "hotmetalblue.dcm",
    "1.2.840.10008.1.5.4": "pet20step.dcm",
    "1.2.840.10008.1.5.5": "spring.dcm",
    "1.2.840.10008.1.5.6": "summer.dcm",
    "1.2.840.10008.1.5.7": "fall.dcm",
    "1.2.840.10008.1.5.8": "winter.dcm",
}
# Their names. pydicom 3.0 maps FALL and WINTER to each other's UID; kept, so
# a name gives what it gives with pydicom.
_PALETTE_UIDS = {
    "HOT_IRON": "1.2.840.10008.1.5.1",
    "PET": "1.2.840.10008.1.5.2",
    "HOT_METAL_BLUE": "1.2.840.10008.1.5.3",
    "PET_20_STEP": "1.2.840.10008.1.5.4",
    "SPRING": "1.2.840.10008.1.5.5",
    "SUMMER": "1.2.840.10008.1.5.6",
    "FALL": "1.2.840.10008.1.5.8",
    "WINTER": "1.2.840.10008.1.5.7",
}


def _little_endian(ds: Any) -> bool:
    if hasattr(ds, "file_meta"):
        little = ds.file_meta._tsyntax_encoding[1]
    else:
        little = ds.original_encoding[1]
    if little is None:
        raise AttributeError(
            "Unable to determine the endianness of the dataset, please set an appropriate "
            f"Transfer Syntax UID in '{type(ds).__name__}.file_meta'"
        )
    return little


def _lut_values(item: Any, ds: Any, count: int, dtype: str, partial: bool = False) -> np.ndarray:
    """A LUT's entries: OW data in the dataset's byte order, else the US/SS values."""
    if item["LUTData"].VR == VR.OW:
        fmt = f"{'><'[_little_endian(ds)]}{count}H"
        data = cast(bytes, item.LUTData)
        values = unpack_from(fmt, data) if partial else unpack(fmt, data)
    else:
        values = cast(list[int], item.LUTData)
    return np.asarray(values, dtype=dtype)


def _clip_to_lut(arr: np.ndarray, first_map: int, entries: int, dtype: Any) -> np.ndarray:
    """Input values as LUT indices: below the first mapped value -> 0, above the
    table -> its last entry."""
    indices = np.zeros(arr.shape, dtype=dtype)
    mapped = arr >= first_map
    indices[mapped] = arr[mapped] - first_map
    np.clip(indices, 0, entries - 1, out=indices)
    return indices


def apply_modality_lut(arr: np.ndarray, ds: Any) -> np.ndarray:
    """Apply the Modality LUT or the rescale slope and intercept."""
    if ds.get("ModalityLUTSequence"):
        item = ds.ModalityLUTSequence[0]
        entries, first_map, depth = item.LUTDescriptor[:3]
        entries = entries or 2**16
        lut = _lut_values(item, ds, entries, f"uint{depth}")
        return lut[_clip_to_lut(arr, first_map, entries, arr.dtype)]
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        arr = arr.astype(np.float64) * cast(float, ds.RescaleSlope)
        arr += cast(float, ds.RescaleIntercept)
    return arr


apply_rescale = apply_modality_lut


def apply_voi_lut(arr: np.ndarray, ds: Any, index: int = 0, prefer_lut: bool = True) -> np.ndarray:
    """Apply the VOI LUT or the windowing, preferring the LUT when both are there."""
    valid_voi = False
    if ds.get("VOILUTSequence"):
        item = ds.VOILUTSequence[0]
        valid_voi = None not in (item.get("LUTDescriptor", None), item.get("LUTData", None))
    valid_windowing = None not in (ds.get("WindowCenter", None), ds.get("WindowWidth", None))
    if valid_voi and valid_windowing:
        return apply_voi(arr, ds, index) if prefer_lut else apply_windowing(arr, ds, index)
    if valid_voi:
        return apply_voi(arr, ds, index)
    if valid_windowing:
        return apply_windowing(arr, ds, index)
    return arr


def apply_voi(arr: np.ndarray, ds: Any, index: int = 0) -> np.ndarray:
    """Apply the VOI LUT at `index` of the VOI LUT Sequence."""
    if not ds.get("VOILUTSequence"):
        return arr
    if not np.issubdtype(arr.dtype, np.integer):
        warn_and_log("Applying a VOI LUT on a float input array may give incorrect results")
    item = ds.VOILUTSequence[index]
    entries, first_map, depth = item.LUTDescriptor[:3]
    entries = entries or 2**16
    if 10 <= depth <= 16:
        dtype = "uint16"
    elif depth == 8:
        dtype = "uint8"
    else:
        raise NotImplementedError(f"'{depth}' bits per LUT entry is not supported")
    lut = _lut_values(item, ds, entries, dtype, partial=True)
    return lut[_clip_to_lut(arr, first_map, entries, dtype)]


def apply_windowing(arr: np.ndarray, ds: Any, index: int = 0) -> np.ndarray:
    """Apply the window center and width (LINEAR, LINEAR_EXACT or SIGMOID)."""
    if "WindowWidth" not in ds and "WindowCenter" not in ds:
        return arr
    if ds.PhotometricInterpretation not in ["MONOCHROME1", "MONOCHROME2"]:
        raise ValueError(
            "When performing a windowing operation only 'MONOCHROME1' and 'MONOCHROME2' are "
            "allowed for (0028,0004) Photometric Interpretation"
        )
    function = cast(str, getattr(ds, "VOILUTFunction", "LINEAR")).upper()
    elem = ds["WindowCenter"]
    center = float(elem.value[index] if elem.VM > 1 else elem.value)
    elem = ds["WindowWidth"]
    width = float(elem.value[index] if elem.VM > 1 else elem.value)
    bits_stored = int(ds.BitsStored)
    if ds.get("ModalityLUTSequence"):
        y_min: float = 0
        y_max: float = 2 ** ds.ModalityLUTSequence[0].LUTDescriptor[2] - 1
    elif ds.PixelRepresentation == 0:
        y_min, y_max = 0, 2**bits_stored - 1
    else:
        y_min, y_max = -(2 ** (bits_stored - 1)), 2 ** (bits_stored - 1) - 1
    slope = ds.get("RescaleSlope", None)
    intercept = ds.get("RescaleIntercept", None)
    if slope is not None and intercept is not None:
        y_min = y_min * float(slope) + float(intercept)
        y_max = y_max * float(slope) + float(intercept)
    y_range = y_max - y_min
    arr = arr.astype("float64")
    if function in ("LINEAR", "LINEAR_EXACT"):
        if function == "LINEAR":
            if width < 1:
                raise ValueError(
                    "The (0028,1051) Window Width must be greater than or equal to 1 for a 'LINEAR' windowing operation"
                )
            center -= 0.5
            width -= 1
        elif width <= 0:
            raise ValueError(
                "The (0028,1051) Window Width must be greater than 0 for a 'LINEAR_EXACT' windowing operation"
            )
        below = arr <= center - width / 2
        above = arr > center + width / 2
        between = ~below & ~above
        arr[below] = y_min
        arr[above] = y_max
        if between.any():
            arr[between] = ((arr[between] - center) / width + 0.5) * y_range + y_min
    elif function == "SIGMOID":
        if width <= 0:
            raise ValueError("The (0028,1051) Window Width must be greater than 0 for a 'SIGMOID' windowing operation")
        arr = y_range / (1 + np.exp(-4 * (arr - center) / width)) + y_min
    else:
        raise ValueError(f"Unsupported (0028,1056) VOI LUT Function value '{function}'")
    return arr


def apply_presentation_lut(arr: np.ndarray, ds: Any) -> np.ndarray:
    """Apply the Presentation LUT Sequence or Presentation LUT Shape."""
    if "PresentationLUTSequence" in ds:
        item = ds.PresentationLUTSequence[0]
        entries, _, depth = item.LUTDescriptor
        entries = entries or 2**16
        itemsize = 8 if depth <= 8 else 16
        elem = item["LUTData"]
        if elem.VR == VR.US:
            lut = np.asarray(elem.value, dtype="u2")
        else:
            lut = np.frombuffer(item.LUTData[: entries * itemsize // 8], dtype=f"uint{itemsize}")
        if shift := itemsize - depth:
            lut = lut.copy() if not lut.flags.writeable else lut
            np.left_shift(lut, shift, out=lut)
            np.right_shift(lut, shift, out=lut)
        arr = arr.astype("float32")
        arr -= arr.min()
        arr /= arr.max() / (entries - 1)
        return cast(np.ndarray, lut[arr.astype("uint16")])
    if "PresentationLUTShape" in ds:
        shape = ds.PresentationLUTShape.strip().upper()
        if shape not in ("IDENTITY", "INVERSE"):
            raise NotImplementedError(
                f"A (2050,0020) 'Presentation LUT Shape' value of '{ds.PresentationLUTShape}' is not supported"
            )
        if shape == "INVERSE":
            arr = arr.max() - arr
    return arr


def _expand_segmented_lut(
    data: tuple[int, ...], fmt: str, nr_segments: int | None = None, last_value: int | None = None
) -> list[int]:
    """Expand a segmented palette LUT (PS3.3 C.7.9.2): discrete, linear and
    indirect segments."""
    indirect_order = [3, 2, 1, 0] if "<" in fmt else [2, 3, 0, 1]
    lut: list[int] = []
    offset = 0
    segments = 0
    while offset + 1 < len(data):
        opcode, length = data[offset], data[offset + 1]
        offset += 2
        if opcode == 0:
            lut.extend(data[offset : offset + length])
            offset += length
        elif opcode == 1:
            if lut:
                y0 = lut[-1]
            elif last_value:
                y0 = last_value
            else:
                raise ValueError(
                    "Error expanding a segmented palette color lookup table: the first "
                    "segment cannot be a linear segment"
                )
            y1 = data[offset]
            offset += 1
            if y0 == y1:
                lut.extend([y1] * length)
            else:
                step = (y1 - y0) / length
                lut.extend(int(v) for v in np.around(np.linspace(y0 + step, y1, length)))
        elif opcode == 2:
            if not lut:
                raise ValueError(
                    "Error expanding a segmented palette color lookup table: the first "
                    "segment cannot be an indirect segment"
                )
            if "B" in fmt:
                b = [data[offset + i] for i in indirect_order]
                byte_offset = (b[0] << 8 | b[1]) << 16 | (b[2] << 8 | b[3])
                offset += 4
            else:
                byte_offset = data[offset + 1] << 16 | data[offset]
                offset += 2
            lut.extend(_expand_segmented_lut(data[byte_offset:], fmt, length, lut[-1]))
        else:
            raise ValueError(f"Error expanding a segmented palette lookup table: unknown segment type '{opcode}'")
        segments += 1
        if segments == nr_segments:
            return lut
    return lut


def apply_color_lut(arr: np.ndarray, ds: Any = None, palette: Any = None) -> np.ndarray:
    """Map palette indices to colours with the dataset's Palette Color LUT
    module, or with a well-known palette named by `palette` (its name or UID;
    the palette files are found by ``data.get_palette_files``)."""
    if not ds and not palette:
        raise ValueError("Either 'ds' or 'palette' is required")
    if palette:
        ds = _palette_dataset(palette)
    if getattr(ds, "PixelPresentation", None) in ["MIXED", "COLOR"]:
        raise ValueError(
            "Use of this function with the Supplemental Palette Color Lookup Table Module is not currently supported"
        )
    if "RedPaletteColorLookupTableDescriptor" not in ds:
        raise ValueError("No suitable Palette Color Lookup Table Module found")
    entries, first_map, depth = ds.RedPaletteColorLookupTableDescriptor[:3]
    entries = entries or 2**16
    dtype = np.dtype(f"uint{depth:.0f}")
    luts: list[np.ndarray] = []
    if "RedPaletteColorLookupTableData" in ds:
        colours = [
            ds.RedPaletteColorLookupTableData,
            ds.GreenPaletteColorLookupTableData,
            ds.BluePaletteColorLookupTableData,
            getattr(ds, "AlphaPaletteColorLookupTableData", None),
        ]
        actual_depth = len(colours[0]) / entries * 8
        dtype = np.dtype(f"uint{actual_depth:.0f}")
        luts.extend(np.frombuffer(c, dtype=dtype) for c in colours if c)
    elif "SegmentedRedPaletteColorLookupTableData" in ds:
        colours = [
            ds.SegmentedRedPaletteColorLookupTableData,
            ds.SegmentedGreenPaletteColorLookupTableData,
            ds.SegmentedBluePaletteColorLookupTableData,
            getattr(ds, "SegmentedAlphaPaletteColorLookupTableData", None),
        ]
        endianness = "><"[_little_endian(ds)]
        byte_depth = depth // 8
        code = "B" if byte_depth == 1 else "H"
        actual_depth = depth
        for segment in colours:
            if segment:
                fmt = f"{endianness}{len(segment) // byte_depth}{code}"
                luts.append(np.asarray(_expand_segmented_lut(unpack(fmt, segment), fmt), dtype=dtype))
    else:
        raise ValueError("No suitable Palette Color Lookup Table Module found")
    if actual_depth not in [8, 16]:
        raise ValueError(
            f"The bit depth of the LUT data '{actual_depth:.1f}' is invalid (only 8 or 16 bits per entry allowed)"
        )
    if any(len(lut) != len(luts[0]) for lut in luts[1:]):
        raise ValueError("LUT data must be the same length")
    indices = np.zeros(arr.shape, dtype=dtype)
    mapped = arr >= first_map
    indices[mapped] = arr[mapped] - np.int32(first_map)
    np.clip(indices, 0, entries - 1, out=indices)
    out = np.empty(list(arr.shape) + [len(luts)], dtype=dtype)
    for i, lut in enumerate(luts):
        out[..., i] = lut[indices]
    return out


def _palette_dataset(palette: Any) -> Any:
    from rapidicom.filereader import dcmread

    uid = str(palette) if UID(palette).is_valid else _PALETTE_UIDS.get(palette)
    if uid not in _PALETTE_FILES:
        raise ValueError(f"Unknown palette '{palette}'")
    found = get_palette_files(_PALETTE_FILES[uid])
    if not found:
        # IndexError, as pydicom raises here; with what is missing said.
        raise IndexError(
            f"list index out of range: no palette file '{_PALETTE_FILES[uid]}' for '{palette}' "
            "was found (the well-known palettes come with pydicom's package)"
        )
    return dcmread(found[0])


def apply_icc_profile(
    arr: np.ndarray,
    ds: Any = None,
    transform: Any = None,
    intent: int | None = None,
    color_space: str | None = None,
) -> np.ndarray:
    """Apply the dataset's ICC Profile (or a transform made by
    `create_icc_transform`) to RGB `arr` in place, with Pillow."""
    if not HAVE_PIL:
        raise ImportError("Pillow is required to apply an ICC profile to an ndarray")
    if ds is None and not transform:
        raise ValueError("Either 'ds' or 'transform' must be supplied")
    if ds is not None and transform:
        raise ValueError("Only one of 'ds' and 'transform' should be used, not both")
    if arr.ndim not in (3, 4):
        raise ValueError(f"The ndarray must have 3 or 4 dimensions, not {arr.ndim}")
    if arr.shape[-1] != 3:
        raise ValueError(
            f"Invalid ndarray shape, must be (rows, columns, 3) or (frames, rows, columns, 3), not {arr.shape}"
        )
    if not transform:
        transform = create_icc_transform(ds=ds, intent=intent, color_space=color_space)
    frames = arr if arr.ndim == 4 else [arr]
    for index, frame in enumerate(frames):
        image = PIL.Image.fromarray(frame)
        ImageCms.applyTransform(image, transform, inPlace=True)
        if arr.ndim == 4:
            arr[index] = np.array(image)
        else:
            arr[...] = np.array(image)
    return arr


def create_icc_transform(
    ds: Any = None,
    icc_profile: bytes = b"",
    intent: int | None = None,
    color_space: str | None = None,
) -> Any:
    """A Pillow colour transform from the ICC profile (the dataset's, or
    `icc_profile`) to `color_space` (the dataset's Color Space, else sRGB)."""
    if not HAVE_PIL:
        raise ImportError("Pillow is required to create a color transformation object")
    if ds is None and not icc_profile:
        raise ValueError("Either 'ds' or 'icc_profile' must be supplied")
    if ds and icc_profile:
        raise ValueError("Only one of 'ds' and 'icc_profile' should be used, not both")
    icc_profile = getattr(ds, "ICCProfile", icc_profile)
    if not icc_profile:
        raise ValueError("No (0028,2000) 'ICC Profile' element was found in 'ds'")
    cs = color_space if color_space else getattr(ds, "ColorSpace", "sRGB")
    if cs and cs.upper() not in _CMS_COLOR_SPACES:
        if not color_space:
            raise ValueError(
                f"The (0028,2002) 'Color Space' value '{cs}' is not supported by Pillow, please "
                "use the 'color_space' argument to specify a supported value"
            )
        raise ValueError(f"Unsupported 'color_space' value '{cs}', must be 'sRGB', 'LAB' or 'XYZ'")
    profile = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
    intent = intent if intent else ImageCms.getDefaultIntent(profile)
    if intent not in _CMS_INTENTS:
        raise ValueError(f"Invalid 'intent' value '{intent}', must be 0, 1, 2 or 3")
    return ImageCms.buildTransform(
        outputProfile=ImageCms.createProfile(_CMS_COLOR_SPACES[cs.upper()]),
        inputProfile=profile,
        inMode="RGB",
        outMode="RGB",
        renderingIntent=ImageCms.Intent(intent),
    )


# The colour transforms of PS3.3 C.7.6.3.1.2 (YBR_FULL), rows = input samples.
_RGB_TO_YBR = np.asarray(
    [
        [+0.299, -0.299 / 1.772, +0.701 / 1.402],
        [+0.587, -0.587 / 1.772, -0.587 / 1.402],
        [+0.114, +0.886 / 1.772, -0.114 / 1.402],
    ],
    dtype=np.float32,
)
_YBR_TO_RGB = np.asarray(
    [
        [1.0, 1.0, 1.0],
        [0.0, -0.114 * 1.772 / 0.587, 1.772],
        [1.402, -0.299 * 1.402 / 0.587, 0.0],
    ],
    dtype=np.float32,
)


def _convert_RGB_to_YBR_FULL(arr: np.ndarray) -> np.ndarray:
    out = np.matmul(arr, _RGB_TO_YBR, dtype=np.float32)
    out += [0.5, 128.5, 128.5]
    np.floor(out, out=out)
    np.clip(out, 0, 255, out=out)
    return out.astype(arr.dtype)


def _convert_YBR_FULL_to_RGB(arr: np.ndarray) -> np.ndarray:
    out = arr.astype(np.float32)
    out -= [0, 128, 128]
    np.matmul(out, _YBR_TO_RGB, out=out)
    out += 0.5
    np.floor(out, out=out)
    np.clip(out, 0, 255, out=out)
    return out.astype(arr.dtype)


def _unchanged(arr: np.ndarray) -> np.ndarray:
    return arr


_CONVERTERS = {
    "YBR_FULL_422": {"YBR_FULL_422": _unchanged, "YBR_FULL": _unchanged, "RGB": _convert_YBR_FULL_to_RGB},
    "YBR_FULL": {"YBR_FULL": _unchanged, "YBR_FULL_422": _unchanged, "RGB": _convert_YBR_FULL_to_RGB},
    "RGB": {"RGB": _unchanged, "YBR_FULL": _convert_RGB_to_YBR_FULL, "YBR_FULL_422": _convert_RGB_to_YBR_FULL},
}


def convert_color_space(arr: np.ndarray, current: str, desired: str, per_frame: bool = False) -> np.ndarray:
    """Convert 8-bit samples between RGB and YBR_FULL(_422)."""
    if arr.dtype != np.dtype("u1"):
        raise ValueError(
            f"Invalid ndarray.dtype '{arr.dtype}' for color space conversion, must be 'uint8' or an equivalent"
        )
    try:
        converter = _CONVERTERS[current][desired]
    except KeyError:
        raise NotImplementedError(f"Conversion from {current} to {desired} is not supported.")
    if len(arr.shape) == 4 and per_frame:
        for i, frame in enumerate(arr):
            arr[i] = converter(frame)
        return arr
    return converter(arr)
