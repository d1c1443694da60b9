"""Spreadsheet helpers without domain knowledge: streaming xlsx export and row reading.

Exports use openpyxl's write-only mode (rows are written as they come, so a
large export does not hold the whole sheet in memory); reading uses its
read-only mode, one row at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.to_integral_value() or abs(value) < 10**12 else str(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if value is None or isinstance(value, str | int | float | dt.date | bool):
        return value
    return str(value)


def write_xlsx(out, *, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write one sheet (bold header row, frozen) to a binary file object; returns the row count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Sheet1")
    ws.freeze_panes = "A2"
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=str(h))
        c.font = Font(bold=True)
        header_cells.append(c)
    ws.append(header_cells)
    n = 0
    for row in rows:
        ws.append([_cell_value(v) for v in row])
        n += 1
    wb.save(out)
    return n


def xlsx_response(filename: str, *, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> FileResponse:
    """An xlsx download, spooled to disk past 8 MB so big exports stay out of memory."""
    tmp = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(tmp, title=title, headers=headers, rows=rows)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_MIME)


def read_rows(path_or_file, *, kind: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) for every non-empty row of an xlsx (first sheet) or CSV file.

    Row numbers are as a spreadsheet shows them (the header is row 1).
    CSV is read as UTF-8 (with or without BOM), falling back to GB18030,
    the encoding Chinese Excel writes.
    """
    if kind == "xlsx":
        wb = load_workbook(path_or_file, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                values = list(row)
                if any(v not in (None, "") for v in values):
                    yield i, values
        finally:
            wb.close()
        return
    binary = path_or_file if hasattr(path_or_file, "read") else open(path_or_file, "rb")  # noqa: SIM115
    head = binary.read(65536)
    binary.seek(0)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "gb18030"
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        for i, values in enumerate(csv.reader(text), start=1):
            if any(v.strip() for v in values):
                yield i, values
    finally:
        text.detach()
        if binary is not path_or_file:
            binary.close()


def sniff_kind(head: bytes) -> str | None:
    """xlsx (a zip) or csv (text); None for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            head[:-4].decode("gb18030") if len(head) > 4 else head.decode("gb18030")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    return "csv"
