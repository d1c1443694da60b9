"""Organisations, people, unit projects and parties through the API."""

import pytest

from common.models import ChangeRecord
from projects.models import Organization, Participant, Person
from tests.factories.projects import OrganizationFactory, PersonFactory, RegistrationFactory, next_id_number, next_uscc
from tests.helpers import assert_access, assert_constant_queries

pytestmark = pytest.mark.django_db


def org_payload(**overrides):
    return {
        "name": "杭州新设计院有限公司",
        "uscc": next_uscc().lower(),
        "kinds": ["designer"],
        "region_code": "330106",
        "address": "杭州市西湖区天目山路8号",
        **overrides,
    }


class TestOrganizations:
    def test_every_signed_in_user_reads_organisations_anonymous_gets_401(self, world):
        expected = {p: 200 for p in ["owner", "supervisor", "lab", "regulator", "outsider", "admin"]}
        assert_access(world, "GET", "/api/v1/organizations/", {**expected, "anonymous": 401})
        assert_access(world, "GET", f"/api/v1/organizations/{world.owner_org.pk}/", {**expected, "anonymous": 401})

    def test_a_firm_registers_an_organisation_with_a_normalised_code(self, world, as_user):
        payload = org_payload()
        response = as_user(world.owner).post("/api/v1/organizations/", payload)
        assert response.status_code == 201, response.json()
        assert response.json()["uscc"] == payload["uscc"].upper()
        assert response.json()["kinds"] == ["designer"]
        assert response.json()["region_name"] == "浙江省杭州市西湖区"

    def test_who_may_register_organisations(self, world):
        assert_access(
            world,
            "POST",
            "/api/v1/organizations/",
            {"owner": 201, "supervisor": 201, "regulator": 201, "admin": 201, "lab": 403, "anonymous": 401},
            data=org_payload(uscc=next_uscc()),
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("uscc", "91330106MA0000001X"),
            ("uscc", "123"),
            ("kinds", []),
            ("kinds", ["bank"]),
            ("region_code", "999999"),
        ],
    )
    def test_invalid_organisations_are_refused_and_nothing_is_stored(self, world, as_user, field, value):
        before = Organization.objects.count()
        response = as_user(world.owner).post("/api/v1/organizations/", org_payload(**{field: value}))
        assert response.status_code == 400
        assert field in response.json()
        assert Organization.objects.count() == before

    def test_a_duplicate_code_is_refused(self, world, as_user):
        response = as_user(world.owner).post("/api/v1/organizations/", org_payload(uscc=world.owner_org.uscc))
        assert response.status_code == 400

    def test_renaming_keeps_the_old_name_in_the_history(self, world, as_user):
        url = f"/api/v1/organizations/{world.contractor_org.pk}/"
        response = as_user(world.contractor).patch(url, {"name": "浙江建工集团股份有限公司", "reason": "改制"})
        assert response.status_code == 200
        entry = ChangeRecord.objects.get(action="update", target_id=world.contractor_org.pk)
        assert entry.before["name"] == "浙江建工集团有限责任公司"
        assert entry.after["name"] == "浙江建工集团股份有限公司"

    def test_only_its_own_staff_or_an_admin_change_an_organisation(self, world):
        assert_access(
            world,
            "PATCH",
            f"/api/v1/organizations/{world.contractor_org.pk}/",
            {"contractor": 200, "admin": 200, "owner": 403, "regulator": 403, "anonymous": 401},
            data={"address": "新地址", "reason": "搬迁"},
        )

    def test_a_kind_a_current_party_needs_cannot_be_dropped(self, world, as_user):
        url = f"/api/v1/organizations/{world.contractor_org.pk}/"
        response = as_user(world.contractor).patch(url, {"kinds": ["supplier"], "reason": "转型"})
        assert response.status_code == 400
        assert "kinds" in response.json()

    def test_organisations_are_never_deleted(self, world, as_user):
        assert as_user(world.admin).delete(f"/api/v1/organizations/{world.owner_org.pk}/").status_code == 405

    def test_the_list_runs_the_same_queries_for_any_number_of_rows(self, world, as_user):
        client = as_user(world.owner)
        # Expect 2 queries: organisations with their region, and their kinds.
        assert_constant_queries(
            lambda: client.get("/api/v1/organizations/"),
            lambda: [OrganizationFactory(kinds=("supplier", "manufacturer")) for _ in range(20)],
            expected=2,
        )

    def test_filters(self, world, as_user):
        client = as_user(world.owner)
        names = [o["name"] for o in client.get("/api/v1/organizations/?kind=lab").json()["results"]]
        assert names == [world.lab_org.name]
        assert (
            client.get(f"/api/v1/organizations/?q={world.owner_org.uscc.lower()}").json()["results"][0]["id"]
            == world.owner_org.pk
        )


def person_payload(world, **overrides):
    return {
        "name": "赵工",
        "id_number": next_id_number(),
        "employer": world.contractor_org.pk,
        "registrations": [
            {
                "kind": "constructor_2",
                "number": "浙233061900123",
                "valid_from": "2019-06-01",
                "valid_until": "2027-06-01",
            }
        ],
        **overrides,
    }


class TestPeople:
    def test_a_firm_registers_its_own_staff_and_the_id_number_comes_back_masked(self, world, as_user):
        payload = person_payload(world)
        response = as_user(world.contractor).post("/api/v1/people/", payload, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert "id_number" not in body
        assert body["id_number_masked"] == payload["id_number"][:3] + "*" * 11 + payload["id_number"][-4:]
        assert body["registrations"][0]["number"] == "浙233061900123"
        person = Person.objects.get(pk=body["id"])
        assert payload["id_number"] not in person.id_number_encrypted  # encrypted at rest
        assert person.id_number == payload["id_number"]

    def test_a_firm_cannot_register_another_firms_staff(self, world, as_user):
        response = as_user(world.owner).post("/api/v1/people/", person_payload(world), format="json")
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("field", "value"),
        [("id_number", "110105194912310021"), ("id_number", "11010519491231002"), ("name", "")],
    )
    def test_invalid_people_are_refused_and_nothing_is_stored(self, world, as_user, field, value):
        before = Person.objects.count()
        response = as_user(world.contractor).post(
            "/api/v1/people/", person_payload(world, **{field: value}), format="json"
        )
        assert response.status_code == 400
        assert field in response.json()
        assert Person.objects.count() == before

    def test_a_bad_registration_refuses_the_whole_person(self, world, as_user):
        before = Person.objects.count()
        payload = person_payload(
            world, registrations=[{"kind": "constructor_1", "number": "x", "valid_from": "2020-01-01"}]
        )
        response = as_user(world.contractor).post("/api/v1/people/", payload, format="json")
        assert response.status_code == 400
        assert "registrations[0].number" in response.json()
        assert Person.objects.count() == before

    def test_the_same_id_number_cannot_be_registered_twice(self, world, as_user):
        response = as_user(world.contractor).post(
            "/api/v1/people/", person_payload(world, id_number=world.contractor_lead.id_number), format="json"
        )
        assert response.status_code == 400
        assert "id_number" in response.json()

    def test_who_sees_a_person(self, world):
        assert_access(
            world,
            "GET",
            f"/api/v1/people/{world.contractor_lead.pk}/",
            {
                "contractor": 200,
                "regulator": 200,
                "admin": 200,
                "owner": 404,
                "supervisor": 404,
                "lab": 404,
                "anonymous": 401,
            },
        )

    def test_a_firm_that_releases_its_employee_gets_the_stored_record_not_an_error(self, world, as_user):
        # Found by schemathesis: the change was stored, then re-reading it through the firm's
        # visibility (people it employs) failed with a server error.
        person = PersonFactory(employer=world.contractor_org)
        url = f"/api/v1/people/{person.pk}/"
        response = as_user(world.contractor).patch(url, {"employer": None, "reason": "离职"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["employer"] is None
        person.refresh_from_db()
        assert person.employer is None
        assert as_user(world.contractor).get(url).status_code == 404  # no longer the firm's to see

    def test_only_regulators_read_the_full_id_number_and_each_read_is_recorded(self, world, as_user):
        url = f"/api/v1/people/{world.contractor_lead.pk}/id-number/"
        assert_access(world, "GET", url, {"contractor": 403, "owner": 404, "anonymous": 401})
        response = as_user(world.regulator).get(url)
        assert response.json() == {"id_number": world.contractor_lead.id_number}
        entry = ChangeRecord.objects.get(action="read_id_number")
        assert (entry.actor, entry.target_id) == (world.regulator, world.contractor_lead.pk)

    def test_no_id_number_appears_in_any_list(self, world, as_user):
        text = as_user(world.regulator).get("/api/v1/people/").content.decode()
        assert world.contractor_lead.id_number not in text

    def test_the_list_runs_the_same_queries_for_any_number_of_people(self, world, as_user):
        client = as_user(world.contractor)

        def grow():
            for _ in range(15):
                RegistrationFactory(person=PersonFactory(employer=world.contractor_org))

        # Expect 2 queries: people with employer, and their registrations.
        assert_constant_queries(lambda: client.get("/api/v1/people/"), grow, expected=2)


class TestUnitProjectsAndParties:
    def test_unit_projects_are_listed_and_added_by_writers(self, world, as_user):
        url = f"/api/v1/projects/{world.project.pk}/unit-projects/"
        assert_access(
            world, "GET", url, {"owner": 200, "supervisor": 200, "regulator": 200, "outsider": 404, "anonymous": 401}
        )
        assert_access(
            world,
            "POST",
            url,
            {"owner": 201, "contractor": 201, "supervisor": 403, "regulator": 403, "outsider": 404, "anonymous": 401},
            data={"name": "2号楼", "floors_above_ground": 18},
        )

    def test_a_duplicate_unit_project_name_is_refused(self, world, as_user):
        response = as_user(world.owner).post(f"/api/v1/projects/{world.project.pk}/unit-projects/", {"name": "1号楼"})
        assert response.status_code == 400

    def test_parties_list_all_five(self, world, as_user):
        roles = [
            p["role"] for p in as_user(world.supervisor).get(f"/api/v1/projects/{world.project.pk}/parties/").json()
        ]
        assert sorted(roles) == ["contractor", "designer", "owner", "supervisor", "surveyor"]

    def test_a_second_current_party_for_a_role_is_a_409(self, world, as_user):
        response = as_user(world.owner).post(
            f"/api/v1/projects/{world.project.pk}/parties/",
            {"role": "contractor", "organization": world.outsider_org.pk, "joined_on": "2024-05-01"},
        )
        assert response.status_code == 409
        assert response.json()["code"] == "party_exists"

    def test_an_organisation_must_be_of_the_kind_the_role_needs(self, world, as_user):
        from tests.factories.projects import ProjectFactory

        project = ProjectFactory(registered_by=world.owner_org)
        response = as_user(world.owner).post(
            f"/api/v1/projects/{project.pk}/parties/",
            {"role": "supervisor", "organization": world.contractor_org.pk, "joined_on": "2024-05-01"},
        )
        assert response.status_code == 400
        assert "organization" in response.json()

    def test_a_replaced_contractor_keeps_read_access_but_loses_write_access(self, world, as_user):
        party = Participant.objects.get(project=world.project, role="contractor")
        url = f"/api/v1/projects/{world.project.pk}/parties/{party.pk}/leave/"
        response = as_user(world.owner).post(url, {"left_on": "2024-06-30", "reason": "合同解除"})
        assert response.status_code == 200
        contractor = as_user(world.contractor)
        assert contractor.get(f"/api/v1/projects/{world.project.pk}/").status_code == 200
        patch = contractor.patch(f"/api/v1/projects/{world.project.pk}/", {"address": "x", "reason": "y"})
        assert patch.status_code == 403
        new = as_user(world.owner).post(
            f"/api/v1/projects/{world.project.pk}/parties/",
            {"role": "contractor", "organization": world.outsider_org.pk, "joined_on": "2024-07-01"},
        )
        assert new.status_code == 201
        assert as_user(world.outsider).get(f"/api/v1/projects/{world.project.pk}/").status_code == 200

    def test_who_may_add_parties(self, world):
        from tests.factories.projects import ProjectFactory

        project = ProjectFactory(registered_by=world.owner_org)
        from tests.factories.projects import add_party

        add_party(project, "supervisor", world.supervisor_org)
        assert_access(
            world,
            "POST",
            f"/api/v1/projects/{project.pk}/parties/",
            {"owner": 201, "admin": 201, "supervisor": 403, "contractor": 404, "regulator": 403, "anonymous": 401},
            data={"role": "designer", "organization": world.designer_org.pk, "joined_on": "2024-05-01"},
        )


class TestAccounts:
    def test_only_admins_create_users(self, world):
        payload = {
            "username": "new_reg",
            "password": "a-long-pass-2026",
            "role": "regulator",
            "organization": world.regulator_org.pk,
            "jurisdiction": "3301",
        }
        assert_access(
            world,
            "POST",
            "/api/v1/users/",
            {"admin": 201, "owner": 403, "regulator": 403, "anonymous": 401},
            data=payload,
        )

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"role": "regulator", "jurisdiction": ""}, "jurisdiction"),
            ({"role": "regulator", "jurisdiction": "33010"}, "jurisdiction"),
            ({"role": "supervisor"}, "organization"),
            ({"password": "123"}, "password"),
        ],
    )
    def test_account_rules(self, world, as_user, overrides, field):
        payload = {
            "username": "x1",
            "password": "a-long-pass-2026",
            "role": "firm",
            "organization": world.owner_org.pk,
            **overrides,
        }
        if overrides.get("role") == "regulator":
            payload["organization"] = world.regulator_org.pk
        response = as_user(world.admin).post("/api/v1/users/", payload)
        assert response.status_code == 400
        assert field in response.json()

    def test_a_token_is_issued_for_valid_credentials_only(self, world, api):
        from tests.factories.projects import TEST_PASSWORD

        assert api.post("/api/v1/auth/token/", {"username": "owner", "password": "wrong"}).status_code == 400
        token = api.post("/api/v1/auth/token/", {"username": "owner", "password": TEST_PASSWORD}).json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/users/me/").json()["username"] == "owner"

    def test_anonymous_api_requests_get_401_with_a_token_challenge(self, api):
        response = api.get("/api/v1/projects/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_organization_factory_codes_are_valid():
    from common.identifiers import validate_uscc

    code = next_uscc()
    assert validate_uscc(code) == code
