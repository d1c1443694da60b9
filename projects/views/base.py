"""What every project page shares: the header, the tabs, the user's rights on it."""

from __future__ import annotations

from django.core.paginator import Paginator

from projects import access, registry
from projects.models import Project


def project_context(request, project: Project, active: str) -> dict:
    user = request.user
    tabs = [t for t in registry.project_tabs() if t.visible is None or t.visible(user, project)]
    return {
        "project": project,
        "tabs": tabs,
        "active_tab": active,
        "can_change": access.can_on_project(user, project, "change"),
        "can_supervise": access.can_on_project(user, project, "supervise"),
        "can_regulate": access.can_on_project(user, project, "regulate"),
    }


def paginate(request, queryset, per_page: int = 25):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return page
