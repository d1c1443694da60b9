"""The lab's inbox: samples sent to it, and the form to post a report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from materials import access, forms, selectors, services
from materials.views._util import flash_success, run_service
from projects.views.base import paginate


@login_required
def lab_inbox(request):
    if not access.is_lab(request.user):
        raise PermissionDenied(_("The sample inbox is for testing labs."))
    pending = request.GET.get("show") != "all"
    qs = selectors.sample_list(request.user)
    if pending:
        qs = qs.filter(reports__isnull=True)
    return render(
        request, "materials/lab_inbox.html", {"page_obj": paginate(request, qs, per_page=30), "pending": pending}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk: int):
    sample = access.get_sample_for_user(request.user, pk)
    if not access.can_post_report(request.user, sample):
        raise PermissionDenied(
            _("Only the lab the sample was sent to, or the project's firms with the lab's report, may post it.")
        )
    form = forms.ReportForm(request.POST or None, request.FILES or None, initial={"tested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        report = run_service(
            request, form, lambda: services.report_record(actor=request.user, sample=sample, **form.cleaned_data)
        )
        if report:
            flash_success(request, _("Report %(n)s recorded.") % {"n": report.report_number})
            return redirect(
                "materials:lab_inbox" if access.is_lab(request.user) else "materials:batch_detail",
                *([] if access.is_lab(request.user) else [sample.batch_id]),
            )
    return render(
        request,
        "materials/phone_form.html",
        {
            "batch": sample.batch,
            "sample": sample,
            "form": form,
            "heading": _("Post the test report"),
            "multipart": True,
        },
    )
