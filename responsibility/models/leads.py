from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel, LastingQuerySet
from projects.models import PartyRole, Registration

RegistrationKind = Registration.Kind

#: Registrations a lead of the role must hold, valid on the first day of the tenure
#: (施工单位项目经理: 注册建造师; 总监理工程师: 注册监理工程师; domain.md §1.1, §11.2.5).
REQUIRED_REGISTRATION: dict[str, tuple[str, ...]] = {
    PartyRole.CONTRACTOR: (RegistrationKind.CONSTRUCTOR_1, RegistrationKind.CONSTRUCTOR_2),
    PartyRole.SUPERVISOR: (RegistrationKind.SUPERVISING_ENGINEER,),
}

#: Registrations that fit a role, in order of preference; the first valid one is
#: recorded with the lead when none is chosen explicitly.
ROLE_REGISTRATION_KINDS: dict[str, tuple[str, ...]] = {
    PartyRole.OWNER: (),
    PartyRole.SURVEYOR: (
        RegistrationKind.GEOTECHNICAL_ENGINEER,
        RegistrationKind.STRUCTURAL_ENGINEER_1,
        RegistrationKind.STRUCTURAL_ENGINEER_2,
    ),
    PartyRole.DESIGNER: (
        RegistrationKind.ARCHITECT_1,
        RegistrationKind.STRUCTURAL_ENGINEER_1,
        RegistrationKind.ARCHITECT_2,
        RegistrationKind.STRUCTURAL_ENGINEER_2,
    ),
    PartyRole.CONTRACTOR: REQUIRED_REGISTRATION[PartyRole.CONTRACTOR],
    PartyRole.SUPERVISOR: REQUIRED_REGISTRATION[PartyRole.SUPERVISOR],
}


class LeadQuerySet(LastingQuerySet):
    def counting(self) -> LeadQuerySet:
        """Entries that count: everything except those replaced by a correction."""
        return self.filter(corrected_at__isnull=True)

    def current(self) -> LeadQuerySet:
        return self.counting().filter(ended_on__isnull=True)

    def on(self, day: dt.date) -> LeadQuerySet:
        """The leads whose tenure covers `day` (both ends inclusive)."""
        return self.counting().filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class Lead(LastingModel):
    """One tenure of a project lead (项目负责人) for one of the five roles.

    A lead is answerable for the work done from `started_on` to `ended_on`
    inclusive, for the building's whole design service life. A change of lead
    ends this row (`ended_on`, `end_reason`) and opens a new one; a mistaken
    entry is never edited but corrected by a new row (`corrects`, with a
    reason) that takes its place, while the wrong row stays visible with
    `corrected_at` set and stops counting.

    Guarantees held by the database, not just the services:
    - at most one current lead per project and role (conditional unique);
    - no two counting tenures of one role overlap (PostgreSQL exclusion
      constraint `lead_no_overlapping_tenures`, migration 0002; on SQLite the
      services serialise writers on the project row and check in Python).
    """

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="leads", verbose_name=_("project"))
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    party = models.ForeignKey("projects.Participant", models.PROTECT, related_name="leads", verbose_name=_("party"))
    organization = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="lead_tenures", verbose_name=_("organisation")
    )
    person = models.ForeignKey("projects.Person", models.PROTECT, related_name="lead_tenures", verbose_name=_("person"))
    registration = models.ForeignKey(
        "projects.Registration",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_tenures",
        verbose_name=_("registration used"),
    )
    # Frozen copy: the plaque and archive show the number the lead was appointed under.
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for the change"), blank=True)
    authorization_letter = models.ForeignKey(
        "common.StoredFile",
        models.PROTECT,
        related_name="+",
        verbose_name=_("letter of authorisation (法定代表人授权书)"),
    )
    commitment_letter = models.ForeignKey(
        "common.StoredFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifetime quality commitment (工程质量终身责任承诺书)"),
    )
    committed_on = models.DateField(_("commitment signed on"), null=True, blank=True)
    corrects = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects entry"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("project lead")
        verbose_name_plural = _("project leads")
        ordering = ["project", "started_on", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role"],
                condition=Q(ended_on__isnull=True, corrected_at__isnull=True),
                name="lead_one_current_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="lead_tenure_positive",
            ),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | ~Q(end_reason=""), name="lead_end_has_reason"),
            models.CheckConstraint(
                condition=Q(commitment_letter__isnull=True, committed_on__isnull=True)
                | Q(commitment_letter__isnull=False, committed_on__isnull=False),
                name="lead_commitment_dated",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""), name="lead_correction_has_reason"
            ),
            models.CheckConstraint(condition=Q(role__in=PartyRole.values), name="lead_role_known"),
        ]
        indexes = [
            # lead_on(project, role, day), gates, plaque, the tab: the trace path.
            models.Index(fields=["project", "role", "started_on"], name="lead_project_role_idx"),
            # "is this person current elsewhere?" (contractor lead on two active projects)
            models.Index(fields=["person", "ended_on"], name="lead_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person} ({self.started_on:%Y-%m-%d}–{self.ended_on or ''})"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_counting(self) -> bool:
        return self.corrected_at is None

    @property
    def is_current(self) -> bool:
        return self.corrected_at is None and self.ended_on is None

    @property
    def has_commitment(self) -> bool:
        return self.commitment_letter_id is not None

    def covers(self, day: dt.date) -> bool:
        return self.is_counting and self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
