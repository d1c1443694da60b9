from __future__ import annotations

import importlib

import pytest

from tests.factories.responsibility import appoint_all_leads


@pytest.fixture(autouse=True)
def _regions(request):
    """Transactional tests (concurrency, browser) end with a flush that empties the
    region table the migrations loaded; put it back before the next one needs it."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if not (marker and marker.kwargs.get("transaction")):
            return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from projects.models import Region

    if not Region.objects.exists():
        importlib.import_module("projects.migrations.0002_load_regions").load(apps, None)


@pytest.fixture
def leads(world):
    """The five signed leads of the world's project; the contractor and supervisor leads are the world's."""
    return appoint_all_leads(
        world.project, people={"contractor": world.contractor_lead, "supervisor": world.supervisor_lead}
    )
