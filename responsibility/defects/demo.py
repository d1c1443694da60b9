"""Demo defects, complaints, an accident and an open accountability case (order 900).

Runs after every other step, so the locations it points at carry the inspections and
material usages the earlier steps recorded: the trace has something to find. One defect
sits where nothing was recorded, so the trace says so. Idempotent: a defect is looked up
by project, location and description before it is registered.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from projects import registry


def _defect(ctx, project, actor, unit=None, **kwargs):
    from responsibility.models import Defect
    from responsibility.services.defects import defect_register

    unit = unit or project.unit_projects.order_by("name").first()
    existing = Defect.objects.filter(project=project, description=kwargs["description"]).first()
    if existing:
        return existing
    return defect_register(actor=actor, project=project, unit_project=unit, **kwargs)


def _busiest_location(project):
    """(unit project, location) with the most structural material used: the demo's richest trace."""
    from django.db.models import Count

    from materials.models import Usage

    row = (
        Usage.objects.filter(
            project=project,
            withdrawn_on__isnull=True,
            batch__material_type__code__in=["rebar_hrb", "rebar_hpb", "concrete_ready_mix", "structural_steel"],
        )
        .values("unit_project", "location")
        .annotate(n=Count("id"))
        .order_by("-n", "location")
        .first()
    )
    if row is None:
        return None, "5F/柱/C-3"
    return project.unit_projects.get(pk=row["unit_project"]), row["location"]


def defects(ctx: dict[str, Any]) -> None:
    from responsibility.models import AccountabilityCase
    from responsibility.services import cases

    users = ctx["users"]
    regulator, owner = users["regulator"], users["owner"]
    completed = [p for p in ctx["projects"] if ctx["plans"][p.code].status == "completed"]
    building = [p for p in ctx["projects"] if ctx["plans"][p.code].status == "under_construction"]
    today = timezone.localdate()
    for p in completed + building:
        p.refresh_from_db()

    # The oldest completed project (2022): short warranties have run out, long ones have not.
    old = min(completed, key=lambda p: p.completed_on)
    unit, location = _busiest_location(old)
    structure = _defect(
        ctx,
        old,
        regulator,
        unit=unit,
        location=location,
        work_category="main_structure",
        discovered_on=min(today, old.completed_on + dt.timedelta(days=700)),
        description="柱根部混凝土开裂、局部露筋，裂缝宽度0.4mm，经检测钢筋保护层厚度不足。",
        severity="critical",
    )
    _defect(
        ctx,
        old,
        owner,
        location="屋面/女儿墙",
        work_category="roof_waterproofing",
        discovered_on=min(today, old.completed_on + dt.timedelta(days=900)),
        description="屋面女儿墙根部渗漏，雨后顶层住户顶棚潮湿。",
        severity="serious",
    )
    _defect(
        ctx,
        old,
        owner,
        location="3F/公共走道",
        work_category="electrical",
        discovered_on=min(today, old.completed_on + dt.timedelta(days=800)),
        description="公共走道照明线路多次跳闸，线管内导线绝缘层破损。",
        severity="minor",
    )
    newer = max(completed, key=lambda p: p.completed_on)
    _defect(
        ctx,
        newer,
        regulator,
        kind="complaint",
        location="2F/卫生间",
        work_category="wet_room_waterproofing",
        discovered_on=min(today, newer.completed_on + dt.timedelta(days=60)),
        description="住户投诉卫生间地面渗水至楼下住户。",
        severity="serious",
        complainant="业主陈某（2-201）",
        complainant_contact="138****6021",
        channel="phone",
    )
    if building:
        site = building[0]
        occurred = timezone.make_aware(
            dt.datetime.combine(min(today, site.started_on + dt.timedelta(days=200)), dt.time(14, 30))
        )
        _defect(
            ctx,
            site,
            regulator,
            kind="accident",
            location="地下室/顶板",
            work_category="main_structure",
            discovered_on=occurred.date(),
            description="地下室顶板浇筑过程中模板支撑体系局部失稳，顶板下沉，未造成人员伤亡。",
            severity="critical",
            occurred_at=occurred,
            deaths=0,
            serious_injuries=0,
            direct_loss=Decimal("1850000"),
            reported_to_authority_at=occurred + dt.timedelta(minutes=45),
        )

    if not AccountabilityCase.objects.filter(project=old).exists():
        case = cases.case_open(
            actor=regulator,
            defects=[structure],
            trigger="other",
            summary="主体结构柱钢筋保护层厚度不足",
            opened_on=min(today, structure.discovered_on + dt.timedelta(days=14)),
            finding="现场抽测12根柱，其中5根保护层厚度低于设计值10mm以上；检验批验收记录未如实反映。",
        )
        contractor = old.parties.get(role="contractor", left_on__isnull=True)
        lead = old.leads.filter(role="contractor", corrected_at__isnull=True).order_by("started_on").first()
        cases.case_add_subject(
            actor=regulator,
            case=case,
            role="contractor",
            organization=contractor.organization,
            lead=lead,
            basis="施工时在任项目经理，未按设计施工（《建设工程质量管理条例》第二十八条）。",
        )


def register() -> None:
    registry.register_demo_step("responsibility.defects", defects, order=900)
