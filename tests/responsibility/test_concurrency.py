"""Concurrent appointments on PostgreSQL: exactly one wins, the other gets 409."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from common.exceptions import Conflict
from responsibility import services
from responsibility.models import Lead
from tests.factories.projects import PersonFactory, RegistrationFactory
from tests.factories.responsibility import letter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL)")


def _race(world, people, *, reason=""):
    barrier = threading.Barrier(len(people))
    outcomes: list[object] = [None] * len(people)

    def run(i, person):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = services.lead_appoint(
                actor=world.owner,
                project=world.project,
                role="contractor",
                person=person,
                started_on=dt.date(2024, 3, 1),
                authorization_letter=letter(),
                commitment_letter=letter(),
                committed_on=dt.date(2024, 3, 1),
                reason=reason,
            )
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def _constructor(world, name):
    person = PersonFactory(name=name, employer=world.contractor_org)
    RegistrationFactory(person=person, kind="constructor_1")
    return person


def test_two_simultaneous_first_appointments_one_wins_the_other_conflicts(world):
    people = [world.contractor_lead, _constructor(world, "并发二")]
    outcomes = _race(world, people)
    wins = [o for o in outcomes if isinstance(o, Lead)]
    losses = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert losses[0].code == "lead_exists"
    assert Lead.objects.filter(project=world.project, role="contractor").count() == 1


def test_two_simultaneous_changes_leave_one_current_lead_and_no_overlap(world):
    from tests.factories.responsibility import appoint_lead

    appoint_lead(world.project, "contractor", world.contractor_lead, started_on=dt.date(2024, 1, 15))
    outcomes = _race(world, [_constructor(world, "甲"), _constructor(world, "乙")], reason="调任")
    assert sum(isinstance(o, Lead) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Exception) for o in outcomes) == 1
    assert Lead.objects.current().filter(project=world.project, role="contractor").count() == 1
    assert Lead.objects.filter(project=world.project, role="contractor").count() == 2
