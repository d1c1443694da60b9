"""Organisation and people pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import run_service
from common.history import history_for
from projects import access, forms, selectors, services
from projects.models import Participant, Project
from projects.services.people import registration_warnings
from projects.views.base import paginate


@login_required
def organization_list(request):
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    page = paginate(request, selectors.organization_list(q=q, kind=kind))
    return render(
        request,
        "projects/organization_list.html",
        {
            "page_obj": page,
            "q": q,
            "kind": kind,
            "kinds": forms.Organization.Kind.choices,
            "can_register": access.can_register_organizations(request.user),
        },
    )


@login_required
def organization_detail(request, pk: int):
    org = access.get_organization(pk)
    visible = Project.objects.visible_to(request.user)
    participations = (
        Participant.objects.filter(organization=org, project__in=visible)
        .select_related("project")
        .order_by("-joined_on")[:100]
    )
    return render(
        request,
        "projects/organization_detail.html",
        {
            "org": org,
            "participations": participations,
            "can_edit": access.can_edit_organization(request.user, org),
            "history": history_for(org)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    if not access.can_register_organizations(request.user):
        raise PermissionDenied(_("Your role may not register organisations."))
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = run_service(form, lambda: services.organization_create(actor=request.user, **form.cleaned_data))
        if org is not None:
            messages.success(request, _("Organisation registered."))
            return redirect("projects:organization_detail", org.pk)
    return render(
        request, "projects/organization_form.html", {"form": form, "region_codes": selectors.region_choices("33")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk: int):
    org = access.get_organization(pk)
    if not access.can_edit_organization(request.user, org):
        raise PermissionDenied(_("Only the organisation's own staff or an administrator may change it."))
    initial = {
        "name": org.name,
        "kinds": org.kind_list,
        "region_code": org.region_id,
        "address": org.address,
        "legal_representative": org.legal_representative,
        "qualification": org.qualification,
    }
    form = forms.OrganizationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.organization_update(actor=request.user, organization=org, **form.cleaned_data)
        ):
            messages.success(request, _("Organisation updated."))
            return redirect("projects:organization_detail", org.pk)
    return render(
        request,
        "projects/organization_form.html",
        {"form": form, "org": org, "region_codes": selectors.region_choices("33")},
    )


@login_required
def person_list(request):
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.people_list(request.user, q=q))
    return render(request, "projects/person_list.html", {"page_obj": page, "q": q})


@login_required
def person_detail(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    registrations = person.registrations.order_by("kind", "-valid_from")
    return render(
        request,
        "projects/person_detail.html",
        {
            "person": person,
            "registrations": registrations,
            "warnings": [w for r in registrations for w in registration_warnings(r)],
            "can_edit": access.can_edit_person(request.user, person),
            "can_read_id": access.can_read_id_number(request.user),
            "full_id_number": request.session.pop(f"revealed-{person.pk}", None),
            "history": history_for(person)[:50],
        },
    )


@login_required
@require_POST
def person_reveal_id(request, pk: int):
    """Regulators: show the full ID number once; the read is written to the history."""
    person = access.get_person_for_user(request.user, pk)
    request.session[f"revealed-{person.pk}"] = services.person_read_id_number(actor=request.user, person=person)
    return redirect("projects:person_detail", person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = forms.PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = run_service(
            form,
            lambda: services.person_create(
                actor=request.user,
                name=d["name"],
                id_number=d["id_number"],
                employer=d["employer"],
                phone=d["phone"],
                registrations=form.registrations(),
            ),
            field_map={
                f"registrations[0].{f}": f"registration_{f}" for f in ("number", "kind", "valid_from", "valid_until")
            },
        )
        if person is not None:
            messages.success(request, _("Person registered."))
            return redirect("projects:person_detail", person.pk)
    return render(request, "projects/person_form.html", {"form": form, "heading": _("Register a person")})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    form = forms.PersonEditForm(request.POST or None, initial={"name": person.name, "phone": person.phone})
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.person_update(actor=request.user, person=person, **form.cleaned_data)):
            messages.success(request, _("Person updated."))
            return redirect("projects:person_detail", person.pk)
    return render(
        request,
        "projects/person_form.html",
        {"form": form, "person": person, "heading": _("Change %(name)s") % {"name": person.name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_create(request, pk: int):
    person = access.get_person_for_user(request.user, pk)
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reg = run_service(
            form, lambda: services.registration_add(actor=request.user, person=person, **form.cleaned_data)
        )
        if reg is not None:
            messages.success(request, _("Registration added."))
            for warning in registration_warnings(reg):
                messages.warning(request, warning)
            return redirect("projects:person_detail", person.pk)
    return render(
        request,
        "projects/person_form.html",
        {"form": form, "person": person, "heading": _("Add a registration for %(name)s") % {"name": person.name}},
    )
