"""Reads for defects and cases: one query set per list, prefetched for what the rows show."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from responsibility.defects.access import cases_visible_to, defect_visible_to, defects_visible_to
from responsibility.models import AccountabilityCase, CaseMeasure, CaseSubject, Defect, DefectPhoto

PHOTOS = Prefetch("photos", queryset=DefectPhoto.objects.select_related("file").order_by("id"))


def defect_list(
    user, *, project=None, status: str = "", work_category: str = "", severity: str = "", kind: str = "", q: str = ""
) -> QuerySet[Defect]:
    qs = defects_visible_to(user).select_related("project", "unit_project").prefetch_related(PHOTOS)
    if project:
        qs = qs.filter(project_id=getattr(project, "pk", project))
    for field, value in (("status", status), ("work_category", work_category), ("severity", severity), ("kind", kind)):
        if value:
            qs = qs.filter(**{field: value})
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(location__icontains=q) | Q(project__name__icontains=q))
    return qs.order_by("-discovered_on", "-id")


def visible_defect(user, pk) -> Defect:
    """One defect the user may see, with what its page and trace show (Defect.DoesNotExist otherwise)."""
    return defect_visible_to(user, pk).select_related("project", "unit_project").prefetch_related(PHOTOS).get()


def defect_detail(defect: Defect) -> Defect:
    return (
        Defect.objects.select_related(
            "project", "project__region", "unit_project", "reported_by", "reporter_organization"
        )
        .prefetch_related(PHOTOS)
        .get(pk=defect.pk)
    )


def case_list(user, *, status: str = "", project=None) -> QuerySet[AccountabilityCase]:
    qs = cases_visible_to(user).select_related("project").prefetch_related("defects")
    if status:
        qs = qs.filter(status=status)
    if project:
        qs = qs.filter(project_id=getattr(project, "pk", project))
    return qs.order_by("-opened_on", "-id")


def case_detail(case: AccountabilityCase) -> AccountabilityCase:
    return (
        AccountabilityCase.objects.select_related("project", "project__region", "opened_by")
        .prefetch_related(
            Prefetch("defects", queryset=Defect.objects.select_related("unit_project").order_by("discovered_on", "id")),
            "findings__recorded_by",
            Prefetch(
                "subjects", queryset=CaseSubject.objects.select_related("organization", "lead__person").order_by("id")
            ),
            Prefetch(
                "measures",
                queryset=CaseMeasure.objects.select_related("subject__organization", "subject__lead__person").order_by(
                    "decided_on", "id"
                ),
            ),
        )
        .get(pk=case.pk)
    )
