"""Hex strings and bytes, for tests and debugging output."""

from binascii import a2b_hex, b2a_hex

from rapidicom.charset import default_encoding


def hex2bytes(hexstring: str | bytes) -> bytes:
    """The bytes written as hex pairs in `hexstring` (whitespace between them
    allowed), e.g. ``hex2bytes("08 00 32 10")``."""
    if isinstance(hexstring, bytes):
        return a2b_hex(hexstring.replace(b" ", b""))
    if isinstance(hexstring, str):
        return a2b_hex(hexstring.replace(" ", "").encode(default_encoding))
    raise TypeError("argument shall be bytes or string type")


def bytes2hex(byte_string: bytes) -> str:
    """`byte_string` as lower-case hex pairs separated by spaces."""
    return b2a_hex(byte_string, " ").decode()
