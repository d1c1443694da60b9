"""Every lasting write in projects goes through one of these functions.

Each takes keyword arguments and the acting user, checks the domain rule and
the user's right to make the change, writes in one transaction and records
the change in the history (common.history) in that same transaction.
"""

from projects.services.accounts import user_create, user_update
from projects.services.notifications import notify, notify_project, project_party_users, regulators_of
from projects.services.organizations import organization_create, organization_update
from projects.services.people import person_create, person_read_id_number, person_update, registration_add
from projects.services.projects import (
    party_add,
    party_leave,
    project_complete,
    project_register,
    project_start,
    project_update,
    unit_project_add,
)
from projects.services.regions import region_for_code

__all__ = [
    "notify",
    "notify_project",
    "organization_create",
    "organization_update",
    "party_add",
    "party_leave",
    "person_create",
    "person_read_id_number",
    "person_update",
    "project_complete",
    "project_party_users",
    "project_register",
    "project_start",
    "project_update",
    "region_for_code",
    "registration_add",
    "regulators_of",
    "unit_project_add",
    "user_create",
    "user_update",
]
