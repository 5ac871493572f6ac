#!/usr/bin/env python3
"""Write small JPEG-LS and JPEG 2000 codestreams under testdata/fuzz/ as seeds for
the codec fuzz targets: a 64x64 ramp, grey 8- and 12-bit and 8-bit colour,
encoded by the reference encoders pydicom uses (pyjpegls, pylibjpeg-openjpeg),
8-bit baseline and progressive JPEG written by Pillow, and 12-bit extended JPEG
written by the tests' JPEG writer (`tests/compat/jpeg_writer.py`).
Run again to regenerate them; the test extras install both encoders."""

import io
import sys
from pathlib import Path

import numpy as np
from jpeg_ls import encode_array as jls_encode
from openjpeg import encode as j2k_encode
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "testdata" / "fuzz"
sys.path.insert(0, str(ROOT / "tests" / "compat"))
from jpeg_writer import Layout  # noqa: E402
from jpeg_writer import encode as jpeg_encode  # noqa: E402


def images():
    ramp = np.arange(64 * 64).reshape(64, 64)
    yield "grey8", (ramp % 256).astype(np.uint8), 8
    yield "grey12", (ramp * 13 % 4096).astype(np.uint16), 12
    colour = np.stack([ramp % 256, (ramp * 3) % 256, (255 - ramp) % 256], axis=-1)
    yield "rgb8", colour.astype(np.uint8), 8


def main() -> None:
    for name, arr, bits in images():
        seeds = {
            ("jpegls_decode", name): jls_encode(arr),
            ("jpegls_decode", f"{name}-near"): jls_encode(arr, lossy_error=2),
            ("j2k_decode", name): j2k_encode(arr, bits_stored=bits),
        }
        if bits == 8:
            for progressive in (False, True):
                out = io.BytesIO()
                Image.fromarray(arr).save(out, "JPEG", quality=90, progressive=progressive)
                seeds[("jpeg_decode", f"{name}{'-progressive' if progressive else ''}")] = out.getvalue()
        if bits == 12:
            seeds[("jpeg_decode", f"{name}-restarts")] = jpeg_encode(arr, Layout(restart_interval=4))
            colour = np.stack([arr, arr[::-1], arr.T], axis=-1)
            layout = Layout(sampling=((2, 2), (1, 1), (1, 1)), separate_scans=True)
            seeds[("jpeg_decode", f"{name}-colour-420")] = jpeg_encode(colour, layout)
        for (target, seed), encoded in seeds.items():
            folder = KEPT / target
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"seed-{seed}").write_bytes(bytes(encoded))


if __name__ == "__main__":
    main()
