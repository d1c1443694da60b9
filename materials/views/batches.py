"""Project materials tab, batch pages and the supervisor's phone forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.history import history_for
from materials import access, forms, selectors, services
from materials.models import BatchStatus, Usage, WitnessAuthorization
from materials.views._util import flash_success, run_service
from projects.access import can_on_project, get_project_for_user
from projects.models import Participant, Person
from projects.views.base import paginate, project_context


@login_required
def project_materials(request, pk: int):
    project = get_project_for_user(request.user, pk)
    status = request.GET.get("status", "")
    batches = selectors.batch_list(
        request.user, project=project.pk, status=status if status in BatchStatus.values else ""
    )
    page = paginate(request, batches, per_page=30)
    used = selectors.used_per_batch([b.pk for b in page])
    for b in page:
        b.used = used.get(b.pk, 0)
    ctx = project_context(request, project, "materials")
    ctx.update(
        {
            "page_obj": page,
            "status": status,
            "statuses": BatchStatus.choices,
            "shares": selectors.witness_share(project),
            "blocking": list(selectors.blocking_batches(project)),
            "can_write": can_on_project(request.user, project, "change") and project.status != "completed",
            "export_url": f"/api/v1/batches/export/?project={project.pk}",
        }
    )
    return render(request, "materials/project_materials.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request, pk: int):
    project = get_project_for_user(request.user, pk, need="change")
    form = forms.BatchForm(request.POST or None, request.FILES or None, initial={"arrived_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        batch = run_service(
            request, form, lambda: services.batch_register(actor=request.user, project=project, **form.cleaned_data)
        )
        if batch:
            flash_success(request, _("Batch registered; the supervisor can now accept it."))
            return redirect(batch)
    ctx = project_context(request, project, "materials")
    return render(
        request,
        "materials/form.html",
        {**ctx, "form": form, "heading": _("Register a material batch"), "multipart": True},
    )


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_detail(request.user, pk)
    user, project = request.user, batch.project
    sees_project = access.visible_projects(user).filter(pk=project.pk).exists()
    ctx = project_context(request, project, "materials") if sees_project else {"project": project}
    ctx.update(
        {
            "batch": batch,
            "sees_project": sees_project,
            "used": services.used_quantity(batch) if sees_project else None,
            "can_accept": batch.status == BatchStatus.ARRIVED and access.can_supervise(user, project),
            "can_sample": sees_project
            and access.can_record_samples(user, project)
            and batch.status != BatchStatus.REJECTED,
            "can_use": batch.status == BatchStatus.ACCEPTED and can_on_project(user, project, "change"),
            "can_write": can_on_project(user, project, "change"),
            "can_close": access.can_supervise(user, project),
            "trace": selectors.forward_trace(user, batch) if sees_project else [],
            "history": history_for(batch)[:30] if sees_project else [],
        }
    )
    return render(request, "materials/batch_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def batch_accept(request, pk: int):
    """Phone-first: the supervisor on site signs the entry acceptance."""
    batch = access.get_batch_for_user(request.user, pk, need="supervise")
    form = forms.AcceptForm(request.POST or None, initial={"accepted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request, form, lambda: services.batch_accept(actor=request.user, batch=batch, **form.cleaned_data)
        )
        if done:
            flash_success(request, _("Batch accepted.") if done.status == "accepted" else _("Batch rejected."))
            return redirect(batch)
    return render(
        request, "materials/phone_form.html", {"batch": batch, "form": form, "heading": _("Entry acceptance")}
    )


def _samplers(project):
    contractor = Participant.objects.filter(project=project, role="contractor", left_on__isnull=True).values(
        "organization_id"
    )
    return Person.objects.filter(employer_id__in=contractor).order_by("name")


def _witnesses(project, day=None):
    auths = WitnessAuthorization.objects.filter(project=project, revoked_on__isnull=True)
    return Person.objects.filter(pk__in=auths.values("person_id")).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def sample_create(request, pk: int):
    """Phone-first: record a (witnessed) sample with its number and seal."""
    batch = access.get_batch_for_user(request.user, pk, need="sample")
    initial = {"sampled_on": timezone.localdate()}
    if request.user.person_id:
        initial["witness"] = request.user.person_id
    form = forms.SampleForm(
        request.POST or None, initial=initial, samplers=_samplers(batch.project), witnesses=_witnesses(batch.project)
    )
    if request.method == "POST" and form.is_valid():
        sample = run_service(
            request, form, lambda: services.sample_record(actor=request.user, batch=batch, **form.cleaned_data)
        )
        if sample:
            flash_success(request, _("Sample %(n)s recorded.") % {"n": sample.sample_number})
            return redirect(batch)
    return render(
        request, "materials/phone_form.html", {"batch": batch, "form": form, "heading": _("Witness sampling")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def usage_create(request, pk: int):
    batch = access.get_batch_for_user(request.user, pk, need="change")
    form = forms.UsageForm(
        request.POST or None,
        units=batch.project.unit_projects.order_by("name"),
        initial={"used_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        usage = run_service(
            request, form, lambda: services.usage_record(actor=request.user, batch=batch, **form.cleaned_data)
        )
        if usage:
            flash_success(request, _("Usage recorded."))
            return redirect(batch)
    return render(request, "materials/phone_form.html", {"batch": batch, "form": form, "heading": _("Record a usage")})


@login_required
@require_http_methods(["GET", "POST"])
def usage_withdraw(request, pk: int):
    usage: Usage = access.get_usage_for_user(request.user, pk)
    access.require_on_project(request.user, usage.project, "change")
    form = forms.WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request, form, lambda: services.usage_withdraw(actor=request.user, usage=usage, **form.cleaned_data)
        )
    ):
        flash_success(request, _("Usage withdrawn."))
        return redirect(usage.batch)
    return render(
        request, "materials/phone_form.html", {"batch": usage.batch, "form": form, "heading": _("Withdraw a usage")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def nc_close(request, pk: int):
    nc = access.get_nonconformance_for_user(request.user, pk)
    access.require_on_project(request.user, nc.project, "supervise")
    form = forms.CloseForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            form,
            lambda: services.nonconformance_close(actor=request.user, nonconformance=nc, **form.cleaned_data),
        )
    ):
        flash_success(request, _("Non-conformance closed."))
        return redirect(nc.batch)
    return render(
        request,
        "materials/phone_form.html",
        {"batch": nc.batch, "form": form, "heading": _("Close the non-conformance"), "multipart": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def witnesses(request, pk: int):
    project = get_project_for_user(request.user, pk)
    auths = WitnessAuthorization.objects.filter(project=project).select_related(
        "person", "organization", "authorized_by"
    )
    parties = Participant.objects.filter(project=project, role__in=["owner", "supervisor"], left_on__isnull=True)
    my_party = request.user.organization_id in {p.organization_id for p in parties}
    people = (
        Person.objects.filter(employer_id=request.user.organization_id).order_by("name")
        if my_party
        else Person.objects.none()
    )
    form = forms.WitnessForm(request.POST or None, people=people, initial={"valid_from": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request, form, lambda: services.witness_authorize(actor=request.user, project=project, **form.cleaned_data)
        )
    ):
        flash_success(request, _("Witness authorised."))
        return redirect("materials:witnesses", project.pk)
    ctx = project_context(request, project, "materials")
    return render(request, "materials/witnesses.html", {**ctx, "auths": auths, "form": form, "can_authorize": my_party})
