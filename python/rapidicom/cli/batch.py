"""rapidicom's batch subcommands: ``json``, ``convert``, ``index`` and
``export`` over many files, on all cores or a Dask cluster."""

import argparse
from typing import Any


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


def _index_all(args: argparse.Namespace) -> int:
    from rapidicom.batch.files import expand
    from rapidicom.batch.header_dataset import write_header_dataset

    paths = [i.path for i in expand(args.inputs)]
    client = _client(args)
    try:
        added, failed = write_header_dataset(
            paths,
            args.output,
            rows_per_group=args.rows_per_group,
            threads=args.jobs,
            force=args.force,
            sequences=args.sequences,
            client=client,
        )
    finally:
        if client is not None:
            client.close()
    skipped = len(paths) - added
    print(f"{added} files indexed into {args.output}" + (f", {skipped} already there" if skipped else ""))
    if failed:
        print(f"{failed} with an error (see the table's error column)")
    return 1 if failed else 0


def _index(args: argparse.Namespace) -> int:
    from rapidicom.batch.files import expand
    from rapidicom.batch.indexing import index
    from rapidicom.batch.table import write_table

    if args.all:
        return _index_all(args)
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
    parser: argparse.ArgumentParser = commands.add_parser(name, description=description)
    parser.add_argument("inputs", nargs="+", help="files, folders (walked recursively) or glob patterns")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="parallel jobs (default: all cores)")
    parser.add_argument("--scheduler", help="run on the Dask cluster at this scheduler address")
    parser.add_argument("-f", "--force", action="store_true", help="read files without a DICOM preamble too")
    return parser


def add_json(commands: Any) -> None:
    parser = _batch_parser(commands, "json", "Write each file as DICOM JSON (<name>.json)")
    parser.add_argument("-o", "--output", required=True, help="output folder")
    parser.set_defaults(func=_json)


def add_convert(commands: Any) -> None:
    parser = _batch_parser(commands, "convert", "Change the transfer syntax, (de)compressing as needed")
    parser.add_argument("-o", "--output", help="output folder (the input folders' structure is kept)")
    parser.add_argument("--syntax", required=True, help="explicit, implicit, big, deflated, rle or a UID")
    parser.add_argument("--in-place", action="store_true", help="overwrite the inputs (safely) instead")
    parser.set_defaults(func=_convert)


def add_index(commands: Any) -> None:
    parser = _batch_parser(commands, "index", "A table with one row per file, one column per keyword")
    parser.add_argument(
        "-o", "--output", required=True, help="table file: .parquet, .csv or .jsonl; with --all a dataset folder"
    )
    parser.add_argument("--keywords", nargs="+", default=DEFAULT_KEYWORDS, help="keywords (space or comma separated)")
    parser.add_argument(
        "--all",
        action="store_true",
        help="every attribute of every file, as a Parquet dataset in the folder -o (run again to resume)",
    )
    parser.add_argument(
        "--sequences",
        choices=("structs", "json"),
        default="structs",
        help="with --all: sequences as nested columns or DICOM JSON text",
    )
    parser.add_argument("--rows-per-group", type=int, default=10_000, help="with --all: files per Parquet row group")
    parser.set_defaults(func=_index)


def add_export(commands: Any) -> None:
    parser = _batch_parser(commands, "export", "Pixels to PNG images (one per frame) or .npy arrays")
    parser.add_argument("-o", "--output", required=True, help="output folder")
    parser.add_argument("--format", choices=("png", "npy"), default="png")
    parser.add_argument("--window", nargs=2, metavar=("CENTER", "WIDTH"), help="window instead of the file's")
    parser.set_defaults(func=_export)


SUBCOMMANDS = {"json": add_json, "convert": add_convert, "index": add_index, "export": add_export}
