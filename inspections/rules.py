"""Who must sign which record (GB 50300-2013 6.0.1–6.0.6; domain.md §7 and §11.2 item 8).

- 检验批, 分项, concealed works, side-station and patrol records: the
  inspector is a 专业监理工程师, a person employed by the project's current
  supervision party with a supervising-engineer registration valid that day.
- 分部: the 总监理工程师 (the supervisor lead on that day) with the
  contractor's project lead; 地基与基础 also the survey and design leads;
  主体结构 and 节能 also the design lead.
- 单位工程: organised by the owner's lead with the supervisor (the inspector,
  as 总监), contractor, design and survey leads.
- Side-station: the contractor's quality inspector co-signs (建市〔2002〕189号:
  without both signatures the next process may not proceed).

Co-signers are named on the record as (person, capacity); the registry checks
each against what it knows on the inspection's date: leads through
projects.registry.lead_on, contractor staff by their employer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from inspections.models import DivisionCategory, InspectionKind, SignerRole
from projects import registry
from projects.models import Participant, PartyRole, Person, Project, Registration

K = InspectionKind
S = SignerRole

#: The capacity in which the inspector signs each kind of record.
INSPECTOR_ROLE = {
    K.INSPECTION_LOT: S.DISCIPLINE_SUPERVISOR,
    K.SUB_ITEM: S.DISCIPLINE_SUPERVISOR,
    K.CONCEALED_WORKS: S.DISCIPLINE_SUPERVISOR,
    K.SIDE_STATION: S.DISCIPLINE_SUPERVISOR,
    K.PATROL: S.DISCIPLINE_SUPERVISOR,
    K.DIVISION: S.CHIEF_SUPERVISOR,
    K.UNIT_ACCEPTANCE: S.CHIEF_SUPERVISOR,
    K.SPOT_CHECK: S.REGULATOR_INSPECTOR,
}

#: Lead roles behind the signer capacities that only a project lead may take.
LEAD_CAPACITY = {
    S.CHIEF_SUPERVISOR: PartyRole.SUPERVISOR,
    S.CONTRACTOR_LEAD: PartyRole.CONTRACTOR,
    S.SURVEY_LEAD: PartyRole.SURVEYOR,
    S.DESIGN_LEAD: PartyRole.DESIGNER,
    S.OWNER_LEAD: PartyRole.OWNER,
}
#: Capacities taken by staff of a current party (any employee of that organisation).
STAFF_CAPACITY = {
    S.CONTRACTOR_QUALITY_INSPECTOR: PartyRole.CONTRACTOR,
    S.CONTRACTOR_FOREMAN: PartyRole.CONTRACTOR,
    S.CONTRACTOR_TECHNICAL_LEAD: PartyRole.CONTRACTOR,
    S.DISCIPLINE_SUPERVISOR: PartyRole.SUPERVISOR,
}
COSIGNER_ROLES = tuple(list(LEAD_CAPACITY) + list(STAFF_CAPACITY))


def required_cosigners(kind: str, division_category: str = "") -> list[str]:
    """The co-signer capacities a record of this kind cannot do without."""
    if kind == K.DIVISION:
        roles = [S.CONTRACTOR_LEAD]
        if division_category == DivisionCategory.FOUNDATION:
            roles += [S.SURVEY_LEAD, S.DESIGN_LEAD]
        elif division_category in (DivisionCategory.MAIN_STRUCTURE, DivisionCategory.ENERGY):
            roles += [S.DESIGN_LEAD]
        return roles
    if kind == K.UNIT_ACCEPTANCE:
        return [S.OWNER_LEAD, S.CONTRACTOR_LEAD, S.DESIGN_LEAD, S.SURVEY_LEAD]
    if kind == K.SIDE_STATION:
        return [S.CONTRACTOR_QUALITY_INSPECTOR]
    return []


@dataclass(frozen=True)
class SignerCheck:
    """A verified signer: what the signature row records."""

    person: Person
    role: str
    organization_id: int | None
    registration_number: str


def _day(day: dt.date) -> str:
    return day.isoformat()


def _current_party(project: Project, role: str) -> Participant | None:
    return (
        Participant.objects.select_related("organization")
        .filter(project=project, role=role, left_on__isnull=True)
        .first()
    )


def supervising_registration(person: Person, day: dt.date) -> Registration | None:
    regs = [
        r for r in person.registrations.all() if r.kind == Registration.Kind.SUPERVISING_ENGINEER and r.valid_on(day)
    ]
    return max(regs, key=lambda r: r.valid_from) if regs else None


def check_signer(project: Project, person: Person, role: str, day: dt.date) -> tuple[SignerCheck | None, str]:
    """(the verified signer, "") or (None, why not), for `person` signing as `role` on `day`."""
    names = {"name": person.name, "day": _day(day), "role": S(role).label}
    if role in LEAD_CAPACITY:
        party_role = LEAD_CAPACITY[role]
        lead = registry.lead_on(project, party_role, day)
        if lead is None:
            return None, _("The project had no %(lead)s on %(day)s.") % {
                "lead": S(role).label,
                "day": _day(day),
            }
        if lead.person_id != person.pk:
            return None, _("%(name)s was not the %(role)s on %(day)s; %(lead)s was.") % {
                **names,
                "lead": lead.person_name,
            }
        return SignerCheck(person, role, lead.organization_id, lead.registration_number), ""
    if role in STAFF_CAPACITY:
        party = _current_party(project, STAFF_CAPACITY[role])
        if party is None or person.employer_id != party.organization_id:
            return None, _("%(name)s does not work for the project's %(party)s party, so cannot sign as %(role)s.") % {
                **names,
                "party": PartyRole(STAFF_CAPACITY[role]).label,
            }
        number = ""
        if role == S.DISCIPLINE_SUPERVISOR:
            reg = supervising_registration(person, day)
            if reg is None:
                return None, _(
                    "%(name)s holds no supervising-engineer registration valid on %(day)s, so cannot sign as %(role)s."
                ) % names
            number = reg.number
        return SignerCheck(person, role, party.organization_id, number), ""
    return None, _("%(role)s cannot co-sign this record.") % names


def check_inspector(project: Project, person: Person, kind: str, day: dt.date) -> tuple[SignerCheck | None, str]:
    """The inspector signs in the capacity the level needs (INSPECTOR_ROLE)."""
    return check_signer(project, person, INSPECTOR_ROLE[kind], day)
