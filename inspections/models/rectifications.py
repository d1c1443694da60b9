from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel, LastingQuerySet


class RectificationQuerySet(LastingQuerySet):
    def unclosed(self) -> RectificationQuerySet:
        return self.exclude(status=Rectification.Status.CLOSED)

    def overdue(self, today) -> RectificationQuerySet:
        """Open notices past their due date (a reply waiting for verification is not overdue)."""
        return self.filter(status=Rectification.Status.OPEN, due_on__lt=today)


class Rectification(LastingModel):
    """A rectification notice (整改通知 / 监理通知单) issued from a failed inspection or spot check.

    open → replied (the party answers with evidence) → closed (the issuer
    verified it), or back to open (reopened with a reason and a new due
    date). Every step is kept: replies are rows of their own, and each
    status change leaves history.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REPLIED = "replied", _("replied")
        CLOSED = "closed", _("closed")

    class Issuer(models.TextChoices):
        SUPERVISOR = "supervisor", _("supervision firm (监理)")
        REGULATOR = "regulator", _("quality supervision agency (质量监督机构)")

    number = models.CharField(_("notice number"), max_length=40, unique=True)
    inspection = models.ForeignKey(
        "inspections.Inspection", models.PROTECT, related_name="rectifications", verbose_name=_("inspection")
    )
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="rectifications", editable=False)
    issued_to = models.ForeignKey(
        "projects.Participant", models.PROTECT, related_name="rectifications", verbose_name=_("issued to")
    )
    issuer = models.CharField(_("issued by"), max_length=12, choices=Issuer.choices)
    issuing_organization = models.ForeignKey("projects.Organization", models.PROTECT, related_name="+")
    requirement = models.TextField(_("what must be rectified"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["project", "status", "due_on"], name="rectification_project_idx"),
            # Overdue lists and the daily reminders: unclosed notices by due date.
            models.Index(fields=["due_on"], condition=~Q(status="closed"), name="rectification_due_idx"),
            models.Index(fields=["issued_to", "status"], name="rectification_party_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=F("issued_on")), name="rectification_due_after_issue"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="rectification_closed_dated",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "replied", "closed"]), name="rectification_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def history_scope(self):
        return self.project

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:rectification_detail", args=[self.pk])


class RectificationReply(LastingModel):
    """The party's answer to a notice: what was done, with photos as evidence."""

    rectification = models.ForeignKey(Rectification, models.PROTECT, related_name="replies")
    text = models.TextField(_("what was done"))
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    replied_on = models.DateField(_("replied on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply to a rectification notice")
        verbose_name_plural = _("replies to rectification notices")
        ordering = ["rectification", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.rectification} {self.replied_on:%Y-%m-%d}"

    @property
    def history_scope(self):
        return self.rectification.project


class RectificationReminder(models.Model):
    """A reminder sent (due soon, overdue) for one notice and due date: sent once, never again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    rectification = models.ForeignKey(Rectification, models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rectification reminder")
        verbose_name_plural = _("rectification reminders")
        constraints = [
            models.UniqueConstraint(fields=["rectification", "kind", "due_on"], name="rectification_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rectification} {self.kind} {self.due_on}"
