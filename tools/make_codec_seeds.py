#!/usr/bin/env python3
"""Write small JPEG-LS and JPEG 2000 codestreams under testdata/fuzz/ as seeds for
the codec fuzz targets: a 64x64 ramp, grey 8- and 12-bit and 8-bit colour,
encoded by the reference encoders pydicom uses (pyjpegls, pylibjpeg-openjpeg),
and 8-bit baseline and progressive JPEG written by Pillow.
Run again to regenerate them; the test extras install both encoders."""

from pathlib import Path

import io

import numpy as np
from PIL import Image
from jpeg_ls import encode_array as jls_encode
from openjpeg import encode as j2k_encode

KEPT = Path(__file__).resolve().parents[1] / "testdata" / "fuzz"


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
        for (target, seed), encoded in seeds.items():
            folder = KEPT / target
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"seed-{seed}").write_bytes(bytes(encoded))


if __name__ == "__main__":
    main()
