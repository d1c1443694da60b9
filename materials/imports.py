"""Spreadsheet import of batches and usages: validate every row, then commit all or nothing.

Firms keep their batch registers (材料进场台账) in spreadsheets. An import
runs in two phases, each in a background process (`manage.py
materials_import --job N --phase validate|commit`) that the page starts and
polls:

1. validate: read the file row by row (openpyxl read-only / csv, so memory
   stays flat whatever the size), check each row with the same rules as the
   services (`services.clean_batch`, `usage` rules), list every problem as
   (row, field, message). Nothing is stored.
2. commit: only for a file without problems. One transaction: lock the
   project (and for usages its batches), check every row again (the data may
   have changed since), insert in chunks with `bulk_create`, append one
   history entry per row plus one for the import. Any problem rolls back
   everything and the job lists it.

The same rules as `batch_register` / `usage_record` hold: the project's
writers only, not on a completed project, known types and organisations,
quantities in range, dates not in the future, usages only of accepted
batches and never more than the batch holds. Files are not attached to
imported batches (certificates are uploaded on the batch page).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.history import current_request_id
from common.identifiers import normalize_code
from common.models import ChangeRecord
from common.xlsx import read_rows, sniff_kind
from materials import access, rules
from materials.locations import location_key, normalize_location
from materials.models import Batch, BatchStatus, ImportJob, MaterialType, Usage
from materials.selectors import used_per_batch
from materials.services.batches import clean_batch, require_open_project
from projects.models import Organization, Project

CHUNK = 2000
PROGRESS_EVERY = 1000
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
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    created: int = 0

    def add(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.problems) < ImportJob.MAX_STORED_ERRORS:
            self.problems.append(problem)


def _header_map(header: list[Any], columns: dict[str, tuple[str, ...]]) -> tuple[dict[str, int], list[Problem]]:
    names = [str(h or "").strip() for h in header]
    lookup = {alias.lower(): key for key, aliases in columns.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for i, name in enumerate(names):
        key = lookup.get(name.lower())
        if key and key not in mapping:
            mapping[key] = i
    return mapping, []


def _rows(path, kind: str, columns, required) -> Iterator[tuple[int, dict[str, Any] | None, list[Problem]]]:
    rows = read_rows(path, kind=kind)
    try:
        header_no, header = next(rows)
    except StopIteration:
        yield 1, None, [Problem(1, "", _("The file is empty."))]
        return
    mapping, _unused = _header_map(header, columns)
    missing = [c for c in required if c not in mapping]
    if missing:
        yield (
            header_no,
            None,
            [
                Problem(
                    header_no,
                    c,
                    _("Column %(c)s is missing (accepted headings: %(h)s).") % {"c": c, "h": ", ".join(columns[c])},
                )
                for c in missing
            ],
        )
        return
    for number, values in rows:
        yield number, {k: (values[i] if i < len(values) else None) for k, i in mapping.items()}, []


class _Lookups:
    """Reference data the rows name, fetched once per import (not once per row)."""

    def __init__(self, project: Project):
        self.project = project
        self.types = {mt.code: mt for mt in MaterialType.objects.filter(active=True)}
        self._orgs: dict[str, Organization | None] = {}

    def material_type(self, value) -> Any:
        return self.types.get(str(value or "").strip(), value)

    def organization(self, value) -> Any:
        text = normalize_code(str(value or ""))
        if not text:
            return None
        if text not in self._orgs:
            self._orgs[text] = Organization.objects.filter(uscc=text).prefetch_related("kinds").first()
        return self._orgs[text] or value


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(f, m) for f, msgs in exc.message_dict.items() for m in msgs]
    return [("", m) for m in exc.messages]


def _check_batch_row(lk: _Lookups, row: dict[str, Any]) -> dict:
    data = {k: row.get(k) for k in BATCH_COLUMNS}
    data["material_type"] = lk.material_type(data["material_type"])
    data["manufacturer"] = lk.organization(data["manufacturer"])
    data["supplier"] = lk.organization(data["supplier"])
    for k in ("spec", "batch_number", "certificate_number", "unit"):
        data[k] = "" if data[k] is None else str(data[k])
    return clean_batch(**data)


class _UsageState:
    def __init__(self, project: Project, *, lock: bool):
        qs = Batch.objects.filter(project=project)
        if lock:
            qs = qs.select_for_update()
        self.batches = {b.pk: b for b in qs.select_related("manufacturer")}
        self.by_number: dict[tuple[str, str], list[Batch]] = {}
        for b in self.batches.values():
            self.by_number.setdefault((b.manufacturer.uscc, b.batch_number_key), []).append(b)
        self.used = used_per_batch(list(self.batches))
        self.units = {u.name: u for u in project.unit_projects.all()}


def _check_usage_row(st: _UsageState, row: dict[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    batch = None
    raw_id = str(row.get("batch_id") or "").strip()
    if raw_id:
        batch = st.batches.get(int(raw_id)) if raw_id.isdigit() else None
        if batch is None:
            errors["batch_id"] = [_("No batch %(v)s on this project.") % {"v": raw_id}]
    else:
        key = (
            normalize_code(str(row.get("manufacturer") or "")),
            rules.batch_number_key(str(row.get("batch_number") or "")),
        )
        found = st.by_number.get(key, [])
        if not key[0] or not key[1]:
            errors["batch_number"] = [_("Give batch_id, or the manufacturer's code and the batch number.")]
        elif not found:
            errors["batch_number"] = [_("No batch with this manufacturer and batch number on this project.")]
        elif len(found) > 1:
            errors["batch_number"] = [
                _("Several batches match; give batch_id (%(ids)s).") % {"ids": ", ".join(str(b.pk) for b in found)}
            ]
        else:
            batch = found[0]
    unit = st.units.get(str(row.get("unit_project") or "").strip())
    if unit is None:
        errors["unit_project"] = [_("No unit project named %(v)s on this project.") % {"v": row.get("unit_project")}]
    location = rules.collect(errors, "location", normalize_location, str(row.get("location") or ""))
    quantity = rules.collect(errors, "quantity", rules.clean_quantity, row.get("quantity"))
    used_on = rules.collect(errors, "used_on", rules.clean_date, row.get("used_on"))
    if batch is not None:
        if batch.status != BatchStatus.ACCEPTED:
            errors.setdefault("batch_number", []).append(
                _("Batch %(n)s is %(s)s; only accepted batches may be used.")
                % {"n": batch.batch_number, "s": batch.get_status_display()}
            )
        if used_on and used_on < batch.arrived_on:
            errors.setdefault("used_on", []).append(
                _("A batch cannot be used before it arrived (%(d)s).") % {"d": batch.arrived_on}
            )
        if quantity and not errors:
            used = st.used.get(batch.pk, Decimal(0)) + quantity
            if used > batch.quantity:
                errors["quantity"] = [
                    _("Usages of batch %(n)s would reach %(u)s of %(q)s %(unit)s.")
                    % {
                        "n": batch.batch_number,
                        "u": used.normalize(),
                        "q": batch.quantity.normalize(),
                        "unit": batch.unit,
                    }
                ]
            else:
                st.used[batch.pk] = used
    if errors:
        raise ValidationError(errors)
    return {"batch": batch, "unit_project": unit, "location": location, "quantity": quantity, "used_on": used_on}


def _history_rows(actor, action: str, objs: list, project: Project) -> list[ChangeRecord]:
    target = ContentType.objects.get_for_model(type(objs[0]))
    scope = ContentType.objects.get_for_model(Project)
    now, rid = timezone.now(), current_request_id()
    name = actor.get_username()
    return [
        ChangeRecord(
            at=now,
            actor=actor,
            actor_name=name,
            request_id=rid,
            action=action,
            target_type=target,
            target_id=o.pk,
            target_repr=str(o)[:200],
            scope_type=scope,
            scope_id=project.pk,
            after=history.snapshot(o),
        )
        for o in objs
    ]


def run(
    *,
    actor,
    project: Project,
    kind: str,
    path,
    file_kind: str,
    commit: bool,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Check (and with `commit`, store) every row. Raises nothing for bad rows: they are in the outcome."""
    access.require_on_project(actor, project, "change")
    outcome = Outcome()
    if commit:
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            require_open_project(locked)
            _process(actor, locked, kind, path, file_kind, outcome, progress, commit=True)
            if outcome.error_count:
                transaction.set_rollback(True)
                outcome.created = 0
            else:
                history.record(
                    actor=actor,
                    action="import_commit",
                    obj=project,
                    after={"kind": kind, "rows": outcome.rows, "created": outcome.created},
                )
    else:
        require_open_project(project)
        _process(actor, project, kind, path, file_kind, outcome, progress, commit=False)
    return outcome


def _process(actor, project, kind, path, file_kind, outcome: Outcome, progress, *, commit: bool) -> None:
    columns, required = (BATCH_COLUMNS, BATCH_REQUIRED) if kind == "batches" else (USAGE_COLUMNS, USAGE_REQUIRED)
    lk = _Lookups(project) if kind == "batches" else None
    st = _UsageState(project, lock=commit) if kind == "usages" else None
    pending: list = []

    def flush():
        if not pending:
            return
        model = Batch if kind == "batches" else Usage
        created = model.objects.bulk_create(pending)
        ChangeRecord.objects.bulk_create(
            _history_rows(actor, "batch_import" if kind == "batches" else "usage_import", created, project)
        )
        outcome.created += len(created)
        pending.clear()

    for number, row, problems in _rows(path, file_kind, columns, required):
        for p in problems:
            outcome.add(p)
        if row is None:
            break
        outcome.rows += 1
        if outcome.rows > MAX_ROWS:
            outcome.add(Problem(number, "", _("A file may hold at most %(n)d rows; split it.") % {"n": MAX_ROWS}))
            break
        try:
            if kind == "batches":
                data = _check_batch_row(lk, row)
                obj = Batch(project=project, registered_by=actor, **data)
            else:
                data = _check_usage_row(st, row)
                obj = Usage(
                    project=project,
                    recorded_by=actor,
                    location_key=location_key(data["location"]),
                    **data,
                )
        except ValidationError as exc:
            for f, m in _messages(exc):
                outcome.add(Problem(number, f, m))
            continue
        if commit and not outcome.error_count:
            pending.append(obj)
            if len(pending) >= CHUNK:
                flush()
        if progress and outcome.rows % PROGRESS_EVERY == 0:
            progress(outcome.rows)
    if commit and not outcome.error_count:
        flush()
    if progress:
        progress(outcome.rows)


# --- jobs: the page's background process ----------------------------------------------------


def job_create(*, actor, project: Project, kind: str, upload) -> ImportJob:
    """Store the uploaded file and queue its validation (the page then polls the job)."""
    access.require_on_project(actor, project, "change")
    require_open_project(project)
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": _("Import batches or usages.")})
    head = upload.read(4096)
    upload.seek(0)
    file_kind = sniff_kind(head)
    if file_kind is None:
        raise ValidationError({"file": _("Upload an xlsx or CSV file; this one is neither.")})
    if upload.size > settings.MATERIALS_IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than the import limit.")})
    job = ImportJob(project=project, kind=kind, created_by=actor, original_name=(upload.name or "")[-255:])
    job.file.save(f"import.{file_kind}", upload, save=False)
    job.save()
    return job


def job_file_kind(job: ImportJob) -> str:
    return "xlsx" if job.file.name.endswith(".xlsx") else "csv"


def _progress_name(job: ImportJob) -> str:
    return f"imports/progress/{job.pk}.json"


def read_progress(job: ImportJob) -> int:
    """Rows done in the commit phase, written beside the job (its row is inside the transaction)."""
    name = _progress_name(job)
    try:
        with default_storage.open(name) as f:
            return int(json.load(f).get("processed", 0))
    except (OSError, ValueError):
        return job.processed_rows


def _write_progress(job: ImportJob, processed: int) -> None:
    name = _progress_name(job)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps({"processed": processed}).encode()))


def count_rows(job: ImportJob) -> int:
    with job.file.open("rb") as f:
        return max(0, sum(1 for _ in read_rows(f, kind=job_file_kind(job))) - 1)


def job_run(job: ImportJob, phase: str) -> ImportJob:
    """Run one phase of a job (in the background process, or inline in tests)."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job.pk)
    actor = job.created_by
    job.status = ImportJob.Status.VALIDATING if phase == "validate" else ImportJob.Status.COMMITTING
    job.processed_rows = 0
    if not job.total_rows:
        job.total_rows = count_rows(job)
    job.save(update_fields=["status", "processed_rows", "total_rows"])

    def progress(n: int) -> None:
        if phase == "validate":
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=n)
        else:
            _write_progress(job, n)

    try:
        with job.file.open("rb") as f:
            outcome = run(
                actor=actor,
                project=job.project,
                kind=job.kind,
                path=f,
                file_kind=job_file_kind(job),
                commit=phase == "commit",
                progress=progress,
            )
    except (PermissionDenied, Conflict) as exc:
        job.status, job.message = ImportJob.Status.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 - the job must end in a state the page can show
        job.status, job.message = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.errors = [p.as_dict() for p in outcome.problems]
        job.error_count = outcome.error_count
        job.processed_rows = outcome.rows
        job.total_rows = max(job.total_rows, outcome.rows)
        if outcome.error_count:
            job.status = ImportJob.Status.INVALID
        elif phase == "validate":
            job.status = ImportJob.Status.VALID
        else:
            job.status, job.created_count = ImportJob.Status.DONE, outcome.created
    job.finished_at = timezone.now()
    job.save()
    if default_storage.exists(_progress_name(job)):
        default_storage.delete(_progress_name(job))
    return job


def job_start(job: ImportJob, phase: str) -> None:
    """Start a phase in a background `manage.py` process once the job row is committed.

    With settings.MATERIALS_IMPORT_INLINE (the test suite) the phase runs in this process.
    """
    if phase == "commit":
        if job.status != ImportJob.Status.VALID:
            raise Conflict(_("Only a file that passed validation can be imported."), code="import_not_valid")
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMITTING, processed_rows=0)
        job.status = ImportJob.Status.COMMITTING
    if settings.MATERIALS_IMPORT_INLINE:
        transaction.on_commit(lambda: job_run(job, phase))
        return
    manage = Path(settings.BASE_DIR) / "manage.py"
    cmd = [sys.executable, str(manage), "materials_import", "--job", str(job.pk), "--phase", phase]
    transaction.on_commit(
        lambda: subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy()
        )
    )
