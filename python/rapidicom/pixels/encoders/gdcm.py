"""pydicom's GDCM encoder plugin (pydicom.pixels.encoders.gdcm): RLE Lossless
through python-gdcm when it is installed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rapidicom.uid import RLELossless

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.pixels.encoders.base import EncodeRunner

try:
    import gdcm

    GDCM_VERSION = tuple(int(x) for x in gdcm.Version.GetVersion().split("."))
    HAVE_GDCM = True
except ImportError:
    HAVE_GDCM = False

ENCODER_DEPENDENCIES = {RLELossless: ("gdcm>=3.0.10",)}


def is_available(uid: str) -> bool:
    """True when python-gdcm 3.0.10 or later can encode `uid`."""
    if not HAVE_GDCM or GDCM_VERSION < (3, 0, 10):
        return False
    return uid in ENCODER_DEPENDENCIES


def encode_pixel_data(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame encoded by GDCM."""
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")
    return _ENCODERS[runner.transfer_syntax](src, runner)


def _rle_encode(src: bytes, runner: EncodeRunner) -> bytes:
    if runner.bits_allocated > 32:
        raise ValueError("Unable to encode more than 32-bit data")
    pi = gdcm.PhotometricInterpretation.GetPIType(runner.photometric_interpretation)
    if pi == gdcm.PhotometricInterpretation.PI_END:
        raise ValueError(f"Invalid photometric interpretation '{runner.photometric_interpretation}'")

    writer = gdcm.ImageWriter()
    image = writer.GetImage()
    image.SetNumberOfDimensions(2)
    image.SetDimensions((runner.columns, runner.rows, 1))
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(pi))
    image.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.ImplicitVRLittleEndian))
    image.SetPixelFormat(
        gdcm.PixelFormat(
            runner.samples_per_pixel,
            runner.bits_allocated,
            runner.bits_stored,
            runner.bits_stored - 1,
            runner.pixel_representation,
        )
    )
    if runner.samples_per_pixel > 1:
        # GDCM takes pixel interleaved input, which is what the runner gives.
        image.SetPlanarConfiguration(0)

    elem = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    elem.SetByteStringValue(src)
    image.SetDataElement(elem)

    converter = gdcm.ImageChangeTransferSyntax()
    converter.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(runner.transfer_syntax)))
    converter.SetInput(image)
    if not converter.Change():
        raise RuntimeError("ImageChangeTransferSyntax.Change() returned a failure result")

    seq = converter.GetOutput().GetDataElement().GetSequenceOfFragments()
    if seq is None or seq.GetNumberOfFragments() != 1:
        raise RuntimeError("Unexpected number of fragments found in the 'Pixel Data'")
    fragment = seq.GetFragment(0).GetByteValue().GetBuffer()
    # python-gdcm hands bytes back as a str decoded with surrogateescape.
    return cast(bytes, fragment.encode("utf-8", "surrogateescape"))


_ENCODERS = {RLELossless: _rle_encode}
