from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel


class Usage(LastingModel):
    """Where (a unit project and a location inside it) a quantity of a batch went.

    `location` is the normalised path (`5F/柱/C-3`, see common.locations);
    `location_key` is the same with a trailing slash, so that "either path is a
    prefix of the other" becomes an indexed prefix match and an `IN` over the
    query's ancestors (materials.selectors.usages_at). A usage that was taken
    out again (the material removed or returned) keeps its row with
    `withdrawn_on` and the reason.
    """

    batch = models.ForeignKey("materials.Batch", models.PROTECT, related_name="usages", verbose_name=_("batch"))
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="+", editable=False)
    unit_project = models.ForeignKey(
        "projects.UnitProject", models.PROTECT, related_name="material_usages", verbose_name=_("unit project")
    )
    location = models.CharField(_("location"), max_length=255)
    location_key = models.CharField(max_length=256, editable=False)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    used_on = models.DateField(_("used on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("material usage")
        verbose_name_plural = _("material usages")
        ordering = ["-used_on", "-id"]
        indexes = [
            # Forward trace: batch -> usages.
            models.Index(fields=["batch", "-used_on"], name="usage_batch_idx"),
            # Backward trace: (project, unit project, location prefix) -> usages. varchar_pattern_ops
            # lets PostgreSQL use the index for LIKE 'prefix%' under any collation (ignored on SQLite).
            models.Index(
                fields=["unit_project", "location_key"],
                name="usage_location_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["project", "-used_on"], name="usage_project_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="usage_quantity_positive"),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("used_on")),
                name="usage_withdrawn_after_use",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_project.name}/{self.location}" if self.unit_project_id else self.location

    @property
    def history_scope(self):
        return self.project

    @property
    def is_live(self) -> bool:
        return self.withdrawn_on is None
