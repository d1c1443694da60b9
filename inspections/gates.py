"""The completion gate: a project with an unclosed rectification notice cannot be completed.

Registered with projects.registry from InspectionsConfig.ready();
projects.services.project_complete answers 409 listing every notice.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from inspections.selectors import unclosed_rectifications
from projects.models import Project


def completion_check(project: Project, day: dt.date) -> list[str]:
    return [
        _("Rectification notice %(number)s to %(org)s (due %(due)s) is still %(status)s.")
        % {
            "number": r.number,
            "org": r.issued_to.organization.name,
            "due": r.due_on.isoformat(),
            "status": r.get_status_display(),
        }
        for r in unclosed_rectifications(project)
    ]
