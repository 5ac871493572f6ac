"""The work a batch command does on one file. Each task is a plain function of
(input, output folder, options) that raises on failure, so it can run on a
thread here or on a Dask worker."""

import itertools
import os
from collections.abc import Sequence
from typing import Any

from rapidicom.batch.files import Input
from rapidicom.batch.runner import Skip, outcome

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
        # compress() takes samples little endian and pixel interleaved, as
        # pydicom's does, whatever the dataset says.
        if current == SYNTAXES["big"]:
            _byteswap_words(ds)
        if ds.get("PlanarConfiguration", 0) == 1 and ds.get("SamplesPerPixel", 1) > 1:
            _interleave_planes(ds)
        ds.compress(syntax)
    _swap_pixel_bytes(ds, current, syntax)
    target = item.path if out is None else _target(item, out)
    # dcmwrite (not save_as) re-encodes for the new syntax, byte order included;
    # it saves through a temporary file, so an input replaced in place is safe.
    dcmwrite(target, ds, overwrite=True)


# Files handed to the native RLE path at a time (bounds the memory held).
_NATIVE_BATCH = 16


def _convert_chunk(chunk: Sequence[Input], out: str | None, options: dict[str, Any]) -> list[str | None]:
    """`convert` over a chunk. To RLE Lossless, plain files are read, encoded
    and re-encoded natively with the GIL released (``_native.rle_files``, the
    bytes the Python path writes); any file it does not take goes through
    `convert`, which raises and warns as dcmread and compress do."""
    from rapidicom import _native, config
    from rapidicom._safe_save import write_file
    from rapidicom.filereader import _read_options
    from rapidicom.uid import generate_uid

    native = (
        SYNTAXES.get(options["syntax"], options["syntax"]) == SYNTAXES["rle"]
        and not config._flags_now() & _native.FLAG_CHANGES_VALUES
        and config.data_element_callback is None
    )
    if not native:
        return [outcome(convert, item, out, options) for item in chunk]
    arguments = _read_options(options.get("force", False), False, None, None)
    outcomes: list[str | None] = []
    it = iter(chunk)
    while batch := list(itertools.islice(it, _NATIVE_BATCH)):
        uids = [str(generate_uid()) for _ in batch]
        for item, data in zip(batch, _native.rle_files([i.path for i in batch], uids, arguments), strict=True):
            if data is None:
                outcomes.append(outcome(convert, item, out, options))
                continue
            try:
                target = item.path if out is None else _target(item, out)
                write_file(target, [data], overwrite=True, sync=config.sync_saves)
                outcomes.append(None)
            except OSError as exc:
                outcomes.append(f"{type(exc).__name__}: {exc}")
    return outcomes


convert.over_chunk = _convert_chunk  # type: ignore[attr-defined]


def _swap_pixel_bytes(ds: Any, current: str | None, syntax: str) -> None:
    """Native Pixel Data's words in the new byte order: the writer re-encodes
    numbers but keeps OW bytes as they are."""
    big = SYNTAXES["big"]
    if (current == big) == (syntax == big) or syntax not in _UNCOMPRESSED or "PixelData" not in ds:
        return  # same byte order, or encapsulated data (byte streams, not words)
    _byteswap_words(ds)


def _interleave_planes(ds: Any) -> None:
    """Colour-by-plane Pixel Data laid out colour-by-pixel (RLE's segments are
    planes whatever the Planar Configuration says)."""
    import numpy as np

    samples, rows, columns = int(ds.SamplesPerPixel), int(ds.Rows), int(ds.Columns)
    size = -(-int(ds.BitsAllocated) // 8)
    frame = samples * rows * columns * size
    frames = len(ds.PixelData) // frame
    data = np.frombuffer(ds.PixelData, dtype="u1", count=frames * frame)
    planes = data.reshape(frames, samples, rows * columns, size)
    ds.PixelData = planes.transpose(0, 2, 1, 3).tobytes() + ds.PixelData[frames * frame :]


def _byteswap_words(ds: Any) -> None:
    """Pixel Data's 16, 32 or 64-bit words in the other byte order."""
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
