"""The ``rapidicom`` command (also ``python -m rapidicom``), pydicom's
``pydicom`` command with its subcommands, and the file specifications they take.

A subcommand is a module with ``add_subparser(subparsers)``, which adds its
parser and sets ``func`` to what runs it. pydicom's own (``show``,
``codify``) are built in; other packages' come from the entry point group
``pydicom_subcommands`` that pydicom reads.
"""

import argparse
import re
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from rapidicom.dataset import Dataset

subparsers: "argparse._SubParsersAction[Any] | None" = None

# A keyword (or "file_meta"), with an optional [index], then more of them after dots.
re_kywd_or_item = r"\w+(\[(-)?\d+\])?"
re_file_spec_object = re.compile(re_kywd_or_item + r"(\." + re_kywd_or_item + r")*$")

filespec_help = (
    "File specification, in format [pydicom::]filename[::element]. "
    "If `pydicom::` prefix is present, then use the pydicom "
    "test file with that name (`rapidicom::` names one of rapidicom's samples). "
    "If `element` is given, use only that data element within the file. "
    "Examples: "
    "path/to/your_file.dcm, "
    "your_file.dcm::StudyDate, "
    "pydicom::rtplan.dcm::BeamSequence[0], "
    "yourplan.dcm::BeamSequence[0].BeamNumber"
)

_PREFIXES = ("pydicom", "rapidicom")


def eval_element(ds: Dataset, element: str) -> Any:
    """The value of `element` (e.g. ``"BeamSequence[0].BeamName"``) in `ds`."""
    try:
        return eval("ds." + element, {"ds": ds})
    except AttributeError:
        raise argparse.ArgumentTypeError(f"Data element '{element}' is not in the dataset") from None
    except IndexError as exc:
        raise argparse.ArgumentTypeError(f"'{element}' has an index error: {exc}") from None


def filespec_parts(filespec: str) -> tuple[str, str, str]:
    """(prefix, file name, element) of ``[prefix::]filename[::element]``; a file
    name may hold single colons (``c:\\temp\\x.dcm``)."""
    *head, last = filespec.split("::")
    if not head:
        return "", last, ""
    prefix = head[0] if head[0] in _PREFIXES else ""
    if prefix:
        head.pop(0)
    if not head:
        return prefix, last, ""
    return prefix, "".join(head), last


def filespec_parser(filespec: str) -> list[tuple[Dataset, Any]]:
    """[(dataset, element value or None)] for a file specification (an argparse
    ``type``): the file read with ``force=True`` and the element evaluated in
    it. ``argparse.ArgumentTypeError`` for a file that cannot be read, an
    element that is not valid syntax or is not in the dataset."""
    from rapidicom.data import get_charset_files, get_sample_file, get_testdata_file
    from rapidicom.filereader import dcmread

    prefix, filename, element = filespec_parts(filespec)
    try:
        test_file = get_testdata_file(filename) or ""
    except ValueError:  # an absolute path
        test_file = ""
    if not test_file:
        try:
            charsets = get_charset_files(filename)
        except (ValueError, NotImplementedError):
            charsets = []
        test_file = charsets[0] if charsets else ""
    if prefix == "pydicom":
        filename = str(test_file)
    elif prefix == "rapidicom":
        filename = get_sample_file(filename) or filename
    if element and not re_file_spec_object.match(element):
        raise argparse.ArgumentTypeError(
            f"Component '{element}' is not valid syntax for a data element, sequence, or sequence item"
        )
    try:
        ds = dcmread(filename, force=True)
    except FileNotFoundError:
        offer = f", \nbut 'pydicom::{filename}' test data file is available" if test_file else ""
        raise argparse.ArgumentTypeError(f"File '{filename}' not found{offer}") from None
    except Exception as exc:
        raise argparse.ArgumentTypeError(f"Error reading '{filename}': {exc}") from None
    return [(ds, eval_element(ds, element) if element else None)]


def help_command(args: argparse.Namespace) -> None:
    """``help [subcommand]``: that subcommand's help, or the list of them."""
    if subparsers is None:
        print("No subcommands are available")
        return
    names = list(subparsers.choices)
    if args.subcommand in names:
        subparsers.choices[args.subcommand].print_help()
        return
    print("Use rapidicom help [subcommand] to show help for a subcommand")
    names.remove("help")
    print(f"Available subcommands: {', '.join(names)}")


SubCommandType = dict[str, Callable[["argparse._SubParsersAction[Any]"], None]]


def get_subcommand_entry_points() -> SubCommandType:
    """The subcommands: pydicom's (built in here), rapidicom's batch verbs, and
    those other packages register in the ``pydicom_subcommands`` group (not
    pydicom's own entries, which would import pydicom)."""
    from rapidicom.cli import batch, codify, show

    found: SubCommandType = {"codify": codify.add_subparser, "show": show.add_subparser}
    for entry in entry_points(group="pydicom_subcommands"):
        if entry.name in found or entry.value.startswith("pydicom."):
            continue
        found[entry.name] = entry.load()
    found.update(batch.SUBCOMMANDS)
    return found


def main(args: list[str] | None = None) -> int:
    """Run the command line `args` (default: ``sys.argv[1:]``); the exit status."""
    global subparsers
    parser = argparse.ArgumentParser(
        prog="rapidicom",
        description=f"rapidicom command line utilities (Python {sys.version.split()[0]})",
    )
    subparsers = parser.add_subparsers(help="subcommand help")
    help_parser = subparsers.add_parser("help", help="display help for subcommands")
    help_parser.add_argument("subcommand", nargs="?", help="Subcommand to show help for")
    help_parser.set_defaults(func=help_command)
    for add_subparser in get_subcommand_entry_points().values():
        add_subparser(subparsers)
    namespace = parser.parse_args(args)
    if not vars(namespace):
        parser.print_help()
        return 0
    try:
        return int(namespace.func(namespace) or 0)
    except (OSError, ValueError) as exc:
        print(f"rapidicom: {exc}", file=sys.stderr)
        return 1
