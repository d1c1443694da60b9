"""The regulator's (and every party's) trace search, and recalls with their exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.locations import normalize_location
from common.pdf import render_pdf
from materials import access, exports, forms, selectors, services
from materials.views._util import flash_success, run_service
from projects.models import Organization, UnitProject


@login_required
def trace(request):
    """Search by manufacturer and batch number (forward, across projects) or by place (backward)."""
    form = forms.TraceForm(request.GET if "batch_number" in request.GET else None)
    batches = None
    if form.is_bound and form.is_valid():
        batches = selectors.trace_by_manufacturer(
            request.user,
            manufacturer_uscc=form.cleaned_data["manufacturer"],
            batch_number=form.cleaned_data["batch_number"],
        )
    projects = access.visible_projects(request.user).order_by("name")[:500]
    place = {
        "project": request.GET.get("project", ""),
        "unit_project": request.GET.get("unit_project", ""),
        "location": request.GET.get("location", ""),
    }
    usages, place_error, units = None, "", []
    if place["project"]:
        project = (
            access.visible_projects(request.user)
            .filter(pk=place["project"] if place["project"].isdigit() else -1)
            .first()
        )
        if project is None:
            place_error = _("Choose a project you can see.")
        else:
            units = list(project.unit_projects.order_by("name"))
            unit = next((u for u in units if str(u.pk) == place["unit_project"]), None)
            try:
                location = normalize_location(place["location"], required=False)
            except ValidationError as exc:
                place_error = " ".join(exc.messages)
            else:
                usages = selectors.backward_trace(project, unit, location)
    return render(
        request,
        "materials/trace.html",
        {
            "form": form,
            "batches": batches,
            "projects": projects,
            "units": units or UnitProject.objects.none(),
            "place": place,
            "usages": usages,
            "place_error": place_error,
            "manufacturers": Organization.objects.filter(kinds__kind="manufacturer").order_by("name"),
            "can_recall": access.can_open_recall(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recall_list(request):
    can_open = access.can_open_recall(request.user)
    initial = {k: request.GET.get(k) for k in ("batch_number",) if request.GET.get(k)}
    if request.GET.get("manufacturer"):
        initial["manufacturer"] = Organization.objects.filter(uscc=request.GET["manufacturer"].strip().upper()).first()
    form = forms.RecallForm(request.POST or None, initial=initial) if can_open else None
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied(_("Only a regulator may open a recall, within their jurisdiction."))
        if form.is_valid():
            recall = run_service(request, form, lambda: services.recall_open(actor=request.user, **form.cleaned_data))
            if recall:
                flash_success(
                    request, _("Recall opened; the affected batches are quarantined and their projects notified.")
                )
                return redirect(recall)
    recalls = access.recalls_visible_to(request.user).select_related("manufacturer", "opened_by")[:200]
    return render(request, "materials/recall_list.html", {"recalls": recalls, "form": form})


@login_required
def recall_detail(request, pk: int):
    recall = access.get_recall_for_user(request.user, pk)
    return render(request, "materials/recall_detail.html", selectors.recall_detail(recall))


@login_required
def recall_xlsx(request, pk: int):
    recall = access.get_recall_for_user(request.user, pk)
    return exports.recall_xlsx(selectors.recall_detail(recall))


@login_required
def recall_pdf(request, pk: int):
    recall = access.get_recall_for_user(request.user, pk)
    detail = selectors.recall_detail(recall)
    lines = list(exports.recall_lines(detail))
    pdf = render_pdf("pdf/materials/recall.html", {**detail, "lines": lines, "generated_at": timezone.localtime()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="recall-{recall.pk}.pdf"'
    return response
