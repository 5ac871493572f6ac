"""Value representations: the VR enum and sets, value validation, and the value
types pydicom users work with (PersonName, DSfloat, DSdecimal, IS, DA, DT, TM).
"""

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from enum import Enum, unique
from math import floor, isfinite, log10
from typing import Any, Optional

from rapidicom import config
from rapidicom.misc import warn_and_log

default_encoding = "iso8859"

TEXT_VR_DELIMS = {0x0D, 0x0A, 0x09, 0x0C}
PN_DELIMS = {0x5E}

MAX_VALUE_LEN = {
    "AE": 16,
    "CS": 16,
    "DS": 16,
    "IS": 12,
    "LO": 64,
    "LT": 10240,
    "SH": 16,
    "ST": 1024,
    "UI": 64,
}


def _range_regex(regex: str) -> str:
    """A value, or a range of two (either end may be missing): PS3.5 6.2 DA/DT/TM."""
    return rf"^{regex}$|^\-{regex} ?$|^{regex}\- ?$|^{regex}\-{regex} ?$"


VR_REGEXES = {
    "AE": r"^[\x20-\x7e]*$",
    "AS": r"^\d\d\d[DWMY]$",
    "CS": r"^[A-Z0-9 _]*$",
    "DS": r"^ *[+\-]?(\d+|\d+\.\d*|\.\d+)([eE][+\-]?\d+)? *$",
    "IS": r"^ *[+\-]?\d+ *$",
    "DA": _range_regex(r"\d{4}(0[1-9]|1[0-2])([0-2]\d|3[01])"),
    "DT": _range_regex(
        r"\d{4}((0[1-9]|1[0-2])(([0-2]\d|3[01])(([01]\d|2[0-3])"
        r"([0-5]\d((60|[0-5]\d)(\.\d{1,6} ?)?)?)?)?)?)?([+-][01]\d\d\d)?"
    ),
    "TM": _range_regex(r"([01]\d|2[0-3])([0-5]\d((60|[0-5]\d)(\.\d{1,6} ?)?)?)?"),
    "UI": r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$",
    "UR": r"^[A-Za-z_\d:/?#\[\]@!$&'()*+,;=%\-.~]* *$",
}


class _LazyRegexes(dict):  # type: ignore[type-arg]
    """Compiles each VR's pattern on first use (keeps `import rapidicom` fast)."""

    def __init__(self, as_bytes: bool) -> None:
        super().__init__()
        self._as_bytes = as_bytes

    def __missing__(self, vr: str) -> "re.Pattern[Any]":
        pattern = VR_REGEXES[vr]
        compiled = re.compile(pattern.encode() if self._as_bytes else pattern)
        self[vr] = compiled
        return compiled


STR_VR_REGEXES: dict[str, "re.Pattern[str]"] = _LazyRegexes(False)
BYTE_VR_REGEXES: dict[str, "re.Pattern[bytes]"] = _LazyRegexes(True)

ValidationResult = tuple[bool, str]


def validate_type(vr: str, value: Any, types: type | tuple[type, ...]) -> ValidationResult:
    if value is not None and not isinstance(value, types):
        return False, (f"A value of type '{type(value).__name__}' cannot be assigned to a tag with VR {vr}.")
    return True, ""


def validate_vr_length(vr: str, value: Any) -> ValidationResult:
    max_length = MAX_VALUE_LEN.get(vr, 0)
    if max_length > 0 and len(value) > max_length:
        return False, (
            f"The value length ({len(value)}) exceeds the maximum length of {max_length} allowed for VR {vr}."
        )
    return True, ""


def validate_type_and_length(vr: str, value: Any) -> ValidationResult:
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_vr_length(vr, value)


def validate_regex(vr: str, value: Any) -> ValidationResult:
    if value:
        if isinstance(value, str):
            regex: Any = STR_VR_REGEXES[vr]
            newline: str | int = "\n"
        else:
            regex = BYTE_VR_REGEXES[vr]
            newline = 10
        if not regex.match(value) or value[-1] == newline:
            return False, f"Invalid value for VR {vr}: {value!r}."
    return True, ""


def validate_type_and_regex(vr: str, value: Any) -> ValidationResult:
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_regex(vr, value)


def validate_date_time(vr: str, value: Any, date_time_type: type) -> ValidationResult:
    if value and isinstance(value, date_time_type):
        return True, ""
    return validate_type_and_regex(vr, value)


def validate_length_and_type_and_regex(vr: str, value: Any) -> ValidationResult:
    if isinstance(value, str) and len(value) <= MAX_VALUE_LEN.get(vr, len(value)):
        # The common, valid case without building any message.
        if not value or (STR_VR_REGEXES[vr].match(value) and value[-1] != "\n"):
            return True, ""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    is_valid_len, msg1 = validate_vr_length(vr, value)
    is_valid_expr, msg2 = validate_regex(vr, value)
    msg = " ".join([msg1, msg2]).strip()
    if msg:
        msg += (
            " Please see <https://dicom.nema.org/medical/dicom/current/output"
            "/html/part05.html#table_6.2-1> for allowed values for each VR."
        )
    return is_valid_len and is_valid_expr, msg


def validate_pn_component_length(vr: str, value: Any) -> ValidationResult:
    if len(value) > 64:
        return False, (f"The PN component length ({len(value)}) exceeds the maximum allowed length of 64.")
    return True, ""


def validate_pn(vr: str, value: Any) -> ValidationResult:
    if not value or isinstance(value, PersonName):
        return True, ""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    components = value.split(b"=" if isinstance(value, bytes) else "=")
    if len(components) > 3:
        return False, (
            f"The number of PN components length ({len(components)}) exceeds the maximum allowed number of 3."
        )
    for comp in components:
        valid, msg = validate_pn_component_length("PN", comp)
        if not valid:
            return False, msg
    return True, ""


def validate_pn_component(value: str | bytes) -> None:
    validate_value("PN", value, config.settings.writing_validation_mode, validate_pn_component_length)


VALUE_LENGTH = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "UV": 8, "SV": 8, "FL": 4, "FD": 8}


def validate_number(vr: str, value: Any, min_value: int, max_value: int) -> ValidationResult:
    valid, msg = validate_type(vr, value, (int, bytes))
    if not valid:
        return valid, msg
    if isinstance(value, int):
        if value < min_value or value > max_value:
            return False, (
                f"Invalid value: a value for a tag with VR {vr} must be between {min_value} and {max_value}."
            )
    elif len(value) % VALUE_LENGTH[vr]:
        return False, (
            f"Invalid value length {len(value)}: the value length for a tag "
            f"with VR {vr} must be a multiple of {VALUE_LENGTH[vr]}."
        )
    return True, ""


def _types(*types: type) -> Callable[[str, Any], ValidationResult]:
    return lambda vr, value: validate_type(vr, value, types)


def _number_range(low: int, high: int) -> Callable[[str, Any], ValidationResult]:
    return lambda vr, value: validate_number(vr, value, low, high)


VALIDATORS: dict[str, Callable[[str, Any], ValidationResult]] = {
    "AE": validate_length_and_type_and_regex,
    "AS": validate_type_and_regex,
    "CS": validate_length_and_type_and_regex,
    "DA": lambda vr, value: validate_date_time(vr, value, datetime.date),
    "DS": validate_length_and_type_and_regex,
    "DT": lambda vr, value: validate_date_time(vr, value, datetime.datetime),
    "FD": _types(float, int),
    "FL": _types(float, int),
    "IS": validate_length_and_type_and_regex,
    "LO": validate_type_and_length,
    "LT": validate_type_and_length,
    "OB": _types(bytes, bytearray),
    "OD": _types(bytes, bytearray),
    "OF": _types(bytes, bytearray),
    "OL": _types(bytes, bytearray),
    "OW": _types(bytes, bytearray),
    "OV": _types(bytes, bytearray),
    "PN": validate_pn,
    "SH": validate_type_and_length,
    "SL": _number_range(-0x80000000, 0x7FFFFFFF),
    "SS": _number_range(-0x8000, 0x7FFF),
    "ST": validate_type_and_length,
    "SV": _number_range(-0x8000000000000000, 0x7FFFFFFFFFFFFFFF),
    "TM": lambda vr, value: validate_date_time(vr, value, datetime.time),
    "UI": validate_length_and_type_and_regex,
    "UL": _number_range(0, 0xFFFFFFFF),
    "US": _number_range(0, 0xFFFF),
    "UR": validate_type_and_regex,
    "UV": _number_range(0, 0xFFFFFFFFFFFFFFFF),
}


def validate_value(
    vr: str,
    value: Any,
    validation_mode: int,
    validator: Callable[[str, Any], ValidationResult] | None = None,
) -> None:
    """Check `value` against `vr`: nothing (IGNORE), a warning (WARN) or a
    ``ValueError`` (RAISE) when it is invalid."""
    if validation_mode == config.IGNORE or value is None:
        return
    validator = validator or VALIDATORS.get(vr)
    if validator is not None:
        is_valid, msg = validator(vr, value)
        if not is_valid:
            if validation_mode == config.RAISE:
                raise ValueError(msg)
            warn_and_log(msg)


@unique
class VR(str, Enum):
    """DICOM Value Representations, including the ambiguous dictionary forms."""

    AE = "AE"
    AS = "AS"
    AT = "AT"
    CS = "CS"
    DA = "DA"
    DS = "DS"
    DT = "DT"
    FD = "FD"
    FL = "FL"
    IS = "IS"
    LO = "LO"
    LT = "LT"
    OB = "OB"
    OD = "OD"
    OF = "OF"
    OL = "OL"
    OW = "OW"
    OV = "OV"
    PN = "PN"
    SH = "SH"
    SL = "SL"
    SQ = "SQ"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    TM = "TM"
    UC = "UC"
    UI = "UI"
    UL = "UL"
    UN = "UN"
    UR = "UR"
    US = "US"
    UT = "UT"
    UV = "UV"
    US_SS_OW = "US or SS or OW"
    US_SS = "US or SS"
    US_OW = "US or OW"
    OB_OW = "OB or OW"

    def __str__(self) -> str:
        return str.__str__(self)


AMBIGUOUS_VR = {VR.US_SS_OW, VR.US_SS, VR.US_OW, VR.OB_OW}
STANDARD_VR = set(VR) - AMBIGUOUS_VR
DEFAULT_CHARSET_VR = {VR.AE, VR.AS, VR.CS, VR.DA, VR.DS, VR.DT, VR.IS, VR.TM, VR.UI, VR.UR}
CUSTOMIZABLE_CHARSET_VR = {VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UT}
BYTES_VR = {VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.UN}
FLOAT_VR = {VR.DS, VR.FD, VR.FL}
INT_VR = {VR.AT, VR.IS, VR.SL, VR.SS, VR.SV, VR.UL, VR.US, VR.UV}
LIST_VR = {VR.SQ}
STR_VR = DEFAULT_CHARSET_VR | CUSTOMIZABLE_CHARSET_VR
ALLOW_BACKSLASH = {VR.LT, VR.ST, VR.UT, VR.US_SS_OW, VR.US_OW, VR.OB_OW} | BYTES_VR
LONG_VALUE_VR = {VR.LT, VR.UC, VR.UT} | BYTES_VR | AMBIGUOUS_VR
EXPLICIT_VR_LENGTH_16 = {
    VR.AE, VR.AS, VR.AT, VR.CS, VR.DA, VR.DS, VR.DT, VR.FL, VR.FD, VR.IS, VR.LO,
    VR.LT, VR.PN, VR.SH, VR.SL, VR.SS, VR.ST, VR.TM, VR.UI, VR.UL, VR.US,
}  # fmt: skip
EXPLICIT_VR_LENGTH_32 = STANDARD_VR - EXPLICIT_VR_LENGTH_16
BUFFERABLE_VRS = (BYTES_VR | {VR.OB_OW}) - {VR.UN}


class _DateTimeBase:
    """Keeps the DICOM string a date/time value was made from, for output."""

    original_string: str

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __reduce_ex__(self, protocol: int) -> tuple[Any, ...]:  # type: ignore[override]
        return super().__reduce_ex__(protocol) + (self.__getstate__(),)  # type: ignore[operator]

    def __str__(self) -> str:
        if hasattr(self, "original_string"):
            return self.original_string
        return super().__str__()

    def __repr__(self) -> str:
        return f'"{self}"'


class DA(_DateTimeBase, datetime.date):
    """A DICOM date (YYYYMMDD, or the old YYYY.MM.DD) as a :class:`datetime.date`."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["DA"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if val.strip() == "":
                return None
            if len(val) == 8:
                return super().__new__(cls, int(val[0:4]), int(val[4:6]), int(val[6:8]))
            if len(val) == 10 and val[4] == "." and val[7] == ".":
                return super().__new__(cls, int(val[0:4]), int(val[5:7]), int(val[8:10]))
        if isinstance(val, datetime.date):
            return super().__new__(cls, val.year, val.month, val.day)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DA' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, DA) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        elif isinstance(val, datetime.date):
            self.original_string = f"{val.year}{val.month:02}{val.day:02}"


class DT(_DateTimeBase, datetime.datetime):
    """A DICOM date-time (YYYYMMDDHHMMSS.FFFFFF&ZZXX) as a :class:`datetime.datetime`."""

    _regex_dt = re.compile(r"((\d{4,14})(\.(\d{1,6}))?)([+-]\d{4})?")

    @staticmethod
    def _utc_offset(value: str) -> datetime.timezone:
        minutes = int(value[1:3]) * 60 + int(value[3:5])
        offset = -minutes * 60 if value[0] == "-" else minutes * 60
        return datetime.timezone(datetime.timedelta(seconds=offset), name=value)

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["DT"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if val.strip() == "":
                return None
            match = cls._regex_dt.match(val)
            if not match or len(val) > 26:
                raise ValueError(f"Unable to convert non-conformant value '{val}' to 'DT' object")
            digits = match.group(2)

            def part(start: int, default: int) -> int:
                return default if len(digits) < start + 2 else int(digits[start : start + 2])

            year = int(digits[0:4])
            fields = {
                "hour": part(8, 0),
                "minute": part(10, 0),
                "second": part(12, 0),
                "microsecond": 0,
            }
            if len(digits) >= 14 and match.group(4):
                fields["microsecond"] = int(match.group(4).rstrip().ljust(6, "0"))
            tz = match.group(5)
            if fields["second"] == 60:
                warn_and_log(
                    "'datetime.datetime' doesn't allow a value of '60' for the seconds component, changing to '59'"
                )
                fields["second"] = 59
            return super().__new__(
                cls, year, part(4, 1), part(6, 1),
                tzinfo=cls._utc_offset(tz) if tz else None, **fields,
            )  # fmt: skip
        if isinstance(val, datetime.datetime):
            return super().__new__(cls, *val.timetuple()[:6], val.microsecond, val.tzinfo)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DT' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, DT) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        elif isinstance(val, datetime.datetime):
            text = f"{val.year:04}{val.month:02}{val.day:02}{val.hour:02}{val.minute:02}{val.second:02}"
            if val.microsecond > 0:
                text += f".{val.microsecond:06}"
            if val.tzinfo is not None:
                offset = val.tzinfo.utcoffset(val)
                if offset is not None:
                    minutes = offset.days * 24 * 60 + offset.seconds // 60
                    sign = "+" if minutes >= 0 else "-"
                    minutes = abs(minutes)
                    text += f"{sign}{minutes // 60:02}{minutes % 60:02}"
            self.original_string = text


class TM(_DateTimeBase, datetime.time):
    """A DICOM time (HHMMSS.FFFFFF) as a :class:`datetime.time`."""

    _RE_TIME = re.compile(
        r"(?P<h>^([01][0-9]|2[0-3]))"
        r"((?P<m>([0-5][0-9]))"
        r"((?P<s>([0-5][0-9]|60))"
        r"(\.(?P<ms>([0-9]{1,6})?))?)?)?$"
    )

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["TM"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if val.strip() == "":
                return None
            match = cls._RE_TIME.match(val)
            if not match:
                raise ValueError(f"Unable to convert non-conformant value '{val}' to 'TM' object")
            hour = int(match.group("h"))
            minute = int(match.group("m") or 0)
            second = int(match.group("s") or 0)
            if second == 60:
                warn_and_log(
                    "'datetime.time' doesn't allow a value of '60' for the seconds component, changing to '59'"
                )
                second = 59
            micro = int(match.group("ms").rstrip().ljust(6, "0")) if match.group("ms") else 0
            return super().__new__(cls, hour, minute, second, micro)
        if isinstance(val, datetime.time):
            return super().__new__(cls, val.hour, val.minute, val.second, val.microsecond)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'TM' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, TM) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        elif isinstance(val, datetime.time):
            self.original_string = f"{val.hour:02}{val.minute:02}{val.second:02}"
            if val.microsecond > 0:
                self.original_string += f".{val.microsecond:06}"


def is_valid_ds(s: str) -> bool:
    """True if `s` is a valid DS string (length and characters)."""
    return validate_length_and_type_and_regex("DS", s)[0]


def format_number_as_ds(val: float | Decimal) -> str:
    """Format a number as a valid DS string of at most 16 characters, keeping as
    much precision as fits."""
    if not isinstance(val, float | Decimal):
        raise TypeError("'val' must be of type float or decimal.Decimal")
    if not isfinite(val):
        raise ValueError(f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'")
    valstr = str(val)
    if len(valstr) <= 16:
        return valstr
    logval = log10(abs(val))
    sign_chars = 1 if val < 0.0 else 0
    if logval < -4 or logval >= (14 - sign_chars):
        digits = 10 - sign_chars
        text = f"{val:.{digits}e}"
        if len(text) > 16:
            text = f"{val:.{digits - 1}e}"
        return text
    digits = 14 - sign_chars - (int(floor(logval)) if logval >= 1.0 else 0)
    return f"{val:.{digits}f}"


def _ds_original_string(self: "DSfloat | DSdecimal", val: Any, auto_format: bool) -> bool:
    """Set original_string/auto_format for a new DS value; True if already checked."""
    pre_checked = False
    if isinstance(val, str):
        self.original_string = val.strip()
    elif isinstance(val, DSfloat | DSdecimal):
        if val.auto_format:
            auto_format = True
            pre_checked = True
        if hasattr(val, "original_string"):
            self.original_string = val.original_string
    self.auto_format = auto_format
    if auto_format and not pre_checked:
        if hasattr(self, "original_string"):
            if not is_valid_ds(self.original_string):
                self.original_string = format_number_as_ds(float(self.original_string))
        else:
            self.original_string = format_number_as_ds(self)  # type: ignore[arg-type]
    return pre_checked


class DSfloat(float):
    """A DS value as a :class:`float` that remembers its DICOM string."""

    # Slots, so that the reader sets the two without making a dict per value
    # (other attributes still go to __dict__, as on pydicom's class).
    __slots__ = ("original_string", "auto_format", "__dict__")
    auto_format: bool

    def __new__(  # type: ignore[misc]
        cls,
        val: None | str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> "str | DSfloat | None":
        if val is None:
            return val
        if isinstance(val, str) and val.strip() == "":
            return val
        return super().__new__(cls, val)

    def __init__(
        self,
        val: str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.original_string: str
        _ds_original_string(self, val, auto_format)
        if validation_mode == config.RAISE and not self.auto_format:
            if len(str(self)) > 16:
                raise OverflowError(
                    "Values for elements with a VR of 'DS' must be <= 16 "
                    "characters long, but the float provided requires > 16 "
                    "characters to be accurately represented. Use a smaller "
                    "string, set 'config.settings.reading_validation_mode' to "
                    "'WARN' to override the length check, or "
                    "explicitly construct a DS object with 'auto_format' "
                    "set to True"
                )
            if not is_valid_ds(str(self)):
                raise ValueError(f'Value "{self}" is not valid for elements with a VR of DS')

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        if hasattr(self, "original_string") and not self.auto_format:
            return self.original_string
        return repr(self)[1:-1]

    def __repr__(self) -> str:
        if hasattr(self, "original_string"):
            return f"'{self.original_string}'"
        return f"'{super().__repr__()}'"


class DSdecimal(Decimal):
    """A DS value as a :class:`~decimal.Decimal` that remembers its DICOM string."""

    auto_format: bool

    def __new__(  # type: ignore[misc]
        cls,
        val: None | str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> "str | DSdecimal | None":
        if val is None:
            return val
        if isinstance(val, str) and val.strip() == "":
            return val
        if isinstance(val, float) and not config.allow_DS_float:
            raise TypeError(
                "'DS' cannot be instantiated with a float value unless "
                "'config.allow_DS_float' is set to True. You should convert "
                "the value to a string with the desired number of digits, "
                "or use 'Decimal.quantize()' and pass a 'Decimal' instance."
            )
        return super().__new__(cls, val)

    def __init__(
        self,
        val: str | int | float | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.original_string: str
        _ds_original_string(self, val, auto_format)
        if validation_mode != config.IGNORE:
            text = repr(self).strip("'")
            if len(text) > 16:
                msg = (
                    "Values for elements with a VR of 'DS' values must be "
                    "<= 16 characters long. Use a smaller string, set "
                    "'config.settings.reading_validation_mode' to "
                    "'WARN' to override the length check, use "
                    "'Decimal.quantize()' and initialize "
                    "with a 'Decimal' instance, or explicitly construct a DS "
                    "instance with 'auto_format' set to True"
                )
                if validation_mode == config.RAISE:
                    raise OverflowError(msg)
                warn_and_log(msg)
            elif not is_valid_ds(text):
                msg = f'Value "{self}" is not valid for elements with a VR of DS'
                if validation_mode == config.RAISE:
                    raise ValueError(msg)
                warn_and_log(msg)

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        if hasattr(self, "original_string") and len(self.original_string) <= 16:
            return self.original_string
        return super().__str__()

    def __repr__(self) -> str:
        if hasattr(self, "original_string"):
            return f"'{self.original_string}'"
        return f"'{self}'"


DSclass: Any = DSdecimal if config.use_DS_decimal else DSfloat


def DS(
    val: None | str | int | float | Decimal,
    auto_format: bool = False,
    validation_mode: int | None = None,
) -> None | str | DSfloat | DSdecimal:
    """A DS value: :class:`DSfloat`, or :class:`DSdecimal` when
    ``config.use_DS_decimal`` is set; empty strings and None pass through."""
    if val is None:
        return val
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if isinstance(val, str):
        if val.strip() == "":
            return val
        validate_value("DS", val, validation_mode)
    if config.use_DS_decimal:
        return DSdecimal(val, auto_format, validation_mode)
    return DSfloat(val, auto_format, validation_mode)


class ISfloat(float):
    """An IS value that is not a whole number (kept as a float, with a warning)."""

    def __new__(  # type: ignore[misc]
        cls, val: str | float | Decimal, validation_mode: int | None = None
    ) -> float | str:
        if isinstance(val, str) and val.strip() == "":
            return ""
        return super().__new__(cls, val)

    def __init__(self, val: str | float | Decimal, validation_mode: int | None = None) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, IS | ISfloat) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        if validation_mode:
            msg = f'Value "{self}" is not valid for elements with a VR of IS'
            if validation_mode == config.WARN:
                warn_and_log(msg)
            elif validation_mode == config.RAISE:
                msg += "\nSet reading_validation_mode to WARN or IGNORE to bypass"
                raise TypeError(msg)


class IS(int):
    """An IS value as an :class:`int` that remembers its DICOM string."""

    def __new__(  # type: ignore[misc]
        cls, val: None | str | int | float | Decimal, validation_mode: int | None = None
    ) -> "str | IS | ISfloat | None":
        if val is None:
            return val
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if isinstance(val, str):
            if val.strip() == "":
                return val
            validate_value("IS", val, validation_mode)
        try:
            newval: IS | ISfloat = super().__new__(cls, val)
        except ValueError:
            newval = super().__new__(cls, float(val))
        if isinstance(val, float | Decimal | str) and newval != float(val):
            newval = ISfloat(val, validation_mode)
        if not -(2**31) <= newval < 2**31 and validation_mode == config.RAISE:
            raise OverflowError(
                "Elements with a VR of IS must have a value between -2**31 "
                "and (2**31 - 1). Set "
                "'config.settings.reading_validation_mode' to "
                "'WARN' to override the value check"
            )
        return newval

    def __init__(self, val: str | int | float | Decimal, validation_mode: int | None = None) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, IS) and hasattr(val, "original_string"):
            self.original_string = val.original_string

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        if hasattr(self, "original_string"):
            return self.original_string
        return repr(self)[1:-1]

    def __repr__(self) -> str:
        return f"'{super().__repr__()}'"


def _verify_encodings(encodings: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if encodings is None:
        return None
    if isinstance(encodings, str):
        return (encodings,)
    return tuple(encodings)


def _decode_personname(components: Sequence[bytes], encodings: Sequence[str]) -> tuple[str, ...]:
    from rapidicom.charset import decode_bytes

    comps = [decode_bytes(c, encodings, PN_DELIMS) for c in components]
    while comps and not comps[-1]:
        comps.pop()
    return tuple(comps)


def _encode_personname(components: Sequence[str], encodings: Sequence[str]) -> bytes:
    from rapidicom.charset import encode_string

    encoded = [b"^".join(encode_string(group, encodings) for group in comp.split("^")) for comp in components]
    while encoded and not encoded[-1]:
        encoded.pop()
    return b"=".join(encoded)


_PN_PARTS = (
    "family_name",
    "given_name",
    "middle_name",
    "name_prefix",
    "name_suffix",
    "ideographic",
    "phonetic",
)


class PersonName:
    """A PN value: up to three component groups (alphabetic, ideographic,
    phonetic), each with up to five ``^``-separated name parts."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["PersonName"]:  # type: ignore[misc]
        if len(args) and args[0] is None:
            return None
        return super().__new__(cls)

    def __init__(
        self,
        val: "bytes | str | PersonName",
        encodings: Sequence[str] | None = None,
        original_string: bytes | None = None,
        validation_mode: int | None = None,
    ) -> None:
        self.original_string: bytes
        self._components: tuple[str, ...] | None = None
        self.encodings: tuple[str, ...] | None
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.validation_mode = validation_mode
        if isinstance(val, PersonName):
            encodings = val.encodings
            self.original_string = val.original_string
            self._components = tuple(str(val).split("="))
        elif isinstance(val, bytes):
            self.original_string = val
            validate_value("PN", val, validation_mode)
        else:
            self.original_string = original_string  # type: ignore[assignment]
            validate_value("PN", original_string if original_string else val, validation_mode)
            components = val.split("=")
            while components and not components[-1]:
                components.pop()
            self._components = tuple(components)
        self.encodings = _verify_encodings(encodings)

    def _create_dict(self) -> dict[str, str]:
        return {part: getattr(self, part, "") for part in _PN_PARTS}

    @property
    def components(self) -> tuple[str, ...]:
        """The component groups as decoded strings (empty trailing ones dropped)."""
        if self._components is None:
            groups = self.original_string.split(b"=")
            self._components = _decode_personname(groups, self.encodings or [default_encoding])
        return self._components

    def _name_part(self, i: int) -> str:
        try:
            return self.components[0].split("^")[i]
        except IndexError:
            return ""

    @property
    def family_name(self) -> str:
        return self._name_part(0)

    @property
    def given_name(self) -> str:
        return self._name_part(1)

    @property
    def middle_name(self) -> str:
        return self._name_part(2)

    @property
    def name_prefix(self) -> str:
        return self._name_part(3)

    @property
    def name_suffix(self) -> str:
        return self._name_part(4)

    def _group(self, i: int) -> str:
        try:
            return self.components[i]
        except IndexError:
            return ""

    @property
    def alphabetic(self) -> str:
        return self._group(0)

    @property
    def ideographic(self) -> str:
        return self._group(1)

    @property
    def phonetic(self) -> str:
        return self._group(2)

    def __eq__(self, other: Any) -> Any:
        return str(self) == other

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        return "=".join(self.components)

    def __iter__(self) -> Iterator[str]:
        yield from self.__str__()

    def __len__(self) -> int:
        return len(self.__str__())

    def __contains__(self, x: Any) -> bool:
        return x in self.__str__()

    def __repr__(self) -> str:
        return repr("=".join(self.components))

    def __hash__(self) -> int:
        return hash(self.components)

    def decode(self, encodings: Sequence[str] | None = None) -> "PersonName":
        """A copy decoded with `encodings` (or self if they are the same)."""
        if encodings is None or encodings == self.encodings:
            return self
        encodings = _verify_encodings(encodings)
        if self.original_string is None:
            self.original_string = _encode_personname(self.components, self.encodings or [default_encoding])
            validate_value("PN", self.original_string, self.validation_mode)
        return PersonName(self.original_string, encodings)

    def encode(self, encodings: Sequence[str] | None = None) -> bytes:
        """The value as bytes in `encodings` (default: its own)."""
        encodings = _verify_encodings(encodings) or self.encodings
        if encodings != self.encodings and self.encodings is not None:
            return _encode_personname(self.components, encodings)  # type: ignore[arg-type]
        if self.original_string is None:
            self.original_string = _encode_personname(self.components, encodings or [default_encoding])
        return self.original_string

    def family_comma_given(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        return format_str % self._create_dict()

    def __bool__(self) -> bool:
        if not self.original_string:
            return bool(self.components) and (len(self.components) > 1 or bool(self.components[0]))
        return bool(self.original_string)

    @staticmethod
    def _encode_component_groups(
        alphabetic_group: Sequence[str | bytes],
        ideographic_group: Sequence[str | bytes],
        phonetic_group: Sequence[str | bytes],
        encodings: list[str] | None = None,
    ) -> bytes:
        from rapidicom.charset import decode_bytes, encode_string

        codecs = encodings or [default_encoding]
        component_sep = encode_string("^", codecs)
        group_sep = encode_string("=", codecs)

        def standardize(val: str | bytes) -> bytes:
            if isinstance(val, bytes):
                encoded, decoded = val, decode_bytes(val, codecs, set())
            else:
                encoded, decoded = encode_string(val, codecs), val
            for c in ("\\", "=", "^"):
                if c in decoded:
                    raise ValueError(f"Strings may not contain the {c} character")
            return encoded

        def group(components: Sequence[str | bytes]) -> bytes:
            return component_sep.join(standardize(c) for c in components).rstrip(component_sep)

        joined = group_sep.join([group(alphabetic_group), group(ideographic_group), group(phonetic_group)])
        return joined.rstrip(group_sep)

    @classmethod
    def from_named_components(
        cls,
        family_name: str | bytes = "",
        given_name: str | bytes = "",
        middle_name: str | bytes = "",
        name_prefix: str | bytes = "",
        name_suffix: str | bytes = "",
        family_name_ideographic: str | bytes = "",
        given_name_ideographic: str | bytes = "",
        middle_name_ideographic: str | bytes = "",
        name_prefix_ideographic: str | bytes = "",
        name_suffix_ideographic: str | bytes = "",
        family_name_phonetic: str | bytes = "",
        given_name_phonetic: str | bytes = "",
        middle_name_phonetic: str | bytes = "",
        name_prefix_phonetic: str | bytes = "",
        name_suffix_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> "PersonName":
        """Build a PersonName from its named parts (str or already encoded bytes)."""
        value = cls._encode_component_groups(
            [family_name, given_name, middle_name, name_prefix, name_suffix],
            [
                family_name_ideographic,
                given_name_ideographic,
                middle_name_ideographic,
                name_prefix_ideographic,
                name_suffix_ideographic,
            ],
            [
                family_name_phonetic,
                given_name_phonetic,
                middle_name_phonetic,
                name_prefix_phonetic,
                name_suffix_phonetic,
            ],
            encodings,
        )
        return cls(value, encodings=encodings)

    @classmethod
    def from_named_components_veterinary(
        cls,
        responsible_party_name: str | bytes = "",
        patient_name: str | bytes = "",
        responsible_party_name_ideographic: str | bytes = "",
        patient_name_ideographic: str | bytes = "",
        responsible_party_name_phonetic: str | bytes = "",
        patient_name_phonetic: str | bytes = "",
        encodings: list[str] | None = None,
    ) -> "PersonName":
        """Build a veterinary PersonName (responsible party ^ patient)."""
        value = cls._encode_component_groups(
            [responsible_party_name, patient_name],
            [responsible_party_name_ideographic, patient_name_ideographic],
            [responsible_party_name_phonetic, patient_name_phonetic],
            encodings,
        )
        return cls(value, encodings=encodings)
