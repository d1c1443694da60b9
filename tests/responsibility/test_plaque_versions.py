"""Plaque versions: a damaged, lost or wrong plaque is replaced by a new version; the old one stays.

Every version keeps the project's public code, so the QR code on any plaque ever installed
opens the current version; the entries of a new version are derived afresh from the leads
on the completion date, so a corrected lead entry reaches the new plaque and never the old one.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from common.exceptions import Conflict
from common.models import ChangeRecord, LastingRecordError
from responsibility import services
from responsibility.models import Plaque
from responsibility.services import plaques as plaque_services
from tests.factories.responsibility import lead_person
from tests.files import jpeg_bytes


def api(world, suffix=""):
    return f"/api/v1/projects/{world.project.pk}/plaque/{suffix}"


def replace(as_user, world, user=None, **body):
    body = {"reason": "damaged", "note": "标牌被车辆撞裂", **body}
    return as_user(user or world.owner).post(api(world, "replace/"), body)


def correct_contractor_lead(world, project):
    """The contractor lead on file was the wrong person: correct the entry (the plaque was issued before)."""
    right = lead_person(project, "contractor", name="周正确")
    wrong = project.leads.get(role="contractor")
    return services.lead_correct(actor=world.owner, lead=wrong, reason="误登记为王建国，实为周正确", person=right)


def test_replacing_a_damaged_plaque_keeps_the_old_version_and_the_public_code(world, plaque, as_user, client):
    response = replace(as_user, world, version=1, issued_on="2025-03-02")
    assert response.status_code == 201, response.data
    new = response.data
    assert (new["version"], new["replaces"], new["code"], new["is_current"]) == (2, 1, plaque.code, True)
    assert (new["replacement_reason"], new["replacement_note"], new["issued_on"]) == (
        "damaged",
        "标牌被车辆撞裂",
        "2025-03-02",
    )
    assert new["location"] == plaque.location  # unchanged unless given
    assert new["pdf_sha256"] and new["pdf_url"].endswith(api(world, "pdf/"))

    # GET plaque/ keeps its contract: it answers the current version.
    assert as_user(world.regulator).get(api(world)).data["version"] == 2
    versions = as_user(world.regulator).get(api(world, "versions/")).data
    assert [(v["version"], v["is_current"]) for v in versions] == [(2, True), (1, False)]
    old = versions[1]
    assert old["replaced_at"] and old["code"] == plaque.code and old["entries"] == new["entries"]
    assert old["pdf_url"].endswith(api(world, "versions/1/pdf/"))

    # The old version's print PDF is still served, unchanged; the new one says "version 2".
    v1_pdf = b"".join(as_user(world.owner).get(api(world, "versions/1/pdf/")).streaming_content)
    assert v1_pdf == plaque_services.plaque_pdf(Plaque.objects.get(version=1)).file.open("rb").read()
    v2_text = PdfReader(io.BytesIO(b"".join(as_user(world.owner).get(api(world, "pdf/")).streaming_content)))
    assert "第2版" in v2_text.pages[0].extract_text().replace(" ", "")

    # The QR code on the old plaque opens the current version, which lists the earlier one.
    public = as_user(None).get(f"/api/v1/public/plaques/{plaque.code}/").data
    assert public["version"] == 2 and public["replacement_reason"] == "damaged"
    assert public["earlier"] == [
        {"version": 1, "issued_on": "2024-10-01", "replaced_on": "2025-03-02", "replaced_because": "damaged"}
    ]
    page = client.get(f"/p/{plaque.code}").content.decode()
    assert 'data-testid="public-version">2' in page and "2024-10-01" in page

    actions = list(ChangeRecord.objects.filter(action__startswith="plaque_").values_list("action", flat=True))
    assert actions.count("plaque_replace") == 1 and actions.count("plaque_superseded") == 1
    record = ChangeRecord.objects.get(action="plaque_replace")
    assert record.before["version"] == 1 and record.after["version"] == 2 and record.reason == "标牌被车辆撞裂"


def test_a_corrected_lead_entry_reaches_a_new_version_and_never_the_old_one(world, plaque, as_user, client):
    correct_contractor_lead(world, plaque.project)
    # The plaque still says what it said, and the tab says that it is out of date.
    assert as_user(world.owner).get(api(world)).data["entries"][3]["lead_name"] == "王建国"
    client.force_login(world.regulator)
    tab = client.get(f"/projects/{world.project.pk}/plaque/").content.decode()
    assert 'data-testid="plaque-outdated"' in tab and "施工单位" in tab

    response = replace(as_user, world, reason="corrected", note="施工单位项目负责人登记更正")
    assert response.status_code == 201, response.data
    assert response.data["entries"][3]["lead_name"] == "周正确"
    old = as_user(world.owner).get(api(world, "versions/1/")).data
    assert old["entries"][3]["lead_name"] == "王建国" and not old["is_current"]
    tab = client.get(f"/projects/{world.project.pk}/plaque/").content.decode()
    assert 'data-testid="plaque-outdated"' not in tab


def test_entries_corrected_when_nothing_differs_is_a_conflict_that_changes_nothing(world, plaque, as_user):
    response = replace(as_user, world, reason="corrected", note="更正")
    assert response.status_code == 409 and response.data["code"] == "nothing_to_correct"
    assert Plaque.objects.count() == 1 and Plaque.objects.get().is_current


def test_a_correction_that_prints_the_same_does_not_make_the_plaque_outdated(world, plaque, as_user, client):
    from tests.factories.responsibility import letter

    lead = plaque.project.leads.get(role="contractor")
    services.lead_correct(
        actor=world.owner,
        lead=lead,
        reason="承诺书扫描件不清晰，重新上传",
        commitment_letter=letter(),
        committed_on=dt.date(2024, 1, 15),
    )
    client.force_login(world.owner)
    assert 'data-testid="plaque-outdated"' not in client.get(f"/projects/{world.project.pk}/plaque/").content.decode()
    response = replace(as_user, world, reason="corrected", note="更正")
    assert response.status_code == 409 and response.data["code"] == "nothing_to_correct"


def test_replacing_the_same_version_twice_is_a_conflict_not_a_third_plaque(world, plaque, as_user):
    assert replace(as_user, world, version=1).status_code == 201
    again = replace(as_user, world, version=1)
    assert again.status_code == 409 and again.data["code"] == "plaque_replaced"
    assert sorted(Plaque.objects.values_list("version", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "stolen-by-aliens"}, "reason"),
        ({"note": ""}, "note"),
        ({"issued_on": "2024-09-30"}, "issued_on"),  # before version 1 was issued
        ({"issued_on": "2999-01-01"}, "issued_on"),
    ],
)
def test_bad_replacement_input_is_a_400_naming_the_field_and_changes_nothing(world, plaque, as_user, body, field):
    response = replace(as_user, world, **body)
    assert response.status_code == 400 and field in response.data, response.data
    assert Plaque.objects.count() == 1


def test_the_reason_is_asked_for_in_english_too(world, plaque, as_user):
    response = as_user(world.owner).post(
        api(world, "replace/"), {"reason": "damaged", "note": " "}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "what happened" in str(response.data["note"][0]).lower()


def test_there_is_nothing_to_replace_before_the_plaque_is_issued(world, completed, as_user):
    response = replace(as_user, world)
    assert response.status_code == 409 and response.data["code"] == "no_plaque"


def test_an_installation_is_recorded_for_the_current_version_only(world, plaque, as_user):
    new = plaque_services.plaque_replace(
        actor=world.owner, project=plaque.project, reason="lost", note="标牌失窃", issued_on=dt.date(2025, 1, 5)
    )
    photo = io.BytesIO(jpeg_bytes())
    with pytest.raises(Conflict) as exc:
        plaque_services.plaque_install(
            actor=world.owner, plaque=plaque, installed_on=dt.date(2025, 1, 6), location="原位置", photo=photo
        )
    assert exc.value.code == "plaque_replaced"
    with pytest.raises(ValidationError, match="2025-01-05") as bad:  # not before the new version was issued
        plaque_services.plaque_install(
            actor=world.owner,
            plaque=new,
            installed_on=dt.date(2025, 1, 4),
            location="原位置",
            photo=io.BytesIO(jpeg_bytes()),
        )
    assert list(bad.value.message_dict) == ["installed_on"]
    installation = plaque_services.plaque_install(
        actor=world.owner,
        plaque=new,
        installed_on=dt.date(2025, 1, 6),
        location="原位置",
        photo=io.BytesIO(jpeg_bytes()),
    )
    assert installation.plaque == new
    assert as_user(world.owner).get(api(world, "installations/")).data[0]["installed_on"] == "2025-01-06"


class TestTheDatabaseHolds:
    def _copy(self, plaque, **changes):
        fields = {
            f.attname: getattr(plaque, f.attname)
            for f in Plaque._meta.concrete_fields
            if not f.primary_key and f.name != "issued_at"
        }
        return Plaque(**{**fields, **changes})

    def test_one_current_version_per_project(self, plaque):
        with pytest.raises(IntegrityError), transaction.atomic():
            self._copy(plaque, version=2, replaces_id=plaque.pk, replacement_reason="lost", replacement_note="x").save()

    def test_a_reason_on_every_replacement(self, plaque):
        Plaque.objects.filter(pk=plaque.pk).update(replaced_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        with pytest.raises(IntegrityError), transaction.atomic():
            self._copy(plaque, version=2, replaces_id=plaque.pk, replaced_at=None).save()

    def test_versions_numbered_once(self, plaque):
        Plaque.objects.filter(pk=plaque.pk).update(replaced_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        with pytest.raises(IntegrityError), transaction.atomic():
            self._copy(plaque, version=1, replaced_at=None).save()

    def test_versions_are_never_deleted(self, plaque):
        with pytest.raises(LastingRecordError):
            plaque.delete()
        with pytest.raises(LastingRecordError):
            Plaque.objects.all().delete()


def test_replacing_through_the_page(world, plaque, client):
    client.force_login(world.owner)
    url = f"/projects/{world.project.pk}/plaque/replace/"
    form = client.get(url + "?reason=lost").content.decode()
    assert 'value="lost" selected' in form and plaque.location in form
    missing = client.post(url, {"reason": "lost", "note": "", "location": plaque.location, "version": 1})
    assert missing.status_code == 200 and "errorlist" in missing.content.decode()
    done = client.post(url, {"reason": "lost", "note": "标牌失窃", "location": "新位置", "version": 1})
    assert done.status_code == 302
    tab = client.get(f"/projects/{world.project.pk}/plaque/").content.decode()
    assert 'data-version="1"' in tab and 'data-version="2"' in tab and "标牌失窃" in tab
    assert Plaque.objects.get(version=2).location == "新位置"
    stale = client.post(url, {"reason": "lost", "note": "再次提交", "location": "新位置", "version": 1})
    assert stale.status_code == 200 and Plaque.objects.count() == 2


def test_the_archive_lists_the_plaque_versions(world, plaque, as_user):
    plaque_services.plaque_replace(
        actor=world.owner, project=plaque.project, reason="damaged", note="台风损坏", issued_on=dt.date(2025, 8, 1)
    )
    assert as_user(world.owner).post(f"/api/v1/projects/{world.project.pk}/archive/").status_code == 201
    from responsibility.models import ResponsibilityArchive

    text = "".join(
        p.extract_text() for p in PdfReader(ResponsibilityArchive.objects.get().pdf.file.open("rb")).pages
    ).replace(" ", "")
    assert "标牌版本" in text and "台风损坏" in text and "第2版" in text
