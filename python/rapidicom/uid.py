"""UIDs: the :class:`UID` string type, the named UIDs of PS3.6 and UID generation.

Every PS3.6 UID keyword is available as a module attribute (``uid.CTImageStorage``,
``uid.RLELossless``, ...); the transfer syntaxes are defined eagerly for the lists
below, the rest are made on first use.
"""

import re
from typing import Any

from rapidicom import _native, config
from rapidicom.config import disable_value_validation  # noqa: F401  (pydicom's uid has it)
from rapidicom.valuerep import STR_VR_REGEXES, validate_value

_UidInfo = tuple[str, str, str, bool, str]
_info_memo: dict[str, _UidInfo | None] = {}


# Transfer syntaxes newer than the dictionary's DICOM edition (2024c) that
# rapidicom supports, as pydicom 3.1 knows them.
_NEWER_UIDS: dict[str, _UidInfo] = {
    "1.2.840.10008.1.2.8.1": (
        "Deflated Image Frame Compression",
        "Transfer Syntax",
        "",
        False,
        "DeflatedImageFrameCompression",
    ),
}


def _forget() -> None:
    """Clear the memos (the UID table was changed)."""
    _info_memo.clear()
    _keyword_memo.clear()


def _info(uid: str) -> _UidInfo | None:
    """(name, type, info, retired, keyword) from PS3.6, memoised."""
    try:
        return _info_memo[uid]
    except KeyError:
        found = _info_memo[uid] = _native.uid_entry(uid) or _NEWER_UIDS.get(uid)
        return found


_UNCOMPRESSED = (
    "1.2.840.10008.1.2",
    "1.2.840.10008.1.2.1",
    "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.1.99",
)


class UID(str):
    """A UID string with what PS3.6 says of it (name, type, transfer syntax traits)."""

    _PRIVATE_TS_ENCODING: tuple[bool, bool]

    def __new__(cls, val: str, validation_mode: int | None = None) -> "UID":
        if isinstance(val, str):
            if validation_mode is None:
                validation_mode = config.settings.reading_validation_mode
            validate_value("UI", val, validation_mode)
            uid = super().__new__(cls, val.strip())
            if hasattr(val, "_PRIVATE_TS_ENCODING"):
                uid._PRIVATE_TS_ENCODING = val._PRIVATE_TS_ENCODING
            return uid
        raise TypeError("A UID must be created from a string")

    @property
    def is_implicit_VR(self) -> bool:
        """True for a transfer syntax with implicit VR encoding."""
        if self.is_transfer_syntax:
            if not self.is_private:
                return self == "1.2.840.10008.1.2"
            return self._PRIVATE_TS_ENCODING[0]
        raise ValueError("UID is not a transfer syntax.")

    @property
    def is_little_endian(self) -> bool:
        """True for a little endian transfer syntax."""
        if self.is_transfer_syntax:
            if not self.is_private:
                return self != "1.2.840.10008.1.2.2"
            return self._PRIVATE_TS_ENCODING[1]
        raise ValueError("UID is not a transfer syntax.")

    @property
    def is_transfer_syntax(self) -> bool:
        if not self.is_private:
            return self.type == "Transfer Syntax"
        return hasattr(self, "_PRIVATE_TS_ENCODING")

    @property
    def is_deflated(self) -> bool:
        if self.is_transfer_syntax:
            return self == "1.2.840.10008.1.2.1.99"
        raise ValueError("UID is not a transfer syntax.")

    @property
    def is_encapsulated(self) -> bool:
        return self.is_compressed

    @property
    def is_compressed(self) -> bool:
        """True for a transfer syntax whose pixel data is encapsulated."""
        if self.is_transfer_syntax:
            return self not in _UNCOMPRESSED
        raise ValueError("UID is not a transfer syntax.")

    @property
    def keyword(self) -> str:
        info = _info(str(self))
        return info[4] if info else ""

    @property
    def name(self) -> str:
        """The PS3.6 name, or the UID itself if it is not a PS3.6 UID."""
        info = _info(str(self))
        return info[0] if info else str(self)

    @property
    def type(self) -> str:
        info = _info(str(self))
        return info[1] if info else ""

    @property
    def info(self) -> str:
        info = _info(str(self))
        return info[2] if info else ""

    @property
    def is_retired(self) -> bool:
        info = _info(str(self))
        return bool(info[3]) if info else False

    @property
    def is_private(self) -> bool:
        """True unless the UID is under the DICOM root (1.2.840.10008.)."""
        return self[:14] != "1.2.840.10008."

    @property
    def is_valid(self) -> bool:
        """True if at most 64 characters of digits and dots, without leading zeros."""
        return len(self) <= 64 and re.match(RE_VALID_UID, self) is not None

    def set_private_encoding(self, implicit_vr: bool, little_endian: bool) -> None:
        """Record the encoding of a private transfer syntax."""
        self._PRIVATE_TS_ENCODING = (implicit_vr, little_endian)


PYDICOM_ROOT_UID = "1.2.826.0.1.3680043.8.498."
PYDICOM_IMPLEMENTATION_UID = UID(f"{PYDICOM_ROOT_UID}1")
RE_VALID_UID = STR_VR_REGEXES["UI"]
RE_VALID_UID_PREFIX = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")


def _named(keyword: str) -> UID:
    """The PS3.6 UID with this keyword (no validation: the table is valid)."""
    uid = _by_keyword().get(keyword)
    if uid is None:
        raise AttributeError(f"module {__name__!r} has no attribute {keyword!r}")
    return str.__new__(UID, uid)


_keyword_memo: dict[str, str] = {}


def _by_keyword() -> dict[str, str]:
    if not _keyword_memo:
        _keyword_memo.update({info[4]: uid for uid, info in _native.all_uids() if info[4]})
    return _keyword_memo


# Transfer syntaxes, in pydicom's order.
_TRANSFER_SYNTAX_KEYWORDS = (
    "ImplicitVRLittleEndian",
    "ExplicitVRLittleEndian",
    "DeflatedExplicitVRLittleEndian",
    "ExplicitVRBigEndian",
    "JPEGBaseline8Bit",
    "JPEGExtended12Bit",
    "JPEGLossless",
    "JPEGLosslessSV1",
    "JPEGLSLossless",
    "JPEGLSNearLossless",
    "JPEG2000Lossless",
    "JPEG2000",
    "JPEG2000MCLossless",
    "JPEG2000MC",
    "MPEG2MPML",
    "MPEG2MPMLF",
    "MPEG2MPHL",
    "MPEG2MPHLF",
    "MPEG4HP41",
    "MPEG4HP41F",
    "MPEG4HP41BD",
    "MPEG4HP41BDF",
    "MPEG4HP422D",
    "MPEG4HP422DF",
    "MPEG4HP423D",
    "MPEG4HP423DF",
    "MPEG4HP42STEREO",
    "MPEG4HP42STEREOF",
    "HEVCMP51",
    "HEVCM10P51",
    "HTJ2KLossless",
    "HTJ2KLosslessRPCL",
    "HTJ2K",
    "JPIPHTJ2KReferenced",
    "JPIPHTJ2KReferencedDeflate",
    "RLELossless",
    "SMPTEST211020UncompressedProgressiveActiveVideo",
    "SMPTEST211020UncompressedInterlacedActiveVideo",
    "SMPTEST211030PCMDigitalAudio",
)

ImplicitVRLittleEndian = UID("1.2.840.10008.1.2", config.IGNORE)
ExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1", config.IGNORE)
DeflatedExplicitVRLittleEndian = UID("1.2.840.10008.1.2.1.99", config.IGNORE)
ExplicitVRBigEndian = UID("1.2.840.10008.1.2.2", config.IGNORE)
JPEGBaseline8Bit = UID("1.2.840.10008.1.2.4.50", config.IGNORE)
JPEGExtended12Bit = UID("1.2.840.10008.1.2.4.51", config.IGNORE)
JPEGLossless = UID("1.2.840.10008.1.2.4.57", config.IGNORE)
JPEGLosslessSV1 = UID("1.2.840.10008.1.2.4.70", config.IGNORE)
JPEGLSLossless = UID("1.2.840.10008.1.2.4.80", config.IGNORE)
JPEGLSNearLossless = UID("1.2.840.10008.1.2.4.81", config.IGNORE)
JPEG2000Lossless = UID("1.2.840.10008.1.2.4.90", config.IGNORE)
JPEG2000 = UID("1.2.840.10008.1.2.4.91", config.IGNORE)
JPEG2000MCLossless = UID("1.2.840.10008.1.2.4.92", config.IGNORE)
JPEG2000MC = UID("1.2.840.10008.1.2.4.93", config.IGNORE)
HTJ2KLossless = UID("1.2.840.10008.1.2.4.201", config.IGNORE)
HTJ2KLosslessRPCL = UID("1.2.840.10008.1.2.4.202", config.IGNORE)
HTJ2K = UID("1.2.840.10008.1.2.4.203", config.IGNORE)
RLELossless = UID("1.2.840.10008.1.2.5", config.IGNORE)
DeflatedImageFrameCompression = UID("1.2.840.10008.1.2.8.1", config.IGNORE)

AllTransferSyntaxes = [globals().get(k) or _named(k) for k in _TRANSFER_SYNTAX_KEYWORDS]
JPEGTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLossless, JPEGLosslessSV1]
JPEGLSTransferSyntaxes = [JPEGLSLossless, JPEGLSNearLossless]
JPEG2000TransferSyntaxes = [
    JPEG2000Lossless,
    JPEG2000,
    JPEG2000MCLossless,
    JPEG2000MC,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    HTJ2K,
]
MPEGTransferSyntaxes = [uid for uid in AllTransferSyntaxes if uid.keyword.startswith(("MPEG", "HEVC"))]
RLETransferSyntaxes = [RLELossless]
UncompressedTransferSyntaxes = [
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
]
PrivateTransferSyntaxes: list[UID] = []


def register_transfer_syntax(uid: str | UID, implicit_vr: bool | None = None, little_endian: bool | None = None) -> UID:
    """Register a private transfer syntax with its encoding so it can be read and
    written."""
    uid = UID(uid)
    if None in (implicit_vr, little_endian) and not uid.is_transfer_syntax:
        raise ValueError(
            "The corresponding dataset encoding for 'uid' must be set using "
            "the 'implicit_vr' and 'little_endian' arguments"
        )
    if implicit_vr is not None and little_endian is not None:
        uid.set_private_encoding(implicit_vr, little_endian)
    if uid not in PrivateTransferSyntaxes:
        PrivateTransferSyntaxes.append(uid)
    return uid


_MAX_PREFIX_LENGTH = 54


def generate_uid(prefix: str | None = PYDICOM_ROOT_UID, entropy_srcs: list[str] | None = None) -> UID:
    """A new UID under `prefix`: random, or derived from `entropy_srcs` (so the same
    sources give the same UID). With ``prefix=None``, a ``2.25.`` UUID-based UID."""
    import hashlib
    import secrets
    import uuid

    if prefix is None:
        return UID(f"2.25.{uuid.uuid4().int}")
    if len(prefix) > _MAX_PREFIX_LENGTH:
        raise ValueError(f"The 'prefix' should be no more than {_MAX_PREFIX_LENGTH} characters long")
    if not re.match(RE_VALID_UID_PREFIX, prefix):
        raise ValueError("The 'prefix' is not valid for use with a UID, see Part 5, Section 9.1 of the DICOM Standard")
    if entropy_srcs is None:
        maximum = 10 ** (64 - len(prefix))
        return UID(f"{prefix}{secrets.randbelow(maximum)}"[:64])
    hash_val = hashlib.sha512("".join(entropy_srcs).encode("utf-8"))
    return UID(f"{prefix}{int(hash_val.hexdigest(), 16)}"[:64])


def __getattr__(name: str) -> Any:
    if name == "UID_dictionary":
        from rapidicom._uid_dict import UID_dictionary

        return UID_dictionary
    value = _named(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_by_keyword()))
