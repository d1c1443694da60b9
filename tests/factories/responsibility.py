"""Leads with real letter files, through the real service (usable by every app's tests).

    from tests.factories.responsibility import appoint_lead, appoint_all_leads
    leads = appoint_all_leads(world.project)             # five leads, signed commitments
    lead = appoint_lead(project, "contractor", person)   # one lead; a person is made if omitted

Letters are genuine PDFs (tests.files.pdf_bytes), checked and stored by
common.uploads like any upload. The acting user is a superuser kept for
factories, so the project's own personas' rights are not involved.
"""

from __future__ import annotations

import datetime as dt

from common.uploads import DOCUMENT, check_upload
from projects.models import Participant, PartyRole, Person, Project, Registration, Role, User
from responsibility.models import Lead
from responsibility.services import lead_appoint
from tests.factories.projects import PersonFactory, RegistrationFactory
from tests.files import pdf_bytes

#: Registration a made-up lead gets, by role (None: no registration).
ROLE_REGISTRATION = {
    PartyRole.OWNER: None,
    PartyRole.SURVEYOR: Registration.Kind.GEOTECHNICAL_ENGINEER,
    PartyRole.DESIGNER: Registration.Kind.ARCHITECT_1,
    PartyRole.CONTRACTOR: Registration.Kind.CONSTRUCTOR_1,
    PartyRole.SUPERVISOR: Registration.Kind.SUPERVISING_ENGINEER,
}

LEAD_START = dt.date(2024, 1, 15)


def factory_actor() -> User:
    user = User.objects.filter(username="lead-factory").first()
    if user is None:
        user = User.objects.create(username="lead-factory", role=Role.ADMIN, is_superuser=True, is_staff=False)
    return user


def letter(name: str = "letter.pdf", pages: int = 1):
    return check_upload(pdf_bytes(pages=pages, text=name), DOCUMENT, name=name)


def lead_person(project: Project, role: str, *, name: str | None = None, **registration) -> Person:
    """A person employed by the role's current party, with the registration the role needs."""
    party = Participant.objects.select_related("organization").get(project=project, role=role, left_on__isnull=True)
    words = {"owner": "建设", "surveyor": "勘察", "designer": "设计", "contractor": "施工", "supervisor": "监理"}
    person = PersonFactory(name=name or f"{words[role]}负责人", employer=party.organization)
    kind = registration.pop("kind", ROLE_REGISTRATION[role])
    if kind:
        RegistrationFactory(person=person, kind=kind, **registration)
    return person


def appoint_lead(
    project: Project,
    role: str,
    person: Person | None = None,
    *,
    started_on: dt.date = LEAD_START,
    committed: bool = True,
    reason: str = "",
    actor: User | None = None,
) -> Lead:
    person = person or lead_person(project, role)
    return lead_appoint(
        actor=actor or factory_actor(),
        project=project,
        role=role,
        person=person,
        started_on=started_on,
        authorization_letter=letter(f"授权书-{person.name}.pdf"),
        commitment_letter=letter(f"承诺书-{person.name}.pdf") if committed else None,
        committed_on=started_on if committed else None,
        reason=reason,
    )


def appoint_all_leads(
    project: Project, *, started_on: dt.date = LEAD_START, people: dict[str, Person] | None = None
) -> dict[str, Lead]:
    """A signed lead for each of the five roles (the project's parties must exist)."""
    people = people or {}
    return {role: appoint_lead(project, role, people.get(role), started_on=started_on) for role in PartyRole.values}
