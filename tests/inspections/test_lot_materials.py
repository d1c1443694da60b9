"""An inspection lot (检验批) passes only over accepted materials that passed their tests.

domain.md §11.2 item 8; GB 50300 §5.0.1 with 条例 Art. 29 (failed or untested
material is not used). Materials answers through projects.registry, so these
tests go through inspections' service and API and set up materials' rows.
"""

import datetime as dt

import pytest

from common.exceptions import Conflict
from inspections.models import Inspection
from tests.conftest import client_for
from tests.factories.inspections import record_lot
from tests.factories.materials import BatchFactory, SampleFactory, TestReportFactory, UsageFactory, material_type

pytestmark = pytest.mark.django_db


def used(site, *, location="5F/柱/C-3", code="rebar_hrb", status="accepted", tested=False, **usage):
    """A batch of `code` used at `location` on the site's unit, with a passing report if `tested`."""
    world = site.world
    batch = BatchFactory.accepted(
        project=site.project, material_type=material_type(code), manufacturer=world.manufacturer_org
    )
    if status != "accepted":
        batch.status = status
        batch.save(update_fields=["status"])
    if tested:
        sample = SampleFactory(batch=batch, sampler=site.quality_inspector, lab=world.lab_org)
        TestReportFactory(sample=sample)
    UsageFactory(batch=batch, unit_project=world.unit, location=location, **usage)
    return batch


def refused(site, **lot):
    with pytest.raises(Conflict) as exc:
        record_lot(site, **lot)
    assert exc.value.code == "lot_materials_not_ready"
    return exc.value.problems


def test_a_lot_passes_over_accepted_batches_with_passing_reports(site):
    used(site, tested=True)
    used(site, code="concrete_ready_mix")  # not on the 211号 witness list: no report needed
    used(site, code="concrete_test_block")  # test blocks: their 28-day result comes later
    assert record_lot(site).result == "pass"


def test_a_lot_cannot_pass_over_rebar_without_a_passing_test_report(site):
    batch = used(site)
    problems = refused(site)
    assert problems == [f"热轧带肋钢筋 批次 {batch.batch_number} 用于此部位，但尚无合格的检测报告。"]
    assert not Inspection.objects.exists()
    assert record_lot(site, result="fail").result == "fail"  # recording the failure is allowed


@pytest.mark.parametrize("status", ["failed", "quarantined", "rejected"])
def test_a_lot_cannot_pass_over_a_blocked_batch_used_inside_its_location(site, status):
    batch = used(site, location="5F/柱/C-3/根部", status=status, tested=True)
    problems = refused(site, location="5F/柱")
    assert len(problems) == 1 and batch.batch_number in problems[0]
    assert batch.get_status_display() in problems[0]


def test_only_materials_at_or_inside_the_lot_by_its_date_and_not_withdrawn_count(site):
    used(site, location="6F/柱/C-3")  # another place
    used(site, location="5F")  # recorded for the whole floor: which part is unknown
    used(site, used_on=site.day + dt.timedelta(days=1))  # used after the lot was accepted
    used(site, withdrawn_on=site.day, withdraw_reason="用错部位")
    assert record_lot(site, location="5F/柱/C-3").result == "pass"


def test_a_corrected_passing_report_no_longer_counts(site):
    batch = used(site, tested=True)
    original = batch.samples.get().reports.get()
    TestReportFactory(sample=original.sample, corrects=original, conclusion="fail", reason="数值录入错误")
    assert batch.batch_number in refused(site)[0]


def test_every_problem_is_listed_and_the_api_answers_409_in_the_users_language(site):
    untested = used(site)
    failed = used(site, location="5F/柱/C-3", code="cement", status="failed", tested=True)
    payload = {
        "project": site.project.pk,
        "unit_project": site.world.unit.pk,
        "kind": "inspection_lot",
        "name": "5F 柱钢筋安装",
        "location": "5F/柱/C-3",
        "performed_on": site.day.isoformat(),
        "result": "pass",
    }
    response = client_for(site.engineer_user).post("/api/v1/inspections/?lang=en", payload, format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "lot_materials_not_ready"
    assert body["problems"] == [  # ordered by the material's (Chinese) name: 热轧… before 通用…
        f"Hot-rolled ribbed rebar batch {untested.batch_number} used here has no passing test report yet.",
        f"Common Portland cement batch {failed.batch_number} used here is failed.",
    ]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("batches", [1, 6])
def test_the_check_is_one_query_however_many_batches_are_used_there(site, batches, django_assert_num_queries):
    from projects import registry

    for i in range(batches):
        used(site, location=f"5F/柱/C-{i}", tested=i % 2 == 0)
    with django_assert_num_queries(1):
        problems = registry.lot_problems(site.project, site.world.unit, "5F/柱", site.day)
    assert len(problems) == batches // 2


def test_the_phone_form_names_the_batch_that_stops_the_lot_and_keeps_nothing(site):
    from django.test import Client

    batch = used(site)
    client = Client()
    client.force_login(site.engineer_user)
    response = client.post(
        f"/projects/{site.project.pk}/inspections/new/",
        {
            "kind": "inspection_lot",
            "unit_project": site.world.unit.pk,
            "name": "5F 柱钢筋安装",
            "location": "5F/柱/C-3",
            "performed_on": site.day.isoformat(),
            "result": "pass",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "检验批只有在该部位所用材料已进场验收并检测合格后才能验收合格。" in html
    assert f"热轧带肋钢筋 批次 {batch.batch_number} 用于此部位，但尚无合格的检测报告。" in html
    assert not Inspection.objects.exists()
