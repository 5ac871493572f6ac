"""Python code that recreates a dataset or file (pydicom's ``codify``): run as
``rapidicom codify FILE`` or use the functions here.

The code written imports rapidicom (``import rapidicom`` and its ``dataset``
and ``sequence`` modules); with the drop-in shim, the same names serve code
that expects pydicom.
"""

import argparse
import os.path
import re
import sys
from collections import deque
from collections.abc import Callable

from rapidicom.datadict import dictionary_keyword
from rapidicom.dataelem import DataElement
from rapidicom.dataset import Dataset
from rapidicom.tag import BaseTag
from rapidicom.valuerep import AMBIGUOUS_VR, BYTES_VR, VR

line_term = "\n"

# CamelCase -> camel_case, in two passes (a capital starting a word, then a
# capital after a lower-case letter or digit).
first_cap_re = re.compile("(.)([A-Z][a-z]+)")
all_cap_re = re.compile("([a-z0-9])([A-Z])")


def camel_to_underscore(name: str) -> str:
    """``"BeamSequence"`` -> ``"beam_sequence"``."""
    return all_cap_re.sub(r"\1_\2", first_cap_re.sub(r"\1_\2", name)).lower()


def tag_repr(tag: BaseTag) -> str:
    """The tag as Python code: ``(0xGGGG, 0xEEEE)``."""
    return f"(0x{tag.group:04X}, 0x{tag.element:04X})"


def default_name_filter(name: str) -> str:
    """A shorter variable name for a sequence or item keyword."""
    name = camel_to_underscore(name)
    for long, short in (("control_point", "cp"), ("reference", "ref"), ("fraction_group", "frxn_gp")):
        name = name.replace(long, short)
    return name


def code_imports() -> str:
    """The imports the other functions' code needs."""
    return line_term.join(
        (
            "import rapidicom",
            "from rapidicom.dataset import Dataset, FileMetaDataset",
            "from rapidicom.sequence import Sequence",
        )
    )


def _value_code(elem: DataElement, exclude_size: int | None) -> str:
    if elem.VR == "AT":
        code = tag_repr(elem.value)
    else:
        code = repr(elem.value)
    if (
        exclude_size
        and elem.VR in (BYTES_VR | AMBIGUOUS_VR) - {VR.US_SS}
        and not isinstance(elem.value, int | float)
        and len(elem.value) > exclude_size
    ):
        # A comment where the value would be: the line does not run, so the
        # user sees what was left out.
        code = f"# XXX Array of {len(elem.value)} bytes excluded"
    return code


def code_dataelem(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    var_names: deque[str] | None = None,
) -> str:
    """Code that sets `dataelem` in the dataset named `dataset_name`: by keyword,
    else with ``add_new``; a sequence becomes :func:`code_sequence`'s code.
    Values of more than `exclude_size` bytes are left out (the line then fails
    to run, on purpose)."""
    if dataelem.VR == VR.SQ:
        return code_sequence(dataelem, dataset_name, exclude_size, include_private, var_names=var_names)
    value = _value_code(dataelem, exclude_size)
    try:
        keyword = dictionary_keyword(dataelem.tag)
    except KeyError:
        keyword = ""
    if keyword:
        return f"{dataset_name}.{keyword} = {value}"
    return f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, '{dataelem.VR}', {value})"


def code_sequence(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    name_filter: Callable[[str], str] = default_name_filter,
    var_names: deque[str] | None = None,
) -> str:
    """Code that builds the sequence `dataelem` item by item and sets it in the
    dataset named `dataset_name`. Variable names come from the keyword (made
    shorter by `name_filter`), numbered where nested sequences would repeat
    them."""
    names = deque() if var_names is None else var_names

    def unique(name: str) -> str:
        repeats = names.count(name) - 1
        return f"{name}_{repeats}" if repeats else name

    try:
        keyword = dictionary_keyword(dataelem.tag)
    except KeyError:
        keyword = f"Tag{dataelem.tag:08x}"
    title = dataelem.name
    item_title = title.replace(" Sequence", "")
    base_var = name_filter(keyword)
    names.append(base_var)
    seq_var = unique(base_var)
    lines = ["", f"# {title}", f"{seq_var} = Sequence()", f"{dataset_name}.{keyword} = {seq_var}"]
    stem = keyword.replace("Sequence", "")
    for number, item in enumerate(dataelem.value, 1):
        # Items are named by their own index or number where they have one.
        label = str(number)
        for attribute in (f"{stem}Index", f"{stem}Number"):
            if hasattr(item, attribute):
                label = str(getattr(item, attribute))
                break
        lines += ["", f"# {title}: {item_title} {label}"]
        names.append(base_var.replace("_sequence", "") + label)
        item_var = unique(names[-1])
        item_lines = code_dataset(item, item_var, exclude_size, include_private, var_names=names).splitlines()
        names.pop()
        lines += [item_lines[0], f"{seq_var}.append({item_var})", *item_lines[1:]]
    names.pop()
    return line_term.join(lines)


def code_dataset(
    ds: Dataset,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    is_file_meta: bool = False,
    var_names: deque[str] | None = None,
) -> str:
    """Code that creates `ds` as the variable `dataset_name` (a
    ``FileMetaDataset`` with `is_file_meta`); private elements only with
    `include_private`."""
    names = deque() if var_names is None else var_names
    lines = [f"{dataset_name} = {'FileMetaDataset' if is_file_meta else 'Dataset'}()"]
    for elem in ds:
        if elem.tag.is_private and not include_private:
            continue
        lines.append(code_dataelem(elem, dataset_name, exclude_size, include_private, var_names=names))
        if elem.VR == VR.SQ:
            lines.append("")
    if lines[-1] == "":
        lines.pop()
    return line_term.join(lines)


def code_file(filename: str, exclude_size: int | None = None, include_private: bool = False) -> str:
    """A Python source file that recreates the DICOM file `filename`."""
    from rapidicom.filereader import dcmread

    return code_file_from_dataset(dcmread(filename, force=True), exclude_size, include_private)


def code_file_from_dataset(ds: Dataset, exclude_size: int | None = None, include_private: bool = False) -> str:
    """A Python source file that recreates `ds` (and its file meta, if any)."""
    filename = ds.get("filename")
    source = f"DICOM file '{filename}'" if filename else "non-file dataset"
    lines = [
        "# -*- coding: utf-8 -*-",
        f"# Coded version of {source}",
        "# Produced by rapidicom codify utility script",
        code_imports(),
        "",
    ]
    if hasattr(ds, "file_meta"):
        lines.append("# File meta info data elements")
        lines.append(code_dataset(ds.file_meta, "file_meta", exclude_size, include_private, is_file_meta=True))
        lines.append("")
    lines.append("# Main data elements")
    lines.append(code_dataset(ds, exclude_size=exclude_size, include_private=include_private))
    lines.append("")
    if hasattr(ds, "file_meta"):
        lines.append("ds.file_meta = file_meta")
    implicit_vr, little_endian = ds.original_encoding
    lines.append(f"ds.set_original_encoding({implicit_vr}, {little_endian})")
    return line_term.join(lines)


def set_parser_arguments(parser: argparse.ArgumentParser, default_exclude_size: int) -> None:
    """The ``codify`` command's arguments."""
    from rapidicom.cli.main import filespec_help, filespec_parser

    parser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    parser.add_argument(
        "outfile",
        nargs="?",
        type=argparse.FileType("w", encoding="UTF-8"),
        help="Filename to write Python code to, if not specified then code is written to stdout",
        default=sys.stdout,
    )
    parser.add_argument(
        "-e",
        "--exclude-size",
        type=int,
        default=default_exclude_size,
        help=f"Exclude binary data larger than specified (default: {default_exclude_size} bytes)",
    )
    parser.add_argument(
        "-p",
        "--include-private",
        action="store_true",
        help="Include private data elements (default is to exclude them)",
    )
    parser.add_argument(
        "-s",
        "--save-as",
        help=(
            "Specify the filename for ds.save_as(save_filename); otherwise the input name + '_from_codify' will be used"
        ),
    )


def do_codify(args: argparse.Namespace) -> None:
    """The ``codify`` command: write the code for ``args.filespec``."""
    if len(args.filespec) != 1:
        raise NotImplementedError("Codify can only work on a single DICOM file input")
    ds, element = args.filespec[0]
    if element and not isinstance(element, Dataset):
        raise NotImplementedError(f"Codify can only code a Dataset, not a {type(element)}")
    code = code_file_from_dataset(element or ds, args.exclude_size, args.include_private)
    target = args.save_as or os.path.splitext(ds.filename)[0] + "_from_codify.dcm"
    code += f"\nds.save_as(r'{target}', enforce_file_format=True)"
    name = getattr(args.outfile, "name", None)
    if name is not None and name != "<stdout>":
        print(f"Writing code to file '{name}'")
    args.outfile.write(code)


def main(default_exclude_size: int, args: list[str] | None = None) -> None:
    """The stand-alone ``codify`` command."""
    parser = argparse.ArgumentParser(
        description="Produce python/rapidicom code from a DICOM file",
        epilog=(
            f"Binary data (e.g. pixels) larger than --exclude-size (default {default_exclude_size} "
            "bytes) is not included. A dummy line with a syntax error is produced. "
            "Private data elements are not included by default."
        ),
    )
    set_parser_arguments(parser, default_exclude_size)
    do_codify(parser.parse_args(args))


if __name__ == "__main__":
    main(default_exclude_size=100)
