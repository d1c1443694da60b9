"""Who sees defects and accountability cases.

- Defects, complaints and accidents are seen by whoever sees the project (its
  parties, the regulators of its jurisdiction, administrators).
- Accountability cases are investigations by the quality-supervision authority:
  regulators of the jurisdiction and administrators see them. An organisation
  held accountable in a case (a subject) sees it once it is decided: the
  decision is served on the party. Open investigations stay out of its sight
  (404), and only regulators write (services.cases.require_regulator).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from projects.models import Project
from responsibility.models import AccountabilityCase, CaseSubject, Defect
from responsibility.models.defects import CaseStatus


def defects_visible_to(user):
    return Defect.objects.filter(project__in=Project.objects.visible_to(user))


def defect_visible_to(user, pk):
    """One defect, through the same rule as defects_visible_to, applied to its own project only.

    `Project.objects.visible_to` on all projects makes PostgreSQL collect every project the
    user's groups hold a grant on before testing one (2,000 grants and 2-5 ms for a large
    contractor); on a base narrowed to the defect's project, guardian's grants are read by
    that project's index (docs/benchmarks/accountability.md).
    """
    return Defect.objects.filter(pk=pk, project__in=Project.objects.filter(defects__pk=pk).visible_to(user))


def cases_visible_to(user):
    regulated = Q(project__in=Project.objects.regulated_by(user))
    organization_id = getattr(user, "organization_id", None)
    if not organization_id or getattr(user, "is_regulator", False):
        return AccountabilityCase.objects.filter(regulated)
    served = Q(
        Exists(CaseSubject.objects.filter(case=OuterRef("pk"), organization_id=organization_id)),
        status__in=[CaseStatus.DECIDED, CaseStatus.CLOSED],
        project__in=Project.objects.visible_to(user),
    )
    return AccountabilityCase.objects.filter(regulated | served)


def get_defect_for_user(user, pk) -> Defect:
    try:
        return defect_visible_to(user, pk).select_related("project", "unit_project", "reported_by").get()
    except (Defect.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_case_for_user(user, pk) -> AccountabilityCase:
    try:
        return cases_visible_to(user).select_related("project", "opened_by").get(pk=pk)
    except (AccountabilityCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_view_defect_file(user, defect: Defect) -> bool:
    return defect_visible_to(user, defect.pk).exists()
