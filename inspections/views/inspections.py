"""Inspection pages: the supervisor's phone form, the project's inspections tab, a record's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.exceptions import Conflict
from common.forms import apply_errors, form_errors_to_messages
from inspections import access, selectors, services
from inspections.forms import InspectionForm, RectificationIssueForm
from inspections.models import InspectionKind
from projects.access import get_project_for_user
from projects.models import Project
from projects.views.base import paginate, project_context


def _service_errors(form, fn):
    """Run a service for a form: field errors go on the form, a conflict on top; True if it ran."""
    try:
        return fn()
    except ValidationError as exc:
        apply_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
        for problem in exc.problems:
            form.add_error(None, problem)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not do this."))
    return None


@login_required
def start(request):
    """The supervisor's way in: the projects their firm supervises that are under construction."""
    projects = (
        Project.objects.supervised_by(request.user)
        .filter(status=Project.Status.UNDER_CONSTRUCTION)
        .select_related("region")
        .order_by("name")
    )
    return render(request, "inspections/start.html", {"projects": projects})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request, pk: int):
    project = get_project_for_user(request.user, pk, need="supervise")
    form = InspectionForm(
        request.POST or None, request.FILES or None, project=project, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        inspection = _service_errors(
            form, lambda: services.inspection_record(actor=request.user, project=project, **form.service_kwargs())
        )
        if inspection is not None:
            messages.success(request, _("Inspection recorded."))
            return redirect(inspection)
    return render(
        request,
        "inspections/inspection_form.html",
        {**project_context(request, project, "inspections"), "form": form, "heading": _("Log an inspection")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_correct(request, pk: int):
    original = access.get_inspection_for_user(request.user, pk)
    access.require_supervisor(request.user, original.project)
    initial = {
        "unit_project": original.unit_project_id,
        "name": original.name,
        "location": original.location,
        "division_category": original.division_category,
        "performed_on": original.performed_on,
        "result": original.result,
        "findings": original.findings,
        "measured_values": "\n".join(f"{k}={v}" for k, v in original.measured_values.items()),
        "key_process": original.key_process,
        "notice_given_at": original.notice_given_at,
        "process_started_at": original.process_started_at,
        "children": [c.pk for c in original.children.counting()],
    }
    form = InspectionForm(
        request.POST or None, request.FILES or None, project=original.project, correcting=original, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        correction = _service_errors(
            form,
            lambda: services.inspection_correct(
                actor=request.user, original=original, reason=form.cleaned_data["reason"], **form.service_kwargs()
            ),
        )
        if correction is not None:
            messages.success(request, _("Correction recorded; the original stays visible."))
            return redirect(correction)
    ctx = project_context(request, original.project, "inspections")
    heading = _("Correct %(name)s") % {"name": original}
    return render(
        request, "inspections/inspection_form.html", {**ctx, "form": form, "heading": heading, "original": original}
    )


@login_required
def project_tab(request, pk: int):
    """The project's inspections: the acceptance tree, the records, the notices."""
    project = get_project_for_user(request.user, pk)
    filters = {k: request.GET.get(k, "") for k in ("kind", "result", "location")}
    records = selectors.inspection_list(request.user, project=project, **{k: v for k, v in filters.items() if v})
    ctx = project_context(request, project, "inspections")
    ctx.update(
        {
            "tree": selectors.acceptance_tree(project),
            "page_obj": paginate(request, records, per_page=25),
            "rectifications": selectors.rectification_list(request.user, project=project.pk)[:50],
            "filters": filters,
            "kinds": InspectionKind.choices,
            "can_record": access.can_supervise(request.user, project) and project.is_active,
            "today": timezone.localdate(),
        }
    )
    return render(request, "inspections/project_tab.html", ctx)


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.inspection_detail(request.user, pk)
    project = inspection.project
    can_issue = inspection.is_counting and inspection.result == "fail" and project.status != Project.Status.COMPLETED
    if inspection.kind == InspectionKind.SPOT_CHECK:
        from projects.access import can_on_project

        can_issue = can_issue and can_on_project(request.user, project, "regulate")
    else:
        can_issue = can_issue and access.can_supervise(request.user, project)
    ctx = project_context(request, project, "inspections")
    ctx.update(
        {
            "inspection": inspection,
            "issue_form": RectificationIssueForm(inspection=inspection) if can_issue else None,
            "today": timezone.localdate(),
            "can_correct": inspection.is_counting
            and inspection.kind != InspectionKind.SPOT_CHECK
            and access.can_supervise(request.user, project),
        }
    )
    return render(request, "inspections/inspection_detail.html", ctx)


@login_required
@require_http_methods(["POST"])
def rectification_issue(request, pk: int):
    inspection = access.get_inspection_for_user(request.user, pk)
    form = RectificationIssueForm(request.POST, inspection=inspection)
    if form.is_valid():
        notice = _service_errors(
            form, lambda: services.rectification_issue(actor=request.user, inspection=inspection, **form.cleaned_data)
        )
        if notice is not None:
            messages.success(request, _("Rectification notice %(number)s issued.") % {"number": notice.number})
            return redirect(notice)
    form_errors_to_messages(request, form)
    return redirect(inspection)
