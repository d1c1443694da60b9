"""Spreadsheet import of batches and usages: validate every row, then commit all or nothing.

Firms keep their batch registers (材料进场台账) in spreadsheets. An import
runs in two phases, each in a background process (`manage.py
materials_import --job N --phase validate|commit`) that the page starts and
polls:

1. validate (`phases.validate_file`): read the file row by row (openpyxl
   read-only / csv, so memory stays flat whatever the size), check each row
   with the same rules as the services (`services.clean_batch` for batches,
   `usage_record`'s rules for usages), list every problem as (row, field,
   message). Nothing is stored. The references the rows name (material
   types, organisations, batches, unit projects) are looked up a chunk of
   rows at a time, not per row. A clean file's cleaned rows are kept in a
   file beside the job (`rowsfile`, with its SHA-256 on the job).
2. commit (`phases.commit_rows`): one transaction. Lock the project (and for
   usages each batch the rows use), check every cleaned row again with the
   same rules (the data may have changed since), insert in chunks (COPY on
   PostgreSQL, `bulk_create` elsewhere) with one history entry per record
   plus one for the import naming the file and its SHA-256. Any problem
   rolls back everything and the job lists it.

The same rules as `batch_register` / `usage_record` hold: the project's
writers only, not on a completed project, known types and organisations,
quantities in range, dates not in the future, usages only of accepted
batches and never more than the batch holds. Files are not attached to
imported batches (certificates are uploaded on the batch page).
"""

from materials.imports.jobs import (
    count_rows,
    job_create,
    job_file_kind,
    job_run,
    job_start,
    jobs_expire,
    read_progress,
)
from materials.imports.phases import CHUNK, commit_rows, validate_file
from materials.imports.table import (
    BATCH_COLUMNS,
    BATCH_REQUIRED,
    MAX_ROWS,
    USAGE_COLUMNS,
    USAGE_REQUIRED,
    Outcome,
    Problem,
)

__all__ = [
    "BATCH_COLUMNS",
    "BATCH_REQUIRED",
    "CHUNK",
    "MAX_ROWS",
    "USAGE_COLUMNS",
    "USAGE_REQUIRED",
    "Outcome",
    "Problem",
    "commit_rows",
    "count_rows",
    "job_create",
    "job_file_kind",
    "job_run",
    "job_start",
    "jobs_expire",
    "read_progress",
    "validate_file",
]
