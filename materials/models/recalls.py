from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel


class Recall(LastingModel):
    """A regulator's recall of a manufacturer's batch (缺陷建材响应): every matching
    batch in the regulator's jurisdiction is quarantined (services.recall_open).

    `jurisdiction` is the regulator's region prefix when the recall was opened:
    the recall never reaches beyond it, even if the account changes later.
    """

    manufacturer = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="recalls", verbose_name=_("manufacturer")
    )
    batch_number = models.CharField(_("batch or heat number"), max_length=64)
    batch_number_key = models.CharField(max_length=64, editable=False)
    reason = models.TextField(_("reason"))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=6)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    batches = models.ManyToManyField("materials.Batch", through="materials.RecallBatch", related_name="recalls")

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["manufacturer", "batch_number_key"], name="recall_match_idx")]

    def __str__(self) -> str:
        return f"{self.manufacturer} #{self.batch_number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("materials:recall_detail", args=[self.pk])


class RecallBatch(LastingModel):
    """One batch a recall reached, with the status it had before."""

    recall = models.ForeignKey(Recall, models.PROTECT, related_name="entries")
    batch = models.ForeignKey("materials.Batch", models.PROTECT, related_name="recall_entries")
    previous_status = models.CharField(max_length=12)

    class Meta:
        verbose_name = _("recalled batch")
        verbose_name_plural = _("recalled batches")
        constraints = [models.UniqueConstraint(fields=["recall", "batch"], name="recallbatch_unique")]


class NonConformance(LastingModel):
    """A non-conformance (不合格处理) opened when a batch fails a test or is recalled.

    Holds when the supervision agency (质量监督机构) was notified (domain.md
    §11.2 item 11) and, once closed, the disposition and its evidence. While it
    is open and the batch is still in use, the project cannot be completed
    (materials.gates).
    """

    class Source(models.TextChoices):
        TEST_REPORT = "test_report", _("failing test report")
        RECALL = "recall", _("recall")

    class Disposition(models.TextChoices):
        RETEST_PASSED = "retest_passed", _("re-tested and passed (复检合格)")
        RETURNED = "returned", _("returned to the supplier (退场)")
        REMOVED = "removed", _("removed from the works (拆除)")
        STRENGTHENED = "strengthened", _("strengthened per design (加固处理)")

    batch = models.ForeignKey("materials.Batch", models.PROTECT, related_name="nonconformances")
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="+", editable=False)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    report = models.ForeignKey("materials.TestReport", models.PROTECT, null=True, blank=True, related_name="+")
    recall = models.ForeignKey(Recall, models.PROTECT, null=True, blank=True, related_name="nonconformances")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    regulator_notified_at = models.DateTimeField(_("supervision agency notified at"), null=True, blank=True)
    notification_method = models.CharField(_("notified by"), max_length=100, blank=True)
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices, blank=True)
    disposition_note = models.TextField(_("disposition note"), blank=True)
    evidence = models.ForeignKey(
        "common.StoredFile", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("evidence")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("non-conformance")
        verbose_name_plural = _("non-conformances")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["project", "closed_at"], name="nc_project_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="test_report", report__isnull=False) | Q(source="recall", recall__isnull=False),
                name="nc_source_named",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (~Q(disposition="") & Q(evidence__isnull=False)),
                name="nc_closed_with_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.batch}"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
