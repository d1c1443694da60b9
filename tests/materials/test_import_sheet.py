"""The import's xlsx reader gives, cell for cell, what openpyxl's own read-only reader gives."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from common.xlsx import read_rows
from materials.imports.sheet import count_xlsx_rows, iter_xlsx_rows

ROWS = [
    ["material_type", "quantity", "arrived_on", "note", None, "flag"],
    ["rebar_hrb", 30, dt.date(2024, 3, 5), "普通文本", None, True],
    ["cement_po", 12.75, dt.datetime(2024, 3, 6, 14, 30), "  spaces kept  ", "E", False],
    [None, None, None, None, None, None],  # an empty row in between
    ["concrete", Decimal("1000000"), "2024-03-07", "=1+1", 3e-5, None],
    ["x" * 300, -4, dt.date(1904, 1, 2), CellRichText(["富", TextBlock(InlineFont(b=True), "文本")]), 7, "#N/A"],
]


def workbook(*, write_only: bool, epoch=None) -> io.BytesIO:
    wb = Workbook(write_only=write_only)
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.create_sheet("台账") if write_only else wb.active
    for row in ROWS:
        ws.append(row)
    wb.create_sheet("说明").append(["only the first sheet is read"])
    if not write_only:
        ws["AB9"] = "far away"  # sparse: column 28, row 9
        ws["A12"] = 5
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def trimmed(rows):
    out = []
    for number, values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((number, values))
    return out


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings and styles", "inline strings"])
@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904], ids=["1900", "1904"])
def test_every_cell_reads_as_openpyxl_reads_it(write_only, epoch):
    expected = trimmed(read_rows(workbook(write_only=write_only, epoch=epoch), kind="xlsx"))
    got = trimmed(iter_xlsx_rows(workbook(write_only=write_only, epoch=epoch)))
    assert got == expected
    assert got[1] == (2, ["rebar_hrb", 30, dt.datetime(2024, 3, 5), "普通文本", None, True])
    assert got[3][0] == 5  # spreadsheet row numbers, empty rows skipped by the caller only
    assert got[4][1][3] == "富文本"


def test_rows_are_counted_from_the_dimension_or_the_row_tags():
    assert count_xlsx_rows(workbook(write_only=False)) == 12  # <dimension ref="A1:AB12"/>
    assert count_xlsx_rows(workbook(write_only=True)) == 6  # no dimension: <row> tags
