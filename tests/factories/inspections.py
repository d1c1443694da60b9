"""Inspections, acceptances, rectifications and spot checks through the real services.

    site = started_site(world)                   # leads, construction started, an engineer and QC staff
    lot = record_lot(site, result="pass")        # a 检验批 signed by a 专业监理工程师
    sub = record_level(site, "sub_item", [lot])  # 分项 over it, and so on up to unit_acceptance

Photos are real JPEGs with EXIF (tests.files.jpeg_bytes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from inspections import services
from inspections.models import Inspection, RosterInspector
from projects.models import Participant, Person, Project, Registration, Role, User
from projects.services import project_start
from responsibility.models import Lead
from tests.conftest import World
from tests.factories.projects import PersonFactory, RegistrationFactory, UserFactory
from tests.factories.responsibility import appoint_all_leads, factory_actor
from tests.files import jpeg_bytes

STARTED_ON = dt.date(2024, 3, 1)


@dataclass
class Site:
    world: World
    project: Project
    leads: dict[str, Lead]
    engineer: Person  # a 专业监理工程师 of the supervision firm
    engineer_user: User
    quality_inspector: Person  # the contractor's 专业质量检查员
    day: dt.date

    def lead(self, role: str) -> Person:
        return self.leads[role].person

    def party(self, role: str) -> Participant:
        return Participant.objects.get(project=self.project, role=role, left_on__isnull=True)


def started_site(world: World, *, started_on: dt.date = STARTED_ON) -> Site:
    leads = appoint_all_leads(
        world.project, people={"contractor": world.contractor_lead, "supervisor": world.supervisor_lead}
    )
    project_start(actor=factory_actor(), project=world.project, started_on=started_on)
    world.project.refresh_from_db()
    engineer = PersonFactory(name="赵专监", employer=world.supervisor_org)
    RegistrationFactory(person=engineer, kind=Registration.Kind.SUPERVISING_ENGINEER, number="33009999")
    engineer_user = UserFactory(
        username="engineer", role=Role.SUPERVISOR, organization=world.supervisor_org, person=engineer
    )
    qc = PersonFactory(name="钱质检", employer=world.contractor_org)
    return Site(world, world.project, leads, engineer, engineer_user, qc, timezone.localdate() - dt.timedelta(days=3))


def photo(taken: dt.date | None = None, **kw) -> bytes:
    return jpeg_bytes(taken=f"{taken:%Y:%m:%d} 10:30:00" if taken else None, gps=(30.27, 120.13), **kw)


def record_lot(
    site: Site, *, result: str = "pass", location: str = "5F/柱/C-3", name: str = "5F 柱钢筋安装", day=None, **kw
) -> Inspection:
    return services.inspection_record(
        actor=kw.pop("actor", site.engineer_user),
        project=site.project,
        unit_project=kw.pop("unit_project", site.world.unit),
        kind=kw.pop("kind", "inspection_lot"),
        name=name,
        performed_on=day or site.day,
        result=result,
        location=location,
        **kw,
    )


def level_cosigners(site: Site, kind: str, category: str = "") -> list[dict]:
    if kind == "division":
        signers = [{"person": site.lead("contractor"), "role": "contractor_lead"}]
        if category == "foundation":
            signers += [
                {"person": site.lead("surveyor"), "role": "survey_lead"},
                {"person": site.lead("designer"), "role": "design_lead"},
            ]
        elif category in ("main_structure", "energy"):
            signers += [{"person": site.lead("designer"), "role": "design_lead"}]
        return signers
    if kind == "unit_acceptance":
        return [
            {"person": site.lead("owner"), "role": "owner_lead"},
            {"person": site.lead("contractor"), "role": "contractor_lead"},
            {"person": site.lead("designer"), "role": "design_lead"},
            {"person": site.lead("surveyor"), "role": "survey_lead"},
        ]
    return []


def record_level(
    site: Site, kind: str, children, *, result: str = "pass", category: str = "main_structure", **kw
) -> Inspection:
    """A sub-item (by the engineer), division or unit acceptance (by the chief, world.supervisor) over `children`."""
    actor = site.engineer_user if kind == "sub_item" else site.world.supervisor
    return services.inspection_record(
        actor=kw.pop("actor", actor),
        project=site.project,
        unit_project=site.world.unit,
        kind=kind,
        name=kw.pop("name", {"sub_item": "钢筋", "division": "主体结构", "unit_acceptance": "1号楼竣工验收"}[kind]),
        performed_on=kw.pop("day", site.day),
        result=result,
        division_category=category if kind == "division" else "",
        cosigners=kw.pop("cosigners", level_cosigners(site, kind, category)),
        children=[c.pk for c in children],
        **kw,
    )


def full_tree(site: Site) -> dict[str, Inspection]:
    lots = [record_lot(site, location=f"5F/柱/C-{i}", name=f"5F 柱 C-{i} 钢筋") for i in (1, 2)]
    sub = record_level(site, "sub_item", lots)
    division = record_level(site, "division", [sub])
    unit = record_level(site, "unit_acceptance", [division])
    return {"lot1": lots[0], "lot2": lots[1], "sub_item": sub, "division": division, "unit": unit}


def roster(world: World, n: int = 3) -> list[RosterInspector]:
    entries = []
    for i in range(n):
        person = PersonFactory(name=f"监督员{i + 1}", employer=world.regulator_org)
        entries.append(
            services.roster_add(
                actor=world.regulator, person=person, badge_number=f"ZJ-HZ-{i + 1:04d}", joined_on=dt.date(2023, 1, 1)
            )
        )
    return entries
