"""The cleaned rows of a validated import, kept for the commit so the file is not parsed twice.

One CSV line per row: the spreadsheet row number, then the row's values as
the rules returned them (`Decimal` and dates as text, references by their
code or id). Parsing this is a small fraction of parsing the xlsx, and the
commit re-runs the same rules on it (they are idempotent on cleaned values).
The rows live in a temporary file, so memory stays flat whatever the size;
a job keeps it in storage between its validate and commit processes, with
its SHA-256 on the job so the commit reads exactly what was validated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator


class RowsWriter:
    """Write cleaned rows to a temporary file (deleted when closed)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
        self._text = io.TextIOWrapper(self.file, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text)
        self.count = 0

    def write(self, number: int, values: list) -> None:
        self._writer.writerow([number, *("" if v is None else v for v in values)])
        self.count += 1

    def finish(self):
        """The binary file, rewound, for `read_rows_file` or storage."""
        self._text.flush()
        self._text.detach()
        self.file.seek(0)
        return self.file


def read_rows_file(binary) -> Iterator[tuple[int, list[str]]]:
    """(row number, values as text, '' for empty) for each line written by RowsWriter."""
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    try:
        for line in csv.reader(text):
            yield int(line[0]), line[1:]
    finally:
        text.detach()


def sha256_of(binary) -> str:
    """SHA-256 of a binary file object from its start; leaves it rewound."""
    binary.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: binary.read(1 << 20), b""):
        digest.update(block)
    binary.seek(0)
    return digest.hexdigest()
