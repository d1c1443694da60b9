"""Who sees and does what with inspections, rectifications and spot checks.

Everything is seen through the project (projects.access): out of sight is
404. Writing inspections needs the project's supervision party; replying to
a notice needs the organisation it was issued to; verifying it needs the
issuer's side (the supervisor, or a regulator for spot-check notices).
Spot checks and draws are the regulators' alone: a project must not learn
in advance that it was drawn.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from inspections.models import Inspection, Rectification, SpotCheck, SpotCheckDraw
from projects import access as project_access
from projects.models import Project, Role


def inspections_visible_to(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(project__in=Project.objects.visible_to(user))


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(project__in=Project.objects.visible_to(user))


def is_regulator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role == Role.REGULATOR))


def spot_checks_visible_to(user) -> QuerySet[SpotCheck]:
    if not is_regulator(user):
        return SpotCheck.objects.none()
    return SpotCheck.objects.filter(project__in=Project.objects.regulated_by(user))


def draws_visible_to(user) -> QuerySet[SpotCheckDraw]:
    if not is_regulator(user):
        return SpotCheckDraw.objects.none()
    if user.is_superuser:
        return SpotCheckDraw.objects.all()
    return SpotCheckDraw.objects.filter(region_code__startswith=user.jurisdiction)


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_inspection_for_user(user, pk, queryset=None) -> Inspection:
    qs = queryset if queryset is not None else Inspection.objects.select_related("project", "unit_project")
    return _get(qs.filter(project__in=Project.objects.visible_to(user)), pk)


def get_rectification_for_user(user, pk, queryset=None) -> Rectification:
    qs = (
        queryset if queryset is not None else Rectification.objects.select_related("project", "issued_to__organization")
    )
    return _get(qs.filter(project__in=Project.objects.visible_to(user)), pk)


def get_spot_check_for_user(user, pk, queryset=None) -> SpotCheck:
    qs = queryset if queryset is not None else SpotCheck.objects.select_related("project", "draw")
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return _get(qs.filter(pk__in=spot_checks_visible_to(user).values("pk")), pk)


def require_supervisor(user, project: Project) -> None:
    project_access.require_project(user, project, "supervise")


def can_supervise(user, project: Project) -> bool:
    return project_access.can_on_project(user, project, "supervise")


def can_reply(user, rectification: Rectification) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser or (user.organization_id and user.organization_id == rectification.issued_to.organization_id)
    )


def require_reply(user, rectification: Rectification) -> None:
    if not can_reply(user, rectification):
        raise PermissionDenied(_("Only the organisation the notice was issued to may reply to it."))


def can_verify(user, rectification: Rectification) -> bool:
    need = "regulate" if rectification.issuer == Rectification.Issuer.REGULATOR else "supervise"
    return project_access.can_on_project(user, rectification.project, need)


def require_verify(user, rectification: Rectification) -> None:
    if not can_verify(user, rectification):
        if rectification.issuer == Rectification.Issuer.REGULATOR:
            raise PermissionDenied(_("Only a regulator with jurisdiction over the project verifies this notice."))
        raise PermissionDenied(_("Only the project's supervision firm verifies this notice."))


def require_regulator(user) -> None:
    if not is_regulator(user):
        raise PermissionDenied(_("Only regulators draw and record spot checks."))


def can_view_inspection_object(user, obj) -> bool:
    """File rule for photos: whoever sees the project sees its inspection photos."""
    return Project.objects.visible_to(user).filter(pk=obj.history_scope.pk).exists()
