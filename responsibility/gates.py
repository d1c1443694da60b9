"""Lifecycle gates: what leads must be in place before a project starts or completes.

Registered with projects.registry from ResponsibilityConfig.ready();
projects.services.project_start/project_complete call them and answer 409
with every problem listed (建办质〔2014〕44号: no permit and no completion
filing without the letters of authorisation and commitment on file).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from projects.models import Participant, PartyRole, Project
from responsibility.selectors import leads_on


def lead_problems(project: Project, day: dt.date) -> list[str]:
    """Every role without a lead on `day`, every lead without letters or no longer with the party."""
    leads = leads_on(project, day)
    parties = {
        p.role: p
        for p in Participant.objects.filter(project=project, left_on__isnull=True).select_related("organization")
    }
    problems: list[str] = []
    for role in PartyRole:
        lead = leads.get(role.value)
        if lead is None:
            problems.append(_("No %(role)s lead in place on %(day)s.") % {"role": role.label, "day": day.isoformat()})
            continue
        names = {"name": lead.person.name, "role": role.label}
        if not lead.authorization_letter_id:
            problems.append(_("%(name)s (%(role)s lead) has no letter of authorisation on file.") % names)
        if not lead.has_commitment:
            problems.append(
                _("%(name)s (%(role)s lead) has not signed the lifetime quality commitment (承诺书).") % names
            )
        party = parties.get(role.value)
        if party is not None and party.organization_id != lead.organization_id:
            problems.append(
                _(
                    "%(name)s (%(role)s lead) works for %(org)s, which is no longer the party; appoint a lead of %(party)s."
                )
                % {**names, "org": lead.organization.name, "party": party.organization.name}
            )
    return problems


def start_check(project: Project, day: dt.date) -> list[str]:
    return lead_problems(project, day)


def completion_check(project: Project, day: dt.date) -> list[str]:
    return lead_problems(project, day)
