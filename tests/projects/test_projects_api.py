"""Projects through the API: who sees what, registering, changing, lifecycle, history."""

import pytest
from django.utils import timezone

from common.models import ChangeRecord
from projects.models import Project
from tests.factories.projects import ProjectFactory, UnitProjectFactory, add_party
from tests.helpers import assert_access, assert_constant_queries

pytestmark = pytest.mark.django_db

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
    "anonymous": 401,
}


def new_project_payload(**overrides):
    return {
        "code": "2024-330106-47-01-009001",
        "name": "文三路新建住宅",
        "region_code": "330106",
        "address": "杭州市西湖区文三路1号",
        "design_service_life_years": 50,
        "permit_number": "330106202401020101",
        **overrides,
    }


class TestVisibility:
    def test_each_persona_sees_the_project_or_gets_404(self, world):
        assert_access(world, "GET", f"/api/v1/projects/{world.project.pk}/", SEES_PROJECT)

    def test_the_list_shows_only_visible_projects(self, world, as_user):
        ProjectFactory(region_id="330203")  # Ningbo, someone else's
        for persona, expected in [
            ("owner", 1),
            ("regulator", 1),
            ("other_regulator", 1),
            ("outsider", 0),
            ("lab", 0),
            ("admin", 2),
        ]:
            results = as_user(getattr(world, persona)).get("/api/v1/projects/").json()["results"]
            assert len(results) == expected, persona

    def test_a_regulator_sees_every_project_in_the_jurisdiction_without_grants(self, world, as_user):
        other = ProjectFactory(region_id="330108")  # 滨江区, registered by a firm with no link to the regulator
        ids = {p["id"] for p in as_user(world.regulator).get("/api/v1/projects/").json()["results"]}
        assert ids == {world.project.pk, other.pk}

    def test_a_district_regulator_sees_only_the_district(self, world, as_user):
        from tests.factories.projects import UserFactory

        district = UserFactory(role="regulator", organization=world.regulator_org, jurisdiction="330108")
        ProjectFactory(region_id="330108")
        codes = [p["region_code"] for p in as_user(district).get("/api/v1/projects/").json()["results"]]
        assert codes == ["330108"]

    def test_a_party_that_joins_later_gains_sight_of_the_project(self, world, as_user):
        project = ProjectFactory(registered_by=world.owner_org)
        assert as_user(world.outsider).get(f"/api/v1/projects/{project.pk}/").status_code == 404
        add_party(project, "contractor", world.outsider_org)
        assert as_user(world.outsider).get(f"/api/v1/projects/{project.pk}/").status_code == 200

    def test_the_list_runs_the_same_queries_for_1_or_30_projects(self, world, as_user):
        client = as_user(world.owner)

        def grow():
            for _ in range(29):
                p = ProjectFactory(registered_by=world.owner_org)
                UnitProjectFactory(project=p)
                add_party(p, "contractor", world.contractor_org)

        # Expect 3 queries: projects (visibility subquery inside), unit projects, current parties.
        assert_constant_queries(lambda: client.get("/api/v1/projects/"), grow, expected=3)

    def test_filters_and_search(self, world, as_user):
        ProjectFactory(registered_by=world.owner_org, name="滨江学校", region_id="330108")
        client = as_user(world.owner)
        assert [p["name"] for p in client.get("/api/v1/projects/?q=滨江").json()["results"]] == ["滨江学校"]
        assert len(client.get("/api/v1/projects/?region=330106").json()["results"]) == 1
        assert len(client.get("/api/v1/projects/?status=completed").json()["results"]) == 0


class TestRegister:
    def test_a_firm_registers_a_project_and_its_organisation_then_sees_it(self, world, as_user):
        response = as_user(world.contractor).post("/api/v1/projects/", new_project_payload(code="20243301064701009002"))
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["code"] == "2024-330106-47-01-009002"  # normalised
        assert body["status"] == "registered"
        assert body["registered_by"]["id"] == world.contractor_org.pk
        assert as_user(world.contractor).get(f"/api/v1/projects/{body['id']}/").status_code == 200
        assert as_user(world.outsider).get(f"/api/v1/projects/{body['id']}/").status_code == 404
        assert ChangeRecord.objects.filter(action="create", target_id=body["id"]).exists()

    def test_only_firms_and_admins_register_projects(self, world):
        assert_access(
            world,
            "POST",
            "/api/v1/projects/",
            {"owner": 201, "admin": 400, "supervisor": 403, "lab": 403, "regulator": 403, "anonymous": 401},
            data=new_project_payload(),
        )

    @pytest.mark.parametrize(
        ("field", "value", "fragment"),
        [
            ("code", "2024-330106-47-01", "YYYY-RRRRRR"),
            ("region_code", "339999", "not a GB/T 2260"),
            ("region_code", "330103", "abolished in 2021"),
            ("design_service_life_years", 0, ""),
            ("design_service_life_years", 500, ""),
            ("name", "", ""),
            ("name", "很" * 201, ""),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field_and_nothing_is_stored(self, world, as_user, field, value, fragment):
        before = Project.objects.count()
        response = as_user(world.owner).post(
            "/api/v1/projects/", new_project_payload(**{field: value}), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert field in response.json()
        assert fragment in " ".join(response.json()[field])
        assert Project.objects.count() == before

    def test_a_duplicate_code_is_refused(self, world, as_user):
        response = as_user(world.owner).post("/api/v1/projects/", new_project_payload(code=world.project.code))
        assert response.status_code == 400
        assert "code" in response.json()

    def test_errors_come_in_chinese_by_default_and_english_on_request(self, world, as_user):
        client = as_user(world.owner)
        zh = client.post("/api/v1/projects/", new_project_payload(region_code="339999")).json()
        en = client.post(
            "/api/v1/projects/", new_project_payload(region_code="339999"), HTTP_ACCEPT_LANGUAGE="en"
        ).json()
        assert "不是" in zh["region_code"][0]
        assert en["region_code"][0] == "339999 is not a GB/T 2260 division code."


class TestChange:
    def test_a_change_needs_a_reason_and_is_recorded_with_old_and_new_values(self, world, as_user):
        url = f"/api/v1/projects/{world.project.pk}/"
        client = as_user(world.owner)
        assert client.patch(url, {"name": "新名称"}).status_code == 400
        response = client.patch(url, {"name": "新名称", "reason": "规划许可更名"})
        assert response.status_code == 200
        entry = ChangeRecord.objects.filter(action="update", target_id=world.project.pk).get()
        assert (entry.before["name"], entry.after["name"], entry.reason) == (
            "西湖区文三路住宅项目",
            "新名称",
            "规划许可更名",
        )
        assert entry.actor == world.owner

    def test_who_may_change_a_project(self, world):
        url = f"/api/v1/projects/{world.project.pk}/"
        assert_access(
            world,
            "PATCH",
            url,
            data={"address": "新地址", "reason": "门牌调整"},
            expected={
                "owner": 200,
                "contractor": 200,
                "admin": 200,
                "surveyor": 403,
                "designer": 403,
                "supervisor": 403,
                "regulator": 403,
                "outsider": 404,
                "lab": 404,
                "other_regulator": 404,
                "anonymous": 401,
            },
        )

    def test_projects_are_never_deleted(self, world, as_user):
        assert as_user(world.admin).delete(f"/api/v1/projects/{world.project.pk}/").status_code == 405
        assert Project.objects.filter(pk=world.project.pk).exists()

    def test_the_history_lists_changes_to_the_project_and_its_records(self, world, as_user):
        client = as_user(world.owner)
        client.patch(f"/api/v1/projects/{world.project.pk}/", {"address": "新地址", "reason": "门牌调整"})
        client.post(f"/api/v1/projects/{world.project.pk}/unit-projects/", {"name": "2号楼"})
        entries = client.get(f"/api/v1/projects/{world.project.pk}/history/").json()["results"]
        assert [e["action"] for e in entries] == ["create", "update"]
        assert entries[0]["target_type"] == "projects.unitproject"
        assert as_user(world.outsider).get(f"/api/v1/projects/{world.project.pk}/history/").status_code == 404


class TestLifecycle:
    def test_a_project_without_all_parties_cannot_start_and_the_409_names_them(self, world, as_user):
        project = ProjectFactory(registered_by=world.owner_org)
        add_party(project, "owner", world.owner_org)
        response = as_user(world.owner).post(f"/api/v1/projects/{project.pk}/start/", {"started_on": "2024-03-01"})
        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "start_blocked"
        assert any("勘察" in p and "监理" in p for p in body["problems"])
        project.refresh_from_db()
        assert project.status == "registered"

    def test_dates_in_the_future_are_refused(self, world, as_user, today):
        tomorrow = (today + timezone.timedelta(days=1)).isoformat()
        response = as_user(world.owner).post(f"/api/v1/projects/{world.project.pk}/start/", {"started_on": tomorrow})
        assert response.status_code == 400
        assert "started_on" in response.json()

    def test_who_may_start_a_project(self, world):
        assert_access(
            world,
            "POST",
            f"/api/v1/projects/{world.project.pk}/start/",
            data={"started_on": "2024-03-01"},
            expected={"supervisor": 403, "regulator": 403, "surveyor": 403, "outsider": 404, "anonymous": 401},
        )
