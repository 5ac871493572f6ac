"""The malformed corpus of tools/make_malformed.py, read with and without force:
clean exceptions only, never a file refused that pydicom reads, pydicom's
InvalidDicomError where it gives one, time linear in size, bounded memory.

rapidicom reads lazily where pydicom converts some values while reading (file
meta elements, values inside undefined-length sequences): for such files pydicom
may raise in dcmread and rapidicom when the value is used. Both are clean."""

import io
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pydicom
import pytest

import rapidicom

from .exercise import assert_ordinary, stages

sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))
import make_malformed

CASES = dict(make_malformed.cases())
FAMILIES = sorted({name.split("-")[0] for name in CASES})


def _read(lib, data: bytes, force: bool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            lib.dcmread(io.BytesIO(data), force=force)
            return None
        except Exception as exc:  # compared below
            return exc


@pytest.mark.parametrize("family", FAMILIES)
def test_every_case_fails_cleanly_or_reads(family):
    names = [n for n in CASES if n.split("-")[0] == family]
    assert names
    for name in names:
        data = CASES[name]
        for force in (False, True):
            started = time.perf_counter()
            found = stages(data, force=force)
            elapsed = time.perf_counter() - started
            assert_ordinary(found, f"{name} force={force}")
            assert elapsed < 5 + len(data) / 1e6, f"{name}: {elapsed:.2f} s"
            ours = found[0][1]
            if name.startswith("nested-"):
                continue  # pydicom recurses; compared in the nesting test
            theirs = _read(pydicom, data, force)
            if theirs is None:
                assert ours is None, f"{name} force={force}: pydicom reads it, we raised {ours!r}"
            if isinstance(theirs, pydicom.errors.InvalidDicomError):
                assert isinstance(ours, rapidicom.errors.InvalidDicomError), f"{name} force={force}: {ours!r}"


def test_the_corpus_covers_each_kind_of_damage():
    kinds = {"truncated", "bitflip", "length", "vr", "nested", "items", "pixels", "meta", "charset"}
    assert kinds <= set(FAMILIES)
    assert len(CASES) > 1000


def test_nesting_is_read_to_pydicoms_depth_and_refused_beyond_in_linear_time():
    # pydicom reads about 190 levels under Python's default recursion limit.
    ds = rapidicom.dcmread(io.BytesIO(make_malformed._deep(180)))
    assert sum(1 for _ in ds.iterall()) == 180
    times = {}
    for depth in (10_000, 100_000):
        data = CASES[f"nested-{depth:06d}"]
        started = time.perf_counter()
        with pytest.raises(rapidicom.errors.InvalidDicomError, match="nested more than"):
            rapidicom.dcmread(io.BytesIO(data))
        times[depth] = time.perf_counter() - started
    # Refused at the depth limit, so deeper files cost no more to refuse.
    assert times[100_000] < 10 * times[10_000] + 0.05


def test_unknown_character_sets_warn_as_pydicom_does():
    for name in (n for n in CASES if n.startswith("charset-")):
        with warnings.catch_warnings(record=True) as ours:
            warnings.simplefilter("always")
            rapidicom.dcmread(io.BytesIO(CASES[name])).PatientName
        with warnings.catch_warnings(record=True) as theirs:
            warnings.simplefilter("always")
            pydicom.dcmread(io.BytesIO(CASES[name])).PatientName
        # The same warning; pydicom gives it again for each item it decodes
        # while reading, rapidicom when each value is first used.
        assert {str(w.message) for w in ours} == {str(w.message) for w in theirs}, name
        assert ours, name


def test_lying_pixel_data_raises_clear_errors():
    for name in (n for n in CASES if n.startswith("pixels-")):
        found = dict(stages(CASES[name]))
        assert found["read"] is None, name
        error = found["pixels"]
        assert error is None or isinstance(error, ValueError | RuntimeError | OSError), f"{name}: {error!r}"


_MEMORY_PROBE = """
import io, resource, sys
sys.path.insert(0, {tools!r})
import make_malformed, rapidicom
cases = dict(make_malformed.cases())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for name in {names!r}:
    try:
        ds = rapidicom.dcmread(io.BytesIO(cases[name]), force=True)
        for elem in ds.iterall():
            elem.value
    except Exception:
        pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def test_huge_lengths_and_deep_nesting_keep_memory_bounded():
    names = ["nested-100000"] + [n for n in CASES if n.startswith(("length-huge", "length-undefined"))]
    largest = max(len(CASES[n]) for n in names)
    code = _MEMORY_PROBE.format(tools=str(Path(make_malformed.__file__).parent), names=names)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    grown_kib = int(done.stdout.strip().splitlines()[-1])
    # The case data itself is held in the process (about 5 MB); reading must
    # not add more than a small multiple of the largest file.
    assert grown_kib * 1024 < 20 * largest + 64 * 2**20, grown_kib


@pytest.mark.filterwarnings("ignore")
def test_whole_header_tables_of_the_corpus_are_rows(tmp_path):
    """Every broken file becomes a row, in bounded time, whatever its pixel data
    and item headers claim; none has an error where pydicom reads its header
    and every value in it."""
    from rapidicom.batch.header_table import header_table

    paths = []
    for i, data in enumerate(CASES.values()):
        path = tmp_path / f"{i:05d}.dcm"
        path.write_bytes(data)
        paths.append(str(path))
    for force in (False, True):
        started = time.perf_counter()
        table = header_table(paths, force=force)
        assert time.perf_counter() - started < 60
        assert table.column("path").to_pylist() == paths
        for path, error in zip(paths, table.column("error").to_pylist(), strict=True):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    ds = pydicom.dcmread(path, stop_before_pixels=True, force=force)
                    ds.walk(lambda _, elem: elem.value)
                except Exception:
                    continue
            assert error is None, (path, force, error)
