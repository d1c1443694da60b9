"""Helpers for materials tests: per-persona status with fresh data per request (files are read once)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.conftest import World, client_for
from tests.files import pdf_bytes


def pdf_upload(name: str = "合格证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text=name), content_type="application/pdf")


def statuses(world: World, method: str, url: str, make_data: Callable[[], dict] | None, personas, *, format="json"):
    got = {}
    for name in personas:
        client = client_for(world.persona(name))
        with transaction.atomic():
            call = getattr(client, method.lower())
            r = call(url, make_data(), format=format) if make_data else call(url)
            got[name] = r.status_code
            transaction.set_rollback(True)
    return got


def assert_statuses(world, method, url, make_data, expected: dict[str, int], **kw) -> None:
    got = statuses(world, method, url, make_data, list(expected), **kw)
    wrong = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not wrong, f"{method} {url}: persona -> (expected, got): {wrong}"


def page_client(user):
    """A Django test client logged in as `user` (pages and file downloads use the session)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client
