"""Settling ambiguous VRs ("US or SS", "OB or OW", ...) from the dataset's context,
which reading and writing both need (pydicom keeps these in filewriter)."""

from typing import Any

from rapidicom._tags import (
    BluePaletteColorLookupTableDescriptor,
    ChannelMaximumValue,
    ChannelMinimumValue,
    GreenPaletteColorLookupTableDescriptor,
    HistogramFirstBinValue,
    HistogramLastBinValue,
    LargestImagePixelValue,
    LargestImagePixelValueInPlane,
    LargestPixelValueInSeries,
    LargestValidPixelValue,
    LUTData,
    LUTDescriptor,
    MappedPixelValue,
    PixelData,
    PixelPaddingRangeLimit,
    PixelPaddingValue,
    RealWorldValueFirstValueMapped,
    RealWorldValueLastValueMapped,
    RedPaletteColorLookupTableDescriptor,
    SmallestImagePixelValue,
    SmallestImagePixelValueInPlane,
    SmallestPixelValueInSeries,
    SmallestValidPixelValue,
    WaveformData,
    WaveformPaddingValue,
    ZeroVelocityPixelValue,
)
from rapidicom.dataelem import DataElement, RawDataElement, convert_raw_data_element
from rapidicom.valuerep import AMBIGUOUS_VR

_AMBIGUOUS_US_SS_TAGS = {
    ZeroVelocityPixelValue, MappedPixelValue, SmallestValidPixelValue, LargestValidPixelValue, SmallestImagePixelValue, LargestImagePixelValue, SmallestPixelValueInSeries,
    LargestPixelValueInSeries, SmallestImagePixelValueInPlane, LargestImagePixelValueInPlane, PixelPaddingValue, PixelPaddingRangeLimit, RedPaletteColorLookupTableDescriptor, GreenPaletteColorLookupTableDescriptor,
    BluePaletteColorLookupTableDescriptor, LUTDescriptor, RealWorldValueLastValueMapped, RealWorldValueFirstValueMapped, HistogramFirstBinValue, HistogramLastBinValue,
}  # fmt: skip
_AMBIGUOUS_OB_OW_TAGS = {ChannelMinimumValue, ChannelMaximumValue, WaveformPaddingValue, WaveformData}
_SEQUENCE_OR_AMBIGUOUS = ["SQ", *AMBIGUOUS_VR]
_OVERLAY_DATA_TAGS = {0x60000000 + (g << 16) + 0x3000 for g in range(0, 0x1F, 2)}


def _numbers(value: bytes, little_endian: bool, fmt: str) -> Any:
    from rapidicom.values import convert_numbers

    return convert_numbers(value, little_endian, fmt)


def _correct_ambiguous_vr_element(elem: DataElement, ancestors: list[Any], is_little_endian: bool) -> DataElement:
    ds = ancestors[0]
    if elem.tag == PixelData:
        if elem.is_undefined_length:
            elem.VR = "OB"
        elif ds.original_encoding[0]:
            elem.VR = "OW"
        else:
            elem.VR = "OW" if ds.BitsAllocated > 8 else "OB"
    elif elem.tag in _AMBIGUOUS_US_SS_TAGS:
        pixel_rep = next(
            (x.PixelRepresentation for x in ancestors if getattr(x, "PixelRepresentation", None) is not None),
            None,
        )
        if pixel_rep is None:
            pixel_rep = next((x._pixel_rep for x in ancestors if "_pixel_rep" in x.__dict__), None)
        if pixel_rep is None:
            pixel_rep = 1
            if "PixelRepresentation" not in ds and "PixelData" not in ds or ds.PixelRepresentation == 0:
                pixel_rep = 0
        elem.VR = "US" if pixel_rep == 0 else "SS"
        if elem.VM == 0:
            return elem
        first = elem.value if elem.VM == 1 else elem.value[0]
        if not isinstance(first, int):
            elem.value = _numbers(elem.value, is_little_endian, "H" if pixel_rep == 0 else "h")
    elif elem.tag in _AMBIGUOUS_OB_OW_TAGS:
        if ds.original_encoding[0]:
            elem.VR = "OW"
        else:
            elem.VR = "OW" if ds.WaveformBitsAllocated > 8 else "OB"
    elif elem.tag == LUTData:
        if ds.LUTDescriptor[0] == 1:
            elem.VR = "US"
            if elem.VM == 0:
                return elem
            first = elem.value if elem.VM == 1 else elem.value[0]
            if not isinstance(first, int):
                elem.value = _numbers(elem.value, is_little_endian, "H")
        else:
            elem.VR = "OW"
    elif elem.tag in _OVERLAY_DATA_TAGS:
        elem.VR = "OW"
    return elem


def correct_ambiguous_vr_element(
    elem: DataElement | RawDataElement,
    ds: Any,
    is_little_endian: bool,
    ancestors: list[Any] | None = None,
) -> DataElement | RawDataElement:
    """Settle an element's ambiguous VR from `ds` (and its ancestors)."""
    ancestors = [ds] if ancestors is None else ancestors
    if elem.VR in AMBIGUOUS_VR:
        if isinstance(elem, RawDataElement):
            elem = convert_raw_data_element(elem, ds=ds)
            ds.__setitem__(elem.tag, elem)
        try:
            _correct_ambiguous_vr_element(elem, ancestors, is_little_endian)  # type: ignore[arg-type]
        except AttributeError as e:
            raise AttributeError(f"Failed to resolve ambiguous VR for tag {elem.tag}: {e}")
    return elem


def correct_ambiguous_vr(
    ds: Any, is_little_endian: bool, ancestors: list[Any] | None = None, *, _decode_all: bool = False
) -> Any:
    """Settle every ambiguous VR in `ds`, recursively. (The writer, which decodes
    every element of a dataset it converts anyway, passes `_decode_all` to have
    each dataset decoded natively first.)"""
    ancestors = [ds] if ancestors is None else ancestors
    store = ds._native_store()
    if store is not None:
        if _decode_all:
            ds._decode_natively()
        elements = (ds.get_item(tag) for tag in store.tags_with_vr(_SEQUENCE_OR_AMBIGUOUS))
    else:
        elements = ds.elements()
    for elem in elements:
        if elem.VR == "SQ":
            for item in ds[elem.tag].value:
                ancestors.insert(0, item)
                correct_ambiguous_vr(item, is_little_endian, ancestors, _decode_all=_decode_all)
        elif elem.VR in AMBIGUOUS_VR:
            correct_ambiguous_vr_element(elem, ds, is_little_endian, ancestors)
    del ancestors[0]
    return ds
