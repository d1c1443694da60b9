from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel

#: Upper bound for any quantity: catches typos such as an extra six zeros.
MAX_QUANTITY = Decimal("1000000")


class BatchStatus(models.TextChoices):
    ARRIVED = "arrived", _("arrived")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    FAILED = "failed", _("failed")
    QUARANTINED = "quarantined", _("quarantined")


class Unit(models.TextChoices):
    TONNE = "t", _("t")
    KG = "kg", _("kg")
    M3 = "m3", _("m³")
    M2 = "m2", _("m²")
    M = "m", _("m")
    PIECE = "piece", _("pieces")
    ROLL = "roll", _("rolls")
    SET = "set", _("sets")
    GROUP = "group", _("groups (组)")


class Batch(LastingModel):
    """One delivery (进场批次) of one material to one project.

    Status: arrived → accepted | rejected (entry acceptance by the project's
    supervisor); then failed (a failing test report) or quarantined (a
    recall). A failed or quarantined batch cannot be used (services.usage_record).
    `batch_number_key` is the normalised batch or heat number that trace and
    recall match on, together with the manufacturer.
    """

    Status = BatchStatus

    project = models.ForeignKey(
        "projects.Project", models.PROTECT, related_name="material_batches", verbose_name=_("project")
    )
    material_type = models.ForeignKey(
        "materials.MaterialType", models.PROTECT, related_name="batches", verbose_name=_("material type")
    )
    spec = models.CharField(_("specification / grade"), max_length=100)
    manufacturer = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="manufactured_batches", verbose_name=_("manufacturer")
    )
    supplier = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_batches",
        verbose_name=_("supplier"),
    )
    batch_number = models.CharField(_("batch or heat number"), max_length=64)
    batch_number_key = models.CharField(max_length=64, editable=False)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    produced_on = models.DateField(_("produced on"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate = models.ForeignKey(
        "common.StoredFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate (合格证)"),
    )
    factory_report = models.ForeignKey(
        "common.StoredFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("factory test report (出厂检验报告)"),
    )
    status = models.CharField(_("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.ARRIVED)
    # Entry acceptance (进场验收): who signed, when, with which note.
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("accepted by")
    )
    accepted_by_name = models.CharField(_("signed by"), max_length=150, blank=True)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    acceptance_note = models.TextField(_("acceptance note"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("material batch")
        verbose_name_plural = _("material batches")
        ordering = ["-arrived_on", "-id"]
        indexes = [
            # Trace and recall: a manufacturer's batch or heat number across all projects.
            models.Index(fields=["manufacturer", "batch_number_key"], name="batch_trace_idx"),
            models.Index(fields=["project", "-arrived_on"], name="batch_project_idx"),
            models.Index(fields=["project", "material_type"], name="batch_project_type_idx"),
            models.Index(fields=["status", "project"], name="batch_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(quantity__lte=MAX_QUANTITY), name="batch_quantity_range"
            ),
            models.CheckConstraint(condition=Q(status__in=BatchStatus.values), name="batch_status_known"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="batch_unit_known"),
            models.CheckConstraint(
                condition=Q(produced_on__isnull=True) | Q(produced_on__lte=F("arrived_on")),
                name="batch_produced_before_arrival",
            ),
            # Accepted and rejected batches carry the acceptance date; arrived ones not yet.
            models.CheckConstraint(
                condition=Q(status="arrived", accepted_on__isnull=True)
                | Q(status__in=["accepted", "rejected"], accepted_on__isnull=False)
                | Q(status__in=["failed", "quarantined"]),
                name="batch_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material_type.name if self.material_type_id else ''} {self.spec} #{self.batch_number}".strip()

    @property
    def history_scope(self):
        return self.project

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("materials:batch_detail", args=[self.pk])

    @property
    def is_usable(self) -> bool:
        return self.status == BatchStatus.ACCEPTED

    @property
    def is_blocked(self) -> bool:
        return self.status in (BatchStatus.FAILED, BatchStatus.QUARANTINED)
