"""Batches through the API: registration with certificates, entry acceptance, who may do what."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import ChangeRecord, StoredFile
from materials.models import Batch
from tests.factories.materials import BatchFactory
from tests.files import jpeg_bytes
from tests.helpers import assert_access
from tests.materials.helpers import assert_statuses, page_client, pdf_upload

pytestmark = pytest.mark.django_db

READ_ALL = {p: 200 for p in ["owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"]}
HIDDEN = {"other_regulator": 404, "outsider": 404, "other_supervisor": 404, "anonymous": 401}


def batch_payload(world, **over):
    data = {
        "project": world.project.pk,
        "material_type": "rebar_hrb",
        "spec": "HRB400E Φ25",
        "manufacturer": world.manufacturer_org.uscc,
        "batch_number": "22A-10345",
        "quantity": "58.630",
        "unit": "t",
        "produced_on": "2024-03-01",
        "arrived_on": "2024-03-05",
        "certificate_number": "HG-2024-0301",
    }
    data.update(over)
    return data


def test_a_contractor_registers_a_batch_with_its_certificate_and_factory_report(world, as_user):
    data = batch_payload(world, certificate=pdf_upload(), factory_report=SimpleUploadedFile("report.jpg", jpeg_bytes()))
    r = as_user(world.contractor).post("/api/v1/batches/", data, format="multipart")
    assert r.status_code == 201, r.data
    batch = Batch.objects.get(pk=r.data["id"])
    assert (batch.status, batch.batch_number_key, str(batch.quantity)) == ("arrived", "22A10345", "58.630")
    assert r.data["certificate"] == batch.certificate.download_url
    assert r.data["certificate_sha256"] == batch.certificate.sha256
    assert batch.factory_report.kind == "jpeg"
    assert StoredFile.objects.filter(owner_id=batch.pk, owner_type__model="batch").count() == 2
    assert ChangeRecord.objects.filter(action="batch_register", target_id=batch.pk).exists()


def test_the_certificate_can_be_downloaded_by_the_project_and_not_by_outsiders(world, as_user):
    r = as_user(world.contractor).post(
        "/api/v1/batches/", batch_payload(world, certificate=pdf_upload()), format="multipart"
    )
    url = r.data["certificate"]
    assert page_client(world.supervisor).get(url).status_code == 200
    assert page_client(world.outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("material_type", "unobtainium", "Unknown material type"),
        ("quantity", "-5", "more than zero"),
        ("quantity", "0", "more than zero"),
        ("quantity", "50000000", "implausibly large"),
        ("unit", "bags", "not a valid choice"),
        ("manufacturer", "91330106MA2H000000", "No registered organisation"),
        ("arrived_on", "2999-01-01", "future"),
        ("produced_on", "2024-04-01", "after it arrived"),
        ("batch_number", "   ", "blank"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(world, as_user, english, field, value, needle):
    r = as_user(world.contractor).post(
        "/api/v1/batches/", batch_payload(world, **{field: value}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 400, r.data
    assert field in r.data, r.data
    assert needle in " ".join(map(str, r.data[field]))
    assert not Batch.objects.exists()
    assert not ChangeRecord.objects.filter(action="batch_register").exists()


def test_a_certificate_that_is_not_a_pdf_or_image_is_refused(world, as_user):
    fake = SimpleUploadedFile("合格证.pdf", b"this is a text file pretending", content_type="application/pdf")
    r = as_user(world.contractor).post("/api/v1/batches/", batch_payload(world, certificate=fake), format="multipart")
    assert r.status_code == 400
    assert "certificate" in r.data
    assert not Batch.objects.exists() and not StoredFile.objects.exists()


def test_a_manufacturer_must_be_registered_as_one(world, as_user):
    r = as_user(world.contractor).post("/api/v1/batches/", batch_payload(world, manufacturer=world.lab_org.uscc))
    assert r.status_code == 400 and "manufacturer" in r.data


def test_messages_come_in_chinese_by_default_and_english_on_request(world, as_user):
    bad = batch_payload(world, quantity="-1")
    zh = as_user(world.contractor).post("/api/v1/batches/", bad)
    en = as_user(world.contractor).post("/api/v1/batches/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert zh.data["quantity"] == ["数量必须大于零。"]
    assert en.data["quantity"] == ["The quantity must be more than zero."]


def test_who_may_register_a_batch(world):
    expected = {
        "owner": 201,
        "contractor": 201,
        "surveyor": 403,
        "designer": 403,
        "supervisor": 403,
        "lab": 404,
        "regulator": 403,
        "admin": 201,
        **HIDDEN,
    }
    assert_access(world, "post", "/api/v1/batches/", expected, batch_payload(world))


def test_who_sees_batches(world, mat):
    assert_access(world, "get", f"/api/v1/batches/{mat.arrived.pk}/", {**READ_ALL, "lab": 404, **HIDDEN})
    # The lab sees the batch of a sample sent to it, and only that one.
    assert_access(world, "get", f"/api/v1/batches/{mat.accepted.pk}/", {**READ_ALL, "lab": 200, **HIDDEN})
    assert_access(world, "get", "/api/v1/batches/", {**READ_ALL, "lab": 200, "outsider": 200, "anonymous": 401})


def test_lists_are_filtered_by_visibility(world, mat, as_user):
    assert {b["id"] for b in as_user(world.lab).get("/api/v1/batches/").data["results"]} == {mat.accepted.pk}
    assert as_user(world.outsider).get("/api/v1/batches/").data["results"] == []
    ids = {b["id"] for b in as_user(world.owner).get("/api/v1/batches/?status=arrived").data["results"]}
    assert ids == {mat.arrived.pk}


def test_batches_are_never_deleted(world, mat, as_user):
    assert as_user(world.owner).delete(f"/api/v1/batches/{mat.arrived.pk}/").status_code == 405
    assert as_user(world.admin).delete(f"/api/v1/batches/{mat.arrived.pk}/").status_code == 405


def test_the_supervisor_accepts_a_batch_with_a_dated_signature(world, mat, as_user):
    r = as_user(world.supervisor).post(
        f"/api/v1/batches/{mat.arrived.pk}/accept/",
        {"result": "accepted", "accepted_on": "2024-03-06", "note": "合格证齐全，外观合格"},
    )
    assert r.status_code == 200, r.data
    mat.arrived.refresh_from_db()
    assert mat.arrived.status == "accepted"
    assert mat.arrived.accepted_by == world.supervisor
    assert mat.arrived.accepted_on == dt.date(2024, 3, 6) and mat.arrived.accepted_at is not None
    assert ChangeRecord.objects.filter(action="batch_accept", target_id=mat.arrived.pk).exists()


def test_who_may_accept(world, mat):
    url = f"/api/v1/batches/{mat.arrived.pk}/accept/"
    data = {"result": "accepted", "accepted_on": "2024-03-06"}
    expected = {
        "supervisor": 200,
        "owner": 403,
        "contractor": 403,
        "surveyor": 403,
        "designer": 403,
        "lab": 404,
        "regulator": 403,
        "admin": 403,
        **HIDDEN,
    }
    assert_access(world, "post", url, expected, data)


def test_a_rejection_needs_a_reason_and_a_decided_batch_cannot_be_decided_again(world, mat, as_user):
    sup = as_user(world.supervisor)
    r = sup.post(f"/api/v1/batches/{mat.arrived.pk}/accept/", {"result": "rejected", "accepted_on": "2024-03-06"})
    assert r.status_code == 400 and "note" in r.data
    r = sup.post(
        f"/api/v1/batches/{mat.accepted.pk}/accept/", {"result": "rejected", "accepted_on": "2024-03-06", "note": "x"}
    )
    assert r.status_code == 409 and r.data["code"] == "batch_not_arrived"
    r = sup.post(f"/api/v1/batches/{mat.arrived.pk}/accept/", {"result": "accepted", "accepted_on": "2024-03-01"})
    assert r.status_code == 400 and "accepted_on" in r.data


def test_a_completed_project_takes_no_new_batches(world, as_user):
    world.project.status, world.project.started_on = "completed", dt.date(2023, 1, 1)
    world.project.completed_on, world.project.lifetime_until = dt.date(2024, 6, 1), dt.date(2074, 6, 1)
    world.project.save()
    r = as_user(world.contractor).post("/api/v1/batches/", batch_payload(world))
    assert r.status_code == 409 and r.data["code"] == "project_completed"


def test_the_batch_list_exports_as_xlsx(world, mat, as_user):
    import io

    from openpyxl import load_workbook

    BatchFactory(project=world.project, manufacturer=world.manufacturer_org, batch_number="ZZ-9")
    r = as_user(world.owner).get(f"/api/v1/batches/export/?project={world.project.pk}")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 4  # header + 3 batches
    assert "ZZ-9" in [row[8] for row in rows]


def test_the_material_catalogue_lists_the_211_mandatory_witness_materials(world, as_user):
    r = as_user(world.lab).get("/api/v1/material-types/")
    by_code = {t["code"]: t for t in r.data}
    assert by_code["rebar_hrb"]["witness_required"] and by_code["cement"]["witness_required"]
    assert by_code["concrete_test_block"]["witness_required"] and by_code["waterproof_sbs"]["witness_required"]
    assert not by_code["window_aluminium"]["witness_required"]
    assert by_code["rebar_hrb"]["standard"] == "GB/T 1499.2-2018"
    assert as_user(None).get("/api/v1/material-types/").status_code == 401


def test_multipart_writes_check_each_personas_rights(world):
    expected = {"contractor": 201, "designer": 403, "outsider": 404}
    assert_statuses(
        world,
        "post",
        "/api/v1/batches/",
        lambda: batch_payload(world, certificate=pdf_upload()),
        expected,
        format="multipart",
    )
