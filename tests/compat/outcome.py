"""Run the same scenario against pydicom and rapidicom and describe what happened:
the result's repr, or the exception's class and message, plus any warnings."""

import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pydicom

import rapidicom


def outcome(scenario: Callable[[ModuleType], Any], lib: ModuleType) -> tuple[Any, ...]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: tuple[Any, ...] = ("ok", repr(scenario(lib)))
        except Exception as exc:  # the class and message are what we compare
            result = ("raised", type(exc).__name__, str(exc))
    messages = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    return result + (messages,)


def assert_same(scenario: Callable[[ModuleType], Any]) -> tuple[Any, ...]:
    theirs = outcome(scenario, pydicom)
    ours = outcome(scenario, rapidicom)
    assert ours == theirs
    return ours
