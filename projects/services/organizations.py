from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import history
from common.identifiers import validate_uscc
from projects import access
from projects.models import Organization, OrganizationKind
from projects.services._util import full_clean, require_reason
from projects.services.regions import region_for_code

EDITABLE_FIELDS = ("name", "legal_representative", "address", "qualification")


def _clean_kinds(kinds) -> list[str]:
    kinds = sorted(set(kinds or []))
    if not kinds:
        raise ValidationError({"kinds": _("Choose at least one kind.")})
    unknown = [k for k in kinds if k not in Organization.Kind.values]
    if unknown:
        raise ValidationError({"kinds": _("Unknown kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}})
    return kinds


def _snapshot(org: Organization, kinds: list[str]) -> dict:
    return history.snapshot(org, kinds=kinds)


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    uscc: str,
    kinds: list[str],
    region_code: str,
    address: str,
    legal_representative: str = "",
    qualification: str = "",
) -> Organization:
    """Register an organisation; it gets its own permission group."""
    if not access.can_register_organizations(actor):
        raise PermissionDenied(_("Your role may not register organisations."))
    errors = {}
    try:
        uscc = validate_uscc(uscc)
    except ValidationError as e:
        errors["uscc"] = e.messages
    try:
        region = region_for_code(region_code)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        kinds = _clean_kinds(kinds)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    if Organization.objects.filter(uscc=uscc).exists():
        raise ValidationError({"uscc": _("An organisation with this code is already registered.")})
    org = Organization(
        name=(name or "").strip(),
        uscc=uscc,
        region=region,
        address=(address or "").strip(),
        legal_representative=(legal_representative or "").strip(),
        qualification=(qualification or "").strip(),
    )
    full_clean(org, exclude=["group"])
    org.group = Group.objects.create(name=f"org:{uscc}")
    org.save(force_insert=True)
    OrganizationKind.objects.bulk_create([OrganizationKind(organization=org, kind=k) for k in kinds])
    history.record(actor=actor, action="create", obj=org, after=_snapshot(org, kinds))
    return org


def _check_kinds_still_cover_roles(org: Organization, kinds: list[str]) -> None:
    from projects.models.projects import PARTY_ROLE_KIND

    roles = set(org.participations.filter(left_on__isnull=True).values_list("role", flat=True))
    missing = sorted({str(PARTY_ROLE_KIND[r]) for r in roles} - set(kinds))
    if missing:
        raise ValidationError(
            {
                "kinds": _("The organisation is a current party as %(kinds)s; keep those kinds.")
                % {"kinds": ", ".join(missing)}
            }
        )


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    reason: str,
    kinds: list[str] | None = None,
    region_code: str | None = None,
    **fields,
) -> Organization:
    """Change an organisation's details; the old values stay in the history (name history)."""
    if not access.can_edit_organization(actor, organization):
        raise PermissionDenied(_("Only the organisation's own staff or an administrator may change it."))
    reason = require_reason(reason)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in unknown})
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    old_kinds = sorted(org.kinds.values_list("kind", flat=True))
    before = _snapshot(org, old_kinds)
    for field, value in fields.items():
        setattr(org, field, (value or "").strip())
    if region_code is not None:
        org.region = region_for_code(region_code)
    new_kinds = _clean_kinds(kinds) if kinds is not None else old_kinds
    _check_kinds_still_cover_roles(org, new_kinds)
    full_clean(org, exclude=["group"])
    org.save()
    if new_kinds != old_kinds:
        org.kinds.exclude(kind__in=new_kinds).delete()
        OrganizationKind.objects.bulk_create(
            [OrganizationKind(organization=org, kind=k) for k in new_kinds if k not in old_kinds]
        )
    after = _snapshot(org, new_kinds)
    if after != before:
        history.record(actor=actor, action="update", obj=org, before=before, after=after, reason=reason)
    return org
