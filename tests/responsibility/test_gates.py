"""Start and completion need every lead in place with letters on file (建办质〔2014〕44号)."""

from __future__ import annotations

import datetime as dt

from projects.models import Project
from responsibility import services
from tests.factories.responsibility import appoint_all_leads, appoint_lead, lead_person, letter

D = dt.date


def start(as_user, world, day="2024-02-01"):
    return as_user(world.owner).post(f"/api/v1/projects/{world.project.pk}/start/", {"started_on": day})


def test_start_answers_409_naming_each_role_without_a_lead(world, as_user):
    appoint_lead(world.project, "contractor", world.contractor_lead)
    response = start(as_user, world)
    assert response.status_code == 409, response.data
    assert response.data["code"] == "start_blocked"
    problems = " ".join(response.data["problems"])
    for label in ("建设单位", "勘察单位", "设计单位", "监理单位"):
        assert label in problems
    assert "施工单位" not in problems
    world.project.refresh_from_db()
    assert world.project.status == Project.Status.REGISTERED


def test_start_passes_with_five_signed_leads(world, as_user):
    appoint_all_leads(world.project, people={"contractor": world.contractor_lead})
    response = start(as_user, world)
    assert response.status_code == 200, response.data
    assert response.data["status"] == "under_construction"


def test_a_lead_without_commitment_blocks_start_by_name(world, as_user, english):
    for role in ("owner", "surveyor", "designer", "contractor"):
        appoint_lead(world.project, role, world.contractor_lead if role == "contractor" else None)
    appoint_lead(world.project, "supervisor", world.supervisor_lead, committed=False)
    response = as_user(world.owner).post(
        f"/api/v1/projects/{world.project.pk}/start/", {"started_on": "2024-02-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.data["problems"] == [
        "李监理 (supervisor (监理单位) lead) has not signed the lifetime quality commitment (承诺书)."
    ]


def test_a_lead_must_be_in_place_on_the_start_day_itself(world, as_user):
    appoint_all_leads(world.project, started_on=D(2024, 3, 1), people={"contractor": world.contractor_lead})
    response = start(as_user, world, "2024-02-20")
    assert response.status_code == 409
    assert len(response.data["problems"]) == 5 and "2024-02-20" in response.data["problems"][0]
    assert start(as_user, world, "2024-03-01").status_code == 200


def test_completion_is_gated_by_the_leads_on_the_completion_day(world, as_user):
    leads = appoint_all_leads(world.project, people={"contractor": world.contractor_lead})
    assert start(as_user, world).status_code == 200
    # A change of designer lead whose commitment is not yet on file blocks completion.
    services.lead_appoint(
        actor=world.owner,
        project=world.project,
        role="designer",
        person=lead_person(world.project, "designer", name="新设计"),
        started_on=D(2024, 6, 1),
        authorization_letter=letter(),
        reason="设计负责人退休",
    )
    url = f"/api/v1/projects/{world.project.pk}/complete/"
    response = as_user(world.owner).post(url, {"completed_on": "2024-07-01"})
    assert response.status_code == 409 and response.data["code"] == "completion_blocked"
    assert any("新设计" in p for p in response.data["problems"])
    # Completion backdated to the old designer's tenure passes: the leads on that day had signed.
    response = as_user(world.owner).post(url, {"completed_on": "2024-05-31"})
    assert response.status_code == 200, response.data
    assert response.data["lifetime_until"] == "2074-05-31"
    assert leads["designer"].pk


def test_a_lead_whose_firm_left_the_project_blocks_the_gate(world, as_user):
    from projects.services import party_add, party_leave
    from tests.factories.projects import OrganizationFactory

    appoint_all_leads(world.project, people={"contractor": world.contractor_lead})
    party = world.project.parties.get(role="contractor")
    party_leave(actor=world.owner, party=party, left_on=D(2024, 1, 20), reason="合同解除")
    new_firm = OrganizationFactory(name="新施工单位", kinds=("contractor",))
    party_add(
        actor=world.owner, project=world.project, role="contractor", organization=new_firm, joined_on=D(2024, 1, 21)
    )
    response = start(as_user, world)
    assert response.status_code == 409
    assert any("新施工单位" in p for p in response.data["problems"])
