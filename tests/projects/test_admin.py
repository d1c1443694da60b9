"""The admin: accounts through the services, lasting records read-only."""

import pytest
from django.test import Client

from projects.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(world):
    client = Client()
    client.force_login(world.admin)
    return client


def test_every_admin_list_opens(admin_client_):
    for url in [
        "/admin/projects/project/",
        "/admin/projects/organization/",
        "/admin/projects/person/",
        "/admin/projects/registration/",
        "/admin/projects/participant/",
        "/admin/projects/user/",
        "/admin/projects/region/",
        "/admin/common/changerecord/",
        "/admin/common/storedfile/",
    ]:
        assert admin_client_.get(url).status_code == 200, url


def test_lasting_records_cannot_be_added_or_deleted_in_the_admin(admin_client_, world):
    assert admin_client_.get("/admin/projects/project/add/").status_code == 403
    assert admin_client_.post(f"/admin/projects/project/{world.project.pk}/delete/").status_code == 403


def test_an_account_created_in_the_admin_follows_the_role_rules(admin_client_, world):
    bad = admin_client_.post(
        "/admin/projects/user/add/",
        {
            "username": "r1",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "role": "regulator",
            "organization": world.regulator_org.pk,
            "jurisdiction": "",
        },
    )
    assert bad.status_code == 200 and not User.objects.filter(username="r1").exists()
    good = admin_client_.post(
        "/admin/projects/user/add/",
        {
            "username": "r1",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "role": "regulator",
            "organization": world.regulator_org.pk,
            "jurisdiction": "3301",
        },
    )
    assert good.status_code == 302
    user = User.objects.get(username="r1")
    assert set(user.groups.values_list("name", flat=True)) == {"role:regulator", world.regulator_org.group.name}
