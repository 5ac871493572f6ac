#!/usr/bin/env python3
"""Make rapidicom's sample files: small synthetic DICOM files that ship with the
package (python/rapidicom/data/samples) so that examples and the README's
commands run on a fresh install.

    python tools/make_testdata.py

Everything in them is made up here; nothing is copied from another project. The
files are written with pydicom (a test-time dependency) so that they do not
depend on rapidicom's own writer. Their names start with "sample_" and are never
those of pydicom's test files: a program asking for pydicom's "CT_small.dcm"
must get pydicom's file (see rapidicom.data).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    RLELossless,
)

OUT = Path(__file__).resolve().parent.parent / "python" / "rapidicom" / "data" / "samples"
ROOT = "1.2.826.0.1.3680043.8.498.7707"  # under pydicom's example root, plus a fixed arc
CREATED = datetime.date(2024, 1, 31)


def uid(*parts: int) -> str:
    return ".".join([ROOT, *map(str, parts)])


def base(sop_class: str, number: int, syntax: str) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = uid(number, 1)
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.ImplementationClassUID = uid(0)
    ds.file_meta.ImplementationVersionName = "RAPIDICOM_SAMPLE"
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.InstanceCreationDate = CREATED.strftime("%Y%m%d")
    ds.InstanceCreationTime = "150031"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = uid(number, 1)
    ds.StudyDate = "20240116"
    ds.StudyTime = "153557"
    ds.AccessionNumber = ""
    ds.Manufacturer = "Rapidicom Samples"
    ds.ReferringPhysicianName = ""
    ds.PatientName = "Last^First^mid^pre"
    ds.PatientID = f"id{number:05d}"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.SoftwareVersions = "make_testdata 1"
    ds.StudyInstanceUID = uid(number, 2)
    ds.SeriesInstanceUID = uid(number, 3)
    ds.StudyID = "1"
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    return ds


def image(ds: Dataset, pixels: np.ndarray, photometric: str = "MONOCHROME2") -> Dataset:
    frames = pixels.shape[0] if pixels.ndim == 3 and photometric.startswith("MONO") else 1
    rows, cols = pixels.shape[-2:] if photometric.startswith("MONO") else pixels.shape[-3:-1]
    ds.SamplesPerPixel = 1 if photometric.startswith("MONO") else 3
    ds.PhotometricInterpretation = photometric
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated = pixels.dtype.itemsize * 8
    ds.BitsStored = ds.BitsAllocated
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 1 if pixels.dtype.kind == "i" else 0
    if ds.SamplesPerPixel == 3:
        ds.PlanarConfiguration = 0
    ds.PixelData = pixels.tobytes()
    return ds


def ramp(shape: tuple[int, ...], dtype: str, scale: int = 1) -> np.ndarray:
    """A deterministic test pattern."""
    grid = np.indices(shape).sum(axis=0) * scale
    return (grid % np.iinfo(dtype).max).astype(dtype)


def ct() -> Dataset:
    ds = base(pydicom.uid.CTImageStorage, 1, ExplicitVRLittleEndian)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.Modality = "CT"
    ds.SliceThickness = "5.0"
    ds.KVP = "120"
    ds.ImagePositionPatient = ["-158.135803", "-179.035797", "-75.699997"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing = ["0.661468", "0.661468"]
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.WindowCenter = "40"
    ds.WindowWidth = "400"
    pixels = ramp((64, 64), "int16", 7) - 500
    image(ds, pixels.astype("int16"))
    ds.BitsStored, ds.HighBit = 12, 11
    # A private block, as scanners write them.
    block = ds.private_block(0x0009, "RAPIDICOM SAMPLE 1.0", create=True)
    block.add_new(0x01, "LO", "private value")
    block.add_new(0x02, "US", [1, 2, 3])
    return ds


def rtplan() -> Dataset:
    ds = base(pydicom.uid.RTPlanStorage, 2, ExplicitVRLittleEndian)
    ds.Modality = "RTPLAN"
    ds.RTPlanLabel = "Plan1"
    ds.RTPlanName = "Sample plan"
    ds.RTPlanDate = "20240116"
    ds.RTPlanGeometry = "PATIENT"
    beams = []
    for number, name in ((1, "Field 1"), (2, "Field 2")):
        beam = Dataset()
        beam.Manufacturer = "Linac co."
        beam.BeamNumber = number
        beam.BeamName = name
        beam.BeamType = "STATIC"
        beam.RadiationType = "PHOTON"
        beam.TreatmentDeliveryType = "TREATMENT"
        beam.NumberOfControlPoints = 2
        points = []
        for index in range(2):
            cp = Dataset()
            cp.ControlPointIndex = index
            cp.NominalBeamEnergy = "6"
            cp.GantryAngle = str(90 * number)
            cp.CumulativeMetersetWeight = str(index)
            points.append(cp)
        beam.ControlPointSequence = Sequence(points)
        beams.append(beam)
    ds.BeamSequence = Sequence(beams)
    fraction = Dataset()
    fraction.FractionGroupNumber = 1
    fraction.NumberOfFractionsPlanned = 30
    fraction.NumberOfBeams = 2
    fraction.NumberOfBrachyApplicationSetups = 0
    refs = []
    for number in (1, 2):
        ref = Dataset()
        ref.ReferencedBeamNumber = number
        ref.BeamMeterset = "116.0"
        refs.append(ref)
    fraction.ReferencedBeamSequence = Sequence(refs)
    ds.FractionGroupSequence = Sequence([fraction])
    setup = Dataset()
    setup.PatientPosition = "HFS"
    setup.PatientSetupNumber = 1
    ds.PatientSetupSequence = Sequence([setup])
    return ds


def mr(number: int, syntax: str) -> Dataset:
    ds = base(pydicom.uid.MRImageStorage, number, syntax)
    ds.Modality = "MR"
    ds.ScanningSequence = "SE"
    ds.MagneticFieldStrength = "1.5"
    ds.EchoTime = "20"
    return image(ds, ramp((32, 32), "uint16", 13))


def multiframe() -> Dataset:
    ds = base(pydicom.uid.MultiFrameGrayscaleByteSecondaryCaptureImageStorage, 5, ExplicitVRLittleEndian)
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    return image(ds, ramp((5, 16, 16), "uint8", 3))


def rgb() -> Dataset:
    ds = base(pydicom.uid.SecondaryCaptureImageStorage, 6, ExplicitVRLittleEndian)
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    return image(ds, ramp((16, 16, 3), "uint8", 11), "RGB")


def rle() -> Dataset:
    ds = ct()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = uid(7, 1)
    ds.compress(RLELossless, generate_instance_uid=False)
    return ds


def charset(number: int, charset_value: str | list[str], name: str, text: str) -> Dataset:
    ds = base(pydicom.uid.SecondaryCaptureImageStorage, number, ExplicitVRLittleEndian)
    ds.SpecificCharacterSet = charset_value
    ds.PatientName = name
    ds.StudyDescription = text
    ds.Modality = "OT"
    return ds


def nested_private() -> Dataset:
    """Private creators and private sequences, in implicit VR (VRs come from the
    private dictionary)."""
    ds = base(pydicom.uid.CTImageStorage, 10, ImplicitVRLittleEndian)
    ds.Modality = "CT"
    ds.add_new_private("GEMS_ACQU_01", 0x0019, 0x0F, "2.5")
    item = Dataset()
    item.private_block(0x0011, "RAPIDICOM SAMPLE 1.0", create=True).add_new(0x01, "LO", "inner")
    block = ds.private_block(0x0011, "RAPIDICOM SAMPLE 1.0", create=True)
    block.add_new(0x10, "SQ", Sequence([item]))
    return ds


FILES = {
    "sample_ct.dcm": ct,
    "sample_rtplan.dcm": rtplan,
    "sample_mr.dcm": lambda: mr(3, ExplicitVRLittleEndian),
    "sample_mr_implicit.dcm": lambda: mr(4, ImplicitVRLittleEndian),
    "sample_mr_bigendian.dcm": lambda: mr(8, ExplicitVRBigEndian),
    "sample_mr_deflated.dcm": lambda: mr(9, DeflatedExplicitVRLittleEndian),
    "sample_multiframe_8bit.dcm": multiframe,
    "sample_rgb.dcm": rgb,
    "sample_ct_rle.dcm": rle,
    "sample_charset_utf8.dcm": lambda: charset(11, "ISO_IR 192", "Wang^XiaoDong=王^小東", "Ünïcödé study"),
    "sample_charset_latin1.dcm": lambda: charset(12, "ISO_IR 100", "Buc^Jérôme", "Étude"),
    "sample_charset_japanese.dcm": lambda: charset(
        13, ["", "ISO 2022 IR 87"], "Yamada^Tarou=山田^太郎=やまだ^たろう", "Study"
    ),
    "sample_charset_korean.dcm": lambda: charset(14, ["", "ISO 2022 IR 149"], "Hong^Gildong=洪^吉洞=홍^길동", "Study"),
    "sample_charset_chinese_gb18030.dcm": lambda: charset(15, "GB18030", "Wang^XiaoDong=王^小东=", "研究"),
    "sample_charset_chinese_ir58.dcm": lambda: charset(16, ["", "ISO 2022 IR 58"], "Zhang^San=张^三=", "Study"),
    "sample_private_tags.dcm": nested_private,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in FILES.items():
        ds = make()
        ds.save_as(OUT / name, enforce_file_format=True)
        print("wrote", name)


if __name__ == "__main__":
    main()
