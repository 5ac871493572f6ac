"""The ``rapidicom`` command (also ``python -m rapidicom``)."""

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def _load(filespec: str) -> Any:
    """A path, or "rapidicom::NAME" / "pydicom::NAME" for a sample file."""
    from rapidicom.data import get_testdata_file
    from rapidicom.filereader import dcmread

    for prefix in ("rapidicom::", "pydicom::"):
        if filespec.startswith(prefix):
            path = get_testdata_file(filespec[len(prefix) :])
            if path is None:
                raise argparse.ArgumentTypeError(f"no sample file named {filespec[len(prefix):]!r}")
            filespec = path
    return dcmread(filespec, force=True)


def _quiet(ds: Any) -> str:
    """A few lines about what the file is (pydicom's `show -q` in spirit)."""
    lines = []
    if "SOPClassUID" in ds:
        lines.append(f"SOPClassUID: {ds.SOPClassUID.name}")
    for keyword in ("PatientName", "PatientID", "StudyDate", "Modality"):
        if keyword in ds:
            lines.append(f"{keyword}: {ds.get(keyword)}")
    if "Rows" in ds and "Columns" in ds:
        frames = ds.get("NumberOfFrames", 1)
        lines.append(f"Image: {ds.Rows}x{ds.Columns}, {frames} frame(s), {ds.get('BitsAllocated')} bits allocated")
    if "BeamSequence" in ds:
        for beam in ds.BeamSequence:
            lines.append(f"Beam {beam.get('BeamNumber')} '{beam.get('BeamName')}'")
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    ds = _load(args.filespec)
    if args.exclude_private:
        ds.remove_private_tags()
    if args.quiet:
        print(_quiet(ds))
    elif args.top:
        print(ds.top())
    else:
        print(ds)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rapidicom", description="DICOM tools on rapidicom's Rust core")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", description="Display all or part of a DICOM file")
    show.add_argument("filespec", help="a file, or rapidicom::NAME for a sample file")
    show.add_argument("-x", "--exclude-private", action="store_true", help="Don't show private data elements")
    show.add_argument("-t", "--top", action="store_true", help="Only show top level")
    show.add_argument("-q", "--quiet", action="store_true", help="Only show basic information")
    show.set_defaults(func=_show)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (OSError, ValueError) as exc:
        print(f"rapidicom: {exc}", file=sys.stderr)
        return 1
