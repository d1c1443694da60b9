from __future__ import annotations

import re

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import history
from projects.models import Organization, Person, Role, User
from projects.models.accounts import ROLE_ORGANIZATION_KINDS

USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organization",
    "jurisdiction",
    "person",
    "is_active",
]


def role_group(role: str) -> Group:
    """The auth group of a role ("role:firm", …); useful for model-level grants and admin filters."""
    group, _ = Group.objects.get_or_create(name=f"role:{role}")
    return group


def validate_account(*, role, organization, jurisdiction, person) -> dict:
    """Field errors for an account's role, organisation, jurisdiction and person (empty: fine)."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Unknown role.")]
        return errors
    if role == Role.ADMIN:
        if jurisdiction:
            errors["jurisdiction"] = [_("Only regulators have a jurisdiction.")]
        return errors
    if organization is None:
        errors["organization"] = [_("Users of this role belong to an organisation.")]
        return errors
    allowed = ROLE_ORGANIZATION_KINDS[role]
    kinds = set(organization.kinds.values_list("kind", flat=True))
    if not kinds & allowed:
        errors["organization"] = [
            _("%(org)s is not an organisation for the role %(role)s.")
            % {"org": organization.name, "role": Role(role).label}
        ]
    if role == Role.REGULATOR:
        if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", jurisdiction or ""):
            errors["jurisdiction"] = [_("A jurisdiction is 2, 4 or 6 digits of a region code, e.g. 3301.")]
    elif jurisdiction:
        errors["jurisdiction"] = [_("Only regulators have a jurisdiction.")]
    if person is not None and person.employer_id != organization.pk:
        errors["person"] = [_("The person must be employed by the user's organisation.")]
    return errors


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    organization: Organization | None = None,
    jurisdiction: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    person: Person | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an account (administrators only); it joins its role's and organisation's groups.

    `password_hash` (a Django password hash) replaces `password` when accounts are
    migrated from another system, or the demo creates many with one known password.
    """
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only administrators create accounts."))
    errors = validate_account(role=role, organization=organization, jurisdiction=jurisdiction, person=person)
    if User.objects.filter(username=username).exists():
        errors["username"] = [_("This username is taken.")]
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organization=organization if role != Role.ADMIN else None,
        jurisdiction=jurisdiction if role == Role.REGULATOR else "",
        person=person,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password_hash is None:
        try:
            validate_password(password, user)
        except ValidationError as e:
            errors["password"] = e.messages
    elif not password_hash.startswith(("pbkdf2_sha256$", "argon2$", "bcrypt", "scrypt$", "md5$")):
        errors["password"] = [_("Not a password hash this registry can check.")]
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as e:
        for k, v in e.message_dict.items():
            errors.setdefault(k, v)
    if errors:
        raise ValidationError(errors)
    if password_hash is None:
        user.set_password(password)
    else:
        user.password = password_hash
    user.save(force_insert=True)
    _sync_groups(user)
    history.record(actor=actor, action="create", obj=user, after=history.snapshot(user, fields=USER_FIELDS))
    return user


def _sync_groups(user: User) -> None:
    groups = [role_group(user.role)]
    if user.organization_id:
        groups.append(user.organization.group)
    user.groups.set(groups)


@transaction.atomic
def user_update(*, actor, user: User, reason: str = "", **fields) -> User:
    """Change role, organisation, jurisdiction or activity; group membership follows."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only administrators change accounts."))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = history.snapshot(user, fields=USER_FIELDS)
    for k, v in fields.items():
        if k not in USER_FIELDS or k == "username":
            raise ValidationError({k: _("This field cannot be changed.")})
        setattr(user, k, v)
    errors = validate_account(
        role=user.role, organization=user.organization, jurisdiction=user.jurisdiction, person=user.person
    )
    if errors:
        raise ValidationError(errors)
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    user.full_clean(exclude=["password"])
    user.save()
    _sync_groups(user)
    history.record(
        actor=actor,
        action="update",
        obj=user,
        before=before,
        after=history.snapshot(user, fields=USER_FIELDS),
        reason=reason,
    )
    return user
