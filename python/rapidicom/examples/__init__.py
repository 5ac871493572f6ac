"""The example datasets of pydicom's documentation, each read afresh when
used: ``from rapidicom import examples; examples.ct``; ``examples.get_path(
"ct")`` gives the file's path. The files are pydicom's own test files (see
:mod:`rapidicom.data`)."""

from pathlib import Path
from typing import Any

# Attribute name -> file name; all are files that pydicom's wheel installs.
_DATASETS: dict[str, str] = {
    "ct": "CT_small.dcm",
    "dicomdir": "DICOMDIR",
    "jpeg2k": "examples_jpeg2k.dcm",
    "mr": "MR_small.dcm",
    "no_meta": "no_meta.dcm",
    "overlay": "examples_overlay.dcm",
    "palette_color": "examples_palette.dcm",
    "rgb_color": "examples_rgb_color.dcm",
    "rt_dose": "rtdose.dcm",
    "rt_plan": "rtplan.dcm",
    "rt_ss": "rtstruct.dcm",
    "waveform": "waveform_ecg.dcm",
    "ybr_color": "examples_ybr_color.dcm",
}


def _get_path(name: str) -> Path:
    """The path of the example dataset `name`."""
    if name not in _DATASETS:
        raise ValueError(f"No example dataset exists with the name '{name}'")
    from rapidicom.data import get_testdata_file

    path = get_testdata_file(_DATASETS[name])
    if path is None:
        raise FileNotFoundError(
            f"The example dataset '{name}' is one of pydicom's test files "
            f"('{_DATASETS[name]}'), which were not found: install pydicom or pydicom-data"
        )
    return Path(str(path))


def __getattr__(name: str) -> Any:
    if name in _DATASETS:
        from rapidicom.filereader import dcmread

        return dcmread(_get_path(name), force=True)
    if name == "get_path":
        return _get_path
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
