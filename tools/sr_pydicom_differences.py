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
import gen_sr  # noqa: E402


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
    with open(gen_sr.DATA / "sr_keyword_exceptions.tsv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        out.writerow(["scheme", "code_value", "rule_keyword", "keyword"])
        out.writerows(rows)
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()
