"""In a real browser: change a lead, then (after completion) issue and print the plaque."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from projects.services import project_complete, project_start
from tests.factories.projects import TEST_PASSWORD
from tests.factories.responsibility import appoint_all_leads, lead_person
from tests.files import pdf_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_change_a_lead_then_issue_and_print_the_plaque(world, live_server, page, tmp_path, settings):
    from playwright.sync_api import expect

    # The test server speaks plain HTTP; production cookies are Secure.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False

    appoint_all_leads(world.project, people={"contractor": world.contractor_lead, "supervisor": world.supervisor_lead})
    successor = lead_person(world.project, "contractor", name="浏览器接任")
    (tmp_path / "a.pdf").write_bytes(pdf_bytes())
    (tmp_path / "c.pdf").write_bytes(pdf_bytes())

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}/projects/{world.project.pk}/leads/")
    page.click("[data-testid=appoint-contractor]")
    page.select_option("select[name=person]", str(successor.pk))
    page.fill("input[name=started_on]", "2024-03-01")
    page.set_input_files("input[name=authorization_letter]", str(tmp_path / "a.pdf"))
    page.set_input_files("input[name=commitment_letter]", str(tmp_path / "c.pdf"))
    page.fill("input[name=committed_on]", "2024-03-01")
    page.fill("textarea[name=reason]", "原项目经理调任")
    page.click("main form button[type=submit]")  # not the header's log-out button
    contractor = page.locator("section[data-role=contractor]")
    expect(contractor.get_by_test_id("current-lead")).to_contain_text("浏览器接任")
    expect(contractor).to_contain_text("原项目经理调任")

    project_start(actor=world.owner, project=world.project, started_on=dt.date(2024, 3, 5))
    project_complete(actor=world.owner, project=world.project, completed_on=dt.date(2024, 10, 1))
    page.goto(f"{live_server.url}/projects/{world.project.pk}/plaque/")
    page.fill("input[name=location]", "1号楼南立面主入口左侧")
    page.click("[data-testid=issue-plaque]")
    expect(page.get_by_test_id("plaque-svg")).to_contain_text("浏览器接任")
    code = page.get_by_test_id("plaque-code").inner_text()
    with page.expect_popup() as popup:
        page.click("[data-testid=print-plaque]")
    assert popup.value.url.endswith(f"/projects/{world.project.pk}/plaque/plaque.pdf")
    pdf = page.request.get(f"{live_server.url}/projects/{world.project.pk}/plaque/plaque.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.goto(f"{live_server.url}/p/{code}")
    expect(page.locator("body")).to_contain_text("浏览器接任")
    assert re.fullmatch(r"[2-9A-Z]{10}", code)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phone(world, live_server, page, settings):
    """390 px wide: nothing pushes the page sideways; history tables become one block per row."""
    from responsibility.services import archives, plaques

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    appoint_all_leads(world.project, people={"contractor": world.contractor_lead, "supervisor": world.supervisor_lead})
    project_start(actor=world.owner, project=world.project, started_on=dt.date(2024, 2, 1))
    project_complete(actor=world.owner, project=world.project, completed_on=dt.date(2024, 9, 30))
    plaque = plaques.plaque_issue(actor=world.owner, project=world.project, location="1号楼南立面主入口左侧")
    plaques.plaque_replace(
        actor=world.owner, project=world.project, reason="damaged", note="标牌被车辆撞裂，按原位置重新制作"
    )
    archives.archive_generate(actor=world.owner, project=world.project)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    pk = world.project.pk
    for path in (
        f"/projects/{pk}/leads/",
        f"/projects/{pk}/leads/appoint/?role=contractor",
        f"/projects/{pk}/plaque/",
        f"/projects/{pk}/plaque/replace/",
        f"/projects/{pk}/archive/",
        f"/p/{plaque.code}",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        stacked = page.locator("table.stack tbody tr")
        if stacked.count():
            # A row is a block as wide as its card, not a table row wider than the phone.
            assert stacked.first.evaluate("r => getComputedStyle(r).display") == "block", path
            assert stacked.first.bounding_box()["width"] <= 390, path
