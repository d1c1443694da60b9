"""The accountability trace: for a defect, who answers for the work at its location.

Scenario: a project starts in 2021 with five signed leads; columns at 5F/柱/C-3 are built
(an inspection lot and a rebar usage) in May 2021; completion is accepted on 2022-06-10.
The contractor's project manager changes either after or before the work was built.
"""

import datetime as dt
from decimal import Decimal

import pytest

from common.models import ChangeRecord
from inspections.services import inspection_record
from projects.models import Notification
from projects.services import project_complete, project_start
from responsibility.models import CaseFinding
from responsibility.services.defects import defect_register
from tests.factories.materials import BatchFactory, UsageFactory
from tests.factories.projects import PersonFactory, RegistrationFactory, UserFactory
from tests.factories.responsibility import appoint_all_leads, appoint_lead, factory_actor
from tests.helpers import assert_access, assert_constant_queries, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

STARTED = dt.date(2021, 3, 1)
BUILT = dt.date(2021, 5, 10)
COMPLETED = dt.date(2022, 6, 10)


@pytest.fixture
def site(world):
    from projects.models import Participant

    Participant.objects.filter(project=world.project).update(joined_on=dt.date(2020, 12, 1))
    leads = appoint_all_leads(
        world.project,
        started_on=dt.date(2021, 1, 15),
        people={"contractor": world.contractor_lead, "supervisor": world.supervisor_lead},
    )
    project_start(actor=factory_actor(), project=world.project, started_on=STARTED)
    world.project.refresh_from_db()
    engineer = PersonFactory(name="赵专监", employer=world.supervisor_org)
    RegistrationFactory(person=engineer, kind="supervising_engineer", number="33007777")
    engineer_user = UserFactory(
        username="engineer", role="supervisor", organization=world.supervisor_org, person=engineer
    )
    return {"leads": leads, "engineer_user": engineer_user}


def build_columns(world, site, *, location="5F/柱/C-3", day=BUILT):
    lot = inspection_record(
        actor=site["engineer_user"],
        project=world.project,
        unit_project=world.unit,
        kind="inspection_lot",
        name="5F 柱钢筋安装检验批",
        performed_on=day,
        result="pass",
        location=location,
    )
    batch = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, batch_number="22B-88001")
    usage = UsageFactory(
        batch=batch,
        unit_project=world.unit,
        location=location,
        used_on=day - dt.timedelta(days=2),
        quantity=Decimal("2.4"),
    )
    return lot, usage


def change_contractor_lead(world, on: dt.date):
    person = PersonFactory(name="新项目经理", employer=world.contractor_org)
    RegistrationFactory(person=person, kind="constructor_1", number="浙133061900777")
    return appoint_lead(world.project, "contractor", person, started_on=on, reason="原项目经理调离")


def complete(world):
    project_complete(actor=factory_actor(), project=world.project, completed_on=COMPLETED)
    world.project.refresh_from_db()


def register(world, actor=None, **kw):
    values = {
        "project": world.project,
        "unit_project": world.unit,
        "location": "5F/柱/C-3",
        "work_category": "main_structure",
        "discovered_on": dt.date(2024, 9, 1),
        "description": "柱根部开裂露筋",
    } | kw
    return defect_register(actor=actor or world.regulator, **values)


def contractor_leads(body):
    party = next(p for p in body["responsible"] if p["role"] == "contractor")
    return {lead["person"]: lead["on_duty_when_built"] for lead in party["leads"]}


def test_a_lead_changed_after_the_work_was_built_is_not_the_one_named(world, site, as_user):
    build_columns(world, site)
    change_contractor_lead(world, dt.date(2021, 9, 1))
    complete(world)
    defect = register(world)
    body = as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/").json()
    assert contractor_leads(body) == {"王建国": True, "新项目经理": False}
    assert body["built_from"] == "2021-05-08" and body["built_until"] == "2021-05-10"
    assert body["has_work_records"] is True
    assert [r["kind"] for r in body["work_records"]] == ["inspection_lot"]
    assert body["materials"][0]["batch_number"] == "22B-88001"


def test_a_lead_changed_before_the_work_was_built_is_the_one_named(world, site, as_user):
    change_contractor_lead(world, dt.date(2021, 4, 1))
    build_columns(world, site)
    complete(world)
    body = as_user(world.regulator).get(f"/api/v1/defects/{register(world).pk}/accountability/").json()
    assert contractor_leads(body) == {"王建国": False, "新项目经理": True}


def test_every_responsible_role_of_the_category_is_listed(world, site, as_user):
    build_columns(world, site)
    complete(world)
    structure = as_user(world.regulator).get(f"/api/v1/defects/{register(world).pk}/accountability/").json()
    assert [p["role"] for p in structure["responsible"]] == [
        "owner",
        "surveyor",
        "designer",
        "contractor",
        "supervisor",
    ]
    finish = register(world, work_category="decoration", discovered_on=dt.date(2023, 1, 5))
    roles = [
        p["role"]
        for p in as_user(world.regulator).get(f"/api/v1/defects/{finish.pk}/accountability/").json()["responsible"]
    ]
    assert "surveyor" not in roles


def test_a_location_without_records_is_said_so_rather_than_guessed(world, site, as_user):
    build_columns(world, site)
    complete(world)
    defect = register(
        world, location="屋面/女儿墙", work_category="roof_waterproofing", discovered_on=dt.date(2023, 8, 1)
    )
    body = (
        as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/", HTTP_ACCEPT_LANGUAGE="en").json()
    )
    assert body["has_work_records"] is False
    assert body["work_records"] == [] and body["materials"] == []
    assert all(lead["on_duty_when_built"] is None for p in body["responsible"] for lead in p["leads"])
    assert "cannot tell" in body["note"]


@pytest.mark.parametrize(
    ("defect_at", "finds"),
    [("5F", True), ("5F/柱/C-3/根部", True), ("5F/柱/C-30", False), ("6F", False)],
)
def test_locations_match_when_either_is_a_prefix_of_the_other_by_segment(world, site, as_user, defect_at, finds):
    build_columns(world, site)
    complete(world)
    body = (
        as_user(world.regulator).get(f"/api/v1/defects/{register(world, location=defect_at).pk}/accountability/").json()
    )
    assert bool(body["work_records"]) is finds and bool(body["materials"]) is finds


@pytest.mark.parametrize(("discovered", "in_warranty"), [(dt.date(2024, 6, 9), True), (dt.date(2024, 6, 10), False)])
def test_the_warranty_boundary_through_the_api(world, site, as_user, discovered, in_warranty):
    complete(world)
    defect = register(world, work_category="electrical", discovered_on=discovered)
    body = as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/").json()
    assert body["warranty"]["expires_on"] == "2024-06-09"
    assert body["warranty"]["in_warranty"] is in_warranty
    assert body["lifetime_until"] == "2072-06-10" and body["within_lifetime"] is True


def test_the_trace_runs_the_same_queries_however_much_is_recorded(world, site, as_user):
    build_columns(world, site)
    defect = register(world, discovered_on=dt.date(2021, 12, 1))  # found during construction
    client = as_user(world.regulator)

    def grow():
        for i in range(6):
            build_columns(world, site, location=f"5F/柱/C-3/段{i}", day=BUILT + dt.timedelta(days=i + 1))
        change_contractor_lead(world, dt.date(2021, 8, 1))

    assert_constant_queries(lambda: client.get(f"/api/v1/defects/{defect.pk}/accountability/"), grow)


def test_who_may_read_a_defect_and_its_trace(world, site):
    complete(world)
    defect = register(world)
    expected = {
        "owner": 200,
        "contractor": 200,
        "surveyor": 200,
        "designer": 200,
        "supervisor": 200,
        "regulator": 200,
        "admin": 200,
        "lab": 404,
        "other_regulator": 404,
        "outsider": 404,
        "other_supervisor": 404,
        "anonymous": 401,
    }
    for url in (f"/api/v1/defects/{defect.pk}/", f"/api/v1/defects/{defect.pk}/accountability/"):
        assert_access(world, "GET", url, expected)


def test_who_may_register_a_defect(world, site):
    complete(world)
    data = {
        "project": world.project.pk,
        "unit_project": world.unit.pk,
        "location": "2F",
        "work_category": "main_structure",
        "discovered_on": "2024-01-10",
        "description": "楼板裂缝",
    }
    expected = {
        "regulator": 201,
        "owner": 201,
        "admin": 201,
        "contractor": 201,  # main structure: the warranty is the design life
        "supervisor": 403,
        "designer": 403,
        "surveyor": 403,
        "lab": 404,
        "other_regulator": 404,
        "outsider": 404,
        "anonymous": 401,
    }
    assert_access(world, "POST", "/api/v1/defects/", expected, data=data)


def test_bad_input_is_refused_and_nothing_is_stored(world, site, as_user):
    from responsibility.models import Defect

    complete(world)
    client = as_user(world.regulator)
    base = {
        "project": world.project.pk,
        "unit_project": world.unit.pk,
        "location": "2F",
        "work_category": "main_structure",
        "discovered_on": "2024-01-10",
        "description": "x",
    }
    for change, field in [
        ({"work_category": "kitchen"}, "work_category"),
        ({"discovered_on": "2020-01-01"}, "discovered_on"),  # before the start
        ({"discovered_on": "2999-01-01"}, "discovered_on"),
    ]:
        response = client.post("/api/v1/defects/", base | change)
        assert response.status_code == 400 and field in response.json(), change
    assert not Defect.objects.exists()


def test_a_case_from_open_to_closed(world, site, as_user):
    build_columns(world, site)
    complete(world)
    defect = register(world)
    client = as_user(world.regulator)
    case = client.post(
        "/api/v1/accountability-cases/",
        {
            "defects": [defect.pk],
            "trigger": "unusable",
            "summary": "柱保护层不足",
            "opened_on": "2024-09-15",
            "finding": "抽测5根柱保护层不足",
        },
    ).json()
    assert case["number"].startswith("ZR-2024-") and case["findings"][0]["text"] == "抽测5根柱保护层不足"
    url = f"/api/v1/accountability-cases/{case['id']}/"
    lead_id = site["leads"]["contractor"].pk
    case = client.post(
        f"{url}subjects/",
        {"role": "contractor", "organization": world.contractor_org.pk, "lead": lead_id, "basis": "施工时在任"},
    ).json()
    subject = case["subjects"][0]["id"]
    assert (
        client.post(f"{url}measures/", {"subject": subject, "kind": "fine", "decided_on": "2024-10-01"}).status_code
        == 400
    )  # a fine needs an amount
    case = client.post(
        f"{url}measures/", {"subject": subject, "kind": "suspension", "months": 12, "decided_on": "2024-10-01"}
    ).json()
    measure = case["measures"][0]["id"]
    case = client.post(f"{url}measures/{measure}/withdraw/", {"reason": "复议撤销", "decided_on": "2024-11-01"}).json()
    assert [m["withdraws"] for m in case["measures"]] == [None, measure]  # both entries stay
    assert client.post(f"{url}decide/", {"day": "2024-11-02"}).json()["status"] == "decided"
    assert client.post(f"{url}close/", {"day": "2024-11-03"}).json()["status"] == "closed"
    assert client.post(f"{url}findings/", {"text": "too late"}).status_code == 409
    actions = list(
        ChangeRecord.objects.filter(target_id=case["id"], action__startswith="case").values_list("action", flat=True)
    )
    assert {"case_open", "case_subject", "case_measure", "case_measure_withdraw", "case_decide", "case_close"} <= set(
        actions
    )


def test_cases_are_for_regulators_of_the_jurisdiction(world, site, as_user):
    complete(world)
    defect = register(world)
    data = {"defects": [defect.pk], "trigger": "other", "summary": "x", "opened_on": "2024-09-15"}
    assert_access(
        world,
        "POST",
        "/api/v1/accountability-cases/",
        {
            "regulator": 201,
            "admin": 201,
            "owner": 403,
            "supervisor": 403,
            "outsider": 404,
            "other_regulator": 404,
            "anonymous": 401,
        },
        data=data,
    )
    case = as_user(world.regulator).post("/api/v1/accountability-cases/", data).json()
    assert_access(
        world,
        "GET",
        f"/api/v1/accountability-cases/{case['id']}/",
        {"regulator": 200, "admin": 200, "owner": 404, "contractor": 404, "other_regulator": 404, "anonymous": 401},
    )


def case_against_the_contractor(world, as_user):
    """An open case on a completed project's defect, holding the contractor accountable."""
    complete(world)
    defect = register(world)
    regulator = as_user(world.regulator)
    data = {"defects": [defect.pk], "trigger": "unusable", "summary": "柱保护层不足", "opened_on": "2024-09-15"}
    case = regulator.post("/api/v1/accountability-cases/", data).json()
    url = f"/api/v1/accountability-cases/{case['id']}/"
    regulator.post(
        f"{url}subjects/", {"role": "contractor", "organization": world.contractor_org.pk, "basis": "施工单位"}
    )
    return defect, case, url, regulator


def test_a_decided_case_is_served_on_the_parties_held_accountable_and_only_on_them(world, site, as_user):
    _defect, case, url, regulator = case_against_the_contractor(world, as_user)
    while_open = {"contractor": 404, "owner": 404, "regulator": 200}
    assert_access(world, "GET", url, while_open)
    assert not Notification.objects.filter(kind="case_decided").exists()

    assert regulator.post(f"{url}decide/", {"day": "2024-11-02"}).status_code == 200

    served = {"contractor": 200, "owner": 404, "supervisor": 404, "outsider": 404, "regulator": 200, "anonymous": 401}
    assert_access(world, "GET", url, served)
    assert_access(world, "GET", f"{url}report/", {"contractor": 200, "owner": 404})
    assert [c["number"] for c in as_user(world.contractor).get("/api/v1/accountability-cases/").json()["results"]] == [
        case["number"]
    ]
    assert as_user(world.owner).get("/api/v1/accountability-cases/").json()["results"] == []
    # Served, not handed over: the party reads and cannot write.
    contractor = as_user(world.contractor)
    assert contractor.post(f"{url}findings/", {"text": "异议"}).status_code == 403
    assert contractor.post(f"{url}close/", {"day": "2024-11-03"}).status_code == 403
    notice = Notification.objects.get(kind="case_decided", recipient=world.contractor)
    assert notice.url == f"/accountability/cases/{case['id']}/" and case["number"] in notice.title
    assert not Notification.objects.filter(kind="case_decided").exclude(recipient__organization=world.contractor_org)


def test_the_party_reads_the_decided_case_page_without_the_regulators_forms(world, site, as_user):
    from django.test import Client

    defect, case, url, regulator = case_against_the_contractor(world, as_user)
    regulator.post(f"{url}decide/", {"day": "2024-11-02"})
    page = Client()
    page.force_login(world.contractor)
    html = page.get(f"/accountability/cases/{case['id']}/").content.decode()
    assert case["number"] in html and "柱保护层不足" in html
    for action in ("finding", "subject", "measure", "decide", "close"):
        assert f"/accountability/cases/{case['id']}/{action}/" not in html
    assert case["number"] in page.get(defect.get_absolute_url()).content.decode()
    assert page.post(f"/accountability/cases/{case['id']}/finding/", {"text": "异议"}).status_code == 403
    assert not CaseFinding.objects.filter(text="异议").exists()


def test_the_reports_read_back_with_the_right_names(world, site, as_user):
    build_columns(world, site)
    complete(world)
    defect = register(world)
    response = as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/report/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "王建国" in text and "22B-88001" in text and "工程质量终身责任追究报告" in text
    assert "WenQuanYi" in pdf_fonts(response.content)


def test_the_defect_page_shows_the_timeline_and_who_was_on_duty(world, site):
    from django.test import Client

    build_columns(world, site)
    change_contractor_lead(world, dt.date(2021, 9, 1))
    complete(world)
    defect = register(world)
    client = Client()
    client.force_login(world.owner)
    html = client.get(f"/defects/{defect.pk}/").content.decode()
    assert "<svg" in html and "王建国" in html and "新项目经理" in html
    assert html.count('data-testid="on-duty"') >= 6


def test_the_dashboard_is_for_regulators(world, site):
    complete(world)
    register(world)
    assert_access(
        world,
        "GET",
        "/api/v1/dashboard/",
        {"regulator": 200, "admin": 200, "owner": 403, "supervisor": 403, "lab": 403, "anonymous": 401},
    )


def test_the_dashboard_counts_open_defects_in_the_jurisdiction(world, site, as_user):
    complete(world)
    register(world)
    register(world, severity="minor", description="另一处")
    data = as_user(world.regulator).get("/api/v1/dashboard/").json()
    row = next(r for r in data["open_defects"] if r["category"] == "main_structure")
    assert row["total"] == 2 and row["by_severity"] == {"serious": 1, "minor": 1}
    assert as_user(world.other_regulator).get("/api/v1/dashboard/").json()["open_defects"] == []


def test_acceptances_of_the_whole_unit_are_listed_but_do_not_date_the_work(world, site, as_user):
    from tests.factories.inspections import level_cosigners

    lot, _usage = build_columns(world, site)
    for kind, children in (("sub_item", [lot]),):
        inspection_record(
            actor=site["engineer_user"],
            project=world.project,
            unit_project=world.unit,
            kind=kind,
            name="钢筋",
            performed_on=dt.date(2021, 6, 1),
            result="pass",
            children=[c.pk for c in children],
            cosigners=level_cosigners(None, kind) if kind != "sub_item" else [],
        )
    complete(world)
    defect = register(
        world, location="屋面/女儿墙", work_category="roof_waterproofing", discovered_on=dt.date(2023, 8, 1)
    )
    body = as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/").json()
    assert body["has_work_records"] is False
    defect = register(world, location="5F", discovered_on=dt.date(2023, 8, 1))
    body = as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/").json()
    assert {r["kind"] for r in body["work_records"]} == {"inspection_lot", "sub_item"}
    assert body["built_until"] == "2021-05-10"  # the lot's day, not the sub-item's


def test_the_dashboard_page_and_the_lists_behind_its_charts(world, site):
    from django.test import Client

    complete(world)
    register(world)
    regulator, owner = Client(), Client()
    regulator.force_login(world.regulator)
    owner.force_login(world.owner)
    page = regulator.get("/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 1 and "/defects/?status=open&amp;work_category=main_structure" in html
    for url in [
        "/dashboard/spot-checks/?district=330106&month=2024-05",
        "/dashboard/test-reports/?material_type=cement",
        "/dashboard/overdue/?district=330106",
        "/defects/?status=open",
    ]:
        assert regulator.get(url).status_code == 200, url
    for url in ["/dashboard/", "/dashboard/test-reports/"]:
        assert owner.get(url).status_code == 403, url
