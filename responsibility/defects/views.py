"""Pages: defects (project tab, list, register, detail with the trace timeline), cases, the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.charts import Mark, Span, timeline
from common.forms import form_errors_to_messages, run_service
from projects import access as project_access
from projects.models import PartyRole
from projects.views.base import paginate, project_context
from responsibility.defects import access, dashboard, forms, report, selectors, trace
from responsibility.models import CaseMeasure, Lead
from responsibility.services import cases as case_services
from responsibility.services import defects as defect_services
from responsibility.services.defects import accident_report_late, may_register


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def defects_tab(request, pk: int):
    project = project_access.get_project_for_user(request.user, pk)
    page = paginate(request, selectors.defect_list(request.user, project=project))
    ctx = project_context(request, project, "defects")
    ctx.update(page_obj=page, can_register=may_register(request.user, project) and project.started_on is not None)
    return render(request, "responsibility/defects/defects_tab.html", ctx)


@login_required
def defect_list(request):
    f = {k: request.GET.get(k, "") for k in ("status", "work_category", "severity", "kind", "q")}
    qs = selectors.defect_list(request.user, **f)
    if region := request.GET.get("region", ""):
        qs = qs.filter(project__region__code__startswith=region)
    page = paginate(request, qs)
    return render(
        request,
        "responsibility/defects/defect_list.html",
        {"page_obj": page, "filters": f, "choices": _filter_choices()},
    )


def _filter_choices():
    from responsibility.models.defects import DefectKind, DefectStatus, Severity
    from responsibility.warranty import WorkCategory

    return {
        "status": DefectStatus.choices,
        "work_category": WorkCategory.choices,
        "severity": Severity.choices,
        "kind": DefectKind.choices,
    }


@login_required
@require_http_methods(["GET", "POST"])
def defect_create(request, pk: int):
    project = project_access.get_project_for_user(request.user, pk)
    if not may_register(request.user, project):
        raise PermissionDenied(
            _("Defects are registered by regulators, the owner, or the contractor during the warranty.")
        )
    form = forms.DefectForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        defect = run_service(
            form, lambda: defect_services.defect_register(actor=request.user, project=project, **values)
        )
        if defect is not None:
            messages.success(request, _("Registered; the project's parties and the regulators were notified."))
            return redirect(defect)
    ctx = project_context(request, project, "defects")
    return render(request, "responsibility/defects/defect_form.html", {**ctx, "form": form})


def _timeline(result: trace.Trace) -> str:
    spans = [
        Span(
            row=str(PartyRole(party.role).label),
            label=lead.person,
            start=lead.started_on,
            end=lead.ended_on,
            highlight=bool(lead.on_duty_when_built),
        )
        for party in result.responsible
        for lead in party.leads
    ]
    marks = [Mark(r["performed_on"], r["name"] or r["kind"], "work") for r in result.work_records]
    marks += [Mark(m["used_on"], f"{m['material_type']} {m['batch_number']}", "material") for m in result.materials]
    marks.append(Mark(result.defect.discovered_on, _("defect found"), "defect"))
    project = result.defect.project
    if project.completed_on:
        marks.append(Mark(project.completed_on, _("completion accepted"), "event"))
    return timeline(
        spans, marks, title=_("Leads' tenures against the dates the work was built"), today=timezone.localdate()
    )


@login_required
def defect_detail(request, defect_pk: int):
    defect = selectors.defect_detail(access.get_defect_for_user(request.user, defect_pk))
    result = trace.accountability(defect)
    project = defect.project
    ctx = project_context(request, project, "defects")
    ctx.update(
        defect=defect,
        trace=result,
        timeline_svg=_timeline(result),
        report_late=accident_report_late(defect),
        can_resolve=defect.status == "open"
        and (request.user.is_superuser or ctx["can_regulate"] or _is_owner(request.user, project)),
        resolve_form=forms.ResolveForm(),
        cases=list(access.cases_visible_to(request.user).filter(defects=defect).order_by("opened_on", "id")),
    )
    return render(request, "responsibility/defects/defect_detail.html", ctx)


def _is_owner(user, project) -> bool:
    return project.parties.filter(
        role=PartyRole.OWNER, left_on__isnull=True, organization_id=user.organization_id
    ).exists()


@login_required
@require_POST
def defect_resolve(request, defect_pk: int):
    defect = access.get_defect_for_user(request.user, defect_pk)
    form = forms.ResolveForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: defect_services.defect_resolve(actor=request.user, defect=defect, **form.cleaned_data)
    ):
        messages.success(request, _("The repair is recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect(defect)


@login_required
def defect_report_pdf(request, defect_pk: int):
    defect = access.get_defect_for_user(request.user, defect_pk)
    return _pdf(report.defect_report(request.user, defect), f"accountability-defect-{defect.pk}.pdf")


# --- cases --------------------------------------------------------------------------------


@login_required
def case_list(request):
    page = paginate(request, selectors.case_list(request.user, status=request.GET.get("status", "")))
    return render(request, "responsibility/defects/case_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request, defect_pk: int):
    defect = access.get_defect_for_user(request.user, defect_pk)
    case_services.require_regulator(request.user, defect.project)
    others = list(selectors.defect_list(request.user, project=defect.project).exclude(pk=defect.pk))
    form = forms.CaseForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        chosen = [d for d in others if str(d.pk) in request.POST.getlist("also")]
        case = run_service(
            form, lambda: case_services.case_open(actor=request.user, defects=[defect, *chosen], **form.cleaned_data)
        )
        if case is not None:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect(case)
    ctx = project_context(request, defect.project, "defects")
    return render(
        request, "responsibility/defects/case_form.html", {**ctx, "form": form, "defect": defect, "others": others}
    )


@login_required
def case_detail(request, case_pk: int):
    case = selectors.case_detail(access.get_case_for_user(request.user, case_pk))
    leads = Lead.objects.counting().filter(project=case.project).select_related("person").order_by("role", "started_on")
    withdrawn = set(
        CaseMeasure.objects.filter(case=case, withdraws__isnull=False).values_list("withdraws_id", flat=True)
    )
    ctx = project_context(request, case.project, "defects")
    ctx.update(
        case=case,
        handles=case_services.can_handle(request.user, case.project),
        withdrawn=withdrawn,
        finding_form=forms.FindingForm(),
        subject_form=forms.SubjectForm(case=case, leads=leads),
        measure_form=forms.MeasureForm(subjects=case.subjects.all()),
        date_form=forms.CaseDateForm(initial={"day": timezone.localdate()}),
    )
    return render(request, "responsibility/defects/case_detail.html", ctx)


@login_required
@require_POST
def case_action(request, case_pk: int, what: str):
    """One endpoint per case action; every one calls one service and comes back to the case."""
    case = access.get_case_for_user(request.user, case_pk)
    leads = Lead.objects.counting().filter(project=case.project).select_related("person")
    handlers = {
        "finding": (
            forms.FindingForm(request.POST),
            lambda d: case_services.case_add_finding(actor=request.user, case=case, **d),
        ),
        "subject": (
            forms.SubjectForm(request.POST, case=case, leads=leads),
            lambda d: case_services.case_add_subject(
                actor=request.user,
                case=case,
                role=d["role"],
                organization=d["organization"],
                basis=d["basis"],
                lead=leads.filter(pk=d["lead"]).first() if d.get("lead") else None,
            ),
        ),
        "measure": (
            forms.MeasureForm(request.POST, subjects=case.subjects.all()),
            lambda d: case_services.case_add_measure(
                actor=request.user, case=case, subject=case.subjects.get(pk=d.pop("subject")), **d
            ),
        ),
        "decide": (
            forms.CaseDateForm(request.POST),
            lambda d: case_services.case_decide(actor=request.user, case=case, decided_on=d["day"]),
        ),
        "close": (
            forms.CaseDateForm(request.POST),
            lambda d: case_services.case_close(
                actor=request.user, case=case, closed_on=d["day"], reason=d.get("reason", "")
            ),
        ),
    }
    if what not in handlers:
        raise Http404
    form, call = handlers[what]
    if form.is_valid() and run_service(form, lambda: call(dict(form.cleaned_data))) is not None:
        messages.success(request, _("Recorded."))
    else:
        form_errors_to_messages(request, form)
    return redirect(case)


@login_required
@require_POST
def measure_withdraw(request, case_pk: int, measure_pk: int):
    case = access.get_case_for_user(request.user, case_pk)
    measure = CaseMeasure.objects.filter(pk=measure_pk, case=case).select_related("case__project").first()
    if measure is None:
        raise Http404
    form = forms.CaseDateForm(request.POST)
    ok = form.is_valid() and run_service(
        form,
        lambda: case_services.case_withdraw_measure(
            actor=request.user,
            measure=measure,
            reason=form.cleaned_data.get("reason", ""),
            decided_on=form.cleaned_data["day"],
        ),
    )
    if ok:
        messages.success(request, _("The measure is withdrawn; both entries stay in the case."))
    else:
        form_errors_to_messages(request, form)
    return redirect(case)


@login_required
def case_report_pdf(request, case_pk: int):
    case = access.get_case_for_user(request.user, case_pk)
    return _pdf(report.case_report(request.user, case), f"accountability-{case.number}.pdf")


@login_required
def dashboard_page(request):
    if not (request.user.is_superuser or request.user.is_regulator):
        raise PermissionDenied(_("The dashboard is for regulators."))
    return render(request, "responsibility/defects/dashboard.html", dashboard.charts(request.user))


@login_required
def dashboard_list(request, chart: str):
    """The rows behind a dashboard bar (spot checks, test reports, overdue notices)."""
    if not (request.user.is_superuser or request.user.is_regulator):
        raise PermissionDenied(_("The dashboard is for regulators."))
    g = request.GET
    if chart == "spot-checks":
        rows = dashboard.spot_checks_behind(request.user, district=g.get("district", ""), month=g.get("month", ""))
    elif chart == "reports":
        rows = dashboard.reports_behind(
            request.user, material_type=g.get("material_type", ""), manufacturer=g.get("manufacturer", "")
        )
    elif chart == "overdue":
        rows = dashboard.overdue_behind(request.user, district=g.get("district", ""))
    else:
        raise Http404
    return render(
        request, "responsibility/defects/dashboard_list.html", {"chart": chart, "page_obj": paginate(request, rows, 50)}
    )
