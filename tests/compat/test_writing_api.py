"""dcmwrite, save_as and the file meta helpers against pydicom: arguments and their
errors and warnings, encodings chosen, values set by users (the bytes written),
bad values, and the pydicom 2.x API the seeds document."""

import io

import pytest
from pydicom.data import get_testdata_file

from .builders import BUILDERS

CT = get_testdata_file("CT_small.dcm")
RTPLAN = get_testdata_file("rtplan.dcm")
BIG_ENDIAN = get_testdata_file("MR_small_bigendian.dcm")


def written(lib, ds, **kwargs):
    fp = io.BytesIO()
    lib.dcmwrite(fp, ds, **kwargs)
    return fp.getvalue()


def new_dataset(lib, **elements):
    ds = lib.Dataset()
    for keyword, value in elements.items():
        setattr(ds, keyword, value)
    return ds


def named(ds):
    """Give the file meta an Implementation Version Name, which each library would
    otherwise fill in with its own (see test_implementation_version_name)."""
    ds.ensure_file_meta()
    ds.file_meta.ImplementationVersionName = "SAME FOR BOTH"
    return ds


SCENARIOS = {
    # Arguments and the encoding they choose.
    "write_like_original keyword": lambda lib: written(lib, lib.dcmread(CT), write_like_original=False),
    "write_like_original positional": lambda lib: (lambda fp, ds: (lib.dcmwrite(fp, ds, True), fp.getvalue()))(
        io.BytesIO(), lib.dcmread(CT)
    ),
    "write_like_original twice": lambda lib: lib.dcmwrite(
        io.BytesIO(), lib.dcmread(CT), True, write_like_original=True
    ),
    "unknown keyword argument": lambda lib: lib.dcmwrite(io.BytesIO(), lib.dcmread(CT), foo=1),
    "force_encoding with enforce": lambda lib: written(
        lib, lib.dcmread(CT), force_encoding=True, enforce_file_format=True, implicit_vr=True, little_endian=True
    ),
    "force_encoding without encoding": lambda lib: written(lib, lib.dcmread(CT), force_encoding=True),
    "no encoding known": lambda lib: written(lib, new_dataset(lib, PatientID="1")),
    "implicit_vr argument": lambda lib: written(lib, new_dataset(lib, PatientID="1"), implicit_vr=True),
    "explicit big endian arguments": lambda lib: written(
        lib, new_dataset(lib, PatientID="1", Rows=2), implicit_vr=False, little_endian=False
    ),
    "implicit big endian": lambda lib: written(
        lib, new_dataset(lib, PatientID="1"), implicit_vr=True, little_endian=False
    ),
    "arguments contradict the syntax": lambda lib: written(lib, lib.dcmread(CT), implicit_vr=True),
    "endianness contradicts the syntax": lambda lib: written(lib, lib.dcmread(CT), little_endian=False),
    "not a transfer syntax": lambda lib: (
        lambda ds: (setattr(ds.file_meta, "TransferSyntaxUID", "1.2.840.10008.5.1.4.1.1.2"), written(lib, ds))
    )(lib.dcmread(CT)),
    "private transfer syntax": lambda lib: (
        lambda ds: (setattr(ds.file_meta, "TransferSyntaxUID", "1.2.3.4"), written(lib, ds))
    )(lib.dcmread(CT)),
    "private transfer syntax with arguments": lambda lib: (
        lambda ds: (
            setattr(ds.file_meta, "TransferSyntaxUID", "1.2.3.4"),
            written(lib, ds, implicit_vr=True, little_endian=True),
        )
    )(lib.dcmread(CT)),
    "preamble of the wrong length": lambda lib: (lambda ds: (setattr(ds, "preamble", b"\0" * 10), written(lib, ds)))(
        lib.dcmread(CT)
    ),
    "no preamble, enforced": lambda lib: (
        lambda ds: (setattr(ds, "preamble", None), written(lib, ds, enforce_file_format=True))
    )(named(lib.dcmread(RTPLAN))),
    "file meta element in the dataset": lambda lib: (
        lambda ds: (ds.add_new(0x00020010, "UI", "1.2.840.10008.1.2"), written(lib, ds))
    )(lib.dcmread(CT)),
    "command element in the dataset": lambda lib: (lambda ds: (ds.add_new(0x00000100, "US", 1), written(lib, ds)))(
        lib.dcmread(CT)
    ),
    "enforce without SOP UIDs": lambda lib: written(
        lib, new_dataset(lib, PatientID="1"), implicit_vr=True, enforce_file_format=True
    ),
    "enforce fills the file meta": lambda lib: written(
        lib,
        named(new_dataset(lib, PatientID="1", SOPClassUID="1.2.3", SOPInstanceUID="1.2.3.4")),
        implicit_vr=True,
        enforce_file_format=True,
    ),
    "deprecated is_little_endian attributes": lambda lib: (
        lambda ds: (setattr(ds, "is_little_endian", True), setattr(ds, "is_implicit_VR", False), written(lib, ds))
    )(new_dataset(lib, PatientID="1")),
    # save_as
    "save_as between byte orders": lambda lib: lib.dcmread(BIG_ENDIAN).save_as(
        io.BytesIO(), little_endian=True, implicit_vr=False
    ),
    "save_as to implicit": lambda lib: (
        lambda ds, fp: (
            setattr(ds.file_meta, "TransferSyntaxUID", lib.uid.ImplicitVRLittleEndian),
            ds.save_as(fp),
            fp.getvalue(),
        )
    )(lib.dcmread(CT), io.BytesIO()),
    "save_as write_like_original": lambda lib: lib.dcmread(CT).save_as(io.BytesIO(), write_like_original=True),
    "save_as to a non-file": lambda lib: lib.dcmread(CT).save_as(42),
    "closed file": lambda lib: (lambda fp: (fp.close(), lib.dcmread(CT).save_as(fp)))(io.BytesIO()),
    # Values set by users.
    "wrong type for US": lambda lib: written(lib, new_dataset(lib, Rows="many"), implicit_vr=True),
    "number out of range": lambda lib: (
        lambda ds: (ds.add_new(0x00280010, "US", 70000), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "float in an integer VR": lambda lib: (
        lambda ds: (ds.add_new(0x00280010, "US", 1.5), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "tuple in a number VR": lambda lib: (
        lambda ds: (ds.add_new(0x00280010, "US", (1, 2)), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "bytes in a text VR": lambda lib: (
        lambda ds: (ds.add_new(0x00100020, "LO", b"ABC"), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "str in OB": lambda lib: (lambda ds: (ds.add_new(0x7FE00010, "OB", "text"), written(lib, ds, implicit_vr=True)))(
        lib.Dataset()
    ),
    "non-latin-1 in CS": lambda lib: (
        lambda ds: (ds.add_new(0x00080060, "CS", "Ωmega"), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "Latin-1 text": lambda lib: written(
        lib,
        new_dataset(lib, SpecificCharacterSet="ISO_IR 100", PatientName="Müller^Jürgen", StudyDescription="Ärger"),
        implicit_vr=False,
    ),
    "Japanese person name": lambda lib: written(
        lib,
        new_dataset(
            lib, SpecificCharacterSet=["", "ISO 2022 IR 87"], PatientName="Yamada^Tarou=山田^太郎=やまだ^たろう"
        ),
        implicit_vr=False,
    ),
    "UTF-8 in a sequence": lambda lib: written(
        lib,
        new_dataset(
            lib,
            SpecificCharacterSet="ISO_IR 192",
            ReferencedStudySequence=[new_dataset(lib, StudyDescription="Ünïcode ☃")],
        ),
        implicit_vr=True,
    ),
    "dates as objects": lambda lib: (
        lambda ds: (
            ds.add_new(0x00080020, "DA", lib.valuerep.DA("20240131")),
            ds.add_new(0x00080030, "TM", lib.valuerep.TM("101010.5")),
            ds.add_new(0x0008002A, "DT", lib.valuerep.DT("20240131101010")),
            written(lib, ds, implicit_vr=False),
        )[-1]
    )(lib.Dataset()),
    "AT as keyword-free ints": lambda lib: (
        lambda ds: (
            ds.add_new(0x00209165, "AT", [0x00100010, 0x00200032]),
            written(lib, ds, implicit_vr=False, little_endian=False),
        )
    )(lib.Dataset()),
    "long value in an explicit short VR": lambda lib: (
        lambda ds: (ds.add_new(0x00104000, "LT", "x" * 70000), len(written(lib, ds, implicit_vr=False)))
    )(lib.Dataset()),
    "ambiguous VR in explicit": lambda lib: (
        lambda ds: (ds.add_new(0x00280106, "US or SS", b"\x01\x00"), written(lib, ds, implicit_vr=False))
    )(lib.Dataset()),
    "ambiguous VR in implicit": lambda lib: (
        lambda ds: (ds.add_new(0x00280106, "US or SS", b"\x01\x00"), written(lib, ds, implicit_vr=True))
    )(lib.Dataset()),
    "undefined-length pixel data not encapsulated": lambda lib: (
        lambda ds: (
            setattr(ds.file_meta, "TransferSyntaxUID", lib.uid.RLELossless),
            written(lib, ds),
        )
    )(lib.dcmread(CT)),
    "undefined-length sequence items": lambda lib: (
        lambda ds: (
            setattr(ds["ReferencedStudySequence"], "is_undefined_length", True),
            setattr(ds.ReferencedStudySequence[0], "is_undefined_length_sequence_item", True),
            written(lib, ds, implicit_vr=True),
        )
    )(new_dataset(lib, ReferencedStudySequence=[new_dataset(lib, StudyDescription="x")])),
    "modified file": lambda lib: (
        lambda ds: (
            setattr(ds, "PatientName", "Changed^Name"),
            ds.__delitem__("PatientID"),
            ds.add_new(0x00091001, "LO", "private"),
            setattr(ds.BeamSequence[0], "BeamName", "Renamed"),
            written(lib, ds),
        )
    )(lib.dcmread(RTPLAN)),
}


def _with_writing_mode(lib, mode, scenario):
    old = lib.config.settings.writing_validation_mode
    lib.config.settings.writing_validation_mode = mode
    try:
        return scenario()
    finally:
        lib.config.settings.writing_validation_mode = old


def _building_blocks(lib):
    fp = lib.filebase.DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    ds = lib.dcmread(RTPLAN)
    n = lib.filewriter.write_dataset(fp, ds)
    lib.filewriter.write_data_element(fp, lib.DataElement(0x00100010, "PN", "Doe^John"))
    meta = lib.dcmread(CT).file_meta
    lib.filewriter.write_file_meta_info(fp, named(ds).file_meta, enforce_standard=True)
    return n, fp.getvalue(), len(meta)


SCENARIOS.update(
    {
        "too long value, default mode": lambda lib: written(
            lib, new_dataset(lib, PatientID="x" * 70), implicit_vr=True
        ),
        "too long value, RAISE": lambda lib: _with_writing_mode(
            lib, lib.config.RAISE, lambda: written(lib, new_dataset(lib, PatientID="x" * 70), implicit_vr=True)
        ),
        "invalid character, RAISE": lambda lib: _with_writing_mode(
            lib, lib.config.RAISE, lambda: written(lib, new_dataset(lib, Modality="ct!"), implicit_vr=True)
        ),
        "write_dataset, write_data_element, write_file_meta_info": _building_blocks,
    }
)
SCENARIOS.update(
    {
        f"built {name}": (lambda b: lambda lib, b=b: written(lib, b(lib), implicit_vr=False))(b)
        for name, b in BUILDERS.items()
    }
)


def _first_line_only(outcome):
    if outcome[0] == "raised":
        return outcome[:2] + (outcome[2].split("\n")[0],) + outcome[3:]
    return outcome


@pytest.mark.parametrize("name", SCENARIOS)
def test_writing_behaves_like_pydicom(name):
    import pydicom

    import rapidicom

    from .outcome import outcome

    theirs = _first_line_only(outcome(SCENARIOS[name], pydicom))
    ours = _first_line_only(outcome(SCENARIOS[name], rapidicom))
    assert ours == theirs


def test_fix_meta_info_follows_the_encoding_attributes():
    """pydicom 2.x's Dataset.fix_meta_info (in the seeds; gone from pydicom 3.0)."""
    import warnings

    import rapidicom

    ds = rapidicom.Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = "1.2.3.4"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.is_little_endian, ds.is_implicit_VR = True, True
        ds.fix_meta_info()
        assert ds.file_meta.TransferSyntaxUID == rapidicom.uid.ImplicitVRLittleEndian
        assert ds.file_meta.MediaStorageSOPClassUID == ds.SOPClassUID
        assert ds.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4"
        assert ds.file_meta.FileMetaInformationVersion == b"\x00\x01"
        ds.is_little_endian, ds.is_implicit_VR = False, False
        ds.fix_meta_info()
        assert ds.file_meta.TransferSyntaxUID == rapidicom.uid.ExplicitVRBigEndian
        ds.is_implicit_VR = True
        with pytest.raises(NotImplementedError, match="Implicit VR Big Endian"):
            ds.fix_meta_info()
        other = rapidicom.Dataset()
        other.is_little_endian, other.is_implicit_VR = True, True
        with pytest.raises(AttributeError, match="Media Storage SOP Class UID"):
            other.fix_meta_info()
        other.fix_meta_info(enforce_standard=False)
        assert other.file_meta.TransferSyntaxUID == rapidicom.uid.ImplicitVRLittleEndian


def test_implementation_version_name():
    """Deliberate deviation: with enforce_file_format rapidicom names itself where
    the file meta has no Implementation Version Name (pydicom writes its own)."""
    import rapidicom

    ds = new_dataset(rapidicom, SOPClassUID="1.2.3", SOPInstanceUID="1.2.3.4")
    data = written(rapidicom, ds, implicit_vr=True, enforce_file_format=True)
    assert f"RAPIDICOM {rapidicom.__version__}".encode() in data
    assert rapidicom.dcmread(io.BytesIO(data)).file_meta.ImplementationVersionName.startswith("RAPIDICOM")
