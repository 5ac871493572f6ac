#!/usr/bin/env python3
"""Make a mixed corpus of DICOM files for whole-header tables: what an archive
holds, in proportions like a hospital's (CT and MR series, enhanced multi-frame
MR, some of it RLE compressed, RT structure sets, plans and doses, structured
reports with nested content, vendor private blocks, a few non-ASCII names).

    python tools/make_header_corpus.py OUT_FOLDER [COUNT] [--small]

Everything is made up here from a seeded random generator, so the same COUNT
gives the same files. `--small` writes 4x4 pixels (for tests of many files).
Files are written by pydicom (a test-time dependency) unless `library` names
another module with pydicom's API (the 100,000-file test writes with rapidicom
for speed; what it checks does not depend on the writer).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = "1.2.826.0.1.3680043.8.498.7708"  # under pydicom's example root, plus a fixed arc

# (kind, share of the corpus)
MIX = [("ct", 40), ("mr", 22), ("enhanced_mr", 8), ("enhanced_mr_rle", 4), ("rt_struct", 8),
       ("rt_plan", 5), ("rt_dose", 3), ("sr", 10)]  # fmt: skip


def _uid(*parts: int) -> str:
    return ".".join([ROOT, *map(str, parts)])


class _Maker:
    def __init__(self, lib: ModuleType, rng: random.Random, small: bool) -> None:
        self.lib, self.rng, self.small = lib, rng, small

    def dataset(self, **values: Any) -> Any:
        ds = self.lib.Dataset()
        for keyword, value in values.items():
            setattr(ds, keyword, value)
        return ds

    def sequence(self, items: list[Any]) -> Any:
        return self.lib.sequence.Sequence(items)

    def code(self, value: str, scheme: str, meaning: str) -> Any:
        return self.dataset(CodeValue=value, CodingSchemeDesignator=scheme, CodeMeaning=meaning)

    def pixels(self, ds: Any, rows: int, columns: int, frames: int = 1) -> None:
        if self.small:
            rows = columns = 4
        ds.Rows, ds.Columns = rows, columns
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        if frames > 1:
            ds.NumberOfFrames = frames
        seed = self.rng.randrange(1 << 30)
        ramp = (np.arange(frames * rows * columns, dtype=np.int64) * 7 + seed) % 4000
        ds.PixelData = ramp.astype(np.uint16).tobytes()
        ds["PixelData"].VR = "OW"


def _patient(m: _Maker, number: int) -> dict[str, Any]:
    names = ["Garcia^Ana", "Smith^John^A", "Nguyen^Minh", "Okafor^Chidi", "Kowalski^Jan", "Rossi^Lucia"]
    special = number % 23 == 0  # a few patients with non-ASCII names
    name = "Müller^Jürgen" if special else names[number % len(names)]
    return {
        "PatientName": name,
        "PatientID": f"P{number:06d}",
        "PatientBirthDate": f"{1940 + number % 60}{1 + number % 12:02d}{1 + number % 28:02d}",
        "PatientSex": "MF"[number % 2],
        "PatientAge": f"{20 + number % 70:03d}Y",
        "PatientWeight": str(50 + number % 50),
        "SpecificCharacterSet": "ISO_IR 100" if special else "ISO_IR 6",
    }


def _common(m: _Maker, ds: Any, study: int, series: int, instance: int, modality: str, sop_class: str) -> None:
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = _uid(study, series, instance)
    ds.StudyInstanceUID = _uid(study)
    ds.SeriesInstanceUID = _uid(study, series)
    ds.FrameOfReferenceUID = _uid(study, 9999)
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = f"2025{1 + study % 12:02d}{1 + study % 28:02d}"
    ds.StudyTime = ds.ContentTime = f"{8 + study % 10:02d}{study % 60:02d}00.{instance:06d}"
    ds.AccessionNumber = f"A{study:08d}"
    ds.StudyID = str(study % 10000)
    ds.SeriesNumber = series % 1000
    ds.InstanceNumber = instance
    ds.Modality = modality
    ds.Manufacturer = m.rng.choice(["GE MEDICAL SYSTEMS", "SIEMENS", "Philips", "Canon Medical"])
    ds.InstitutionName = m.rng.choice(["General Hospital", "University Clinic", "Imaging Center"])
    ds.ReferringPhysicianName = "Lee^Dana"
    ds.StudyDescription = f"{modality} study"
    ds.SeriesDescription = f"{modality} series {series}"
    ds.BodyPartExamined = m.rng.choice(["CHEST", "ABDOMEN", "HEAD", "PELVIS"])
    ds.ProcedureCodeSequence = m.sequence([m.code("24627-2", "LN", f"{modality} {ds.BodyPartExamined}")])


def _image_plane(m: _Maker, ds: Any, instance: int) -> None:
    ds.ImagePositionPatient = [-250.0, -250.0, round(-100.0 + 2.5 * instance, 2)]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [0.976562, 0.976562]
    ds.SliceThickness = "2.5"
    ds.SliceLocation = round(-100.0 + 2.5 * instance, 2)
    ds.WindowCenter, ds.WindowWidth = ["40", "400"], ["400", "1500"]
    ds.RescaleIntercept, ds.RescaleSlope = "-1024", "1"


def _private_ge(m: _Maker, ds: Any) -> None:
    block = ds.private_block(0x0009, "GEMS_IDEN_01", create=True)
    block.add_new(0x01, "LO", "CT01_OC0")
    block.add_new(0x02, "SH", "suite")
    block = ds.private_block(0x0043, "GEMS_PARM_01", create=True)
    block.add_new(0x10, "US", 1)
    block.add_new(0x27, "SH", "/1.0:1")
    block.add_new(0x2A, "OB", bytes(m.rng.randrange(256) for _ in range(40)))


def _private_siemens(m: _Maker, ds: Any) -> None:
    block = ds.private_block(0x0029, "SIEMENS CSA HEADER", create=True)
    block.add_new(0x08, "CS", "IMAGE NUM 4")
    block.add_new(0x09, "LO", "20100114")
    block.add_new(0x10, "OB", bytes(m.rng.randrange(256) for _ in range(3000)))  # bulk: a CSA header
    block = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    block.add_new(0x0B, "DS", "40")
    block.add_new(0x0F, "SH", "Fast*")


def ct(m: _Maker, study: int, series: int, instance: int) -> Any:
    ds = m.dataset(ImageType=["ORIGINAL", "PRIMARY", "AXIAL"], KVP="120", XRayTubeCurrent=250, Exposure=12,
                   ConvolutionKernel="STANDARD", ReconstructionDiameter="500", GantryDetectorTilt="0",
                   ScanOptions="HELICAL MODE", CTDIvol=12.5)  # fmt: skip
    _common(m, ds, study, series, instance, "CT", "1.2.840.10008.5.1.4.1.1.2")
    _image_plane(m, ds, instance)
    _private_ge(m, ds)
    m.pixels(ds, 256, 256)
    return ds


def mr(m: _Maker, study: int, series: int, instance: int) -> Any:
    ds = m.dataset(ImageType=["ORIGINAL", "PRIMARY", "M", "ND"], ScanningSequence=["SE", "IR"],
                   SequenceVariant=["SK", "SP"], MRAcquisitionType="2D", RepetitionTime="4000",
                   EchoTime="90", MagneticFieldStrength="3", EchoTrainLength=16, FlipAngle="150",
                   ImagingFrequency="123.25", ImagedNucleus="1H")  # fmt: skip
    _common(m, ds, study, series, instance, "MR", "1.2.840.10008.5.1.4.1.1.4")
    _image_plane(m, ds, instance)
    _private_siemens(m, ds)
    m.pixels(ds, 256, 256)
    return ds


def enhanced_mr(m: _Maker, study: int, series: int, instance: int) -> Any:
    frames = 8
    ds = m.dataset(ImageType=["ORIGINAL", "PRIMARY", "M", "NONE"], NumberOfFrames=frames)
    _common(m, ds, study, series, instance, "MR", "1.2.840.10008.5.1.4.1.1.4.1")
    plane = m.dataset(PixelSpacing=[0.9, 0.9], SliceThickness="3")
    orientation = m.dataset(ImageOrientationPatient=[1, 0, 0, 0, 1, 0])
    timing = m.dataset(RepetitionTime=4000.0, FlipAngle=90.0)
    ds.SharedFunctionalGroupsSequence = m.sequence([
        m.dataset(PixelMeasuresSequence=m.sequence([plane]), PlaneOrientationSequence=m.sequence([orientation]),
                  MRTimingAndRelatedParametersSequence=m.sequence([timing]))
    ])  # fmt: skip
    per_frame = []
    for f in range(frames):
        content = m.dataset(StackID="1", InStackPositionNumber=f + 1, DimensionIndexValues=[1, f + 1])
        position = m.dataset(ImagePositionPatient=[-120.0, -120.0, 3.0 * f])
        per_frame.append(m.dataset(FrameContentSequence=m.sequence([content]),
                                   PlanePositionSequence=m.sequence([position])))  # fmt: skip
    ds.PerFrameFunctionalGroupsSequence = m.sequence(per_frame)
    ds.DimensionOrganizationSequence = m.sequence([m.dataset(DimensionOrganizationUID=_uid(study, series, 0))])
    _private_siemens(m, ds)
    m.pixels(ds, 128, 128, frames)
    return ds


def rt_struct(m: _Maker, study: int, series: int, instance: int) -> Any:
    ds = m.dataset(StructureSetLabel="RTSTRUCT", StructureSetDate="20250101", StructureSetTime="120000")
    _common(m, ds, study, series, instance, "RTSTRUCT", "1.2.840.10008.5.1.4.1.1.481.3")
    rois, contours = [], []
    for roi in range(1, 1 + m.rng.randrange(2, 6)):
        rois.append(m.dataset(ROINumber=roi, ReferencedFrameOfReferenceUID=ds.FrameOfReferenceUID,
                              ROIName=f"ROI {roi}", ROIGenerationAlgorithm="MANUAL"))  # fmt: skip
        slices = []
        for z in range(m.rng.randrange(2, 5)):
            points = [round(v, 2) for p in range(12) for v in (10.0 * roi + p, 5.0 * p, 2.5 * z)]
            image = m.dataset(ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2",
                              ReferencedSOPInstanceUID=_uid(study, 1, z + 1))  # fmt: skip
            slices.append(m.dataset(ContourImageSequence=m.sequence([image]), ContourGeometricType="CLOSED_PLANAR",
                                    NumberOfContourPoints=12, ContourData=points))  # fmt: skip
        contours.append(m.dataset(ReferencedROINumber=roi, ROIDisplayColor=[255, roi * 40, 0],
                                  ContourSequence=m.sequence(slices)))  # fmt: skip
    ds.StructureSetROISequence = m.sequence(rois)
    ds.ROIContourSequence = m.sequence(contours)
    return ds


def rt_plan(m: _Maker, study: int, series: int, instance: int) -> Any:
    ds = m.dataset(RTPlanLabel="PLAN1", RTPlanDate="20250102", RTPlanGeometry="PATIENT")
    _common(m, ds, study, series, instance, "RTPLAN", "1.2.840.10008.5.1.4.1.1.481.5")
    beams = []
    for b in range(1, 1 + m.rng.randrange(2, 5)):
        points = [
            m.dataset(
                ControlPointIndex=i,
                GantryAngle=float(40 * b),
                CumulativeMetersetWeight=i / 2,
                BeamLimitingDevicePositionSequence=m.sequence(
                    [m.dataset(RTBeamLimitingDeviceType="ASYMX", LeafJawPositions=[-50.0 - i, 50.0 + i])]
                ),
            )  # fmt: skip
            for i in range(3)
        ]
        beams.append(m.dataset(BeamNumber=b, BeamName=f"Beam {b}", BeamType="STATIC", RadiationType="PHOTON",
                               TreatmentMachineName="LINAC1", NumberOfControlPoints=3,
                               ControlPointSequence=m.sequence(points)))  # fmt: skip
    ds.BeamSequence = m.sequence(beams)
    ds.FractionGroupSequence = m.sequence([m.dataset(FractionGroupNumber=1, NumberOfFractionsPlanned=25,
                                                     NumberOfBeams=len(beams))])  # fmt: skip
    return ds


def rt_dose(m: _Maker, study: int, series: int, instance: int) -> Any:
    frames = 6
    ds = m.dataset(DoseUnits="GY", DoseType="PHYSICAL", DoseSummationType="PLAN", DoseGridScaling=1.5e-5,
                   GridFrameOffsetVector=[2.5 * f for f in range(frames)], FrameIncrementPointer=0x3004000C)  # fmt: skip
    _common(m, ds, study, series, instance, "RTDOSE", "1.2.840.10008.5.1.4.1.1.481.2")
    _image_plane(m, ds, 0)
    m.pixels(ds, 64, 64, frames)
    return ds


def sr(m: _Maker, study: int, series: int, instance: int) -> Any:
    ds = m.dataset(ValueType="CONTAINER", ContinuityOfContent="SEPARATE", CompletionFlag="COMPLETE",
                   VerificationFlag="UNVERIFIED")  # fmt: skip
    _common(m, ds, study, series, instance, "SR", "1.2.840.10008.5.1.4.1.1.88.33")
    ds.ConceptNameCodeSequence = m.sequence([m.code("126000", "DCM", "Imaging Measurement Report")])
    findings = []
    for f in range(m.rng.randrange(1, 4)):
        measurement = m.dataset(
            RelationshipType="CONTAINS", ValueType="NUM",
            ConceptNameCodeSequence=m.sequence([m.code("410668003", "SCT", "Length")]),
            MeasuredValueSequence=m.sequence([m.dataset(
                NumericValue=str(round(m.rng.uniform(2, 40), 1)),
                MeasurementUnitsCodeSequence=m.sequence([m.code("mm", "UCUM", "millimeter")]),
            )]),
        )  # fmt: skip
        finding = m.dataset(RelationshipType="CONTAINS", ValueType="CODE",
                            ConceptNameCodeSequence=m.sequence([m.code("121071", "DCM", "Finding")]),
                            ConceptCodeSequence=m.sequence([m.code("108369006", "SCT", "Neoplasm")]))  # fmt: skip
        text = m.dataset(RelationshipType="CONTAINS", ValueType="TEXT", TextValue=f"Finding {f + 1} described.",
                         ConceptNameCodeSequence=m.sequence([m.code("121106", "DCM", "Comment")]))  # fmt: skip
        group = m.dataset(RelationshipType="CONTAINS", ValueType="CONTAINER", ContinuityOfContent="SEPARATE",
                          ConceptNameCodeSequence=m.sequence([m.code("125007", "DCM", "Measurement Group")]),
                          ContentSequence=m.sequence([finding, measurement, text]))  # fmt: skip
        findings.append(group)
    ds.ContentSequence = m.sequence(findings)
    return ds


def _rle(m: _Maker, ds: Any) -> Any:
    ds.compress(m.lib.uid.RLELossless, encoding_plugin="pydicom") if m.lib.__name__ == "pydicom" else ds.compress(
        m.lib.uid.RLELossless
    )
    return ds


KINDS: dict[str, Callable[[_Maker, int, int, int], Any]] = {
    "ct": ct, "mr": mr, "enhanced_mr": enhanced_mr, "enhanced_mr_rle": enhanced_mr, "rt_struct": rt_struct,
    "rt_plan": rt_plan, "rt_dose": rt_dose, "sr": sr,
}  # fmt: skip
_SYNTAX = {"ct": "explicit", "mr": "implicit", "sr": "explicit"}


def write_corpus(
    folder: str | Path, count: int, *, small: bool = False, library: ModuleType | None = None
) -> list[Path]:
    """Write `count` files into `folder` (kept if already complete) and return
    their paths, sorted. Series of a kind share a study and series UID."""
    if library is None:
        import pydicom as library
    out = Path(folder)
    files = sorted(out.glob("*/*.dcm"))
    if len(files) == count:
        return files
    rng = random.Random(count * 2 + small)
    m = _Maker(library, rng, small)
    # Series of CT and MR are long: kinds are drawn per series so that each
    # kind's share of the files is its share in MIX.
    lengths = {"ct": (5, 20), "mr": (5, 20)}
    kinds = [k for k, _ in MIX]
    weights = [share / (sum(lengths.get(k, (1, 2))) / 2) for k, share in MIX]
    written = 0
    study = 0
    while written < count:
        study += 1
        kind = rng.choices(kinds, weights)[0]
        patient = _patient(m, study % 400)
        in_series = rng.randrange(*lengths.get(kind, (1, 3)))
        series = rng.randrange(1, 900)
        for instance in range(1, 1 + min(in_series, count - written)):
            ds = KINDS[kind](m, study, series, instance)
            for keyword, value in patient.items():
                setattr(ds, keyword, value)
            _save(m, ds, out / f"s{study:06d}" / f"{kind}_{instance:04d}.dcm", kind)
            written += 1
    return sorted(out.glob("*/*.dcm"))


def _save(m: _Maker, ds: Any, path: Path, kind: str) -> None:
    lib = m.lib
    meta = lib.dataset.FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.ImplementationClassUID = _uid(0, 1)
    syntax = _SYNTAX.get(kind, "explicit")
    meta.TransferSyntaxUID = lib.uid.ImplicitVRLittleEndian if syntax == "implicit" else lib.uid.ExplicitVRLittleEndian
    ds.file_meta = meta
    if kind.endswith("_rle"):
        _rle(m, ds)
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("count", type=int, nargs="?", default=2000)
    parser.add_argument("--small", action="store_true", help="4x4 pixels")
    args = parser.parse_args(argv)
    files = write_corpus(args.out, args.count, small=args.small)
    print(f"{len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
