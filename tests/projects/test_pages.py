"""The project pages as people use them: lists, forms with clear errors, 404 outside one's reach."""

import pytest
from django.test import Client

from projects.models import Organization, Person, Project
from tests.factories.projects import next_id_number, next_uscc

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_pages_need_a_login(world):
    response = Client().get("/projects/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("owner", 200),
        ("supervisor", 200),
        ("regulator", 200),
        ("admin", 200),
        ("outsider", 404),
        ("lab", 404),
        ("other_regulator", 404),
    ],
)
def test_the_project_page_is_404_for_those_who_may_not_see_it(world, persona, status):
    client = client_for(getattr(world, persona))
    for url in (f"/projects/{world.project.pk}/", f"/projects/{world.project.pk}/history/"):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("contractor", 200), ("supervisor", 403), ("regulator", 403), ("outsider", 404)],
)
def test_only_writers_open_the_project_forms(world, persona, status):
    client = client_for(getattr(world, persona))
    for url in ("edit/", "parties/new/", "unit-projects/new/"):
        assert client.get(f"/projects/{world.project.pk}/{url}").status_code == status, url


def test_the_home_page_speaks_chinese_by_default_and_english_on_request(world):
    client = client_for(world.owner)
    assert "最近的项目" in client.get("/").content.decode()
    english = client.get("/?lang=en").content.decode()
    assert "Recent projects" in english
    # The choice sticks (cookie) for the next page.
    assert "Register a project" in client.get("/projects/").content.decode()


def test_the_browser_language_is_honoured(world):
    client = client_for(world.owner)
    assert "Recent projects" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()


def test_registering_a_project_through_the_form(world):
    client = client_for(world.owner)
    response = client.post(
        "/projects/new/",
        {
            "code": "2025-330106-47-01-000777",
            "name": "新项目",
            "region_code": "330106",
            "address": "杭州市西湖区某路1号",
            "design_service_life_years": 50,
        },
    )
    project = Project.objects.get(code="2025-330106-47-01-000777")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "新项目" in page and "项目已登记" in page


def test_a_bad_form_shows_the_error_next_to_the_field_and_stores_nothing(world):
    client = client_for(world.owner)
    response = client.post(
        "/projects/new/",
        {
            "code": "2025-330106-47-01-000778",
            "name": "新项目",
            "region_code": "330103",
            "address": "x",
            "design_service_life_years": 50,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_region_code_errors"' in html and "已于2021年撤销" in html
    assert not Project.objects.filter(code="2025-330106-47-01-000778").exists()


def test_registering_an_organisation_and_a_person(world):
    client = client_for(world.contractor)
    uscc = next_uscc()
    response = client.post(
        "/organizations/new/",
        {"name": "新供应商", "uscc": uscc.lower(), "kinds": ["supplier"], "region_code": "330106", "address": "某地"},
    )
    assert response.status_code == 302
    assert Organization.objects.filter(uscc=uscc).exists()
    number = next_id_number()
    response = client.post(
        "/people/new/",
        {
            "name": "钱工",
            "id_number": number,
            "employer": world.contractor_org.pk,
            "registration_kind": "constructor_2",
            "registration_number": "浙233062000456",
            "registration_valid_from": "2020-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    person = Person.objects.get(name="钱工")
    assert person.registrations.get().number == "浙233062000456"
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert number not in page and person.id_number_masked in page


def test_a_bad_id_number_is_explained_on_the_form(world):
    response = client_for(world.contractor).post(
        "/people/new/", {"name": "钱工", "id_number": "110105194912310021", "employer": world.contractor_org.pk}
    )
    assert "身份证号的校验码不正确" in response.content.decode()


def test_a_regulator_reveals_a_full_id_number_once_and_the_read_is_recorded(world):
    client = client_for(world.regulator)
    url = f"/people/{world.contractor_lead.pk}/"
    assert world.contractor_lead.id_number not in client.get(url).content.decode()
    client.post(f"{url}reveal-id/")
    assert world.contractor_lead.id_number in client.get(url).content.decode()
    assert world.contractor_lead.id_number not in client.get(url).content.decode()


def test_starting_without_parties_shows_every_missing_role(world):
    from tests.factories.projects import ProjectFactory

    project = ProjectFactory(registered_by=world.owner_org)
    client = client_for(world.owner)
    response = client.post(f"/projects/{project.pk}/start/", {"started_on": "2024-01-01"}, follow=True)
    html = response.content.decode()
    assert "项目暂不能开工" in html and "建设单位" in html and "监理单位" in html


def test_the_history_tab_shows_who_changed_what_and_why(world):
    client = client_for(world.owner)
    client.post(
        f"/projects/{world.project.pk}/edit/",
        {
            "name": "改名后的项目",
            "address": world.project.address,
            "design_service_life_years": 50,
            "reason": "立项批复更名",
        },
    )
    html = client.get(f"/projects/{world.project.pk}/history/").content.decode()
    assert "改名后的项目" in html and "立项批复更名" in html and "owner" in html
