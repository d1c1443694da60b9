from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel


class WitnessAuthorization(LastingModel):
    """A person of the owner or supervision party authorised in writing to witness
    sampling on one project (见证人员, 211号; local rules file 1-2 per project).

    A sample witnessed by someone without a current authorisation is refused
    (services.sample_record). Revoking keeps the row with the date and reason.
    """

    class PartyRole(models.TextChoices):
        OWNER = "owner", _("owner (建设单位)")
        SUPERVISOR = "supervisor", _("supervisor (监理单位)")

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="witness_authorizations")
    person = models.ForeignKey(
        "projects.Person", models.PROTECT, related_name="witness_authorizations", verbose_name=_("witness")
    )
    party_role = models.CharField(_("for the party"), max_length=12, choices=PartyRole.choices)
    organization = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    valid_from = models.DateField(_("authorised from"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("authorised by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("witness authorisation")
        verbose_name_plural = _("witness authorisations")
        ordering = ["project", "person__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"], condition=Q(revoked_on__isnull=True), name="witnessauth_one_current"
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("valid_from")), name="witnessauth_period"
            ),
            models.CheckConstraint(condition=Q(party_role__in=["owner", "supervisor"]), name="witnessauth_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_party_role_display()})"

    @property
    def history_scope(self):
        return self.project

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.revoked_on is None or day < self.revoked_on)


class Sample(LastingModel):
    """A sample taken from a batch and sent to a lab (取样送检), witnessed or not.

    Sample and seal numbers are unique registry-wide (57号令 Art. 19: a unique,
    durable identification and seal). `witness` is empty for an unwitnessed
    sample; when set, `witness_authorization` is the authorisation it relied on.
    """

    batch = models.ForeignKey("materials.Batch", models.PROTECT, related_name="samples", verbose_name=_("batch"))
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="+", editable=False)
    sample_number = models.CharField(_("sample number"), max_length=64, unique=True)
    seal_number = models.CharField(_("seal number"), max_length=64, unique=True)
    sampled_on = models.DateField(_("sampled on"))
    sampling_location = models.CharField(_("sampling location"), max_length=200, blank=True)
    sampler = models.ForeignKey("projects.Person", models.PROTECT, related_name="+", verbose_name=_("sampler"))
    witness = models.ForeignKey(
        "projects.Person", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("witness")
    )
    witness_authorization = models.ForeignKey(
        "materials.WitnessAuthorization", models.PROTECT, null=True, blank=True, related_name="samples"
    )
    lab = models.ForeignKey(
        "projects.Organization", models.PROTECT, related_name="received_samples", verbose_name=_("lab")
    )
    representative_quantity = models.DecimalField(_("representative quantity"), max_digits=12, decimal_places=3)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-sampled_on", "-id"]
        indexes = [
            models.Index(fields=["lab", "-sampled_on"], name="sample_lab_inbox_idx"),
            models.Index(fields=["batch"], name="sample_batch_idx"),
            models.Index(fields=["project", "-sampled_on"], name="sample_project_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(representative_quantity__gt=0), name="sample_quantity_positive"),
            models.CheckConstraint(
                condition=Q(witness__isnull=True, witness_authorization__isnull=True)
                | Q(witness__isnull=False, witness_authorization__isnull=False),
                name="sample_witness_authorised",
            ),
        ]

    def __str__(self) -> str:
        return self.sample_number

    @property
    def history_scope(self):
        return self.project

    @property
    def witnessed(self) -> bool:
        return self.witness_id is not None


class TestReport(LastingModel):
    """A lab's test report on one sample (检测报告). Report numbers are unique per lab.

    A failing report fails the batch and opens a non-conformance
    (services.report_record). A wrong report is corrected by a new report
    that names it in `corrects`, with a reason; the original stays.
    """

    __test__ = False  # not a pytest test class, despite the name

    class Conclusion(models.TextChoices):
        PASS = "pass", _("pass")
        FAIL = "fail", _("fail")

    sample = models.ForeignKey("materials.Sample", models.PROTECT, related_name="reports", verbose_name=_("sample"))
    lab = models.ForeignKey("projects.Organization", models.PROTECT, related_name="+", editable=False)
    report_number = models.CharField(_("report number"), max_length=64)
    tested_on = models.DateField(_("tested on"))
    conclusion = models.CharField(_("conclusion"), max_length=4, choices=Conclusion.choices)
    values = models.JSONField(_("measured values"), default=dict, blank=True)
    file = models.ForeignKey(
        "common.StoredFile", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("report file")
    )
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    reason = models.TextField(_("reason for the correction"), blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("test report")
        verbose_name_plural = _("test reports")
        ordering = ["-tested_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "report_number"], name="testreport_number_per_lab"),
            models.UniqueConstraint(
                fields=["sample"], condition=Q(corrects__isnull=True), name="testreport_one_per_sample"
            ),
            models.CheckConstraint(condition=Q(conclusion__in=["pass", "fail"]), name="testreport_conclusion_known"),
        ]
        indexes = [models.Index(fields=["sample", "-tested_on"], name="testreport_sample_idx")]

    def __str__(self) -> str:
        return self.report_number

    @property
    def history_scope(self):
        return self.sample.project

    @property
    def passed(self) -> bool:
        return self.conclusion == self.Conclusion.PASS
