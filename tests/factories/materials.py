"""Builders for batches, witnesses, samples, reports and usages (rows written directly)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory

from common.locations import location_key, normalize_location
from materials.models import Batch, MaterialType, Sample, TestReport, Usage, WitnessAuthorization
from materials.rules import batch_number_key

_n = itertools.count(1)


def material_type(code: str = "rebar_hrb") -> MaterialType:
    return MaterialType.objects.get(code=code)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    material_type = factory.LazyFunction(material_type)
    spec = "HRB400E Φ25"
    batch_number = factory.LazyFunction(lambda: f"22A-{next(_n):05d}")
    batch_number_key = factory.LazyAttribute(lambda b: batch_number_key(b.batch_number))
    quantity = Decimal("60")
    unit = "t"
    produced_on = dt.date(2024, 3, 1)
    arrived_on = dt.date(2024, 3, 5)
    status = "arrived"

    @classmethod
    def accepted(cls, **kwargs) -> Batch:
        return cls(
            status="accepted",
            accepted_on=kwargs.pop("accepted_on", dt.date(2024, 3, 6)),
            accepted_by_name="李监理",
            **kwargs,
        )


class WitnessAuthorizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WitnessAuthorization

    party_role = "supervisor"
    organization = factory.LazyAttribute(lambda a: a.person.employer)
    valid_from = dt.date(2024, 1, 15)


class SampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sample

    project = factory.LazyAttribute(lambda s: s.batch.project)
    sample_number = factory.LazyFunction(lambda: f"YP-{next(_n):06d}")
    seal_number = factory.LazyFunction(lambda: f"FZ-{next(_n):06d}")
    sampled_on = dt.date(2024, 3, 7)
    representative_quantity = Decimal("60")


class TestReportFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = TestReport

    lab = factory.LazyAttribute(lambda r: r.sample.lab)
    report_number = factory.LazyFunction(lambda: f"BG-{next(_n):06d}")
    tested_on = dt.date(2024, 3, 12)
    conclusion = "pass"
    values = factory.LazyFunction(lambda: {"屈服强度MPa": "445"})


class UsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usage

    project = factory.LazyAttribute(lambda u: u.batch.project)
    location = "5F/柱/C-3"
    location_key = factory.LazyAttribute(lambda u: location_key(normalize_location(u.location)))
    quantity = Decimal("1.5")
    used_on = dt.date(2024, 3, 20)
