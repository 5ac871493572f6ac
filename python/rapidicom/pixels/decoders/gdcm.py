"""pydicom's "gdcm" decoding plugin: JPEG, JPEG-LS and JPEG 2000 frames decoded
by GDCM (python-gdcm), when it is installed."""

from typing import Any

from rapidicom import uid
from rapidicom.pixels.common import PhotometricInterpretation as PI
from rapidicom.pixels.utils import _get_jpg_parameters

try:
    import gdcm

    GDCM_VERSION = tuple(int(x) for x in gdcm.Version.GetVersion().split("."))
    HAVE_GDCM = True
except ImportError:
    HAVE_GDCM = False

DECODER_DEPENDENCIES = dict.fromkeys(
    (
        uid.JPEGBaseline8Bit,
        uid.JPEGExtended12Bit,
        uid.JPEGLossless,
        uid.JPEGLosslessSV1,
        uid.JPEGLSLossless,
        uid.JPEGLSNearLossless,
        uid.JPEG2000Lossless,
        uid.JPEG2000,
    ),
    ("gdcm>=3.0.10",),
)


def is_available(uid: str) -> bool:
    if not HAVE_GDCM or GDCM_VERSION < (3, 0):
        return False
    return uid in DECODER_DEPENDENCIES


def _bits_allocated_for(runner: Any, precision: int, sizes: tuple[int, ...]) -> int:
    for size in sizes:
        if 0 < precision <= size:
            runner.set_option("bits_allocated", size)
            break
    return precision


def _check_jpeg_shape(src: bytes, runner: Any) -> None:
    """Refuse a JPEG or JPEG-LS frame whose size is not the dataset's: GDCM
    aborts the process when it decodes more samples than it was told of."""
    info = _get_jpg_parameters(src)
    if not info:
        return
    height, width, components = info["height"], info["width"], info["components"]
    # A height of 0 is given later, in a DNL segment.
    if width != runner.columns or (height and height != runner.rows) or components != runner.samples_per_pixel:
        raise ValueError(
            f"The frame is {width} columns x {height} rows of {components} samples, not the "
            f"{runner.columns} x {runner.rows} of {runner.samples_per_pixel} that (0028,0011) "
            "'Columns', (0028,0010) 'Rows' and (0028,0002) 'Samples per Pixel' give"
        )


def _decode_frame(src: bytes, runner: Any) -> bytes:
    tsyntax = runner.transfer_syntax
    pi = runner.photometric_interpretation
    bits_stored = runner.bits_stored
    if tsyntax == uid.JPEGExtended12Bit and bits_stored != 8:
        raise NotImplementedError("GDCM does not support 'JPEG Extended' for samples with 12-bit precision")
    if tsyntax == uid.JPEGLSNearLossless and runner.pixel_representation == 1 and bits_stored < 8:
        raise ValueError("Unable to decode signed lossy JPEG-LS pixel data with a sample precision less than 8 bits")
    if tsyntax in uid.JPEGLSTransferSyntaxes and bits_stored in (6, 7):
        raise ValueError("Unable to decode unsigned JPEG-LS pixel data with a sample precision of 6 or 7 bits")
    if tsyntax in uid.JPEGTransferSyntaxes or tsyntax in uid.JPEGLSTransferSyntaxes:
        _check_jpeg_shape(src, runner)
    fragment = gdcm.Fragment()
    fragment.SetByteStringValue(src)
    fragments = gdcm.SequenceOfFragments.New()
    fragments.AddFragment(fragment)
    element = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    element.SetValue(fragments.__ref__())
    image = gdcm.Image()
    image.SetNumberOfDimensions(2)
    image.SetDimensions((runner.columns, runner.rows, 1))
    image.SetDataElement(element)
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(gdcm.PhotometricInterpretation.GetPIType(pi)))
    if runner.samples_per_pixel > 1:
        image.SetPlanarConfiguration(runner.planar_configuration)
    image.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(str.__str__(tsyntax))))
    if tsyntax in uid.JPEGLSTransferSyntaxes:
        runner.set_option("planar_configuration", 0)
        bits_stored = _bits_allocated_for(runner, runner.get_option("jls_precision", bits_stored), (8, 16))
    if tsyntax in uid.JPEG2000TransferSyntaxes:
        bits_stored = _bits_allocated_for(runner, runner.get_option("j2k_precision", bits_stored), (8, 16, 32))
    image.SetPixelFormat(
        gdcm.PixelFormat(
            runner.samples_per_pixel, runner.bits_allocated, bits_stored, bits_stored - 1, runner.pixel_representation
        )
    )
    # GDCM hands the bytes out as a str: surrogateescape gives them back.
    frame = image.GetBuffer().encode("utf-8", "surrogateescape")
    if tsyntax in uid.JPEG2000TransferSyntaxes and pi in (PI.YBR_ICT, PI.YBR_RCT):
        runner.set_option("photometric_interpretation", PI.RGB)
    return frame  # type: ignore[no-any-return]
