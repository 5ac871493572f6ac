"""Sequences of a dataset read from a file, made natively while iterating (see
rust/py/sequences.rs) or by the Python path on keyword access: both give what
pydicom gives, down to each item's tells and the Pixel Representation that
decides the VR of ambiguous elements inside the items."""

import io
import warnings

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

import rapidicom

FILES = ["rtplan.dcm", "rtstruct.dcm", "nested_priv_SQ.dcm", "priv_SQ.dcm", "CT_small.dcm", "waveform_ecg.dcm"]


def _items(ds):
    """Every item at every depth: its tells, how it is encoded and its elements."""
    found = []
    for elem in ds.iterall():
        if elem.VR == "SQ":
            found.append((str(elem.tag), elem.file_tell, elem.is_undefined_length, len(elem.value)))
            for item in elem.value:
                found.append(
                    (item.seq_item_tell, item.file_tell, item.is_undefined_length_sequence_item,
                     [(str(e.tag), e.VR, e.file_tell, str(e.value)[:60]) for e in item])
                )  # fmt: skip
    return found


def _image_with_items(syntax: str, undefined: bool) -> bytes:
    """Pixel Representation 1 and an item holding ambiguous US-or-SS elements."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.PixelRepresentation = 1
    item = Dataset()
    item.SmallestImagePixelValue = -5
    item.LargestImagePixelValue = 300
    inner = Dataset()
    inner.PatientID = "inner"
    item.OtherPatientIDsSequence = [inner]
    ds.OtherPatientIDsSequence = [item, Dataset()]
    ds.PatientName = "Seq^Test"
    if undefined:
        ds["OtherPatientIDsSequence"].is_undefined_length = True
        for each in ds.OtherPatientIDsSequence:
            each.is_undefined_length_sequence_item = True
    out = io.BytesIO()
    big = syntax == ExplicitVRBigEndian
    ds.save_as(out, implicit_vr=syntax == ImplicitVRLittleEndian, little_endian=not big, enforce_file_format=True)
    return out.getvalue()


def _read(lib, source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lib.dcmread(source, force=True)


@pytest.mark.parametrize("name", FILES)
def test_items_as_pydicom_reads_them(name):
    path = get_testdata_file(name)
    assert _items(_read(rapidicom, path)) == _items(_read(pydicom, path))


def _ambiguous_in_item(lib, data, walk_first):
    """The VR and value of an US-or-SS element inside an item, after the sequence
    was made by keyword access or (walk_first) while iterating."""
    ds = _read(lib, io.BytesIO(data))
    if walk_first:
        list(ds.iterall())
    item = ds.OtherPatientIDsSequence[0]
    return str(item["SmallestImagePixelValue"].VR), item.SmallestImagePixelValue, _items(ds)


@pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian])
@pytest.mark.parametrize("undefined", [False, True])
@pytest.mark.parametrize("walk_first", [False, True])
def test_made_while_iterating_or_on_access_alike(syntax, undefined, walk_first):
    data = _image_with_items(syntax, undefined)
    theirs = _ambiguous_in_item(pydicom, data, walk_first)
    assert _ambiguous_in_item(rapidicom, data, walk_first) == theirs
    # Pixel Representation reached the items (pydicom reads undefined-length
    # implicit VR sequences before it is known: unsigned there).
    assert theirs[:2] == (("US", 65531) if undefined and syntax == ImplicitVRLittleEndian else ("SS", -5))
