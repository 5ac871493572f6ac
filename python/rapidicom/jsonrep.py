"""The DICOM JSON Model (PS3.18 Annex F), as pydicom 3.0 maps it.

This module holds the complete rules: the conversions for every VR, the bulk data
handlers and thresholds, and the errors pydicom raises. ``Dataset.to_json`` and
``Dataset.from_json`` take the native path (``rapidicom._native``) when no handler
is involved; it produces the same text and the same objects, and hands elements
it is not certain about back to the functions here.
"""

import base64
import json
from collections.abc import Callable
from contextlib import nullcontext
from inspect import signature
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from rapidicom import _native, config
from rapidicom.misc import warn_and_log
from rapidicom.valuerep import AMBIGUOUS_VR, BYTES_VR, FLOAT_VR, INT_VR, VR

if TYPE_CHECKING:  # pragma: no cover
    from rapidicom.dataelem import DataElement
    from rapidicom.dataset import Dataset

JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")

OtherValueType = None | str | int | float
PNValueType = None | str | dict[str, str]
SQValueType = dict[str, Any] | None
ValueType: TypeAlias = PNValueType | SQValueType | OtherValueType
InlineBinaryType: TypeAlias = str | list[str]
BulkDataURIType: TypeAlias = str | list[str]
JSONValueType = list[ValueType] | InlineBinaryType | BulkDataURIType
BulkDataType = None | str | int | float | bytes
BulkDataHandlerType = Callable[[str, str, str], BulkDataType] | None

_INT_NUMBER_VR = frozenset(str(v) for v in (INT_VR - {VR.AT}) | {VR.US_SS})
_FLOAT_NUMBER_VR = frozenset(str(v) for v in FLOAT_VR)
# Values written as InlineBinary / BulkDataURI rather than "Value".
_BINARY_VR = frozenset(str(v) for v in (BYTES_VR | AMBIGUOUS_VR) - {VR.US_SS})


def convert_to_python_number(value: Any, vr: str) -> Any:
    """`value` (one value or a list) as int or float for the number VRs."""
    from rapidicom.dataelem import empty_value_for_VR

    if value is None:
        return value
    if vr in _INT_NUMBER_VR:
        number_type: type[int | float] = int
    elif vr in _FLOAT_NUMBER_VR:
        number_type = float
    else:
        return value
    if isinstance(value, list | tuple):
        return [number_type(v) if v is not None else empty_value_for_VR(vr) for v in value]
    return number_type(value)


def _value_key(mapping: dict[str, Any]) -> str | None:
    """The one of "Value", "BulkDataURI" and "InlineBinary" that `mapping` has."""
    for key in mapping:
        if key in JSON_VALUE_KEYS:
            return key
    return None


class JsonDataElementConverter:
    """Turns the JSON of one element into the value of its DataElement."""

    def __init__(
        self,
        dataset_class: type["Dataset"],
        tag: str,
        vr: str,
        value: JSONValueType,
        value_key: str | None,
        bulk_data_uri_handler: BulkDataHandlerType | Callable[[str], BulkDataType] | None = None,
    ) -> None:
        self.dataset_class = dataset_class
        self.tag = tag
        self.vr = vr
        self.value = value
        self.value_key = value_key
        self.bulk_data_element_handler: BulkDataHandlerType = _three_argument_handler(bulk_data_uri_handler)

    def get_element_values(self) -> Any:
        """The element's value, from whichever of the value keys it has."""
        from rapidicom.dataelem import empty_value_for_VR

        if self.value_key is None:
            return empty_value_for_VR(self.vr)
        if self.value_key == "Value":
            if not isinstance(self.value, list):
                raise TypeError(f"'{self.value_key}' of data element '{self.tag}' must be a list")
            if not self.value:
                return empty_value_for_VR(self.vr)
            values = [self.get_regular_element_value(v) for v in cast(list[ValueType], self.value)]
            element_value: Any = values[0] if len(values) == 1 and self.vr != VR.SQ else values
            return convert_to_python_number(element_value, self.vr)
        value = self.value[0] if isinstance(self.value, list) else self.value
        if self.value_key == "InlineBinary":
            if not isinstance(value, str):
                raise TypeError(
                    f"Invalid attribute value for data element '{self.tag}' - the value "
                    f"for 'InlineBinary' must be str, not {type(value).__name__}"
                )
            return base64.b64decode(value)
        if self.value_key == "BulkDataURI":
            if not isinstance(value, str):
                raise TypeError(
                    f"Invalid attribute value for data element '{self.tag}' - the value "
                    f"for 'BulkDataURI' must be str, not {type(value).__name__}"
                )
            if self.bulk_data_element_handler is None:
                warn_and_log(f'No bulk data URI handler provided for retrieval of value of data element "{self.tag}"')
                return empty_value_for_VR(self.vr)
            return self.bulk_data_element_handler(self.tag, self.vr, value)
        raise ValueError(f"Unknown attribute name '{self.value_key}' for tag {self.tag}")

    def get_regular_element_value(self, value: ValueType) -> Any:
        """One item of a "Value" list."""
        from rapidicom.dataelem import empty_value_for_VR

        if self.vr == VR.SQ:
            return self.get_sequence_item(cast(SQValueType, value))
        if value is None:
            return empty_value_for_VR(self.vr)
        if self.vr == VR.PN:
            return self.get_pn_element_value(cast(dict[str, str], value))
        if self.vr == VR.AT:
            try:
                return int(cast(str, value), 16)
            except ValueError:
                warn_and_log(f"Invalid value '{value}' for AT element - ignoring it")
            return None
        return value

    def get_sequence_item(self, value: SQValueType) -> "Dataset":
        """A sequence item: a dataset of the converter's class."""
        from rapidicom.dataelem import DataElement, empty_value_for_VR

        ds = self.dataset_class()
        for key, val in (value or {}).items():
            if "vr" not in val:
                raise KeyError(f"Data element '{self.tag}' must have key 'vr'")
            vr = val["vr"]
            value_key = _value_key(val)
            if value_key is None:
                elem = DataElement(tag=int(key, 16), value=empty_value_for_VR(vr), VR=vr)
            else:
                elem = DataElement.from_json(
                    self.dataset_class, key, vr, val[value_key], value_key, self.bulk_data_element_handler
                )
            ds.add(elem)
        return ds

    def get_pn_element_value(self, value: str | dict[str, str]) -> str:
        """A person name from its "Alphabetic"/"Ideographic"/"Phonetic" groups."""
        if not isinstance(value, dict):
            warn_and_log(f"Value of data element '{self.tag}' with VR Person Name (PN) is not formatted correctly")
            return value
        if "Phonetic" in value:
            groups = ["", "", ""]
        elif "Ideographic" in value:
            groups = ["", ""]
        else:
            groups = [""]
        for i, name in enumerate(("Alphabetic", "Ideographic", "Phonetic")):
            if name in value:
                groups[i] = value[name]
        return "=".join(groups)


def _three_argument_handler(handler: Callable[..., BulkDataType] | None) -> BulkDataHandlerType:
    """A bulk data URI handler taking (tag, vr, uri); one-argument handlers get the uri."""
    if handler and len(signature(handler).parameters) == 1:
        one_argument = cast(Callable[[str], BulkDataType], handler)

        def wrapper(tag: str, vr: str, value: str) -> BulkDataType:
            return one_argument(value)

        return wrapper
    return cast(BulkDataHandlerType, handler)


# -- DataElement and Dataset to JSON ------------------------------------------------


def element_to_json_dict(
    elem: "DataElement",
    bulk_data_element_handler: Callable[["DataElement"], str] | None,
    bulk_data_threshold: int,
) -> dict[str, Any]:
    """``DataElement.to_json_dict``."""
    json_element: dict[str, Any] = {"vr": elem.VR}
    vr = elem.VR
    if vr in _BINARY_VR:
        if not elem.is_empty:
            binary_value = elem.value
            if bulk_data_element_handler is not None and len(binary_value) > bulk_data_threshold // 4 * 3:
                json_element["BulkDataURI"] = bulk_data_element_handler(elem)
            else:
                config._logger().info(f"encode bulk data element '{elem.name}' inline")
                json_element["InlineBinary"] = base64.b64encode(binary_value).decode("utf-8")
    elif vr == VR.SQ:
        json_element["Value"] = [
            ds.to_json(
                bulk_data_element_handler=bulk_data_element_handler,
                bulk_data_threshold=bulk_data_threshold,
                dump_handler=lambda d: d,  # type: ignore[arg-type, return-value]
            )
            for ds in elem.value
        ]
    elif vr == VR.PN:
        if not elem.is_empty:
            names = elem.value if elem.VM > 1 else [elem.value]
            groups = []
            for name in names:
                components = name.components
                group = {"Alphabetic": components[0]}
                if len(components) > 1:
                    group["Ideographic"] = components[1]
                if len(components) > 2:
                    group["Phonetic"] = components[2]
                groups.append(group)
            json_element["Value"] = groups
    elif vr == VR.AT:
        if not elem.is_empty:
            tags = [elem.value] if elem.VM == 1 else elem.value
            json_element["Value"] = [format(v, "08X") for v in tags]
    elif not elem.is_empty:
        json_element["Value"] = list(elem.value) if elem.VM > 1 else [elem.value]
    if "Value" in json_element:
        json_element["Value"] = convert_to_python_number(json_element["Value"], vr)
    return json_element


def dataset_to_json_dict(
    ds: "Dataset",
    bulk_data_threshold: int,
    bulk_data_element_handler: Callable[["DataElement"], str] | None,
    suppress_invalid_tags: bool,
) -> dict[str, Any]:
    """``Dataset.to_json_dict``: elements that fail are skipped (with a logged
    warning) when `suppress_invalid_tags`, and then values are read strictly."""
    json_dataset = {}
    context = config._strict_reading_in_this_thread() if suppress_invalid_tags else nullcontext()
    with context:
        for key in ds.keys():
            json_key = f"{key:08X}"
            try:
                json_dataset[json_key] = ds[key].to_json_dict(
                    bulk_data_element_handler=bulk_data_element_handler,
                    bulk_data_threshold=bulk_data_threshold,
                )
            except Exception as exc:
                if not suppress_invalid_tags:
                    config._logger().error(f"Error while processing tag {json_key}")
                    raise
                config._logger().warning(f"Error while processing tag {json_key}: {exc}")
    return json_dataset


def dataset_json_text(ds: "Dataset", suppress_invalid_tags: bool) -> str:
    """``to_json()`` with the default dump and no bulk data handler: written
    natively, with elements the native writer cannot decide asked of
    :func:`_element_text`."""
    context = config._strict_reading_in_this_thread() if suppress_invalid_tags else nullcontext()
    with context:
        flags = config._flags_now() if config._overrides else config._fast_flags
        reading = (
            config.settings.infer_sq_for_un_vr,
            config.replace_un_with_known_vr,
            config.assume_implicit_vr_switch,
        )
        return _native.dataset_to_json(ds, flags, suppress_invalid_tags, _element_text, _report, _charset, reading)


def _element_text(elem: "DataElement") -> str:
    return json.dumps(elem.to_json_dict(None, 1024), sort_keys=True)


def _report(json_key: str, exc: BaseException, suppressed: bool) -> None:
    if suppressed:
        config._logger().warning(f"Error while processing tag {json_key}: {exc}")
    else:
        config._logger().error(f"Error while processing tag {json_key}")


def _charset(ds: "Dataset") -> Any:
    return ds._read_charset or ds._store_charset()


def dumps(d: Any) -> str:
    """The default ``dump_handler``: ``json.dumps`` with sorted keys."""
    return json.dumps(d, sort_keys=True)


# -- JSON to Dataset ----------------------------------------------------------------


def dataset_from_json(
    cls: type["Dataset"],
    json_dataset: dict[str, Any] | str | bytes | bytearray,
    bulk_data_uri_handler: Callable[..., BulkDataType] | None,
) -> "Dataset":
    """``Dataset.from_json`` for a mapping (or text the native parser left to us)."""
    from rapidicom.dataelem import DataElement

    if isinstance(json_dataset, str | bytes | bytearray):
        if bulk_data_uri_handler is None:
            made = _native_from_json(cls, json_dataset)
            if made is not None:
                return made
        json_dataset = cast(dict[str, Any], json.loads(json_dataset))
    dataset = cls()
    for tag, mapping in json_dataset.items():
        vr = mapping["vr"]
        value_key = _value_key(mapping)
        value = [""] if value_key is None else mapping[value_key]
        dataset.add(DataElement.from_json(cls, tag, vr, value, value_key, bulk_data_uri_handler))
    return dataset


def _native_from_json(cls: type["Dataset"], text: str | bytes | bytearray) -> "Dataset | None":
    """The dataset parsed and built natively, or None when Python must parse the
    text (malformed, NaN/Infinity, not UTF-8, not an object, ...)."""
    if isinstance(text, str):
        try:
            text = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: json.loads decides
            return None
    flags = config._flags_now() if config._overrides else config._fast_flags
    made = _native.dataset_from_json(bytes(text), cls, flags, _add_element, _make_item, _template(cls))
    return cast("Dataset | None", made)


def _template(cls: type["Dataset"]) -> dict[str, Any] | None:
    """What ``cls()`` sets, for the native builder to copy into each new dataset
    instead of calling ``__init__``; None when ``cls`` makes its own."""
    from rapidicom.dataset import Dataset

    if cls.__init__ is not Dataset.__init__ or cls.__new__ is not object.__new__:
        return None
    return cls().__dict__


def _add_element(ds: "Dataset", cls: type["Dataset"], key: str, mapping: Any, parent: str | None) -> None:
    """One element the native builder left to Python: at the top level as
    ``Dataset.from_json`` adds it, in an item as ``get_sequence_item`` does."""
    from rapidicom.dataelem import DataElement, empty_value_for_VR

    if parent is None:
        vr = mapping["vr"]
        value_key = _value_key(mapping)
        value = [""] if value_key is None else mapping[value_key]
        ds.add(DataElement.from_json(cls, key, vr, value, value_key, None))
        return
    if "vr" not in mapping:
        raise KeyError(f"Data element '{parent}' must have key 'vr'")
    vr = mapping["vr"]
    value_key = _value_key(mapping)
    if value_key is None:
        ds.add(DataElement(tag=int(key, 16), value=empty_value_for_VR(vr), VR=vr))
    else:
        ds.add(DataElement.from_json(cls, key, vr, mapping[value_key], value_key, None))


def _make_item(cls: type["Dataset"], parent: str, item: Any) -> "Dataset":
    """A sequence item that is not a JSON object, as pydicom's converter takes it."""
    return JsonDataElementConverter(cls, parent, "SQ", [item], "Value").get_sequence_item(item)
