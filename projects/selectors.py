"""Reads: one query set per list, with everything its rows show joined or prefetched."""

from __future__ import annotations

from functools import cache

from django.db.models import Prefetch, Q, QuerySet

from projects.models import (
    Notification,
    Organization,
    Participant,
    Person,
    Project,
    Region,
    Registration,
    UnitProject,
)


@cache
def region_names() -> dict[str, str]:
    """code -> name for every division (about 7,000 rows, read once per process)."""
    return dict(Region.objects.values_list("code", "name"))


SKIPPED_PREFECTURE_NAMES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def region_full_name(code: str) -> str:
    """浙江省杭州市西湖区 from 330106, from the cached table (no query)."""
    names = region_names()
    if not code or code not in names:
        return ""
    parts = [names.get(code[:2] + "0000", "")]
    if not code.endswith("0000"):
        prefecture = names.get(code[:4] + "00", "")
        if prefecture not in SKIPPED_PREFECTURE_NAMES:
            parts.append(prefecture)
    if not code.endswith("00"):
        parts.append(names[code])
    return "".join(p for p in parts if p)


def region_choices(prefix: str = "") -> list[tuple[str, str]]:
    """Current county-level divisions (optionally under a prefix), for pickers."""
    qs = Region.objects.filter(valid_until__isnull=True, level=Region.Level.COUNTY)
    if prefix:
        qs = qs.filter(code__startswith=prefix)
    return [(r.code, f"{r.code} {r.full_name()}") for r in qs.exclude(name__in=["市辖区", "县"])]


def party_role_order():
    """Order parties as the law lists them: owner, survey, design, contractor, supervisor."""
    from django.db.models import Case, IntegerField, Value, When

    from projects.models import PartyRole

    return Case(*[When(role=r, then=Value(i)) for i, r in enumerate(PartyRole.values)], output_field=IntegerField())


def current_parties() -> Prefetch:
    return Prefetch(
        "parties",
        queryset=Participant.objects.filter(left_on__isnull=True)
        .select_related("organization")
        .order_by(party_role_order()),
        to_attr="current_parties",
    )


def project_list(user, *, q: str = "", status: str = "", region: str = "") -> QuerySet[Project]:
    """Projects the user may see, newest first, with unit projects and current parties."""
    qs = (
        Project.objects.visible_to(user)
        .select_related("region", "registered_by")
        .prefetch_related(
            Prefetch("unit_projects", queryset=UnitProject.objects.order_by("name", "id")),
            current_parties(),
        )
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(code__icontains=q) | Q(permit_number__icontains=q) | Q(address__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region__code__startswith=region)
    return qs.order_by("-created_at", "-id")


def project_detail(user, pk: int) -> Project | None:
    return (
        Project.objects.visible_to(user)
        .select_related("region", "registered_by")
        .prefetch_related(
            Prefetch("unit_projects", queryset=UnitProject.objects.order_by("name", "id")),
            Prefetch(
                "parties",
                queryset=Participant.objects.select_related("organization").order_by(
                    party_role_order(), "joined_on", "id"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def organization_list(*, q: str = "", kind: str = "", region: str = "") -> QuerySet[Organization]:
    """Organisations are public registry data: every signed-in user may read them."""
    qs = Organization.objects.select_related("region").prefetch_related("kinds")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    if kind:
        qs = qs.filter(kinds__kind=kind)
    if region:
        qs = qs.filter(region__code__startswith=region)
    return qs.order_by("name", "id")


def people_visible_to(user) -> QuerySet[Person]:
    """People a user may look up: their own organisation's staff; regulators and admins, all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Person.objects.none()
    if user.is_superuser or user.role == "regulator":
        return Person.objects.all()
    if user.organization_id is None:
        return Person.objects.none()
    return Person.objects.filter(employer_id=user.organization_id)


def people_list(user, *, q: str = "", employer: int | None = None) -> QuerySet[Person]:
    qs = (
        people_visible_to(user)
        .select_related("employer")
        .prefetch_related(Prefetch("registrations", queryset=Registration.objects.order_by("kind", "-valid_from")))
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(registrations__number__icontains=q)).distinct()
    if employer:
        qs = qs.filter(employer_id=employer)
    return qs.order_by("name", "id")


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).select_related("project")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")
