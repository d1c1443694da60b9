"""The plaque tab: issue, print (PDF), SVG with QR, installation record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.exceptions import Conflict
from common.forms import apply_errors
from projects import access
from projects.models import PartyRole
from projects.views.base import project_context
from responsibility import access as responsibility_access
from responsibility import forms, selectors
from responsibility.models import Plaque
from responsibility.services import plaques as plaque_services


def _plaque_or_404(project, version: int | None = None):
    if version is None:
        plaque = selectors.plaque_for(project)
    else:
        plaque = selectors.plaque_versions(project).filter(version=version).first()
    if plaque is None:
        raise Http404
    return plaque


@login_required
@require_GET
def plaque_tab(request, pk: int):
    project = access.get_project_for_user(request.user, pk)
    versions = selectors.with_successors(list(selectors.plaque_versions(project)))
    plaque = next((v for v in versions if v.is_current), None)
    ctx = project_context(request, project, "plaque")
    ctx["can_issue"] = responsibility_access.is_owner_side(request.user, project) and ctx["can_change"]
    ctx["plaque"] = plaque
    if plaque is not None:
        ctx.update(plaque_services.plaque_context(plaque))
        ctx["svg"] = mark_safe(plaque_services.plaque_svg(plaque).split("?>", 1)[-1])  # noqa: S308 - our own template
        ctx["installations"] = list(plaque.installations.all())
        ctx["versions"] = versions
        # A lead entry corrected after issue: the plaque keeps what it said, and says so here.
        differs = plaque_services.entry_differences(plaque, selectors.leads_on(project, project.completed_on))
        ctx["outdated_roles"] = [PartyRole(r).label for r in differs]
    else:
        ctx["issue_form"] = forms.PlaqueIssueForm()
    return render(request, "responsibility/plaque.html", ctx)


REPLACE_INTRO = gettext_lazy(
    "The current version is kept, marked as replaced. The new version names the leads recorded for the "
    "completion date as they stand now, keeps the same public code (the QR code on any plaque ever "
    "installed keeps working) and carries the next version number."
)


@login_required
@require_http_methods(["GET", "POST"])
def plaque_replace(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    responsibility_access.require_owner_side(request.user, project)
    plaque = _plaque_or_404(project)
    initial = {"location": plaque.location, "version": plaque.version}
    if request.GET.get("reason") in Plaque.Reason.values:
        initial["reason"] = request.GET["reason"]
    form = forms.PlaqueReplaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = plaque_services.plaque_replace(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            plaque_services.plaque_pdf(new, actor=request.user)
            messages.success(
                request, _("Version %(v)d of the plaque is issued. Print it from the PDF.") % {"v": new.version}
            )
            return redirect(reverse("responsibility:plaque", args=[project.pk]))
    ctx = project_context(request, project, "plaque")
    heading = _("Replace the plaque (version %(v)d)") % {"v": plaque.version}
    return render(
        request,
        "responsibility/lead_form.html",
        {**ctx, "form": form, "heading": heading, "intro": REPLACE_INTRO},
    )


@login_required
@require_POST
def plaque_issue(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    form = forms.PlaqueIssueForm(request.POST)
    if form.is_valid():
        try:
            plaque = plaque_services.plaque_issue(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            plaque_services.plaque_pdf(plaque, actor=request.user)
            messages.success(request, _("The plaque is issued. Print it from the PDF."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(reverse("responsibility:plaque", args=[project.pk]))


@login_required
@require_GET
def plaque_pdf(request, pk: int, version: int | None = None):
    project = access.get_project_for_user(request.user, pk)
    stored = plaque_services.plaque_pdf(_plaque_or_404(project, version), actor=request.user)
    return FileResponse(
        stored.file.open("rb"),
        content_type="application/pdf",
        filename=stored.original_name,
        as_attachment=request.GET.get("download") == "1",
    )


@login_required
@require_GET
def plaque_svg(request, pk: int, version: int | None = None):
    project = access.get_project_for_user(request.user, pk)
    plaque = _plaque_or_404(project, version)
    response = HttpResponse(plaque_services.plaque_svg(plaque), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plaque-{plaque.code}-v{plaque.version}.svg"'
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plaque_install(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    responsibility_access.require_owner_side(request.user, project)
    plaque = _plaque_or_404(project)
    form = forms.PlaqueInstallForm(request.POST or None, request.FILES or None, initial={"location": plaque.location})
    if request.method == "POST" and form.is_valid():
        try:
            plaque_services.plaque_install(actor=request.user, plaque=plaque, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The installation is recorded."))
            return redirect(reverse("responsibility:plaque", args=[project.pk]))
    ctx = project_context(request, project, "plaque")
    return render(
        request,
        "responsibility/lead_form.html",
        {**ctx, "form": form, "heading": _("Record the plaque's installation"), "multipart": True},
    )
