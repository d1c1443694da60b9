from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel


class RosterInspector(LastingModel):
    """An entry of a quality-supervision agency's enforcement-staff roster (执法人员名录库).

    Only people on the roster, active on the day of a draw, can be drawn to
    inspect. Leaving the roster sets `left_on`; the row stays, because past
    draws name it.
    """

    agency = models.ForeignKey("projects.Organization", models.PROTECT, related_name="roster", verbose_name=_("agency"))
    person = models.ForeignKey(
        "projects.Person", models.PROTECT, related_name="roster_entries", verbose_name=_("person")
    )
    badge_number = models.CharField(_("enforcement certificate number (执法证号)"), max_length=40)
    joined_on = models.DateField(_("on the roster from"))
    left_on = models.DateField(_("left the roster on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("roster inspector")
        verbose_name_plural = _("enforcement-staff roster (执法人员名录库)")
        ordering = ["agency", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "person"], condition=Q(left_on__isnull=True), name="roster_one_active_entry"
            ),
            models.UniqueConstraint(fields=["agency", "badge_number"], name="roster_badge_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="roster_period_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.badge_number})"

    def active_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class SpotCheckDraw(LastingModel):
    """One random draw (双随机): which active projects of a region are checked, by which inspectors.

    The draw keeps its seed and both pools (project ids and roster-entry ids,
    sorted), so anyone can recompute it: the same seed and pools always give
    the same projects and inspectors (inspections.draws.draw, ALGORITHM).
    """

    agency = models.ForeignKey("projects.Organization", models.PROTECT, related_name="spot_check_draws")
    region_code = models.CharField(_("region code prefix"), max_length=6)
    share = models.DecimalField(_("share of projects"), max_digits=4, decimal_places=3)
    inspectors_per_check = models.PositiveSmallIntegerField(_("inspectors per check"))
    seed = models.CharField(_("random seed"), max_length=64)
    algorithm = models.CharField(max_length=20)
    project_pool = models.JSONField(_("project pool"))
    inspector_pool = models.JSONField(_("inspector pool"))
    drawn_on = models.DateField(_("drawn on"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spot-check draw")
        verbose_name_plural = _("spot-check draws")
        ordering = ["-drawn_on", "-id"]
        indexes = [models.Index(fields=["region_code", "-drawn_on"], name="spotcheckdraw_region_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="spotcheckdraw_share_range"),
            models.CheckConstraint(condition=Q(inspectors_per_check__gte=1), name="spotcheckdraw_inspectors_min"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.drawn_on:%Y-%m-%d} #{self.pk}"


class SpotCheck(LastingModel):
    """One drawn project, its inspectors, and (once recorded) what they found.

    Results are published on the public page `settings.SPOT_CHECK_PUBLISH_DELAY_DAYS`
    after they are recorded (一公开). A failed check carries a spot-check
    inspection record, from which rectification notices are issued.
    """

    draw = models.ForeignKey(SpotCheckDraw, models.PROTECT, related_name="checks")
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="spot_checks")
    inspectors = models.ManyToManyField(RosterInspector, related_name="spot_checks")
    position = models.PositiveSmallIntegerField()
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    items = models.JSONField(_("items checked"), default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=4, choices=[("pass", _("pass")), ("fail", _("fail"))], blank=True)
    inspection = models.OneToOneField(
        "inspections.Inspection", models.PROTECT, null=True, blank=True, related_name="spot_check"
    )
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    publish_on = models.DateField(_("published from"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-draw__drawn_on", "draw", "position"]
        indexes = [
            models.Index(fields=["publish_on"], condition=Q(result__gt=""), name="spotcheck_publish_idx"),
            models.Index(fields=["project", "checked_on"], name="spotcheck_project_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["draw", "project"], name="spotcheck_project_once_per_draw"),
            models.CheckConstraint(
                condition=Q(result="", checked_on__isnull=True, publish_on__isnull=True)
                | Q(result__in=["pass", "fail"], checked_on__isnull=False, publish_on__isnull=False),
                name="spotcheck_result_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.project.name}"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_recorded(self) -> bool:
        return bool(self.result)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:spot_check_detail", args=[self.pk])
