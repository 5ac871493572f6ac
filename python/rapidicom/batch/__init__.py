"""Batch work over many files: metadata tables, whole-header tables and
datasets, JSON, conversion and export, run locally on threads or on a Dask
cluster, with a summary of what failed."""

from rapidicom.batch.header_dataset import open_header_dataset, write_header_dataset
from rapidicom.batch.header_table import header_batches, header_table
from rapidicom.batch.table import metadata_table, write_table

__all__ = [
    "header_batches",
    "header_table",
    "metadata_table",
    "open_header_dataset",
    "write_header_dataset",
    "write_table",
]
