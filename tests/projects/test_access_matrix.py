"""Every projects endpoint, every persona: the status each one gets.

Reads: 200 for those who may see, 404 for the rest (existence is not revealed), 401 anonymous.
Writes: 2xx for those allowed, 403 for those who see but may not, 404 for those who do not see.
Each request runs in its own rolled-back transaction (tests.helpers.status_by_persona).
"""

import pytest

from tests.helpers import assert_access

pytestmark = pytest.mark.django_db

EVERYONE = [
    "owner",
    "contractor",
    "surveyor",
    "designer",
    "supervisor",
    "lab",
    "regulator",
    "other_regulator",
    "outsider",
    "other_supervisor",
    "admin",
]
ON_PROJECT = {"owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"}


def sees_project(ok=200):
    return {p: (ok if p in ON_PROJECT else 404) for p in EVERYONE} | {"anonymous": 401}


def writes_project(ok):
    """Owner, contractor and admin write; the other parties and the regulator see but may not (403)."""
    return {p: (ok if p in {"owner", "contractor", "admin"} else 403 if p in ON_PROJECT else 404) for p in EVERYONE} | {
        "anonymous": 401
    }


def everyone_reads():
    return {p: 200 for p in EVERYONE} | {"anonymous": 401}


@pytest.mark.parametrize("path", ["", "history/", "unit-projects/", "parties/"])
def test_reading_a_project_and_what_hangs_off_it(world, path):
    assert_access(world, "GET", f"/api/v1/projects/{world.project.pk}/{path}", sees_project())


def test_reading_one_unit_project_and_one_party(world):
    party = world.project.parties.get(role="owner")
    assert_access(world, "GET", f"/api/v1/projects/{world.project.pk}/unit-projects/{world.unit.pk}/", sees_project())
    assert_access(world, "GET", f"/api/v1/projects/{world.project.pk}/parties/{party.pk}/", sees_project())


def test_changing_a_project(world):
    url = f"/api/v1/projects/{world.project.pk}/"
    assert_access(world, "PATCH", url, writes_project(200), data={"name": "新名称", "reason": "更名"})


def test_adding_a_unit_project(world):
    url = f"/api/v1/projects/{world.project.pk}/unit-projects/"
    assert_access(world, "POST", url, writes_project(201), data={"name": "9号楼"})


def test_a_party_leaving(world):
    party = world.project.parties.get(role="designer")
    url = f"/api/v1/projects/{world.project.pk}/parties/{party.pk}/leave/"
    assert_access(world, "POST", url, writes_project(200), data={"left_on": "2024-06-01", "reason": "合同终止"})


def test_completing_a_project_that_has_not_started(world):
    # Allowed users reach the rule (409: not started); the others are stopped before it.
    url = f"/api/v1/projects/{world.project.pk}/complete/"
    assert_access(world, "POST", url, writes_project(409), data={"completed_on": "2024-06-01"})


def test_lists_anyone_signed_in_may_read(world):
    for url in ["/api/v1/projects/", "/api/v1/organizations/", "/api/v1/notifications/", "/api/v1/users/me/"]:
        assert_access(world, "GET", url, everyone_reads())


def test_people_are_read_by_their_employer_regulators_and_admins(world):
    person = world.contractor_lead
    expected = {p: 404 for p in EVERYONE} | {
        "contractor": 200,
        "regulator": 200,
        "other_regulator": 200,
        "admin": 200,
        "anonymous": 401,
    }
    assert_access(world, "GET", f"/api/v1/people/{person.pk}/", expected)
    expected_full = {p: 404 for p in EVERYONE} | {
        "contractor": 403,
        "regulator": 200,
        "other_regulator": 200,
        "admin": 200,
        "anonymous": 401,
    }
    assert_access(world, "GET", f"/api/v1/people/{person.pk}/id-number/", expected_full)


def test_changing_a_person(world):
    expected = {p: 404 for p in EVERYONE} | {
        "contractor": 200,
        "regulator": 403,
        "other_regulator": 403,
        "admin": 200,
        "anonymous": 401,
    }
    assert_access(
        world,
        "PATCH",
        f"/api/v1/people/{world.contractor_lead.pk}/",
        expected,
        data={"phone": "13800000000", "reason": "换号"},
    )


def test_the_account_list_is_for_admins(world):
    expected = {p: 403 for p in EVERYONE} | {"admin": 200, "anonymous": 401}
    assert_access(world, "GET", "/api/v1/users/", expected)


def test_nobody_deletes_lasting_records(world):
    expected = {p: 405 for p in EVERYONE} | {"anonymous": 401}
    for url in [
        f"/api/v1/projects/{world.project.pk}/",
        f"/api/v1/organizations/{world.owner_org.pk}/",
        f"/api/v1/people/{world.contractor_lead.pk}/",
    ]:
        assert_access(world, "DELETE", url, expected)
