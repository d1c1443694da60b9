"""Registering defects, complaints and accidents: who may, what is checked, what is kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from common.exceptions import Conflict
from common.models import ChangeRecord
from common.uploads import PHOTO, check_upload
from projects.models import Notification
from projects.services import project_complete, project_start
from responsibility.models import Defect
from responsibility.services.defects import accident_report_late, defect_register, defect_resolve
from tests.factories.responsibility import appoint_all_leads
from tests.files import jpeg_bytes

pytestmark = pytest.mark.django_db

STARTED = dt.date(2024, 3, 1)
COMPLETED = dt.date(2025, 6, 10)


@pytest.fixture
def started(world):
    appoint_all_leads(world.project)
    project_start(actor=world.owner, project=world.project, started_on=STARTED)
    world.project.refresh_from_db()
    return world.project


@pytest.fixture
def completed(started, world):
    project_complete(actor=world.owner, project=started, completed_on=COMPLETED)
    world.project.refresh_from_db()
    return world.project


def register(world, actor, **kwargs):
    values = {
        "project": world.project,
        "unit_project": world.unit,
        "location": " 5F／columns/ C-3 ",
        "work_category": "main_structure",
        "discovered_on": dt.date(2025, 9, 1),
        "description": "柱根部露筋",
    } | kwargs
    return defect_register(actor=actor, **values)


def test_a_regulator_registers_a_defect_with_a_photo_and_the_parties_are_notified(world, completed):
    photo = check_upload(jpeg_bytes(taken="2025:09:01 10:00:00", gps=(30.27, 120.13)), PHOTO, name="柱.jpg")
    defect = register(world, world.regulator, photos=[photo])
    assert defect.location == "5F/columns/C-3"  # normalised
    assert defect.photos.get().file.taken_at is not None
    assert ChangeRecord.objects.filter(action="defect_register", target_id=defect.pk).exists()
    notified = set(Notification.objects.filter(kind="defect_defect").values_list("recipient__username", flat=True))
    assert {"owner", "contractor", "supervisor", "regulator"} <= notified


def test_the_owner_may_register_during_construction(world, started):
    assert register(world, world.owner, discovered_on=dt.date(2024, 5, 1)).pk


def test_the_contractor_registers_only_within_the_warranty_of_the_category(world, completed):
    # Electrical work: 2 years from 2025-06-10, so 2027-06-09 is the last day.
    assert register(world, world.contractor, work_category="electrical", discovered_on=dt.date(2025, 9, 1)).pk
    with pytest.raises(PermissionDenied):
        register(world, world.contractor, work_category="other", discovered_on=dt.date(2025, 9, 1))


def test_others_may_not_register(world, completed):
    for user in (world.supervisor, world.designer, world.lab, world.other_regulator):
        with pytest.raises(PermissionDenied):
            register(world, user)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"discovered_on": dt.date(2024, 2, 1)}, "discovered_on"),  # before the start
        ({"work_category": "kitchen"}, "work_category"),
        ({"description": "  "}, "description"),
        ({"unit_project": None}, "unit_project"),  # a location needs its unit project
        ({"photos": [b"not an image"]}, "photos"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(world, completed, kwargs, field):
    before = Defect.objects.count()
    with pytest.raises(ValidationError) as exc:
        register(world, world.regulator, **kwargs)
    assert field in exc.value.message_dict
    assert Defect.objects.count() == before


def test_a_future_date_is_refused(world, completed, today):
    with pytest.raises(ValidationError) as exc:
        register(world, world.regulator, discovered_on=today + dt.timedelta(days=1))
    assert "discovered_on" in exc.value.message_dict


def test_nothing_can_be_registered_on_a_project_that_has_not_started(world):
    with pytest.raises(ValidationError) as exc:
        register(world, world.regulator, discovered_on=dt.date(2025, 1, 1))
    assert "discovered_on" in exc.value.message_dict


def test_an_accident_is_graded_and_its_late_report_flagged(world, completed):
    occurred = timezone.make_aware(dt.datetime(2025, 9, 1, 14, 0))
    defect = register(
        world,
        world.regulator,
        kind="accident",
        occurred_at=occurred,
        deaths=0,
        serious_injuries=12,
        direct_loss=Decimal("2500000"),
        reported_to_authority_at=occurred + dt.timedelta(hours=3),
    )
    assert defect.grade == "larger"
    assert accident_report_late(defect) is True


def test_a_complaint_needs_its_source(world, completed):
    with pytest.raises(ValidationError) as exc:
        register(world, world.regulator, kind="complaint")
    assert "complainant" in exc.value.message_dict
    assert register(world, world.regulator, kind="complaint", complainant="业主王某", channel="phone").pk


def test_resolving_a_defect_is_recorded_once(world, completed):
    defect = register(world, world.regulator)
    defect_resolve(
        actor=world.owner,
        defect=defect,
        resolved_on=dt.date(2025, 10, 1),
        resolution="凿除松散混凝土，植筋修复，监理验收",
    )
    with pytest.raises(Conflict):
        defect_resolve(actor=world.owner, defect=defect, resolved_on=dt.date(2025, 10, 2), resolution="again")
    with pytest.raises(PermissionDenied):
        defect_resolve(
            actor=world.contractor,
            defect=register(world, world.regulator),
            resolved_on=dt.date(2025, 10, 1),
            resolution="x",
        )
