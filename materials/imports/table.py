"""Reading an import file: column headings, rows as dicts, problems as (row, field, message)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from common.xlsx import read_rows
from materials.imports.sheet import iter_xlsx_rows
from materials.models import ImportJob

MAX_ROWS = 200_000

#: field -> accepted column headings (English code, Chinese register headings)
BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "material_type": ("material_type", "材料类型", "材料代码"),
    "spec": ("spec", "规格型号", "规格"),
    "manufacturer": ("manufacturer", "生产厂家", "生产厂家代码", "厂家统一社会信用代码"),
    "supplier": ("supplier", "供应商", "供应商代码"),
    "batch_number": ("batch_number", "批号", "炉号", "批号/炉号"),
    "quantity": ("quantity", "数量"),
    "unit": ("unit", "单位"),
    "produced_on": ("produced_on", "生产日期"),
    "arrived_on": ("arrived_on", "进场日期"),
    "certificate_number": ("certificate_number", "合格证编号"),
}
BATCH_REQUIRED = ("material_type", "spec", "manufacturer", "batch_number", "quantity", "unit", "arrived_on")

USAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "batch_id": ("batch_id", "批次ID", "批次编号"),
    "manufacturer": ("manufacturer", "生产厂家", "生产厂家代码"),
    "batch_number": ("batch_number", "批号", "炉号", "批号/炉号"),
    "unit_project": ("unit_project", "单位工程"),
    "location": ("location", "部位", "使用部位"),
    "quantity": ("quantity", "数量", "用量"),
    "used_on": ("used_on", "使用日期"),
}
USAGE_REQUIRED = ("unit_project", "location", "quantity", "used_on")


@dataclass
class Problem:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": str(self.message)}


@dataclass
class Outcome:
    """What a phase found: rows read, every problem (the first ones kept), records created."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    created: int = 0

    def add(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.problems) < ImportJob.MAX_STORED_ERRORS:
            self.problems.append(problem)


def _header_map(header: list[Any], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    lookup = {alias.lower(): key for key, aliases in columns.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for i, heading in enumerate(header):
        key = lookup.get(str(heading or "").strip().lower())
        if key and key not in mapping:
            mapping[key] = i
    return mapping


def _non_empty(rows):
    for number, values in rows:
        for v in values:
            if v is not None and v != "":
                yield number, values
                break


def read_table(
    file, file_kind: str, columns: dict[str, tuple[str, ...]], required: tuple[str, ...], outcome: Outcome
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, {field: value}) for every data row; header problems go to `outcome`.

    Stops (with a problem) past MAX_ROWS rows, so a huge file cannot exhaust the job.
    """
    rows = _non_empty(iter_xlsx_rows(file)) if file_kind == "xlsx" else read_rows(file, kind=file_kind)
    try:
        header_no, header = next(rows)
    except StopIteration:
        outcome.add(Problem(1, "", _("The file is empty.")))
        return
    mapping = _header_map(header, columns)
    missing = [c for c in required if c not in mapping]
    for c in missing:
        outcome.add(
            Problem(
                header_no,
                c,
                _("Column %(c)s is missing (accepted headings: %(h)s).") % {"c": c, "h": ", ".join(columns[c])},
            )
        )
    if missing:
        return
    items = list(mapping.items())
    width = max(mapping.values()) + 1
    for number, values in rows:
        outcome.rows += 1
        if outcome.rows > MAX_ROWS:
            outcome.rows -= 1
            outcome.add(Problem(number, "", _("A file may hold at most %(n)d rows; split it.") % {"n": MAX_ROWS}))
            return
        if len(values) < width:
            values = [*values, *([None] * (width - len(values)))]
        yield number, {k: values[i] for k, i in items}
