"""Differential tests: the same datasets built with pydicom and rapidicom must print,
list and iterate identically."""

import copy
import pickle
import warnings

import pydicom
import pytest

import rapidicom

from .builders import BUILDERS


def both(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BUILDERS[name](pydicom), BUILDERS[name](rapidicom)


@pytest.mark.parametrize("name", sorted(BUILDERS))
class TestSameOutput:
    def test_str_and_repr(self, name):
        theirs, ours = both(name)
        assert str(ours) == str(theirs)
        assert repr(ours) == repr(theirs)
        assert ours.top() == theirs.top()

    def test_element_text(self, name):
        theirs, ours = both(name)
        pairs = list(zip(theirs.iterall(), ours.iterall(), strict=True))
        for t, o in pairs:
            assert (str(o.tag), o.VR, o.VM, o.name, o.keyword) == (str(t.tag), t.VR, t.VM, t.name, t.keyword)
            assert (o.repval, repr(o), str(o)) == (t.repval, repr(t), str(t))
            assert (o.is_private, o.is_retired, o.is_empty, o.is_undefined_length) == (
                t.is_private,
                t.is_retired,
                t.is_empty,
                t.is_undefined_length,
            )
            assert o.private_creator == t.private_creator

    def test_dir_and_keys(self, name):
        theirs, ours = both(name)
        assert ours.dir() == theirs.dir()
        assert ours.dir("pat", "Seq") == theirs.dir("pat", "Seq")
        assert [str(k) for k in ours.keys()] == [str(k) for k in theirs.keys()]
        ours_attrs = {a for a in dir(ours) if not a.startswith("_")}
        assert ours.dir() == sorted(ours_attrs & set(ours.dir()))
        assert set(theirs.dir()) <= ours_attrs

    def test_formatted_lines(self, name):
        theirs, ours = both(name)
        assert list(ours.formatted_lines()) == list(theirs.formatted_lines())
        fmt = "%(tag)s|%(keyword)s|%(VM)s|%(is_private)s|%(value)s"
        assert list(ours.formatted_lines(fmt, fmt)) == list(theirs.formatted_lines(fmt, fmt))

    def test_values_compare_equal(self, name):
        theirs, ours = both(name)
        for t, o in zip(theirs.iterall(), ours.iterall(), strict=True):
            if o.VR != "SQ":
                assert str(o.value) == str(t.value)
                assert type(o.value).__name__ == type(t.value).__name__

    def test_copies_and_pickle_keep_text(self, name):
        _, ours = both(name)
        for clone in (copy.deepcopy(ours), pickle.loads(pickle.dumps(ours)), ours.copy()):
            assert str(clone) == str(ours)
            assert clone == ours


def test_walk_visits_like_pydicom():
    theirs, ours = both("nested")
    seen = {"theirs": [], "ours": []}
    theirs.walk(lambda ds, e: seen["theirs"].append(str(e.tag)))
    ours.walk(lambda ds, e: seen["ours"].append(str(e.tag)))
    assert seen["ours"] == seen["theirs"]


def test_remove_private_tags_like_pydicom():
    theirs, ours = both("every_vr")
    theirs.remove_private_tags()
    ours.remove_private_tags()
    assert str(ours) == str(theirs)


def test_private_blocks_like_pydicom():
    results = []
    for lib in (pydicom, rapidicom):
        ds = lib.Dataset()
        b1 = ds.private_block(0x0009, "CREATOR A", create=True)
        b2 = ds.private_block(0x0009, "CREATOR B", create=True)
        b1.add_new(0x01, "SH", "a1")
        b2.add_new(0x01, "SH", "b1")
        ds.add_new_private("GEMS_ACQU_01", 0x0019, 0x0F, "2.5")
        ds.add_new_private("CREATOR A", 0x0009, 0x02, 7, vr="US")
        del ds.private_block(0x0009, "CREATOR B")[0x01]
        results.append(
            (
                str(ds),
                ds.private_creators(0x0009),
                str(ds.get_private_item(0x0009, 0x01, "CREATOR A").tag),
                0x02 in b1,
                0x01 in b2,
                str(b2.get_tag(0x10)),
            )
        )
    assert results[0] == results[1]


def test_slicing_and_group_dataset_like_pydicom():
    theirs, ours = both("every_vr")
    assert str(ours[0x00100000:0x00200000]) == str(theirs[0x00100000:0x00200000])
    assert str(ours[:0x00100000]) == str(theirs[:0x00100000])
    assert str(ours[0x00280000::2]) == str(theirs[0x00280000::2])
    assert str(ours.group_dataset(0x0010)) == str(theirs.group_dataset(0x0010))


def test_file_meta_is_printed_like_pydicom():
    outputs = []
    for lib in (pydicom, rapidicom):
        ds = lib.Dataset()
        ds.PatientName = "A^B"
        ds.file_meta = lib.dataset.FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = lib.uid.ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        outputs.append(str(ds))
    assert outputs[0] == outputs[1]
