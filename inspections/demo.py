"""Demo data for inspections (order 500: after projects.start at 300, before projects.complete at 800).

For every started project, on its first unit project: inspection lots with
phone photos (real JPEGs made with Pillow, with EXIF capture time and GPS),
a concealed-works record and the covering it allows, a side-station record
with the contractor's 24-hour notice, a patrol, a sub-item and a division
over the lots, and on some projects the unit acceptance on top. Projects that
stay under construction also get a failed lot with its rectification
notices: one open, one overdue, one replied and closed. Finally the city
regulator's roster and a past 双随机 draw, with results old enough to be
published.

Idempotent: a project that already has inspections is skipped; every value
is derived from the project's position and plan, not drawn at random.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from PIL import Image, ImageDraw

from projects import registry

#: (name, location) of the demo's inspection lots on a project's first unit.
LOTS = [
    ("2F 柱钢筋安装", "2F/柱/C-1"),
    ("2F 柱钢筋安装", "2F/柱/C-2"),
    ("2F 梁板模板安装", "2F/梁板"),
    ("3F 柱钢筋安装", "3F/柱/C-1"),
]
ROSTER = [
    ("陈立新", "330102197804120031"),
    ("郑海燕", "330102198109230042"),
    ("孙国平", "330102197512060053"),
    ("冯春梅", "330102198606180064"),
]
HANGZHOU = (30.2741, 120.1551)


def demo_photo(day: dt.date, n: int, *, label: str = "") -> bytes:
    """A small site-photo-like JPEG: concrete grey, rebar lines, with EXIF time and GPS."""
    img = Image.new("RGB", (640, 480), (150 + n * 7 % 40, 150, 145))
    draw = ImageDraw.Draw(img)
    for x in range(40, 640, 48 + n % 3 * 8):
        draw.line([(x, 0), (x + 30, 480)], fill=(110, 60, 40), width=6)
    for y in range(60, 480, 70):
        draw.line([(0, y), (640, y - 20)], fill=(95, 55, 35), width=4)
    draw.rectangle([(20, 420), (360, 465)], fill=(255, 255, 255))
    draw.text((30, 432), f"{day:%Y-%m-%d} #{n} {label}"[:40], fill=(0, 0, 0))
    exif = Image.Exif()
    stamp = f"{day:%Y:%m:%d} {9 + n % 8:02d}:{(n * 7) % 60:02d}:00"
    exif[0x0132] = stamp
    exif.get_ifd(0x8769)[0x9003] = stamp
    lat, lon = HANGZHOU[0] + n * 0.0003, HANGZHOU[1] - n * 0.0002

    def dms(v: float):
        d = int(v)
        m = int((v - d) * 60)
        return (float(d), float(m), round(((v - d) * 60 - m) * 60, 2))

    exif.get_ifd(0x8825).update({1: "N", 2: dms(lat), 3: "E", 4: dms(lon)})
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


def _people_on(project, day: dt.date) -> dict[str, Any]:
    from projects.models import Person

    leads = {
        role: registry.lead_on(project, role, day)
        for role in ("owner", "surveyor", "designer", "contractor", "supervisor")
    }
    people = Person.objects.in_bulk([lead.person_id for lead in leads.values() if lead])
    return {role: people[lead.person_id] for role, lead in leads.items() if lead}


def _engineer(ctx, project, chief):
    """A 专业监理工程师 of the project's supervision firm other than the chief, if there is one."""
    from projects.models import Participant, Person, Registration

    party = Participant.objects.get(project=project, role="supervisor", left_on__isnull=True)
    staff = (
        Person.objects.filter(
            employer_id=party.organization_id, registrations__kind=Registration.Kind.SUPERVISING_ENGINEER
        )
        .exclude(pk=chief.pk)
        .order_by("name", "id")
        .first()
    )
    return staff or chief


def _contractor_staff(project):
    from projects.models import Participant, Person

    party = Participant.objects.get(project=project, role="contractor", left_on__isnull=True)
    return Person.objects.filter(employer_id=party.organization_id).order_by("-name", "id").first()


def _record(admin, project, unit, inspector, **kw):
    from inspections import services

    return services.inspection_record(actor=admin, project=project, unit_project=unit, inspector=inspector, **kw)


def inspections(ctx: dict[str, Any]) -> None:
    from django.utils import timezone

    from common.uploads import check_upload
    from inspections import services
    from inspections.models import Inspection
    from inspections.services._util import photo_policy

    admin, plans = ctx["admin"], ctx["plans"]
    today = timezone.localdate()
    policy = photo_policy()
    for i, project in enumerate(ctx["projects"]):
        plan = plans[project.code]
        project.refresh_from_db()
        if (
            not plan.started_on
            or project.status != "under_construction"
            or Inspection.objects.filter(project=project).exists()
        ):
            continue
        stays_open = plan.status == "under_construction"
        base = (today if stays_open else plan.completed_on) - dt.timedelta(days=40)
        unit = project.unit_projects.order_by("name", "id").first()
        people = _people_on(project, base)
        chief = people["supervisor"]
        engineer = _engineer(ctx, project, chief)
        qc = _contractor_staff(project)

        def photos(day, n, label="", count=1):
            return [
                check_upload(demo_photo(day, n + k, label=label), policy, name=f"IMG_{day:%Y%m%d}_{n + k:03d}.jpg")
                for k in range(count)
            ]

        lots = []
        for k, (name, location) in enumerate(LOTS):
            day = base + dt.timedelta(days=k * 3)
            lots.append(
                _record(
                    admin,
                    project,
                    unit,
                    engineer,
                    kind="inspection_lot",
                    name=name,
                    location=location,
                    performed_on=day,
                    result="pass",
                    findings="主控项目全部合格，一般项目抽查合格。",
                    measured_values={"钢筋保护层厚度(mm)": 25 + k % 3, "间距偏差(mm)": k % 4 - 1},
                    cosigners=[{"person": qc, "role": "contractor_quality_inspector"}],
                    photos=photos(day, i * 10 + k, location) if k % 2 == 0 else [],
                )
            )
        concealed_day = base + dt.timedelta(days=13)
        _record(
            admin,
            project,
            unit,
            engineer,
            kind="concealed_works",
            name="3F 梁板钢筋隐蔽验收",
            location="3F/梁板",
            performed_on=concealed_day,
            result="pass",
            findings="钢筋品种、规格、数量、位置及保护层符合设计要求，同意隐蔽。",
            photos=photos(concealed_day, i * 10 + 5, "隐蔽"),
        )
        services.cover_record(
            actor=admin,
            project=project,
            unit_project=unit,
            location="3F/梁板",
            covered_on=concealed_day + dt.timedelta(days=1),
            note="浇筑混凝土前复核",
        )
        started = timezone.make_aware(dt.datetime.combine(concealed_day + dt.timedelta(days=1), dt.time(8, 0)))
        _record(
            admin,
            project,
            unit,
            engineer,
            kind="side_station",
            name="3F 梁板混凝土浇筑旁站",
            location="3F/梁板",
            performed_on=concealed_day + dt.timedelta(days=1),
            result="pass",
            key_process="concreting",
            notice_given_at=started - dt.timedelta(hours=26 if i % 4 else 18),
            process_started_at=started,
            findings="坍落度抽检 3 次，试块留置 2 组，浇筑连续。",
            measured_values={"坍落度(mm)": 180},
            cosigners=[{"person": qc, "role": "contractor_quality_inspector"}],
            photos=photos(concealed_day, i * 10 + 7, "旁站"),
        )
        _record(
            admin,
            project,
            unit,
            engineer,
            kind="patrol",
            name="现场巡视",
            location="",
            performed_on=concealed_day + dt.timedelta(days=2),
            result="pass",
            findings="文明施工良好，临边防护到位。",
        )
        level_day = base + dt.timedelta(days=20)
        sub = _record(
            admin,
            project,
            unit,
            engineer,
            kind="sub_item",
            name="钢筋",
            performed_on=level_day,
            result="pass",
            children=[lot.pk for lot in lots[:3]],
            findings="所含检验批均合格，资料完整。",
        )
        people = _people_on(project, level_day)
        division = _record(
            admin,
            project,
            unit,
            people["supervisor"],
            kind="division",
            name="主体结构",
            division_category="main_structure",
            performed_on=level_day + dt.timedelta(days=1),
            result="pass",
            children=[sub.pk],
            findings="观感质量好，结构实体检验合格。",
            cosigners=[
                {"person": people["contractor"], "role": "contractor_lead"},
                {"person": people["designer"], "role": "design_lead"},
            ],
        )
        if i % 3 == 0:
            _record(
                admin,
                project,
                unit,
                people["supervisor"],
                kind="unit_acceptance",
                name=f"{unit.name}单位工程质量竣工验收",
                performed_on=level_day + dt.timedelta(days=3),
                result="pass",
                children=[division.pk],
                findings="各分部工程验收合格，质量控制资料完整，观感质量好。",
                cosigners=[
                    {"person": people["owner"], "role": "owner_lead"},
                    {"person": people["contractor"], "role": "contractor_lead"},
                    {"person": people["designer"], "role": "design_lead"},
                    {"person": people["surveyor"], "role": "survey_lead"},
                ],
            )
        if stays_open:
            _rectifications(admin, project, unit, engineer, qc, base, i, photos)


def _rectifications(admin, project, unit, engineer, qc, base, i, photos):
    from inspections import services
    from projects.models import Participant

    contractor = Participant.objects.get(project=project, role="contractor", left_on__isnull=True)
    user = contractor.organization.users.filter(is_active=True).order_by("id").first() or admin
    day = base + dt.timedelta(days=25)
    failed = _record(
        admin,
        project,
        unit,
        engineer,
        kind="inspection_lot",
        name="4F 柱钢筋安装",
        location="4F/柱/C-3",
        performed_on=day,
        result="fail",
        findings="C-3 柱箍筋加密区间距 150mm，设计要求 100mm；保护层局部不足。",
        measured_values={"箍筋间距(mm)": 150},
        cosigners=[{"person": qc, "role": "contractor_quality_inspector"}],
        photos=photos(day, i * 10 + 8, "不合格"),
    )
    closed = services.rectification_issue(
        actor=admin,
        inspection=failed,
        issued_to=contractor,
        issued_on=day,
        due_on=day + dt.timedelta(days=5),
        requirement="按设计要求调整 C-3 柱箍筋加密区间距，整改后报验。",
    )
    services.rectification_reply(
        actor=user,
        rectification=closed,
        text="已按设计要求返工，箍筋间距复测 100mm，附整改后照片。",
        replied_on=day + dt.timedelta(days=3),
        photos=photos(day + dt.timedelta(days=3), i * 10 + 9, "整改后"),
    )
    services.rectification_close(
        actor=admin, rectification=closed, closed_on=day + dt.timedelta(days=4), note="复查合格"
    )
    services.rectification_issue(
        actor=admin,
        inspection=failed,
        issued_to=contractor,
        issued_on=day + dt.timedelta(days=1),
        due_on=day + dt.timedelta(days=8),
        requirement="补充 4F 柱钢筋隐蔽验收资料并完善施工日志。",
    )  # overdue: due well before today, no reply
    from django.utils import timezone

    services.rectification_issue(
        actor=admin,
        inspection=failed,
        issued_to=contractor,
        issued_on=timezone.localdate() - dt.timedelta(days=2),
        due_on=timezone.localdate() + dt.timedelta(days=5 + i % 4),
        requirement="对同批次 4F 其余柱的箍筋间距逐根自查并报监理复核。",
    )  # open, not yet due


def spot_checks(ctx: dict[str, Any]) -> None:
    """The city agency's roster and a draw 45 days ago, checked 40 days ago (so already published)."""
    from django.utils import timezone

    from common import crypto
    from inspections import services
    from inspections.models import RosterInspector, SpotCheckDraw
    from projects import services as project_services
    from projects.models import Person

    regulator, agency = ctx["users"]["regulator"], ctx["orgs"]["regulator"]
    for k, (name, number) in enumerate(ROSTER):
        body = number[:17]
        from common.identifiers import make_id_number

        id_number = make_id_number(body)
        person = Person.objects.filter(
            id_number_digest=crypto.digest(id_number)
        ).first() or project_services.person_create(
            actor=ctx["admin"],
            name=name,
            id_number=id_number,
            employer=agency,
            phone=f"0571-8700{k:04d}",
            registrations=[],
        )
        if not RosterInspector.objects.filter(agency=agency, person=person).exists():
            services.roster_add(
                actor=regulator,
                person=person,
                badge_number=f"浙杭执{2019 + k}{k + 1:04d}",
                joined_on=dt.date(2020, 1, 1),
            )
    today = timezone.localdate()
    items = [
        ("钢筋保护层厚度（回弹检测）", "pass"),
        ("混凝土强度回弹", "pass"),
        ("质量行为：监理旁站记录", "pass"),
        ("质量行为：见证取样记录", "pass"),
    ]
    # Six monthly draws, the newest 45 days ago (so already published): the dashboard's
    # conformity chart then has a history by district and month.
    for months_back, (seed, fail_every) in enumerate(
        [
            ("demo-2026", 3),
            ("demo-2026-m1", 2),
            ("demo-2026-m2", 4),
            ("demo-2026-m3", 3),
            ("demo-2026-m4", 5),
            ("demo-2026-m5", 2),
        ]
    ):
        if SpotCheckDraw.objects.filter(agency=agency, seed=seed).exists():
            continue
        drawn_on = today - dt.timedelta(days=45 + 30 * months_back)
        draw = services.spot_check_draw(
            actor=regulator,
            region_code="3301",
            share="0.5",
            inspectors_per_check=2,
            seed=seed,
            drawn_on=drawn_on,
        )
        for n, check in enumerate(draw.checks.order_by("position")):
            failed = n % fail_every == 1
            rows = [
                {
                    "item": item,
                    "result": "fail" if failed and j == 1 else result,
                    "note": "3F 剪力墙回弹推定值低于设计强度" if failed and j == 1 else "",
                }
                for j, (item, result) in enumerate(items)
            ]
            services.spot_check_record(
                actor=regulator,
                spot_check=check,
                checked_on=drawn_on + dt.timedelta(days=5 + n % 10),
                items=rows,
                findings="3F 剪力墙混凝土回弹强度偏低，需钻芯复核。" if failed else "抽查项目符合要求。",
                result="fail" if failed else "pass",
            )


def register() -> None:
    registry.register_demo_step("inspections.records", inspections, order=500)
    registry.register_demo_step("inspections.spot_checks", spot_checks, order=520)
