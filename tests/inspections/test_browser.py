"""In a real browser on a phone-sized screen: a supervisor logs an inspection with a photo
and sees it in the project's inspections tab."""

import pytest

from inspections.models import Inspection
from tests.factories.inspections import photo, started_site
from tests.factories.projects import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_supervisor_logs_an_inspection_with_a_photo_on_a_phone(live_server, page, world, tmp_path):
    site = started_site(world)
    jpeg = tmp_path / "IMG_0412.jpg"
    jpeg.write_bytes(photo(site.day))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "engineer")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.click("header >> text=记录检查")
    page.click(f"text={site.project.name}")
    page.wait_for_selector("form.inspection-form")
    # The form fits the screen: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.select_option("#id_kind", "inspection_lot")
    assert page.locator("#id_children").is_hidden()  # only acceptances cover other records
    page.fill("#id_name", "5F 柱钢筋安装")
    page.fill("#id_location", "5F/柱/C-3")
    page.fill("#id_performed_on", site.day.isoformat())
    page.check("#id_result_0")
    page.fill("#id_findings", "钢筋规格、数量、间距符合设计要求")
    page.set_input_files("#id_photos", str(jpeg))
    page.wait_for_selector("#photo-preview img")
    page.click("form.inspection-form button[type=submit]")
    page.wait_for_selector("text=检查已记录")

    inspection = Inspection.objects.get()
    assert inspection.photos.get().taken_at is not None
    page.click("nav.tabs >> text=检查验收")
    row = page.locator(f'tr[data-id="{inspection.pk}"]')
    assert "5F 柱钢筋安装" in row.inner_text()
    assert "5F/柱/C-3" in row.inner_text()
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    thumb = page.locator(".thumbs img").first
    thumb.wait_for()
    assert page.evaluate("(img) => img.naturalWidth", thumb.element_handle()) > 0
