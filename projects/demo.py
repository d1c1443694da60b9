"""Demo data for projects: organisations, people, accounts, projects, parties, lifecycle.

`manage.py seed_demo` runs every app's registered steps in order, sharing one
context dict. What this module puts in it, for the steps of other apps:

- ``rng``: random.Random seeded with a constant (deterministic data)
- ``admin``: the demo superuser (actor for reference data)
- ``orgs``: key -> Organization; keys: regulator, archive, owner1..3, contractor1..4,
  supervisor1..3, surveyor1..2, designer1..3, lab1..2, steel_mill, cement_plant,
  concrete_plant, waterproofing, supplier1
- ``people``: key -> Person; leads and staff by organisation: ``{org_key}.lead1``,
  ``{org_key}.lead2`` (registered for the role), ``{org_key}.staff1``, ``{org_key}.staff2``
- ``users``: username -> User (see DEMO_USERS)
- ``projects``: list of Project in creation order
- ``plans``: project code -> ProjectPlan (target status and dates, parties by role)

Order of steps: projects.base 100, responsibility leads 200, projects.start 300,
materials/inspections 400-600, projects.complete 800, responsibility plaques
and archives 850, defects 900. Every step is idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from common import crypto
from common.identifiers import make_id_number, make_uscc
from projects import registry

DEMO_PASSWORD = "zhiliang-2026"  # noqa: S105 - the published demo password (README)

#: username -> (role, org key, jurisdiction, person key, display name)
DEMO_USERS: dict[str, tuple[str, str | None, str, str | None, str]] = {
    "admin": ("admin", None, "", None, "系统管理员"),
    "owner": ("firm", "owner1", "", "owner1.lead1", "建设单位用户"),
    "contractor": ("firm", "contractor1", "", "contractor1.lead1", "施工单位用户"),
    "surveyor": ("firm", "surveyor1", "", "surveyor1.lead1", "勘察单位用户"),
    "designer": ("firm", "designer1", "", "designer1.lead1", "设计单位用户"),
    "supervisor": ("supervisor", "supervisor1", "", "supervisor1.lead1", "总监理工程师"),
    "supervisor2": ("supervisor", "supervisor1", "", "supervisor1.staff1", "专业监理工程师"),
    "lab": ("lab", "lab1", "", None, "检测机构用户"),
    "regulator": ("regulator", "regulator", "3301", None, "市质监站监督员"),
    "regulator_xihu": ("regulator", "regulator", "330106", None, "西湖区监督员"),
}

DISTRICTS = {"330106": "西湖区", "330105": "拱墅区", "330108": "滨江区"}

#: key, name, kinds, region
ORGANIZATIONS = [
    ("regulator", "杭州市建设工程质量安全监督总站", ["regulator"], "330100"),
    ("archive", "杭州市城建档案馆", ["archive"], "330100"),
    ("owner1", "杭州西湖城市建设投资集团有限公司", ["owner"], "330106"),
    ("owner2", "杭州运河新城开发建设有限公司", ["owner"], "330105"),
    ("owner3", "杭州高新区（滨江）城市建设发展有限公司", ["owner"], "330108"),
    ("contractor1", "浙江省建工集团有限责任公司", ["contractor"], "330106"),
    ("contractor2", "中天建设集团有限公司", ["contractor"], "330105"),
    ("contractor3", "浙江宝业建设集团有限公司", ["contractor"], "330108"),
    ("contractor4", "杭州市建设工程有限公司", ["contractor"], "330105"),
    ("supervisor1", "浙江江南工程管理股份有限公司", ["supervisor"], "330106"),
    ("supervisor2", "浙江五洲工程项目管理有限公司", ["supervisor"], "330105"),
    ("supervisor3", "杭州信达投资咨询估价监理有限公司", ["supervisor"], "330108"),
    ("surveyor1", "浙江省工程勘察设计院集团有限公司", ["surveyor"], "330106"),
    ("surveyor2", "杭州市勘测设计研究院有限公司", ["surveyor"], "330105"),
    ("designer1", "浙江大学建筑设计研究院有限公司", ["designer"], "330106"),
    ("designer2", "中国联合工程有限公司", ["designer"], "330108"),
    ("designer3", "杭州市建筑设计研究院有限公司", ["designer"], "330105"),
    ("lab1", "杭州市建设工程质量检测中心有限公司", ["lab"], "330106"),
    ("lab2", "浙江省建筑科学设计研究院检测中心", ["lab"], "330105"),
    ("steel_mill", "杭州钢铁集团有限公司", ["manufacturer"], "330105"),
    ("cement_plant", "浙江红狮水泥股份有限公司", ["manufacturer"], "330108"),
    ("concrete_plant", "杭州三中新型建材科技有限公司", ["manufacturer", "supplier"], "330106"),
    ("waterproofing", "东方雨虹（杭州）防水材料有限公司", ["manufacturer"], "330108"),
    ("supplier1", "杭州建材物资贸易有限公司", ["supplier"], "330105"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "建国",
    "志强",
    "海燕",
    "晓东",
    "丽华",
    "明杰",
    "文斌",
    "秀英",
    "国平",
    "伟",
    "静",
    "磊",
    "雪梅",
    "永刚",
    "红霞",
    "鹏飞",
    "俊",
    "凤英",
    "立新",
    "春梅",
]

#: Registration kind of a lead, by the kind of the employing organisation.
LEAD_REGISTRATION = {
    "contractor": "constructor_1",
    "supervisor": "supervising_engineer",
    "designer": "architect_1",
    "surveyor": "geotechnical_engineer",
}

PROJECT_NAMES = [
    "文三路人才公寓",
    "之江实验室二期",
    "西溪谷商务楼",
    "转塘街道安置房",
    "灵隐路小学扩建",
    "留下中心幼儿园",
    "紫金港科研楼",
    "蒋村单元租赁住房",
    "运河湾住宅",
    "大关街道社区中心",
    "拱宸桥东安置房",
    "城北体育公园场馆",
    "祥符单元保障房",
    "和睦路初级中学",
    "半山东单元商办楼",
    "小河街道养老中心",
    "江南大道人才公寓",
    "奥体博览城配套楼",
    "物联网街产业园",
    "长河街道安置房",
    "西兴单元学校",
    "浦沿社区卫生服务中心",
    "白马湖创意园",
    "滨和路综合体",
]


@dataclass
class ProjectPlan:
    """What a demo project should look like once every step has run."""

    district: str
    status: str
    started_on: dt.date | None
    completed_on: dt.date | None
    parties: dict[str, str] = field(default_factory=dict)  # role -> org key
    units: list[str] = field(default_factory=list)


def _person_body(rng: random.Random, region: str, n: int) -> str:
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 30))
    return f"{region}{born:%Y%m%d}{n % 1000:03d}"


def base(ctx: dict[str, Any]) -> None:
    """Organisations, people, accounts, projects, parties and unit projects."""
    from projects import services
    from projects.models import Organization, Person, Region, Role, User
    from projects.services.accounts import role_group

    rng: random.Random = ctx["rng"]
    from django.contrib.auth.hashers import make_password

    # One hash for every demo account: hashing is deliberately slow (about half a second each).
    ctx["password_hash"] = make_password(DEMO_PASSWORD)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = services.user_create(
            actor=None,
            username="admin",
            password="",
            password_hash=ctx["password_hash"],
            role=Role.ADMIN,
            first_name="系统管理员",
        )
    ctx["admin"] = admin

    orgs: dict[str, Organization] = {}
    for i, (key, name, kinds, region) in enumerate(ORGANIZATIONS):
        # Draw every random value whether or not the row exists, so reruns see the same sequence.
        street = rng.choice(["文三路", "莫干山路", "江南大道", "天目山路", "湖墅南路"])
        number, rep = rng.randrange(1, 999), rng.choice(SURNAMES) + rng.choice(GIVEN)
        qualification = f"{kinds[0].upper()[:2]}{rng.randrange(10**8, 10**9)}"
        uscc = make_uscc(f"91{region}MA2H{i:05d}")
        district = Region.objects.get(code=region).name if region != "330100" else ""
        org = Organization.objects.filter(uscc=uscc).first() or services.organization_create(
            actor=admin,
            name=name,
            uscc=uscc,
            kinds=kinds,
            region_code=region,
            address=f"浙江省杭州市{district}{street}{number}号",
            legal_representative=rep,
            qualification="" if kinds[0] in ("regulator", "archive", "manufacturer", "supplier") else qualification,
        )
        orgs[key] = org
    ctx["orgs"] = orgs

    people: dict[str, Person] = {}
    n = 0
    for key, _name, kinds, region in ORGANIZATIONS:
        if kinds[0] in ("regulator", "archive", "manufacturer", "supplier"):
            continue
        slots = (
            ["lead1", "lead2", "staff1", "staff2"] if kinds[0] in ("contractor", "supervisor") else ["lead1", "lead2"]
        )
        if kinds[0] == "lab":
            slots = ["staff1"]
        for slot in slots:
            n += 1
            number = make_id_number(_person_body(rng, region if region != "330100" else "330102", n))
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            phone = f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}"
            regs = []
            reg_kind = LEAD_REGISTRATION.get(kinds[0])
            if reg_kind and slot.startswith("lead"):
                regs.append(_registration(reg_kind, n, rng))
            elif kinds[0] == "supervisor":
                regs.append(_registration("supervising_engineer", n, rng))
            elif kinds[0] == "contractor" and slot == "staff1":
                regs.append(_registration("constructor_2", n, rng))
            person = Person.objects.filter(id_number_digest=crypto.digest(number)).first() or services.person_create(
                actor=admin, name=name, id_number=number, employer=orgs[key], phone=phone, registrations=regs
            )
            people[f"{key}.{slot}"] = person
    ctx["people"] = people

    users: dict[str, User] = {}
    for username, (role, org_key, jurisdiction, person_key, display) in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                actor=admin,
                username=username,
                password="",
                password_hash=ctx["password_hash"],
                role=role,
                organization=orgs[org_key] if org_key else None,
                jurisdiction=jurisdiction,
                person=people.get(person_key) if person_key else None,
                first_name=display,
                email=f"{username}@demo.registry.local",
            )
        role_group(role)
        users[username] = user
    ctx["users"] = users

    _projects(ctx)


def _registration(kind: str, n: int, rng: random.Random) -> dict:
    if kind.startswith("constructor"):
        number = f"浙{kind[-1]}33{rng.randrange(5, 18):02d}{rng.randrange(8, 20):02d}{n:05d}"
    elif kind == "supervising_engineer":
        number = f"3300{n:04d}"
    else:
        number = f"{kind[:3].upper()}33{n:06d}"
    return {
        "kind": kind,
        "number": number,
        "issued_by": "浙江省住房和城乡建设厅",
        "valid_from": dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 900)),
        "valid_until": dt.date(2029, 12, 31),
    }


def _projects(ctx: dict[str, Any]) -> None:
    from projects import services
    from projects.models import Project

    rng: random.Random = ctx["rng"]
    orgs, users = ctx["orgs"], ctx["users"]
    owner_users = {"owner1": users["owner"]}
    plans: dict[str, ProjectPlan] = {}
    projects: list[Project] = []
    by_district = {
        "330106": ("owner1", "contractor1", "supervisor1", "surveyor1", "designer1"),
        "330105": ("owner2", "contractor2", "supervisor2", "surveyor2", "designer3"),
        "330108": ("owner3", "contractor3", "supervisor3", "surveyor1", "designer2"),
    }
    statuses = [
        "completed",
        "completed",
        "completed",
        "under_construction",
        "under_construction",
        "under_construction",
        "registered",
        "registered",
    ]
    for i, name in enumerate(PROJECT_NAMES):
        district = list(DISTRICTS)[i // 8]
        status = statuses[i % 8]
        owner, contractor, supervisor, surveyor, designer = by_district[district]
        if i % 8 == 4:  # some projects mix firms across districts
            contractor = "contractor4"
        year = 2019 + (i % 8)
        started = dt.date(year, 3 + i % 6, 5 + i % 20) if status != "registered" else None
        completed = dt.date(year + 2, 6 + i % 5, 10 + i % 15) if status == "completed" else None
        if status == "completed" and i % 8 == 0:
            completed = dt.date(2022, 12, 20 + i % 5)  # old enough for short warranties to have run out
            started = dt.date(2020, 4, 8)
        code = f"{(started or dt.date(2025, 1, 1)).year - 1}-{district}-47-01-{1000 + i:06d}"
        plan = ProjectPlan(
            district=district,
            status=status,
            started_on=started,
            completed_on=completed,
            parties={
                "owner": owner,
                "surveyor": surveyor,
                "designer": designer,
                "contractor": contractor,
                "supervisor": supervisor,
            },
            units=[f"{k}号楼" for k in range(1, 2 + i % 4)],
        )
        plans[code] = plan
        street_no = rng.randrange(1, 400)
        structures = [
            (
                rng.choice(["框架-剪力墙", "剪力墙", "框架", "钢结构"]),
                rng.choice([6, 11, 18, 26, 33]),
                rng.choice([1, 2]),
            )
            for _ in plan.units
        ]
        project = Project.objects.filter(code=code).first()
        if project is None:
            actor = owner_users.get(owner) or ctx["admin"]
            project = services.project_register(
                actor=actor,
                code=code,
                name=f"{DISTRICTS[district]}{name}",
                region_code=district,
                address=f"杭州市{DISTRICTS[district]}{name[:3]}{street_no}号",
                design_service_life_years=100
                if "实验室" in name or "博览" in name
                else (25 if "幼儿园" in name else 50),
                permit_number=f"{district}{(started or dt.date(2025, 2, 1)) - dt.timedelta(days=20):%Y%m%d}{i % 90 + 10:02d}01",
                supervision_number=f"ZJ-HZ-{district}-{2000 + i}",
                registered_by=orgs[owner],
            )
            joined = (started or dt.date(2025, 3, 1)) - dt.timedelta(days=60)
            for role, org_key in plan.parties.items():
                services.party_add(
                    actor=actor,
                    project=project,
                    role=role,
                    organization=orgs[org_key],
                    joined_on=joined,
                    contract_number=f"HT-{district}-{i:03d}-{role[:3].upper()}",
                )
            for unit, (structure, above, below) in zip(plan.units, structures, strict=True):
                services.unit_project_add(
                    actor=actor,
                    project=project,
                    name=unit,
                    structure_type=structure,
                    floors_above_ground=above,
                    floors_below_ground=below,
                )
        projects.append(project)
    ctx["projects"] = projects
    ctx["plans"] = plans


def start(ctx: dict[str, Any]) -> None:
    """Start every project whose plan says it has started (after leads exist)."""
    from projects import services

    for project in ctx["projects"]:
        plan = ctx["plans"][project.code]
        project.refresh_from_db()
        if plan.started_on and project.status == "registered":
            services.project_start(actor=ctx["admin"], project=project, started_on=plan.started_on)


def complete(ctx: dict[str, Any]) -> None:
    """Record completion acceptance for the completed projects (after their records exist)."""
    from projects import services

    for project in ctx["projects"]:
        plan = ctx["plans"][project.code]
        project.refresh_from_db()
        if plan.completed_on and project.status == "under_construction":
            services.project_complete(actor=ctx["admin"], project=project, completed_on=plan.completed_on)


def register() -> None:
    registry.register_demo_step("projects.base", base, order=100)
    registry.register_demo_step("projects.start", start, order=300)
    registry.register_demo_step("projects.complete", complete, order=800)
