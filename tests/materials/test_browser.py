"""A supervisor on site, on a phone: accepts a batch and records a witnessed sample."""

import pytest

from materials.models import Sample
from tests.factories.materials import BatchFactory, WitnessAuthorizationFactory
from tests.factories.projects import TEST_PASSWORD, PersonFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_supervisor_accepts_and_witnesses_on_a_phone(world, live_server, browser, tmp_path):
    sampler = PersonFactory(name="赵取样", employer=world.contractor_org)
    WitnessAuthorizationFactory(project=world.project, person=world.supervisor_lead, authorized_by=world.supervisor)
    batch = BatchFactory(project=world.project, manufacturer=world.manufacturer_org, batch_number="22A-10345")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/materials/batches/{batch.pk}/")
    page.click("text=进场验收")
    page.check("input[value=accepted]")
    page.fill("input[name=accepted_on]", "2024-03-06")
    page.fill("textarea[name=note]", "合格证齐全，外观合格")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(tmp_path / "accept-phone.png"), full_page=True)
    page.click("text=签字并保存")
    page.wait_for_selector("text=进场验收合格。")

    page.click("text=登记取样")
    page.fill("input[name=sample_number]", "YP-2024-0101")
    page.fill("input[name=seal_number]", "FZ-0101")
    page.fill("input[name=sampled_on]", "2024-03-07")
    page.select_option("select[name=sampler]", str(sampler.pk))
    page.select_option("select[name=lab]", str(world.lab_org.pk))
    page.fill("input[name=representative_quantity]", "60")
    assert page.input_value("select[name=witness]") == str(world.supervisor_lead.pk)  # the signed-in supervisor
    page.screenshot(path=str(tmp_path / "sample-phone.png"), full_page=True)
    page.click("text=签字并保存")
    page.wait_for_selector("text=样品 YP-2024-0101 已登记。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "batch-phone.png"), full_page=True)

    batch.refresh_from_db()
    sample = Sample.objects.get(sample_number="YP-2024-0101")
    assert batch.status == "accepted" and batch.accepted_by == world.supervisor
    assert sample.witness == world.supervisor_lead and sample.sampler == sampler
    context.close()
