"""Value types compared with pydicom: PersonName, DS (float and Decimal), IS,
DA/DT/TM, format_number_as_ds, validation helpers, UIDs and generate_uid."""

import datetime
import pickle
from decimal import Decimal

import pytest

from .outcome import assert_same

NAMES = ["Doe^John^M^Dr^Jr", "Yamada^Tarou=山田^太郎=やまだ^たろう", "", "A^B==", "=Ideo", "Single"]


@pytest.mark.parametrize("text", NAMES)
def test_person_names(text):
    def scenario(lib):
        pn = lib.valuerep.PersonName(text)
        return (
            str(pn), repr(pn), pn.components, pn.family_name, pn.given_name, pn.middle_name,
            pn.name_prefix, pn.name_suffix, pn.alphabetic, pn.ideographic, pn.phonetic,
            pn.family_comma_given(), pn.formatted("%(family_name)s, %(given_name)s"),
            bool(pn), len(pn), "Doe" in pn, pn == text, hash(pn) == hash(lib.valuerep.PersonName(text)),
            pn.encode(), pickle.loads(pickle.dumps(pn)) == pn,
        )  # fmt: skip

    assert_same(scenario)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"family_name": "Doe", "given_name": "John"},
        {"family_name": "Yamada", "family_name_ideographic": "山田", "encodings": ["latin_1", "iso2022_jp"]},
        {"family_name": "A=B"},
        {"given_name": b"Bytes"},
    ],
)
def test_person_name_from_named_components(kwargs):
    assert_same(lambda lib: str(lib.valuerep.PersonName.from_named_components(**kwargs)))
    assert_same(lambda lib: lib.valuerep.PersonName.from_named_components_veterinary("Owner", "Rex").components)


@pytest.mark.parametrize("value", ["1.5", " 2.25 ", "1e3", "-0.0", "12345678901234567", 1.0 / 3, 2.5, 10, "abc", ""])
@pytest.mark.parametrize("auto_format", [False, True])
def test_decimal_strings(value, auto_format):
    def scenario(lib):
        ds = lib.valuerep.DS(value, auto_format)
        return (type(ds).__name__, str(ds), repr(ds), ds == value if isinstance(value, str) else ds == float(value))

    assert_same(scenario)


@pytest.mark.parametrize("value", ["1.5", "3.25", Decimal("1.10"), 7])
def test_decimal_strings_as_decimal(value):
    def scenario(lib):
        lib.config.DS_decimal(True)
        try:
            ds = lib.valuerep.DS(value)
            return type(ds).__name__, str(ds), repr(ds)
        finally:
            lib.config.DS_decimal(False)

    assert_same(scenario)


@pytest.mark.parametrize("value", [1.0 / 3, 123456789.123456789, -1e-10, 1e20, float("inf"), Decimal("0.1"), 5])
def test_format_number_as_ds(value):
    assert_same(lambda lib: lib.valuerep.format_number_as_ds(value))


@pytest.mark.parametrize("value", ["12", " -7 ", "1.5", "1.0", 3.0, 2.5, "abc", "", "99999999999", 2**40])
def test_integer_strings(value):
    def scenario(lib):
        v = lib.valuerep.IS(value)
        return type(v).__name__, str(v), repr(v)

    assert_same(scenario)


@pytest.mark.parametrize(
    "cls,value",
    [
        ("DA", "20240131"), ("DA", "2024.01.31"), ("DA", ""), ("DA", "2024013"), ("DA", datetime.date(2020, 2, 29)),
        ("DT", "20240131101010.123456+0100"), ("DT", "2024"), ("DT", "20240131101060"), ("DT", "garbage"),
        ("DT", datetime.datetime(2020, 1, 2, 3, 4, 5, 6, datetime.timezone(datetime.timedelta(hours=-5)))),
        ("TM", "101010.5"), ("TM", "10"), ("TM", "235960"), ("TM", "9"), ("TM", datetime.time(1, 2, 3, 400)),
    ],
)  # fmt: skip
def test_dates_and_times(cls, value):
    def scenario(lib):
        v = getattr(lib.valuerep, cls)(value)
        return None if v is None else (str(v), repr(v), v.isoformat(), pickle.loads(pickle.dumps(v)) == v)

    assert_same(scenario)


@pytest.mark.parametrize(
    "func,args",
    [
        ("is_valid_ds", ("1.5",)), ("is_valid_ds", ("1.5.5",)), ("validate_value", ("CS", "lower", 2)),
        ("validate_value", ("US", 5, 1)), ("validate_value", ("AE", "x" * 17, 1)), ("validate_value", ("UR", "a b", 2)),
    ],
)  # fmt: skip
def test_validation_helpers(func, args):
    assert_same(lambda lib: getattr(lib.valuerep, func)(*args))


def test_uid_generation():
    def scenario(lib):
        made = lib.uid.generate_uid()
        fixed = lib.uid.generate_uid(entropy_srcs=["a", "b"])
        uuid_based = lib.uid.generate_uid(prefix=None)
        return (
            made.startswith(lib.uid.PYDICOM_ROOT_UID), made.is_valid, len(made) <= 64,
            fixed, uuid_based.startswith("2.25."), lib.uid.generate_uid("1.2.3.", ["x"]),
        )  # fmt: skip

    assert_same(scenario)
    assert_same(lambda lib: lib.uid.generate_uid("1.2.3"))
    assert_same(lambda lib: lib.uid.generate_uid("1." * 30))


@pytest.mark.parametrize("value", ["1.2.840.10008.1.2.4.50", "1.2.3", "1.02", "a.b", "1.2.840.10008.5.1.4.1.1.2"])
def test_uid_properties(value):
    def scenario(lib):
        u = lib.uid.UID(value)
        props = {}
        for name in ("name", "keyword", "type", "info", "is_private", "is_valid", "is_retired", "is_transfer_syntax"):
            props[name] = getattr(u, name)
        for name in ("is_compressed", "is_little_endian", "is_implicit_VR", "is_deflated", "is_encapsulated"):
            try:
                props[name] = getattr(u, name)
            except ValueError as exc:
                props[name] = str(exc)
        return props

    assert_same(scenario)


def test_private_transfer_syntax_registration():
    def scenario(lib):
        uid = lib.uid.register_transfer_syntax("1.2.3.4.5", implicit_vr=False, little_endian=False)
        try:
            return (
                uid.is_transfer_syntax,
                uid.is_implicit_VR,
                uid.is_little_endian,
                uid in lib.uid.PrivateTransferSyntaxes,
            )
        finally:
            lib.uid.PrivateTransferSyntaxes.clear()

    assert_same(scenario)
    assert_same(lambda lib: lib.uid.register_transfer_syntax("1.2.3.4.6"))
