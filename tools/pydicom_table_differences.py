#!/usr/bin/env python3
"""Write tools/dicom-standard/pydicom_differences.tsv: where pydicom 3.0's own
tables differ from the standard's data we generate from, after the generator's
rules (see tools/gen_dict.py), so that rapidicom's tables are pydicom's.

Run with pydicom 3.0.x installed (a test dependency), from the repository root:
    python tools/pydicom_table_differences.py
The output is committed; gen_dict.py reads it. Rows:
    table   key     key2    vr  vm  name    info
- table "private": key = creator, key2 = "GGGGxxEE" key; an entry pydicom has
  and the data lacks or spells otherwise (its VR, VM, name);
- table "uid": key = UID; pydicom's info text, where the data has another.
One difference is left out on purpose: pydicom spells the VR of TOSHIBA_MEC_OT3
(7019,xx80) "OB_OW" (GDCM's raw text), which is no VR; the data's "OB or OW"
stays (docs/deviations.md).
"""

import csv
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gen_dict  # noqa: E402


def main() -> None:
    private = importlib.import_module("pydicom._private_dict").private_dictionaries
    uids = importlib.import_module("pydicom._uid_dict").UID_dictionary
    ours_private = {(c, k): (vr, vm, name) for c, k, vr, vm, name in gen_dict.private_rows(apply_differences=False)}
    ours_uids = {row[0]: row for row in gen_dict.uid_rows(apply_differences=False)}
    rows = []
    for creator, block in private.items():
        for key, (vr, vm, name, _) in block.items():
            if vr == "OB_OW":
                continue
            if ours_private.get((creator, key)) != (vr, vm, name):
                rows.append(("private", creator, key, vr, vm, name, ""))
    for uid, (_, _, info, _, _) in uids.items():
        if uid in ours_uids and ours_uids[uid][3] != info:
            rows.append(("uid", uid, "", "", "", "", info))
    rows.sort()
    with open(gen_dict.DATA / "pydicom_differences.tsv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        out.writerow(["table", "key", "key2", "vr", "vm", "name", "info"])
        out.writerows(rows)
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()
