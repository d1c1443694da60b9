"""Lasting records are never deleted; the history is never rewritten."""

import pytest
from django.db import connection, transaction

from common import history
from common.models import ChangeRecord, LastingRecordError
from projects.models import Organization, Project

pytestmark = pytest.mark.django_db


def test_a_project_cannot_be_deleted_one_by_one_or_in_bulk(world):
    with pytest.raises(LastingRecordError):
        world.project.delete()
    with pytest.raises(LastingRecordError):
        Project.objects.all().delete()
    with pytest.raises(LastingRecordError):
        Organization.objects.filter(pk=world.owner_org.pk).delete()


def test_history_entries_cannot_be_changed_or_deleted(world):
    with transaction.atomic():
        entry = history.record(actor=world.owner, action="update", obj=world.project, reason="x")
    entry.reason = "rewritten"
    with pytest.raises(LastingRecordError):
        entry.save()
    with pytest.raises(LastingRecordError):
        ChangeRecord.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(LastingRecordError):
        ChangeRecord.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_on_postgresql_the_database_itself_refuses_to_rewrite_history(world):
    from django.db import DatabaseError

    with transaction.atomic():
        entry = history.record(actor=world.owner, action="update", obj=world.project, reason="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE common_changerecord SET reason = 'rewritten' WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_history_must_be_written_inside_the_services_transaction(world):
    with pytest.raises(RuntimeError):
        history.record(actor=world.owner, action="update", obj=world.project)


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_there_in_every_transactional_test():
    from projects.models import Region

    assert Region.objects.filter(code="330106").exists()


def test_load_reference_data_changes_nothing_when_up_to_date(capsys):
    from django.core.management import call_command

    call_command("load_reference_data")
    assert "regions: 0 row(s)" in capsys.readouterr().out


def test_entries_written_in_one_request_share_its_request_id(world, as_user):
    response = as_user(world.owner).patch(f"/api/v1/projects/{world.project.pk}/", {"name": "甲", "reason": "乙"})
    entry = ChangeRecord.objects.get(action="update")
    assert str(entry.request_id) == response["X-Request-ID"]
