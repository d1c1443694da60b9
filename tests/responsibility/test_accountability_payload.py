"""The accountability endpoint builds its JSON directly (responsibility.defects.serializers.accountability_data)
for speed; AccountabilitySerializer stays the documented shape. Both must give the same document."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from responsibility.defects import selectors, trace
from responsibility.defects.serializers import AccountabilitySerializer, accountability_data
from tests.factories.materials import (
    BatchFactory,
    SampleFactory,
    TestReportFactory,
    UsageFactory,
    WitnessAuthorizationFactory,
)
from tests.factories.projects import PersonFactory
from tests.responsibility.test_accountability import (  # noqa: F401 - the fixture is used by name
    BUILT,
    build_columns,
    change_contractor_lead,
    complete,
    register,
    site,
)

pytestmark = pytest.mark.django_db


def rendered(data) -> dict:
    return json.loads(JSONRenderer().render(data))


def both(defect) -> tuple[dict, dict]:
    result = trace.accountability(selectors.defect_detail(defect))
    return rendered(accountability_data(result)), rendered(AccountabilitySerializer(result).data)


def add_tested_batch(world, location="5F/柱/C-3"):
    """A second batch used at the place: two samples (one witnessed), the first with a corrected report."""
    batch = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, batch_number="HX-7")
    UsageFactory(batch=batch, unit_project=world.unit, location=location, used_on=BUILT, quantity=Decimal("12"))
    UsageFactory(
        batch=batch, unit_project=world.unit, location=f"{location}/根部", used_on=BUILT, quantity=Decimal("0.25")
    )
    witness = PersonFactory(name="见证人甲", employer=world.supervisor_org)
    authorization = WitnessAuthorizationFactory(project=world.project, person=witness, authorized_by=world.owner)
    first = SampleFactory(batch=batch, lab=world.lab_org, sampler=witness, sampled_on=dt.date(2021, 5, 2))
    second = SampleFactory(
        batch=batch,
        lab=world.lab_org,
        sampler=witness,
        witness=witness,
        witness_authorization=authorization,
        sampled_on=dt.date(2021, 5, 3),
    )
    wrong = TestReportFactory(sample=first, tested_on=dt.date(2021, 5, 6), conclusion="fail")
    TestReportFactory(sample=first, tested_on=dt.date(2021, 5, 9), corrects=wrong, reason="录入错误")
    TestReportFactory(sample=second, tested_on=dt.date(2021, 5, 7))
    return batch


def test_a_rich_trace_is_the_same_document_either_way(world, site, as_user):  # noqa: F811
    build_columns(world, site)
    build_columns(world, site, location="5F/柱/C-3/上段", day=BUILT + dt.timedelta(days=3))
    add_tested_batch(world)
    change_contractor_lead(world, dt.date(2021, 9, 1))
    complete(world)
    defect = register(world)
    fast, reference = both(defect)
    assert fast == reference
    assert len(fast["work_records"]) == 2 and len(fast["materials"]) == 4
    assert fast == as_user(world.regulator).get(f"/api/v1/defects/{defect.pk}/accountability/").json()
    tested = [m for m in fast["materials"] if m["batch_number"] == "HX-7"]
    assert [s["witnessed_by"] for s in tested[0]["samples"]] == [None, "见证人甲"]
    assert [r["tested_on"] for r in tested[0]["samples"][0]["reports"]] == ["2021-05-09", "2021-05-06"]
    assert {m["quantity"] for m in tested} == {"12.000", "0.250"}


@pytest.mark.parametrize("location", ["", "5F", "9F/梁/A-1"])
def test_whole_unit_inside_and_unrecorded_places_match_too(world, site, location):  # noqa: F811
    build_columns(world, site)
    add_tested_batch(world)
    fast, reference = both(register(world, location=location))
    assert fast == reference


def test_a_defect_on_the_whole_project_matches_in_english(world, site):  # noqa: F811
    build_columns(world, site)
    add_tested_batch(world)
    defect = register(world, unit_project=None, location="", work_category="other")
    with translation.override("en"):
        fast, reference = both(defect)
    assert fast == reference
    assert fast["work_records"][0]["kind_label"] == "inspection lot (检验批)"
