"""Access checks used by every page, API view, export and PDF.

Fetch through these, never with `Model.objects.get` in a view: an object out
of the user's sight is a 404 (its existence is not revealed); an object the
user sees but may not change is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from common.ids import as_id
from projects.models import Organization, Person, Project, Role

NEEDS = ("view", "change", "supervise", "regulate")


def project_queryset(user, need: str = "view"):
    if need == "view":
        return Project.objects.visible_to(user)
    if need == "change":
        return Project.objects.writable_by(user)
    if need == "supervise":
        return Project.objects.supervised_by(user)
    if need == "regulate":
        return Project.objects.regulated_by(user)
    raise ValueError(f"unknown need {need!r}; use one of {NEEDS}")


def get_project_for_user(user, pk, *, need: str = "view", queryset=None) -> Project:
    """The project if the user may see it (else 404) and do `need` on it (else 403)."""
    qs = queryset if queryset is not None else Project.objects.all()
    if as_id(getattr(pk, "pk", pk)) is None:  # beyond the database's integers: no such project
        raise Http404
    try:
        project = qs.filter(pk__in=Project.objects.visible_to(user).values("pk")).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if need != "view":
        require_project(user, project, need)
    return project


def can_on_project(user, project: Project, need: str) -> bool:
    if need == "view":
        return Project.objects.visible_to(user).filter(pk=project.pk).exists()
    return project_queryset(user, need).filter(pk=project.pk).exists()


def require_project(user, project: Project, need: str) -> None:
    """Raise PermissionDenied unless the user may do `need` on a project they can see."""
    if not can_on_project(user, project, need):
        messages = {
            "change": _("Only the project's owner, contractor or registering firm may do this."),
            "supervise": _("Only the project's supervision firm may do this."),
            "regulate": _("Only a regulator with jurisdiction over this project may do this."),
        }
        raise PermissionDenied(messages.get(need, _("You may not do this on this project.")))


def can_read_id_number(user) -> bool:
    """Full ID numbers are for regulators (and administrators) only."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role == Role.REGULATOR))


def get_person_for_user(user, pk) -> Person:
    from projects.selectors import people_visible_to

    try:
        return people_visible_to(user).select_related("employer").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_edit_person(user, person: Person) -> bool:
    return bool(
        user.is_superuser
        or (user.organization_id and person.employer_id == user.organization_id and user.role != Role.REGULATOR)
    )


def get_organization(pk) -> Organization:
    try:
        return Organization.objects.select_related("region").prefetch_related("kinds").get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_register_organizations(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or user.role in (Role.FIRM, Role.SUPERVISOR, Role.REGULATOR))
    )


def can_edit_organization(user, organization: Organization) -> bool:
    return bool(user.is_superuser or user.organization_id == organization.pk)


def can_register_projects(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or (user.role == Role.FIRM and user.organization_id))
    )
