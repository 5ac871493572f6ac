"""One module for reading and writing: ``dcmread`` and ``dcmwrite``."""

from rapidicom.filereader import dcmread  # noqa: F401
from rapidicom.filewriter import dcmwrite  # noqa: F401
