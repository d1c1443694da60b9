from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common import crypto
from common.identifiers import mask_id_number
from common.models import LastingModel


class Person(LastingModel):
    """A natural person who can carry responsibility: a lead, inspector, witness, signer.

    The 身份证号 is stored encrypted (common.crypto) with a keyed digest for
    uniqueness; pages and the API show `id_number_masked` to everyone but
    regulators (projects.access.can_read_id_number), and each full read is
    written to the history.
    """

    name = models.CharField(_("name"), max_length=50)
    id_number_encrypted = models.TextField(editable=False)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    employer = models.ForeignKey(
        "projects.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("employer"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history_exclude = ("id_number_encrypted", "id_number_digest")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["employer", "name"], name="person_employer_idx"),
            models.Index(fields=["name"], name="person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """The full number. Only for regulators; log the read (projects.services)."""
        return crypto.decrypt(self.id_number_encrypted)

    def set_id_number(self, number: str) -> None:
        """`number` must already be validated and normalised (common.identifiers)."""
        from common.identifiers import id_number_birth_date

        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_digest = crypto.digest(number)
        self.id_number_masked = mask_id_number(number)
        self.birth_date = id_number_birth_date(number)


class RegistrationKind(models.TextChoices):
    CONSTRUCTOR_1 = "constructor_1", _("registered constructor, grade 1 (一级注册建造师)")
    CONSTRUCTOR_2 = "constructor_2", _("registered constructor, grade 2 (二级注册建造师)")
    SUPERVISING_ENGINEER = "supervising_engineer", _("registered supervising engineer (注册监理工程师)")
    ARCHITECT_1 = "architect_1", _("registered architect, grade 1 (一级注册建筑师)")
    ARCHITECT_2 = "architect_2", _("registered architect, grade 2 (二级注册建筑师)")
    STRUCTURAL_ENGINEER_1 = "structural_engineer_1", _("registered structural engineer, grade 1 (一级注册结构工程师)")
    STRUCTURAL_ENGINEER_2 = "structural_engineer_2", _("registered structural engineer, grade 2 (二级注册结构工程师)")
    GEOTECHNICAL_ENGINEER = "geotechnical_engineer", _("registered geotechnical engineer (注册土木工程师（岩土）)")
    OTHER = "other", _("other qualification")


class Registration(LastingModel):
    """A practice registration (执业注册) a person holds, with its validity.

    Registrations are renewed by adding a new row; a wrong row is corrected by
    a new row, the old one kept (history explains).
    """

    Kind = RegistrationKind
    CONSTRUCTOR_KINDS = (RegistrationKind.CONSTRUCTOR_1, RegistrationKind.CONSTRUCTOR_2)

    person = models.ForeignKey(Person, models.PROTECT, related_name="registrations")
    kind = models.CharField(_("kind"), max_length=30, choices=RegistrationKind.choices)
    number = models.CharField(_("registration number"), max_length=64)
    issued_by = models.CharField(_("issued by"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["person", "kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="registration_unique_number"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="registration_period_positive",
            ),
            models.CheckConstraint(condition=Q(kind__in=RegistrationKind.values), name="registration_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
