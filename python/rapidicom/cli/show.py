"""The ``show`` subcommand: a DICOM file, or part of one, as text."""

import argparse
from collections.abc import Callable
from typing import Any

from rapidicom.dataset import Dataset


def add_subparser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    from rapidicom.cli.main import filespec_help, filespec_parser

    parser = subparsers.add_parser("show", description="Display all or part of a DICOM file")
    parser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    parser.add_argument("-x", "--exclude-private", help="Don't show private data elements", action="store_true")
    parser.add_argument("-t", "--top", help="Only show top level", action="store_true")
    parser.add_argument("-q", "--quiet", help="Only show basic information", action="store_true")
    parser.set_defaults(func=do_command)


def do_command(args: argparse.Namespace) -> None:
    if len(args.filespec) != 1:
        raise NotImplementedError("Show can only work on a single DICOM file input")
    ds, value = args.filespec[0]
    if not value:
        value = ds
    if args.exclude_private:
        ds.remove_private_tags()
    if args.quiet and isinstance(value, Dataset):
        show_quiet(value)
    elif args.top and isinstance(value, Dataset):
        print(value.top())
    else:
        print(str(value))


def SOPClassname(ds: Dataset) -> str | None:
    uid = ds.get("SOPClassUID")
    return None if uid is None else f"SOPClassUID: {uid.name}"


def quiet_rtplan(ds: Dataset) -> str | None:
    """Plan label and name, fraction groups with their beams, then each beam."""
    if "BeamSequence" not in ds:
        return None
    line = f"Plan Label: {ds.get('RTPlanLabel')}  "
    name = ds.get("RTPlanName")
    if name:
        line += f"Plan Name: {name}"
    lines = [line]
    for group in ds.get("FractionGroupSequence", []):
        planned = group.get("NumberOfFractionsPlanned")
        fractions = f"{planned} fraction(s) planned" if planned else ""
        lines.append(
            f"Fraction Group {group.get('FractionGroupNumber', '')} "
            f"{group.get('FractionGroupDescription', '')} {fractions}"
        )
        lines.append(f"   Brachy Application Setups: {group.get('NumberOfBrachyApplicationSetups')}")
        for beam in group.ReferencedBeamSequence:
            dose, meterset = beam.get("BeamDose"), beam.get("BeamMeterset")
            line = f"   Beam {beam.get('ReferencedBeamNumber')} "
            if dose or meterset:
                line += f"Dose {dose} Meterset {meterset}"
            lines.append(line)
    for beam in ds.BeamSequence:
        kind = beam.get("BeamType")
        line = (
            f"Beam {beam.get('BeamNumber')} '{beam.get('BeamName')}' {beam.get('TreatmentDeliveryType')} "
            f"{kind} {beam.get('RadiationType')}"
        )
        if kind == "STATIC":
            cp = beam.ControlPointSequence[0]
            if cp:
                line += (
                    f" energy {cp.get('NominalBeamEnergy')} gantry {cp.get('GantryAngle')}, "
                    f"coll {cp.get('BeamLimitingDeviceAngle')}, couch {cp.get('PatientSupportAngle')}"
                )
        line += (
            f" ({beam.get('NumberOfWedges')} wedges, {beam.get('NumberOfCompensators')} comps, "
            f"{beam.get('NumberOfBoli')} boli, {beam.get('NumberOfBlocks')} blocks)"
        )
        lines.append(line)
    return "\n".join(lines)


def quiet_image(ds: Dataset) -> str | None:
    if "SOPClassUID" not in ds or "Image Storage" not in ds.SOPClassUID.name:
        return None
    names = ["BitsStored", "Modality", "Rows", "Columns", "SliceLocation"]
    return "\n".join(f"{name}: {ds.get(name, 'N/A')}" for name in names)


# What quiet mode shows: keywords, and functions that describe a dataset.
quiet_items: list[Callable[[Dataset], str | None] | str] = [
    SOPClassname,
    "PatientName",
    "PatientID",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    quiet_image,
    quiet_rtplan,
]


def show_quiet(ds: Dataset) -> None:
    for item in quiet_items:
        if callable(item):
            text = item(ds)
            if text:
                print(text)
        else:
            print(f"{item}: {ds.get(item, 'N/A')}")
