"""Organisations, people, projects and accounts: the base every other app stands on."""

from projects.models.accounts import Notification, Role, User
from projects.models.organizations import Organization, OrganizationKind
from projects.models.people import Person, Registration
from projects.models.permissions import ProjectGroupObjectPermission, ProjectUserObjectPermission
from projects.models.projects import Participant, PartyRole, Project, UnitProject
from projects.models.regions import Region

__all__ = [
    "Notification",
    "Organization",
    "OrganizationKind",
    "Participant",
    "PartyRole",
    "Person",
    "Project",
    "ProjectGroupObjectPermission",
    "ProjectUserObjectPermission",
    "Region",
    "Registration",
    "Role",
    "UnitProject",
    "User",
]
