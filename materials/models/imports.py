from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A spreadsheet import (batches or usages) worked on by a background process.

    Not a lasting record itself: what it imports is (with history). The page
    and the API poll `processed_rows / total_rows`; `errors` holds the first
    problems found as `[{"row", "field", "message"}]`, `error_count` all of them.
    `sha256` is the uploaded file's, named in the history entry of the commit.
    """

    class Kind(models.TextChoices):
        BATCHES = "batches", _("batches")
        USAGES = "usages", _("usages")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        VALIDATING = "validating", _("validating")
        INVALID = "invalid", _("has errors")
        VALID = "valid", _("ready to import")
        COMMITTING = "committing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    MAX_STORED_ERRORS = 1000

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="+", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The cleaned rows of a file that passed validation, for the commit (imports.rowsfile);
    # removed once the commit is done or the job ends otherwise.
    rows_file = models.FileField(upload_to="imports/rows/", max_length=255, blank=True)
    rows_sha256 = models.CharField(max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the commit phase started (jobs_expire tells a dead commit from a long one).
    commit_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def progress(self) -> int:
        """Percent done of the current phase."""
        if not self.total_rows:
            return 100 if self.status in ("valid", "invalid", "done") else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.VALIDATING, self.Status.COMMITTING)
