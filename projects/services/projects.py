from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from common import history
from common.exceptions import Conflict
from common.identifiers import is_standard_permit_number, normalize_free_code, normalize_project_code
from projects import access, registry
from projects.models import Organization, Participant, PartyRole, Project, Role, UnitProject
from projects.models.projects import PARTY_ROLE_KIND, PARTY_ROLE_PERMS
from projects.services._util import full_clean, not_in_future, require_reason
from projects.services.regions import region_for_code

PROJECT_EDITABLE = ("name", "permit_number", "supervision_number", "address", "design_service_life_years")


def _grant(project: Project, organization: Organization, codenames) -> None:
    for codename in codenames:
        assign_perm(f"projects.{codename}", organization.group, project)


def grant_party_permissions(project: Project, organization: Organization, role: str) -> None:
    """The object permissions a party's organisation receives (also used by fixtures and imports)."""
    _grant(project, organization, PARTY_ROLE_PERMS[role])


def grant_registrant_permissions(project: Project, organization: Organization) -> None:
    _grant(project, organization, ("view_project", "change_project"))


def _clean_service_life(years) -> int:
    try:
        years = int(years)
    except (TypeError, ValueError):
        raise ValidationError({"design_service_life_years": _("Enter a whole number of years.")}) from None
    if not 1 <= years <= 200:
        raise ValidationError(
            {"design_service_life_years": _("The design service life must be between 1 and 200 years (usually 50).")}
        )
    return years


def _collect(errors: dict, field: str, clean, *args):
    """Run one field's check, gathering its error so that all fields are reported at once."""
    try:
        return clean(*args)
    except ValidationError as e:
        errors.update(e.message_dict if hasattr(e, "error_dict") else {field: e.messages})
        return None


def _clean_optional_code(value: str, field: str) -> str:
    if not value:
        return ""
    try:
        return normalize_free_code(value)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None


@transaction.atomic
def project_register(
    *,
    actor,
    code: str,
    name: str,
    region_code: str,
    address: str,
    design_service_life_years: int,
    permit_number: str = "",
    supervision_number: str = "",
    registered_by: Organization | None = None,
) -> Project:
    """Register a project for the actor's organisation, which may then see and change it."""
    if not access.can_register_projects(actor):
        raise PermissionDenied(_("Only firms may register projects."))
    if not actor.is_superuser:
        registered_by = actor.organization
    if registered_by is None:
        raise ValidationError({"registered_by": _("Name the organisation registering the project.")})
    errors: dict[str, list[str]] = {}
    code = _collect(errors, "code", normalize_project_code, code)
    region = _collect(errors, "region_code", region_for_code, region_code)
    design_service_life_years = _collect(
        errors, "design_service_life_years", _clean_service_life, design_service_life_years
    )
    permit_number = _collect(errors, "permit_number", _clean_optional_code, permit_number, "permit_number")
    supervision_number = _collect(
        errors, "supervision_number", _clean_optional_code, supervision_number, "supervision_number"
    )
    if not errors.get("code") and Project.objects.filter(code=code).exists():
        errors["code"] = [_("A project with this code is already registered.")]
    if errors:
        raise ValidationError(errors)
    project = Project(
        code=code,
        name=(name or "").strip(),
        permit_number=permit_number,
        supervision_number=supervision_number,
        region=region,
        address=(address or "").strip(),
        design_service_life_years=design_service_life_years,
        registered_by=registered_by,
    )
    full_clean(project)
    project.save(force_insert=True)
    grant_registrant_permissions(project, registered_by)
    history.record(actor=actor, action="create", obj=project, after=history.snapshot(project))
    return project


def permit_number_warnings(project: Project) -> list[str]:
    if project.permit_number and not is_standard_permit_number(project.permit_number):
        return [_("The permit number is not in the 18-digit national layout; local formats are accepted.")]
    return []


@transaction.atomic
def project_update(*, actor, project: Project, reason: str, **fields) -> Project:
    """Change a project's descriptive fields; the design service life only before completion."""
    access.require_project(actor, project, "change")
    reason = require_reason(reason)
    unknown = set(fields) - set(PROJECT_EDITABLE)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = history.snapshot(project)
    if "design_service_life_years" in fields:
        if project.status == Project.Status.COMPLETED:
            raise Conflict(
                _("The design service life of a completed project is fixed; lifetime responsibility runs from it."),
                code="service_life_fixed",
            )
        fields["design_service_life_years"] = _clean_service_life(fields["design_service_life_years"])
    for key in ("permit_number", "supervision_number"):
        if key in fields:
            fields[key] = _clean_optional_code(fields[key], key)
    for field, value in fields.items():
        setattr(project, field, value.strip() if isinstance(value, str) else value)
    full_clean(project)
    project.save(update_fields=list(fields))
    after = history.snapshot(project)
    if after != before:
        history.record(actor=actor, action="update", obj=project, before=before, after=after, reason=reason)
    return project


@transaction.atomic
def unit_project_add(
    *,
    actor,
    project: Project,
    name: str,
    structure_type: str = "",
    floors_above_ground: int | None = None,
    floors_below_ground: int | None = None,
    gross_floor_area: Decimal | None = None,
) -> UnitProject:
    access.require_project(actor, project, "change")
    if project.status == Project.Status.COMPLETED:
        raise Conflict(_("A completed project takes no new unit projects."), code="project_completed")
    unit = UnitProject(
        project=project,
        name=(name or "").strip(),
        structure_type=(structure_type or "").strip(),
        floors_above_ground=floors_above_ground,
        floors_below_ground=floors_below_ground,
        gross_floor_area=gross_floor_area,
    )
    if project.unit_projects.filter(name=unit.name).exists():
        raise ValidationError({"name": _("This project already has a unit project with this name.")})
    full_clean(unit)
    unit.save(force_insert=True)
    history.record(actor=actor, action="create", obj=unit, after=history.snapshot(unit), scope=project)
    return unit


@transaction.atomic
def party_add(
    *,
    actor,
    project: Project,
    role: str,
    organization: Organization,
    joined_on: dt.date,
    contract_number: str = "",
) -> Participant:
    """Make an organisation one of the five parties; its staff then see the project.

    The supervisor party's group also receives `supervise_project`, which is
    what lets its supervisors accept batches and log inspections.
    """
    access.require_project(actor, project, "change")
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    needed = PARTY_ROLE_KIND[role]
    if not organization.kinds.filter(kind=needed).exists():
        raise ValidationError(
            {
                "organization": _("%(org)s is not registered as a %(kind)s.")
                % {"org": organization.name, "kind": Organization.Kind(needed).label}
            }
        )
    not_in_future(joined_on, field="joined_on")
    # Lock the project row: two requests adding the same role wait for each other.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if Participant.objects.filter(project=project, role=role, left_on__isnull=True).exists():
        raise Conflict(
            _("The project already has a current %(role)s party; record its leaving first.")
            % {"role": PartyRole(role).label},
            code="party_exists",
        )
    party = Participant(
        project=project,
        role=role,
        organization=organization,
        joined_on=joined_on,
        contract_number=(contract_number or "").strip(),
        created_by=actor if actor.is_authenticated else None,
    )
    full_clean(party)
    try:
        with transaction.atomic():
            party.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("Another party for this role was recorded at the same time."), code="party_exists") from None
    grant_party_permissions(project, organization, role)
    history.record(actor=actor, action="add_party", obj=party, after=history.snapshot(party), scope=project)
    return party


@transaction.atomic
def party_leave(*, actor, party: Participant, left_on: dt.date, reason: str) -> Participant:
    """Record that a party left the project (the row stays; write access ends)."""
    from guardian.shortcuts import remove_perm

    access.require_project(actor, party.project, "change")
    reason = require_reason(reason, field="leave_reason")
    not_in_future(left_on, field="left_on")
    party = Participant.objects.select_for_update().select_related("organization").get(pk=party.pk)
    if party.left_on is not None:
        raise Conflict(_("This party has already left the project."), code="party_left")
    if left_on < party.joined_on:
        raise ValidationError({"left_on": _("A party cannot leave before it joined.")})
    before = history.snapshot(party)
    party.left_on, party.leave_reason = left_on, reason
    party.save(update_fields=["left_on", "leave_reason"])
    # Keep read access (its staff remain answerable); drop write grants unless another
    # current role of the same organisation still needs them.
    still = set()
    for other in Participant.objects.filter(
        project=party.project, organization=party.organization, left_on__isnull=True
    ):
        still.update(PARTY_ROLE_PERMS[other.role])
    if party.project.registered_by_id == party.organization_id:
        still.update(("view_project", "change_project"))
    for codename in set(PARTY_ROLE_PERMS[party.role]) - still - {"view_project"}:
        remove_perm(f"projects.{codename}", party.organization.group, party.project)
    history.record(
        actor=actor,
        action="party_left",
        obj=party,
        before=before,
        after=history.snapshot(party),
        reason=reason,
        scope=party.project,
    )
    return party


def _gate(problems: list[str], message: str, code: str) -> None:
    if problems:
        raise Conflict(message, code=code, problems=problems)


@transaction.atomic
def project_start(*, actor, project: Project, started_on: dt.date) -> Project:
    """Record the start of construction (开工). 409 names everything still missing."""
    access.require_project(actor, project, "change")
    not_in_future(started_on, field="started_on")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.REGISTERED:
        raise Conflict(_("The project has already started."), code="already_started")
    problems = []
    missing_roles = [
        str(PartyRole(r).label)
        for r in PartyRole.values
        if not project.parties.filter(role=r, left_on__isnull=True).exists()
    ]
    if missing_roles:
        problems.append(_("No current party for: %(roles)s.") % {"roles": ", ".join(missing_roles)})
    problems += registry.start_problems(project, started_on)
    _gate(problems, _("The project cannot start yet."), "start_blocked")
    before = history.snapshot(project)
    project.status, project.started_on = Project.Status.UNDER_CONSTRUCTION, started_on
    full_clean(project)
    project.save(update_fields=["status", "started_on"])
    history.record(actor=actor, action="start", obj=project, before=before, after=history.snapshot(project))
    return project


@transaction.atomic
def project_complete(*, actor, project: Project, completed_on: dt.date) -> Project:
    """Record completion acceptance (竣工验收); lifetime responsibility runs from here."""
    access.require_project(actor, project, "change")
    not_in_future(completed_on, field="completed_on")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status == Project.Status.REGISTERED:
        raise Conflict(_("The project has not started."), code="not_started")
    if project.status == Project.Status.COMPLETED:
        raise Conflict(_("The project is already completed."), code="already_completed")
    if completed_on < project.started_on:
        raise ValidationError(
            {"completed_on": _("Completion cannot precede the start (%(day)s).") % {"day": project.started_on}}
        )
    problems = registry.completion_problems(project, completed_on)
    _gate(problems, _("The project cannot be completed yet."), "completion_blocked")
    before = history.snapshot(project)
    project.status = Project.Status.COMPLETED
    project.completed_on = completed_on
    project.lifetime_until = Project.lifetime_end(completed_on, project.design_service_life_years)
    full_clean(project)
    project.save(update_fields=["status", "completed_on", "lifetime_until"])
    history.record(actor=actor, action="complete", obj=project, before=before, after=history.snapshot(project))
    return project


def require_role(actor, *roles: str) -> None:
    if actor.is_superuser:
        return
    if actor.role not in roles:
        raise PermissionDenied(_("Your role may not do this."))


__all__ = [
    "Role",
    "party_add",
    "party_leave",
    "permit_number_warnings",
    "project_complete",
    "project_register",
    "project_start",
    "project_update",
    "require_role",
    "unit_project_add",
]
