"""Pages for every persona, and the spreadsheet import (page, API and command)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from materials.models import Batch, ImportJob, Usage
from tests.conftest import PERSONAS
from tests.factories.materials import UsageFactory
from tests.materials.helpers import page_client

pytestmark = pytest.mark.django_db


def page_statuses(world, url, personas=PERSONAS):
    out = {}
    for name in personas:
        r = page_client(world.persona(name)).get(url)
        out[name] = 302 if r.status_code == 302 and "/accounts/login/" in r["Location"] else r.status_code
    return out


PROJECT_READERS = {p: 200 for p in ["owner", "contractor", "surveyor", "designer", "supervisor", "regulator", "admin"]}
OUT = {"other_regulator": 404, "outsider": 404, "other_supervisor": 404, "anonymous": 302}


def test_the_materials_tab_for_every_persona(world, mat):
    assert page_statuses(world, f"/projects/{world.project.pk}/materials/") == {**PROJECT_READERS, "lab": 404, **OUT}


def test_the_batch_page_for_every_persona(world, mat):
    assert page_statuses(world, f"/materials/batches/{mat.accepted.pk}/") == {**PROJECT_READERS, "lab": 200, **OUT}
    assert page_statuses(world, f"/materials/batches/{mat.arrived.pk}/") == {**PROJECT_READERS, "lab": 404, **OUT}


def test_the_acceptance_and_sampling_forms_are_the_supervisors(world, mat):
    forbidden = {p: 403 for p in ["owner", "contractor", "surveyor", "designer", "regulator", "admin"]}
    assert page_statuses(world, f"/materials/batches/{mat.arrived.pk}/accept/") == {
        **forbidden,
        "supervisor": 200,
        "lab": 404,
        **OUT,
    }
    sample = page_statuses(world, f"/materials/batches/{mat.accepted.pk}/samples/new/")
    assert sample == {
        "owner": 200,
        "contractor": 200,
        "supervisor": 200,
        "admin": 200,
        "surveyor": 403,
        "designer": 403,
        "regulator": 403,
        "lab": 403,
        **OUT,
    }


def test_lab_inbox_trace_and_recall_pages(world, mat):
    inbox = page_statuses(world, "/materials/lab/")
    assert inbox["lab"] == 200 and inbox["owner"] == 403 and inbox["anonymous"] == 302
    r = page_client(world.lab).get("/materials/lab/")
    assert mat.sample.sample_number in r.text
    assert all(v == 200 for k, v in page_statuses(world, "/materials/trace/").items() if k != "anonymous")
    assert all(v == 200 for k, v in page_statuses(world, "/materials/recalls/").items() if k != "anonymous")
    assert "Open a recall" in page_client(world.regulator).get("/materials/recalls/?lang=en").text
    assert "Open a recall" not in page_client(world.owner).get("/materials/recalls/?lang=en").text
    assert page_client(world.owner).post("/materials/recalls/", {}).status_code == 403


def test_the_trace_page_answers_both_questions(world, mat):
    UsageFactory(batch=mat.accepted, unit_project=world.unit, location="5F/柱/C-3")
    c = page_client(world.regulator)
    r = c.get(f"/materials/trace/?manufacturer={world.manufacturer_org.uscc}&batch_number={mat.accepted.batch_number}")
    assert "5F/柱/C-3" in r.text and world.project.name in r.text
    r = c.get(f"/materials/trace/?project={world.project.pk}&unit_project={world.unit.pk}&location=5F")
    assert mat.accepted.batch_number in r.text


def test_a_supervisor_accepts_through_the_page(world, mat):
    r = page_client(world.supervisor).post(
        f"/materials/batches/{mat.arrived.pk}/accept/",
        {"result": "accepted", "accepted_on": "2024-03-06", "note": "ok"},
    )
    assert r.status_code == 302
    mat.arrived.refresh_from_db()
    assert mat.arrived.status == "accepted"


def xlsx_file(rows, name="台账.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def batch_rows(world, n=3, bad=()):
    rows = [["材料类型", "规格型号", "生产厂家", "批号", "数量", "单位", "生产日期", "进场日期", "合格证编号"]]
    for i in range(n):
        rows.append(
            [
                "rebar_hrb",
                "HRB400E Φ20",
                world.manufacturer_org.uscc,
                f"23A-{i:05d}",
                30 + i,
                "t",
                "2024-03-01",
                "2024-03-05",
                f"HG-{i}",
            ]
        )
    for i, field, value in bad:
        rows[i][field] = value
    return rows


def test_an_import_with_bad_rows_stores_nothing_and_lists_every_bad_row(world, django_capture_on_commit_callbacks):
    rows = batch_rows(world, 5, bad=[(2, 0, "unobtainium"), (4, 4, -3), (5, 7, "2099-01-01")])
    c = page_client(world.contractor)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/projects/{world.project.pk}/materials/import/", {"kind": "batches", "file": xlsx_file(rows)})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/materials/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "invalid" and job.error_count == 3
    assert [(e["row"], e["field"]) for e in job.errors] == [
        (3, "material_type"),
        (5, "quantity"),
        (6, "arrived_on"),
    ]  # spreadsheet rows: the header is row 1
    assert not Batch.objects.exists()
    page = c.get(f"/materials/imports/{job.pk}/")
    assert "unobtainium" in page.text
    assert c.get(f"/materials/imports/{job.pk}/status.json").json()["status"] == "invalid"
    assert c.post(f"/materials/imports/{job.pk}/commit/").status_code == 302
    assert not Batch.objects.exists()


def test_a_clean_import_is_validated_then_committed_all_at_once(world, as_user, django_capture_on_commit_callbacks):
    api = as_user(world.contractor)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(
            "/api/v1/imports/",
            {"project": world.project.pk, "kind": "batches", "file": xlsx_file(batch_rows(world, 4))},
            format="multipart",
        )
    assert r.status_code == 201
    job_url = f"/api/v1/imports/{r.data['id']}/"
    assert api.get(job_url).data["status"] == "valid" and not Batch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(job_url + "commit/").status_code == 202
    data = api.get(job_url).data
    assert (data["status"], data["created_count"], data["progress"]) == ("done", 4, 100)
    assert Batch.objects.filter(project=world.project).count() == 4
    assert as_user(world.outsider).get(job_url).status_code == 404
    assert (
        as_user(world.supervisor)
        .post(
            "/api/v1/imports/",
            {"project": world.project.pk, "kind": "batches", "file": xlsx_file(batch_rows(world))},
            format="multipart",
        )
        .status_code
        == 403
    )


def test_usages_import_from_a_gb18030_csv_with_the_command(world, mat, tmp_path):
    path = tmp_path / "usages.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["batch_id", "单位工程", "部位", "数量", "使用日期"])
        w.writerow([mat.accepted.pk, "1号楼", "5F/柱/C-3", "10", "2024-03-20"])
        w.writerow([mat.accepted.pk, "1号楼", "6F/柱/C-3", "10", "2024-03-22"])
    call_command(
        "materials_import",
        str(path),
        project=world.project.code,
        kind="usages",
        user="contractor",
        commit=True,
        no_progress=True,
    )
    assert set(Usage.objects.values_list("location", flat=True)) == {"5F/柱/C-3", "6F/柱/C-3"}


def test_a_usage_import_that_overdraws_a_batch_stores_nothing(world, mat, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "usages.csv"
    path.write_text(
        f"batch_id,unit_project,location,quantity,used_on\n{mat.accepted.pk},1号楼,5F,50,2024-03-20\n{mat.accepted.pk},1号楼,6F,50,2024-03-21\n{mat.arrived.pk},1号楼,7F,1,2024-03-21\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "materials_import",
            str(path),
            project=world.project.code,
            kind="usages",
            user="contractor",
            commit=True,
            no_progress=True,
        )
    assert not Usage.objects.exists()
