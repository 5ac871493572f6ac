"""Drop-in use: ``import pydicom`` (and ``pydicom.<submodule>``) answered by
rapidicom, so libraries written for pydicom run on rapidicom unchanged.

Call :func:`install` before anything imports pydicom, or set the environment
variable ``RAPIDICOM_AS_PYDICOM=1`` to have it installed when Python starts
(through the ``rapidicom-as-pydicom.pth`` file the wheel installs)."""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types

ENVIRONMENT_VARIABLE = "RAPIDICOM_AS_PYDICOM"
_ALIAS, _TARGET = "pydicom", "rapidicom"


def _target_name(fullname: str) -> str | None:
    if fullname == _ALIAS or fullname.startswith(_ALIAS + "."):
        return _TARGET + fullname[len(_ALIAS) :]
    return None


class _PydicomAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``pydicom[.x]`` as the module ``rapidicom[.x]`` itself (one module
    object under both names, so isinstance checks and config are shared)."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        real = _target_name(fullname)
        if real is None or importlib.util.find_spec(real) is None:
            return None  # not in rapidicom: the import fails as for a missing module
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return importlib.import_module(_target_name(spec.name) or spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        """The module is rapidicom's, already run."""


_finder = _PydicomAlias()


def installed() -> bool:
    return _finder in sys.meta_path


def install() -> None:
    """Make ``import pydicom`` give rapidicom from now on. ``RuntimeError`` if
    the real pydicom is already imported (its objects would mix with ours)."""
    if installed():
        return
    loaded = sys.modules.get(_ALIAS)
    if loaded is not None and not loaded.__name__.startswith(_TARGET):
        raise RuntimeError("pydicom is already imported: call rapidicom.compat.install() before importing it")
    sys.meta_path.insert(0, _finder)


def uninstall() -> None:
    """Undo :func:`install` (modules imported under pydicom's names are dropped)."""
    if installed():
        sys.meta_path.remove(_finder)
    for name in [n for n in sys.modules if _target_name(n) is not None]:
        if getattr(sys.modules[name], "__name__", "").startswith(_TARGET):
            del sys.modules[name]


def install_from_environment() -> None:
    """:func:`install` when ``RAPIDICOM_AS_PYDICOM`` is set to 1/true/yes."""
    if os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower() in ("1", "true", "yes"):
        install()
