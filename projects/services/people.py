from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import crypto, history
from common.identifiers import is_standard_constructor_number, normalize_free_code, validate_id_number
from projects import access
from projects.models import Organization, Person, Registration, Role
from projects.services._util import full_clean, require_reason

PERSON_EDITABLE = ("name", "phone")


def _check_employer(actor, employer: Organization | None) -> None:
    if actor.is_superuser:
        return
    if actor.role == Role.REGULATOR:
        raise PermissionDenied(_("Regulators do not register people."))
    if employer is None or employer.pk != actor.organization_id:
        raise PermissionDenied(_("You may register people of your own organisation only."))


def _clean_registration(data: dict, *, index: int | None = None) -> Registration:
    prefix = f"registrations[{index}]." if index is not None else ""
    kind = data.get("kind") or ""
    errors: dict[str, list[str]] = {}
    if kind not in Registration.Kind.values:
        errors[f"{prefix}kind"] = [_("Unknown registration kind.")]
    try:
        number = normalize_free_code(data.get("number") or "")
    except ValidationError as e:
        errors[f"{prefix}number"] = e.messages
        number = ""
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    if not isinstance(valid_from, dt.date):
        errors[f"{prefix}valid_from"] = [_("Enter the date the registration became valid.")]
    if valid_until is not None and not isinstance(valid_until, dt.date):
        errors[f"{prefix}valid_until"] = [_("Enter a date.")]
    if isinstance(valid_from, dt.date) and isinstance(valid_until, dt.date) and valid_until < valid_from:
        errors[f"{prefix}valid_until"] = [_("The registration cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    if Registration.objects.filter(kind=kind, number=number).exists():
        raise ValidationError({f"{prefix}number": [_("This registration number is already recorded.")]})
    return Registration(
        kind=kind,
        number=number,
        issued_by=(data.get("issued_by") or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def registration_warnings(reg: Registration) -> list[str]:
    """Soft checks: formats that are common but not guaranteed (docs/domain.md §9.4)."""
    if reg.kind in Registration.CONSTRUCTOR_KINDS and not is_standard_constructor_number(reg.number):
        return [_("The number does not have the usual constructor format (e.g. 浙133061700001); check it.")]
    return []


@transaction.atomic
def person_create(
    *,
    actor,
    name: str,
    id_number: str,
    employer: Organization | None,
    phone: str = "",
    registrations: list[dict] | None = None,
) -> Person:
    """Register a person with their registrations; the ID number is stored encrypted."""
    _check_employer(actor, employer)
    errors: dict[str, list[str]] = {}
    try:
        number = validate_id_number(id_number)
    except ValidationError as e:
        errors["id_number"] = e.messages
        number = ""
    if number and Person.objects.filter(id_number_digest=crypto.digest(number)).exists():
        errors["id_number"] = [_("A person with this ID number is already registered.")]
    regs = []
    seen = set()
    for i, data in enumerate(registrations or []):
        try:
            reg = _clean_registration(data, index=i)
        except ValidationError as e:
            errors.update(e.message_dict)
            continue
        if (reg.kind, reg.number) in seen:
            errors[f"registrations[{i}].number"] = [_("This registration is listed twice.")]
        seen.add((reg.kind, reg.number))
        regs.append(reg)
    person = Person(name=(name or "").strip(), employer=employer, phone=(phone or "").strip())
    try:
        full_clean(person, exclude=["id_number_encrypted", "id_number_digest", "id_number_masked", "birth_date"])
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    person.set_id_number(number)
    person.save(force_insert=True)
    for reg in regs:
        reg.person = person
        reg.save(force_insert=True)
    history.record(
        actor=actor,
        action="create",
        obj=person,
        after=history.snapshot(person, registrations=[_reg_snapshot(r) for r in regs]),
    )
    return person


def _reg_snapshot(reg: Registration) -> dict:
    return history.snapshot(reg, fields=["kind", "number", "issued_by", "valid_from", "valid_until"])


@transaction.atomic
def person_update(*, actor, person: Person, reason: str, employer: Organization | None = ..., **fields) -> Person:
    """Change name, phone or employer; the old values stay in the history."""
    if not access.can_edit_person(actor, person):
        raise PermissionDenied(_("Only the person's employer or an administrator may change this record."))
    reason = require_reason(reason)
    unknown = set(fields) - set(PERSON_EDITABLE)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in unknown})
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = history.snapshot(person)
    for field, value in fields.items():
        setattr(person, field, (value or "").strip())
    if employer is not ...:
        person.employer = employer
    full_clean(person)
    person.save()
    after = history.snapshot(person)
    if after != before:
        history.record(actor=actor, action="update", obj=person, before=before, after=after, reason=reason)
    return person


@transaction.atomic
def registration_add(
    *, actor, person: Person, kind: str, number: str, valid_from, valid_until=None, issued_by: str = ""
) -> Registration:
    """Record a new or renewed registration (old ones stay)."""
    if not access.can_edit_person(actor, person):
        raise PermissionDenied(_("Only the person's employer or an administrator may change this record."))
    reg = _clean_registration(
        {"kind": kind, "number": number, "valid_from": valid_from, "valid_until": valid_until, "issued_by": issued_by}
    )
    reg.person = person
    full_clean(reg)
    reg.save(force_insert=True)
    history.record(actor=actor, action="add_registration", obj=person, after=_reg_snapshot(reg))
    return reg


@transaction.atomic
def person_read_id_number(*, actor, person: Person) -> str:
    """The full ID number, for regulators; every read is written to the history."""
    if not access.can_read_id_number(actor):
        raise PermissionDenied(_("Only regulators may see full ID numbers."))
    history.record(actor=actor, action="read_id_number", obj=person)
    return person.id_number
