"""The regulators' dashboard: what needs attention in a jurisdiction, in five charts.

Each chart is built from one aggregate query over the jurisdiction (a regulator's
region prefix; everything for administrators) and rendered as SVG on the server
(common.charts), so it reads without JavaScript; every bar links to the list behind it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.charts import Bar, hbar_chart
from projects.models import Project
from projects.selectors import region_full_name
from responsibility.models import Defect
from responsibility.models.defects import DefectStatus, Severity
from responsibility.warranty import WorkCategory

MONTHS = 12


def jurisdiction(user) -> str:
    if user.is_superuser:
        return ""
    if getattr(user, "role", "") == "regulator" and user.jurisdiction:
        return user.jurisdiction
    raise PermissionDenied(_("The dashboard is for regulators."))


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def open_defects(prefix: str) -> list[dict]:
    rows = (
        Defect.objects.filter(status=DefectStatus.OPEN, project__region__code__startswith=prefix)
        .values("work_category", "severity")
        .annotate(n=Count("id"))
    )
    by_category: dict[str, dict[str, int]] = {}
    for r in rows:
        by_category.setdefault(r["work_category"], {})[r["severity"]] = r["n"]
    return [
        {
            "category": c,
            "label": str(label),
            "by_severity": by_category.get(c, {}),
            "total": sum(by_category.get(c, {}).values()),
        }
        for c, label in WorkCategory.choices
        if by_category.get(c)
    ]


def conformity(prefix: str, today: dt.date) -> list[dict]:
    from inspections.selectors import conformity_rates

    since = (today.replace(day=1) - dt.timedelta(days=31 * (MONTHS - 1))).replace(day=1)
    return conformity_rates(region_prefix=prefix, since=since, until=today)


def _failure_rates(prefix: str, group: str, label: str) -> list[dict]:
    from materials.models import TestReport

    rows = (
        TestReport.objects.filter(sample__batch__project__region__code__startswith=prefix, corrections__isnull=True)
        .values(group, label)
        .annotate(reports=Count("id", distinct=True), failed=Count("id", filter=Q(conclusion="fail"), distinct=True))
        .order_by()
    )
    out = [
        {
            "key": r[group],
            "label": r[label],
            "reports": r["reports"],
            "failed": r["failed"],
            "rate": r["failed"] / r["reports"],
        }
        for r in rows
        if r["reports"]
    ]
    return sorted(out, key=lambda r: (-r["rate"], -r["failed"], str(r["label"])))


def failure_by_material_type(prefix: str) -> list[dict]:
    return _failure_rates(prefix, "sample__batch__material_type__code", "sample__batch__material_type__name")


def failure_by_manufacturer(prefix: str) -> list[dict]:
    return _failure_rates(prefix, "sample__batch__manufacturer__uscc", "sample__batch__manufacturer__name")[:12]


def overdue_rectifications(prefix: str, today: dt.date) -> list[dict]:
    from inspections.models import Rectification

    rows = (
        Rectification.objects.overdue(today)
        .filter(project__region__code__startswith=prefix)
        .values("project__region__code")
        .annotate(n=Count("id"))
        .order_by("project__region__code")
    )
    return [
        {"district": r["project__region__code"], "label": region_full_name(r["project__region__code"]), "count": r["n"]}
        for r in rows
    ]


def data(user) -> dict:
    """Plain data for the API (GET /api/v1/dashboard/)."""
    prefix = jurisdiction(user)
    today = timezone.localdate()
    return {
        "jurisdiction": prefix,
        "as_of": today,
        "projects_by_status": dict(
            Project.objects.filter(region__code__startswith=prefix)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        ),
        "open_defects": open_defects(prefix),
        "spot_check_conformity": conformity(prefix, today),
        "test_failure_by_material_type": failure_by_material_type(prefix),
        "test_failure_by_manufacturer": failure_by_manufacturer(prefix),
        "overdue_rectifications": overdue_rectifications(prefix, today),
    }


def _failure_chart(rows: list[dict], param: str, title: str) -> str:
    bars = [
        Bar(
            label=str(r["label"]),
            value=r["rate"],
            note=f"{r['failed']}/{r['reports']}",
            href=_url("accountability:dashboard_reports", **{param: r["key"]}),
        )
        for r in rows
    ]
    return hbar_chart(bars, title=title, max_value=1, percent=True)


def charts(user) -> dict:
    """The page's context: the data and one SVG per chart."""
    d = data(user)
    severities = [str(label) for _, label in Severity.choices]
    severity_label = dict(Severity.choices)
    defects_svg = hbar_chart(
        [
            Bar(
                label=row["label"],
                value=row["total"],
                href=_url("accountability:defect_list", status="open", work_category=row["category"]),
                segments=[(str(severity_label[s]), row["by_severity"].get(s, 0)) for s, _label in Severity.choices],
            )
            for row in d["open_defects"]
        ],
        title=_("Open defects by work category and severity"),
        series=severities,
        colors=["#8d99ae", "#b8860b", "#b3261e"],  # minor, serious, critical
    )
    conformity_svgs = []
    districts = dict.fromkeys(r["district"] for r in d["spot_check_conformity"])
    for district in districts:
        rows = [r for r in d["spot_check_conformity"] if r["district"] == district]
        conformity_svgs.append(
            (
                region_full_name(district),
                hbar_chart(
                    [
                        Bar(
                            label=r["month"],
                            value=r["rate"],
                            note=f"{r['passed']}/{r['checks']}",
                            href=_url("accountability:dashboard_spot_checks", district=district, month=r["month"]),
                        )
                        for r in rows
                    ],
                    title=_("Spot-check conformity in %(district)s by month")
                    % {"district": region_full_name(district)},
                    max_value=1,
                    percent=True,
                ),
            )
        )
    material_svg = _failure_chart(
        d["test_failure_by_material_type"], "material_type", _("Test failure rate by material type")
    )
    manufacturer_svg = _failure_chart(
        d["test_failure_by_manufacturer"], "manufacturer", _("Test failure rate by manufacturer")
    )
    overdue_svg = hbar_chart(
        [
            Bar(
                label=r["label"],
                value=r["count"],
                href=_url("accountability:dashboard_overdue", district=r["district"]),
            )
            for r in d["overdue_rectifications"]
        ],
        title=_("Overdue rectification notices by district"),
    )
    return {
        "data": d,
        "defects_svg": defects_svg,
        "conformity_svgs": conformity_svgs,
        "material_svg": material_svg,
        "manufacturer_svg": manufacturer_svg,
        "overdue_svg": overdue_svg,
    }


# --- the lists behind the charts -------------------------------------------------------------


def spot_checks_behind(user, *, district: str = "", month: str = ""):
    """The recorded spot checks behind one bar of the conformity chart."""
    from inspections.models import SpotCheck

    prefix = jurisdiction(user)
    qs = SpotCheck.objects.exclude(result="").filter(project__region__code__startswith=prefix)
    if district:
        qs = qs.filter(project__region__code=district)
    if month:
        try:
            year, mon = (int(x) for x in month.split("-"))
            qs = qs.filter(checked_on__year=year, checked_on__month=mon)
        except ValueError:
            qs = qs.none()
    return qs.select_related("project", "project__region").order_by("-checked_on", "id")


def reports_behind(user, *, material_type: str = "", manufacturer: str = ""):
    """The test reports behind one bar of a failure-rate chart, failures first."""
    from materials.models import TestReport

    prefix = jurisdiction(user)
    qs = TestReport.objects.filter(sample__batch__project__region__code__startswith=prefix, corrections__isnull=True)
    if material_type:
        qs = qs.filter(sample__batch__material_type__code=material_type)
    if manufacturer:
        qs = qs.filter(sample__batch__manufacturer__uscc=manufacturer)
    return qs.select_related(
        "lab", "sample__batch", "sample__batch__material_type", "sample__batch__manufacturer", "sample__batch__project"
    ).order_by("conclusion", "-tested_on", "id")


def overdue_behind(user, *, district: str = ""):
    from inspections.models import Rectification

    prefix = jurisdiction(user)
    qs = Rectification.objects.overdue(timezone.localdate()).filter(project__region__code__startswith=prefix)
    if district:
        qs = qs.filter(project__region__code=district)
    return qs.select_related("project", "issued_to__organization").order_by("due_on", "id")
