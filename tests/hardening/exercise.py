"""Everything a user does with a dataset, for the hardening tests: read it, touch
every value (nested ones too), decode the pixels, write JSON and save it. Only
ordinary exceptions may come out of any of it."""

import io
import warnings
from typing import Any

import rapidicom

# Exceptions that are not "ordinary": the library lost control (or Python did).
UNORDINARY = (SystemError, MemoryError, RecursionError)


def touch(ds: Any) -> None:
    for elem in ds.iterall():
        elem.value
    for elem in getattr(ds, "file_meta", None) or []:
        elem.value


def stages(data: bytes, force: bool = True) -> list[tuple[str, BaseException | None]]:
    """Each stage's exception (or None), stopping after a failed read."""
    found: list[tuple[str, BaseException | None]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = rapidicom.dcmread(io.BytesIO(data), force=force)
        except BaseException as exc:
            return [("read", exc)]
        found.append(("read", None))
        steps = [
            ("touch", lambda: touch(ds)),
            ("pixels", lambda: ds.pixel_array if "PixelData" in ds else None),
            ("json", lambda: ds.to_json()),
            ("save", lambda: ds.save_as(io.BytesIO())),
        ]
        for name, step in steps:
            try:
                step()
                found.append((name, None))
            except BaseException as exc:
                found.append((name, exc))
    return found


def assert_ordinary(found: list[tuple[str, BaseException | None]], label: str) -> None:
    for stage, exc in found:
        if exc is None:
            continue
        assert isinstance(exc, Exception) and not isinstance(exc, UNORDINARY), (
            f"{label}: {stage} raised {type(exc).__module__}.{type(exc).__name__}: {exc}"
        )
        assert str(exc), f"{label}: {stage} raised {type(exc).__name__} without a message"
