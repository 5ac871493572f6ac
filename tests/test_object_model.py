"""Behaviour of rapidicom's object model that has no pydicom 3.0 counterpart to
compare with: the pydicom 2.x API the seeds document, run-time dictionary additions
and the native dictionary itself."""

import copy
import pickle
import weakref

import pytest

import rapidicom
from rapidicom import DataElement, Dataset, Sequence
from rapidicom.datadict import (
    add_dict_entries,
    add_dict_entry,
    add_private_dict_entries,
    add_private_dict_entry,
    dictionary_VR,
    get_private_entry,
    keyword_for_tag,
    tag_for_keyword,
)
from rapidicom.tag import Tag


def test_description_is_the_2x_spelling_of_name():
    elem = DataElement(0x00100010, "PN", "A^B")
    with pytest.deprecated_call():
        assert elem.description() == "Patient's Name"


def test_sequence_items_know_their_parents():
    ds = Dataset()
    ds.BeamSequence = [Dataset(), Dataset()]
    seq = ds.BeamSequence
    item = seq[0]
    assert isinstance(item.parent_seq, weakref.ref)
    assert item.parent_seq() is seq
    assert seq.parent_dataset() is ds
    with pytest.deprecated_call():
        assert item.parent() is ds
    appended = Dataset()
    seq.append(appended)
    assert appended.parent_seq() is seq
    assert Dataset().parent_seq is None


def test_parents_survive_pickle_and_deepcopy():
    ds = Dataset()
    ds.BeamSequence = [Dataset()]
    ds.BeamSequence[0].BeamName = "Field 1"
    for clone in (pickle.loads(pickle.dumps(ds)), copy.deepcopy(ds)):
        assert clone.BeamSequence[0].BeamName == "Field 1"
        assert clone.BeamSequence[0].parent_seq() is clone.BeamSequence
        assert clone == ds


def test_added_public_entries_work_by_keyword():
    add_dict_entry(0x10021001, "DS", "TestDose", "Test Dose", "1")
    add_dict_entries({0x10021002: ("LO", "1-n", "Test Names", "Retired", "TestNames")})
    assert tag_for_keyword("TestDose") == 0x10021001
    assert keyword_for_tag(0x10021002) == "TestNames"
    assert Tag("TestNames") == 0x10021002
    assert dictionary_VR("TestDose") == "DS"
    ds = Dataset()
    ds.TestDose = "1.5"
    ds.TestNames = ["a", "b"]
    assert ds[0x10021001].VR == "DS" and ds.TestDose == 1.5
    assert ds[0x10021002].is_retired and ds[0x10021002].name == "Test Names"
    assert "TestDose" in ds.dir()
    assert rapidicom.datadict.DicomDictionary[0x10021001][4] == "TestDose"


def test_added_entries_override_the_standard():
    add_dict_entries({0x10040010: ("UL", "1", "First", "", "OverrideFirst")})
    add_dict_entries({0x10040010: ("US", "1", "Second", "", "OverrideSecond")})
    assert dictionary_VR(0x10040010) == "US"
    assert tag_for_keyword("OverrideSecond") == 0x10040010


def test_private_tags_are_refused_in_the_public_dictionary():
    with pytest.raises(ValueError, match="Private tags cannot be added"):
        add_dict_entries({0x00091001: ("LO", "1", "X", "", "PrivateX")})
    assert tag_for_keyword("PrivateX") is None
    with pytest.raises(ValueError, match="Non-private tags cannot be added"):
        add_private_dict_entries("ME", {0x00100010: ("LO", "1", "X", "")})


def test_added_private_entries_name_private_elements():
    add_private_dict_entry("RAPIDICOM TEST", 0x00431001, "US", "Test Count")
    assert get_private_entry(0x00431101, "RAPIDICOM TEST") == ("US", "1", "Test Count", "")
    ds = Dataset()
    ds.add_new_private("RAPIDICOM TEST", 0x0043, 0x01, 3)
    elem = ds.get_private_item(0x0043, 0x01, "RAPIDICOM TEST")
    assert (elem.VR, elem.name, elem.value) == ("US", "[Test Count]", 3)
    assert rapidicom.datadict.private_dictionaries["RAPIDICOM TEST"]["0043xx01"][2] == "Test Count"


def test_top_level_api_matches_pydicom_names():
    for name in ("Dataset", "DataElement", "FileDataset", "FileMetaDataset", "Sequence", "config", "uid", "datadict"):
        assert hasattr(rapidicom, name), name
    assert rapidicom.Sequence is Sequence
    assert rapidicom.__dicom_version__ == "2024c"


def test_native_module_is_typed():
    """The stub of the extension module says what the module has (mypy's stubtest,
    as .ci/run runs it)."""
    import pathlib
    import subprocess
    import sys

    package = pathlib.Path(rapidicom.__file__).parent
    allowlist = pathlib.Path(__file__).parent / "stubtest_allowlist.txt"
    checked = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "rapidicom._native", "--allowlist", str(allowlist)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (package / "py.typed").exists()
