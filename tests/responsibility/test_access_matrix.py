"""Every responsibility endpoint and page, every persona: the status each one gets.

Reads: 200 for whoever sees the project, 404 for the rest (existence is not revealed),
401 for an anonymous API call and a redirect to the login page for an anonymous page.
Leads are written by the project's writers (owner, contractor, registering firm, admin);
the plaque and the archive by the owner side only (124号 Arts. 9-10): the other parties
and the regulator see but may not (403). The public plaque is for everyone.
Each request runs in its own rolled-back transaction.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from common.uploads import PHOTO, check_upload
from responsibility.services import archives, plaques
from tests.conftest import PERSONAS
from tests.factories.projects import OrganizationFactory
from tests.factories.responsibility import appoint_lead
from tests.files import jpeg_bytes, pdf_bytes
from tests.helpers import assert_access

SEES = {"owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"}
NOT_SIGNED_IN = {"api": 401, "page": 302}


def reads(ok=200, kind="api"):
    return {p: ok if p in SEES else 404 for p in PERSONAS if p != "anonymous"} | {"anonymous": NOT_SIGNED_IN[kind]}


def allowed(who: set[str], ok, kind="api"):
    """`who` may; the others who see the project get 403; the rest 404."""
    return {p: (ok if p in who else 403 if p in SEES else 404) for p in PERSONAS if p != "anonymous"} | {
        "anonymous": NOT_SIGNED_IN[kind]
    }


WRITERS = {"owner", "contractor", "admin"}
OWNER_SIDE = {"owner", "admin"}


def everyone(ok=200):
    return dict.fromkeys(PERSONAS, ok)


def page_statuses(world, method: str, url: str, data=None) -> dict[str, int]:
    got = {}
    for name in PERSONAS:
        client = Client()
        user = world.persona(name)
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, data or {})
            got[name] = response.status_code
            transaction.set_rollback(True)
    return got


def assert_pages(world, method: str, url: str, expected: dict[str, int], data=None) -> None:
    got = page_statuses(world, method, url, data)
    wrong = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not wrong, f"{method} {url}: persona -> (expected, got): {wrong}"


@pytest.fixture
def issued(world, completed):
    """The completed project with its plaque (PDF rendered) and an installation."""
    plaque = plaques.plaque_issue(actor=world.owner, project=completed, location="主入口左侧")
    plaques.plaque_pdf(plaque)
    plaques.plaque_install(
        actor=world.owner,
        plaque=plaque,
        installed_on=dt.date(2024, 10, 8),
        location="主入口左侧",
        photo=check_upload(jpeg_bytes(), PHOTO),
    )
    return plaque


@pytest.fixture
def full(world, issued):
    """…and an archive version, and an archive organisation to hand it to."""
    archive = archives.archive_generate(actor=world.owner, project=issued.project)
    archive_org = OrganizationFactory(name="杭州市城建档案馆", kinds=("archive",))
    return issued, archive, archive_org


def api(world, suffix=""):
    return f"/api/v1/projects/{world.project.pk}/{suffix}"


def page(world, suffix=""):
    return f"/projects/{world.project.pk}/{suffix}"


# --- API ---------------------------------------------------------------------------------


READABLE = [
    "plaque/",
    "plaque/pdf/",
    "plaque/svg/",
    "plaque/installations/",
    "plaque/versions/",
    "plaque/versions/1/",
    "plaque/versions/1/pdf/",
    "plaque/versions/1/svg/",
    "archive/",
    "archive/versions/",
]


def test_reading_the_plaque_and_the_archive(world, full):
    for path in READABLE:
        assert_access(world, "GET", api(world, path), reads())


def test_replacing_the_plaque(world, issued):
    body = {"reason": "damaged", "note": "标牌损坏", "version": 1}
    assert_access(world, "POST", api(world, "plaque/replace/"), allowed(OWNER_SIDE, 201), data=body)


def test_recording_an_installation(world, issued):
    for persona, status in allowed(OWNER_SIDE, 201).items():
        body = {
            "installed_on": "2024-10-09",
            "location": "主入口左侧",
            "photo": SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg"),
        }
        assert_access(
            world, "POST", api(world, "plaque/installations/"), {persona: status}, data=body, format="multipart"
        )


def test_generating_the_archive(world, issued):
    assert_access(world, "POST", api(world, "archive/"), allowed(OWNER_SIDE, 201))


def test_recording_the_archive_handover(world, full):
    _plaque, _archive, archive_org = full
    body = {"handed_over_to": archive_org.pk, "handed_over_on": "2024-10-20", "receipt_number": "HZCJ-7"}
    assert_access(world, "POST", api(world, "archive/handover/"), allowed(OWNER_SIDE, 200), data=body)


def test_filing_a_commitment(world):
    lead = appoint_lead(world.project, "contractor", world.contractor_lead, committed=False)
    for persona, status in allowed(WRITERS, 200).items():
        body = {
            "commitment_letter": SimpleUploadedFile("c.pdf", pdf_bytes(), content_type="application/pdf"),
            "committed_on": "2024-01-20",
        }
        assert_access(
            world, "POST", api(world, f"leads/{lead.pk}/commitment/"), {persona: status}, data=body, format="multipart"
        )


def test_the_public_plaque_is_for_everyone(world, issued):
    assert_access(world, "GET", f"/api/v1/public/plaques/{issued.code}/", everyone())


def test_lasting_records_are_never_changed_or_deleted_through_the_api(world, issued, as_user):
    client = as_user(world.admin)
    for path in ("plaque/", "plaque/versions/1/", "archive/", "archive/versions/", "plaque/installations/"):
        for method in ("put", "patch", "delete"):
            assert getattr(client, method)(api(world, path)).status_code == 405, (method, path)


# --- pages -------------------------------------------------------------------------------


def test_the_tabs(world, issued):
    for path in ("leads/", "plaque/", "archive/"):
        assert_pages(world, "GET", page(world, path), reads(kind="page"))


def test_the_lead_forms(world):
    lead = appoint_lead(world.project, "contractor", world.contractor_lead, committed=False)
    for path in ("leads/appoint/", f"leads/{lead.pk}/correct/", f"leads/{lead.pk}/commitment/"):
        assert_pages(world, "GET", page(world, path), allowed(WRITERS, 200, kind="page"))


def test_the_plaque_and_archive_forms_are_for_the_owner_side(world, full):
    for path in ("plaque/installation/", "plaque/replace/", "archive/1/handover/"):
        assert_pages(world, "GET", page(world, path), allowed(OWNER_SIDE, 200, kind="page"))


def test_the_plaque_files(world, issued):
    for path in ("plaque/plaque.pdf", "plaque/plaque.svg", "plaque/v1/plaque.pdf", "plaque/v1/plaque.svg"):
        assert_pages(world, "GET", page(world, path), reads(kind="page"))


def test_issuing_the_plaque_on_the_page(world, completed):
    assert_pages(
        world, "POST", page(world, "plaque/issue/"), allowed(OWNER_SIDE, 302, kind="page"), {"location": "东侧"}
    )


def test_generating_the_archive_on_the_page(world, completed):
    assert_pages(world, "POST", page(world, "archive/generate/"), allowed(OWNER_SIDE, 302, kind="page"))


def test_the_public_page_and_photo_are_for_everyone(world, issued):
    assert_pages(world, "GET", f"/p/{issued.code}", everyone())
    assert_pages(world, "GET", f"/p/{issued.code}/photo.jpg", everyone())
