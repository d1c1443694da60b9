"""Import jobs: the page's background process for each phase, its progress and its files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import Conflict
from common.history import current_request_id, history_context
from common.models import ChangeRecord
from common.xlsx import read_rows, sniff_kind
from materials import access
from materials.imports.phases import commit_rows, validate_file
from materials.imports.rowsfile import sha256_of
from materials.imports.sheet import count_xlsx_rows
from materials.models import ImportJob
from materials.services.batches import require_open_project
from projects.models import Project

PROGRESS_EVERY = 5000


def job_create(*, actor, project: Project, kind: str, upload) -> ImportJob:
    """Store the uploaded file with its SHA-256 and queue its validation (the page then polls the job)."""
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
    job = ImportJob(
        project=project,
        kind=kind,
        created_by=actor,
        original_name=(upload.name or "")[-255:],
        sha256=sha256_of(upload),
    )
    job.file.save(f"import.{file_kind}", upload, save=False)
    job.save()
    return job


def job_file_kind(job: ImportJob) -> str:
    return "xlsx" if job.file.name.endswith(".xlsx") else "csv"


def _progress_name(job: ImportJob) -> str:
    return f"imports/progress/{job.pk}.json"


def read_progress(job: ImportJob) -> int:
    """Rows done in the commit phase, written beside the job (its row is inside the transaction)."""
    try:
        with default_storage.open(_progress_name(job)) as f:
            return int(json.load(f).get("processed", 0))
    except (OSError, ValueError):
        return job.processed_rows


def _write_progress(job: ImportJob, processed: int) -> None:
    name = _progress_name(job)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps({"processed": processed}).encode()))


def count_rows(job: ImportJob) -> int:
    """Data rows in the file, for the progress bar (an estimate for xlsx: its dimension or row tags)."""
    kind = job_file_kind(job)
    with job.file.open("rb") as f:
        if kind == "xlsx":
            return max(0, count_xlsx_rows(f) - 1)
        return max(0, sum(1 for _ in read_rows(f, kind=kind)) - 1)


def _drop_rows_file(job: ImportJob) -> None:
    if job.rows_file:
        job.rows_file.delete(save=False)
    job.rows_sha256 = ""


def _validate(job: ImportJob, progress):
    with job.file.open("rb") as f:
        outcome, rows = validate_file(
            actor=job.created_by,
            project=job.project,
            kind=job.kind,
            file=f,
            file_kind=job_file_kind(job),
            progress=progress,
        )
    _drop_rows_file(job)
    if rows is not None:
        with rows:
            job.rows_sha256 = sha256_of(rows)
            job.rows_file.save(f"{job.pk}.csv", File(rows), save=False)
    return outcome


def _commit(job: ImportJob, progress):
    if not job.rows_file:  # validated before cleaned rows were kept: validate again, in this process
        outcome = _validate(job, None)
        if outcome.error_count:
            return outcome
    if not job.sha256:
        with job.file.open("rb") as f:
            job.sha256 = sha256_of(f)
    with job.rows_file.open("rb") as rows:
        if sha256_of(rows) != job.rows_sha256:
            raise Conflict(_("The checked rows of this import changed; upload the file again."), code="import_changed")
        outcome = commit_rows(
            actor=job.created_by,
            project=job.project,
            kind=job.kind,
            rows=rows,
            progress=progress,
            source={"import": job.pk, "file": job.original_name, "sha256": job.sha256},
        )
    if not outcome.error_count:
        _drop_rows_file(job)
    return outcome


def job_run(job: ImportJob, phase: str) -> ImportJob:
    """Run one phase of a job (in the background process, or inline in tests)."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job.pk)
    job.status = ImportJob.Status.VALIDATING if phase == "validate" else ImportJob.Status.COMMITTING
    job.processed_rows = 0
    if not job.total_rows:
        job.total_rows = count_rows(job)
    job.save(update_fields=["status", "processed_rows", "total_rows"])
    last = [0]

    def progress(n: int) -> None:
        if n - last[0] < PROGRESS_EVERY:
            return
        last[0] = n
        if phase == "validate":
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=n)
        else:
            _write_progress(job, n)

    try:
        with history_context(current_request_id()):
            outcome = _validate(job, progress) if phase == "validate" else _commit(job, progress)
    except (PermissionDenied, Conflict) as exc:
        job.status, job.message = ImportJob.Status.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 - the job must end in a state the page can show
        job.status, job.message = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.errors = [p.as_dict() for p in outcome.problems]
        job.error_count = outcome.error_count
        job.processed_rows = outcome.rows
        job.total_rows = max(job.total_rows, outcome.rows) if phase == "commit" else outcome.rows
        if outcome.error_count:
            job.status = ImportJob.Status.INVALID
        elif phase == "validate":
            job.status = ImportJob.Status.VALID
        else:
            job.status, job.created_count = ImportJob.Status.DONE, outcome.created
    if job.status != ImportJob.Status.VALID:
        _drop_rows_file(job)
    job.finished_at = timezone.now()
    job.save()
    if default_storage.exists(_progress_name(job)):
        default_storage.delete(_progress_name(job))
    return job


def job_start(job: ImportJob, phase: str) -> None:
    """Start a phase in a background `manage.py` process once the job row is committed.

    The commit starts once: the job moves from valid to committing in one
    UPDATE, so a second click (or a second request) gets 409 instead of
    importing the file twice. With settings.MATERIALS_IMPORT_INLINE (the test
    suite) the phase runs in this process.
    """
    if phase == "commit":
        started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
            status=ImportJob.Status.COMMITTING, processed_rows=0, commit_started_at=timezone.now()
        )
        if not started:
            raise Conflict(_("Only a file that passed validation can be imported."), code="import_not_valid")
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


def jobs_expire(*, keep_days: int, now=None) -> dict[str, int]:
    """End the import jobs nobody will finish; returns how many of each kind.

    - expired: a file that passed validation but was not imported within
      `keep_days` (its cleaned rows file is removed: importing it now would
      commit rows checked against data that has moved on);
    - interrupted: a validation whose background process died (still queued
      or validating a day after the upload);
    - commits settled: a commit phase still shown as running a day after it
      started. Its rows went in one transaction, so the import's history
      entry says whether it committed (the job becomes done) or not (failed,
      nothing stored).

    The job and its uploaded file stay: they record what was tried, by whom.
    """
    now = now or timezone.now()
    counts = {"expired": 0, "interrupted": 0, "committed": 0, "not_committed": 0}
    stale = ImportJob.objects.filter(status=ImportJob.Status.VALID, finished_at__lt=now - dt.timedelta(days=keep_days))
    for job in stale.only("pk", "rows_file"):
        # The same conditional UPDATE as job_start: a commit starting now wins, or this does.
        if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
            status=ImportJob.Status.FAILED,
            message=_("Not imported within %(days)d days of the check; upload the file again.") % {"days": keep_days},
            rows_sha256="",
            rows_file="",
        ):
            if job.rows_file:
                job.rows_file.storage.delete(job.rows_file.name)
            counts["expired"] += 1
    day_ago = now - dt.timedelta(days=1)
    counts["interrupted"] = ImportJob.objects.filter(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING], created_at__lt=day_ago
    ).update(
        status=ImportJob.Status.FAILED,
        message=_("The check of this file stopped before it finished; upload the file again."),
        finished_at=now,
    )
    dead = ImportJob.objects.filter(status=ImportJob.Status.COMMITTING).filter(
        models.Q(commit_started_at__lt=day_ago) | models.Q(commit_started_at__isnull=True, finished_at__lt=day_ago)
    )
    for job in dead:
        record = ChangeRecord.objects.filter(action="import_commit", after__import=job.pk).first()
        if record is not None:
            job.status, job.created_count = ImportJob.Status.DONE, record.after.get("created", 0)
            job.message = _("Imported; the import process stopped before it could say so.")
            counts["committed"] += 1
        else:
            job.status = ImportJob.Status.FAILED
            job.message = _("The import stopped before it finished; nothing was stored. Upload the file again.")
            counts["not_committed"] += 1
        _drop_rows_file(job)
        job.finished_at = now
        job.save(update_fields=["status", "created_count", "message", "rows_file", "rows_sha256", "finished_at"])
    return counts
