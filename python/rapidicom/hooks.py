"""Hooks that turn a RawDataElement into a DataElement's VR and value; users may
replace them (``hooks.register_callback``) as in pydicom."""

from collections.abc import Callable, MutableSequence
from typing import TYPE_CHECKING, Any

from rapidicom import config
from rapidicom.datadict import dictionary_VR, private_dictionary_VR
from rapidicom.errors import BytesLengthException
from rapidicom.misc import warn_and_log
from rapidicom.tag import _LUT_DESCRIPTOR_TAGS, BaseTag

# A set: a membership test hashes instead of calling BaseTag.__eq__ per item.
_LUT_DESCRIPTORS = frozenset(_LUT_DESCRIPTOR_TAGS)

if TYPE_CHECKING:
    from rapidicom.dataelem import RawDataElement
    from rapidicom.dataset import Dataset


class Hooks:
    """The registered raw-element hooks and their extra keyword arguments."""

    def __init__(self) -> None:
        self.raw_element_value: Callable[..., None] = raw_element_value
        self.raw_element_vr: Callable[..., None] = raw_element_vr
        self.raw_element_kwargs: dict[str, Any] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if "hooks" in globals():  # not while the module itself is being set up
            config._refresh_fast_flags()

    def register_callback(self, hook: str, func: Callable[..., None]) -> None:
        """Use `func` for "raw_element_vr" or "raw_element_value"."""
        if not callable(func):
            raise TypeError("'func' must be a callable function")
        if hook == "raw_element_value":
            self.raw_element_value = func
        elif hook == "raw_element_vr":
            self.raw_element_vr = func
        else:
            raise ValueError(f"Unknown hook '{hook}'")

    def register_kwargs(self, hook: str, kwargs: dict[str, Any]) -> None:
        """Extra keyword arguments passed to the raw element hooks."""
        if not isinstance(kwargs, dict):
            raise TypeError(f"'kwargs' must be a dict, not '{type(kwargs).__name__}'")
        if hook == "raw_element_kwargs":
            self.raw_element_kwargs = kwargs
        else:
            raise ValueError(f"Unknown hook '{hook}'")


def _private_vr_for_tag(ds: "Dataset | None", tag: BaseTag) -> str:
    """LO for a private creator; the private dictionary's VR via the element's
    creator; otherwise UN."""
    if tag.is_private_creator:
        return "LO"
    if ds is not None and (tag.element & 0xFF00):
        creator = ds.get(tag.group << 16 | (tag.element >> 8), "")
        if creator:
            try:
                return private_dictionary_VR(tag, creator.value)
            except KeyError:
                pass
    return "UN"


def raw_element_vr(
    raw: "RawDataElement",
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: "Dataset | None" = None,
    **kwargs: Any,
) -> None:
    """Set ``data["VR"]``: the VR read, or for implicit VR (and UN when
    ``config.replace_un_with_known_vr``) the dictionary's."""
    vr = raw.VR
    if vr is None:
        try:
            vr = dictionary_VR(raw.tag)
        except KeyError:
            if raw.tag.is_private:
                vr = _private_vr_for_tag(ds, raw.tag)
            elif raw.tag.element == 0:
                vr = "UL"
            else:
                msg = f"VR lookup failed for the raw element with tag {raw.tag}"
                if config.settings.reading_validation_mode == config.RAISE:
                    raise KeyError(msg)
                vr = "UN"
                warn_and_log(f"{msg} - setting VR to 'UN'")
    elif vr == "UN" and config.replace_un_with_known_vr:
        if raw.tag.is_private:
            vr = _private_vr_for_tag(ds, raw.tag)
        elif raw.value is None or len(raw.value) < 0xFFFF:
            try:
                vr = dictionary_VR(raw.tag)
            except KeyError:
                pass
    data["VR"] = vr


def raw_element_value(
    raw: "RawDataElement",
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: "Dataset | None" = None,
    **kwargs: Any,
) -> None:
    """Set ``data["value"]``: the raw bytes converted for ``data["VR"]``."""
    from rapidicom.values import convert_value

    vr = data["VR"]
    try:
        value = convert_value(vr, raw, encoding)
    except NotImplementedError as exc:
        raise NotImplementedError(f"{exc} in tag {raw.tag}")
    except BytesLengthException as exc:
        msg = f"{exc} This occurred while trying to parse {raw.tag} according to VR '{raw.VR}'."
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(
                f"{msg} To replace this error with a warning set pydicom.config.convert_wrong_length_to_UN = True."
            )
        warn_and_log(f"{msg} Setting VR to 'UN'.")
        data["VR"] = "UN"
        value = raw.value
    if isinstance(value, list) and value and raw.tag in _LUT_DESCRIPTORS:
        # The first LUT Descriptor value is always unsigned (PS3.3 C.11.1.1.1).
        try:
            if value[0] < 0:
                value[0] += 65536
        except Exception:
            pass
    data["value"] = value


def raw_element_value_fix_separator(
    raw: "RawDataElement",
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: "Dataset | None",
    separator: str | bytes = b",",
    target_VRs: tuple[str, ...] | None = None,
    **kwargs: Any,
) -> None:
    """A ``"raw_element_value"`` callback for values whose multi-value separator
    is wrong: for the VRs in `target_VRs`, `separator` is read as a backslash."""
    if target_VRs and data["VR"] in target_VRs and isinstance(raw.value, bytes):
        wrong = separator.encode("ascii") if isinstance(separator, str) else separator
        raw = raw._replace(value=raw.value.replace(wrong, b"\\"))
    raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)


def raw_element_value_retry(
    raw: "RawDataElement",
    data: dict[str, Any],
    *,
    encoding: str | MutableSequence[str] | None = None,
    ds: "Dataset | None",
    target_VRs: dict[str, tuple[str, ...]] | None = None,
    **kwargs: Any,
) -> None:
    """A ``"raw_element_value"`` callback that, when the value cannot be read
    for its VR, tries the alternatives ``target_VRs[VR]`` in turn (the first that
    reads becomes the element's VR); the first error is raised if none does."""
    from rapidicom.values import convert_value

    try:
        raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
    except Exception as first:
        for candidate in (target_VRs or {}).get(data["VR"], ()):
            try:
                data["value"] = convert_value(candidate, raw)
            except Exception:
                continue
            data["VR"] = candidate
            return
        raise first


hooks = Hooks()
config._refresh_fast_flags()
