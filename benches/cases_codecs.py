"""JPEG decoders: the built-in JPEG, JPEG-LS and JPEG 2000 decoders against
pydicom with each of its plugins that is installed (the target: no slower than
the fastest, per frame), and on a 50-frame file using both cores (>= 1.5x).
The frames are a 512x512 CT and 50 frames of 256x256, encoded by pydicom; JPEG
baseline by Pillow; JPEG lossless and 12-bit extended by the tests' writer; HTJ2K
by OpenJPH (imagecodecs)."""

import importlib.util

import pydicom
from corpus import compressed, ct_512, htj2k, jpeg_baseline, jpeg_written, multiframe
from harness import Case

import rapidicom

JPEG_PLUGINS = ["pylibjpeg", "gdcm", "pillow"]
# label: (syntax, pydicom's plugins for it, the encoder's lossy options)
SYNTAXES = {
    "JPEG-LS lossless": (pydicom.uid.JPEGLSLossless, ["pyjpegls", "pylibjpeg", "gdcm"], {}),
    "JPEG-LS near-lossless": (pydicom.uid.JPEGLSNearLossless, ["pyjpegls", "pylibjpeg", "gdcm"], {"jls_error": 2}),
    "JPEG 2000 lossless": (pydicom.uid.JPEG2000Lossless, ["pylibjpeg", "gdcm", "pillow"], {}),
    "JPEG 2000 lossy": (pydicom.uid.JPEG2000, ["pylibjpeg", "gdcm", "pillow"], {"j2k_cr": [20]}),
}
MODULES = {"pyjpegls": "jpeg_ls", "pylibjpeg": "pylibjpeg", "gdcm": "gdcm", "pillow": "PIL"}


def _installed(plugin: str, syntax: str) -> bool:
    if importlib.util.find_spec(MODULES[plugin]) is None:
        return False
    return plugin in pydicom.pixels.get_decoder(syntax).available_plugins


def _rows(label: str, one, many, syntax: str, plugins: list[str]) -> list[Case]:
    """One frame and 50 frames, against pydicom with each installed plugin."""
    ours_one, ours_many = rapidicom.dcmread(one), rapidicom.dcmread(many)
    theirs_one, theirs_many = pydicom.dcmread(one), pydicom.dcmread(many)
    rows = []
    for plugin in (p for p in plugins if _installed(p, syntax)):
        for ours, theirs, what, target, number in (
            (ours_one, theirs_one, "one 512x512 frame", 1.0, 20),
            (ours_many, theirs_many, "50 x 256x256 frames (both cores)", 1.5, 2),
        ):
            rows.append(Case(
                f"{label}: decode {what}",
                lambda ds=ours: rapidicom.pixels.pixel_array(ds),
                lambda ds=theirs, p=plugin: pydicom.pixels.pixel_array(ds, decoding_plugin=p),
                target, reference=f"pydicom + {plugin}", number=number))  # fmt: skip
    return rows


def cases() -> list[Case]:
    result = []
    for label, (syntax, plugins, options) in SYNTAXES.items():
        one, many = compressed(ct_512(), syntax, **options), compressed(multiframe(), syntax, **options)
        result += _rows(f"{label} 16-bit", one, many, syntax, plugins)
    # pydicom decodes HTJ2K with pylibjpeg-openjpeg only.
    for lossless, label in ((True, "HTJ2K lossless"), (False, "HTJ2K lossy")):
        syntax = pydicom.uid.HTJ2KLossless if lossless else pydicom.uid.HTJ2K
        result += _rows(
            f"{label} 16-bit", htj2k(ct_512(), lossless), htj2k(multiframe(), lossless), syntax, ["pylibjpeg"]
        )
    for colour in (False, True):
        one, many = jpeg_baseline(1, 512, colour), jpeg_baseline(50, 256, colour)
        label = f"JPEG baseline 8-bit {'YBR_FULL_422' if colour else 'grey'}"
        result += _rows(label, one, many, pydicom.uid.JPEGBaseline8Bit, JPEG_PLUGINS)
    # GDCM and Pillow list these syntaxes but refuse 12-bit DCT and lossless frames
    # respectively, so only the plugins that decode them are compared.
    for kind, label, syntax, plugins in (
        ("lossless", "JPEG lossless SV1 16-bit", pydicom.uid.JPEGLosslessSV1, ["pylibjpeg", "gdcm"]),
        ("process14", "JPEG lossless process 14 (predictor 6) 16-bit", pydicom.uid.JPEGLossless, ["pylibjpeg", "gdcm"]),
        ("extended", "JPEG extended 12-bit", pydicom.uid.JPEGExtended12Bit, ["pylibjpeg"]),
    ):
        one, many = jpeg_written(kind, 1, 512), jpeg_written(kind, 50, 256)
        result += _rows(label, one, many, syntax, plugins)
    return result
