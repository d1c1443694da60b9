"""Pages: the phone form, the project tab with the acceptance tree, notices for both sides, the
regulators' pages and the public results; allowed and denied for every persona."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from inspections import services
from inspections.models import Inspection, Rectification
from tests.conftest import PERSONAS
from tests.factories.inspections import full_tree, photo, record_lot, roster

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_status(world, url, expected):
    got = {name: browser(world.persona(name)).get(url).status_code for name in expected}
    wrong = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not wrong, f"GET {url}: persona -> (expected, got): {wrong}"


SEES_PROJECT = {
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
    "anonymous": 302,
}


def test_the_project_tab_shows_the_acceptance_tree_to_whoever_sees_the_project(site):
    tree = full_tree(site)
    url = f"/projects/{site.project.pk}/inspections/"
    page_status(site.world, url, SEES_PROJECT)
    html = browser(site.world.owner).get(url + "?lang=en").content.decode()
    assert "Acceptance tree (GB 50300)" in html
    assert tree["unit"].name in html and "2 lots: 2 passed, 0 failed" in html
    assert f'data-id="{tree["division"].pk}"' in html


def test_the_tab_lists_records_with_filters_and_a_constant_number_of_queries(site, django_assert_max_num_queries):
    for i in range(3):
        record_lot(site, location=f"5F/柱/C-{i}", photos=[photo(site.day)])
    client = browser(site.world.supervisor)
    url = f"/projects/{site.project.pk}/inspections/?result=pass"
    first = client.get(url)
    assert first.status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(10):
        record_lot(site, location=f"7F/柱/C-{i}", photos=[photo(site.day)])
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_the_phone_form_records_an_inspection_with_a_photo(site):
    client = browser(site.engineer_user)
    url = f"/projects/{site.project.pk}/inspections/new/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'capture="environment"' in html and 'name="photos"' in html and "multiple" in html
    f = io.BytesIO(photo(site.day))
    f.name = "IMG_0001.jpg"
    response = client.post(
        url,
        {
            "kind": "inspection_lot",
            "unit_project": site.world.unit.pk,
            "name": "5F 柱钢筋安装",
            "location": "5F/柱/C-3",
            "performed_on": site.day.isoformat(),
            "result": "pass",
            "findings": "符合要求",
            "measured_values": "保护层厚度(mm)=25",
            "photos": [f],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert inspection.photos.count() == 1 and inspection.measured_values == {"保护层厚度(mm)": "25"}
    detail = client.get(response.url)
    assert "5F 柱钢筋安装" in detail.content.decode()


def test_the_form_shows_errors_next_to_the_field_and_keeps_nothing(site):
    client = browser(site.engineer_user)
    f = io.BytesIO(b"%PDF-1.4 not a photo")
    f.name = "x.jpg"
    response = client.post(
        f"/projects/{site.project.pk}/inspections/new/?lang=en",
        {
            "kind": "inspection_lot",
            "unit_project": site.world.unit.pk,
            "name": "x",
            "location": "",
            "performed_on": "2099-01-01",
            "result": "pass",
            "photos": [f],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "id_photos_errors" in html and "not an accepted type" in html
    # With a good photo, the service's checks speak next to their fields.
    good = io.BytesIO(photo(site.day))
    good.name = "ok.jpg"
    response = client.post(
        f"/projects/{site.project.pk}/inspections/new/?lang=en",
        {
            "kind": "inspection_lot",
            "unit_project": site.world.unit.pk,
            "name": "x",
            "location": "",
            "performed_on": "2099-01-01",
            "result": "pass",
            "photos": [good],
        },
    )
    html = response.content.decode()
    assert "id_performed_on_errors" in html and "id_location_errors" in html
    assert Inspection.objects.count() == 0


def test_who_may_open_the_form(site):
    page_status(
        site.world,
        f"/projects/{site.project.pk}/inspections/new/",
        {
            "supervisor": 200,
            "contractor": 403,
            "owner": 403,
            "regulator": 403,
            "outsider": 404,
            "other_supervisor": 404,
            "lab": 404,
            "anonymous": 302,
        },
    )
    start = browser(site.world.supervisor).get("/inspections/new/").content.decode()
    assert site.project.name in start
    assert site.project.name not in browser(site.world.other_supervisor).get("/inspections/new/").content.decode()


def test_the_record_page_and_issuing_a_notice(site):
    failed = record_lot(site, result="fail", photos=[photo(site.day - dt.timedelta(days=40))])
    page_status(site.world, f"/inspections/{failed.pk}/", SEES_PROJECT)
    html = browser(site.engineer_user).get(f"/inspections/{failed.pk}/").content.decode()
    assert "taken_long_before" in html  # the flagged photo
    assert f'action="/inspections/{failed.pk}/rectify/"' in html
    assert "rectify" not in browser(site.world.contractor).get(f"/inspections/{failed.pk}/").content.decode()
    response = browser(site.engineer_user).post(
        f"/inspections/{failed.pk}/rectify/",
        {
            "issued_to": site.party("contractor").pk,
            "requirement": "返工",
            "due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Rectification.objects.count() == 1


def test_both_sides_of_a_notice(site):
    failed = record_lot(site, result="fail")
    notice = services.rectification_issue(
        actor=site.engineer_user,
        inspection=failed,
        issued_to=site.party("contractor"),
        due_on=timezone.localdate() + dt.timedelta(days=3),
        requirement="返工",
    )
    url = f"/rectifications/{notice.pk}/"
    page_status(site.world, url, SEES_PROJECT)
    contractor = browser(site.world.contractor)
    assert 'value="reply"' in contractor.get(url).content.decode()
    assert 'value="reply"' not in browser(site.world.owner).get(url).content.decode()
    f = io.BytesIO(photo(timezone.localdate()))
    f.name = "after.jpg"
    assert contractor.post(url, {"action": "reply", "text": "已整改", "photos": [f]}).status_code == 302
    supervisor = browser(site.world.supervisor)
    assert 'value="close"' in supervisor.get(url).content.decode()
    assert supervisor.post(url, {"action": "close", "note": "复查合格"}).status_code == 302
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.replies.get().photos.count() == 1
    # The contractor's list shows it; the English page speaks English.
    listing = contractor.get("/rectifications/?lang=en").content.decode()
    assert notice.number in listing and "Rectification notices" in listing


def test_regulators_pages(site):
    roster(site.world, 2)
    client = browser(site.world.regulator)
    assert client.get("/spot-checks/draw/").status_code == 200
    response = client.post(
        "/spot-checks/draw/", {"region_code": "3301", "share": "1", "inspectors_per_check": 2, "seed": "page"}
    )
    assert response.status_code == 302
    check = site.project.spot_checks.get()
    detail = client.get(f"/spot-checks/{check.pk}/")
    assert detail.status_code == 200
    recorded = client.post(
        f"/spot-checks/{check.pk}/",
        {
            "checked_on": timezone.localdate().isoformat(),
            "items": "钢筋保护层=pass\n混凝土强度=fail=偏低",
            "findings": "偏低",
            "result": "fail",
        },
    )
    assert recorded.status_code == 302
    check.refresh_from_db()
    assert check.result == "fail" and check.items[1] == {"item": "混凝土强度", "result": "fail", "note": "偏低"}
    regulators_only = {"regulator": 200, "admin": 200, "owner": 403, "supervisor": 403, "lab": 403, "anonymous": 302}
    page_status(site.world, "/spot-checks/", regulators_only)
    page_status(site.world, "/spot-checks/draw/", regulators_only)
    # A drawn check is out of sight for everyone else: a project must not learn it was drawn.
    for url in (f"/spot-checks/draws/{check.draw_id}/", f"/spot-checks/{check.pk}/"):
        page_status(
            site.world, url, {"regulator": 200, "admin": 200, "owner": 404, "supervisor": 404, "anonymous": 302}
        )
    page_status(site.world, "/rectifications/overdue/", {"regulator": 200, "owner": 200, "anonymous": 302})
    page_status(site.world, f"/spot-checks/{check.pk}/", {"other_regulator": 404})


def test_the_public_page_needs_no_login(world):
    assert Client().get("/spot-checks/public/").status_code == 200


def test_nav_links_by_role(site):
    assert "/inspections/new/" in browser(site.world.supervisor).get("/").content.decode()
    regulator_home = browser(site.world.regulator).get("/").content.decode()
    assert "/spot-checks/" in regulator_home and "/rectifications/overdue/" in regulator_home
    assert "/spot-checks/" not in browser(site.world.owner).get("/").content.decode()


def test_every_persona_renders_every_list_page(site):
    for name in PERSONAS:
        if name == "anonymous":
            continue
        assert browser(site.world.persona(name)).get("/rectifications/").status_code == 200


def test_a_supervisor_corrects_a_record_through_the_page(site):
    lot = record_lot(site)
    url = f"/inspections/{lot.pk}/correct/"
    page_status(
        site.world, url, {"supervisor": 200, "contractor": 403, "regulator": 403, "outsider": 404, "anonymous": 302}
    )
    response = browser(site.engineer_user).post(
        url,
        {
            "unit_project": site.world.unit.pk,
            "name": lot.name,
            "location": "5F/柱/C-4",
            "performed_on": lot.performed_on.isoformat(),
            "result": "pass",
            "reason": "轴线编号填错",
        },
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    correction = lot.corrected_by
    assert not lot.is_counting and correction.location == "5F/柱/C-4" and correction.correction_reason == "轴线编号填错"
    html = browser(site.world.owner).get(f"/inspections/{lot.pk}/").content.decode()
    assert correction.get_absolute_url() in html
