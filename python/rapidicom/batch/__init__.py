"""Batch work over many files: metadata tables, JSON, conversion and export,
run locally on threads or on a Dask cluster, with a summary of what failed."""

from rapidicom.batch.table import metadata_table, write_table

__all__ = ["metadata_table", "write_table"]
