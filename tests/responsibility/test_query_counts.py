"""Reads run a constant number of queries however many versions, installations and entries pile up.

The public plaque is pinned: it answers anyone who scans a QR code, for the building's whole life.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.test import Client

from common.uploads import PHOTO, check_upload, store_generated
from responsibility.models import ResponsibilityArchive
from responsibility.services import plaques
from tests.factories.projects import OrganizationFactory
from tests.factories.responsibility import appoint_lead, lead_person
from tests.files import jpeg_bytes, pdf_bytes
from tests.helpers import assert_constant_queries

days = itertools.count(1)


def grow_plaque(world, project):
    """Two more versions, each with two installations."""

    def grow():
        for _ in range(2):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=next(days))
            new = plaques.plaque_replace(
                actor=world.owner, project=project, reason="damaged", note="损坏", issued_on=day
            )
            for k in range(2):
                plaques.plaque_install(
                    actor=world.owner,
                    plaque=new,
                    installed_on=day,
                    location=f"位置{k}",
                    photo=check_upload(jpeg_bytes(64, 48), PHOTO),
                )

    return grow


def test_the_plaque_api_reads(world, plaque, as_user):
    client = as_user(world.regulator)
    grow = grow_plaque(world, plaque.project)
    grow()  # every prefetch has rows to fetch from the start
    base = f"/api/v1/projects/{world.project.pk}/plaque/"
    for path in ("", "versions/", "versions/1/", "installations/"):
        assert_constant_queries(lambda path=path: client.get(base + path), grow)


def test_the_public_plaque_is_pinned(world, plaque, as_user):
    # The versions behind the code, the current one's entries, its installations, their photos.
    grow = grow_plaque(world, plaque.project)
    grow()
    anonymous = as_user(None)
    assert_constant_queries(lambda: anonymous.get(f"/api/v1/public/plaques/{plaque.code}/"), grow, expected=4)
    page = Client()
    assert_constant_queries(lambda: page.get(f"/p/{plaque.code}"), grow, expected=4)


def test_the_plaque_tab(world, plaque, client):
    client.force_login(world.regulator)
    grow = grow_plaque(world, plaque.project)
    grow()
    assert_constant_queries(lambda: client.get(f"/projects/{world.project.pk}/plaque/"), grow)


def grow_archive(world, project):
    """Three more archive versions, one of them handed over."""
    archive_org = OrganizationFactory(kinds=("archive",))

    def grow():
        for _ in range(3):
            version = ResponsibilityArchive.objects.filter(project=project).count() + 1
            stored = store_generated(pdf_bytes(), kind="pdf", name=f"v{version}.pdf", actor=world.owner)
            ResponsibilityArchive.objects.create(
                project=project,
                version=version,
                pdf=stored,
                sha256=stored.sha256,
                pages=1,
                lead_count=5,
                generated_by=world.owner,
                **(
                    {"handed_over_to": archive_org, "handed_over_on": dt.date(2025, 1, 1), "receipt_number": "R"}
                    if version % 2
                    else {}
                ),
            )

    return grow


def test_the_archive_reads(world, completed, as_user, client):
    grow = grow_archive(world, completed)
    grow()
    api = as_user(world.regulator)
    for path in ("archive/", "archive/versions/"):
        assert_constant_queries(lambda path=path: api.get(f"/api/v1/projects/{world.project.pk}/{path}"), grow)
    client.force_login(world.regulator)
    assert_constant_queries(lambda: client.get(f"/projects/{world.project.pk}/archive/"), grow)


def test_the_leads_tab(world, leads, client):
    client.force_login(world.surveyor)
    starts = (dt.date(2024, 2, 1) + dt.timedelta(days=20 * i) for i in itertools.count())

    def grow():
        for role in ("contractor", "supervisor"):
            appoint_lead(world.project, role, lead_person(world.project, role), started_on=next(starts), reason="调任")

    assert_constant_queries(lambda: client.get(f"/projects/{world.project.pk}/leads/"), grow)
