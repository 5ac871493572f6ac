"""Python-level fuzzing (hypothesis): sample files mutated at random (bytes
flipped or overwritten with lengths, cut, inserted, deleted) go through
dcmread, every value, pixel_array, to_json and save_as; only ordinary
exceptions may come out."""

import struct
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydicom.data import get_testdata_file

from .exercise import assert_ordinary, stages

sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))
import make_malformed

SAMPLES = [Path(get_testdata_file(n)).read_bytes() for n in ("CT_small.dcm", "rtplan.dcm", "MR_small_RLE.dcm",
                                                              "SC_rgb_rle.dcm", "nested_priv_SQ.dcm")]  # fmt: skip
SAMPLES.append(make_malformed.base())

LENGTHS = [0, 1, 2, 3, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFF0, 0xFFFFFFFF]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "length", "cut", "insert", "delete", "vr"]))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "length":
            data[at : at + 4] = struct.pack("<I", draw(st.sampled_from(LENGTHS)))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at : at + 2] = draw(st.sampled_from([b"SQ", b"UN", b"OB", b"XX", b"\0\0", b"UT", b"US"]))
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated(), st.booleans())
def test_mutated_files_raise_only_ordinary_exceptions(data, force):
    assert_ordinary(stages(data, force=force), f"{len(data)} bytes")
