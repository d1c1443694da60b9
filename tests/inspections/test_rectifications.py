"""Rectification notices: issue, reply with evidence, close or reopen, overdue lists, reminders, the completion gate."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from inspections import services
from inspections.models import Rectification, RectificationReminder
from projects.models import Notification
from projects.services import project_complete
from tests.conftest import client_for
from tests.factories.inspections import photo, record_lot
from tests.factories.responsibility import factory_actor
from tests.helpers import assert_access

pytestmark = pytest.mark.django_db


def issue(site, *, due_in=7, inspection=None, actor=None):
    failed = inspection or record_lot(site, result="fail", findings="箍筋间距超标")
    return services.rectification_issue(
        actor=actor or site.engineer_user,
        inspection=failed,
        issued_to=site.party("contractor"),
        due_on=timezone.localdate() + dt.timedelta(days=due_in),
        requirement="箍筋间距按设计要求返工",
    )


def upload(data, name="after.jpg"):
    f = io.BytesIO(data)
    f.name = name
    return f


class TestLifecycle:
    def test_issue_reply_close_through_the_api(self, site):
        failed = record_lot(site, result="fail")
        supervisor, contractor = client_for(site.engineer_user), client_for(site.world.contractor)
        due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
        response = supervisor.post(
            "/api/v1/rectifications/",
            {"inspection": failed.pk, "issued_to": site.party("contractor").pk, "due_on": due, "requirement": "返工"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        notice = response.json()
        assert notice["status"] == "open" and notice["reply"] is None and notice["issuer"] == "supervisor"
        assert notice["issued_to"]["organization"] == site.world.contractor_org.pk
        assert Notification.objects.filter(recipient=site.world.contractor, kind="rectification_issued").exists()

        url = f"/api/v1/rectifications/{notice['id']}/"
        # Closing before a reply is a 409; the contractor replies with a photo.
        assert supervisor.post(url + "close/", {}, format="json").status_code == 409
        reply = contractor.post(
            url + "reply/",
            {"text": "已返工并自检合格", "photos": [upload(photo(timezone.localdate()))]},
            format="multipart",
        )
        assert reply.status_code == 201, reply.json()
        body = reply.json()
        assert body["status"] == "replied" and body["reply"]["text"] == "已返工并自检合格"
        assert body["reply"]["photos"][0]["age_check"] == "ok"
        assert contractor.post(url + "reply/", {"text": "again"}, format="multipart").status_code == 409

        closed = supervisor.post(url + "close/", {"note": "复查合格"}, format="json")
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        assert closed.json()["closed_on"] == timezone.localdate().isoformat()

        reopened = supervisor.post(url + "reopen/", {"reason": "复查发现仍有问题", "due_on": due}, format="json")
        assert (
            reopened.status_code == 200 and reopened.json()["status"] == "open" and reopened.json()["closed_on"] is None
        )
        assert len(reopened.json()["replies"]) == 1
        assert supervisor.delete(url).status_code == 405

    def test_only_a_failed_counting_inspection_gives_a_notice(self, site):
        passed = record_lot(site)
        with pytest.raises(Exception) as exc:
            issue(site, inspection=passed)
        assert getattr(exc.value, "code", "") == "inspection_passed"

    def test_the_supervisor_does_not_issue_to_itself_nor_to_a_past_due_date(self, site):
        failed = record_lot(site, result="fail")
        client = client_for(site.engineer_user)
        response = client.post(
            "/api/v1/rectifications/",
            {
                "inspection": failed.pk,
                "issued_to": site.party("supervisor").pk,
                "due_on": "2020-01-01",
                "requirement": "x",
            },
            format="json",
        )
        assert response.status_code == 400
        assert set(response.json()) >= {"issued_to", "due_on"}
        assert Rectification.objects.count() == 0

    def test_who_may_issue(self, site):
        failed = record_lot(site, result="fail")
        due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
        assert_access(
            site.world,
            "POST",
            "/api/v1/rectifications/",
            {
                "supervisor": 201,
                "contractor": 403,
                "owner": 403,
                "regulator": 403,
                "outsider": 404,
                "other_supervisor": 404,
                "lab": 404,
                "anonymous": 401,
            },
            data={
                "inspection": failed.pk,
                "issued_to": site.party("contractor").pk,
                "due_on": due,
                "requirement": "返工",
            },
        )

    def test_who_may_reply_and_who_may_close(self, site):
        notice = issue(site)
        url = f"/api/v1/rectifications/{notice.pk}/"
        assert_access(
            site.world,
            "POST",
            url + "reply/",
            {
                "contractor": 201,
                "owner": 403,
                "supervisor": 403,
                "regulator": 403,
                "outsider": 404,
                "other_supervisor": 404,
                "anonymous": 401,
            },
            data={"text": "已整改"},
            format="multipart",
        )
        services.rectification_reply(actor=site.world.contractor, rectification=notice, text="已整改")
        assert_access(
            site.world,
            "POST",
            url + "close/",
            {"supervisor": 200, "contractor": 403, "owner": 403, "regulator": 403, "outsider": 404, "anonymous": 401},
            data={},
        )

    def test_who_sees_notices(self, site):
        notice = issue(site)
        assert_access(
            site.world,
            "GET",
            f"/api/v1/rectifications/{notice.pk}/",
            {
                "owner": 200,
                "contractor": 200,
                "supervisor": 200,
                "regulator": 200,
                "admin": 200,
                "lab": 404,
                "outsider": 404,
                "other_regulator": 404,
                "anonymous": 401,
            },
        )


class TestOverdue:
    def test_overdue_lists_for_the_project_and_for_regulators(self, site, time_machine):
        late = issue(site, due_in=1)
        issue(site, due_in=30)
        time_machine.move_to(timezone.now() + dt.timedelta(days=3))
        for user in (site.world.regulator, site.world.supervisor, site.world.contractor):
            rows = client_for(user).get(f"/api/v1/rectifications/overdue/?project={site.project.pk}").json()["results"]
            assert [r["number"] for r in rows] == [late.number]
            assert rows[0]["overdue"] is True
        assert client_for(site.world.other_regulator).get("/api/v1/rectifications/overdue/").json()["results"] == []
        assert len(client_for(site.world.regulator).get("/api/v1/rectifications/?overdue=true").json()["results"]) == 1

    def test_reminders_are_sent_once_per_notice_state_and_due_date(self, site, time_machine):
        notice = issue(site, due_in=2)
        call_command("rectification_reminders", stdout=io.StringIO())
        call_command("rectification_reminders", stdout=io.StringIO())
        assert list(RectificationReminder.objects.values_list("kind", flat=True)) == ["due_soon"]
        assert Notification.objects.filter(kind="rectification_due_soon", recipient=site.world.contractor).count() == 1

        time_machine.move_to(timezone.now() + dt.timedelta(days=4))
        out = io.StringIO()
        call_command("rectification_reminders", stdout=out)
        call_command("rectification_reminders", stdout=io.StringIO())
        assert "overdue: 1" in out.getvalue()
        overdue = Notification.objects.filter(kind="rectification_overdue")
        assert set(overdue.values_list("recipient__username", flat=True)) >= {"contractor", "supervisor", "regulator"}
        assert overdue.filter(recipient=site.world.contractor).count() == 1

        # A reopened notice with a new due date is reminded again.
        services.rectification_reply(actor=site.world.contractor, rectification=notice, text="已整改")
        services.rectification_reopen(
            actor=site.world.supervisor,
            rectification=notice,
            reason="未整改到位",
            due_on=timezone.localdate() + dt.timedelta(days=1),
        )
        call_command("rectification_reminders", stdout=io.StringIO())
        assert RectificationReminder.objects.filter(rectification=notice).count() == 3


class TestCompletionGate:
    def test_an_open_notice_blocks_completion_and_is_named(self, site):
        notice = issue(site)
        client = client_for(site.world.owner)
        response = client.post(
            f"/api/v1/projects/{site.project.pk}/complete/",
            {"completed_on": timezone.localdate().isoformat()},
            format="json",
        )
        assert response.status_code == 409
        assert any(notice.number in p for p in response.json()["problems"])
        services.rectification_reply(actor=site.world.contractor, rectification=notice, text="已整改")
        services.rectification_close(actor=site.world.supervisor, rectification=notice)
        project_complete(actor=factory_actor(), project=site.project, completed_on=timezone.localdate())
