#!/usr/bin/env python3
"""Write tools/dicom-standard/sr_keyword_exceptions.tsv: the concept keywords that
the standard cannot tell, decided by comparing with pydicom 3.0's tables.

For each (scheme, code, keyword) that our rule gives and pydicom does not have,
where pydicom names that code with exactly one keyword our rule gives nowhere for
it, we take pydicom's keyword: two codes whose meanings would share a keyword
(``Mammographic (grid)`` -> ``MammographicGrid``; a code our rule names twice,
``Lumen`` and ``LumenOfBloodVessel``, gets only the name pydicom uses), and hand-made UCUM unit names
(``mm2/s`` -> ``SquareMillimeterPerSecond``). Everything else that differs is
an edition difference or a table we do not have (see the README in
tools/dicom-standard/ and docs/deviations.md), and is left as the standard says.

It also writes tools/dicom-standard/sr_table_o1.tsv, what our input lacks of PS3.16
Table O-1 (see write_table_o1).

Needs pydicom (a test dependency). Run from the repository root:
    python tools/sr_pydicom_differences.py && python tools/gen_sr.py
"""

from __future__ import annotations

import csv
import importlib
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_sr


def entries(concepts) -> set[tuple[str, str, str]]:
    return {(s, k, c) for s, names in concepts.items() for k, codes in names.items() for c in codes}


def main() -> None:
    theirs = entries(importlib.import_module("pydicom.sr._concepts_dict").concepts)
    ours = entries(gen_sr.tables(apply_exceptions=False)[2])
    names_of = defaultdict(lambda: (set(), set()))
    for i, table in enumerate((ours, theirs)):
        for scheme, name, code in table:
            names_of[(scheme, code)][i].add(name)
    shared_by = defaultdict(set)
    for scheme, name, code in ours:
        shared_by[(scheme, name)].add(code)
    rows = []
    for scheme, name, code in sorted(ours - theirs):
        our_names, their_names = names_of[(scheme, code)]
        missing = their_names - our_names
        if len(missing) == 1:
            rows.append((scheme, code, name, missing.pop()))
        elif len(their_names) == 1 and len(shared_by[(scheme, name)]) > 1:
            # A keyword two codes would share, where pydicom gives this code
            # only a name that our rule gives it for another meaning.
            rows.append((scheme, code, name, next(iter(their_names))))
    write("sr_keyword_exceptions.tsv", ["scheme", "code_value", "rule_keyword", "keyword"], rows)
    write_table_o1(theirs, ours)


def write(name: str, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with open(gen_sr.DATA / name, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def write_table_o1(theirs: set[tuple[str, str, str]], ours: set[tuple[str, str, str]]) -> None:
    """PS3.16 Table O-1 (SNOMED concept ids, their SNOMED RT ids and fully
    specified names) is in no public copy we could reach; pydicom's tables carry
    it: its SCT concepts that are in no context group, and the SCT-SRT pairs.
    We take from pydicom what our input lacks (sr_table_o1.tsv)."""
    concepts = importlib.import_module("pydicom.sr._concepts_dict").concepts["SCT"]
    mapping = importlib.import_module("pydicom.sr._snomed_dict").mapping["SCT"]
    our_pairs = {(r["sct"], r["srt"]) for r in gen_sr.read("snomed_mapping.tsv")}
    our_sct = {a for a, _ in our_pairs}
    our_srt = {b for _, b in our_pairs}
    rows = []
    for name, codes in sorted(concepts.items()):
        for code, (meaning, cids) in codes.items():
            if not cids and ("SCT", name, code) not in ours:
                srt = mapping.get(code, "")
                # An SRT id the context groups pair with another concept stays theirs.
                rows.append((code, name, meaning, "" if srt in our_srt or code in our_sct else srt))
    # Pairs without a concept row here (their concepts are in a context group).
    listed = {r[0] for r in rows}
    for sct, srt in sorted(mapping.items()):
        if sct not in listed and sct not in our_sct and srt not in our_srt:
            rows.append((sct, "", "", srt))
    write("sr_table_o1.tsv", ["sct", "keyword", "code_meaning", "srt"], rows)


if __name__ == "__main__":
    main()
