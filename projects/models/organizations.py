from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.identifiers import validate_uscc
from common.models import LastingModel


class OrganizationKindChoices(models.TextChoices):
    OWNER = "owner", _("owner (建设单位)")
    SURVEYOR = "surveyor", _("survey firm (勘察单位)")
    DESIGNER = "designer", _("design firm (设计单位)")
    CONTRACTOR = "contractor", _("contractor (施工单位)")
    SUPERVISOR = "supervisor", _("supervision firm (监理单位)")
    LAB = "lab", _("testing lab (检测机构)")
    MANUFACTURER = "manufacturer", _("manufacturer (生产厂家)")
    SUPPLIER = "supplier", _("supplier (供应商)")
    REGULATOR = "regulator", _("quality supervision agency (质量监督机构)")
    ARCHIVE = "archive", _("construction archive (城建档案馆)")


class Organization(LastingModel):
    """A legal entity identified by its 统一社会信用代码 (USCC).

    Each organisation has its own auth group: its users are members, and the
    object permissions a party gets on a project (projects.services) are
    granted to that group, so staff changes never touch project grants.
    """

    Kind = OrganizationKindChoices

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18 characters, GB 32100; checked by its check character."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    region = models.ForeignKey("projects.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=255)
    qualification = models.CharField(_("qualification certificate (资质)"), max_length=100, blank=True)
    group = models.OneToOneField(Group, models.PROTECT, related_name="organization", editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="organization_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_list(self) -> list[str]:
        """Kinds from the prefetched rows (prefetch `kinds` to avoid a query per row)."""
        return sorted(k.kind for k in self.kinds.all())

    def has_kind(self, kind: str) -> bool:
        return kind in self.kind_list

    def get_kind_labels(self) -> list[str]:
        labels = dict(OrganizationKindChoices.choices)
        return [str(labels[k]) for k in self.kind_list]


class OrganizationKind(models.Model):
    """One of the kinds an organisation is (an owner may also be a contractor)."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="kinds")
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKindChoices.choices)

    class Meta:
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="organizationkind_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKindChoices.values),
                name="organizationkind_known",
            ),
        ]
        indexes = [models.Index(fields=["kind", "organization"], name="organizationkind_kind_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()
