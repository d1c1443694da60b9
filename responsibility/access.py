"""Who may do what with leads, plaques and archives (on top of projects.access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from projects import access as project_access
from projects.models import Participant, PartyRole, Project


def is_owner_side(user, project: Project) -> bool:
    """The owner (建设单位) party or the registering organisation, or an administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if not user.organization_id:
        return False
    if project.registered_by_id == user.organization_id:
        return True
    return Participant.objects.filter(
        project=project, role=PartyRole.OWNER, left_on__isnull=True, organization_id=user.organization_id
    ).exists()


def require_owner_side(user, project: Project) -> None:
    """The plaque and the archive are the owner's duty (124号 Arts. 9 and 10)."""
    project_access.require_project(user, project, "change")
    if not is_owner_side(user, project):
        raise PermissionDenied(_("Only the owner (建设单位) issues the plaque and builds the archive."))


def can_view_project_object(user, obj) -> bool:
    """File rule: letters, plaque PDFs, archives and photos are readable by whoever sees the project."""
    project = obj.history_scope
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()
