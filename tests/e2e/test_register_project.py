"""In a real browser: log in, register a project through the pages, find it in the list."""

import pytest

from tests.factories.projects import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_firm_user_logs_in_registers_a_project_and_sees_it_in_the_list(live_server, page, world):
    page.goto(f"{live_server.url}/projects/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "owner")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/projects/")

    page.click("text=登记项目")
    page.fill("#id_code", "2025-330106-47-01-000555")
    page.fill("#id_name", "浏览器测试项目")
    page.fill("#id_region_code", "330106")
    page.fill("#id_address", "杭州市西湖区测试路9号")
    page.fill("#id_design_service_life_years", "50")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=项目已登记")
    assert "浏览器测试项目" in page.inner_text("h1")

    page.goto(f"{live_server.url}/projects/?q=浏览器")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "2025-330106-47-01-000555" in rows.first.inner_text()

    # A firm with no part in it does not see it at all.
    page.click("header form button")
    page.fill("#id_username", "outsider")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/projects/?q=浏览器")
    assert page.locator("tbody tr").first.inner_text().strip() == "没有符合条件的项目。"


def test_a_bad_code_is_explained_next_to_the_field(live_server, page, world):
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", "owner")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#id_code", "not-a-code")
    page.fill("#id_name", "x")
    page.fill("#id_region_code", "330106")
    page.fill("#id_address", "x")
    page.click("main button[type=submit]")
    assert "A project code has the form" in page.inner_text("#id_code_errors")
