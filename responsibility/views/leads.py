"""The "Parties and leads" tab and the appoint / change / correct / commitment forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.exceptions import Conflict
from common.forms import apply_errors
from projects import access
from projects.models import Participant, PartyRole
from projects.views.base import project_context
from responsibility import forms, selectors, services
from responsibility.models import Lead


def _lead(project, lead_pk: int) -> Lead:
    lead = selectors.lead_history(project).filter(pk=lead_pk).first()
    if lead is None:
        raise Http404
    return lead


@login_required
def leads_tab(request, pk: int):
    project = access.get_project_for_user(request.user, pk)
    history = list(selectors.lead_history(project))
    parties = list(
        Participant.objects.filter(project=project).select_related("organization").order_by("role", "joined_on", "id")
    )
    roles = []
    warnings: list[str] = []
    for role in PartyRole:
        entries = [lead for lead in history if lead.role == role.value]
        current = next((lead for lead in entries if lead.is_current), None)
        if current is not None:
            current.project = project
            warnings += services.lead_warnings(current)
        roles.append(
            {
                "role": role.value,
                "label": role.label,
                "party": next((p for p in parties if p.role == role.value and p.left_on is None), None),
                "past_parties": [p for p in parties if p.role == role.value and p.left_on is not None],
                "current": current,
                "entries": list(reversed(entries)),
            }
        )
    ctx = project_context(request, project, "leads")
    return render(request, "responsibility/leads.html", {**ctx, "roles": roles, "warnings": warnings})


@login_required
@require_http_methods(["GET", "POST"])
def lead_appoint(request, pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    role = request.GET.get("role") if request.GET.get("role") in PartyRole.values else None
    current = selectors.current_leads(project).get(role) if role else None
    form = forms.LeadForm(
        request.POST or None, request.FILES or None, project=project, role=role, initial={"role": role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.lead_appoint(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s is recorded as lead.") % {"name": lead.person.name})
            for warning in services.lead_warnings(lead):
                messages.warning(request, warning)
            return redirect(reverse("responsibility:leads", args=[project.pk]))
    if current is not None:
        heading = _("Change the %(role)s lead") % {"role": PartyRole(role).label}
    elif role:
        heading = _("Appoint the %(role)s lead") % {"role": PartyRole(role).label}
    else:
        heading = _("Appoint a lead")
    ctx = project_context(request, project, "leads")
    return render(
        request,
        "responsibility/lead_form.html",
        {**ctx, "form": form, "heading": heading, "current": current, "multipart": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_correct(request, pk: int, lead_pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    lead = _lead(project, lead_pk)
    form = forms.LeadCorrectForm(request.POST or None, request.FILES or None, lead=lead)
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_correct(actor=request.user, lead=lead, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The entry is corrected; the wrong entry stays visible, marked as corrected."))
            return redirect(reverse("responsibility:leads", args=[project.pk]))
    ctx = project_context(request, project, "leads")
    heading = _("Correct the entry for %(name)s") % {"name": lead.person.name}
    return render(request, "responsibility/lead_form.html", {**ctx, "form": form, "heading": heading, "lead": lead})


@login_required
@require_http_methods(["GET", "POST"])
def lead_commitment(request, pk: int, lead_pk: int):
    project = access.get_project_for_user(request.user, pk, need="change")
    lead = _lead(project, lead_pk)
    form = forms.CommitmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lead_commitment_file(actor=request.user, lead=lead, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The signed commitment is on file."))
            return redirect(reverse("responsibility:leads", args=[project.pk]))
    ctx = project_context(request, project, "leads")
    heading = _("File the signed commitment of %(name)s") % {"name": lead.person.name}
    return render(request, "responsibility/lead_form.html", {**ctx, "form": form, "heading": heading, "lead": lead})
