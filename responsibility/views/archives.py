"""The archive tab: versions with SHA-256, generate a new one, record the handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.exceptions import Conflict
from common.forms import apply_errors
from projects import access
from projects.views.base import project_context
from responsibility import access as responsibility_access
from responsibility import forms, selectors, services


@login_required
@require_GET
def archive_tab(request, pk: int):
    project = access.get_project_for_user(request.user, pk)
    ctx = project_context(request, project, "archive")
    ctx["versions"] = list(selectors.archive_versions(project))
    ctx["can_manage"] = ctx["can_change"] and responsibility_access.is_owner_side(request.user, project)
    ctx["handover_form"] = forms.HandoverForm()
    return render(request, "responsibility/archive.html", ctx)


@login_required
@require_POST
def archive_generate(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    responsibility_access.require_owner_side(request.user, project)
    try:
        archive = services.archive_generate(actor=request.user, project=project)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Archive version %(v)d generated.") % {"v": archive.version})
    return redirect(reverse("responsibility:archive", args=[project.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def archive_handover(request, pk: int, version: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    responsibility_access.require_owner_side(request.user, project)
    archive = selectors.archive_versions(project).filter(version=version).first()
    if archive is None:
        raise Http404
    form = forms.HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_handover(actor=request.user, archive=archive, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The handover is recorded."))
            return redirect(reverse("responsibility:archive", args=[project.pk]))
    ctx = project_context(request, project, "archive")
    heading = _("Record the handover of version %(v)d") % {"v": archive.version}
    return render(request, "responsibility/lead_form.html", {**ctx, "form": form, "heading": heading})
