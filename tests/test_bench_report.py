"""benches/compare.py's report: the Markdown tables and the chart, from given
results (no timing here)."""

import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).parents[1] / "benches"))

import compare
from harness import Case, Result


def _results() -> dict:
    met = Result(Case("fast case", lambda: None, lambda: None, target=10), ours=1e-3, theirs=2e-2)
    unmet = Result(Case("slow case", lambda: None, lambda: None, target=10, reference="GDCM"), ours=1e-3, theirs=5e-3)
    info = Result(Case("other tool", lambda: None, lambda: None, reference="dcmtk dcmcrle"), ours=0.2, theirs=4.0)
    return {"pixels": ([met, unmet], ["extra figure: 1.2x"]), "toolkits": ([info], [])}


def test_markdown_has_a_table_per_group_and_the_chart():
    text = compare.markdown(_results(), repeats=3)
    assert "## pixels" in text and "## toolkits" in text
    assert "| fast case | 1 ms | pydicom | 20 ms | 20.00x | ≥ 10x | yes |" in text
    assert "| slow case | 1 ms | GDCM | 5 ms | 5.00x | ≥ 10x | **no** |" in text
    assert "| other tool | 200 ms | dcmtk dcmcrle | 4 s | 20.00x | - | - |" in text
    assert "extra figure: 1.2x" in text
    assert "![speed-ups](results.png)" in text
    assert "3 alternating runs per case" in text


def test_chart_is_a_png_with_a_bar_per_case(tmp_path):
    path = tmp_path / "results.png"
    compare.chart(_results(), path)
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert width > 1000 and height > 200


def test_combined_table_lists_every_case():
    lines = compare._combined(_results()).splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("pixels") and "20.00x" in lines[1] and lines[3].endswith("dcmtk dcmcrle")
