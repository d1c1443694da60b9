from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel


class ResponsibilityArchive(LastingModel):
    """One version of a project's 质量终身责任信息档案 (124号 Art. 10), as a PDF.

    Each generation is a new version; old versions are kept with their
    SHA-256, so what was handed over can always be shown again byte for byte.
    The handover to the archive organisation (城建档案管理部门) is recorded
    once per version.
    """

    project = models.ForeignKey(
        "projects.Project", models.PROTECT, related_name="responsibility_archives", verbose_name=_("project")
    )
    version = models.PositiveIntegerField(_("version"))
    pdf = models.ForeignKey("common.StoredFile", models.PROTECT, related_name="+", verbose_name=_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"))
    lead_count = models.PositiveIntegerField(_("lead entries"))
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    handed_over_to = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="received_archives",
        verbose_name=_("handed over to"),
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=64, blank=True)
    handover_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("responsibility archive")
        verbose_name_plural = _("responsibility archives")
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="archive_unique_version"),
            models.CheckConstraint(
                condition=Q(handed_over_to__isnull=True, handed_over_on__isnull=True, receipt_number="")
                | Q(handed_over_to__isnull=False, handed_over_on__isnull=False) & ~Q(receipt_number=""),
                name="archive_handover_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.version}"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_to_id is not None
