"""The whole data dictionary against pydicom's: every keyword, tag, VR, VM, name and
retired flag, the repeating groups, the private dictionary and the UIDs.

The tables are made from the standard's data with pydicom's conventions
(tools/gen_dict.py) and the differences no rule gives
(tools/dicom-standard/pydicom_differences.tsv); the two kept differences
(docs/deviations.md) are listed here, and everything else must match exactly.
"""

import pydicom.datadict as pdd
import pydicom.uid as puid
import pytest
from pydicom._private_dict import private_dictionaries as pydicom_private
from pydicom._uid_dict import UID_dictionary as pydicom_uids

import rapidicom.datadict as rdd
import rapidicom.uid as ruid

# In PS3.6 2024c Table 9-1 but missing from pydicom 3.0.
NOT_IN_PYDICOM = {0x00060001}


def test_every_public_element_matches():
    ours = rdd.DicomDictionary
    theirs = pdd.DicomDictionary
    assert set(ours) - set(theirs) == NOT_IN_PYDICOM
    assert set(theirs) <= set(ours)
    for tag, entry in theirs.items():
        mine = rdd.get_entry(tag)
        assert mine == ours[tag] == entry, hex(tag)


def test_every_keyword_round_trips():
    for keyword, tag in pdd.keyword_dict.items():
        if not keyword:
            continue
        assert rdd.tag_for_keyword(keyword) == tag
        assert rdd.keyword_for_tag(tag) == keyword
        assert rdd.dictionary_VR(keyword) == pdd.dictionary_VR(tag)
        assert rdd.dictionary_has_tag(keyword) and rdd.dictionary_has_tag(tag)
        assert rdd.dictionary_is_retired(tag) == pdd.dictionary_is_retired(tag)
        assert rdd.dictionary_description(tag) == pdd.dictionary_description(tag)
        assert rdd.dictionary_VM(tag) == pdd.dictionary_VM(tag)
    assert type(rdd.tag_for_keyword("PatientName")) is int
    assert rdd.keyword_dict == {k: v for k, v in pdd.keyword_dict.items() if k} | {
        "CurrentFrameFunctionalGroupsSequence": 0x00060001
    }


def test_repeating_groups_match():
    assert rdd.RepeatersDictionary == pdd.RepeatersDictionary
    assert rdd.REPEATER_KEYWORDS == pdd.REPEATER_KEYWORDS
    assert rdd.masks == pdd.masks
    for tag in (0x60003000, 0x60FE0010, 0x50020005, 0x002031FF, 0x10001235, 0x1010ABCD,
                0x60013000, 0x00280400, 0x7F000010, 0x00100010, 0x12345678):  # fmt: skip
        assert rdd.mask_match(tag) == pdd.mask_match(tag)
        assert rdd.repeater_has_tag(tag) == pdd.repeater_has_tag(tag)
        assert rdd.keyword_for_tag(tag) == pdd.keyword_for_tag(tag)
        try:
            expected = pdd.get_entry(tag)
        except KeyError as exc:
            with pytest.raises(KeyError) as info:
                rdd.get_entry(tag)
            assert str(info.value) == str(exc)
        else:
            assert rdd.get_entry(tag) == expected
    for keyword in ("OverlayData", "CurveData", "PatientName", "Nonsense"):
        assert rdd.repeater_has_keyword(keyword) == pdd.repeater_has_keyword(keyword)


# pydicom kept GDCM's raw "OB_OW" for this one entry, which is no VR; ours is
# "OB or OW" (docs/deviations.md).
RAW_GDCM_VR = {("TOSHIBA_MEC_OT3", "7019xx80"): "OB_OW"}


def test_private_dictionary_matches():
    ours = rdd.private_dictionaries
    assert set(ours) == set(pydicom_private)
    for creator, entries in pydicom_private.items():
        assert set(ours[creator]) == set(entries), creator
        for key, entry in entries.items():
            mine = ours[creator][key]
            if (creator, key) in RAW_GDCM_VR:
                assert entry[0] == RAW_GDCM_VR[(creator, key)] and mine[0] == "OB or OW"
                assert mine[1:] == entry[1:]
                continue
            assert mine == entry, (creator, key)


def test_private_lookups_match():
    cases = [
        (0x0019100F, "GEMS_ACQU_01"),
        (0x00291008, "SIEMENS CSA HEADER"),
        (0x60031001, "DLX_LKUP_01"),
        (0x00210011, "SIEMENS MR FMRI"),
        (0x001910FE, "GEMS_ACQU_01"),
        (0x0019100F, "NO SUCH CREATOR"),
    ]
    for tag, creator in cases:
        try:
            expected = pdd.get_private_entry(tag, creator)
        except KeyError as exc:
            with pytest.raises(KeyError) as info:
                rdd.get_private_entry(tag, creator)
            assert str(info.value) == str(exc)
        else:
            assert rdd.get_private_entry(tag, creator) == expected
            assert rdd.private_dictionary_VR(tag, creator) == pdd.private_dictionary_VR(tag, creator)
            assert rdd.private_dictionary_VM(tag, creator) == pdd.private_dictionary_VM(tag, creator)
            desc = pdd.private_dictionary_description(tag, creator)
            assert rdd.private_dictionary_description(tag, creator) == desc


def test_uids_match():
    for uid, (_name, kind, _info, retired, keyword) in pydicom_uids.items():
        ours = ruid.UID(uid)
        theirs = puid.UID(uid)
        assert (ours.keyword, ours.type, ours.is_retired) == (keyword, kind, bool(retired))
        assert (ours.name, ours.info) == (theirs.name, theirs.info)
        if ours.is_transfer_syntax:
            for attr in ("is_implicit_VR", "is_little_endian", "is_deflated", "is_compressed", "is_encapsulated"):
                assert getattr(ours, attr) == getattr(theirs, attr), (uid, attr)


def test_every_named_uid_constant_exists():
    names = [n for n in dir(puid) if isinstance(getattr(puid, n), puid.UID)]
    assert len(names) > 200
    for name in names:
        assert getattr(ruid, name) == getattr(puid, name), name
        assert isinstance(getattr(ruid, name), ruid.UID)
    for group in ("AllTransferSyntaxes", "JPEGTransferSyntaxes", "JPEGLSTransferSyntaxes",
                  "JPEG2000TransferSyntaxes", "MPEGTransferSyntaxes", "RLETransferSyntaxes",
                  "UncompressedTransferSyntaxes"):  # fmt: skip
        assert getattr(ruid, group) == getattr(puid, group), group
    assert ruid.PYDICOM_ROOT_UID == puid.PYDICOM_ROOT_UID


def test_named_tag_constants_are_generated_from_the_dictionary():
    """rust/core/tags.rs and rapidicom._tags are what tools/gen_dict.py makes now,
    and each constant is its keyword's tag in the dictionary (and in pydicom's)."""
    import pathlib
    import sys

    from rapidicom import _tags

    root = pathlib.Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tools"))
    try:
        import gen_dict
    finally:
        sys.path.pop(0)
    assert (root / "rust" / "core" / "tags.rs").read_text() == gen_dict.gen_rust_tags()
    assert (root / "python" / "rapidicom" / "_tags.py").read_text() == gen_dict.gen_python_tags()
    constants = {name: value for name, value in vars(_tags).items() if not name.startswith("_")}
    assert len(constants) > 5000
    for keyword, tag in constants.items():
        assert rdd.tag_for_keyword(keyword) == tag
        assert pdd.tag_for_keyword(keyword) in (tag, None), keyword
