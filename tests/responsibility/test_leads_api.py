"""The leads API: multipart appointment and change, corrections, commitment, access for every persona."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.models import StoredFile
from responsibility.models import Lead
from tests.factories.responsibility import appoint_lead, lead_person
from tests.files import pdf_bytes
from tests.helpers import assert_access, assert_constant_queries

ALL_READ = {
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
WRITE = {**ALL_READ, "surveyor": 403, "designer": 403, "supervisor": 403, "regulator": 403}


def pdf_file(name="letter.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def appointment(world, **extra):
    return {
        "role": "contractor",
        "person": world.contractor_lead.pk,
        "started_on": "2024-02-01",
        "authorization_letter": pdf_file("授权书.pdf"),
        "commitment_letter": pdf_file("承诺书.pdf"),
        "committed_on": "2024-02-01",
        **extra,
    }


def url(world, suffix=""):
    return f"/api/v1/projects/{world.project.pk}/leads/{suffix}"


def test_appointing_through_the_api(world, as_user):
    response = as_user(world.owner).post(url(world), appointment(world), format="multipart")
    assert response.status_code == 201, response.data
    data = response.data
    assert data["person_name"] == "王建国" and data["registration_number"] == "浙133061700001"
    assert data["authorization_letter"]["sha256"] and data["commitment_letter"]["name"] == "承诺书.pdf"
    assert data["warnings"] == [] and data["is_current"] and data["counts"]
    assert len(data["person_id_number_masked"]) == 18 and "*" in data["person_id_number_masked"]


def test_changing_through_the_api_needs_a_reason_then_ends_the_predecessor(world, as_user):
    client = as_user(world.owner)
    assert client.post(url(world), appointment(world), format="multipart").status_code == 201
    successor = lead_person(world.project, "contractor", name="赵二")
    body = appointment(world, person=successor.pk, started_on="2024-05-01", committed_on="2024-05-01")
    response = client.post(url(world), body, format="multipart")
    assert response.status_code == 409 and response.data["code"] == "lead_exists"
    body = appointment(world, person=successor.pk, started_on="2024-05-01", committed_on="2024-05-01", reason="调任")
    response = client.post(url(world), body, format="multipart")
    assert response.status_code == 201, response.data
    history = client.get(url(world)).data
    assert [(h["person_name"], h["ended_on"], h["end_reason"]) for h in history] == [
        ("王建国", "2024-04-30", "调任"),
        ("赵二", None, ""),
    ]
    assert [h["person_name"] for h in client.get(url(world), {"on": "2024-04-30"}).data] == ["王建国"]


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("forged.pdf", b"Dear sir, this is plain text.", content_type="application/pdf"), "type"),
        (SimpleUploadedFile("huge.pdf", pdf_bytes() + b"\0" * 2048, content_type="application/pdf"), "limit"),
    ],
)
def test_bad_letters_are_a_400_naming_the_field_and_store_nothing(world, as_user, settings, upload, code):
    settings.UPLOAD_MAX_BYTES = 2000
    response = as_user(world.owner).post(
        url(world), appointment(world, commitment_letter=upload), format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "commitment_letter" in response.data
    assert code in str(response.data["commitment_letter"][0])
    assert not Lead.objects.exists() and not StoredFile.objects.exists()


def test_an_image_bomb_is_refused(world, as_user, settings):
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("L", (4000, 4000)).save(out, "PNG", optimize=True)
    bomb = SimpleUploadedFile("scan.png", out.getvalue(), content_type="image/png")
    response = as_user(world.owner).post(url(world), appointment(world, authorization_letter=bomb), format="multipart")
    assert response.status_code == 400 and "authorization_letter" in response.data


def test_a_person_from_outside_the_projects_parties_is_not_even_found(world, as_user):
    from tests.factories.projects import PersonFactory

    stranger = PersonFactory(employer=world.outsider_org)
    response = as_user(world.owner).post(url(world), appointment(world, person=stranger.pk), format="multipart")
    assert response.status_code == 400 and "person" in response.data
    assert stranger.name not in str(response.data)


def test_a_lead_without_registration_is_a_400_in_english_and_chinese(world, as_user):
    from tests.factories.projects import PersonFactory

    person = PersonFactory(name="无证", employer=world.contractor_org)
    body = appointment(world, person=person.pk)
    en = as_user(world.owner).post(url(world), body, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400 and "registration valid on 2024-02-01" in en.data["person"][0]
    body = appointment(world, person=person.pk)
    zh = as_user(world.owner).post(url(world), body, format="multipart")
    assert zh.status_code == 400 and "2024-02-01" in zh.data["person"][0] and "registration" not in zh.data["person"][0]


def test_correction_and_commitment_actions(world, as_user):
    lead = appoint_lead(world.project, "contractor", world.contractor_lead, committed=False)
    client = as_user(world.contractor)
    response = client.post(
        url(world, f"{lead.pk}/commitment/"),
        {"commitment_letter": pdf_file(), "committed_on": "2024-01-20"},
        format="multipart",
    )
    assert response.status_code == 200 and response.data["committed_on"] == "2024-01-20"
    response = client.post(
        url(world, f"{lead.pk}/correct/"), {"reason": "日期写错", "started_on": "2024-01-16"}, format="multipart"
    )
    assert response.status_code == 201 and response.data["corrects"] == lead.pk
    old = client.get(url(world, f"{lead.pk}/")).data
    assert old["counts"] is False and old["corrected_by"] == response.data["id"]
    assert client.post(url(world, f"{lead.pk}/correct/"), {"reason": ""}, format="multipart").status_code == 400


def assert_upload_access(world, path, expected, make_data):
    """assert_access with fresh uploads for every persona (an upload is read once)."""
    for persona, status in expected.items():
        assert_access(world, "POST", path, {persona: status}, data=make_data(), format="multipart")


def test_access_to_the_list_and_to_appointing(world):
    assert_access(world, "GET", url(world), ALL_READ)
    expected = {**WRITE, "owner": 201, "contractor": 201, "admin": 201}
    assert_upload_access(world, url(world), expected, lambda: appointment(world))


def test_access_to_corrections(world):
    lead = appoint_lead(world.project, "contractor", world.contractor_lead)
    assert_access(world, "GET", url(world, f"{lead.pk}/"), ALL_READ)
    expected = {**WRITE, "owner": 201, "contractor": 201, "admin": 201}
    assert_access(
        world, "POST", url(world, f"{lead.pk}/correct/"), expected, data={"reason": "x", "started_on": "2024-01-16"}
    )


def test_leads_are_never_deleted_or_edited_through_the_api(world, as_user):
    lead = appoint_lead(world.project, "contractor", world.contractor_lead)
    client = as_user(world.admin)
    assert client.delete(url(world, f"{lead.pk}/")).status_code == 405
    assert client.patch(url(world, f"{lead.pk}/"), {"role": "owner"}).status_code == 405


def test_the_list_runs_a_constant_number_of_queries(world, as_user):
    client = as_user(world.owner)
    appoint_lead(world.project, "contractor", world.contractor_lead)

    def grow():
        for role in ("owner", "surveyor", "designer", "supervisor"):
            appoint_lead(world.project, role)

    assert_constant_queries(lambda: client.get(url(world)), grow)
