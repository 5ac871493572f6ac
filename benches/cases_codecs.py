"""Issue "JPEG decoders": the built-in JPEG, JPEG-LS and JPEG 2000 decoders against
pydicom with each of its plugins that is installed (the target: no slower than
the fastest, per frame), and on a 50-frame file using both cores (>= 1.5x).
The frames are a 512x512 CT and 50 frames of 256x256, encoded by pydicom."""

import importlib.util

import pydicom

import rapidicom
from corpus import compressed, ct_512, jpeg_baseline, multiframe
from harness import Case

JPEG_PLUGINS = ["pylibjpeg", "gdcm", "pillow"]
SYNTAXES = {
    "JPEG-LS lossless": (pydicom.uid.JPEGLSLossless, ["pyjpegls", "pylibjpeg", "gdcm"]),
    "JPEG 2000 lossless": (pydicom.uid.JPEG2000Lossless, ["pylibjpeg", "gdcm", "pillow"]),
}
MODULES = {"pyjpegls": "jpeg_ls", "pylibjpeg": "pylibjpeg", "gdcm": "gdcm", "pillow": "PIL"}


def _installed(plugin: str, syntax: str) -> bool:
    if importlib.util.find_spec(MODULES[plugin]) is None:
        return False
    return plugin in pydicom.pixels.get_decoder(syntax).available_plugins


def cases() -> list[Case]:
    result = []
    for label, (syntax, plugins) in SYNTAXES.items():
        one, many = compressed(ct_512(), syntax), compressed(multiframe(), syntax)
        ours_one, ours_many = rapidicom.dcmread(one), rapidicom.dcmread(many)
        theirs_one, theirs_many = pydicom.dcmread(one), pydicom.dcmread(many)
        for plugin in (p for p in plugins if _installed(p, syntax)):
            result.append(Case(
                f"{label}: decode one 512x512 16-bit frame",
                lambda ds=ours_one: rapidicom.pixels.pixel_array(ds),
                lambda ds=theirs_one, p=plugin: pydicom.pixels.pixel_array(ds, decoding_plugin=p),
                1.0, reference=f"pydicom + {plugin}", number=20))  # fmt: skip
            result.append(Case(
                f"{label}: decode 50 x 256x256 16-bit frames (both cores)",
                lambda ds=ours_many: rapidicom.pixels.pixel_array(ds),
                lambda ds=theirs_many, p=plugin: pydicom.pixels.pixel_array(ds, decoding_plugin=p),
                1.5, reference=f"pydicom + {plugin}", number=2))  # fmt: skip
    for colour in (False, True):
        label = f"JPEG baseline 8-bit {'YBR_FULL_422' if colour else 'grey'}"
        one, many = jpeg_baseline(1, 512, colour), jpeg_baseline(50, 256, colour)
        ours_one, ours_many = rapidicom.dcmread(one), rapidicom.dcmread(many)
        theirs_one, theirs_many = pydicom.dcmread(one), pydicom.dcmread(many)
        syntax = pydicom.uid.JPEGBaseline8Bit
        for plugin in (p for p in JPEG_PLUGINS if _installed(p, syntax)):
            result.append(Case(
                f"{label}: decode one 512x512 frame",
                lambda ds=ours_one: rapidicom.pixels.pixel_array(ds),
                lambda ds=theirs_one, p=plugin: pydicom.pixels.pixel_array(ds, decoding_plugin=p),
                1.0, reference=f"pydicom + {plugin}", number=20))  # fmt: skip
            result.append(Case(
                f"{label}: decode 50 x 256x256 frames (both cores)",
                lambda ds=ours_many: rapidicom.pixels.pixel_array(ds),
                lambda ds=theirs_many, p=plugin: pydicom.pixels.pixel_array(ds, decoding_plugin=p),
                1.5, reference=f"pydicom + {plugin}", number=2))  # fmt: skip
    return result
