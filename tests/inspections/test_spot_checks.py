"""双随机、一公开: the roster, reproducible draws, results, publication, conformity rates."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from common.exceptions import Conflict
from inspections import draws, selectors, services
from inspections.models import SpotCheck, SpotCheckDraw
from projects.models import Notification, Project
from tests.conftest import client_for
from tests.factories.inspections import roster
from tests.factories.projects import ProjectFactory, UserFactory
from tests.helpers import assert_access

pytestmark = pytest.mark.django_db


def active_projects(world, n, region="330106"):
    return [
        ProjectFactory(region_id=region, status=Project.Status.UNDER_CONSTRUCTION, started_on=dt.date(2024, 3, 1))
        for _ in range(n)
    ]


class TestDrawIsReproducible:
    def test_the_same_seed_and_pools_give_the_same_draw(self):
        a = draws.draw("2026-11", list(range(1, 41)), [7, 3, 9, 11, 5], "0.1", 2)
        b = draws.draw("2026-11", list(reversed(range(1, 41))), [3, 5, 7, 9, 11], "0.100", 2)
        assert a == b and len(a) == 4
        assert all(len(set(ins)) == 2 for _p, ins in a)
        assert draws.draw("2026-12", list(range(1, 41)), [3, 5, 7, 9, 11], "0.1", 2) != a

    def test_a_recorded_draw_can_be_recomputed(self, site):
        entries = roster(site.world, 4)
        active_projects(site.world, 9)
        draw = services.spot_check_draw(
            actor=site.world.regulator, region_code="3301", share="0.3", inspectors_per_check=2, seed="abc"
        )
        assert draw.project_pool == sorted(draw.project_pool) and len(draw.project_pool) == 10
        assert draw.inspector_pool == sorted(e.pk for e in entries)
        recomputed = draws.draw(
            draw.seed, draw.project_pool, draw.inspector_pool, draw.share, draw.inspectors_per_check
        )
        stored = [
            (c.project_id, sorted(c.inspectors.values_list("pk", flat=True))) for c in draw.checks.order_by("position")
        ]
        assert stored == [(p, sorted(i)) for p, i in recomputed]
        assert len(stored) == 3  # ceil(0.3 × 10)

    def test_only_projects_under_construction_in_the_region_are_drawn(self, site):
        roster(site.world, 2)
        ProjectFactory(region_id="330106")  # registered, not started
        ProjectFactory(region_id="330203", status=Project.Status.UNDER_CONSTRUCTION, started_on=dt.date(2024, 1, 1))
        draw = services.spot_check_draw(
            actor=site.world.regulator, region_code="330106", share=1, inspectors_per_check=2, seed="s"
        )
        assert draw.project_pool == [site.project.pk]


class TestDrawApi:
    def test_a_regulator_draws_and_the_inspectors_are_told_but_not_the_projects(self, site):
        entries = roster(site.world, 3)
        inspector_user = UserFactory(
            role="regulator", organization=site.world.regulator_org, jurisdiction="3301", person=entries[0].person
        )
        response = client_for(site.world.regulator).post(
            "/api/v1/spot-check-draws/",
            {"region_code": "3301", "share": "0.5", "inspectors_per_check": 3, "seed": "42"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["seed"] == "42" and body["algorithm"] == draws.ALGORITHM
        assert [c["project"] for c in body["checks"]] == [site.project.pk]
        assert len(body["checks"][0]["inspectors"]) == 3
        assert Notification.objects.filter(kind="spot_check_drawn", recipient=inspector_user).exists()
        assert not Notification.objects.filter(kind="spot_check_drawn", recipient=site.world.contractor).exists()

    def test_who_may_draw(self, site):
        roster(site.world, 2)
        assert_access(
            site.world,
            "POST",
            "/api/v1/spot-check-draws/",
            {
                "regulator": 201,
                "other_regulator": 403,
                "supervisor": 403,
                "owner": 403,
                "contractor": 403,
                "lab": 403,
                "outsider": 403,
                "anonymous": 401,
            },
            data={"region_code": "3301", "share": "0.5", "inspectors_per_check": 2, "seed": "1"},
        )

    def test_bad_draws(self, site):
        roster(site.world, 1)
        client = client_for(site.world.regulator)
        bad = client.post(
            "/api/v1/spot-check-draws/",
            {"region_code": "33x", "share": "1.5", "inspectors_per_check": 0},
            format="json",
        )
        assert bad.status_code == 400 and set(bad.json()) >= {"region_code", "share", "inspectors_per_check"}
        too_few = client.post(
            "/api/v1/spot-check-draws/",
            {"region_code": "3301", "share": "0.5", "inspectors_per_check": 2},
            format="json",
        )
        assert too_few.status_code == 409 and too_few.json()["code"] == "roster_too_small"
        assert SpotCheckDraw.objects.count() == 0

    def test_spot_checks_are_for_regulators_only(self, site):
        roster(site.world, 2)
        draw = services.spot_check_draw(
            actor=site.world.regulator, region_code="3301", share=1, inspectors_per_check=2, seed="x"
        )
        check = draw.checks.get()
        assert_access(
            site.world,
            "GET",
            f"/api/v1/spot-checks/{check.pk}/",
            {
                "regulator": 200,
                "admin": 200,
                "other_regulator": 404,
                "supervisor": 404,
                "owner": 404,
                "contractor": 404,
                "anonymous": 401,
            },
        )


class TestResults:
    def _recorded(self, site, result="fail"):
        roster(site.world, 2)
        draw = services.spot_check_draw(
            actor=site.world.regulator, region_code="3301", share=1, inspectors_per_check=2, seed="r"
        )
        check = draw.checks.get()
        items = [
            {"item": "钢筋保护层厚度", "result": "pass"},
            {"item": "混凝土强度回弹", "result": result, "note": "3F 剪力墙偏低"},
        ]
        response = client_for(site.world.regulator).post(
            f"/api/v1/spot-checks/{check.pk}/record/",
            {
                "checked_on": timezone.localdate().isoformat(),
                "items": items,
                "findings": "3F 剪力墙回弹强度偏低",
                "result": result,
            },
            format="json",
        )
        assert response.status_code == 200, response.json()
        return SpotCheck.objects.get(pk=check.pk), response.json()

    def test_a_failed_check_gives_a_record_from_which_a_regulator_issues_a_notice(self, site):
        check, body = self._recorded(site)
        assert (
            body["result"] == "fail"
            and body["publish_on"] == (timezone.localdate() + dt.timedelta(days=20)).isoformat()
        )
        assert check.inspection.kind == "spot_check"
        assert set(check.inspection.signatures.values_list("role", flat=True)) == {"regulator_inspector"}
        due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
        payload = {
            "inspection": check.inspection.pk,
            "issued_to": site.party("contractor").pk,
            "due_on": due,
            "requirement": "检测加固",
        }
        assert (
            client_for(site.world.supervisor).post("/api/v1/rectifications/", payload, format="json").status_code == 403
        )
        response = client_for(site.world.regulator).post("/api/v1/rectifications/", payload, format="json")
        assert response.status_code == 201 and response.json()["issuer"] == "regulator"
        # Recording twice is a conflict.
        again = client_for(site.world.regulator).post(
            f"/api/v1/spot-checks/{check.pk}/record/",
            {
                "checked_on": timezone.localdate().isoformat(),
                "items": [{"item": "x", "result": "pass"}],
                "result": "pass",
            },
            format="json",
        )
        assert again.status_code == 409

    def test_a_pass_with_a_failed_item_is_refused(self, site):
        roster(site.world, 2)
        draw = services.spot_check_draw(
            actor=site.world.regulator, region_code="3301", share=1, inspectors_per_check=2, seed="r"
        )
        with pytest.raises(Exception) as exc:
            services.spot_check_record(
                actor=site.world.regulator,
                spot_check=draw.checks.get(),
                checked_on=timezone.localdate(),
                items=[{"item": "x", "result": "fail"}],
                findings="",
                result="pass",
            )
        assert "result" in exc.value.message_dict

    def test_results_are_published_after_the_delay_without_login_and_without_id_numbers(self, site, time_machine):
        check, _ = self._recorded(site)
        anonymous = Client()
        assert anonymous.get("/api/v1/public/spot-checks/").json()["results"] == []
        time_machine.move_to(timezone.now() + dt.timedelta(days=21))
        rows = anonymous.get("/api/v1/public/spot-checks/").json()["results"]
        assert [r["project_code"] for r in rows] == [site.project.code]
        page = anonymous.get("/spot-checks/public/")
        assert page.status_code == 200
        html = page.content.decode()
        assert site.project.name in html and "监督员1" in html
        for person in check.inspectors.all():
            assert person.person.id_number not in html and person.person.id_number_masked not in html

    def test_conformity_rates_by_district_and_month(self, site):
        self._recorded(site, result="fail")
        rows = selectors.conformity_rates(region_prefix="3301")
        month = timezone.localdate().strftime("%Y-%m")
        assert rows == [
            {
                "district": "330106",
                "district_name": "浙江省杭州市西湖区",
                "month": month,
                "checks": 1,
                "passed": 0,
                "rate": 0.0,
            }
        ]
        api_rows = client_for(site.world.regulator).get("/api/v1/spot-checks/conformity/").json()
        assert api_rows[0]["checks"] == 1
        assert client_for(site.world.owner).get("/api/v1/spot-checks/conformity/").status_code == 403

    def test_a_regulator_outside_the_jurisdiction_cannot_draw_there(self, site):
        roster(site.world, 2)
        with pytest.raises(Exception) as exc:
            services.spot_check_draw(actor=site.world.regulator, region_code="3302", share=1, inspectors_per_check=2)
        assert "3302" in str(exc.value)

    def test_an_empty_region_is_a_conflict(self, site):
        roster(site.world, 2)
        with pytest.raises(Conflict):
            services.spot_check_draw(actor=site.world.regulator, region_code="330108", share=1, inspectors_per_check=2)


class TestRoster:
    def test_only_the_agency_staff_join_its_roster(self, site):
        from tests.factories.projects import PersonFactory

        client = client_for(site.world.regulator)
        staff = PersonFactory(employer=site.world.regulator_org)
        assert (
            client.post("/api/v1/roster/", {"person": staff.pk, "badge_number": "ZJ-1"}, format="json").status_code
            == 201
        )
        stranger = PersonFactory(employer=site.world.contractor_org)
        response = client.post("/api/v1/roster/", {"person": stranger.pk, "badge_number": "ZJ-2"}, format="json")
        assert response.status_code == 400 and "person" in response.json()
        assert (
            client_for(site.world.owner)
            .post("/api/v1/roster/", {"person": staff.pk, "badge_number": "ZJ-3"}, format="json")
            .status_code
            == 403
        )
        assert client_for(site.world.owner).get("/api/v1/roster/").json()["results"] == []


def test_lists_of_draws_roster_and_checks_by_persona(site):
    roster(site.world, 2)
    services.spot_check_draw(actor=site.world.regulator, region_code="3301", share=1, inspectors_per_check=2, seed="l")
    for url in ("/api/v1/spot-check-draws/", "/api/v1/spot-checks/", "/api/v1/roster/"):
        for persona, n in (
            ("regulator", 1 if "roster" not in url else 2),
            # Same agency, another jurisdiction: the agency's roster, none of the 3301 draws.
            ("other_regulator", 2 if "roster" in url else 0),
            ("owner", 0),
            ("supervisor", 0),
            ("admin", 1 if "roster" not in url else 2),
        ):
            response = client_for(getattr(site.world, persona)).get(url)
            assert response.status_code == 200 and len(response.json()["results"]) == n, (url, persona)
        assert client_for(None).get(url).status_code == 401
