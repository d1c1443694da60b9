"""The regulators' spot-check pages (draw, results, conformity) and the public results page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspections import access, selectors, services
from inspections.forms import DrawForm, SpotCheckRecordForm
from inspections.views.inspections import _service_errors
from projects.views.base import paginate


@login_required
def spot_check_list(request):
    access.require_regulator(request.user)
    region = "" if request.user.is_superuser else request.user.jurisdiction
    return render(
        request,
        "inspections/spot_check_list.html",
        {
            "page_obj": paginate(request, selectors.draw_list(request.user), per_page=10),
            "conformity": selectors.conformity_rates(region_prefix=region),
            "roster": access.is_regulator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def draw_create(request):
    access.require_regulator(request.user)
    form = DrawForm(request.POST or None, initial={"region_code": request.user.jurisdiction})
    if request.method == "POST" and form.is_valid():
        draw = _service_errors(form, lambda: services.spot_check_draw(actor=request.user, **form.cleaned_data))
        if draw is not None:
            messages.success(request, _("Drawn: %(n)d projects.") % {"n": draw.checks.count()})
            return redirect("inspections:draw_detail", pk=draw.pk)
    return render(request, "inspections/draw_form.html", {"form": form})


@login_required
def draw_detail(request, pk: int):
    draw = selectors.draw_list(request.user).filter(pk=pk).first()
    if draw is None:
        raise Http404
    return render(request, "inspections/draw_detail.html", {"draw": draw})


@login_required
@require_http_methods(["GET", "POST"])
def spot_check_detail(request, pk: int):
    check = selectors.spot_check_list(request.user).filter(pk=pk).first()
    if check is None:
        raise Http404
    form = None
    if not check.is_recorded:
        form = SpotCheckRecordForm(request.POST or None, initial={"checked_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            done = _service_errors(
                form, lambda: services.spot_check_record(actor=request.user, spot_check=check, **form.cleaned_data)
            )
            if done is not None:
                messages.success(
                    request, _("Result recorded; it will be published on %(day)s.") % {"day": done.publish_on}
                )
                return redirect("inspections:spot_check_detail", pk=check.pk)
    return render(request, "inspections/spot_check_detail.html", {"check": check, "form": form})


def public_results(request):
    """Published spot-check results (一公开), for everyone, without login."""
    region = request.GET.get("region", "")
    qs = selectors.published_spot_checks(timezone.localdate(), region=region if region.isdigit() else "")
    return render(
        request,
        "inspections/public_results.html",
        {
            "page_obj": paginate(request, qs, per_page=30),
            "conformity": selectors.conformity_rates(
                region_prefix=region if region.isdigit() else "", until=None, since=None
            ),
        },
    )
