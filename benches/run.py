"""Run rapidicom's benchmarks side by side with pydicom and print a table of ratios.

    python benches/run.py                 # every group
    python benches/run.py object_model    # only the named groups
    python benches/run.py --quick         # fewer repeats (a smoke run)

Each group is a module ``cases_<group>.py`` with a ``cases()`` function (and an
optional ``extra_report()``/``import_report()`` for figures that are not ratios).
"""

import argparse
import importlib
import os
import sys
from pathlib import Path

# numpy's OpenBLAS threads spin while idle; on a 2-core machine they would steal
# time from both libraries' runs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).parent))

from harness import Result, measure, table

GROUPS = sorted(p.stem.removeprefix("cases_") for p in Path(__file__).parent.glob("cases_*.py"))


def run_group(group: str, repeats: int) -> tuple[list[Result], list[str]]:
    """The group's cases measured, and its reports (figures that are not ratios)."""
    module = importlib.import_module(f"cases_{group}")
    results = [measure(case, repeats=repeats) for case in module.cases()]
    reports = [getattr(module, name)() for name in ("import_report", "extra_report") if hasattr(module, name)]
    return results, reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="*", choices=GROUPS + [[]], help="groups to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 7")
    args = parser.parse_args(argv)
    failed = 0
    for group in args.groups or GROUPS:
        print(f"\n## {group}\n")
        results, reports = run_group(group, repeats=3 if args.quick else 7)
        print(table(results))
        failed += sum(r.met is False for r in results)
        failed += sum(report.count("**no**") for report in reports)
        for report in reports:
            print("\n" + report)
    print(f"\n{failed} case(s) below target" if failed else "\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
