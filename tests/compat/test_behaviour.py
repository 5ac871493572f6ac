"""Behaviour scenarios compared with pydicom: results, exceptions (class and message)
and warnings must be the same."""

import pytest

from .outcome import OK, assert_same

TAG_SCENARIOS = {
    "int": (OK, lambda lib: lib.tag.Tag(0x00100010)),
    "pair": (OK, lambda lib: lib.tag.Tag(0x10, 0x10)),
    "tuple": (OK, lambda lib: lib.tag.Tag((0x10, 0x10))),
    "list": (OK, lambda lib: lib.tag.Tag([0x10, 0x10])),
    "str-tuple": (OK, lambda lib: lib.tag.Tag(("0010", "0010"))),
    "keyword": (OK, lambda lib: lib.tag.Tag("PatientName")),
    "hex": (OK, lambda lib: lib.tag.Tag("00100010")),
    "hex-0x": (OK, lambda lib: lib.tag.Tag("0x00100010")),
    "bad-keyword": (ValueError, lambda lib: lib.tag.Tag("NotAKeyword")),
    "too-big": (OverflowError, lambda lib: lib.tag.Tag(0x100000000)),
    "hex-too-big": (OverflowError, lambda lib: lib.tag.Tag("100000000")),
    "negative": (ValueError, lambda lib: lib.tag.Tag(-1)),
    "group-too-big": (OverflowError, lambda lib: lib.tag.Tag(0x10000, 0)),
    "mixed-tuple": (TypeError, lambda lib: lib.tag.Tag((0x10, "10"))),
    "three": (ValueError, lambda lib: lib.tag.Tag((1, 2, 3))),
    "float": (OK, lambda lib: lib.tag.Tag(3.0)),
    "none": (TypeError, lambda lib: lib.tag.Tag(None)),
    "props": (
        OK,
        lambda lib: [
            (t.group, t.element, t.elem, t.is_private, t.is_private_creator, str(t.private_creator), t.json_key)
            for t in map(lib.tag.Tag, (0x00100010, 0x00091001, 0x00090010, 0x0009FF01, 0x00090100))
        ],
    ),
    "compare": (
        OK,
        lambda lib: [
            lib.tag.Tag(0x10, 0x10) == (0x10, 0x10),
            lib.tag.Tag(0x10, 0x10) == "PatientName",
            lib.tag.Tag(0x10, 0x10) == "nonsense",
            lib.tag.Tag(0x10, 0x10) < (0x10, 0x20),
            lib.tag.Tag(0x10, 0x10) >= 0x00100010,
            lib.tag.Tag(0x10, 0x10) != 0x00100011,
            hash(lib.tag.Tag(0x10, 0x10)) == hash(0x00100010),
        ],
    ),
    "compare-bad": (TypeError, lambda lib: lib.tag.Tag(0x10, 0x10) < "nonsense"),
    "tuple-tag": (OK, lambda lib: lib.tag.TupleTag((0x7FE0, 0x10))),
}


@pytest.mark.parametrize("name", sorted(TAG_SCENARIOS))
def test_tags(name):
    expect, scenario = TAG_SCENARIOS[name]
    assert_same(scenario, expect)


def _ds(lib):
    ds = lib.Dataset()
    ds.PatientName = "Doe^John"
    ds.PatientID = "123"
    ds.Rows = 4
    ds.ReferencedImageSequence = [lib.Dataset()]
    return ds


DATASET_SCENARIOS = {
    "get-keyword": (OK, lambda lib: _ds(lib).get("PatientName")),
    "get-missing-keyword": (OK, lambda lib: _ds(lib).get("PatientSex", "default")),
    "get-tag": (OK, lambda lib: _ds(lib).get(0x00100020)),
    "get-missing-tag": (OK, lambda lib: _ds(lib).get((0x10, 0x40), 7)),
    "get-bad": (TypeError, lambda lib: _ds(lib).get(1.5j)),
    "get-attribute": (OK, lambda lib: _ds(lib).get("indent_chars")),
    "getitem-keyword": (OK, lambda lib: _ds(lib)["PatientID"]),
    "getitem-missing": (KeyError, lambda lib: _ds(lib)[0x00100040]),
    "getitem-bad": (KeyError, lambda lib: _ds(lib)["NotAKeyword"]),
    "getitem-tuple": (OK, lambda lib: _ds(lib)[0x10, 0x20]),
    "contains": (OK, lambda lib: ["PatientName" in _ds(lib), (0x10, 0x40) in _ds(lib), 0x00280010 in _ds(lib)]),
    "contains-bad-key": (OK, lambda lib: "NotAKeyword" in _ds(lib)),
    "contains-overflow": (OK, lambda lib: (0x10000, 0x10) in _ds(lib)),
    "missing-attribute": (AttributeError, lambda lib: _ds(lib).PatientSex),
    "missing-other-attribute": (AttributeError, lambda lib: _ds(lib).not_there),
    "camel-case": (OK, lambda lib: setattr(_ds(lib), "PatientNme", "x")),
    "lower-case-attribute": (OK, lambda lib: setattr(_ds(lib), "my_value", "x")),
    "repeater-keyword": (ValueError, lambda lib: setattr(_ds(lib), "OverlayData", b"\x00")),
    "delattr": (OK, lambda lib: (lambda d: (delattr(d, "PatientID"), "PatientID" in d))(_ds(lib))),
    "delattr-missing": (AttributeError, lambda lib: delattr(_ds(lib), "PatientSex")),
    "delitem-missing": (KeyError, lambda lib: _ds(lib).__delitem__(0x00100040)),
    "pop": (OK, lambda lib: (lambda d: (d.pop("PatientID"), len(d)))(_ds(lib))),
    "pop-default": (OK, lambda lib: _ds(lib).pop(0x00100040, "none")),
    "pop-missing": (KeyError, lambda lib: _ds(lib).pop(0x00100040)),
    "setdefault-new": (OK, lambda lib: _ds(lib).setdefault((0x0010, 0x0040), "F")),
    "setdefault-existing": (OK, lambda lib: _ds(lib).setdefault("PatientID", "x")),
    "setdefault-unknown": (OK, lambda lib: _ds(lib).setdefault(0x00100002, "x")),
    "setdefault-private": (OK, lambda lib: _ds(lib).setdefault(0x00090002, b"x")),
    "update": (
        OK,
        lambda lib: (
            lambda d: (d.update({"PatientSex": "M", 0x00100030: lib.DataElement(0x00100030, "DA", "20000101")}), str(d))
        )(_ds(lib)),
    ),
    "setitem-mismatch": (
        ValueError,
        lambda lib: _ds(lib).__setitem__(0x00100010, lib.DataElement(0x00100020, "LO", "x")),
    ),
    "setitem-not-element": (TypeError, lambda lib: _ds(lib).__setitem__(0x00100010, "x")),
    "setitem-bad-key": (
        ValueError,
        lambda lib: _ds(lib).__setitem__("nonsense", lib.DataElement(0x00100020, "LO", "x")),
    ),
    "setitem-slice": (NotImplementedError, lambda lib: _ds(lib).__setitem__(slice(0, 1), None)),
    "data-element": (OK, lambda lib: [_ds(lib).data_element("PatientID"), _ds(lib).data_element("nonsense")]),
    "data-element-missing": (KeyError, lambda lib: _ds(lib).data_element("PatientSex")),
    "eq": (OK, lambda lib: [_ds(lib) == _ds(lib), _ds(lib) == lib.Dataset(), _ds(lib) != _ds(lib), _ds(lib) == 3]),
    "len-iter": (OK, lambda lib: (len(_ds(lib)), [e.keyword for e in _ds(lib)])),
    "popitem": (OK, lambda lib: _ds(lib).popitem()),
    "clear": (OK, lambda lib: (lambda d: (d.clear(), len(d)))(_ds(lib))),
    "keys-items-values": (
        OK,
        lambda lib: (list(_ds(lib).keys()), [k for k, v in _ds(lib).items()], len(_ds(lib).values())),
    ),
    "private-block-even": (ValueError, lambda lib: _ds(lib).private_block(0x0010, "X", create=True)),
    "private-block-empty": (ValueError, lambda lib: _ds(lib).private_block(0x0011, "", create=True)),
    "private-block-missing": (KeyError, lambda lib: _ds(lib).private_block(0x0011, "X")),
    "private-creators-even": (ValueError, lambda lib: _ds(lib).private_creators(0x0010)),
    "private-offset-big": (ValueError, lambda lib: _ds(lib).private_block(0x0011, "X", create=True).get_tag(0x100)),
    "add-new-private-unknown": (KeyError, lambda lib: _ds(lib).add_new_private("UNKNOWN", 0x0011, 0x01, "x")),
    "encoding-props": (
        OK,
        lambda lib: (
            _ds(lib).is_little_endian,
            _ds(lib).is_implicit_VR,
            _ds(lib).original_encoding,
            _ds(lib).is_original_encoding,
            _ds(lib).original_character_set,
        ),
    ),
    "set-is-little-endian": (OK, lambda lib: setattr(_ds(lib), "is_little_endian", True)),
    "set-is-implicit": (OK, lambda lib: setattr(_ds(lib), "is_implicit_VR", False)),
    "read-encoding": (OK, lambda lib: _ds(lib).read_encoding),
    "read-implicit": (OK, lambda lib: _ds(lib).read_implicit_vr),
    "set-original-encoding": (
        OK,
        lambda lib: (
            lambda d: (d.set_original_encoding(True, True, ["latin_1"]), d.original_encoding, d.original_character_set)
        )(_ds(lib)),
    ),
    "character-set": (
        OK,
        lambda lib: (lambda d: (setattr(d, "SpecificCharacterSet", "ISO_IR 100"), d._character_set))(_ds(lib)),
    ),
    "character-set-fixup": (
        OK,
        lambda lib: (lambda d: (setattr(d, "SpecificCharacterSet", "ISO IR 100"), d._character_set))(_ds(lib)),
    ),
    "ensure-file-meta": (
        OK,
        lambda lib: (lambda d: (d.ensure_file_meta(), type(d.file_meta).__name__, len(d.file_meta)))(_ds(lib)),
    ),
    "file-meta-wrong-type": (TypeError, lambda lib: setattr(_ds(lib), "file_meta", 5)),
    "file-meta-from-dataset": (
        OK,
        lambda lib: (lambda d: (setattr(d, "file_meta", lib.Dataset()), type(d.file_meta).__name__))(_ds(lib)),
    ),
    "file-meta-bad-group": (
        ValueError,
        lambda lib: lib.dataset.FileMetaDataset({0x00100010: lib.DataElement(0x00100010, "PN", "x")}),
    ),
    "file-meta-setitem-bad": (
        ValueError,
        lambda lib: lib.dataset.FileMetaDataset().__setitem__(0x00100010, lib.DataElement(0x00100010, "PN", "x")),
    ),
    "file-meta-bad-arg": (TypeError, lambda lib: lib.dataset.FileMetaDataset([1])),
    "file-meta-tsyntax": (
        OK,
        lambda lib: (lambda m: (setattr(m, "TransferSyntaxUID", "1.2.840.10008.1.2.2"), m._tsyntax_encoding))(
            lib.dataset.FileMetaDataset()
        ),
    ),
    "validate-file-meta": (AttributeError, lambda lib: lib.dataset.validate_file_meta(lib.dataset.FileMetaDataset())),
    "sequence-of-non-datasets": (TypeError, lambda lib: setattr(_ds(lib), "ReferencedImageSequence", [1, 2])),
    "sequence-from-dataset": (TypeError, lambda lib: lib.Sequence(lib.Dataset())),
    "sequence-repr": (OK, lambda lib: (repr(_ds(lib).ReferencedImageSequence), str(lib.Sequence()))),
    "sequence-ops": (
        OK,
        lambda lib: (
            lambda s: (s.append(lib.Dataset()), s.extend([lib.Dataset()]), s.insert(0, lib.Dataset()), len(s))
        )(_ds(lib).ReferencedImageSequence),
    ),
    "sequence-extend-dataset": (TypeError, lambda lib: _ds(lib).ReferencedImageSequence.extend(lib.Dataset())),
    "sequence-setitem-slice-dataset": (
        TypeError,
        lambda lib: _ds(lib).ReferencedImageSequence.__setitem__(slice(0, 1), lib.Dataset()),
    ),
    "dataset-from-dict": (OK, lambda lib: str(lib.Dataset({0x00100010: lib.DataElement(0x00100010, "PN", "A")}))),
    "dataset-context": (OK, lambda lib: (lambda d: [d.__enter__() is d, d.__exit__(None, None, None)])(_ds(lib))),
    "trait-names": (OK, lambda lib: [n for n in _ds(lib).trait_names() if n[0].isupper()]),
}


@pytest.mark.parametrize("name", sorted(DATASET_SCENARIOS))
def test_datasets(name):
    expect, scenario = DATASET_SCENARIOS[name]
    assert_same(scenario, expect)


ELEMENT_SCENARIOS = {
    "vm-and-empty": (
        OK,
        lambda lib: [
            (e.VM, e.is_empty, repr(e.empty_value))
            for e in (
                lib.DataElement(0x00100010, "PN", ""),
                lib.DataElement(0x00280010, "US", None),
                lib.DataElement(0x00200032, "DS", "1\\2\\3"),
                lib.DataElement(0x00082218, "SQ", []),
                lib.DataElement(0x7FE00010, "OB", b""),
            )
        ],
    ),
    "clear": (OK, lambda lib: (lambda e: (e.clear(), repr(e.value)))(lib.DataElement(0x00100010, "PN", "A^B"))),
    "keyword-tag-string": (OK, lambda lib: lib.DataElement("PatientName", "PN", "A^B")),
    "un-to-known-vr": (OK, lambda lib: lib.DataElement(0x00100010, "UN", b"A^B").VR),
    "un-private-kept": (OK, lambda lib: lib.DataElement(0x00090010, "UN", b"X").VR),
    "eq": (
        OK,
        lambda lib: [
            lib.DataElement(0x00100010, "PN", "A") == lib.DataElement(0x00100010, "PN", "A"),
            lib.DataElement(0x00100010, "PN", "A") == lib.DataElement(0x00100010, "LO", "A"),
            lib.DataElement(0x00100010, "PN", "A") != lib.DataElement(0x00100010, "PN", "B"),
            lib.DataElement(0x00100010, "PN", "A") == "A",
        ],
    ),
    "getitem-sequence": (OK, lambda lib: lib.DataElement(0x00082218, "SQ", [lib.Dataset()])[0]),
    "getitem-unscriptable": (TypeError, lambda lib: lib.DataElement(0x00280010, "US", 1)[0]),
    "wrong-type-warns": (OK, lambda lib: lib.DataElement(0x00280010, "US", "x").value),
    "out-of-range-warns": (OK, lambda lib: lib.DataElement(0x00280010, "US", 70000).value),
    "too-long-warns": (OK, lambda lib: lib.DataElement(0x00080050, "SH", "x" * 17).value),
    "bad-cs-warns": (OK, lambda lib: lib.DataElement(0x00080060, "CS", "mr").value),
    "bad-ui-warns": (OK, lambda lib: lib.DataElement(0x00080018, "UI", "1.02.3").value),
    "bad-da-warns": (OK, lambda lib: lib.DataElement(0x00080020, "DA", "2024-01-01").value),
    "bad-ds-warns": (ValueError, lambda lib: lib.DataElement(0x00101030, "DS", "abc").value),
    "bad-is-warns": (OK, lambda lib: lib.DataElement(0x00200011, "IS", "1.5").value),
    "bytes-for-fd": (OK, lambda lib: lib.DataElement(0x00189333, "FD", b"x").value),
    "int-for-ob": (OK, lambda lib: lib.DataElement(0x7FE00010, "OB", 5).value),
    "pn-too-many-groups": (OK, lambda lib: lib.DataElement(0x00100010, "PN", "a=b=c=d").value),
    "pn-too-long": (OK, lambda lib: lib.DataElement(0x00100010, "PN", "x" * 65).value),
    "at-conversion": (
        OK,
        lambda lib: [lib.DataElement(0x00209165, "AT", v).value for v in (0, 0x00100010, (0x10, 0x20), "PatientName")],
    ),
    "at-bad": (ValueError, lambda lib: lib.DataElement(0x00209165, "AT", "nonsense").value),
    "ss-bytes-length": (OK, lambda lib: lib.DataElement(0x00280106, "SS", b"abc").value),
    "lut-descriptor": (OK, lambda lib: lib.DataElement(0x00281101, "US or SS", [256, -100, 16]).value),
    "pixel-data-bytes": (OK, lambda lib: lib.DataElement(0x7FE00010, "OW", b"\x00" * 2000).repval),
    "multivalue-str": (
        OK,
        lambda lib: [
            str(lib.DataElement(0x00080008, "CS", "A\\B").value),
            str(lib.multival.MultiValue(str, [])),
        ],
    ),
    "multivalue-ops": (
        OK,
        lambda lib: (
            lambda m: (
                m.append("3"),
                m.insert(0, "0"),
                m.sort(),
                m.extend(["9"]),
                str(m),
                m == ["0", "1", "2", "3", "9"],
                m[1:3],
            )
        )(lib.DataElement(0x00200032, "DS", ["1", "2"]).value),
    ),
    "showvr-off": (
        OK,
        lambda lib: (lambda e: (setattr(e, "showVR", False), str(e)))(lib.DataElement(0x00100010, "PN", "A")),
    ),
    "raw-data-element": (
        OK,
        lambda lib: lib.dataelem.RawDataElement(lib.tag.Tag(0x00100010), "PN", 4, b"A^B ", 0, False, True),
    ),
    "empty-value-for-vr": (
        OK,
        lambda lib: [lib.dataelem.empty_value_for_VR(vr) for vr in ("SQ", "PN", "LO", "DS", "US", "OB", None)],
    ),
    "empty-value-raw": (
        OK,
        lambda lib: [lib.dataelem.empty_value_for_VR(vr, raw=True) for vr in ("SQ", "PN", "LO", "US")],
    ),
}


@pytest.mark.parametrize("name", sorted(ELEMENT_SCENARIOS))
def test_elements(name):
    expect, scenario = ELEMENT_SCENARIOS[name]
    assert_same(scenario, expect)


@pytest.mark.parametrize("mode", ["IGNORE", "WARN", "RAISE"])
@pytest.mark.parametrize(
    "vr,value",
    [
        ("US", -1),
        ("SH", "x" * 20),
        ("CS", "lower"),
        ("UI", "1..2"),
        ("DS", "1e400x"),
        ("IS", "12345678901234"),
        ("DA", "20241301"),
        ("TM", "256000"),
        ("AS", "12Y"),
        ("PN", "=" * 4),
        ("FL", "1.0"),
        ("OB", "text"),
    ],
)
def test_validation_modes(mode, vr, value):
    tags = {"US": 0x00280010, "SH": 0x00080050, "CS": 0x00080060, "UI": 0x00080018, "DS": 0x00101030,
            "IS": 0x00200011, "DA": 0x00080020, "TM": 0x00080030, "AS": 0x00101010, "PN": 0x00100010,
            "FL": 0x00660016, "OB": 0x7FE00010}  # fmt: skip

    def scenario(lib):
        lib.config.settings.reading_validation_mode = getattr(lib.config, mode)
        try:
            return lib.DataElement(tags[vr], vr, value).value
        finally:
            lib.config.settings.reading_validation_mode = None

    # A value invalid for its VR raises in RAISE mode; "1e400x" is no number in any mode.
    assert_same(scenario, ValueError if mode == "RAISE" or vr == "DS" else OK)


def test_unknown_keyword_modes():
    for behavior in ("WARN", "RAISE", "IGNORE"):

        def scenario(lib, behavior=behavior):
            lib.config.INVALID_KEYWORD_BEHAVIOR = behavior
            try:
                ds = lib.Dataset()
                ds.PatientNme = "x"
                return ds.PatientNme
            finally:
                lib.config.INVALID_KEYWORD_BEHAVIOR = "WARN"

        assert_same(scenario, ValueError if behavior == "RAISE" else OK)


def test_invalid_key_modes():
    for behavior in ("WARN", "RAISE", "IGNORE"):

        def scenario(lib, behavior=behavior):
            lib.config.INVALID_KEY_BEHAVIOR = behavior
            try:
                return "NotAKeyword" in lib.Dataset()
            finally:
                lib.config.INVALID_KEY_BEHAVIOR = "WARN"

        assert_same(scenario, ValueError if behavior == "RAISE" else OK)
