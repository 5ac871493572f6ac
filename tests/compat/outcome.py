"""Run the same scenario against pydicom and rapidicom and describe what happened:
the result's repr, or the exception's class and message, plus any warnings.

Each scenario says what it is about: `OK` (it returns a result) or the exception
class it raises. `assert_same` checks that both libraries give that outcome and
the same one, so a scenario broken by a typo (both raising AttributeError) fails
instead of passing unnoticed."""

import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pydicom

import rapidicom


class _Ok:
    """The outcome of a scenario that returns a result."""

    def __repr__(self) -> str:
        return "OK"


OK = _Ok()
Expected = _Ok | type[BaseException]


def outcome(scenario: Callable[[ModuleType], Any], lib: ModuleType) -> tuple[Any, ...]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: tuple[Any, ...] = ("ok", repr(scenario(lib)))
        except Exception as exc:  # the class and message are what we compare
            result = ("raised", type(exc).__name__, str(exc))
    messages = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    return result + (messages,)


def check_expected(found: tuple[Any, ...], expect: Expected) -> None:
    """`found` (an `outcome`) is `expect`: a result, or that exception class."""
    if expect is OK:
        assert found[0] == "ok", f"expected a result, but it raised {found[1]}: {found[2]}"
    else:
        assert isinstance(expect, type), expect
        assert found[0] == "raised", f"expected {expect.__name__}, but it returned {found[1]}"
        assert found[1] == expect.__name__, f"expected {expect.__name__}, but it raised {found[1]}: {found[2]}"


def assert_same(scenario: Callable[[ModuleType], Any], expect: Expected) -> tuple[Any, ...]:
    theirs = outcome(scenario, pydicom)
    check_expected(theirs, expect)
    ours = outcome(scenario, rapidicom)
    assert ours == theirs
    return ours
