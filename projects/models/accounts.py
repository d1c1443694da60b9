from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.organizations import OrganizationKindChoices


class Role(models.TextChoices):
    """What a user does in the registry (docs/api.md, "Accounts and roles")."""

    FIRM = "firm", _("firm (owner, survey, design or contractor staff)")
    SUPERVISOR = "supervisor", _("supervisor (监理)")
    LAB = "lab", _("testing lab")
    REGULATOR = "regulator", _("regulator (质量监督机构)")
    ADMIN = "admin", _("administrator")


#: Organisation kinds a user of each role may belong to.
ROLE_ORGANIZATION_KINDS = {
    Role.FIRM: {
        OrganizationKindChoices.OWNER,
        OrganizationKindChoices.SURVEYOR,
        OrganizationKindChoices.DESIGNER,
        OrganizationKindChoices.CONTRACTOR,
        OrganizationKindChoices.MANUFACTURER,
        OrganizationKindChoices.SUPPLIER,
    },
    Role.SUPERVISOR: {OrganizationKindChoices.SUPERVISOR},
    Role.LAB: {OrganizationKindChoices.LAB},
    Role.REGULATOR: {OrganizationKindChoices.REGULATOR},
}


class RegistryUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. Every non-admin user works for one organisation.

    Regulators also carry a jurisdiction: a GB/T 2260 prefix (`33` a
    province, `3301` a city, `330106` a district) whose projects they read.
    """

    Role = Role

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    jurisdiction = models.CharField(
        _("jurisdiction (region code prefix)"),
        max_length=6,
        blank=True,
        help_text=_("Regulators only: 2, 4 or 6 digits of a GB/T 2260 code, e.g. 3301."),
    )
    person = models.OneToOneField(
        "projects.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
        help_text=_("The registered person this account belongs to (for signatures)."),
    )

    objects = RegistryUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="admin") | Q(organization__isnull=False),
                name="user_needs_organization",
            ),
            models.CheckConstraint(
                condition=(Q(role="regulator") & ~Q(jurisdiction="")) | (~Q(role="regulator") & Q(jurisdiction="")),
                name="user_jurisdiction_for_regulators_only",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known"),
        ]

    @property
    def is_regulator(self) -> bool:
        return self.role == Role.REGULATOR

    @property
    def is_registry_admin(self) -> bool:
        # Role "admin" is given only together with is_superuser (projects.services.user_create).
        return self.is_superuser


class Notification(models.Model):
    """A message in a user's in-app inbox (also e-mailed when the user has an address)."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    project = models.ForeignKey("projects.Project", models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title
