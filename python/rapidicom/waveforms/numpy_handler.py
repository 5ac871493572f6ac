"""Waveform multiplex groups as arrays (pydicom.waveforms.numpy_handler)."""

from collections.abc import Iterator
from typing import Any

import numpy as np

HAVE_NP = True
HANDLER_NAME = "Numpy Waveform"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}

WAVEFORM_DTYPES = {
    (8, "SB"): "int8",
    (8, "UB"): "uint8",
    (8, "MB"): "uint8",
    (8, "AB"): "uint8",
    (16, "SS"): "int16",
    (16, "US"): "uint16",
    (32, "SL"): "int32",
    (32, "UL"): "uint32",
    (64, "SV"): "int64",
    (64, "UV"): "uint64",
}


def is_available() -> bool:
    """numpy is always there: rapidicom needs it."""
    return HAVE_NP


_REQUIRED = [
    "NumberOfWaveformChannels",
    "NumberOfWaveformSamples",
    "WaveformBitsAllocated",
    "WaveformSampleInterpretation",
    "WaveformData",
]


def _multiplex(item: Any, index: int, as_raw: bool) -> np.ndarray:
    missing = [name for name in _REQUIRED if name not in item]
    if missing:
        raise AttributeError(
            f"Unable to convert the waveform multiplex group with index {index} as the "
            f"following required elements are missing from the sequence item: {', '.join(missing)}"
        )
    bits = item.WaveformBitsAllocated
    samples, channels = item.NumberOfWaveformSamples, item.NumberOfWaveformChannels
    dtype = WAVEFORM_DTYPES[bits, item.WaveformSampleInterpretation]
    length = samples * channels * (bits // 8)
    arr = np.frombuffer(item.WaveformData[:length], dtype=dtype).reshape(samples, channels).copy()
    if as_raw:
        return arr
    arr = arr.astype("float")
    for channel, definition in enumerate(item.ChannelDefinitionSequence):
        baseline = definition.get("ChannelBaseline", 0.0)
        sensitivity = definition.get("ChannelSensitivity", 1.0)
        correction = definition.get("ChannelSensitivityCorrectionFactor", 1.0)
        arr[..., channel] = arr[..., channel] * sensitivity * correction + baseline
    return arr


def generate_multiplex(ds: Any, as_raw: bool = True) -> Iterator[np.ndarray]:
    """Each multiplex group of the Waveform Sequence as a (samples, channels) array."""
    if "WaveformSequence" not in ds:
        raise AttributeError("No (5400,0100) Waveform Sequence element found in the dataset")
    for index, item in enumerate(ds.WaveformSequence):
        yield _multiplex(item, index, as_raw)


def multiplex_array(ds: Any, index: int, as_raw: bool = True) -> np.ndarray:
    """The multiplex group `index` of the Waveform Sequence as a (samples, channels)
    array (scaled by the channel sensitivity and baseline unless `as_raw`)."""
    if "WaveformSequence" not in ds:
        raise AttributeError("No (5400,0100) Waveform Sequence element found in the dataset")
    return _multiplex(ds.WaveformSequence[index], index, as_raw)
