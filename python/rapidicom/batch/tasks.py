"""The work a batch command does on one file. Each task is a plain function of
(input, output folder, options) that raises on failure, so it can run on a
thread here or on a Dask worker."""

import os
from typing import Any

from rapidicom.batch.files import Input
from rapidicom.batch.runner import Skip

SYNTAXES = {
    "explicit": "1.2.840.10008.1.2.1",
    "implicit": "1.2.840.10008.1.2",
    "big": "1.2.840.10008.1.2.2",
    "deflated": "1.2.840.10008.1.2.1.99",
    "rle": "1.2.840.10008.1.2.5",
}
_UNCOMPRESSED = {SYNTAXES[k] for k in ("explicit", "implicit", "big", "deflated")}


def _target(item: Input, out: str | None, suffix: str = "") -> str:
    """Where the output of `item` goes: below `out`, keeping the input's
    relative folders (beside the input when `out` is None)."""
    if out is None:
        return item.path + suffix
    path = os.path.join(out, item.relative + suffix)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    return path


def to_json(item: Input, out: str | None, options: dict[str, Any]) -> None:
    """DICOM JSON of one file, in ``<relative>.json``."""
    from rapidicom.filereader import dcmread

    ds = dcmread(item.path, force=options.get("force", False))
    text = ds.to_json(bulk_data_threshold=options.get("bulk_data_threshold", 1024))
    with open(_target(item, out, ".json"), "w", encoding="utf-8") as f:
        f.write(text)


def convert(item: Input, out: str | None, options: dict[str, Any]) -> None:
    """One file saved in another transfer syntax (decompressing or RLE
    compressing as needed); in place only when `out` is None."""
    from rapidicom.filereader import dcmread
    from rapidicom.filewriter import dcmwrite

    syntax = SYNTAXES.get(options["syntax"], options["syntax"])
    ds = dcmread(item.path, force=options.get("force", False))
    current = ds.file_meta.get("TransferSyntaxUID", None) if hasattr(ds, "file_meta") else None
    if current == syntax:
        pass
    elif syntax in _UNCOMPRESSED or "PixelData" not in ds:
        # Without pixel data an encapsulated syntax changes nothing but its name.
        if "PixelData" in ds and current is not None and current not in _UNCOMPRESSED | {"1.2.840.10008.1.2"}:
            ds.decompress()
        ds.file_meta.TransferSyntaxUID = syntax
    else:
        if "PixelData" in ds and current not in _UNCOMPRESSED and current is not None:
            ds.decompress()
        ds.compress(syntax)
    _swap_pixel_bytes(ds, current, syntax)
    target = item.path if out is None else _target(item, out)
    # dcmwrite (not save_as) re-encodes for the new syntax, byte order included;
    # it saves through a temporary file, so an input replaced in place is safe.
    dcmwrite(target, ds, overwrite=True)


def _swap_pixel_bytes(ds: Any, current: str | None, syntax: str) -> None:
    """Native Pixel Data's words in the new byte order: the writer re-encodes
    numbers but keeps OW bytes as they are."""
    big = SYNTAXES["big"]
    if (current == big) == (syntax == big) or syntax not in _UNCOMPRESSED or "PixelData" not in ds:
        return  # same byte order, or encapsulated data (byte streams, not words)
    bits = int(ds.get("BitsAllocated", 8) or 8)
    if bits in (16, 32, 64):
        import numpy as np

        words = np.frombuffer(ds.PixelData, dtype=f"u{bits // 8}", count=len(ds.PixelData) // (bits // 8))
        ds.PixelData = words.byteswap().tobytes() + ds.PixelData[words.nbytes :]


def export(item: Input, out: str | None, options: dict[str, Any]) -> None:
    """Pixels of one file: a PNG per frame (modality LUT, then the window from
    the options or the file, scaled to 8 bits) or one ``.npy`` of the modality
    LUT's output."""
    import numpy as np

    from rapidicom.batch.imaging import frames_for_png, modality_array
    from rapidicom.filereader import dcmread

    ds = dcmread(item.path, force=options.get("force", False))
    if not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        raise Skip("no pixel data")
    if options.get("format", "png") == "npy":
        np.save(_target(item, out, ".npy"), modality_array(ds))
        return
    from PIL import Image

    frames = frames_for_png(ds, options.get("window"))
    for i, frame in enumerate(frames):
        suffix = ".png" if len(frames) == 1 else f".{i:04d}.png"
        Image.fromarray(frame).save(_target(item, out, suffix))
