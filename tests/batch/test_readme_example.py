"""The README's whole-header table example runs as written (the command, the
pyarrow code and the DuckDB query) and both answers agree with pydicom's count."""

import collections
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from make_header_corpus import write_corpus

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks(language):
    text = README.read_text().split("- Whole-header tables:", 1)[1].split("\n- ", 1)[0]
    return [re.sub(r"^  ", "", b, flags=re.M) for b in re.findall(rf"```{language}\n(.*?)```", text, re.S)]


@pytest.mark.filterwarnings("ignore")
def test_the_readme_example_answers_like_pydicom(tmp_path, monkeypatch, capsys):
    files = write_corpus(tmp_path / "archive", 400)
    monkeypatch.chdir(tmp_path)
    (command,) = _blocks("sh")
    subprocess.run([sys.executable, "-m", "rapidicom", *command.split()[1:]], check=True)
    per_series = collections.Counter()
    for f in files:
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        per_series[ds.Modality, ds.SeriesInstanceUID] += 1
    expected = collections.Counter(m for (m, _), n in per_series.items() if n > 10)
    assert expected  # the corpus has such series

    (code,) = _blocks("python")
    exec(compile(code, "README", "exec"), {})
    printed = eval(capsys.readouterr().out)
    assert {r["Modality"]: r["count_all"] for r in printed} == expected

    (query,) = _blocks("sql")
    assert dict(duckdb.sql(query).fetchall()) == expected
