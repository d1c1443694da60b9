"""Reads: one query set per list, everything its rows show joined or prefetched; the acceptance
tree in a fixed number of queries; the location lookup for traces; published spot checks and
conformity rates for the public page and the regulators' dashboard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from common.locations import normalize_location, overlapping_q
from inspections import access
from inspections.models import (
    CHILD_KIND,
    Inspection,
    InspectionKind,
    Photo,
    Rectification,
    RectificationReply,
    Signature,
    SpotCheck,
    SpotCheckDraw,
)
from projects.models import Project, UnitProject
from projects.selectors import region_full_name

K = InspectionKind
TREE_LEVELS = (K.SUB_ITEM, K.DIVISION, K.UNIT_ACCEPTANCE)


def _photos() -> Prefetch:
    return Prefetch("photos", queryset=Photo.objects.select_related("file").order_by("id"))


def with_details(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """What an inspection row shows: unit, inspector, correction links, signatures, photos."""
    return qs.select_related("unit_project", "inspector", "corrected_by").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("person", "organization").order_by("id")),
        _photos(),
    )


def inspection_list(
    user,
    *,
    project: Project | int | None = None,
    unit_project: int | None = None,
    kind: str = "",
    result: str = "",
    location: str = "",
    counting: bool | None = None,
    q: str = "",
) -> QuerySet[Inspection]:
    qs = access.inspections_visible_to(user)
    if project is not None:
        qs = qs.filter(project_id=getattr(project, "pk", project))
    if unit_project:
        qs = qs.filter(unit_project_id=unit_project)
    if kind:
        qs = qs.filter(kind=kind)
    if result:
        qs = qs.filter(result=result)
    if location:
        qs = qs.filter(overlapping_q(normalize_location(location, required=False)))
    if counting is True:
        qs = qs.filter(corrected_at__isnull=True)
    elif counting is False:
        qs = qs.filter(corrected_at__isnull=False)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(findings__icontains=q) | Q(location__icontains=q))
    return with_details(qs).order_by("-performed_on", "-id")


def inspection_detail(user, pk: int) -> Inspection:
    qs = with_details(Inspection.objects.select_related("project", "parent", "corrects")).prefetch_related(
        Prefetch("children", queryset=Inspection.objects.order_by("performed_on", "id")),
        Prefetch("rectifications", queryset=Rectification.objects.select_related("issued_to__organization")),
    )
    return access.get_inspection_for_user(user, pk, queryset=qs)


def inspections_at(project: Project | int, unit_project: UnitProject | int, location: str) -> QuerySet[Inspection]:
    """Counting records that concern `location` in the unit: at it, inside it, or containing it.

    For traces (a defect at 5F/columns/C-3 finds the lot at 5F/columns/C-3,
    the concealed works at 5F/columns, the division and unit acceptance of
    the whole unit). Two index lookups on (unit_project, location_key).
    """
    path = normalize_location(location, required=False)
    return (
        Inspection.objects.counting()
        .filter(project_id=getattr(project, "pk", project), unit_project_id=getattr(unit_project, "pk", unit_project))
        .filter(overlapping_q(path))
        .select_related("inspector")
        .prefetch_related(Prefetch("signatures", queryset=Signature.objects.select_related("person")))
        .order_by("performed_on", "id")
    )


# --- the acceptance tree ---------------------------------------------------------------------


def _node(row: dict) -> dict:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "name": row["name"],
        "division_category": row["division_category"],
        "location": row["location"],
        "performed_on": row["performed_on"],
        "result": row["result"],
        "inspector": {"id": row["inspector_id"], "name": row["inspector__name"]},
        "children": [],
        "lots": {"total": 0, "passed": 0, "failed": 0},
    }


NODE_FIELDS = (
    "id",
    "unit_project_id",
    "parent_id",
    "kind",
    "name",
    "division_category",
    "location",
    "performed_on",
    "result",
    "inspector_id",
    "inspector__name",
)


def acceptance_tree(project: Project, *, unit_project: int | None = None, include_lots: bool = False) -> list[dict]:
    """Per unit project: the GB 50300 tree of counting acceptance records, bottom levels summed.

    Four queries whatever the size (unit projects; sub-item, division and
    unit records; lot counts by parent and result; and, with
    `include_lots`, the lots themselves). Records not yet covered by a
    higher level are listed under `pending` for each level.
    """
    units = list(UnitProject.objects.filter(project=project).order_by("name", "id").values("id", "name"))
    if unit_project:
        units = [u for u in units if u["id"] == unit_project]
    unit_ids = [u["id"] for u in units]
    base = Inspection.objects.counting().filter(project=project, unit_project_id__in=unit_ids)
    rows = list(base.filter(kind__in=TREE_LEVELS).order_by("performed_on", "id").values(*NODE_FIELDS))
    nodes = {r["id"]: _node(r) for r in rows}
    lot_stats = (
        base.filter(kind=K.INSPECTION_LOT)
        .values("unit_project_id", "parent_id", "result")
        .annotate(n=Count("*"))
        .order_by()
    )
    pending_lots: dict[int, dict] = defaultdict(lambda: {"total": 0, "passed": 0, "failed": 0})
    for stat in lot_stats:
        target = (
            nodes[stat["parent_id"]]["lots"] if stat["parent_id"] in nodes else pending_lots[stat["unit_project_id"]]
        )
        target["total"] += stat["n"]
        target["passed" if stat["result"] == "pass" else "failed"] += stat["n"]
    pending_lot_rows: dict[int, list[dict]] = defaultdict(list)
    if include_lots:
        for r in base.filter(kind=K.INSPECTION_LOT).order_by("performed_on", "id").values(*NODE_FIELDS):
            node = _node(r)
            del node["children"], node["lots"]
            if r["parent_id"] in nodes:
                nodes[r["parent_id"]].setdefault("lot_records", []).append(node)
            else:
                pending_lot_rows[r["unit_project_id"]].append(node)
    tree = {
        u["id"]: {"unit_project": u, "acceptances": [], "pending": {k: [] for k in CHILD_KIND.values()}} for u in units
    }
    for r in rows:
        node = nodes[r["id"]]
        parent = nodes.get(r["parent_id"])
        if parent is not None:
            parent["children"].append(node)
        elif r["kind"] == K.UNIT_ACCEPTANCE:
            tree[r["unit_project_id"]]["acceptances"].append(node)
        else:
            tree[r["unit_project_id"]]["pending"][r["kind"]].append(node)
    for uid, entry in tree.items():
        entry["pending_lots"] = pending_lots[uid]
        if include_lots:
            entry["pending"][K.INSPECTION_LOT] = pending_lot_rows[uid]
    return [tree[u["id"]] for u in units]


# --- rectifications -------------------------------------------------------------------------


def _replies() -> Prefetch:
    return Prefetch(
        "replies",
        queryset=RectificationReply.objects.select_related("replied_by")
        .prefetch_related(_photos())
        .order_by("created_at", "id"),
    )


def rectification_list(
    user,
    *,
    project: int | None = None,
    status: str = "",
    overdue_on: dt.date | None = None,
    issued_to_me: bool = False,
) -> QuerySet[Rectification]:
    qs = access.rectifications_visible_to(user)
    if project:
        qs = qs.filter(project_id=project)
    if status:
        qs = qs.filter(status=status)
    if overdue_on is not None:
        qs = qs.overdue(overdue_on)
    if issued_to_me:
        qs = qs.filter(issued_to__organization_id=getattr(user, "organization_id", None))
    return (
        qs.select_related("project", "inspection", "issued_to__organization", "issuing_organization")
        .prefetch_related(_replies())
        .order_by("due_on", "id")
        if overdue_on is not None
        else qs.select_related("project", "inspection", "issued_to__organization", "issuing_organization")
        .prefetch_related(_replies())
        .order_by("-issued_on", "-id")
    )


def rectification_detail(user, pk: int) -> Rectification:
    qs = Rectification.objects.select_related(
        "project", "inspection__unit_project", "issued_to__organization", "issuing_organization", "issued_by"
    ).prefetch_related(_replies())
    return access.get_rectification_for_user(user, pk, queryset=qs)


def unclosed_rectifications(project: Project) -> QuerySet[Rectification]:
    return (
        Rectification.objects.unclosed()
        .filter(project=project)
        .select_related("issued_to__organization")
        .order_by("due_on", "id")
    )


# --- spot checks ---------------------------------------------------------------------------------


def _check_related(qs: QuerySet[SpotCheck]) -> QuerySet[SpotCheck]:
    return qs.select_related("draw", "project__region", "inspection").prefetch_related("inspectors__person")


def spot_check_list(user, *, draw: int | None = None, recorded: bool | None = None) -> QuerySet[SpotCheck]:
    qs = access.spot_checks_visible_to(user)
    if draw:
        qs = qs.filter(draw_id=draw)
    if recorded is True:
        qs = qs.exclude(result="")
    elif recorded is False:
        qs = qs.filter(result="")
    return _check_related(qs).order_by("-draw__drawn_on", "draw_id", "position")


def draw_list(user) -> QuerySet[SpotCheckDraw]:
    return (
        access.draws_visible_to(user)
        .select_related("agency", "drawn_by")
        .prefetch_related(Prefetch("checks", queryset=_check_related(SpotCheck.objects.order_by("position"))))
        .order_by("-drawn_on", "-id")
    )


def published_spot_checks(today: dt.date, *, region: str = "") -> QuerySet[SpotCheck]:
    """Results whose publication date has come (一公开): for the public page, without login."""
    qs = SpotCheck.objects.exclude(result="").filter(publish_on__lte=today)
    if region:
        qs = qs.filter(project__region__code__startswith=region)
    return _check_related(qs).order_by("-checked_on", "-id")


def conformity_rates(
    *, region_prefix: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> list[dict]:
    """Recorded spot checks by district and month: checks, passed, rate (one aggregate query).

    Rows of {"district", "district_name", "month" ("YYYY-MM"), "checks", "passed", "rate"}
    in district then month order; the rate is passed / checks, three decimals.
    """
    qs = SpotCheck.objects.exclude(result="")
    if region_prefix:
        qs = qs.filter(project__region__code__startswith=region_prefix)
    if since:
        qs = qs.filter(checked_on__gte=since)
    if until:
        qs = qs.filter(checked_on__lte=until)
    rows = (
        qs.annotate(month=TruncMonth("checked_on"))
        .values("project__region_id", "month")
        .annotate(checks=Count("id"), passed=Count("id", filter=Q(result="pass")))
        .order_by("project__region_id", "month")
    )
    return [
        {
            "district": r["project__region_id"],
            "district_name": region_full_name(r["project__region_id"]),
            "month": f"{r['month']:%Y-%m}",
            "checks": r["checks"],
            "passed": r["passed"],
            "rate": round(r["passed"] / r["checks"], 3),
        }
        for r in rows
    ]
