"""Defects, complaints and quality accidents, and the accountability cases they lead to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel
from projects.models import PartyRole
from responsibility.accidents import AccidentGrade
from responsibility.warranty import WorkCategory


class DefectKind(models.TextChoices):
    DEFECT = "defect", _("defect (质量缺陷)")
    COMPLAINT = "complaint", _("complaint (质量投诉)")
    ACCIDENT = "accident", _("quality accident (质量事故)")


class Severity(models.TextChoices):
    MINOR = "minor", _("minor")
    SERIOUS = "serious", _("serious")
    CRITICAL = "critical", _("critical (structural safety)")


class DefectStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")


class ComplaintChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    VISIT = "visit", _("visit")
    ONLINE = "online", _("online")


class Defect(LastingModel):
    """A quality problem found in a building: a defect, a complaint or a quality accident.

    Complaints and accidents are kinds of the same record because the question
    is the same (who answers for the work at this location); each kind adds its
    own facts (a complainant and a channel; casualties, loss, the 111号 grade and
    the reporting times). Registered by a regulator, the owner, or the contractor
    during the warranty (responsibility.services.defects.defect_register).
    """

    Kind = DefectKind
    Category = WorkCategory

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="defects", verbose_name=_("project"))
    unit_project = models.ForeignKey(
        "projects.UnitProject",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="defects",
        verbose_name=_("unit project"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True, help_text=_("e.g. 5F/columns/C-3"))
    kind = models.CharField(_("kind"), max_length=20, choices=DefectKind.choices, default=DefectKind.DEFECT)
    work_category = models.CharField(_("work category"), max_length=30, choices=WorkCategory.choices)
    discovered_on = models.DateField(_("discovered on"))
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, default=Severity.SERIOUS)
    status = models.CharField(_("status"), max_length=20, choices=DefectStatus.choices, default=DefectStatus.OPEN)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    # Complaints (建监〔1997〕60号): who complained and how.
    complainant = models.CharField(_("complainant"), max_length=100, blank=True)
    complainant_contact = models.CharField(_("complainant's contact"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ComplaintChannel.choices, blank=True)

    # Quality accidents (建质〔2010〕111号).
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    deaths = models.PositiveIntegerField(_("deaths"), null=True, blank=True)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), null=True, blank=True)
    direct_loss = models.DecimalField(
        _("direct economic loss (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("accident grade"), max_length=30, choices=AccidentGrade.choices, blank=True)
    reported_to_authority_at = models.DateTimeField(_("reported to the authority at"), null=True, blank=True)

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    reporter_organization = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registering organisation"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("defect")
        verbose_name_plural = _("defects")
        ordering = ["-discovered_on", "-id"]
        indexes = [
            models.Index(fields=["project", "-discovered_on"], name="defect_project_idx"),
            # The regulators' dashboard: open defects by category and severity.
            models.Index(fields=["status", "work_category", "severity"], name="defect_dashboard_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DefectKind.values), name="defect_kind_known"),
            models.CheckConstraint(condition=Q(work_category__in=WorkCategory.values), name="defect_category_known"),
            models.CheckConstraint(
                condition=~Q(kind="accident")
                | Q(
                    occurred_at__isnull=False,
                    deaths__isnull=False,
                    serious_injuries__isnull=False,
                    direct_loss__isnull=False,
                ),
                name="defect_accident_facts",
            ),
            models.CheckConstraint(
                condition=Q(direct_loss__isnull=True) | Q(direct_loss__gte=0), name="defect_loss_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_on__isnull=True) | Q(status="resolved", resolved_on__isnull=False),
                name="defect_resolution_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.get_work_category_display()} {self.location}".strip()

    @property
    def history_scope(self):
        return self.project

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accountability:defect_detail", args=[self.pk])


class DefectPhoto(LastingModel):
    defect = models.ForeignKey(Defect, models.PROTECT, related_name="photos")
    file = models.ForeignKey("common.StoredFile", models.PROTECT, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("defect photo")
        verbose_name_plural = _("defect photos")
        ordering = ["defect", "id"]


class CaseTrigger(models.TextChoices):
    """建质〔2014〕124号 Art. 6: any one of these triggers lifetime accountability."""

    ACCIDENT = "accident", _("an engineering quality accident (Art. 6(1))")
    COMPLAINT = "complaint", _("a serious quality problem with bad social impact (Art. 6(2))")
    UNUSABLE = "unusable", _("unusable within the design service life (Art. 6(3))")
    OTHER = "other", _("other violations calling for accountability (Art. 6(4))")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open (investigating)")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


class AccountabilityCase(LastingModel):
    """A regulator's lifetime-accountability case (质量终身责任追究) about one project.

    Append-only: findings, the parties and leads held accountable and the
    measures are added as rows; a measure is withdrawn by a new row that says why.
    """

    Trigger = CaseTrigger
    Status = CaseStatus

    number = models.CharField(_("case number"), max_length=30, unique=True)
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="accountability_cases")
    defects = models.ManyToManyField(Defect, through="CaseDefect", related_name="cases")
    trigger = models.CharField(_("trigger (124号 Art. 6)"), max_length=20, choices=CaseTrigger.choices)
    summary = models.CharField(_("summary"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(trigger__in=CaseTrigger.values), name="case_trigger_known"),
            models.CheckConstraint(
                condition=Q(status="open", decided_on__isnull=True, closed_on__isnull=True)
                | Q(status="decided", decided_on__isnull=False, closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_status_dated",
            ),
        ]
        indexes = [models.Index(fields=["project", "status"], name="case_project_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    @property
    def history_scope(self):
        return self.project

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accountability:case_detail", args=[self.pk])


class CaseDefect(models.Model):
    case = models.ForeignKey(AccountabilityCase, models.PROTECT, related_name="case_defects")
    defect = models.ForeignKey(Defect, models.PROTECT, related_name="case_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "defect"], name="casedefect_unique")]


class CaseFinding(LastingModel):
    """A finding of the investigation, added in order; never edited."""

    case = models.ForeignKey(AccountabilityCase, models.PROTECT, related_name="findings")
    text = models.TextField(_("finding"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["case", "recorded_at", "id"]


class CaseSubject(LastingModel):
    """A party (and, where named, its lead) held accountable in a case."""

    case = models.ForeignKey(AccountabilityCase, models.PROTECT, related_name="subjects")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    organization = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    lead = models.ForeignKey(
        "responsibility.Lead", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead")
    )
    basis = models.TextField(_("basis"), help_text=_("Why this party or lead answers (facts, articles)."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("party held accountable")
        verbose_name_plural = _("parties held accountable")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "role", "organization", "lead"], name="casesubject_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organization}" + (f" / {self.lead.person}" if self.lead_id else "")


class MeasureKind(models.TextChoices):
    """Measures of 124号 Arts. 11-14 and 条例 Arts. 72-73."""

    RECTIFY = "rectify", _("order to rectify (责令整改)")
    FINE = "fine", _("fine (罚款)")
    SUSPENSION = "suspension", _("suspension of practice (停止执业)")
    REVOCATION = "revocation", _("revocation of registration (吊销执业资格证书)")
    CREDIT_RECORD = "credit_record", _("entry in the credit record (记入信用档案)")
    PUBLICATION = "publication", _("public naming (向社会公布曝光)")
    REFERRAL = "referral", _("referral to the judiciary or discipline organs (移送)")


class CaseMeasure(LastingModel):
    """A measure decided in a case, against one subject; withdrawn only by a new row with a reason."""

    Kind = MeasureKind

    case = models.ForeignKey(AccountabilityCase, models.PROTECT, related_name="measures")
    subject = models.ForeignKey(CaseSubject, models.PROTECT, related_name="measures", verbose_name=_("against"))
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    details = models.TextField(_("details"), blank=True)
    decided_on = models.DateField(_("decided on"))
    withdraws = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="withdrawn_by", verbose_name=_("withdraws")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["case", "decided_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeasureKind.values), name="casemeasure_kind_known"),
            models.CheckConstraint(
                condition=~Q(kind="fine") | Q(amount__gt=0) | Q(withdraws__isnull=False),
                name="casemeasure_fine_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(kind="suspension") | Q(months__gt=0) | Q(withdraws__isnull=False),
                name="casemeasure_suspension_has_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.subject}"
