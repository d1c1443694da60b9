from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel, LastingQuerySet
from projects.models.organizations import OrganizationKindChoices


class ProjectQuerySet(LastingQuerySet):
    """The one visibility rule for projects; children filter through it.

    - superusers see everything;
    - regulators see the projects whose region code starts with their
      jurisdiction (read access, plus their own regulatory actions);
    - everyone else sees the projects on which their organisation's group
      holds the object permission (granted when the organisation registers
      the project or becomes one of its parties; projects.services).

    Out of sight means 404 everywhere: pages, API, exports and PDFs.
    """

    def visible_to(self, user) -> ProjectQuerySet:
        return self._permitted(user, "view_project")

    def writable_by(self, user) -> ProjectQuerySet:
        """Projects on which the user may register parties, leads, batches, usages."""
        return self._permitted(user, "change_project")

    def supervised_by(self, user) -> ProjectQuerySet:
        """Projects on which the user's organisation is the supervision party (监理)."""
        return self._permitted(user, "supervise_project")

    def regulated_by(self, user) -> ProjectQuerySet:
        """Projects in a regulator's jurisdiction (empty for everyone else)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role == "regulator" and user.jurisdiction:
            return self.filter(region__code__startswith=user.jurisdiction)
        return self.none()

    def _permitted(self, user, codename: str) -> ProjectQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role == "regulator":
            return self.regulated_by(user) if codename == "view_project" else self.none()
        from guardian.shortcuts import get_objects_for_user

        # Group grants only (accept_global_perms=False): one subquery, no per-user cache.
        return get_objects_for_user(
            user, codename, klass=self, use_groups=True, accept_global_perms=False, with_superuser=False
        )


class Project(LastingModel):
    """A building project registered for lifetime quality responsibility."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UNDER_CONSTRUCTION = "under_construction", _("under construction")
        COMPLETED = "completed", _("completed")

    code = models.CharField(
        _("project code (投资项目代码)"),
        max_length=24,
        unique=True,
        help_text=_("YYYY-RRRRRR-DD-TT-NNNNNN, as issued by the investment project platform."),
    )
    name = models.CharField(_("name"), max_length=200)
    permit_number = models.CharField(_("construction permit number"), max_length=64, blank=True)
    supervision_number = models.CharField(_("quality supervision registration number"), max_length=64, blank=True)
    region = models.ForeignKey("projects.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=255)
    design_service_life_years = models.PositiveSmallIntegerField(
        _("design service life (years)"),
        help_text=_("GB 50068: 5, 25, 50 or 100 years for most buildings."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completion accepted on"), null=True, blank=True)
    lifetime_until = models.DateField(_("lifetime responsibility until"), null=True, blank=True)
    registered_by = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        related_name="registered_projects",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        permissions = [("supervise_project", "Can record supervision on the project")]
        indexes = [
            models.Index(fields=["region", "status"], name="project_region_status_idx"),
            models.Index(fields=["status", "-created_at"], name="project_status_idx"),
            models.Index(fields=["name"], name="project_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(design_service_life_years__gte=1, design_service_life_years__lte=200),
                name="project_service_life_range",
            ),
            models.CheckConstraint(
                condition=Q(status="registered", started_on__isnull=True, completed_on__isnull=True)
                | Q(status="under_construction", started_on__isnull=False, completed_on__isnull=True)
                | Q(status="completed", started_on__isnull=False, completed_on__isnull=False),
                name="project_status_matches_dates",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="project_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True, lifetime_until__isnull=True)
                | Q(completed_on__isnull=False, lifetime_until__isnull=False),
                name="project_lifetime_with_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def history_scope(self) -> Project:
        return self

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", args=[self.pk])

    @staticmethod
    def lifetime_end(completed_on: dt.date, years: int) -> dt.date:
        """completed_on + years; 29 February falls back to 28 February."""
        try:
            return completed_on.replace(year=completed_on.year + years)
        except ValueError:
            return completed_on.replace(year=completed_on.year + years, day=28)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.UNDER_CONSTRUCTION


class UnitProject(LastingModel):
    """A 单位工程: a building or structure that can be built and used on its own."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="unit_projects")
    name = models.CharField(_("name"), max_length=100)
    structure_type = models.CharField(_("structure type"), max_length=50, blank=True)
    floors_above_ground = models.PositiveSmallIntegerField(_("floors above ground"), null=True, blank=True)
    floors_below_ground = models.PositiveSmallIntegerField(_("floors below ground"), null=True, blank=True)
    gross_floor_area = models.DecimalField(
        _("gross floor area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit project")
        verbose_name_plural = _("unit projects")
        ordering = ["project", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unitproject_unique_name"),
            models.CheckConstraint(
                condition=Q(floors_above_ground__isnull=True) | Q(floors_above_ground__lte=200),
                name="unitproject_floors_plausible",
            ),
            models.CheckConstraint(
                condition=Q(gross_floor_area__isnull=True) | Q(gross_floor_area__gt=0),
                name="unitproject_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def history_scope(self) -> Project:
        return self.project


class PartyRole(models.TextChoices):
    """The five responsible parties (五方责任主体, 建质〔2014〕124号 Art. 2)."""

    OWNER = "owner", _("owner (建设单位)")
    SURVEYOR = "surveyor", _("survey (勘察单位)")
    DESIGNER = "designer", _("design (设计单位)")
    CONTRACTOR = "contractor", _("contractor (施工单位)")
    SUPERVISOR = "supervisor", _("supervisor (监理单位)")


#: The organisation kind a party must have to take a role.
PARTY_ROLE_KIND = {
    PartyRole.OWNER: OrganizationKindChoices.OWNER,
    PartyRole.SURVEYOR: OrganizationKindChoices.SURVEYOR,
    PartyRole.DESIGNER: OrganizationKindChoices.DESIGNER,
    PartyRole.CONTRACTOR: OrganizationKindChoices.CONTRACTOR,
    PartyRole.SUPERVISOR: OrganizationKindChoices.SUPERVISOR,
}

#: Object permissions a party's organisation group receives on the project.
PARTY_ROLE_PERMS = {
    PartyRole.OWNER: ("view_project", "change_project"),
    PartyRole.SURVEYOR: ("view_project",),
    PartyRole.DESIGNER: ("view_project",),
    PartyRole.CONTRACTOR: ("view_project", "change_project"),
    PartyRole.SUPERVISOR: ("view_project", "supervise_project"),
}


class Participant(LastingModel):
    """An organisation taking one of the five roles on a project (a "party").

    At most one current party per role. A party that leaves (a contractor
    replaced, say) keeps its row with `left_on` and the reason; its
    organisation keeps read access so its staff can still answer for their
    part of the work.
    """

    Role = PartyRole

    project = models.ForeignKey(Project, models.PROTECT, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    organization = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    contract_number = models.CharField(_("contract number"), max_length=64, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.TextField(_("reason for leaving"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["project", "role", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role"],
                condition=Q(left_on__isnull=True),
                name="participant_one_current_per_role",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="participant_period_positive",
            ),
            models.CheckConstraint(condition=Q(role__in=PartyRole.values), name="participant_role_known"),
        ]
        indexes = [
            models.Index(fields=["organization", "role"], name="participant_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organization}"

    @property
    def history_scope(self) -> Project:
        return self.project

    @property
    def is_current(self) -> bool:
        return self.left_on is None
