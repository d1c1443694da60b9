"""Spreadsheet import: preview before storing, all or nothing, the same rules, the history trail.

The import checks and stores rows a chunk at a time (references looked up per
chunk, COPY on PostgreSQL); these tests shrink the chunk so a handful of rows
spans several chunks, and run on both databases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from common import history
from common.exceptions import Conflict
from common.models import ChangeRecord
from materials import imports
from materials.models import Batch, ImportJob, Usage
from tests.factories.materials import BatchFactory
from tests.materials.helpers import page_client

pytestmark = pytest.mark.django_db

HEADER = ["材料类型", "规格型号", "生产厂家", "批号", "数量", "单位", "生产日期", "进场日期", "合格证编号"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr("materials.imports.phases.CHUNK", 40)


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def batch_rows(world, n):
    return [
        HEADER,
        *(
            [
                "rebar_hrb",
                "HRB400E Φ20",
                world.manufacturer_org.uscc,
                f"23A-{i:05d}",
                30 + i % 7,
                "吨",
                dt.date(2024, 3, 1),
                "2024-03-05",
                f"HG-{i}",
            ]
            for i in range(n)
        ),
    ]


def run_job(job, phase, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        imports.job_start(job, phase)
    job.refresh_from_db()
    return job


def upload(world, rows, kind="batches", name="台账.xlsx"):
    data = xlsx_bytes(rows)
    job = imports.job_create(
        actor=world.contractor, project=world.project, kind=kind, upload=SimpleUploadedFile(name, data)
    )
    return job, data


def test_one_bad_row_among_many_is_listed_and_nothing_is_stored(world, django_capture_on_commit_callbacks):
    rows = batch_rows(world, 120)
    rows[101][4] = "三十"  # spreadsheet row 102, in the third chunk
    job, _data = upload(world, rows)
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    assert (job.status, job.processed_rows, job.error_count) == ("invalid", 120, 1)
    assert job.errors == [{"row": 102, "field": "quantity", "message": "数量请填写数字，例如 25.5。"}]
    assert not job.rows_file
    assert not Batch.objects.exists()
    with pytest.raises(Conflict):
        imports.job_start(job, "commit")
    assert not Batch.objects.exists()


def test_a_clean_file_is_previewed_then_stored_whole_with_a_history_entry_each(
    world, as_user, django_capture_on_commit_callbacks
):
    job, data = upload(world, batch_rows(world, 120))
    assert job.sha256 == hashlib.sha256(data).hexdigest()
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    assert (job.status, job.processed_rows, job.error_count) == ("valid", 120, 0)
    assert job.rows_file and job.rows_sha256 and not Batch.objects.exists()
    before = ChangeRecord.objects.count()

    job = run_job(job, "commit", django_capture_on_commit_callbacks)
    assert (job.status, job.created_count) == ("done", 120)
    assert not job.rows_file  # the cleaned rows are not kept once stored
    batches = list(Batch.objects.filter(project=world.project).select_related("material_type").order_by("id"))
    assert len(batches) == 120
    assert {(b.unit, b.status, b.registered_by_id) for b in batches} == {("t", "arrived", world.contractor.pk)}
    assert batches[5].quantity == Decimal("35.000") and batches[5].produced_on == dt.date(2024, 3, 1)
    # One history entry per record, as batch_register writes it, plus one for the import.
    assert ChangeRecord.objects.count() == before + 121
    for b in (batches[0], batches[77]):
        entry = history.history_for(b).get(action="batch_import")
        assert entry.after == history.snapshot(b)
        assert entry.target_repr == str(b)
        assert (entry.scope_id, entry.actor_id) == (world.project.pk, world.contractor.pk)
    summary = ChangeRecord.objects.get(action="import_commit")
    assert summary.after == {
        "kind": "batches",
        "rows": 120,
        "created": 120,
        "first_id": batches[0].pk,
        "last_id": batches[-1].pk,
        "import": job.pk,
        "file": "台账.xlsx",
        "sha256": job.sha256,
    }
    page = page_client(world.contractor).get(f"/materials/imports/{job.pk}/")
    assert job.sha256 in page.text and "120" in page.text
    assert as_user(world.contractor).get(f"/api/v1/imports/{job.pk}/").data["sha256"] == job.sha256
    imported = ChangeRecord.objects.filter(action="batch_import")
    assert set(imported.values_list("request_id", flat=True)) == {summary.request_id}
    assert summary.request_id is not None


def test_the_commit_checks_every_row_again_and_a_late_problem_rolls_back_every_chunk(
    world, mat, django_capture_on_commit_callbacks
):
    other = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, quantity=Decimal(100))
    rows = [["batch_id", "单位工程", "部位", "用量", "使用日期"]]
    rows += [[mat.accepted.pk, "1号楼", f"{i % 9 + 1}F/柱/C-{i}", "0.5", "2024-03-20"] for i in range(100)]
    rows += [[other.pk, world.unit.name, f"9F/梁/L-{i}", "1", "2024-03-21"] for i in range(20)]
    job, _data = upload(world, rows, kind="usages")
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    assert job.status == "valid", job.errors
    # Meanwhile the second batch fails its test: the rows using it are refused at commit,
    # after the first chunks were already inserted, and the whole import rolls back.
    Batch.objects.filter(pk=other.pk).update(status="failed")
    changes = ChangeRecord.objects.count()
    job = run_job(job, "commit", django_capture_on_commit_callbacks)
    assert (job.status, job.error_count, job.created_count) == ("invalid", 20, 0)
    assert [e["row"] for e in job.errors] == list(range(102, 122))
    assert {e["field"] for e in job.errors} == {"batch_number"}
    assert not Usage.objects.exists()
    assert ChangeRecord.objects.count() == changes


def test_usages_never_overdraw_a_batch_across_chunks_or_with_what_was_used_before(
    world, mat, django_capture_on_commit_callbacks
):
    from tests.factories.materials import UsageFactory

    UsageFactory(batch=mat.accepted, unit_project=world.unit, quantity=Decimal(20))  # 40 of 60 t left
    rows = [["batch_id", "unit_project", "location", "quantity", "used_on"]]
    rows += [[mat.accepted.pk, world.unit.name, f"{i}F", "1", "2024-03-20"] for i in range(1, 42)]
    job, _data = upload(world, rows, kind="usages")
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    assert job.status == "invalid"
    assert job.errors == [
        {
            "row": 42,
            "field": "quantity",
            "message": f"批次 {mat.accepted.batch_number} 的使用量将达到 61，超过批次数量 60 t。",
        }
    ]


def test_usages_named_by_manufacturer_and_batch_number(world, mat, django_capture_on_commit_callbacks):
    twin = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, batch_number="22-B-7")
    BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, batch_number="22b7")
    uscc = world.manufacturer_org.uscc
    rows = [
        ["生产厂家", "批号", "单位工程", "部位", "用量", "使用日期"],
        [uscc, mat.accepted.batch_number.lower(), world.unit.name, "3F", "2", "2024-03-20"],
        [uscc, "２２Ｂ７", world.unit.name, "4F", "2", "2024-03-20"],
    ]
    job, _data = upload(world, rows, kind="usages")
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "batch_number")]
    assert str(twin.pk) in job.errors[0]["message"]

    job, _data = upload(world, rows[:2], kind="usages")
    run_job(job, "validate", django_capture_on_commit_callbacks)
    job = run_job(job, "commit", django_capture_on_commit_callbacks)
    assert job.status == "done"
    usage = Usage.objects.get()
    assert (usage.batch_id, usage.location, usage.location_key) == (mat.accepted.pk, "3F", "3F/")
    assert history.history_for(usage).get(action="usage_import").after == history.snapshot(usage)


def test_a_commit_starts_once(world, as_user, django_capture_on_commit_callbacks):
    job, _data = upload(world, batch_rows(world, 3))
    run_job(job, "validate", django_capture_on_commit_callbacks)
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)  # two requests at once
    with django_capture_on_commit_callbacks(execute=False):
        imports.job_start(first, "commit")
        with pytest.raises(Conflict):
            imports.job_start(second, "commit")
    r = as_user(world.contractor).post(f"/api/v1/imports/{job.pk}/commit/")
    assert r.status_code == 409 and r.data["code"] == "import_not_valid"


def test_a_commit_refuses_cleaned_rows_that_changed_after_the_validation(world, django_capture_on_commit_callbacks):
    job, _data = upload(world, batch_rows(world, 3))
    job = run_job(job, "validate", django_capture_on_commit_callbacks)
    with job.rows_file.open("rb") as f:
        text = f.read()
    job.rows_file.storage.delete(job.rows_file.name)
    job.rows_file.storage.save(job.rows_file.name, io.BytesIO(text.replace(b"30.000", b"99.000")))
    job = run_job(job, "commit", django_capture_on_commit_callbacks)
    assert job.status == "failed" and job.message == "本次导入已校验的数据行发生了变化，请重新上传文件。"
    assert not Batch.objects.exists()


def test_a_job_validated_before_rows_were_kept_is_checked_again_at_commit(world, django_capture_on_commit_callbacks):
    job, _data = upload(world, batch_rows(world, 3))
    sha256 = job.sha256
    ImportJob.objects.filter(pk=job.pk).update(status="valid", sha256="")  # as left by the previous version
    job = run_job(job, "commit", django_capture_on_commit_callbacks)
    assert (job.status, job.created_count, job.sha256) == ("done", 3, sha256)
    assert ChangeRecord.objects.get(action="import_commit").after["sha256"] == sha256


def test_the_command_line_validates_and_commits_a_csv(world, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "台账.csv"
    lines = [",".join(HEADER)]
    lines += [f"rebar_hrb,HRB400E,{world.manufacturer_org.uscc},C-{i},12.5,t,,2024-03-05," for i in range(90)]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    out = io.StringIO()
    call_command(
        "materials_import",
        str(path),
        project=world.project.code,
        kind="batches",
        user="contractor",
        commit=True,
        no_progress=True,
        stdout=out,
    )
    assert "90 rows valid" in out.getvalue() and "90 batches imported" in out.getvalue()
    assert Batch.objects.filter(project=world.project, quantity=Decimal("12.5")).count() == 90
    summary = ChangeRecord.objects.get(action="import_commit")
    assert summary.after["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_checked_file_not_imported_within_the_keep_days_is_ended_and_its_rows_removed(
    world, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    job = run_job(upload(world, batch_rows(world, 3))[0], "validate", django_capture_on_commit_callbacks)
    rows_name = job.rows_file.name
    assert job.status == "valid" and job.rows_file.storage.exists(rows_name)
    ImportJob.objects.filter(pk=job.pk).update(finished_at=job.finished_at - dt.timedelta(days=7, minutes=1))
    fresh = run_job(upload(world, batch_rows(world, 2))[0], "validate", django_capture_on_commit_callbacks)

    out = io.StringIO()
    call_command("materials_expire_imports", "--keep-days", "7", stdout=out)

    assert out.getvalue().strip() == (
        "1 checked imports expired, 0 interrupted checks ended, 0 dead commits found committed, 0 found not committed"
    )
    job.refresh_from_db()
    assert (job.status, job.rows_file.name, job.rows_sha256) == ("failed", "", "")
    assert job.message == "校验通过后 7 天内未导入，请重新上传文件。"
    assert not job.file.storage.exists(rows_name) and job.file.storage.exists(job.file.name)
    fresh.refresh_from_db()
    assert fresh.status == "valid"  # checked today: still waits for its import
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(Conflict):
        imports.job_start(job, "commit")
    assert not Batch.objects.exists()


def test_a_check_whose_process_died_is_ended_a_day_after_the_upload(world):
    from django.utils import timezone

    job, _data = upload(world, batch_rows(world, 3))  # queued; its process never ran
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert imports.jobs_expire(keep_days=7, now=later - dt.timedelta(minutes=2))["interrupted"] == 0
    assert imports.jobs_expire(keep_days=7, now=later)["interrupted"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.message == "此文件的校验未完成即中断，请重新上传文件。"


def test_a_commit_whose_process_died_is_settled_by_the_history_a_day_after_it_started(
    world, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    lost = run_job(upload(world, batch_rows(world, 2))[0], "validate", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        imports.job_start(lost, "commit")  # the process dies before its transaction commits
    stored = run_job(upload(world, batch_rows(world, 3))[0], "validate", django_capture_on_commit_callbacks)
    stored = run_job(stored, "commit", django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=stored.pk).update(status="committing")  # died after committing, before saying so
    started = ImportJob.objects.get(pk=lost.pk).commit_started_at
    assert started is not None

    assert imports.jobs_expire(keep_days=7, now=started + dt.timedelta(hours=23))["not_committed"] == 0
    counts = imports.jobs_expire(keep_days=7, now=timezone.now() + dt.timedelta(days=1, minutes=1))

    assert (counts["committed"], counts["not_committed"]) == (1, 1)
    lost.refresh_from_db()
    stored.refresh_from_db()
    assert (lost.status, lost.created_count, lost.rows_file.name) == ("failed", 0, "")
    assert lost.message == "导入未完成即中断，未保存任何数据。请重新上传文件。"
    assert (stored.status, stored.created_count) == ("done", 3)
    assert Batch.objects.count() == 3
