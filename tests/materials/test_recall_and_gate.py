"""Recall of a defective batch, its exports, and the completion gate."""

import datetime as dt
import io
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from common.exceptions import Conflict
from materials.models import NonConformance
from projects import services as project_services
from projects.models import Notification
from tests.factories.materials import BatchFactory, UsageFactory
from tests.factories.projects import ProjectFactory, UnitProjectFactory, add_party
from tests.helpers import assert_access
from tests.materials.helpers import page_client, pdf_upload

pytestmark = pytest.mark.django_db
HEAT = "22B-88001"


@pytest.fixture
def spread(world, mat):
    """One heat of the world's steel mill on the world project, another Hangzhou project, and a Ningbo project."""
    here = BatchFactory.accepted(project=world.project, manufacturer=world.manufacturer_org, batch_number=HEAT)
    UsageFactory(batch=here, unit_project=world.unit, location="5F/柱/C-3", quantity="3")
    gongshu = ProjectFactory(region_id="330105", name="拱墅区运河湾住宅")
    add_party(gongshu, "contractor", world.contractor_org)
    b2 = BatchFactory.accepted(project=gongshu, manufacturer=world.manufacturer_org, batch_number="22b 88001")
    UsageFactory(batch=b2, unit_project=UnitProjectFactory(project=gongshu), location="2F/梁/L-7")
    ningbo = ProjectFactory(region_id="330206")
    b3 = BatchFactory.accepted(project=ningbo, manufacturer=world.manufacturer_org, batch_number=HEAT)
    rejected = BatchFactory(
        project=gongshu,
        manufacturer=world.manufacturer_org,
        batch_number=HEAT,
        status="rejected",
        accepted_on=dt.date(2024, 3, 6),
    )
    return {"here": here, "gongshu": b2, "ningbo": b3, "rejected": rejected, "gongshu_project": gongshu}


def recall_data(world):
    return {"manufacturer": world.manufacturer_org.uscc, "batch_number": HEAT, "reason": "抽检屈服强度不合格"}


def test_a_regulator_recalls_a_heat_across_the_projects_of_the_jurisdiction(
    world, spread, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = as_user(world.regulator).post("/api/v1/recalls/", recall_data(world))
    assert r.status_code == 201, r.data
    assert (r.data["batch_count"], r.data["project_count"], r.data["usage_count"]) == (3, 2, 2)
    for key, status in [
        ("here", "quarantined"),
        ("gongshu", "quarantined"),
        ("ningbo", "accepted"),
        ("rejected", "rejected"),
    ]:
        spread[key].refresh_from_db()
        assert spread[key].status == status, key
    assert NonConformance.objects.filter(source="recall").count() == 2
    locations = {loc for p in r.data["projects"] for loc in p["locations"]}
    assert locations == {"1号楼/5F/柱/C-3", f"{spread['gongshu'].usages.get().unit_project.name}/2F/梁/L-7"}
    notified = set(Notification.objects.filter(kind="material_recall").values_list("recipient__username", flat=True))
    assert {"owner", "contractor", "supervisor"} <= notified
    # A quarantined batch is not used again.
    r = as_user(world.contractor).post(
        "/api/v1/usages/",
        {
            "batch": spread["here"].pk,
            "unit_project": world.unit.pk,
            "location": "6F",
            "quantity": "1",
            "used_on": "2024-03-25",
        },
    )
    assert r.status_code == 409


def test_who_may_open_a_recall(world, spread):
    expected = {
        p: 403
        for p in [
            "owner",
            "contractor",
            "surveyor",
            "designer",
            "supervisor",
            "lab",
            "outsider",
            "other_supervisor",
            "admin",
        ]
    }
    assert_access(
        world,
        "post",
        "/api/v1/recalls/",
        {**expected, "regulator": 201, "other_regulator": 201, "anonymous": 401},
        recall_data(world),
    )


def test_bad_recalls_are_refused(world, spread, as_user):
    r = as_user(world.regulator).post("/api/v1/recalls/", {**recall_data(world), "manufacturer": world.lab_org.uscc})
    assert r.status_code == 400 and "manufacturer" in r.data
    r = as_user(world.regulator).post("/api/v1/recalls/", {**recall_data(world), "reason": " "})
    assert r.status_code == 400 and "reason" in r.data


def test_the_recall_page_and_its_exports_list_every_project_and_location(world, spread, as_user, tmp_path):
    recall_id = as_user(world.regulator).post("/api/v1/recalls/", recall_data(world)).data["recall"]["id"]
    client = page_client(world.regulator)
    page = client.get(f"/materials/recalls/{recall_id}/")
    assert page.status_code == 200 and "5F/柱/C-3" in page.text and "2F/梁/L-7" in page.text

    xlsx = client.get(f"/materials/recalls/{recall_id}/recall.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][0] == "投资项目代码"
    assert {row[10] for row in rows[1:]} == {"5F/柱/C-3", "2F/梁/L-7", None}  # the rejected batch was never used

    pdf = client.get(f"/materials/recalls/{recall_id}/recall.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "缺陷建材召回清单" in text and "5F/柱/C-3" in text and world.project.name in text
    path = tmp_path / "recall.pdf"
    path.write_bytes(pdf.content)
    fonts = subprocess.run(["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts

    ok = {"regulator": 200, "admin": 200, "owner": 200, "contractor": 200}
    assert_access(
        world,
        "get",
        f"/api/v1/recalls/{recall_id}/",
        {**ok, "other_regulator": 404, "outsider": 404, "lab": 404, "anonymous": 401},
    )


def test_completion_is_blocked_while_failed_material_is_in_use(world, spread, as_user):
    from tests.factories.responsibility import appoint_all_leads

    appoint_all_leads(world.project)  # so that only the material can block completion
    world.project.status, world.project.started_on = "under_construction", dt.date(2024, 1, 20)
    world.project.save()
    as_user(world.regulator).post("/api/v1/recalls/", recall_data(world))
    with pytest.raises(Conflict) as exc:
        project_services.project_complete(actor=world.owner, project=world.project, completed_on=dt.date(2024, 6, 1))
    assert any(HEAT in p for p in exc.value.problems)

    nc = NonConformance.objects.get(batch=spread["here"])
    sup = as_user(world.supervisor)
    # Removing the material needs its usages withdrawn first.
    r = sup.post(
        f"/api/v1/non-conformances/{nc.pk}/close/",
        {"disposition": "removed", "note": "已拆除更换", "evidence": pdf_upload("拆除记录.pdf")},
        format="multipart",
    )
    assert r.status_code == 409 and r.data["code"] == "batch_still_in_use"
    usage = spread["here"].usages.get()
    assert (
        as_user(world.contractor)
        .post(f"/api/v1/usages/{usage.pk}/withdraw/", {"withdrawn_on": "2024-04-01", "reason": "拆除更换"})
        .status_code
        == 200
    )
    assert (
        as_user(world.contractor)
        .post(
            f"/api/v1/non-conformances/{nc.pk}/close/",
            {"disposition": "removed", "note": "x", "evidence": pdf_upload()},
            format="multipart",
        )
        .status_code
        == 403
    )
    r = sup.post(
        f"/api/v1/non-conformances/{nc.pk}/close/",
        {"disposition": "removed", "note": "已拆除更换", "evidence": pdf_upload("拆除记录.pdf")},
        format="multipart",
    )
    assert r.status_code == 200, r.data
    project = project_services.project_complete(
        actor=world.owner, project=world.project, completed_on=dt.date(2024, 6, 1)
    )
    assert project.status == "completed"


def test_a_retest_that_passes_releases_a_failed_batch(world, mat, as_user):
    as_user(world.lab).post(
        "/api/v1/test-reports/",
        {"sample": mat.sample.pk, "report_number": "F-1", "tested_on": "2024-03-12", "conclusion": "fail"},
    )
    nc = NonConformance.objects.get(batch=mat.accepted)
    r = as_user(world.supervisor).post(
        f"/api/v1/non-conformances/{nc.pk}/close/",
        {"disposition": "retest_passed", "note": "双倍复检合格", "evidence": pdf_upload("复检报告.pdf")},
        format="multipart",
    )
    assert r.status_code == 200
    mat.accepted.refresh_from_db()
    assert mat.accepted.status == "accepted"
    r = as_user(world.supervisor).post(
        f"/api/v1/non-conformances/{nc.pk}/close/",
        {"disposition": "retest_passed", "note": "x", "evidence": pdf_upload()},
        format="multipart",
    )
    assert r.status_code == 409
