"""Usages and the three traces: forward, across projects, backward by place."""

import pytest

from common.locations import ancestor_keys, normalize_location, overlaps
from materials.models import Usage
from materials.selectors import usages_at
from tests.factories.materials import BatchFactory, UsageFactory
from tests.factories.projects import ProjectFactory, UnitProjectFactory, add_party
from tests.helpers import assert_access, assert_constant_queries
from tests.materials.helpers import page_client

pytestmark = pytest.mark.django_db
HIDDEN = {"other_regulator": 404, "outsider": 404, "other_supervisor": 404, "anonymous": 401}


def usage_payload(world, batch, **over):
    data = {
        "batch": batch.pk,
        "unit_project": world.unit.pk,
        "location": " 5F／柱//C-3 ",
        "quantity": "2.5",
        "used_on": "2024-03-20",
    }
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(" 5F／柱//C-3 ", "5F/柱/C-3"), ("5F\\柱\\ C-3", "5F/柱/C-3"), ("/ 1F /", "1F"), ("屋面  防水层", "屋面 防水层")],
)
def test_locations_are_normalised(raw, clean):
    assert normalize_location(raw) == clean


def test_locations_overlap_by_whole_segments():
    assert overlaps("5F", "5F/柱/C-3") and overlaps("5F/柱/C-3", "5F")
    assert not overlaps("5F/柱/C-3", "5F/柱/C-30")
    assert not overlaps("5F", "15F")
    assert ancestor_keys("5F/柱/C-3") == ["", "5F/", "5F/柱/", "5F/柱/C-3/"]  # '' is the whole unit project


def test_a_contractor_records_a_usage_of_an_accepted_batch(world, mat, as_user):
    r = as_user(world.contractor).post("/api/v1/usages/", usage_payload(world, mat.accepted))
    assert r.status_code == 201, r.data
    assert r.data["location"] == "5F/柱/C-3"
    assert Usage.objects.get().location_key == "5F/柱/C-3/"


def test_who_may_record_a_usage(world, mat):
    expected = {
        "owner": 201,
        "contractor": 201,
        "admin": 201,
        "surveyor": 403,
        "designer": 403,
        "supervisor": 403,
        "lab": 403,
        "regulator": 403,
        **HIDDEN,
    }
    assert_access(world, "post", "/api/v1/usages/", expected, usage_payload(world, mat.accepted))


@pytest.mark.parametrize("status", ["arrived", "rejected", "failed", "quarantined"])
def test_a_batch_that_is_not_accepted_cannot_be_used(world, as_user, status):
    batch = BatchFactory(
        project=world.project,
        manufacturer=world.manufacturer_org,
        status=status,
        accepted_on="2024-03-06" if status == "rejected" else None,
    )
    r = as_user(world.contractor).post("/api/v1/usages/", usage_payload(world, batch))
    assert r.status_code == 409 and r.data["code"] == "batch_not_usable"
    assert not Usage.objects.exists()


def test_usages_never_exceed_the_batch(world, mat, as_user):
    UsageFactory(batch=mat.accepted, unit_project=world.unit, quantity="59")
    r = as_user(world.contractor).post("/api/v1/usages/", usage_payload(world, mat.accepted, quantity="1.5"))
    assert r.status_code == 400 and "quantity" in r.data
    assert (
        as_user(world.contractor).post("/api/v1/usages/", usage_payload(world, mat.accepted, quantity="1")).status_code
        == 201
    )


@pytest.mark.parametrize(("field", "value"), [("quantity", "-1"), ("location", " // "), ("used_on", "2024-03-01")])
def test_bad_usages_are_refused(world, mat, as_user, field, value):
    r = as_user(world.contractor).post("/api/v1/usages/", usage_payload(world, mat.accepted, **{field: value}))
    assert r.status_code == 400 and field in r.data


def test_a_unit_project_of_another_project_is_refused(world, mat, as_user):
    other_unit = UnitProjectFactory()
    r = as_user(world.contractor).post(
        "/api/v1/usages/", usage_payload(world, mat.accepted, unit_project=other_unit.pk)
    )
    assert r.status_code == 400 and "unit_project" in r.data


def test_forward_trace_lists_every_usage_with_a_constant_number_of_queries(world, mat, as_user):
    UsageFactory(batch=mat.accepted, unit_project=world.unit)
    client = as_user(world.regulator)
    url = f"/api/v1/batches/{mat.accepted.pk}/trace/"
    r = client.get(url)
    assert r.status_code == 200 and r.data["usages"][0]["project"]["code"] == world.project.code

    def grow():
        unit2 = UnitProjectFactory(project=world.project, name="2号楼")
        for i in range(15):
            UsageFactory(batch=mat.accepted, unit_project=unit2, location=f"{i + 1}F/梁", quantity="0.1")

    assert_constant_queries(lambda: client.get(url), grow)
    assert len(client.get(url).data["usages"]) == 16
    ok = {p: 200 for p in ["owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin", "lab"]}
    assert_access(world, "get", url, {**ok, **HIDDEN})


def test_the_forward_trace_checks_the_project_once_and_shows_a_lab_no_usage(world, mat, as_user):
    import datetime as dt

    from rest_framework import serializers

    from materials.serializers import TraceUsageSerializer

    UsageFactory(batch=mat.accepted, unit_project=world.unit, location="3F/柱", quantity="1.25")
    UsageFactory(
        batch=mat.accepted,
        unit_project=world.unit,
        location="4F/梁",
        withdrawn_on=dt.date(2024, 4, 1),
        withdraw_reason="拆除",
    )
    url = f"/api/v1/batches/{mat.accepted.pk}/trace/"
    client = as_user(world.contractor)

    def grow():
        for i in range(10):
            UsageFactory(batch=mat.accepted, unit_project=world.unit, location=f"{i + 5}F", quantity="0.5")

    # The batch, whether its project is in sight, its usages: whatever the number of usages.
    assert_constant_queries(lambda: client.get(url), grow, expected=3)
    rows = client.get(url).data["usages"]
    assert len(rows) == 12
    usages = {u.pk: u for u in Usage.objects.select_related("project", "unit_project")}
    generic = TraceUsageSerializer()
    for row in rows:  # the hand-built rows are what DRF's generic path gives
        assert row == serializers.ModelSerializer.to_representation(generic, usages[row["id"]])
    assert {r["location"]: (r["quantity"], r["withdrawn_on"]) for r in rows if r["location"] in ("3F/柱", "4F/梁")} == {
        "3F/柱": ("1.250", None),
        "4F/梁": ("1.500", "2024-04-01"),
    }
    lab = as_user(world.lab).get(url)  # the lab sees the batch of its sample, not where it went
    assert lab.status_code == 200 and lab.data["batch"]["id"] == mat.accepted.pk and lab.data["usages"] == []
    assert as_user(world.outsider).get(url).status_code == 404


def test_trace_by_manufacturer_and_heat_number_across_projects(world, mat, as_user):
    """The regulator's question: where did this steel mill's heat go?"""
    heat = "22B-88001"
    projects = []
    for region in ("330106", "330105", "330206"):
        p = ProjectFactory(region_id=region)
        add_party(p, "contractor", world.contractor_org)
        unit = UnitProjectFactory(project=p)
        b = BatchFactory.accepted(project=p, manufacturer=world.manufacturer_org, batch_number=heat)
        UsageFactory(batch=b, unit_project=unit, location="3F/柱")
        projects.append(p)
    url = f"/api/v1/trace/materials/?manufacturer={world.manufacturer_org.uscc}&batch_number=22b 88001"
    r = as_user(world.regulator).get(url)
    assert r.status_code == 200
    assert {b["project"] for b in r.data["batches"]} == {projects[0].pk, projects[1].pk}  # 3302 is not Hangzhou
    assert r.data["batches"][0]["usages"][0]["location"] == "3F/柱"
    assert len(as_user(world.contractor).get(url).data["batches"]) == 3
    assert as_user(world.outsider).get(url).data["batches"] == []
    assert as_user(world.lab).get(url).data["batches"] == []
    assert as_user(world.regulator).get("/api/v1/trace/materials/?manufacturer=x").status_code == 400

    def grow():
        for _ in range(5):
            p = ProjectFactory(region_id="330108")
            b = BatchFactory.accepted(project=p, manufacturer=world.manufacturer_org, batch_number=heat)
            unit = UnitProjectFactory(project=p)
            for i in range(3):
                UsageFactory(batch=b, unit_project=unit, location=f"{i}F")

    client = as_user(world.regulator)
    assert_constant_queries(lambda: client.get(url), grow)
    assert len(client.get(url).data["batches"]) == 7


def test_backward_trace_finds_what_was_built_at_a_place(world, mat, as_user):
    from tests.factories.materials import SampleFactory, TestReportFactory

    TestReportFactory(sample=mat.sample, report_number="JC-1")
    column = UsageFactory(batch=mat.accepted, unit_project=world.unit, location="5F/柱/C-3")
    floor = UsageFactory(batch=mat.accepted, unit_project=world.unit, location="5F")
    UsageFactory(batch=mat.accepted, unit_project=world.unit, location="5F/柱/C-30")
    UsageFactory(batch=mat.accepted, unit_project=world.unit, location="15F/柱/C-3")
    assert set(usages_at(world.project, world.unit, "5F/柱/C-3")) == {column, floor}
    assert len(usages_at(world.project, world.unit, "5F")) == 3
    assert len(usages_at(world.project, None, "")) == 4

    url = f"/api/v1/trace/locations/?project={world.project.pk}&unit_project={world.unit.pk}&location=5F/柱/C-3"
    client = as_user(world.regulator)
    r = client.get(url)
    assert r.status_code == 200
    assert {u["location"] for u in r.data["usages"]} == {"5F/柱/C-3", "5F"}
    assert r.data["usages"][0]["batch"]["samples"][0]["reports"][0]["report_number"] == "JC-1"

    def grow():
        for i in range(8):
            b = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org)
            SampleFactory(batch=b, sampler=mat.sampler, lab=world.lab_org)
            UsageFactory(batch=b, unit_project=world.unit, location=f"5F/柱/C-3/{i}")

    assert_constant_queries(lambda: client.get(url), grow)
    ok = {p: 200 for p in ["owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"]}
    assert_access(world, "get", url, {**ok, "lab": 404, **HIDDEN})


def test_lists_run_a_constant_number_of_queries(world, mat, as_user):
    client = as_user(world.owner)

    def grow():
        for _ in range(6):
            b = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org)
            UsageFactory(batch=b, unit_project=world.unit)

    for url in ("/api/v1/batches/", "/api/v1/usages/", "/api/v1/samples/", "/api/v1/test-reports/"):
        assert_constant_queries(lambda url=url: client.get(url), grow)


def test_a_usage_is_withdrawn_not_deleted(world, mat, as_user):
    usage = UsageFactory(batch=mat.accepted, unit_project=world.unit)
    assert as_user(world.contractor).delete(f"/api/v1/usages/{usage.pk}/").status_code == 405
    r = as_user(world.contractor).post(
        f"/api/v1/usages/{usage.pk}/withdraw/", {"withdrawn_on": "2024-04-01", "reason": "返工拆除"}
    )
    assert r.status_code == 200 and r.data["withdrawn_on"] == "2024-04-01"
    assert (
        as_user(world.supervisor)
        .post(f"/api/v1/usages/{usage.pk}/withdraw/", {"withdrawn_on": "2024-04-01", "reason": "x"})
        .status_code
        == 403
    )


def test_the_batch_page_shows_the_forward_trace(world, mat):
    UsageFactory(batch=mat.accepted, unit_project=world.unit, location="5F/柱/C-3")
    r = page_client(world.owner).get(f"/materials/batches/{mat.accepted.pk}/")
    assert r.status_code == 200 and "5F/柱/C-3" in r.text
