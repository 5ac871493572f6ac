"""pydicom's module-level tables (``_dicom_dict``, ``_private_dict``,
``_uid_dict``): the same contents as pydicom's, and live: what a program
writes into them is seen at once by every lookup, the native reader's
included. Each test undoes its changes."""

import copy
import importlib
import io
import pickle

import pydicom
import pytest

import rapidicom
from rapidicom import datadict
from rapidicom._dicom_dict import DicomDictionary, RepeatersDictionary
from rapidicom._private_dict import private_dictionaries
from rapidicom._uid_dict import UID_dictionary
from rapidicom.uid import UID


def _pydicom_table(module, name):
    return getattr(importlib.import_module(f"pydicom.{module}"), name)


def test_the_tables_are_pydicoms():
    theirs = _pydicom_table("_uid_dict", "UID_dictionary")
    assert UID_dictionary == theirs
    assert RepeatersDictionary == _pydicom_table("_dicom_dict", "RepeatersDictionary")
    # The two kept differences (docs/deviations.md), and nothing else.
    dicom = dict(DicomDictionary)
    assert dicom.pop(0x00060001)[4] == "CurrentFrameFunctionalGroupsSequence"
    assert dicom == _pydicom_table("_dicom_dict", "DicomDictionary")
    private = copy.deepcopy(dict(private_dictionaries))
    assert private["TOSHIBA_MEC_OT3"].pop("7019xx80")[0] == "OB or OW"
    theirs = copy.deepcopy(_pydicom_table("_private_dict", "private_dictionaries"))
    theirs["TOSHIBA_MEC_OT3"].pop("7019xx80")
    assert private == theirs
    # The same objects through datadict and uid, as in pydicom.
    assert datadict.DicomDictionary is DicomDictionary
    assert datadict.private_dictionaries is private_dictionaries
    assert rapidicom.uid.UID_dictionary is UID_dictionary


@pytest.fixture
def restore_tables():
    saved = [copy.deepcopy(dict(t)) for t in (DicomDictionary, UID_dictionary)]
    saved_private = copy.deepcopy(dict(private_dictionaries))
    yield
    for table, before in zip((DicomDictionary, UID_dictionary), saved):
        for key in [k for k in table if k not in before]:
            del table[key]
        table.update(before)
    private_dictionaries.clear()
    private_dictionaries.update(saved_private)


def test_uids_added_by_a_program_are_known_at_once(restore_tables):
    # What a networking library does when it is imported.
    uid = "1.2.840.10008.1.2.4.999"
    assert not UID(uid).is_transfer_syntax and UID(uid).name == uid
    UID_dictionary[uid] = ("My Syntax", "Transfer Syntax", "", "", "MySyntax")
    assert UID(uid).is_transfer_syntax
    assert (UID(uid).name, UID(uid).keyword, UID(uid).is_retired) == ("My Syntax", "MySyntax", False)
    UID_dictionary.update({uid: ("Renamed", "Transfer Syntax", "", "Retired", "MySyntax")})
    assert UID(uid).name == "Renamed" and UID(uid).is_retired
    del UID_dictionary[uid]
    assert UID(uid).name == uid and not UID(uid).is_transfer_syntax
    # Removing a standard UID hides it too.
    rle = UID_dictionary.pop("1.2.840.10008.1.2.5")
    assert UID("1.2.840.10008.1.2.5").name == "1.2.840.10008.1.2.5"
    UID_dictionary["1.2.840.10008.1.2.5"] = rle
    assert UID("1.2.840.10008.1.2.5").name == "RLE Lossless"


def _implicit_file(tag, value):
    """One element, implicit VR little endian."""
    header = (tag >> 16).to_bytes(2, "little") + (tag & 0xFFFF).to_bytes(2, "little")
    return header + len(value).to_bytes(4, "little") + value


def test_public_entries_set_directly_are_used_for_reading(restore_tables):
    tag = 0x7778F001  # public, and in no edition of the dictionary
    DicomDictionary[tag] = ("US", "1", "Made Up", "", "MadeUp")
    data = _implicit_file(tag, b"\x05\x00")
    ds = rapidicom.filereader.read_dataset(io.BytesIO(data), True, True)
    assert ds[tag].VR == "US" and ds[tag].value == 5 and ds[tag].name == "Made Up"
    assert datadict.dictionary_description(tag) == "Made Up"
    del DicomDictionary[tag]
    ds = rapidicom.filereader.read_dataset(io.BytesIO(data), True, True)
    with pytest.warns(UserWarning, match=r"VR lookup failed .* setting VR to 'UN'"):
        assert ds[tag].VR == "UN"
    with pytest.raises(KeyError):
        datadict.get_entry(tag)


def test_private_tables_survive_a_copy_clear_and_restore(restore_tables):
    # pydicom's own tests do exactly this (test_util.save_private_dict).
    saved = copy.deepcopy(private_dictionaries)
    assert type(saved) is dict and type(pickle.loads(pickle.dumps(private_dictionaries))) is dict
    private_dictionaries.clear()
    with pytest.raises(KeyError, match="not in the private dictionary"):
        datadict.get_private_entry(0x0019100F, "GEMS_ACQU_01")
    private_dictionaries.update(saved)
    assert datadict.get_private_entry(0x0019100F, "GEMS_ACQU_01")[2] == "Horiz. Frame of ref."


def test_private_blocks_are_live_and_used_for_reading(restore_tables):
    creator = "RAPIDICOM LIVE TEST"
    private_dictionaries[creator] = {"0029xx10": ("DS", "1", "Live Value", "")}
    private_dictionaries[creator]["0029xx11"] = ("US", "1", "Other", "")
    data = (
        _implicit_file(0x00290010, creator.encode() + (b" " if len(creator) % 2 else b""))
        + _implicit_file(0x00291010, b"1.5 ")
        + _implicit_file(0x00291011, b"\x07\x00")
    )
    ds = rapidicom.filereader.read_dataset(io.BytesIO(data), True, True)
    theirs = pydicom.filereader.read_dataset(io.BytesIO(data), True, True)
    assert ds[0x00291010].VR == "DS" and ds[0x00291011].value == 7
    assert theirs[0x00291010].VR == "UN"  # pydicom does not know this creator
    del private_dictionaries[creator]["0029xx11"]
    assert rapidicom.filereader.read_dataset(io.BytesIO(data), True, True)[0x00291011].VR == "UN"
    datadict.add_private_dict_entry(creator, 0x00291012, "LO", "Added")
    assert private_dictionaries[creator]["0029xx12"] == ("LO", "1", "Added", "")
    del private_dictionaries[creator]
    with pytest.raises(KeyError, match="not in the private dictionary"):
        datadict.get_private_entry(0x00291010, creator)


def test_add_dict_entries_shows_in_the_table(restore_tables):
    datadict.add_dict_entry(0x10021001, "UL", "TestOne", "Test One")
    assert DicomDictionary[0x10021001] == ("UL", "1", "Test One", "", "TestOne")
    assert datadict.keyword_dict["TestOne"] == 0x10021001
    ds = rapidicom.Dataset()
    ds.TestOne = 42
    assert ds[0x10021001].VR == "UL"
    with pytest.raises(ValueError, match="Private tags cannot be added"):
        datadict.add_dict_entry(0x10031001, "UL", "TestTwo", "Test Two")
    del DicomDictionary[0x10021001]
