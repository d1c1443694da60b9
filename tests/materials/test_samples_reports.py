"""Witness sampling and test reports: who may record them, and what a failing report does."""

import datetime as dt

import pytest
from django.core import mail

from materials.models import NonConformance, Sample, TestReport
from projects.models import Notification, Role
from tests.factories.materials import (
    BatchFactory,
    SampleFactory,
    TestReportFactory,
    WitnessAuthorizationFactory,
    material_type,
)
from tests.factories.projects import OrganizationFactory, PersonFactory, UserFactory
from tests.helpers import assert_access
from tests.materials.helpers import assert_statuses, pdf_upload

pytestmark = pytest.mark.django_db
HIDDEN = {"other_regulator": 404, "outsider": 404, "other_supervisor": 404, "anonymous": 401}


def sample_payload(world, mat, **over):
    data = {
        "batch": mat.accepted.pk,
        "sample_number": "YP-2024-0001",
        "seal_number": "FZ-0001",
        "sampled_on": "2024-03-07",
        "sampling_location": "钢筋堆场",
        "sampler": mat.sampler.pk,
        "witness": mat.witness.pk,
        "lab": world.lab_org.uscc,
        "representative_quantity": "60",
    }
    data.update(over)
    return data


def test_a_supervisor_records_a_witnessed_sample(world, mat, as_user):
    r = as_user(world.supervisor).post("/api/v1/samples/", sample_payload(world, mat, sample_number=" yp-2024-0001 "))
    assert r.status_code == 201, r.data
    sample = Sample.objects.get(pk=r.data["id"])
    assert sample.sample_number == "YP-2024-0001"
    assert sample.witnessed and sample.witness_authorization == mat.authorization
    assert r.data["witness_name"] == mat.witness.name


def test_who_may_record_a_sample(world, mat):
    expected = {
        "owner": 201,
        "contractor": 201,
        "supervisor": 201,
        "admin": 201,
        "surveyor": 403,
        "designer": 403,
        "lab": 403,
        "regulator": 403,
        **HIDDEN,
    }
    assert_access(world, "post", "/api/v1/samples/", expected, sample_payload(world, mat))


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"sample_number": None}, "sample_number"),
        ({"seal_number": None}, "seal_number"),
        ({"sampled_on": "2024-03-01"}, "sampled_on"),
        ({"representative_quantity": "500"}, "representative_quantity"),
        ({"lab": "none"}, "lab"),
    ],
)
def test_bad_samples_are_refused(world, mat, as_user, over, field):
    taken = {"sample_number": mat.sample.sample_number, "seal_number": mat.sample.seal_number}
    over = {k: (taken[k] if v is None else v) for k, v in over.items()}
    r = as_user(world.supervisor).post("/api/v1/samples/", sample_payload(world, mat, **over))
    assert r.status_code == 400 and field in r.data, r.data
    assert Sample.objects.count() == 1


def test_the_sampler_must_be_contractor_staff(world, mat, as_user):
    r = as_user(world.supervisor).post("/api/v1/samples/", sample_payload(world, mat, sampler=world.supervisor_lead.pk))
    assert r.status_code == 400 and "sampler" in r.data


def test_the_witness_must_be_authorised_on_the_project_on_that_day(world, mat, as_user):
    stranger = PersonFactory(employer=world.supervisor_org)
    r = as_user(world.supervisor).post("/api/v1/samples/", sample_payload(world, mat, witness=stranger.pk))
    assert r.status_code == 400 and "witness" in r.data
    r = as_user(world.supervisor).post("/api/v1/samples/", sample_payload(world, mat, sampled_on="2024-01-10"))
    assert r.status_code == 400 and "witness" in r.data  # before the authorisation began


def test_an_unwitnessed_sample_is_allowed_but_counts_against_the_share(world, mat, as_user):
    r = as_user(world.contractor).post("/api/v1/samples/", sample_payload(world, mat, witness=None))
    assert r.status_code == 201
    share = {
        s["material_type"]: s
        for s in as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/witness-share/").data
    }
    assert share["rebar_hrb"]["samples"] == 2 and share["rebar_hrb"]["witnessed"] == 1
    assert share["rebar_hrb"]["share"] == 0.5 and share["rebar_hrb"]["flags"] == []


def test_the_witness_share_flags_mandatory_materials_without_witnessed_samples(world, mat, as_user):
    cement = BatchFactory.accepted(
        project=world.project, manufacturer=world.manufacturer_org, material_type=material_type("cement")
    )
    for _ in range(4):
        SampleFactory(batch=cement, sampler=mat.sampler, lab=world.lab_org)
    BatchFactory.accepted(
        project=world.project, manufacturer=world.manufacturer_org, material_type=material_type("window_aluminium")
    )
    rows = {
        s["material_type"]: s
        for s in as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/witness-share/").data
    }
    assert rows["cement"]["flags"] == ["no_witnessed_sample"]
    assert rows["window_aluminium"]["flags"] == []  # not on the 211号 list
    assert rows["rebar_hrb"]["flags"] == []


def test_who_sees_the_witness_share(world, mat):
    ok = {p: 200 for p in ["owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"]}
    assert_access(world, "get", f"/api/v1/projects/{world.project.pk}/witness-share/", {**ok, "lab": 404, **HIDDEN})


def test_only_the_witness_organisation_authorises_its_staff(world, mat, as_user):
    engineer = PersonFactory(employer=world.supervisor_org)
    data = {"project": world.project.pk, "person": engineer.pk, "valid_from": "2024-02-01"}
    assert as_user(world.contractor).post("/api/v1/witness-authorizations/", data).status_code == 403
    r = as_user(world.supervisor).post("/api/v1/witness-authorizations/", data)
    assert r.status_code == 201 and r.data["party_role"] == "supervisor"
    assert as_user(world.supervisor).post("/api/v1/witness-authorizations/", data).status_code == 409
    contractor_staff = {"project": world.project.pk, "person": mat.sampler.pk, "valid_from": "2024-02-01"}
    r = as_user(world.contractor).post("/api/v1/witness-authorizations/", contractor_staff)
    assert r.status_code == 400 and "person" in r.data
    assert as_user(world.outsider).post("/api/v1/witness-authorizations/", data).status_code == 404
    r = as_user(world.supervisor).post(
        f"/api/v1/witness-authorizations/{mat.authorization.pk}/revoke/",
        {"revoked_on": "2024-04-01", "reason": "调离本项目"},
    )
    assert r.status_code == 200 and r.data["revoked_on"] == "2024-04-01"


# --- reports ------------------------------------------------------------------------------


def report_payload(mat, **over):
    data = {
        "sample": mat.sample.pk,
        "report_number": "JC-2024-0456",
        "tested_on": "2024-03-12",
        "conclusion": "pass",
        "values": '{"屈服强度MPa": 445, "抗拉强度MPa": 610}',
    }
    data.update(over)
    return data


def test_the_lab_posts_a_passing_report(world, mat, as_user):
    r = as_user(world.lab).post(
        "/api/v1/test-reports/", {**report_payload(mat), "file": pdf_upload("报告.pdf")}, format="multipart"
    )
    assert r.status_code == 201, r.data
    assert r.data["values"] == {"屈服强度MPa": 445, "抗拉强度MPa": 610}
    assert r.data["file_sha256"]
    mat.accepted.refresh_from_db()
    assert mat.accepted.status == "accepted"


def test_who_may_post_a_report(world, mat):
    expected = {
        "lab": 201,
        "owner": 201,
        "contractor": 201,
        "admin": 201,
        "supervisor": 403,
        "surveyor": 403,
        "designer": 403,
        "regulator": 403,
        **HIDDEN,
    }
    assert_statuses(
        world,
        "post",
        "/api/v1/test-reports/",
        lambda: {**report_payload(mat), "file": pdf_upload()},
        expected,
        format="multipart",
    )


def test_a_firm_must_upload_the_labs_report_file(world, mat, as_user):
    r = as_user(world.contractor).post("/api/v1/test-reports/", report_payload(mat))
    assert r.status_code == 400 and "file" in r.data


def test_a_lab_cannot_see_or_post_for_a_sample_sent_to_another_lab(world, mat, as_user):
    other_lab = OrganizationFactory(name="另一检测机构", kinds=("lab",))
    other = UserFactory(role=Role.LAB, organization=other_lab)
    assert as_user(other).get(f"/api/v1/samples/{mat.sample.pk}/").status_code == 404
    assert as_user(other).post("/api/v1/test-reports/", report_payload(mat)).status_code == 404
    assert as_user(other).get("/api/v1/samples/").data["results"] == []
    assert not TestReport.objects.exists()


def test_report_numbers_are_unique_per_lab(world, mat, as_user):
    TestReportFactory(sample=mat.sample, report_number="JC-2024-0456")
    second = SampleFactory(batch=mat.accepted, sampler=mat.sampler, lab=world.lab_org)
    r = as_user(world.lab).post("/api/v1/test-reports/", report_payload(mat, sample=second.pk))
    assert r.status_code == 400 and "report_number" in r.data
    # The same number from another lab is that lab's own report.
    other_lab = OrganizationFactory(kinds=("lab",))
    third = SampleFactory(batch=mat.accepted, sampler=mat.sampler, lab=other_lab)
    other = UserFactory(role=Role.LAB, organization=other_lab)
    assert as_user(other).post("/api/v1/test-reports/", report_payload(mat, sample=third.pk)).status_code == 201


def test_a_second_report_on_a_sample_must_be_a_correction_with_a_reason(world, mat, as_user):
    first = TestReportFactory(sample=mat.sample, conclusion="pass")
    r = as_user(world.lab).post("/api/v1/test-reports/", report_payload(mat))
    assert r.status_code == 400 and "sample" in r.data
    r = as_user(world.lab).post("/api/v1/test-reports/", report_payload(mat, corrects=first.pk))
    assert r.status_code == 400 and "reason" in r.data
    r = as_user(world.lab).post("/api/v1/test-reports/", report_payload(mat, corrects=first.pk, reason="数据录入错误"))
    assert r.status_code == 201 and r.data["corrects"] == first.pk


def test_a_failing_report_fails_the_batch_opens_a_non_conformance_and_notifies(
    world, mat, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = as_user(world.lab).post(
            "/api/v1/test-reports/", report_payload(mat, conclusion="fail", values='{"屈服强度MPa": 380}')
        )
    assert r.status_code == 201, r.data
    mat.accepted.refresh_from_db()
    assert mat.accepted.status == "failed"
    nc = NonConformance.objects.get(batch=mat.accepted)
    assert nc.source == "test_report" and nc.regulator_notified_at is not None and nc.is_open
    recipients = set(Notification.objects.filter(kind="material_failed").values_list("recipient__username", flat=True))
    assert {"owner", "contractor", "supervisor", "surveyor", "designer", "regulator"} <= recipients
    assert "other_regulator" not in recipients and "outsider" not in recipients
    assert any("regulator@example.com" in m.to for m in mail.outbox)
    # The failed batch can no longer be used.
    r = as_user(world.contractor).post(
        "/api/v1/usages/",
        {
            "batch": mat.accepted.pk,
            "unit_project": world.unit.pk,
            "location": "5F",
            "quantity": "1",
            "used_on": "2024-03-20",
        },
    )
    assert r.status_code == 409 and r.data["code"] == "batch_not_usable"


def test_samples_and_reports_lists_and_exports(world, mat, as_user):
    TestReportFactory(sample=mat.sample)
    assert len(as_user(world.lab).get("/api/v1/test-reports/").data["results"]) == 1
    assert as_user(world.outsider).get("/api/v1/test-reports/").data["results"] == []
    assert as_user(world.owner).get("/api/v1/samples/export/").status_code == 200
    assert as_user(world.owner).get("/api/v1/test-reports/export/").status_code == 200
    ok = {p: 200 for p in ["owner", "lab", "regulator", "admin"]}
    assert_access(world, "get", f"/api/v1/samples/{mat.sample.pk}/", {**ok, **HIDDEN})
    _ = dt, WitnessAuthorizationFactory
