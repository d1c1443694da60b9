"""Shared fixtures: a small world of organisations, personas and one project.

Personas (all with password TEST_PASSWORD):
- owner, contractor: firm users of the project's owner and contractor
- surveyor, designer: firm users of the survey and design parties (read only)
- supervisor: a supervisor of the project's supervision firm
- lab: a user of a testing lab
- regulator: jurisdiction 3301 (Hangzhou), which covers the project (330106)
- other_regulator: jurisdiction 3302 (Ningbo), which does not
- outsider: a firm user of a contractor with no part in the project
- other_supervisor: a supervisor of a firm that does not supervise the project
- admin: a superuser
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from projects.models import Organization, Person, Project, Role, UnitProject, User
from tests.factories.projects import (
    OrganizationFactory,
    PersonFactory,
    ProjectFactory,
    RegistrationFactory,
    UnitProjectFactory,
    UserFactory,
    add_party,
)

# Playwright's sync API runs an event loop in the test thread; the ORM then
# needs this to be callable from tests that drive a browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (browser and concurrency tests) empty every table when they end,
    including reference data the migrations loaded (divisions, material catalogue).
    Reload it before each such test; it is an upsert, so it costs little when present."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from projects import registry
    from projects.models import Region

    if not Region.objects.exists():
        for loader in registry.reference_loaders().values():
            loader()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Chinese-speaking user's browser; English is tested with ?lang=en.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    project: Project
    unit: UnitProject
    owner_org: Organization
    contractor_org: Organization
    supervisor_org: Organization
    surveyor_org: Organization
    designer_org: Organization
    lab_org: Organization
    regulator_org: Organization
    outsider_org: Organization
    other_supervisor_org: Organization
    manufacturer_org: Organization
    owner: User
    contractor: User
    supervisor: User
    surveyor: User
    designer: User
    lab: User
    regulator: User
    other_regulator: User
    outsider: User
    other_supervisor: User
    admin: User
    contractor_lead: Person
    supervisor_lead: Person

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "owner",
    "contractor",
    "surveyor",
    "designer",
    "supervisor",
    "lab",
    "regulator",
    "other_regulator",
    "outsider",
    "other_supervisor",
    "admin",
    "anonymous",
]


@pytest.fixture
def world(db) -> World:
    org = OrganizationFactory
    owner_org = org(name="杭州城投置业有限公司", kinds=("owner",))
    contractor_org = org(name="浙江建工集团有限责任公司", kinds=("contractor",))
    supervisor_org = org(name="浙江江南工程管理股份有限公司", kinds=("supervisor",))
    surveyor_org = org(name="浙江省工程勘察院", kinds=("surveyor",))
    designer_org = org(name="浙江大学建筑设计研究院有限公司", kinds=("designer",))
    lab_org = org(name="杭州市建设工程质量检测中心", kinds=("lab",))
    regulator_org = org(name="杭州市建设工程质量安全监督总站", kinds=("regulator",), region_id="330100")
    outsider_org = org(name="宁波外省建筑有限公司", kinds=("contractor",), region_id="330203")
    other_supervisor_org = org(name="宁波监理咨询有限公司", kinds=("supervisor",), region_id="330203")
    manufacturer_org = org(name="杭州钢铁集团有限公司", kinds=("manufacturer",))

    project = ProjectFactory(name="西湖区文三路住宅项目", registered_by=owner_org)
    unit = UnitProjectFactory(project=project, name="1号楼")
    for role, o in [
        ("owner", owner_org),
        ("surveyor", surveyor_org),
        ("designer", designer_org),
        ("contractor", contractor_org),
        ("supervisor", supervisor_org),
    ]:
        add_party(project, role, o)

    contractor_lead = PersonFactory(name="王建国", employer=contractor_org)
    RegistrationFactory(person=contractor_lead, kind="constructor_1", number="浙133061700001")
    supervisor_lead = PersonFactory(name="李监理", employer=supervisor_org)
    RegistrationFactory(person=supervisor_lead, kind="supervising_engineer", number="33008888")

    user = UserFactory
    return World(
        project=project,
        unit=unit,
        owner_org=owner_org,
        contractor_org=contractor_org,
        supervisor_org=supervisor_org,
        surveyor_org=surveyor_org,
        designer_org=designer_org,
        lab_org=lab_org,
        regulator_org=regulator_org,
        outsider_org=outsider_org,
        other_supervisor_org=other_supervisor_org,
        manufacturer_org=manufacturer_org,
        owner=user(username="owner", organization=owner_org),
        contractor=user(username="contractor", organization=contractor_org),
        supervisor=user(
            username="supervisor", role=Role.SUPERVISOR, organization=supervisor_org, person=supervisor_lead
        ),
        surveyor=user(username="surveyor", organization=surveyor_org),
        designer=user(username="designer", organization=designer_org),
        lab=user(username="lab", role=Role.LAB, organization=lab_org),
        regulator=user(username="regulator", role=Role.REGULATOR, organization=regulator_org, jurisdiction="3301"),
        other_regulator=user(
            username="other_regulator", role=Role.REGULATOR, organization=regulator_org, jurisdiction="3302"
        ),
        outsider=user(username="outsider", organization=outsider_org),
        other_supervisor=user(username="other_supervisor", role=Role.SUPERVISOR, organization=other_supervisor_org),
        admin=user(username="admin", role=Role.ADMIN, organization=None, is_superuser=True, is_staff=True),
        contractor_lead=contractor_lead,
        supervisor_lead=supervisor_lead,
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_user():
    """as_user(user) -> an APIClient authenticated as that user (None: anonymous)."""
    return client_for


@pytest.fixture
def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def english():
    with override_settings(LANGUAGE_CODE="en"):
        yield
