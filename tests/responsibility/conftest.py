from __future__ import annotations

import importlib

import pytest

from tests.factories.responsibility import appoint_all_leads


@pytest.fixture(autouse=True)
def _regions(request):
    """Transactional tests (concurrency, browser) end with a flush that empties the region
    table the migrations loaded; put it back for whichever test comes next."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "world" in request.fixturenames or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
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


@pytest.fixture
def completed(world, leads):
    """The world's project started and completed with its five signed leads."""
    import datetime as dt

    from projects.services import project_complete, project_start

    project_start(actor=world.owner, project=world.project, started_on=dt.date(2024, 2, 1))
    project_complete(actor=world.owner, project=world.project, completed_on=dt.date(2024, 9, 30))
    world.project.refresh_from_db()
    return world.project


@pytest.fixture
def plaque(world, completed):
    """Version 1 of the world's plaque, issued by the owner on 2024-10-01."""
    import datetime as dt

    from responsibility.services.plaques import plaque_issue

    return plaque_issue(
        actor=world.owner, project=completed, location="1号楼南立面主入口左侧", issued_on=dt.date(2024, 10, 1)
    )
