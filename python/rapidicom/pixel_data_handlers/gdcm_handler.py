"""pydicom 2.x's handler for JPEG, JPEG-LS and JPEG 2000 pixel data through
GDCM (python-gdcm, used only when it is installed)."""

import os
from copy import deepcopy
from tempfile import NamedTemporaryFile
from typing import TYPE_CHECKING, Any

import numpy

from rapidicom import config
from rapidicom.encaps import generate_fragmented_frames, generate_frames
from rapidicom.pixels.utils import get_expected_length, get_j2k_parameters, get_nr_frames, pixel_dtype
from rapidicom.uid import (
    JPEG2000,
    UID,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
)

try:
    import gdcm
    from gdcm import DataElement

    HAVE_GDCM = True
    HAVE_GDCM_IN_MEMORY_SUPPORT = hasattr(DataElement, "SetByteStringValue")
except ImportError:
    HAVE_GDCM = HAVE_GDCM_IN_MEMORY_SUPPORT = False

if TYPE_CHECKING:
    from rapidicom.dataset import Dataset

HAVE_NP = True
HANDLER_NAME = "GDCM"
DEPENDENCIES = {
    "numpy": ("https://numpy.org/", "NumPy"),
    "gdcm": ("https://sourceforge.net/projects/gdcm/", "GDCM"),
}
SUPPORTED_TRANSFER_SYNTAXES = [
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    JPEG2000Lossless,
    JPEG2000,
]
should_convert_these_syntaxes_to_RGB = [JPEGBaseline8Bit]


def is_available() -> bool:
    return HAVE_NP and HAVE_GDCM


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    return False


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def create_data_element(ds: "Dataset") -> Any:
    """A ``gdcm.DataElement`` holding the Pixel Data (its fragments when
    encapsulated)."""
    element = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        fragments = gdcm.SequenceOfFragments.New()
        for frame in generate_fragmented_frames(ds.PixelData, number_of_frames=get_nr_frames(ds, warn=False)):
            for data in frame:
                fragment = gdcm.Fragment()
                fragment.SetByteStringValue(data)
                fragments.AddFragment(fragment)
        element.SetValue(fragments.__ref__())
    else:
        element.SetByteStringValue(ds.PixelData)
    return element


def create_image(ds: "Dataset", data_element: Any) -> Any:
    """A ``gdcm.Image`` described by the Image Pixel module of `ds`."""
    image = gdcm.Image()
    frames = get_nr_frames(ds, warn=False)
    image.SetNumberOfDimensions(2 if frames == 1 else 3)
    image.SetDimensions((ds.Columns, ds.Rows, frames))
    image.SetDataElement(data_element)
    pi_type = gdcm.PhotometricInterpretation.GetPIType(ds.PhotometricInterpretation)
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(pi_type))
    ts_type = gdcm.TransferSyntax.GetTSType(str.__str__(ds.file_meta.TransferSyntaxUID))
    image.SetTransferSyntax(gdcm.TransferSyntax(ts_type))
    image.SetPixelFormat(
        gdcm.PixelFormat(ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation)
    )
    if "PlanarConfiguration" in ds:
        image.SetPlanarConfiguration(ds.PlanarConfiguration)
    return image


def _get_pixel_str_fileio(ds: "Dataset") -> str:
    """The decoded pixels as GDCM's string, GDCM reading the file (GDCM older
    than 2.8.8, without in-memory support)."""
    reader = gdcm.ImageReader()
    filename = getattr(ds, "filename", None)
    if filename and isinstance(filename, str):
        reader.SetFileName(filename)
        if not reader.Read():
            raise TypeError("GDCM could not read DICOM image")
        return str(reader.GetImage().GetBuffer())
    new = ds.group_dataset(0x0028)
    new["PixelData"] = ds["PixelData"]
    new.file_meta = ds.file_meta
    with NamedTemporaryFile("wb", delete=False) as t:
        new.save_as(t)
    try:
        reader.SetFileName(t.name)
        if not reader.Read():
            raise TypeError("GDCM could not read DICOM image")
        return str(reader.GetImage().GetBuffer())
    finally:
        os.remove(t.name)


def get_pixeldata(ds: "Dataset") -> numpy.ndarray:
    """The pixel data of `ds` decoded by GDCM, as a 1D array."""
    if not HAVE_GDCM:
        raise ImportError("The GDCM handler requires both gdcm and numpy")
    if HAVE_GDCM_IN_MEMORY_SUPPORT:
        pixel_str = create_image(ds, create_data_element(ds)).GetBuffer()
    else:
        pixel_str = _get_pixel_str_fileio(ds)
    # GDCM hands the bytes out as a str: surrogateescape gives them back.
    data = pixel_str.encode("utf-8", "surrogateescape")
    expected = get_expected_length(ds)
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        expected = expected // 2 * 3
    if len(data) > expected and numpy.any(numpy.frombuffer(data[expected:], numpy.byte)):
        data = data[:expected]
    dtype = pixel_dtype(ds)
    arr = numpy.frombuffer(data, dtype=dtype)
    pixels = get_expected_length(ds, "pixels")
    if arr.size != pixels:
        raise AttributeError(f"Amount of pixel data {arr.size} does not match the expected data {pixels}")
    if config.APPLY_J2K_CORRECTIONS and ds.file_meta.TransferSyntaxUID in [JPEG2000, JPEG2000Lossless]:
        codestream = next(generate_frames(ds.PixelData, number_of_frames=get_nr_frames(ds)))
        params = get_j2k_parameters(codestream)
        precision = params.setdefault("precision", ds.BitsStored)
        if not params.setdefault("is_signed", None) and ds.PixelRepresentation == 1:
            # Unsigned samples in a signed dataset: sign-extend them.
            shift = ds.BitsAllocated - precision
            pixel_module = deepcopy(ds.group_dataset(0x0028))
            pixel_module.PixelRepresentation = 0
            arr = (arr.astype(pixel_dtype(pixel_module)) << shift).astype(dtype) >> shift
    return arr.copy()
