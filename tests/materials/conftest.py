"""Materials fixtures on top of the `world`: a contractor sampler, an authorised
witness (the supervisor's own person), an arrived and an accepted batch, a
sample sent to the world's lab."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from materials.models import Batch, Sample, WitnessAuthorization
from projects.models import Person
from tests.factories.materials import BatchFactory, SampleFactory, WitnessAuthorizationFactory
from tests.factories.projects import PersonFactory


@dataclass
class Mat:
    sampler: Person
    witness: Person
    authorization: WitnessAuthorization
    arrived: Batch
    accepted: Batch
    sample: Sample


@pytest.fixture
def mat(world) -> Mat:
    sampler = PersonFactory(name="赵取样", employer=world.contractor_org)
    witness = world.supervisor_lead
    auth = WitnessAuthorizationFactory(project=world.project, person=witness, authorized_by=world.supervisor)
    arrived = BatchFactory(project=world.project, manufacturer=world.manufacturer_org)
    accepted = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org)
    sample = SampleFactory(
        batch=accepted, sampler=sampler, witness=witness, witness_authorization=auth, lab=world.lab_org
    )
    return Mat(sampler=sampler, witness=witness, authorization=auth, arrived=arrived, accepted=accepted, sample=sample)
