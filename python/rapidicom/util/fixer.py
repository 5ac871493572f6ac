"""Callbacks that repair common non-standard values while reading, installed
as ``config.data_element_callback``."""

from typing import TYPE_CHECKING, Any

from rapidicom import config, datadict, values
from rapidicom.valuerep import VR

if TYPE_CHECKING:
    from rapidicom.dataelem import RawDataElement


def fix_separator_callback(raw_elem: "RawDataElement", **kwargs: Any) -> "RawDataElement":
    """`raw_elem` with ``invalid_separator`` read as the backslash, for the VRs
    in ``for_VRs`` (and, with ``process_unknown_VRs``, for elements whose VR is
    not known). A space separator keeps the value's trailing padding."""
    vr = raw_elem.VR
    if vr is None:
        try:
            vr = datadict.dictionary_VR(raw_elem.tag)
        except KeyError:
            fix = kwargs["process_unknown_VRs"]
        else:
            fix = vr in kwargs["for_VRs"]
    else:
        fix = vr in kwargs["for_VRs"]
    if not fix:
        return raw_elem
    value = raw_elem.value
    separator = kwargs["invalid_separator"]
    if value is not None:
        if separator == b" ":
            stripped = value.strip()
            value = stripped.replace(separator, b"\\") + b" " * (len(value) - len(stripped))
        else:
            value = value.replace(separator, b"\\")
    return raw_elem._replace(value=value)


def fix_separator(
    invalid_separator: bytes, for_VRs: tuple[str, ...] = ("DS", "IS"), process_unknown_VRs: bool = True
) -> None:
    """Read `invalid_separator` as the multi-value separator (backslash) in
    elements of the VRs `for_VRs` from now on."""
    config.data_element_callback = fix_separator_callback
    config.data_element_callback_kwargs = {
        "invalid_separator": invalid_separator,
        "for_VRs": for_VRs,
        "process_unknown_VRs": process_unknown_VRs,
    }


def fix_mismatch_callback(raw_elem: "RawDataElement", **kwargs: Any) -> "RawDataElement":
    """`raw_elem` with a VR of ``with_VRs`` that reads its value (the last that
    does, as pydicom), when its own VR does not; elements without a VR are left
    alone."""
    if raw_elem.VR is None:
        return raw_elem
    try:
        values.convert_value(raw_elem.VR, raw_elem)
    except ValueError:
        for vr in kwargs["with_VRs"]:
            try:
                values.convert_value(vr, raw_elem)
            except ValueError:
                continue
            raw_elem = raw_elem._replace(VR=vr)
    return raw_elem


def fix_mismatch(with_VRs: tuple[str, ...] = (VR.PN, VR.DS, VR.IS)) -> None:
    """Read elements whose value does not fit their VR with one of `with_VRs`
    that fits, from now on."""
    config.data_element_callback = fix_mismatch_callback
    config.data_element_callback_kwargs = {"with_VRs": with_VRs}
