"""A decoding plugin that fails as a Rust extension does when it panics: with
an exception that derives from BaseException, not Exception (pyo3's
PanicException). `INTERRUPT` makes it raise KeyboardInterrupt instead."""

from rapidicom.uid import RLELossless

DECODER_DEPENDENCIES = {RLELossless: ()}
INTERRUPT = False


class Panic(BaseException):
    pass


def is_available(uid: str) -> bool:
    return uid in DECODER_DEPENDENCIES


def _decode_frame(src: bytes, runner: object) -> bytes:
    if INTERRUPT:
        raise KeyboardInterrupt
    raise Panic("index out of bounds: the len is 8 but the index is 8")
