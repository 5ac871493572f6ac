"""Version information."""

__version__ = "0.1.0"
__version_info__ = tuple(__version__.split("."))
# The DICOM edition of the data dictionary (tools/dicom-standard).
__dicom_version__ = "2024c"
# The DICOM edition of the structured-report code tables (rapidicom.sr).
__concepts_version__ = "2024c"
