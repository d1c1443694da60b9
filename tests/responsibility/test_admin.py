"""The admin shows every responsibility record to a superuser and changes none of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from common.uploads import PHOTO, check_upload
from responsibility.models import Lead, Plaque, PlaqueEntry, PlaqueInstallation, ResponsibilityArchive
from responsibility.services import archives, plaques
from tests.files import jpeg_bytes

MODELS = [Lead, Plaque, PlaqueEntry, PlaqueInstallation, ResponsibilityArchive]


@pytest.fixture
def records(world, plaque):
    plaques.plaque_install(
        actor=world.owner,
        plaque=plaque,
        installed_on=dt.date(2024, 10, 8),
        location="主入口左侧",
        photo=check_upload(jpeg_bytes(), PHOTO),
    )
    archives.archive_generate(actor=world.owner, project=plaque.project)


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.admin)
    return client


def url(model, suffix=""):
    return f"/admin/responsibility/{model._meta.model_name}/{suffix}"


def test_each_list_and_change_page_opens_for_a_superuser(records, admin_client):
    for model in MODELS:
        assert admin_client.get(url(model)).status_code == 200, model
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model
        page = admin_client.get(url(model, f"{obj.pk}/change/"))
        assert page.status_code == 200, model
        assert 'name="_save"' not in page.content.decode(), model  # read-only: no save button


def test_adding_changing_and_deleting_are_refused(records, admin_client):
    for model in MODELS:
        obj = model.objects.order_by("pk").first()
        count = model.objects.count()
        assert admin_client.get(url(model, "add/")).status_code == 403, model
        assert admin_client.post(url(model, f"{obj.pk}/delete/"), {"post": "yes"}).status_code == 403, model
        assert admin_client.post(url(model, f"{obj.pk}/change/"), {}).status_code == 403, model
        assert model.objects.count() == count, model


def test_the_admin_is_for_staff_only(world):
    client = Client()
    client.force_login(world.owner)
    assert client.get(url(Plaque)).status_code == 302  # to the admin login
