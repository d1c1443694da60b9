from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from projects import registry, selectors
from projects.models import Project


@login_required
def home(request):
    """The start page: what this user's role works on."""
    user = request.user
    projects = selectors.project_list(user)
    by_status = dict(Project.objects.visible_to(user).values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "projects/home.html",
        {
            "recent_projects": projects[:8],
            "by_status": [(s, label, by_status.get(s, 0)) for s, label in Project.Status.choices],
            "notifications": selectors.notifications_for(user)[:5],
            "links": registry.nav_links(user),
        },
    )
