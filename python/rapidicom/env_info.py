"""The platform, Python and the versions of rapidicom and the libraries it can
use, as a Markdown table to paste into a bug report:
``python -m rapidicom.env_info``."""

import importlib
import platform
import sys
from types import ModuleType


def main() -> None:
    rows = [("platform", platform.platform()), ("Python", sys.version)]
    for name in ("rapidicom", "gdcm", "jpeg_ls", "numpy", "PIL", "pylibjpeg", "openjpeg", "libjpeg"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            version = "_module not found_"
        else:
            version = extract_version(module) or "**cannot determine version**"
        rows.append((name, version))
    print_table(rows)


def print_table(version_rows: list[tuple[str, str]]) -> None:
    row = "{:12} | {}"
    print(row.format("module", "version"))
    print(row.format("------", "-------"))
    for module, version in version_rows:
        print(row.format(module, version.replace("\n", " ")))


def extract_version(module: ModuleType) -> str | None:
    if module.__name__ == "gdcm":
        return getattr(module, "GDCM_VERSION", None)
    return getattr(module, "__version__", None)


if __name__ == "__main__":
    main()
