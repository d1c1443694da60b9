"""Builders for organisations, people, users and projects.

They write rows directly (fast) but grant object permissions exactly as the
services do, through the same helpers, so visibility in tests is the real one.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from common.identifiers import make_id_number, make_uscc
from projects.models import (
    Organization,
    OrganizationKind,
    Participant,
    Person,
    Project,
    Registration,
    Role,
    UnitProject,
    User,
)
from projects.services.accounts import role_group
from projects.services.projects import grant_party_permissions, grant_registrant_permissions

TEST_PASSWORD = "correct horse battery staple"
_codes = itertools.count(1)


def next_uscc(region: str = "330106") -> str:
    return make_uscc(f"91{region}MA{next(_codes):07d}")


def next_id_number(born: dt.date | None = None, region: str = "330106") -> str:
    n = next(_codes)
    born = born or dt.date(1970, 1, 1) + dt.timedelta(days=n * 37 % 15000)
    return make_id_number(f"{region}{born:%Y%m%d}{n % 1000:03d}")


def next_project_code(region: str = "330106") -> str:
    return f"2024-{region}-47-01-{next(_codes):06d}"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试{n}建设有限公司")
    uscc = factory.LazyFunction(next_uscc)
    region_id = "330106"
    address = factory.Sequence(lambda n: f"杭州市西湖区文三路{n}号")
    legal_representative = "张三"

    @classmethod
    def _create(cls, model_class, *args, kinds=("contractor",), **kwargs):
        org = model_class(*args, **kwargs)
        org.group = Group.objects.create(name=f"org:{org.uscc}")
        org.save()
        OrganizationKind.objects.bulk_create([OrganizationKind(organization=org, kind=k) for k in kinds])
        return org


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人{n}")
    employer = None

    @classmethod
    def _create(cls, model_class, *args, id_number=None, **kwargs):
        person = model_class(*args, **kwargs)
        person.set_id_number(id_number or next_id_number())
        person.save()
        return person


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    person = factory.SubFactory(PersonFactory)
    kind = Registration.Kind.CONSTRUCTOR_1
    number = factory.Sequence(lambda n: f"浙1330617{n:05d}")
    issued_by = "浙江省住房和城乡建设厅"
    valid_from = dt.date(2015, 1, 1)
    valid_until = dt.date(2035, 12, 31)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.FIRM
    organization = factory.SubFactory(OrganizationFactory)
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        groups = [role_group(self.role)]
        if self.organization_id:
            groups.append(self.organization.group)
        self.groups.set(groups)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.LazyFunction(next_project_code)
    name = factory.Sequence(lambda n: f"测试项目{n}号楼")
    region_id = "330106"
    address = factory.Sequence(lambda n: f"杭州市西湖区测试路{n}号")
    design_service_life_years = 50
    permit_number = factory.Sequence(lambda n: f"330106202401{n:06d}")
    registered_by = factory.SubFactory(OrganizationFactory, kinds=("owner",))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        project = super()._create(model_class, *args, **kwargs)
        grant_registrant_permissions(project, project.registered_by)
        return project


class UnitProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitProject

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号楼")
    structure_type = "框架-剪力墙"
    floors_above_ground = 18
    floors_below_ground = 2


def add_party(project: Project, role: str, organization: Organization, joined_on: dt.date | None = None) -> Participant:
    party = Participant.objects.create(
        project=project,
        role=role,
        organization=organization,
        joined_on=joined_on or dt.date(2024, 1, 10),
        contract_number=f"HT-{project.pk}-{role}",
    )
    grant_party_permissions(project, organization, role)
    return party


def grant(project: Project, organization: Organization, *codenames: str) -> None:
    for codename in codenames:
        assign_perm(f"projects.{codename}", organization.group, project)
