"""DICOM JSON model: to_json of freshly read datasets and from_json of the
same text, against pydicom, plus a 20,000-item sequence header to JSON."""

import itertools

import pydicom
from corpus import big_sequence
from harness import Case
from pydicom.data import get_testdata_file

import rapidicom

_NUMBER = 20
_REPEATS = 7


def _fresh(read, path, count):
    """An endless supply of datasets read beforehand: each call gets a fresh one
    (its elements not yet decoded), and reading is not timed."""
    pool = [read(path) for _ in range(count)]
    return itertools.cycle(pool)


def _to_json_case(name: str, path: str) -> Case:
    count = _NUMBER // 10 + _NUMBER * _REPEATS + 1
    ours, theirs = _fresh(rapidicom.dcmread, path, count), _fresh(pydicom.dcmread, path, count)
    return Case(
        f"to_json, freshly read {name}",
        lambda: next(ours).to_json(),
        lambda: next(theirs).to_json(),
        target=20,
        number=_NUMBER,
    )


def _from_json_case(name: str, path: str) -> Case:
    text = pydicom.dcmread(path).to_json()
    return Case(
        f"from_json, {name}",
        lambda: rapidicom.Dataset.from_json(text),
        lambda: pydicom.Dataset.from_json(text),
        target=10,
        number=_NUMBER,
    )


def cases() -> list[Case]:
    rtplan, ct = get_testdata_file("rtplan.dcm"), get_testdata_file("CT_small.dcm")
    sequence = big_sequence()
    return [
        _to_json_case("RT plan", rtplan),
        _to_json_case("CT header (CT_small)", ct),
        _from_json_case("RT plan", rtplan),
        _from_json_case("CT header (CT_small)", ct),
        Case(
            "dcmread + to_json, 20,000-item sequence",
            lambda: rapidicom.dcmread(sequence).to_json(),
            lambda: pydicom.dcmread(sequence).to_json(),
            target=50,
            number=1,
        ),
    ]
