from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel, LastingQuerySet
from projects.models import PartyRole


class ReplacementReason(models.TextChoices):
    """Why a plaque is replaced by a new version."""

    DAMAGED = "damaged", _("damaged")
    LOST = "lost", _("lost or stolen")
    CORRECTED = "corrected", _("entries corrected")


class PlaqueQuerySet(LastingQuerySet):
    def current(self) -> PlaqueQuerySet:
        """The version in force: one per project at most (`plaque_one_current_per_project`)."""
        return self.filter(replaced_at__isnull=True)


class Plaque(LastingModel):
    """One version of the permanent plaque (永久性标牌) of a completed project, frozen when issued.

    Issued only after completion acceptance, from the leads whose tenure
    covers the completion date (124号 Art. 9, domain.md §3 and §11.2.7). Every
    field a passer-by reads is copied here and in `entries`, so a later change
    of a name, lead or party never alters what a version says.

    A plaque is never edited: a damaged or lost plaque, or one whose entries a
    lead-entry correction has made wrong, is replaced by a new version
    (`replaces`, with a reason) derived afresh from the leads on the completion
    date; the old version stays, marked `replaced_at`. Every version of a
    project carries the same public `code`, so the QR code on any plaque ever
    fixed to the building opens the current version (`/p/<code>`) for as long
    as the building stands; the printed version number tells plaques apart.
    """

    Reason = ReplacementReason

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="plaques", verbose_name=_("project"))
    version = models.PositiveIntegerField(_("version"), default=1)
    code = models.CharField(_("public code"), max_length=16)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    project_name = models.CharField(_("project name"), max_length=200)
    project_code = models.CharField(_("project code"), max_length=24)
    project_address = models.CharField(_("address"), max_length=255)
    design_service_life_years = models.PositiveSmallIntegerField(_("design service life (years)"))
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completion accepted on"))
    lifetime_until = models.DateField(_("lifetime responsibility until"))
    location = models.CharField(
        _("plaque location"),
        max_length=200,
        help_text=_("Where on the building the plaque is fixed, as shown in the design documents."),
    )
    pdf = models.ForeignKey(
        "common.StoredFile", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("print PDF")
    )
    replaces = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces version"),
    )
    replacement_reason = models.CharField(
        _("reason for the replacement"), max_length=20, choices=ReplacementReason.choices, blank=True
    )
    replacement_note = models.TextField(_("what happened"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = PlaqueQuerySet.as_manager()

    class Meta:
        verbose_name = _("permanent plaque")
        verbose_name_plural = _("permanent plaques")
        ordering = ["project_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="plaque_unique_version"),
            # Also the public lookup's index (code first): /p/<code> finds its versions.
            models.UniqueConstraint(fields=["code", "version"], name="plaque_code_version_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(replaced_at__isnull=True), name="plaque_one_current_per_project"
            ),
            models.CheckConstraint(
                condition=Q(version=1, replaces__isnull=True, replacement_reason="", replacement_note="")
                | Q(version__gt=1, replaces__isnull=False) & ~Q(replacement_reason="") & ~Q(replacement_note=""),
                name="plaque_replacement_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(replacement_reason__in=["", *ReplacementReason.values]),
                name="plaque_replacement_reason_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_name} ({self.code} v{self.version})"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    def ordered_entries(self) -> list[PlaqueEntry]:
        """The entries in the order of the five roles (from `entries.all()`, so a prefetch serves it)."""
        return sorted(self.entries.all(), key=lambda e: PlaqueEntry.ROLE_ORDER.index(e.role))

    @property
    def public_path(self) -> str:
        return reverse("responsibility:public_plaque", args=[self.code])

    @property
    def public_url(self) -> str:
        return settings.PUBLIC_BASE_URL + self.public_path


class PlaqueEntry(LastingModel):
    """One line of the plaque: a responsible unit and its lead, as they were on completion."""

    plaque = models.ForeignKey(Plaque, models.PROTECT, related_name="entries")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    lead = models.ForeignKey("responsibility.Lead", models.PROTECT, related_name="plaque_entries")
    organization_name = models.CharField(_("organisation"), max_length=200)
    organization_uscc = models.CharField(_("unified social credit code"), max_length=18)
    lead_name = models.CharField(_("lead"), max_length=50)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)

    ROLE_ORDER = list(PartyRole.values)

    class Meta:
        verbose_name = _("plaque entry")
        verbose_name_plural = _("plaque entries")
        ordering = ["plaque_id", "id"]
        constraints = [models.UniqueConstraint(fields=["plaque", "role"], name="plaqueentry_one_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organization_name} / {self.lead_name}"


class PlaqueInstallation(LastingModel):
    """Where and when the plaque was fixed, with a photo (the latest record is shown).

    The photo's original keeps its EXIF data (capture time and GPS are data,
    stored on the StoredFile); the public page shows only the re-encoded
    preview, which carries no metadata at all.
    """

    plaque = models.ForeignKey(Plaque, models.PROTECT, related_name="installations")
    installed_on = models.DateField(_("installed on"))
    location = models.CharField(_("installed at"), max_length=200)
    photo = models.ForeignKey("common.StoredFile", models.PROTECT, related_name="+", verbose_name=_("photo"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plaque installation")
        verbose_name_plural = _("plaque installations")
        ordering = ["plaque_id", "-installed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(location=""), name="plaqueinstallation_location_given"),
        ]

    def __str__(self) -> str:
        return f"{self.plaque} @ {self.location} ({self.installed_on:%Y-%m-%d})"

    @property
    def history_scope(self):
        return self.plaque.project
