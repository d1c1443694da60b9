"""seed_demo: a realistic, deterministic data set; running it twice adds nothing."""

import pytest
from django.core.management import call_command

from common.identifiers import validate_id_number, validate_uscc
from common.models import ChangeRecord
from projects.models import Organization, Person, Project, User
from projects.selectors import region_full_name


@pytest.mark.django_db
def test_seed_demo_builds_the_data_set_once(capsys):
    call_command("seed_demo", "--no-progress")
    counts = (
        Project.objects.count(),
        Person.objects.count(),
        Organization.objects.count(),
        ChangeRecord.objects.count(),
    )
    output = capsys.readouterr().out
    call_command("seed_demo", "--no-progress")
    assert (
        Project.objects.count(),
        Person.objects.count(),
        Organization.objects.count(),
        ChangeRecord.objects.count(),
    ) == counts

    assert Project.objects.count() >= 20
    assert Person.objects.count() >= 30
    districts = set(Project.objects.values_list("region_id", flat=True))
    assert len(districts) == 3 and all(region_full_name(d).startswith("浙江省杭州市") for d in districts)
    assert set(Project.objects.values_list("status", flat=True)) == {"registered", "under_construction", "completed"}
    kinds = set(Organization.objects.values_list("kinds__kind", flat=True))
    assert kinds >= {
        "owner",
        "surveyor",
        "designer",
        "contractor",
        "supervisor",
        "lab",
        "manufacturer",
        "supplier",
        "regulator",
        "archive",
    }
    for org in Organization.objects.all():
        assert validate_uscc(org.uscc) == org.uscc
    for person in Person.objects.all()[:10]:
        assert validate_id_number(person.id_number) == person.id_number
    roles = set(User.objects.values_list("role", flat=True))
    assert roles >= {"admin", "firm", "supervisor", "lab", "regulator"}
    # The accounts are printed with their password.
    assert "zhiliang-2026" in output and "regulator" in output
    # Every project can be seen by its parties, and by the city regulator.
    regulator = User.objects.get(username="regulator")
    assert Project.objects.visible_to(regulator).count() == Project.objects.count()
