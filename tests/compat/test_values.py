"""Value types compared with pydicom: PersonName, DS (float and Decimal), IS,
DA/DT/TM, format_number_as_ds, validation helpers, UIDs and generate_uid."""

import datetime
import pickle
from decimal import Decimal

import pytest

from .outcome import OK, assert_same

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

    assert_same(scenario, OK)


@pytest.mark.parametrize(
    "kwargs,expect",
    [
        ({"family_name": "Doe", "given_name": "John"}, OK),
        ({"family_name": "Yamada", "family_name_ideographic": "山田", "encodings": ["latin_1", "iso2022_jp"]}, OK),
        ({"family_name": "A=B"}, ValueError),  # a component may not hold the group separator
        ({"given_name": b"Bytes"}, OK),
    ],
)
def test_person_name_from_named_components(kwargs, expect):
    assert_same(lambda lib: str(lib.valuerep.PersonName.from_named_components(**kwargs)), expect)
    assert_same(lambda lib: lib.valuerep.PersonName.from_named_components_veterinary("Owner", "Rex").components, OK)


@pytest.mark.parametrize(
    "value,expect",
    [("1.5", OK), (" 2.25 ", OK), ("1e3", OK), ("-0.0", OK), ("12345678901234567", OK), (1.0 / 3, OK), (2.5, OK),
     (10, OK), ("abc", ValueError), ("", OK)],
)  # fmt: skip
@pytest.mark.parametrize("auto_format", [False, True])
def test_decimal_strings(value, expect, auto_format):
    def scenario(lib):
        ds = lib.valuerep.DS(value, auto_format)
        return (type(ds).__name__, str(ds), repr(ds), ds == value if isinstance(value, str) else ds == float(value))

    assert_same(scenario, expect)


@pytest.mark.parametrize("value", ["1.5", "3.25", Decimal("1.10"), 7])
def test_decimal_strings_as_decimal(value):
    def scenario(lib):
        lib.config.DS_decimal(True)
        try:
            ds = lib.valuerep.DS(value)
            return type(ds).__name__, str(ds), repr(ds)
        finally:
            lib.config.DS_decimal(False)

    assert_same(scenario, OK)


@pytest.mark.parametrize(
    "value,expect",
    [(1.0 / 3, OK), (123456789.123456789, OK), (-1e-10, OK), (1e20, OK), (float("inf"), ValueError),
     (Decimal("0.1"), OK), (5, TypeError)],
)  # fmt: skip
def test_format_number_as_ds(value, expect):
    assert_same(lambda lib: lib.valuerep.format_number_as_ds(value), expect)


@pytest.mark.parametrize(
    "value,expect",
    [("12", OK), (" -7 ", OK), ("1.5", OK), ("1.0", OK), (3.0, OK), (2.5, OK), ("abc", ValueError), ("", OK),
     ("99999999999", OK), (2**40, OK)],
)  # fmt: skip
def test_integer_strings(value, expect):
    def scenario(lib):
        v = lib.valuerep.IS(value)
        return type(v).__name__, str(v), repr(v)

    assert_same(scenario, expect)


@pytest.mark.parametrize(
    "cls,value,expect",
    [
        ("DA", "20240131", OK), ("DA", "2024.01.31", OK), ("DA", "", OK), ("DA", "2024013", ValueError),
        ("DA", datetime.date(2020, 2, 29), OK),
        ("DT", "20240131101010.123456+0100", OK), ("DT", "2024", OK), ("DT", "20240131101060", OK),
        ("DT", "garbage", ValueError),
        ("DT", datetime.datetime(2020, 1, 2, 3, 4, 5, 6, datetime.timezone(datetime.timedelta(hours=-5))), OK),
        ("TM", "101010.5", OK), ("TM", "10", OK), ("TM", "235960", OK), ("TM", "9", ValueError),
        ("TM", datetime.time(1, 2, 3, 400), OK),
    ],
)  # fmt: skip
def test_dates_and_times(cls, value, expect):
    def scenario(lib):
        v = getattr(lib.valuerep, cls)(value)
        return None if v is None else (str(v), repr(v), v.isoformat(), pickle.loads(pickle.dumps(v)) == v)

    assert_same(scenario, expect)


@pytest.mark.parametrize(
    "func,args,expect",
    [
        ("is_valid_ds", ("1.5",), OK), ("is_valid_ds", ("1.5.5",), OK),
        ("validate_value", ("CS", "lower", 2), ValueError), ("validate_value", ("US", 5, 1), OK),
        ("validate_value", ("AE", "x" * 17, 1), OK), ("validate_value", ("UR", "a b", 2), ValueError),
    ],
)  # fmt: skip
def test_validation_helpers(func, args, expect):
    assert_same(lambda lib: getattr(lib.valuerep, func)(*args), expect)


def test_uid_generation():
    def scenario(lib):
        made = lib.uid.generate_uid()
        fixed = lib.uid.generate_uid(entropy_srcs=["a", "b"])
        uuid_based = lib.uid.generate_uid(prefix=None)
        return (
            made.startswith(lib.uid.PYDICOM_ROOT_UID), made.is_valid, len(made) <= 64,
            fixed, uuid_based.startswith("2.25."), lib.uid.generate_uid("1.2.3.", ["x"]),
        )  # fmt: skip

    assert_same(scenario, OK)
    assert_same(lambda lib: lib.uid.generate_uid("1.2.3"), ValueError)  # a prefix ends with "."
    assert_same(lambda lib: lib.uid.generate_uid("1." * 30), ValueError)  # too long


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

    assert_same(scenario, OK)


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

    assert_same(scenario, OK)
    # Neither the encoding nor a dataset to take it from.
    assert_same(lambda lib: lib.uid.register_transfer_syntax("1.2.3.4.6"), ValueError)
