"""Shared fixtures: every test starts from pydicom's default configuration, in both
libraries, and leaves it that way."""

import pytest

import rapidicom


@pytest.fixture(autouse=True)
def _default_config():
    yield
    rapidicom.config.settings.reading_validation_mode = None  # type: ignore[assignment]
    rapidicom.config.settings._reading_validation_mode = None
    rapidicom.config.settings._writing_validation_mode = None
    rapidicom.config.datetime_conversion = False
    rapidicom.config.use_none_as_empty_text_VR_value = False
    rapidicom.config.INVALID_KEYWORD_BEHAVIOR = "WARN"
    rapidicom.config.INVALID_KEY_BEHAVIOR = "WARN"
    rapidicom.config.DS_decimal(False)
