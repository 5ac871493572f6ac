"""The ``codify`` subcommand: the Python code that recreates a DICOM file."""

import argparse
from typing import Any

default_exclude_size = 100


def add_subparser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    from rapidicom.util import codify

    parser = subparsers.add_parser(
        "codify",
        description="Read a DICOM file and produce the rapidicom (Python) code which can create that file",
        epilog=(
            f"Binary data (e.g. pixels) larger than --exclude-size (default {default_exclude_size} "
            "bytes) is not included. A dummy line with a syntax error is produced. "
            "Private data elements are not included by default."
        ),
    )
    codify.set_parser_arguments(parser, default_exclude_size)
    parser.set_defaults(func=codify.do_codify)
