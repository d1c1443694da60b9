"""Demo data: every project's five leads (order 200), some with a past change of lead;
plaques and archives for the completed projects (order 850).

Idempotent: a role that already has a lead entry is left alone, and every
value is derived from the project's plan, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from projects import registry
from projects.models import PartyRole

ROLE_WORDS = {
    PartyRole.OWNER: "建设单位",
    PartyRole.SURVEYOR: "勘察单位",
    PartyRole.DESIGNER: "设计单位",
    PartyRole.CONTRACTOR: "施工单位",
    PartyRole.SUPERVISOR: "监理单位",
}

#: Who may lead for a kind of organisation, in rotation (demo people keys, see projects.demo).
LEAD_SLOTS = {
    PartyRole.OWNER: ["lead1", "lead2"],
    PartyRole.SURVEYOR: ["lead1", "lead2"],
    PartyRole.DESIGNER: ["lead1", "lead2"],
    PartyRole.CONTRACTOR: ["lead1", "lead2", "staff1"],
    PartyRole.SUPERVISOR: ["lead1", "lead2", "staff1", "staff2"],
}


def _letters(project, org, person, role: str, day: dt.date):
    from responsibility import letters

    words = ROLE_WORDS[role]
    auth = letters.authorization_letter(
        project=project.name,
        organization=org.name,
        representative=org.legal_representative,
        person=person.name,
        role=words,
        day=day,
    )
    commitment = letters.commitment_letter(
        project=project.name, organization=org.name, person=person.name, role=words, day=day
    )
    return auth, commitment


def _appoint(ctx, project, role: str, person, started_on: dt.date, reason: str = ""):
    from common.uploads import DOCUMENT, check_upload
    from responsibility import services

    org = person.employer
    auth, commitment = _letters(project, org, person, role, started_on)
    return services.lead_appoint(
        actor=ctx["admin"],
        project=project,
        role=role,
        person=person,
        started_on=started_on,
        authorization_letter=check_upload(auth, DOCUMENT, name=f"授权书-{person.name}.pdf"),
        commitment_letter=check_upload(commitment, DOCUMENT, name=f"承诺书-{person.name}.pdf"),
        committed_on=started_on,
        reason=reason,
    )


def leads(ctx: dict[str, Any]) -> None:
    """Five leads per project, appointed a week after the parties joined; some changed since."""
    from django.utils import timezone

    from responsibility.models import Lead

    people, plans = ctx["people"], ctx["plans"]
    today = timezone.localdate()
    rotation: dict[str, int] = {}
    for i, project in enumerate(ctx["projects"]):
        plan = plans[project.code]
        parties = {p.role: p for p in project.parties.filter(left_on__isnull=True).select_related("organization")}
        for role in PartyRole.values:
            org_key = plan.parties[role]
            slots = LEAD_SLOTS[role]
            turn = rotation.get(org_key + role, 0)
            rotation[org_key + role] = turn + 1
            first = people[f"{org_key}.{slots[turn % len(slots)]}"]
            second = people[f"{org_key}.{slots[(turn + 1) % len(slots)]}"]
            if Lead.objects.filter(project=project, role=role).exists():
                continue
            started = parties[role].joined_on + dt.timedelta(days=7)
            _appoint(ctx, project, role, first, started)
            # A past change of lead on some projects, well inside construction.
            if (
                plan.started_on
                and role in (PartyRole.CONTRACTOR, PartyRole.SUPERVISOR)
                and i % 3 == (0 if role == PartyRole.CONTRACTOR else 1)
            ):
                end = plan.completed_on or today
                change_on = plan.started_on + (end - plan.started_on) / 2
                reason = (
                    "原项目经理调任公司其他项目，经建设单位同意变更，已重新签署承诺书并报质量监督机构备案"
                    if role == PartyRole.CONTRACTOR
                    else "原总监理工程师因身体原因不能继续履职，监理单位变更总监并重新办理授权"
                )
                _appoint(ctx, project, role, second, change_on, reason=reason)


def register() -> None:
    registry.register_demo_step("responsibility.leads", leads, order=200)
