"""DataElement's native base (`_native.ElementFields`): the reader makes elements
with their core attributes in fixed slots. They must behave like elements built in
Python: copied, pickled, collected and extended the same way, with no reference
leaked."""

import copy
import gc
import io
import pickle
import sys
import weakref

import pytest

import rapidicom
from rapidicom import DataElement, Dataset
from rapidicom.dataelem import _NATIVE_FIELDS


def _read_back(ds: Dataset) -> Dataset:
    ds.file_meta = rapidicom.dataset.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = rapidicom.uid.ExplicitVRLittleEndian
    fp = io.BytesIO()
    ds.save_as(fp)
    return rapidicom.dcmread(io.BytesIO(fp.getvalue()), force=True)


@pytest.fixture
def read() -> Dataset:
    ds = Dataset()
    ds.PatientName = "Doe^John"
    ds.Rows = 512
    ds.SliceThickness = "2.5"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    block = ds.private_block(0x0011, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "private text")
    return _read_back(ds)


def _attributes(elem: DataElement) -> dict:
    names = (*_NATIVE_FIELDS, "is_undefined_length", "private_creator")
    return {name: getattr(elem, name) for name in names}


def test_read_elements_are_plain_data_elements(read):
    elem = read["Rows"]
    assert type(elem) is DataElement
    assert isinstance(elem, rapidicom._native.ElementFields)
    assert (elem.tag, elem.VR, elem.value, elem.is_undefined_length, elem.private_creator) == (
        0x00280010,
        "US",
        512,
        False,
        None,
    )
    assert elem.file_tell > 0
    assert elem.__dict__ == {}  # the core attributes are not in the dict
    private = read[0x00111001]
    assert private.private_creator == "ACME 1.0" and private.value == "private text"
    assert private.__dict__ == {}


def test_fields_and_extra_attributes_can_be_set(read):
    elem = read["Rows"]
    elem.value = 256
    elem.showVR = False
    elem.note = "kept"
    assert read.Rows == 256
    assert "Rows" in str(elem) and "US" not in str(elem)
    assert elem.__dict__ == {"showVR": False, "note": "kept"}
    del elem.note
    assert not hasattr(elem, "note")


@pytest.mark.parametrize("keyword", ["PatientName", "Rows", "SliceThickness", "ImageType"])
def test_copies_and_pickles_keep_every_attribute(read, keyword):
    made_here = DataElement(read[keyword].tag, read[keyword].VR, read[keyword].value)
    for elem in (read[keyword], read[0x00111001], made_here):
        elem.extra = [1, 2]
        for clone in (copy.copy(elem), copy.deepcopy(elem), pickle.loads(pickle.dumps(elem))):
            assert type(clone) is DataElement
            assert clone == elem
            assert _attributes(clone) == _attributes(elem)
            assert clone.extra == [1, 2]


def test_deepcopy_copies_the_value_and_copy_shares_it(read):
    elem = read["ImageType"]
    assert copy.copy(elem).value is elem.value
    deep = copy.deepcopy(elem)
    assert deep.value == elem.value and deep.value is not elem.value


def test_a_cycle_through_an_element_is_collected():
    ds = Dataset()
    ds.Rows = 1
    read = _read_back(ds)
    elem = read["Rows"]
    elem._value = [elem]  # the element refers to itself through a slot
    watcher = weakref.ref(elem)
    del elem, read
    gc.collect()
    assert watcher() is None


def test_reading_and_dropping_elements_leaks_no_reference(read):
    fp = io.BytesIO()
    read.save_as(fp)
    data = fp.getvalue()
    vr = sys.intern("US")
    tag = rapidicom.tag.Tag(0x00280010)

    def touch_all():
        for elem in rapidicom.dcmread(io.BytesIO(data), force=True).iterall():
            elem.value

    touch_all()
    gc.collect()
    before = (sys.getrefcount(vr), sys.getrefcount(tag))
    for _ in range(200):
        touch_all()
    gc.collect()
    assert (sys.getrefcount(vr), sys.getrefcount(tag)) == before


def test_subclasses_and_bare_instances_work():
    class Annotated(DataElement):
        def __init__(self, *args, note="", **kwargs):
            super().__init__(*args, **kwargs)
            self.note = note

    elem = Annotated(0x00100010, "PN", "A^B", note="n")
    assert (elem.tag, elem.VR, str(elem.value), elem.note) == (0x00100010, "PN", "A^B", "n")
    assert copy.deepcopy(elem).note == "n"
    bare = object.__new__(DataElement)  # how copy and pickle start
    with pytest.raises(AttributeError):
        bare.tag
    bare.tag, bare.VR, bare._value = rapidicom.tag.Tag(0x00280010), "US", 3
    assert bare.value == 3


def test_value_is_read_natively_and_set_through_the_converter(read):
    elem = read["SliceThickness"]
    assert elem.value is elem._value
    elem.value = "1.25"  # converted for the VR, as pydicom's setter does
    assert type(elem.value).__name__ == "DSfloat" and elem.value == 1.25
    elem.value = "1\\2"
    assert list(elem.value) == [1, 2]
    with pytest.raises(AttributeError):
        del elem.value
    with pytest.raises(AttributeError):
        object.__new__(DataElement).value

    class Unconverted(DataElement):  # a subclass may still define its own property
        @property
        def value(self):
            return ("as set", self._value)

        @value.setter
        def value(self, val):
            self._value = val

    assert Unconverted(0x00280010, "US", "3").value == ("as set", "3")
