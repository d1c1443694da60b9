"""Project pages: list, register, overview, edit, unit projects, parties, start, complete, history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.exceptions import Conflict
from common.forms import form_errors_to_messages, run_service
from common.history import history_for
from projects import access, forms, selectors, services
from projects.models import Participant
from projects.services.projects import permit_number_warnings
from projects.views.base import paginate, project_context


@login_required
def project_list(request):
    filters = forms.ProjectFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    page = paginate(request, selectors.project_list(request.user, **{k: v for k, v in data.items() if v}))
    return render(
        request,
        "projects/project_list.html",
        {"filters": filters, "page_obj": page, "can_register": access.can_register_projects(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not access.can_register_projects(request.user):
        raise PermissionDenied(_("Only firms may register projects."))
    form = forms.ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = run_service(form, lambda: services.project_register(actor=request.user, **form.cleaned_data))
        if project is not None:
            messages.success(request, _("Project registered."))
            for warning in permit_number_warnings(project):
                messages.warning(request, warning)
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "region_codes": selectors.region_choices("33")})


@login_required
def project_detail(request, pk: int):
    project = selectors.project_detail(request.user, pk)
    if project is None:
        raise Http404
    ctx = project_context(request, project, "overview")
    ctx["start_form"] = forms.StartForm()
    ctx["complete_form"] = forms.CompleteForm()
    return render(request, "projects/project_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    initial = {f: getattr(project, f) for f in forms.ProjectEditForm.base_fields if f != "reason"}
    form = forms.ProjectEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {k: v for k, v in form.cleaned_data.items() if k != "reason" and v != initial.get(k)}
        reason = form.cleaned_data["reason"]
        if run_service(
            form, lambda: services.project_update(actor=request.user, project=project, reason=reason, **changed)
        ):
            messages.success(request, _("Project updated."))
            return redirect(project)
    return render(
        request, "projects/project_edit.html", {**project_context(request, project, "overview"), "form": form}
    )


@login_required
@require_http_methods(["POST"])
def project_transition(request, pk: int, transition: str):
    """Start or complete the project; a 409-style refusal lists everything missing."""
    project = access.get_project_for_user(request.user, pk, need="change")
    form_class, service = {
        "start": (forms.StartForm, services.project_start),
        "complete": (forms.CompleteForm, services.project_complete),
    }[transition]
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(project)
    try:
        service(actor=request.user, project=project, **form.cleaned_data)
    except Conflict as exc:
        messages.error(request, exc.message)
        for problem in exc.problems:
            messages.error(request, problem)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Construction started.") if transition == "start" else _("Completion recorded."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def unit_project_create(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    form = forms.UnitProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.unit_project_add(actor=request.user, project=project, **form.cleaned_data)
        ):
            messages.success(request, _("Unit project added."))
            return redirect(project)
    ctx = project_context(request, project, "overview")
    return render(request, "projects/simple_form.html", {**ctx, "form": form, "heading": _("Add a unit project")})


@login_required
@require_http_methods(["GET", "POST"])
def party_create(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    form = forms.PartyForm(request.POST or None, initial={"role": request.GET.get("role")})
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.party_add(actor=request.user, project=project, **form.cleaned_data)):
            messages.success(request, _("Party added."))
            return redirect(project)
    ctx = project_context(request, project, "overview")
    return render(request, "projects/simple_form.html", {**ctx, "form": form, "heading": _("Add a responsible party")})


@login_required
@require_http_methods(["GET", "POST"])
def party_leave(request, pk: int, party_pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    party = get_object_or_404(Participant.objects.select_related("organization"), pk=party_pk, project=project)
    form = forms.PartyLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        left = run_service(
            form,
            lambda: services.party_leave(actor=request.user, party=party, left_on=d["left_on"], reason=d["reason"]),
            field_map={"leave_reason": "reason"},
        )
        if left is not None:
            messages.success(request, _("The party's leaving is recorded."))
            return redirect(project)
    ctx = project_context(request, project, "overview")
    heading = _("Record that %(org)s left the project") % {"org": party.organization}
    return render(request, "projects/simple_form.html", {**ctx, "form": form, "heading": heading})


@login_required
def project_history(request, pk: int):
    project = access.get_project_for_user(request.user, pk)
    page = paginate(request, history_for(project), per_page=50)
    return render(
        request, "projects/project_history.html", {**project_context(request, project, "history"), "page_obj": page}
    )
