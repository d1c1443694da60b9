"""The pages: the parties-and-leads tab, the forms, the plaque and archive tabs, in both languages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from responsibility.models import Lead
from tests.factories.responsibility import appoint_lead, lead_person
from tests.files import pdf_bytes

# Who may open each page: test_access_matrix.py.


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.get(f"/projects/{world.project.pk}/leads/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_leads_tab_shows_current_and_past_leads_with_masked_ids(world, leads, client):
    successor = lead_person(world.project, "contractor", name="赵接任")
    appoint_lead(
        world.project,
        "contractor",
        successor,
        started_on=leads["contractor"].started_on.replace(month=6),
        reason="调任",
    )
    client.force_login(world.surveyor)
    html = client.get(f"/projects/{world.project.pk}/leads/").content.decode()
    assert "赵接任" in html and "王建国" in html and "调任" in html
    assert world.contractor_lead.id_number_masked in html and world.contractor_lead.id_number not in html
    assert "变更项目负责人" not in html  # a surveyor may not change leads


def test_changing_a_lead_through_the_form(world, leads, client):
    successor = lead_person(world.project, "supervisor", name="新总监")
    client.force_login(world.owner)
    url = f"/projects/{world.project.pk}/leads/appoint/?role=supervisor"
    form = {
        "role": "supervisor",
        "person": successor.pk,
        "started_on": "2024-04-01",
        "authorization_letter": SimpleUploadedFile("a.pdf", pdf_bytes()),
        "commitment_letter": SimpleUploadedFile("c.pdf", pdf_bytes()),
        "committed_on": "2024-04-01",
    }
    missing_reason = client.post(url, form)
    assert missing_reason.status_code == 200 and "变更原因" in missing_reason.content.decode()
    form.update(reason="原总监退休", authorization_letter=SimpleUploadedFile("a.pdf", pdf_bytes()))
    form["commitment_letter"] = SimpleUploadedFile("c.pdf", pdf_bytes())
    response = client.post(url, form)
    assert response.status_code == 302
    assert Lead.objects.current().get(project=world.project, role="supervisor").person == successor


def test_a_forged_letter_is_a_form_error_in_english(world, leads, client):
    client.force_login(world.owner)
    url = f"/projects/{world.project.pk}/leads/{leads['owner'].pk}/correct/?lang=en"
    response = client.post(
        url, {"reason": "wrong letter", "authorization_letter": SimpleUploadedFile("x.pdf", b"hello")}
    )
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()


def test_a_regulator_cannot_open_the_appoint_form(world, leads, client):
    client.force_login(world.regulator)
    assert client.get(f"/projects/{world.project.pk}/leads/appoint/").status_code == 403
