"""rapidicom.sr against pydicom.sr: the code tables (made by tools/gen_sr.py from
PS3.16, context groups of 2024e against pydicom's older run) and the behaviour of
``codes``, ``Collection``, ``Concepts`` and ``Code``.

The tables differ from pydicom's only in the ways docs/deviations.md records (the
edition gap); every other difference fails here.
"""

import subprocess
import sys

import pytest
from pydicom.sr import _cid_dict as p_cid
from pydicom.sr import _concepts_dict as p_concepts
from pydicom.sr import _snomed_dict as p_snomed
from pydicom.sr import codedict as p_codedict

from rapidicom.sr import Code, Collection, Concepts, codes
from rapidicom.sr import _cid_dict as r_cid
from rapidicom.sr import _concepts_dict as r_concepts
from rapidicom.sr import _snomed_dict as r_snomed

# Context group 3777 was renamed after pydicom's run (its old title moved to 3779).
RENAMED_CIDS = {3777}
# Entries pydicom has with a context group that 2024e no longer has: CID 3709 is
# gone, SCT 118378005 was removed from four groups, 75399008 is written 7539900 in
# CID 4412 (a typo in the resource), DCM AU's meaning changed.
EDITION_GAP = {
    ("SCT", "373134008"), ("SCT", "118378005"), ("SCT", "75399008"),
    ("SCT", "373133002"), ("SCT", "21379009"), ("DCM", "AU"),
    ("SCT", "373135009"), ("SCT", "371872009"), ("SCT", "373132007"),
}  # fmt: skip


def entries(concepts):
    return {
        (scheme, name, code): info
        for scheme, names in concepts.items()
        for name, codes_ in names.items()
        for code, info in codes_.items()
    }


OURS = entries(r_concepts.concepts)
THEIRS = entries(p_concepts.concepts)
OUR_CODES = {(s, c) for s, _, c in OURS}


def test_pydicom_entries_are_ours_but_for_the_edition_gap():
    missing = [(s, code) for s, _, code in THEIRS.keys() - OURS.keys()]
    assert set(missing) <= EDITION_GAP, missing
    # Table O-1's SNOMED concepts, from pydicom's tables (tools/dicom-standard/sr_table_o1.tsv).
    assert OURS[("SCT", "RadiologyDepartment", "309964003")][1] == []


def test_our_extra_entries_are_newer_codes_or_newer_meanings():
    their_codes = {(s, c) for s, _, c in THEIRS}
    extra = OURS.keys() - THEIRS.keys()
    newer_codes = [k for k in extra if (k[0], k[2]) not in their_codes]
    # The rest name a code pydicom has, from a meaning 2024e gives it.
    assert len(extra) - len(newer_codes) <= 20
    assert len(newer_codes) <= 140


def test_shared_entries_have_pydicoms_meaning_and_cids():
    meanings = cid_lists = 0
    for key in OURS.keys() & THEIRS.keys():
        meanings += OURS[key][0] == THEIRS[key][0]
        cid_lists += sorted(OURS[key][1]) == sorted(THEIRS[key][1])
    shared = len(OURS.keys() & THEIRS.keys())
    assert shared - meanings <= 20  # U+200B in 3 meanings, and which meaning came first
    assert shared - cid_lists <= 100  # edition


def test_context_groups():
    ours, theirs = r_cid.name_for_cid, p_cid.name_for_cid
    shared = ours.keys() & theirs.keys()
    assert len(shared) >= 1354
    assert {c for c in shared if ours[c] != theirs[c]} == RENAMED_CIDS
    same = sum(
        {s: sorted(v) for s, v in r_cid.cid_concepts[c].items()}
        == {s: sorted(v) for s, v in p_cid.cid_concepts[c].items()}
        for c in shared
    )
    assert same >= 1300
    # Every context group has an entry, even one whose members are all included.
    assert set(r_cid.cid_concepts) == set(ours)
    assert r_cid.cid_concepts[101] == {}


def test_every_keyword_names_one_code_per_scheme():
    for scheme, names in r_concepts.concepts.items():
        for name, codes_ in names.items():
            assert len(codes_) == 1, (scheme, name, codes_)
            assert name.isidentifier(), name


def test_snomed_mapping():
    ours, theirs = r_snomed.mapping, p_snomed.mapping
    agree = sum(theirs["SCT"].get(sct) == srt for sct, srt in ours["SCT"].items())
    assert agree >= len(theirs["SCT"]) - 3
    assert {srt: sct for sct, srt in ours["SCT"].items()} == ours["SRT"]


@pytest.mark.parametrize(
    "scheme, name",
    [("DCM", "Modality"), ("SCT", "Liver"), ("UCUM", "Second"), ("DCM", "ImagingMeasurementReport"),
     ("SCT", "Lesion"), ("DCM", "TrackingIdentifier"), ("UCUM", "SquareMillimeterPerSecond")],
)  # fmt: skip
def test_codes_as_pydicom(scheme, name):
    mine = getattr(getattr(codes, scheme), name)
    theirs = getattr(getattr(p_codedict.codes, scheme), name)
    assert tuple(mine) == tuple(theirs)
    assert repr(mine) == repr(theirs)


@pytest.mark.parametrize("cid", [2, 4, 244, 7150, 7151, 7181, 7469, 218])
def test_context_group_codes_as_pydicom(cid):
    mine, theirs = getattr(codes, f"cid{cid}"), getattr(p_codedict.codes, f"CID{cid}")
    assert mine.name == theirs.name == f"CID{cid}"
    shared = set(mine.dir()) & set(theirs.dir())
    assert len(shared) >= 0.9 * len(theirs.dir())
    for name in shared:
        assert getattr(mine, name) == getattr(theirs, name), name


def test_code_equality_and_hash():
    sct = Code("373098007", "SCT", "Mean Value of population")
    assert sct == Code("373098007", "SCT", "another meaning")
    assert sct == Code("R-00317", "SRT", "Mean")  # SNOMED RT id of the same concept
    assert Code("R-00317", "SRT", "Mean") == sct
    assert sct != Code("R-00317", "SRT", "Mean", "v1")  # versions differ
    assert sct != Code("no such id", "SRT", "Mean")
    assert Code("s", "UCUM", "second") != Code("s", "DCM", "second")
    assert {sct: 1}[Code("373098007", "SCT", "x")] == 1
    assert Code("1", "A", "m").scheme_version is None


def test_lookup_is_cached_as_an_attribute():
    coll = Collection("DCM")
    first = coll.Modality
    assert coll.__dict__["Modality"] is first
    assert coll.Modality is first
    with pytest.raises(AttributeError, match="No matching code for keyword 'NoSuch'"):
        coll.NoSuch


def test_str_and_repr_as_pydicom():
    for name in ("CID2", "CID244", "BARI"):
        assert str(Collection(name)) == str(p_codedict.Collection(name))
        assert repr(Collection(name)) == repr(p_codedict.Collection(name))


def test_concepts_management():
    c = Concepts([Collection("SCT"), Collection("cid2")])
    assert list(c.collections) == ["SCT", "CID2"]
    assert c.schemes() == ["SCT"] and c.CIDs() == ["CID2"]
    assert c.cid2 is c.CID2
    with pytest.raises(AttributeError, match="'Concepts' object has no attribute 'X'"):
        c.X
    assert "DCM" in codes.schemes() and "CID7150" in codes.CIDs()


def test_import_rapidicom_does_not_load_the_code_tables():
    code = "import sys, rapidicom; print('rapidicom.sr._concepts_dict' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
