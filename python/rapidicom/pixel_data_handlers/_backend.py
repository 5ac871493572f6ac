"""``Dataset.convert_pixel_data`` with ``pixel_array_options(
use_v2_backend=True)``: pydicom 2.x's handlers (``config.pixel_data_handlers``),
by name or the first that can."""

from typing import Any

from rapidicom import config


def convert(ds: Any, name: str) -> None:
    """Set ``ds._pixel_array`` with the handler `name`, or the first handler
    that supports the transfer syntax, has its packages and succeeds."""
    if name:
        _convert_with(ds, _handler_named(ds, name), name)
    else:
        _convert_with_any(ds)


def _handler_named(ds: Any, name: str) -> Any:
    handler_name = name.lower()
    if not handler_name.endswith("_handler"):
        handler_name += "_handler"
    handler_name = {"numpy_handler": "np_handler", "jpeg_ls_handler": "jpegls_handler"}.get(handler_name, handler_name)
    try:
        return getattr(config, handler_name)
    except AttributeError:
        raise ValueError(f"'{name}' is not a known handler name") from None


def _convert_with(ds: Any, handler: Any, name: str) -> None:
    tsyntax = ds.file_meta.TransferSyntaxUID
    if not handler.supports_transfer_syntax(tsyntax):
        raise NotImplementedError(
            f"Unable to decode pixel data with a transfer syntax UID of '{tsyntax}' ({tsyntax.name}) "
            f"using the pixel data handler '{name}'. Please see the pydicom documentation for "
            "information on supported transfer syntaxes."
        )
    if not handler.is_available():
        raise RuntimeError(
            f"The pixel data handler '{name}' is not available on your system. Please refer to "
            "the pydicom documentation for information on installing needed packages."
        )
    _decode(ds, handler)


def _convert_with_any(ds: Any) -> None:
    from importlib.util import find_spec

    tsyntax = ds.file_meta.TransferSyntaxUID
    possible = [h for h in config.pixel_data_handlers if h is not None and h.supports_transfer_syntax(tsyntax)]
    if not possible:
        raise NotImplementedError(
            f"Unable to decode pixel data with a transfer syntax UID of '{tsyntax}' ({tsyntax.name}) "
            "as there are no pixel data handlers available that support it. Please see the "
            "pydicom documentation for information on supported transfer syntaxes "
        )
    available = [h for h in possible if h.is_available()]
    if not available:
        needs = []
        for handler in possible:
            missing = [pkg for pkg in handler.DEPENDENCIES if find_spec(pkg) is None]
            names = [handler.DEPENDENCIES[pkg][1] for pkg in missing]
            needs.append(f"{handler.HANDLER_NAME} (req. {', '.join(names)})")
        raise RuntimeError(
            "The following handlers are available to decode the pixel data however they are "
            "missing required dependencies: " + ", ".join(needs)
        )
    last: Exception | None = None
    for handler in available:
        try:
            _decode(ds, handler)
            return
        except Exception as exc:
            config.logger.debug("Exception raised by pixel data handler", exc_info=exc)
            last = exc
    ds._pixel_array = None
    ds._pixel_id = {}
    config.logger.info(
        "Unable to decode the pixel data using the following handlers: {}.Please see the list of "
        "supported Transfer Syntaxes in the pydicom documentation for alternative packages that "
        "might be able to decode the data".format(", ".join(str(h) for h in available))
    )
    raise last  # type: ignore[misc]


def _decode(ds: Any, handler: Any) -> None:
    from rapidicom.pixels.processing import convert_color_space
    from rapidicom.pixels.utils import get_image_pixel_ids, reshape_pixel_array

    ds._pixel_array = reshape_pixel_array(ds, handler.get_pixeldata(ds))
    if handler.needs_to_convert_to_RGB(ds):
        ds._pixel_array = convert_color_space(ds._pixel_array, "YBR_FULL", "RGB")
    ds._pixel_id = get_image_pixel_ids(ds)
