"""Inspections through the API: who records them, photos, bad input, lists and their query counts."""

import datetime as dt
import io
import struct
import zlib

import pytest
from django.test import Client
from PIL import Image

from common.models import ChangeRecord, StoredFile
from inspections.models import Inspection, Photo, Signature
from tests.conftest import client_for
from tests.factories.inspections import photo, record_lot
from tests.factories.projects import ProjectFactory, UnitProjectFactory, add_party
from tests.files import jpeg_bytes, pdf_bytes, png_bytes
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


def lot_payload(site, **overrides):
    return {
        "project": site.project.pk,
        "unit_project": site.world.unit.pk,
        "kind": "inspection_lot",
        "name": "5F 柱钢筋安装",
        "location": "5F／柱/ C-3 ",
        "performed_on": site.day.isoformat(),
        "result": "pass",
        "findings": "钢筋规格、数量、间距符合设计要求",
        **overrides,
    }


def upload(data: bytes, name: str = "site.jpg"):
    f = io.BytesIO(data)
    f.name = name
    return f


class TestRecording:
    def test_a_supervisor_logs_a_lot_with_a_phone_photo(self, site):
        taken = site.day
        response = client_for(site.engineer_user).post(
            "/api/v1/inspections/",
            {**lot_payload(site), "photos": [upload(photo(taken))], "measured_values": '{"保护层厚度(mm)": 25}'},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["location"] == "5F/柱/C-3"  # normalised
        assert body["inspector"] == site.engineer.pk and body["inspector_name"] == "赵专监"
        assert body["measured_values"] == {"保护层厚度(mm)": 25}
        assert body["parent"] is None and body["counting"] is True
        [p] = body["photos"]
        assert p["age_check"] == "ok" and not p["flagged"]
        assert p["taken_at"].startswith(taken.isoformat())
        assert (p["latitude"], p["longitude"]) == ("30.270000", "120.130000")
        assert [s["role"] for s in body["signatures"]] == ["discipline_supervisor"]
        assert body["signatures"][0]["registration_number"] == "33009999"
        stored = StoredFile.objects.get(pk=p["id"])
        assert {v.variant for v in stored.variants.all()} == {"preview", "thumbnail"}
        # The thumbnail is served to whoever sees the project, and is a real, smaller JPEG without EXIF.
        browser = Client()
        browser.force_login(site.world.owner)
        thumb = browser.get(p["thumbnail_url"])
        assert thumb.status_code == 200
        img = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
        assert img.format == "JPEG" and max(img.size) <= 320 and not img.getexif()
        browser.force_login(site.world.outsider)
        assert browser.get(p["url"]).status_code == 404
        assert ChangeRecord.objects.filter(action="inspection_record", target_id=body["id"]).exists()

    def test_a_photo_taken_long_before_the_inspection_is_flagged(self, site, settings):
        settings.INSPECTION_PHOTO_MAX_AGE_DAYS = 7
        old = site.day - dt.timedelta(days=30)
        response = client_for(site.engineer_user).post(
            "/api/v1/inspections/",
            {**lot_payload(site), "photos": [upload(photo(old)), upload(jpeg_bytes()), upload(png_bytes(), "p.png")]},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        checks = [p["age_check"] for p in response.json()["photos"]]
        assert checks == ["taken_long_before", "no_time", "no_time"]

    def test_who_may_record(self, site):
        # The chief supervising engineer (world.supervisor) is a registered supervising engineer too.
        assert_access(
            site.world,
            "POST",
            "/api/v1/inspections/",
            {
                "supervisor": 201,
                "owner": 403,
                "contractor": 403,
                "surveyor": 403,
                "designer": 403,
                "regulator": 403,
                "lab": 404,
                "other_regulator": 404,
                "outsider": 404,
                "other_supervisor": 404,
                "anonymous": 401,
                "admin": 400,  # an administrator is nobody's signature: name the inspector
            },
            data=lot_payload(site),
        )

    def test_the_list_and_detail_follow_project_visibility(self, site):
        lot = record_lot(site)
        assert_access(site.world, "GET", f"/api/v1/inspections/{lot.pk}/", SEES_PROJECT)
        assert client_for(site.world.outsider).get("/api/v1/inspections/").json()["results"] == []
        assert len(client_for(site.world.regulator).get("/api/v1/inspections/").json()["results"]) == 1

    def test_lasting_records_cannot_be_changed_or_deleted(self, site):
        lot = record_lot(site)
        client = client_for(site.world.supervisor)
        assert client.delete(f"/api/v1/inspections/{lot.pk}/").status_code == 405
        assert client.patch(f"/api/v1/inspections/{lot.pk}/", {"result": "fail"}).status_code == 405


class TestBadInputIsRefusedAndNothingIsStored:
    def _refused(self, site, payload, field, *, status=400, fmt="multipart", user=None):
        before = (
            Inspection.objects.count(),
            StoredFile.objects.count(),
            Photo.objects.count(),
            Signature.objects.count(),
        )
        response = client_for(user or site.engineer_user).post("/api/v1/inspections/", payload, format=fmt)
        assert response.status_code == status, response.json()
        assert (
            Inspection.objects.count(),
            StoredFile.objects.count(),
            Photo.objects.count(),
            Signature.objects.count(),
        ) == before
        if field:
            assert field in response.json(), response.json()
        return response.json()

    def test_a_pdf_posing_as_a_photo(self, site):
        body = self._refused(site, {**lot_payload(site), "photos": [upload(pdf_bytes(), "photo.jpg")]}, "photos")
        assert "JPEG" in body["photos"][0]

    def test_a_photo_over_the_size_limit(self, site, settings):
        settings.INSPECTION_PHOTO_MAX_BYTES = 20_000
        big = _noisy_jpeg()
        self._refused(site, {**lot_payload(site), "photos": [upload(big)]}, "photos")

    def test_a_photo_over_the_pixel_limit(self, site, settings):
        settings.INSPECTION_PHOTO_MAX_PIXELS = 100_000
        self._refused(site, {**lot_payload(site), "photos": [upload(jpeg_bytes(640, 480))]}, "photos")

    def test_a_decompression_bomb(self, site):
        # A real 64×64 PNG whose header claims 30000×30000 pixels (900 million).
        data = bytearray(png_bytes(64, 64))
        ihdr = struct.pack(">II", 30000, 30000) + bytes(data[24:29])
        data[16:29] = ihdr
        data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
        body = self._refused(site, {**lot_payload(site), "photos": [upload(bytes(data), "bomb.png")]}, "photos")
        assert "安全" in body["photos"][0] or "30000" in body["photos"][0]

    def test_a_truncated_jpeg(self, site):
        self._refused(site, {**lot_payload(site), "photos": [upload(jpeg_bytes()[:2000])]}, "photos")

    def test_an_inspection_dated_in_the_future(self, site):
        tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        body = self._refused(site, lot_payload(site, performed_on=tomorrow), "performed_on", fmt="json")
        assert body["performed_on"] == ["此日期在未来。"] or body["performed_on"]

    def test_a_unit_project_of_another_project(self, site):
        elsewhere = UnitProjectFactory()
        self._refused(site, lot_payload(site, unit_project=elsewhere.pk), "unit_project", fmt="json")

    def test_a_spot_check_kind_is_for_regulators(self, site):
        self._refused(site, lot_payload(site, kind="spot_check"), "kind", fmt="json")

    def test_a_project_that_has_not_started_answers_409(self, site):
        project = ProjectFactory(registered_by=site.world.owner_org)
        unit = UnitProjectFactory(project=project)
        add_party(project, "supervisor", site.world.supervisor_org)
        body = self._refused(
            site, lot_payload(site, project=project.pk, unit_project=unit.pk), None, status=409, fmt="json"
        )
        assert body["code"] == "project_not_started"

    def test_errors_speak_english_on_request(self, site):
        response = client_for(site.engineer_user).post(
            "/api/v1/inspections/", lot_payload(site, location=""), format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert response.json()["location"] == ["Give the location, e.g. 5F/柱/C-3."]


def _noisy_jpeg() -> bytes:
    import random

    rng = random.Random(1)
    img = Image.frombytes("RGB", (400, 300), bytes(rng.randrange(256) for _ in range(400 * 300 * 3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


class TestLists:
    def test_the_list_runs_the_same_queries_for_1_or_30_inspections(self, site):
        record_lot(site, photos=[photo(site.day)])
        client = client_for(site.world.owner)

        def grow():
            for i in range(29):
                record_lot(site, location=f"6F/梁/L-{i}", photos=[photo(site.day)] if i % 5 == 0 else [])

        # session-less token auth: visibility subquery inside the page query; photos; signatures.
        count = assert_constant_queries(lambda: client.get(f"/api/v1/inspections/?project={site.project.pk}"), grow)
        assert count <= 4

    def test_filters_by_kind_result_and_location_in_both_directions(self, site):
        record_lot(site, location="5F/柱/C-3")
        record_lot(site, location="5F/柱/C-30", result="fail")
        record_lot(site, location="6F", kind="patrol", name="6F 巡视")
        client = client_for(site.world.supervisor)

        def names(query):
            return sorted(r["location"] for r in client.get(f"/api/v1/inspections/?{query}").json()["results"])

        assert names("location=5F/柱/C-3") == ["5F/柱/C-3"]
        assert names("location=5F/柱/C-3/箍筋") == ["5F/柱/C-3"]  # the record contains the place
        assert names("location=5F") == ["5F/柱/C-3", "5F/柱/C-30"]
        assert names("result=fail") == ["5F/柱/C-30"]
        assert names("kind=patrol") == ["6F"]
