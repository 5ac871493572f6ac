"""The ``rapidicom`` command (also ``python -m rapidicom``)."""

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def _load(filespec: str) -> Any:
    """A path, "pydicom::NAME" for one of pydicom's test files or
    "rapidicom::NAME" for one of rapidicom's samples."""
    from rapidicom.data import get_sample_file, get_testdata_file
    from rapidicom.filereader import dcmread

    for prefix, find in (("rapidicom::", get_sample_file), ("pydicom::", get_testdata_file)):
        if filespec.startswith(prefix):
            path = find(filespec[len(prefix) :])
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


def _client(args: argparse.Namespace) -> Any:
    """A Dask client for ``--scheduler``, else None (work runs here)."""
    if not args.scheduler:
        return None
    from distributed import Client

    return Client(args.scheduler)


def _finish(summary: Any) -> int:
    print(summary.text())
    return 1 if summary.failed else 0


def _batch(args: argparse.Namespace, task: Any, action: str, options: dict[str, Any], out: str | None) -> int:
    from rapidicom.batch.files import expand
    from rapidicom.batch.runner import run

    client = _client(args)
    try:
        summary = run(task, expand(args.inputs), out, options, action=action, jobs=args.jobs, client=client)
    finally:
        if client is not None:
            client.close()
    return _finish(summary)


def _json(args: argparse.Namespace) -> int:
    from rapidicom.batch import tasks

    return _batch(args, tasks.to_json, "written as JSON", {"force": args.force}, args.output)


def _convert(args: argparse.Namespace) -> int:
    from rapidicom.batch import tasks

    if args.output is None and not args.in_place:
        raise ValueError("give an output folder (-o) or --in-place to overwrite the inputs")
    options = {"force": args.force, "syntax": args.syntax}
    return _batch(args, tasks.convert, "converted", options, None if args.in_place else args.output)


def _export(args: argparse.Namespace) -> int:
    from rapidicom.batch import tasks

    window = None if args.window is None else (float(args.window[0]), float(args.window[1]))
    options = {"force": args.force, "format": args.format, "window": window}
    return _batch(args, tasks.export, "exported", options, args.output)


def _index(args: argparse.Namespace) -> int:
    from rapidicom.batch.files import expand
    from rapidicom.batch.indexing import index
    from rapidicom.batch.table import write_table

    keywords = [k for part in args.keywords for k in part.split(",") if k]
    client = _client(args)
    try:
        table, summary = index(expand(args.inputs), keywords, jobs=args.jobs, client=client, force=args.force)
    finally:
        if client is not None:
            client.close()
    write_table(table, args.output)
    return _finish(summary)


DEFAULT_KEYWORDS = [
    "PatientID", "PatientName", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
    "SOPClassUID", "Modality", "StudyDate", "SeriesNumber", "InstanceNumber",
    "Rows", "Columns", "NumberOfFrames", "PixelSpacing", "SliceThickness",
]  # fmt: skip


def _batch_parser(commands: Any, name: str, description: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, description=description)
    parser.add_argument("inputs", nargs="+", help="files, folders (walked recursively) or glob patterns")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="parallel jobs (default: all cores)")
    parser.add_argument("--scheduler", help="run on the Dask cluster at this scheduler address")
    parser.add_argument("-f", "--force", action="store_true", help="read files without a DICOM preamble too")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rapidicom", description="DICOM tools on rapidicom's Rust core")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", description="Display all or part of a DICOM file")
    show.add_argument("filespec", help="a file, or rapidicom::NAME for a sample file")
    show.add_argument("-x", "--exclude-private", action="store_true", help="Don't show private data elements")
    show.add_argument("-t", "--top", action="store_true", help="Only show top level")
    show.add_argument("-q", "--quiet", action="store_true", help="Only show basic information")
    show.set_defaults(func=_show)

    to_json = _batch_parser(commands, "json", "Write each file as DICOM JSON (<name>.json)")
    to_json.add_argument("-o", "--output", required=True, help="output folder")
    to_json.set_defaults(func=_json)

    convert = _batch_parser(commands, "convert", "Change the transfer syntax, (de)compressing as needed")
    convert.add_argument("-o", "--output", help="output folder (the input folders' structure is kept)")
    convert.add_argument("--syntax", required=True, help="explicit, implicit, big, deflated, rle or a UID")
    convert.add_argument("--in-place", action="store_true", help="overwrite the inputs (safely) instead")
    convert.set_defaults(func=_convert)

    index = _batch_parser(commands, "index", "A table with one row per file, one column per keyword")
    index.add_argument("-o", "--output", required=True, help="table file: .parquet, .csv or .jsonl")
    index.add_argument("--keywords", nargs="+", default=DEFAULT_KEYWORDS, help="keywords (space or comma separated)")
    index.set_defaults(func=_index)

    export = _batch_parser(commands, "export", "Pixels to PNG images (one per frame) or .npy arrays")
    export.add_argument("-o", "--output", required=True, help="output folder")
    export.add_argument("--format", choices=("png", "npy"), default="png")
    export.add_argument("--window", nargs=2, metavar=("CENTER", "WIDTH"), help="window instead of the file's")
    export.set_defaults(func=_export)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (OSError, ValueError) as exc:
        print(f"rapidicom: {exc}", file=sys.stderr)
        return 1
