"""Differential tests of iterating a dataset read from a file: `iter(ds)` and
`ds.iterall()` are native iterators in rapidicom and generators in pydicom, and must
give the same elements in the same order, also when the dataset changes while the
iteration runs."""

import warnings

import pydicom
import pytest
from pydicom.data import get_testdata_file

import rapidicom

# Files with nested sequences, private elements and raw (Python-path) elements.
FILES = ["rtplan.dcm", "CT_small.dcm", "MR_small.dcm", "waveform_ecg.dcm", "SC_rgb_rle.dcm"]


def read_both(name):
    path = get_testdata_file(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path), rapidicom.dcmread(path)


def shown(elements):
    return [(str(e.tag), e.VR, str(e.value)[:80]) for e in elements]


def outcome(run):
    """What `run` gives, or the kind of exception it raises (and what was seen)."""
    seen = []
    try:
        run(seen)
    except Exception as exc:
        return type(exc).__name__, seen
    return None, seen


@pytest.mark.parametrize("name", FILES)
def test_same_elements_in_the_same_order(name):
    theirs, ours = read_both(name)
    assert shown(ours) == shown(theirs)
    assert shown(ours.iterall()) == shown(theirs.iterall())
    # Again, now that everything is made.
    assert shown(ours.iterall()) == shown(theirs.iterall())
    assert [str(e.tag) for e in ours.elements()] == [str(e.tag) for e in theirs.elements()]


def _delete_ahead(ds, seen):
    for elem in ds:
        seen.append(str(elem.tag))
        if elem.tag == 0x00080016:
            del ds[0x00080018]


def _add_and_replace_ahead(ds, seen):
    for elem in ds:
        seen.append((str(elem.tag), str(elem.value)[:80]))
        if elem.tag == 0x00080016:
            ds.add_new(0x00080017, "UI", "1.2.3")  # not in the snapshot of tags
            ds.StudyDate = "20000101"  # changed before it is reached


def _replace_sequence_while_paused(ds, seen):
    for elem in ds.iterall():
        seen.append(str(elem.tag))
        if elem.VR == "SQ" and not seen.count("replaced"):
            seen.append("replaced")
            item = next(c for c in type(ds).__mro__ if c.__name__ == "Dataset")()
            item.PatientID = "new"
            elem.value = [item]


def _break_and_resume(ds, seen):
    walk = ds.iterall()
    for elem in walk:
        seen.append(str(elem.tag))
        if len(seen) == 5:
            break
    seen.extend(str(e.tag) for e in walk)


@pytest.mark.parametrize(
    "change", [_delete_ahead, _add_and_replace_ahead, _replace_sequence_while_paused, _break_and_resume]
)
@pytest.mark.parametrize("name", ["rtplan.dcm", "CT_small.dcm"])
def test_changes_during_iteration(name, change):
    theirs, ours = read_both(name)
    assert outcome(lambda seen: change(ours, seen)) == outcome(lambda seen: change(theirs, seen))


def test_items_with_their_own_iterall_walk_themselves():
    def walk(lib):
        class Quiet(lib.Dataset):
            def iterall(self):
                yield from (e for e in super().iterall() if e.keyword != "BeamName")

        ds = lib.dcmread(get_testdata_file("rtplan.dcm"))
        quiet = Quiet()
        quiet.BeamName = "hidden"
        quiet.BeamNumber = 9
        ds.BeamSequence.append(quiet)
        return shown(ds.iterall())

    assert walk(rapidicom) == walk(pydicom)


def test_deep_nesting_walks_without_recursion():
    # Deeper than Python's recursion limit, which nested generators would reach
    # (files are refused beyond 512 levels, so the dataset is built here).
    depth = 5_000
    ds = inner = rapidicom.Dataset()
    ds.Modality = "CT"
    for _ in range(depth):
        item = rapidicom.Dataset()
        inner.ReferencedSeriesSequence = [item]
        inner = item
    tags = [e.tag for e in ds.iterall()]
    assert len(tags) == depth + 1
    assert tags[0] == 0x00080060 and set(tags[1:]) == {0x00081115}
