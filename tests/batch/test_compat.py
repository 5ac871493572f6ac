"""rapidicom.compat: `import pydicom` answered by rapidicom, for third-party
libraries (dicognito here), checked in fresh interpreters."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

ROOT = Path(__file__).resolve().parents[2]

ANONYMIZE = """
import json, sys
{setup}
import pydicom
from dicognito.anonymizer import Anonymizer

results = {{}}
for name in {paths!r}:  # pydicom's sample files (rapidicom.data has files of its own)
    ds = pydicom.dcmread(name)
    Anonymizer(seed="fixed").anonymize(ds)
    results[name] = ds.to_json_dict()
print(json.dumps({{"module": type(ds).__module__, "results": results}}))
"""


PATHS = [get_testdata_file(name) for name in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "nested_priv_SQ.dcm")]


def _run(setup: str, env: dict[str, str] | None = None) -> dict:
    code = ANONYMIZE.format(setup=setup, paths=PATHS)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_dicognito_runs_on_rapidicom_as_on_pydicom():
    theirs = _run("")
    ours = _run("import rapidicom.compat; rapidicom.compat.install()")
    assert theirs["module"] == "pydicom.dataset" and ours["module"] == "rapidicom.dataset"
    assert ours["results"] == theirs["results"]


def test_environment_variable_installs_it_at_start_up():
    env = dict(os.environ, RAPIDICOM_AS_PYDICOM="1")
    installed = Path(sys.prefix).glob("lib/python3*/site-packages/rapidicom-as-pydicom.pth")
    # An editable install does not place the .pth file: run the repository's copy.
    setup = "" if any(installed) else f"import site; site.addsitedir({str(ROOT)!r})"
    assert _run(setup, env)["module"] == "rapidicom.dataset"
    env["RAPIDICOM_AS_PYDICOM"] = "0"
    assert _run(setup, env)["module"] == "pydicom.dataset"


def test_install_refuses_after_real_pydicom_and_submodules_alias():
    code = (
        "import pydicom, rapidicom.compat\n"
        "try:\n    rapidicom.compat.install()\nexcept RuntimeError as e:\n    print('refused')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "refused"
    code = (
        "import rapidicom, rapidicom.compat\nrapidicom.compat.install()\n"
        "import pydicom.dataset, pydicom.uid\nfrom pydicom.tag import Tag\n"
        "assert pydicom is rapidicom and pydicom.dataset is rapidicom.dataset and Tag is rapidicom.tag.Tag\n"
        "try:\n    import pydicom.no_such_module\nexcept ModuleNotFoundError:\n    print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("value", ["", "no"])
def test_pth_line_does_nothing_unless_asked(value):
    line = (ROOT / "rapidicom-as-pydicom.pth").read_text()
    env = dict(os.environ, RAPIDICOM_AS_PYDICOM=value)
    code = line + "import sys\nprint('rapidicom' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"  # not even imported: start-up stays fast
