"""Concealed works: work is recorded as covered only over a passed concealed-works record."""

import pytest

from inspections.models import CoverRecord
from tests.conftest import client_for
from tests.factories.inspections import record_lot

pytestmark = pytest.mark.django_db


def cover(site, location, user=None):
    return client_for(user or site.world.contractor).post(
        "/api/v1/cover-records/",
        {
            "project": site.project.pk,
            "unit_project": site.world.unit.pk,
            "location": location,
            "covered_on": site.day.isoformat(),
        },
        format="json",
    )


def test_covering_needs_a_passed_concealed_works_record_there_or_above(site):
    missing = cover(site, "5F/柱/C-3")
    assert missing.status_code == 409 and missing.json()["code"] == "concealed_works_missing"
    record_lot(site, kind="concealed_works", location="5F/柱", name="5F 柱钢筋隐蔽验收")
    ok = cover(site, "5F/柱/C-3")
    assert ok.status_code == 201, ok.json()
    # A record for one column does not cover the whole floor.
    assert cover(site, "5F").status_code == 409
    assert CoverRecord.objects.count() == 1


def test_a_failed_concealed_works_record_blocks_covering(site):
    record_lot(site, kind="concealed_works", location="6F/梁", name="6F 梁钢筋隐蔽", result="fail")
    response = cover(site, "6F/梁/L-2")
    assert response.status_code == 409 and response.json()["code"] == "concealed_works_failed"


def test_who_may_record_covering(site):
    record_lot(site, kind="concealed_works", location="5F/柱", name="5F 柱钢筋隐蔽验收")
    assert cover(site, "5F/柱/C-1", site.world.supervisor).status_code == 201
    assert cover(site, "5F/柱/C-2", site.world.designer).status_code == 403
    assert cover(site, "5F/柱/C-2", site.world.outsider).status_code == 404


def test_who_sees_covering_records(site):
    record_lot(site, kind="concealed_works", location="5F/柱", name="5F 柱钢筋隐蔽验收")
    cover(site, "5F/柱/C-1")
    for persona, n in (("owner", 1), ("regulator", 1), ("outsider", 0), ("other_supervisor", 0)):
        assert len(client_for(getattr(site.world, persona)).get("/api/v1/cover-records/").json()["results"]) == n
